"""The coursebook's configuration values: declared once, each with its validator and help text.

Authors set them in ``book/conf.py`` (``coursebook_<name>``). They are checked when the
configuration is read, so a typo stops the build at once with the value, what was expected and a
hint, instead of surfacing later as a broken edition.
"""

from __future__ import annotations

import dataclasses as dc
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from .exercises.classification import EXAMPLE_CATEGORIES, check_categories, check_levels

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

PREFIX = "coursebook_"
PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
EPUB_CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
"""What the ePub declares it conforms to (``dcterms:conformsTo``) unless the book turns it off:
DAISY Ace and EPUBCheck verify it in `make check` (tests/book/test_ace.py)."""

Validator = Callable[[str, Any], str | None]
"""Return a message describing what is wrong with a value, or None if it is acceptable."""


def _one_of(*choices: str) -> Validator:
    def check(name: str, value: Any) -> str | None:
        if value in choices:
            return None
        return f"{name} = {value!r}: expected one of {', '.join(map(repr, choices))}"

    return check


def _basename(name: str, value: Any) -> str | None:
    # The name becomes a file name in every edition and a URL on the site: keep it portable.
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        return None
    return (
        f"{name} = {value!r}: expected a file name of lowercase letters, digits, '.', '_' or '-' "
        "(for example 'psoas-course')"
    )


def _text(name: str, value: Any) -> str | None:
    if isinstance(value, str):
        return None
    return f"{name} = {value!r}: expected a string"


