"""The book's boundary: Sphinx reads chapters only as UTF-8 text, and nothing outside the book.

A chapter that includes ``../../etc/passwd``, an image path that climbs out of the book or a
chapter that is a symlink to a file elsewhere would publish files that are not part of the book.
Each is stopped at the file and line that asked for it, in three layers:

* before reading: every chapter must resolve (symlinks followed) inside the book and decode as
  UTF-8; a chapter that does not is reported and not read;
* before parsing: ``include`` and ``literalinclude`` paths in a chapter's text are checked, and a
  path out of the book is replaced by a warning, so the file is never opened;
* after parsing: every dependency, image and download of the page is checked again, whatever
  directive or role produced it, so an escape that got past the text check still stops the build
  before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from ..warnings_ import CoursebookWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

OUTSIDE_HINT = "keep every file the book uses inside the book folder, and refer to it from there"
INCLUDE = re.compile(r"^(?P<fence>\s*(?:`{3,}|:{3,})\s*\{(?:literal)?include\}\s+)(?P<path>\S.*)$")


def inside(path: Path, book: Path) -> bool:
    """Whether ``path``, with symlinks followed, lies within ``book``."""
    return path.resolve().is_relative_to(book.resolve())


def check_sources(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Drop, with a located warning, every chapter outside the book or not valid UTF-8."""
    book = Path(app.srcdir)
    for docname in list(docnames):
        path = Path(env.doc2path(docname))
        problem = _source_problem(path, book)
        if problem:
            location, message, hint = problem
            warn(logger, CoursebookWarning.SOURCE, "%s", message, hint=hint, location=location)
            # Not read, and not written: the page's links report as missing instead.
            docnames.remove(docname)
            env.found_docs.discard(docname)


def _source_problem(path: Path, book: Path) -> tuple[str, str, str] | None:
    if not inside(path, book):
        return (
            f"{path}:1",
            f"this chapter is a link to {path.resolve()}, outside the book",
            "copy the file into the book instead of linking to it",
        )
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - line_start + 1
        return (
            f"{path}:{line}",
            f"not valid UTF-8: byte 0x{raw[error.start]:02x} at column {column}",
            "save the file as UTF-8 (in most editors: Save with Encoding > UTF-8)",
        )
    return None


def check_include_paths(app: Sphinx, docname: str, source: list[str]) -> None:
    """Replace each include of a file outside the book by a warning, before the file is read."""
    book = Path(app.srcdir)
    folder = Path(app.env.doc2path(docname)).parent
    lines = source[0].split("\n")
    for number, line in enumerate(lines, start=1):
        match = INCLUDE.match(line)
        if not match:
            continue
        target = match["path"].strip()
        path = book / target.lstrip("/") if target.startswith("/") else folder / target
        if not inside(path, book):
            warn(
                logger,
                CoursebookWarning.OUTSIDE,
                "include of %s, which is outside the book",
                target,
                hint=OUTSIDE_HINT,
                location=(docname, number),
            )
            # A code block keeps the fence pairs and the line numbers, and reads no file.
            lines[number - 1] = re.sub(r"\{(literal)?include\}.*", "{code-block} text", line)
    source[0] = "\n".join(lines)


def check_read_files(app: Sphinx, doctree: nodes.document) -> None:
    """Stop the build when a parsed page uses any file outside the book.

    Images and downloads that point out of the book are also dropped from the page, so the
    write phase (which runs before the build is declared failed) never copies them.
    """
    env = app.env
    book = Path(app.srcdir)
    docname = env.current_document.docname
    reported: set[Path] = set()
    for image in list(doctree.findall(nodes.image)):
        candidates: dict[str, str] = image.get("candidates", {})
        outside = [c for c in candidates.values() if "://" not in c and not inside(book / c, book)]
        if outside:
            _report_outside(outside[0], image)
            reported.update((book / c).resolve() for c in outside)
            image.parent.remove(image)
    for download in list(doctree.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if not target or "://" in target:
            continue
        _, absolute = env.relfn2path(target, docname)
        if not inside(Path(absolute), book):
            _report_outside(target, download)
            reported.add(Path(absolute).resolve())
            env.dlfiles.purge_doc(docname)  # the build fails: none of its downloads is needed
            download.replace_self(nodes.Text(download.astext()))
    for dependency in sorted(env.dependencies.get(docname, ())):
        path = (book / dependency).resolve()
        if path not in reported and not inside(path, book):
            _report_outside(str(dependency), docname)


def _report_outside(target: str, location: nodes.Node | str) -> None:
    warn(
        logger,
        CoursebookWarning.OUTSIDE,
        "uses %s, which is outside the book",
        target,
        hint=OUTSIDE_HINT,
        location=location,
    )


def setup(app: Sphinx) -> None:
    """Check every chapter before it is read and every file a page uses after it is parsed."""
    app.connect("env-before-read-docs", check_sources)
    app.connect("source-read", check_include_paths)
    app.connect("doctree-read", check_read_files)
