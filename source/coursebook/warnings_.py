"""How an author's mistake reaches the author: located, in one line, with a hint.

Every warning the extension emits is of one kind of :class:`CoursebookWarning` and goes through
:func:`warn`, which tags it ``coursebook.<kind>``: an author can silence one kind with
``suppress_warnings = ["coursebook.<kind>"]`` in ``conf.py``, as with Sphinx's and MyST's own.

A problem found while a chapter is read is kept with the chapter (:func:`note_finding`) and
reported on every build until the chapter changes, since Sphinx does not read an unchanged chapter
again. Two gaps in what Sphinx prints are closed here too:

* Sphinx's own warnings name the file and line but rarely say what to do; :class:`HintFilter`
  appends a hint to the common ones (unknown glossary term, citation key, label, a chapter left
  out of the table of contents...).
* Sphinx 9 answers every error that stops a build, a typo in ``conf.py`` included, with a crash
  report (versions, traceback, "please report this to the developers").
  :func:`concise_errors` prints the message and a hint instead, and keeps Sphinx's report for real
  crashes, where it helps.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError, SphinxError, ThemeError

from .document_notes import DocumentNotes

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.logging import SphinxLoggerAdapter

WARNING_TYPE = "coursebook"
"""The ``type`` of every warning the extension emits (the part before the dot)."""


class CoursebookWarning(Enum):
    """The kinds of mistake the extension reports; ``suppress_warnings`` names them
    ``coursebook.<value>``."""

    SOURCE = "source"
    """A chapter that cannot be read: not valid UTF-8, or a link to a file outside the book."""
    OUTSIDE = "outside"
    """An include, image or download that points outside the book folder."""
    NO_TITLE = "no_title"
    """A chapter without a title (no top-level ``#`` heading)."""
    COLON_FENCE = "colon_fence"
    """A colon fence (``:::``) opened inside another with as many colons, which closes it early."""
    FIGURE = "figure"
    """An SVG figure that is malformed or unsafe (scripts, external references, entities)."""
    IMAGE_SIZE = "image_size"
    """An image over ``coursebook_image_max_kb`` or ``coursebook_image_max_pixels``, or not of
    the format its suffix names."""
    ALT_TEXT = "alt_text"
    """A figure or image whose alt text is missing or is only a file name."""
    CAPTION_OPTION = "caption_option"
    """A figure caption that begins with a directive option (``:alt:`` after a blank line)."""
    EXERCISE = "exercise"
    """An exercise, deck or exercise link that is invalid or points to nothing."""
    SELF_CHECK = "self_check"
    """A self-check without a question or an answer, an answer outside one, or no answer key."""
    PDF = "pdf"
    """A problem found while the PDF is laid out (a dead link, a Typst warning or error)."""


def warn(
    logger: SphinxLoggerAdapter,
    kind: CoursebookWarning,
    message: str,
    *args: object,
    hint: str = "",
    location: str | tuple[str, int | None] | nodes.Node | None = None,
) -> None:
    """Emit a warning of ``kind``: ``message % args``, then the hint, at ``location``.

    ``location`` is what Sphinx accepts: a docname and line, a node, or ``"path:line"``.
    """
    if hint:
        message, args = message + " (hint: %s)", (*args, hint)
    logger.warning(message, *args, location=location, type=WARNING_TYPE, subtype=kind.value)


class BookError(SphinxError):
    """A mistake in the book's sources that stops the build; its message is located."""

    category = "Error in the book"


@dataclass(frozen=True)
class Finding:
    """A problem found while a chapter was read, kept until the chapter changes."""

    kind: CoursebookWarning
    message: str
    hint: str
    location: str


def note_finding(
    env: BuildEnvironment,
    docname: str,
    kind: CoursebookWarning,
    message: str,
    *,
    hint: str,
    location: tuple[str, int | None] | nodes.Node,
) -> None:
    """Record a problem in ``docname``, to be reported by this build and every later one.

    A warning logged while a chapter is read is printed once: the next build does not read an
    unchanged chapter again, so it would pass and publish the mistake. A finding lives in the
    environment with its chapter instead, and :func:`report_findings` prints every finding on
    every build until the chapter is fixed.
    """
    if isinstance(location, tuple):
        where = f"{env.doc2path(location[0])}:{location[1] or ''}".rstrip(":")
    else:
        from docutils.utils import get_source_line

        source, line = get_source_line(location)
        where = f"{source}:{line or ''}".rstrip(":")
    findings = _findings(env)
    findings.setdefault(docname, []).append(Finding(kind, message, hint, where))


FINDINGS: DocumentNotes[list[Finding]] = DocumentNotes("coursebook_findings")


def _findings(env: BuildEnvironment) -> dict[str, list[Finding]]:
    return FINDINGS.of(env)


def report_findings(app: Sphinx, env: BuildEnvironment) -> None:
    """Print every recorded finding of every chapter, read in this build or before."""
    from sphinx.util import logging as sphinx_logging

    logger = sphinx_logging.getLogger(__name__)
    for _docname, findings in sorted(_findings(env).items()):
        for finding in findings:
            warn(
                logger,
                finding.kind,
                "%s",
                finding.message,
                hint=finding.hint,
                location=finding.location,
            )


def setup_findings(app: Sphinx) -> None:
    """Keep findings with their chapters (parallel reads included) and report them each build."""
    FINDINGS.connect(app)
    app.connect("env-updated", report_findings)


# Keyed by Sphinx's warning (type, subtype): what the author can do about it.
WARNING_HINTS: dict[tuple[str, str], str] = {
    ("ref", "term"): "define the term in the glossary, or use the exact spelling of a defined term",
    ("ref", "ref"): "check the label's spelling; a label is set with (name)= on the line above a "
    "heading or figure",
    ("ref", "numref"): "check the label's spelling, and that the target is a numbered figure or "
    "table",
    ("ref", "doc"): "give the chapter's path from the book folder without '.md', e.g. "
    "/chapters/care",
    ("ref", "any"): "check the target's spelling",
    ("myst", "xref_missing"): "check the link target: a chapter path, a label or a heading anchor",
    ("bibtex", "key_not_found"): "add an entry with this key to the .bib file, or fix the key "
    "(keys are case-sensitive)",
    ("toc", "not_included"): "list the chapter in a toctree (index.md), or put 'orphan: true' in "
    "its front matter if it is meant to stand alone",
    ("toc", "no_title"): "begin the chapter with a heading of one '#'",
    ("toc", "not_readable"): "fix the chapter's path in the toctree, or the problem reported for "
    "the chapter itself",
    ("image", "not_readable"): "check the path; figures live in the book's figures/ folder and are "
    "written /figures/<name>.svg",
    ("myst", "directive_unknown"): "check the directive's name (see the README's list of "
    "directives), or escape the fence if it is meant as code",
    ("myst", "role_unknown"): "check the role's name, e.g. {term}, {cite:p}, {exercise}, {ref}",
    ("toc", "duplicate_entry"): "list each chapter once in the book's toctrees",
    ("epub", "duplicated_toc_entry"): "list each chapter once in the book's toctrees (index.md)",
}

# Sphinx emits some warnings with no type at all, and docutils tags its own only [docutils]; these
# are known by the start of their message (before its arguments are filled in).
UNTYPED_WARNING_HINTS: tuple[tuple[str, str], ...] = (
    (
        "duplicate label ",
        "give each label, figure or table :name: a name of its own; the other instance is named "
        "above",
    ),
    (
        "duplicate %s description",
        "define each glossary term once: the other definition is named above",
    ),
    # docutils' own messages (tagged [docutils]) for a footnote used but never defined
    (
        "Too many autonumbered footnote references",
        "define each footnote you use: a line '[^name]: text' after the paragraph, with the same "
        "name as the reference '[^name]'",
    ),
    (
        'Unknown target name: "',
        "define the footnote or link target with this name: '[^name]: text' for a footnote",
    ),
)


class HintFilter(logging.Filter):
    """Append a hint to warnings Sphinx and its extensions emit without one.

    A message is often not a ``str``: Sphinx's ``__()`` returns a lazy translation proxy until
    its console catalogue is loaded, which ``build_main`` (unlike ``sphinx-build``) never does.
    That is why the ePub and PDF builds once printed their warnings without hints. Any message
    is therefore turned into text before the hint is appended.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        key = (getattr(record, "type", None) or "", getattr(record, "subtype", None) or "")
        message = str(record.msg)
        hint = WARNING_HINTS.get(key)
        if key in {("", ""), ("docutils", "")}:
            hint = next(
                (h for start, h in UNTYPED_WARNING_HINTS if message.startswith(start)), None
            )
        if hint and "(hint:" not in message:
            record.msg = f"{message} (hint: {hint})"
        return True


def install_hints(app: Sphinx) -> None:
    """Put :class:`HintFilter` on Sphinx's warning stream, before the [type] suffix is added."""
    from sphinx.util.logging import NAMESPACE, WarningLogRecordTranslator

    for handler in logging.getLogger(NAMESPACE).handlers:
        translators = [f for f in handler.filters if isinstance(f, WarningLogRecordTranslator)]
        if translators and not any(isinstance(f, HintFilter) for f in handler.filters):
            handler.filters.insert(handler.filters.index(translators[0]), HintFilter())


def _error_hint(error: SphinxError) -> str:
    text = str(error)
    if isinstance(error, ThemeError):
        return "html_theme in conf.py must name an installed theme, e.g. 'sphinx_book_theme'"
    if isinstance(error, ConfigError) and "syntax error" in text:
        return "fix the Python syntax of conf.py at the line named above"
    if isinstance(error, ConfigError) and "(hint:" not in text:
        return "compare the value with the README's list of settings, or with the default conf.py"
    if "(hint:" in text:
        return ""
    return "run again with '-- -T' to see where it happened"


@contextlib.contextmanager
def concise_errors() -> Iterator[None]:
    """While building, report an author's mistake as its message and a hint.

    ``build_main`` reports through ``sphinx._cli.util.errors.handle_exception``; it is swapped
    for the time of the build only. Real crashes (any exception that is not a
    :class:`SphinxError`) and runs with ``-T`` or ``-v`` still get Sphinx's full report.
    """
    from sphinx._cli.util import errors

    original = errors.handle_exception

    def report(exception: BaseException, /, **options: Any) -> None:
        if not isinstance(exception, SphinxError) or options.get("print_traceback"):
            original(exception, **options)
            return
        stderr = options.get("stderr") or sys.stderr
        message = re.sub(r"\s*\n\s*", "\n  ", str(exception).strip())
        print(f"{exception.category}: {message}", file=stderr)
        hint = _error_hint(exception)
        if hint:
            print(f"  (hint: {hint})", file=stderr)

    errors.handle_exception = report
    try:
        yield
    finally:
        errors.handle_exception = original