def _positive_int(name: str, value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return None
    return f"{name} = {value!r}: expected a whole number above 0"


def _base_url(name: str, value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and re.fullmatch(r"https?://\S+/", value)):
        return None
    return f"{name} = {value!r}: expected '' or an absolute http(s) URL ending in '/'"


def _web_address(name: str, value: Any) -> str | None:
    if value == "" or (isinstance(value, str) and re.fullmatch(r"https?://\S+", value)):
        return None
    return f"{name} = {value!r}: expected '' or an absolute http(s) URL"


def _isbn(name: str, value: Any) -> str | None:
    if value == "":
        return None
    digits = re.sub(r"[\s-]", "", value) if isinstance(value, str) else ""
    # ISBN-13: weights 1 and 3 alternately, the sum a multiple of ten (ISO 2108).
    if re.fullmatch(r"97[89]\d{10}", digits) and (
        sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    ):
        return None
    return f"{name} = {value!r}: expected '' or an ISBN-13 with a valid check digit"


def _cover_image(name: str, value: Any) -> str | None:
    # Only the form is checked here; whether the file exists, lies inside the book and is a safe
    # image is checked against the book folder (coursebook.editions.cover_image).
    if value == "":
        return None
    if not isinstance(value, str):
        return f"{name} = {value!r}: expected a string"
    if value.startswith("/") or "\\" in value:
        return f"{name} = {value!r}: expected a path relative to the book folder, with '/'"
    if not value.lower().endswith((".svg", ".png", ".jpg", ".jpeg")):
        return f"{name} = {value!r}: expected an .svg, .png, .jpg or .jpeg file"
    return None


@dc.dataclass(frozen=True)
class CoursebookConfig:
    """Every ``coursebook_*`` setting, with its default, validator and help text."""

    basename: str = dc.field(
        default="book",
        metadata={"validator": _basename, "help": "file name (no suffix) of the PDF and ePub"},
    )
    paper: str = dc.field(
        default="a4",
        metadata={"validator": _one_of(*PAPER_SIZES), "help": "PDF page size: 'a4' or 'letter'"},
    )
    subtitle: str = dc.field(
        default="",
        metadata={"validator": _text, "help": "subtitle on the covers of the PDF and ePub"},
    )
    base_url: str = dc.field(
        default="",
        metadata={
            "validator": _base_url,
            "help": "public address of the website, used for links printed on paper",
        },
    )
    content_security_policy: str = dc.field(
        default="on",
        metadata={
            "validator": _one_of("on", "off"),
            "help": "'off' leaves the website's pages without a Content-Security-Policy; only "
            "`make serve` does, because sphinx-autobuild injects an inline live-reload script",
        },
    )
    categories: dict[str, dict[str, str]] = dc.field(
        default_factory=dict,
        metadata={
            "validator": check_categories,
            "help": "the exercises' categories, in the order of the exercise index: "
            f"id -> {{'label': ..., 'colour': '#RRGGBB'}}, e.g. {EXAMPLE_CATEGORIES}; the label "
            "is printed on the colour on cards, so the colour must be light or dark enough",
        },
    )
    levels: dict[int, str] = dc.field(
        default_factory=dict,
        metadata={
            "validator": check_levels,
            "help": "the exercises' levels, numbered from 1: number -> label, e.g. "
            "{1: 'Gentle', 2: 'Moderate', 3: 'Demanding'}; {} gives 1 to 3 labelled 'Level 1'...",
        },
    )
    short_title: str = dc.field(
        default="",
        metadata={
            "validator": _text,
            "help": "the PDF's running head; '' uses `project`",
        },
    )
    cover_image: str = dc.field(
        default="",
        metadata={
            "validator": _cover_image,
            "help": "an SVG, PNG or JPEG file in the book folder (e.g. 'figures/cover.svg') that "
            "is the whole front cover of the PDF and ePub; '' sets a cover from the title, "
            "subtitle and author",
        },
    )
    image_max_kb: int = dc.field(
        default=2048,
        metadata={
            "validator": _positive_int,
            "help": "largest image file a figure may use, in kilobytes (every edition embeds it)",
        },
    )
    image_max_pixels: int = dc.field(
        default=4000 * 4000,
        metadata={
            "validator": _positive_int,
            "help": "most pixels (width x height) a PNG, JPEG, GIF or WebP figure may have",
        },
    )
    accessibility_conformance: str = dc.field(
        default=EPUB_CONFORMANCE,
        metadata={
            "validator": _one_of(EPUB_CONFORMANCE, ""),
            "help": "the conformance the ePub declares (dcterms:conformsTo), which `make check` "
            "verifies with DAISY Ace and EPUBCheck; '' declares none (a book whose own content "
            "fails those checks must not claim it)",
        },
    )
    licence: str = dc.field(
        default="",
        metadata={
            "validator": _text,
            "help": "the book's licence, printed on the PDF's imprint page (e.g. 'CC BY-SA 4.0'); "
            "'' prints the copyright line alone",
        },
    )
    licence_url: str = dc.field(
        default="",
        metadata={
            "validator": _web_address,
            "help": "where the licence's text is published, printed after its name on the imprint",
        },
    )
    isbn: str = dc.field(
        default="",
        metadata={
            "validator": _isbn,
            "help": "the book's ISBN-13, printed on the imprint page beside the ePub's identifier; "
            "'' for a book without one",
        },
    )
    disclaimer: str = dc.field(
        default="",
        metadata={
            "validator": _text,
            "help": "a notice printed on the PDF's imprint page (e.g. a health course's medical "
            "disclaimer); '' prints none",
        },
    )
    pdf_layout: str = dc.field(
        default="auto",
        metadata={
            "validator": _one_of("auto", "whole", "parts"),
            "help": "how Typst lays out the PDF: 'whole' in one compile (fastest for a course), "
            "'parts' in parts compiled apart and joined (bounded memory, and an edit lays out "
            "only its part again), 'auto' in parts once the book is large",
        },
    )


FIELDS = {field.name: field for field in dc.fields(CoursebookConfig)}


def register(app: Sphinx) -> None:
    """Declare every setting to Sphinx and validate them once the configuration is read."""
    for name in FIELDS:
        default = default_of(name)
        app.add_config_value(PREFIX + name, default, "env", types=frozenset({type(default)}))
    app.connect("config-inited", check_config)


def default_of(name: str) -> Any:
    """The default value of the setting ``coursebook_<name>`` (a fresh one for a dict)."""
    field = FIELDS[name]
    if field.default_factory is not dc.MISSING:
        return field.default_factory()
    return field.default


def check_config(app: Sphinx, config: Config) -> None:
    """Stop the build with every invalid setting listed at its line of conf.py, with a hint."""
    conf_py = Path(app.confdir, "conf.py")
    values = {name: config[PREFIX + name] for name in FIELDS}
    problems = located_problems(values, conf_py)
    language = language_problem(config.language)
    if language:
        problems.append(f"{assignment_line(conf_py, 'language')}: {language}")
    if problems:
        raise ConfigError("invalid coursebook settings:\n" + "\n".join(problems))


def language_problem(value: Any) -> str | None:
    """What is wrong with Sphinx's ``language`` setting, with a hint; None if Babel knows it.

    Sphinx publishes any string as the language of every page and of the ePub, so a word such
    as 'english' would reach screen readers and e-readers; the pipeline's labels, hyphenation and
    search need a real language code.
    """
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(str(value).replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return (
            f"language = {value!r} is not a language code (hint: write the code of the book's "
            "language, e.g. 'en', 'fr', 'de' or 'pt_BR')"
        )
    return None


def assignment_line(conf_py: Path, setting: str) -> str:
    """``conf.py:<line>`` of the last assignment to ``setting`` (the one Python keeps), or the
    command line when ``conf.py`` does not assign it."""
    lines = conf_py.read_text("utf-8").splitlines() if conf_py.is_file() else []
    numbers = [n for n, line in enumerate(lines, 1) if re.match(rf"{setting}\s*=", line)]
    return f"{conf_py}:{numbers[-1]}" if numbers else "the command line (-D)"


def located_problems(
    values: Mapping[str, Any], conf_py: Path, names: Iterable[str] = FIELDS
) -> list[str]:
    """Every invalid setting among ``names``, at its line of ``conf_py``, with a hint.

    The card printer, which reads ``conf.py`` without Sphinx, checks its settings here too.
    """
    problems = []
    for name in names:
        field = FIELDS[name]
        message = field.metadata["validator"](PREFIX + name, values[name])
        if message:
            where = assignment_line(conf_py, PREFIX + name)
            problems.append(f"{where}: {message} (hint: {field.metadata['help']})")
    return problems


def get_config(config: Config) -> CoursebookConfig:
    """The validated settings as one typed object."""
    return CoursebookConfig(**{name: config[PREFIX + name] for name in FIELDS})
