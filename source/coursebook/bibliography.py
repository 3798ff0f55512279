"""A located error for a malformed ``.bib`` file, before sphinxcontrib-bibtex reads it.

sphinxcontrib-bibtex parses the bibliography when the builder starts, and a syntax error there
surfaces as an "Extension error" crash report without the file's name. Parsing each file first,
in pybtex's strict mode, turns the same mistakes into ``file:line: message (hint: ...)``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .bibliography_titles import sentence_titles
from .warnings_ import BookError

if TYPE_CHECKING:
    from sphinx.application import Sphinx

ENTRY = re.compile(r"^[ \t]*@(\w+)\s*\{\s*([^,\s]*)", re.MULTILINE)


def bib_problem(path: Path) -> str | None:
    """What is wrong with the BibTeX file at ``path``, located, or None if it parses."""
    import pybtex.errors
    from pybtex.database import BibliographyDataError
    from pybtex.database.input import bibtex
    from pybtex.scanner import PybtexSyntaxError

    text = path.read_text("utf-8")
    previous = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)  # a repeated key is an error, not a printed warning
    try:
        bibtex.Parser().parse_string(text)
    except PybtexSyntaxError as error:
        entry = _entry_before(text, error.lineno)
        return (
            f"{path}:{error.lineno}: {str(error).split(': ', 1)[-1]}{entry} "
            "(hint: each field is written name = {value}, with balanced braces and a comma "
            "between fields, and each entry ends with a closing brace)"
        )
    except BibliographyDataError as error:
        key = str(error).rsplit(": ", 1)[-1]
        lines = [text.count("\n", 0, m.start()) + 1 for m in ENTRY.finditer(text) if m[2] == key]
        return (
            f"{path}:{lines[-1] if lines else 1}: {error} "
            "(hint: every entry needs its own key; remove or rename the second one)"
        )
    finally:
        pybtex.errors.set_strict_mode(previous)
    return None


def _entry_before(text: str, line: int) -> str:
    starts = [(text.count("\n", 0, m.start()) + 1, m[2]) for m in ENTRY.finditer(text) if m[2]]
    keys = [key for start, key in starts if start <= line]
    return f" in entry '{keys[-1]}'" if keys else ""


def check_bibliographies(app: Sphinx) -> None:
    """Stop the build at the first malformed bibliography file, with its line and a hint."""
    for name in getattr(app.config, "bibtex_bibfiles", []):
        path = Path(app.srcdir, name)
        if path.is_file():
            problem = bib_problem(path)
            if problem:
                raise BookError(problem)


# The pybtex plugins a citation uses: the formatting style (the book's setting) and what
# pybtex's styles use by default.
PLUGINS = {
    "pybtex.backends": ("docutils",),
    "pybtex.style.names": ("plain", "last"),
    "pybtex.style.labels": ("number",),
    "pybtex.style.sorting": ("none",),
}


def register_plugins(app: Sphinx) -> None:
    """Look the pybtex plugins up once, so later look-ups are a dictionary hit.

    pybtex finds a plugin by scanning the entry points of every installed package, on every
    call, and sphinxcontrib-bibtex asks four times per citation: 292 scans, a fifth of each
    edition's build (README, Performance). Plugins registered at run time are found first; the
    classes are the same, so is the output. The book's formatting style is registered as
    :func:`memoised`, which formats each entry once per build.
    """
    import pybtex.plugin

    wanted = dict(PLUGINS)
    style = getattr(app.config, "bibtex_default_style", "")
    wanted["pybtex.style.formatting"] = (style,) if style else ()
    for group, names in wanted.items():
        for name in names:
            plugin = pybtex.plugin.find_plugin(group, name)
            if group == "pybtex.style.formatting":
                plugin = memoised(sentence_titles(plugin))
            pybtex.plugin.register_plugin(group, name, plugin, force=True)


def memoised(style: type[Any]) -> type[Any]:
    """The pybtex formatting ``style`` with each (label, entry) formatted once per build.

    sphinxcontrib-bibtex formats the whole entry again at every ``{footcite}``, only to use its
    text in the footnote the first time (420 formats of 20 entries in the book five times over:
    a fifth of reading it). Formatting reads only the entry, the label and the style's settings,
    and nothing changes the formatted text afterwards (the backend renders it into new nodes
    each time), so the first result serves every later call. The cache belongs to the returned
    class: each build registers a fresh one, so an edited ``.bib`` file is formatted anew.
    """
    original: type[Any] = getattr(style, "memoised_from", style)  # a build before this one

    class Memoised(original):  # type: ignore[misc]  # pybtex has no types
        memoised_from = original
        formatted: ClassVar[dict[tuple[str, int], tuple[object, object]]] = {}

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            # Settings given here change the result; sphinxcontrib-bibtex never gives any.
            self.default_settings = not args and not kwargs

        def format_entry(self, label: str, entry: Any, bib_data: object = None) -> Any:
            if bib_data is not None or not self.default_settings:
                return super().format_entry(label, entry, bib_data=bib_data)
            key = (label, id(entry))
            try:
                kept, result = self.formatted[key]
            except KeyError:
                kept = None
            if kept is not entry:  # the entry is kept in the cache, so its id is never reused
                result = super().format_entry(label, entry)
                self.formatted[key] = (entry, result)
            return result

    return Memoised


def setup(app: Sphinx) -> None:
    """Check the bibliography before sphinxcontrib-bibtex (priority 500) parses it."""
    app.connect("builder-inited", check_bibliographies, priority=400)
    app.connect("builder-inited", register_plugins, priority=400)
