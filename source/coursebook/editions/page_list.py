"""The ePub's print page numbers: ``pagebreak`` markers in the text and a ``page-list`` nav.

The PDF's build records where each paragraph landed (:mod:`.page_marks`); the ePub's build reads
that record from the PDF's work folder, a sibling of its own (``coursebook build`` and ``make``
build the PDF first). Without a record (the ePub built alone) the ePub has no page list and says
so; with one, each document is written again whenever its markers move.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx.util import logging

from ..locale import _
from .page_marks import MAP_FILE, PageStarts, ParagraphKeys, heading_key, page_id, read_page_map

if TYPE_CHECKING:
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)

PDF_WORK = "pdf"
"""The PDF's work folder, beside the ePub's (``build/.work/pdf`` and ``build/.work/epub``)."""
USED = ".coursebook-page-markers.json"
"""Per document, a digest of the markers it was last written with (in the ePub's work folder)."""


def load_page_starts(outdir: Path) -> PageStarts | None:
    """The PDF's page starts, if the PDF edition was built beside this ePub."""
    starts = read_page_map(outdir.parent / PDF_WORK / MAP_FILE)
    if starts is None:
        logger.info(
            "ePub: no print page numbers (page-list): build the PDF edition first "
            "(coursebook build pdf epub, or make all)"
        )
    return starts


def markers_digest(starts: PageStarts | None, docname: str) -> str:
    """What decides the markers of ``docname``: equal digests, equal markers."""
    if starts is None:
        return ""
    data = json.dumps([starts.source, starts.digest_of(docname)])
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


def documents_with_moved_markers(builder: Builder, starts: PageStarts | None) -> list[str]:
    """The documents whose markers differ from those they were last written with."""
    used = _read_used(Path(builder.outdir))
    return [
        docname
        for docname in sorted(builder.env.found_docs)
        if used.get(docname, "") != markers_digest(starts, docname)
    ]


def remember_markers(builder: Builder, starts: PageStarts | None) -> None:
    """Record the markers every document was written with, for the next build."""
    used = {d: markers_digest(starts, d) for d in sorted(builder.env.found_docs)}
    Path(builder.outdir, USED).write_text(json.dumps(used, sort_keys=True), "utf-8")


def _read_used(outdir: Path) -> dict[str, str]:
    try:
        used = json.loads(Path(outdir, USED).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return used if isinstance(used, dict) else {}


def marker(page: int) -> str:
    """A page's marker: announced as its number, no visible text."""
    label = escape(str(_("Page %(number)s")) % {"number": page})
    return (
        f'<span epub:type="pagebreak" role="doc-pagebreak" id="{page_id(page)}" '
        f'aria-label="{label}"></span>'
    )


LIFTED = (nodes.Admonition, nodes.table, nodes.definition_list_item, nodes.footnote, nodes.citation)
"""Blocks whose first paragraph comes after a title, a label, a header or a term: a page that
begins with that paragraph begins with the block, so its marker goes at the block's start (and
never inside a table's header cell, whose text names every cell of its column)."""


class PageBreakMarkers:
    """An HTML translator mixin that writes the print pages' markers before the headings and
    paragraphs the pages begin with."""

    builder: Any
    body: list[str]

    def _page_state(self) -> tuple[PageStarts | None, ParagraphKeys, set[int]]:
        if not hasattr(self, "_page_keys"):
            self._page_keys = ParagraphKeys()
            self._pages_written: set[int] = set()
            self._block_starts: dict[int, int] = {}
            self._first_heading = True
        return getattr(self.builder, "page_starts", None), self._page_keys, self._pages_written

    def dispatch_visit(self, node: nodes.Node) -> None:
        self._page_state()
        before = len(self.body)
        super().dispatch_visit(node)  # type: ignore[misc]
        # Where a marker of a lifted block goes: before a table (nothing but rows may stand
        # inside it), inside a term's <dt> (nothing but terms and definitions in a <dl>), just
        # inside the others' start tag.
        if isinstance(node, nodes.table):
            self._block_starts[id(node)] = before
        elif isinstance(node, (*LIFTED, nodes.term)):
            self._block_starts[id(node)] = len(self.body)

    def _write_markers(self, pages: list[int], at: int | None = None) -> None:
        for page in pages:
            if at is None:
                self.body.append(marker(page))
            else:
                self.body.insert(at, marker(page))
                at += 1
            self._pages_written.add(page)

    def visit_title(self, node: nodes.title) -> None:
        starts, _keys, written = self._page_state()
        if starts is not None and isinstance(node.parent, nodes.section):
            key = heading_key(self._first_heading, node.parent["ids"])
            self._first_heading = False
            self._write_markers(starts.markers_before(self.builder.current_docname, key, written))
        super().visit_title(node)  # type: ignore[misc]

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        super().visit_paragraph(node)  # type: ignore[misc]
        starts, keys, written = self._page_state()
        key = keys.key(node)
        if starts is None:
            return
        pages = starts.markers_before(self.builder.current_docname, key, written)
        if pages:
            self._write_markers(pages, self._lifted_start(node))

    def _lifted_start(self, paragraph: nodes.paragraph) -> int | None:
        """Where the markers of a block's first paragraph go (see :data:`LIFTED`), or None."""
        at = None
        ancestor = paragraph.parent
        while ancestor is not None and not isinstance(ancestor, nodes.section | nodes.document):
            if next(ancestor.findall(nodes.paragraph), None) is not paragraph:
                break
            if isinstance(ancestor, nodes.definition_list_item):
                term = next(ancestor.findall(nodes.term), None)
                at = self._block_starts.get(id(term), at)
            elif isinstance(ancestor, LIFTED):
                at = self._block_starts.get(id(ancestor), at)
            ancestor = ancestor.parent
        return at

    def depart_document(self, node: nodes.document) -> None:
        starts, _keys, written = self._page_state()
        if starts is not None:
            # Pages that begin at paragraphs the ePub does not have: marked at the end.
            self._write_markers(starts.markers_left(self.builder.current_docname, written))
        super().depart_document(node)  # type: ignore[misc]


def page_targets(starts: PageStarts, suffix: str) -> list[tuple[str, str]]:
    """Every print page, ``(number, link to its marker)``, in page order: the nav's page list."""
    return [
        (str(page), f"{quote(doc + suffix)}#{page_id(page)}") for page, doc in starts.all_pages()
    ]


def pagination_metadata(starts: PageStarts | None) -> list[tuple[str, str]]:
    """The package's claims about print pages: only when the page list is there."""
    if starts is None:
        return []
    return [
        ("schema:accessibilityFeature", "pageBreakMarkers"),
        ("schema:accessibilityFeature", "pageNavigation"),
        ("pageBreakSource", starts.source),
    ]


INDEX_DOCUMENT = "genindex"
"""The marks of the PDF's back-of-book index name this document (``coursebook.typ``)."""


def index_page_markers(starts: PageStarts | None, letters: list[str]) -> dict[str, str]:
    """The markers of the ePub's index page: before each letter (``"letter-A"``), and those
    of pages it has no letter for (``"left"``)."""
    if starts is None:
        return {}
    written: set[int] = set()
    markers = {}
    for key in (f"letter-{letter}" for letter in letters):
        pages = starts.markers_before(INDEX_DOCUMENT, key, written)
        written.update(pages)
        markers[key] = "".join(marker(page) for page in pages)
    markers["left"] = "".join(marker(p) for p in starts.markers_left(INDEX_DOCUMENT, written))
    return markers
