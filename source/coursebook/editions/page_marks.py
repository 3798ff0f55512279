"""Print page numbers in the ePub: where each page of the PDF begins, marked in the ePub's text.

A class that uses paper and screens together says "page 23"; the ePub's ``page-list`` and its
``pagebreak`` markers let a reader of the ePub go there. Both editions are written from the same
sources, so a paragraph can be recognised in both by its words:

1. the PDF's writer puts an invisible mark at the start of every paragraph
   (:func:`paragraph_key`), and after typesetting records on which page each mark landed
   (:data:`MAP_FILE`, beside the PDF's Typst sources);
2. the ePub's builder reads that record (:func:`read_page_map`), and its writer puts each page's
   marker at the first paragraph that began on that page, or the next one the ePub has
   (:class:`PageStarts`).

A page that begins inside a paragraph is marked at the next paragraph's start, as a print page
break inside a sentence is marked at the sentence's paragraph in most ePubs; pages before the
first paragraph of the book (cover, title page, contents) are not in the list.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes

MAP_FILE = ".coursebook-pages.json"
"""The record of where the marks landed, in the PDF's work folder."""
MARK_LABEL = "cb-page-mark"
"""The Typst label of a paragraph's mark."""
MAP_LABEL = "cb-page-map"
"""The Typst label of the block that lists every mark with its page."""
HEADING = "\u00a7"
"""The first character of a section heading's key (``§`` then the section's first id; ``§``
alone for the document's first heading), as both editions name headings by their labels."""
WORDS = re.compile(r"[^\W_]+")


class ParagraphKeys:
    """Names the paragraphs of one document by their words, the same way in every edition.

    The words, not the position: an edition may add or drop a paragraph (the ePub lays tabs
    out in full), and the others still match. A paragraph repeated word for word in a document
    is told apart by its occurrence."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()

    def key(self, paragraph: nodes.Element) -> str:
        words = " ".join(WORDS.findall(paragraph.astext().lower()))
        digest = hashlib.sha1(words.encode("utf-8")).hexdigest()[:12]
        self._seen[digest] += 1
        return f"{digest}-{self._seen[digest]}"


@dataclass(frozen=True)
class Mark:
    """Where a paragraph of a document landed in the PDF."""

    docname: str
    key: str
    page: int


def write_page_map(work: Path, marks: list[Mark], source: str) -> None:
    """Record ``marks`` (in the PDF's reading order) and the edition they come from."""
    record = {"source": source, "marks": [[m.docname, m.key, m.page] for m in marks]}
    Path(work, MAP_FILE).write_text(json.dumps(record, ensure_ascii=False), "utf-8")


def heading_key(first: bool, ids: list[str]) -> str:
    """The key of a section's heading: a page that begins with it is marked before it."""
    return HEADING if first or not ids else HEADING + ids[0]


def marks_from_typst(found: Any, page_offset: int = 0) -> list[Mark]:
    """The marks of a Typst query of :data:`MAP_LABEL`: ``(value, page)`` pairs, the value a
    paragraph's ``docname`` and key joined by a tab, or a heading's label (``docname`` or
    ``docname#id``, :func:`~coursebook.editions.typst.markup.label_name`) after ``§``."""
    marks = []
    for value, page in found:
        text = str(value)
        if text.startswith(HEADING):
            docname, _, node_id = text[1:].partition("#")
            key = heading_key(not node_id, [node_id])
        else:
            docname, key = text.split("\t", 1)
        marks.append(Mark(docname, key, int(page) + page_offset))
    return marks


@dataclass
class PageStarts:
    """Which page markers go where in each document of the ePub.

    Page ``p`` begins at the first mark that landed on page ``p`` or later; in that mark's
    document the marker is written before the first paragraph, from that mark on, that the ePub
    also has (:meth:`markers_before`), or at the document's end (:meth:`markers_left`)."""

    source: str = ""
    _order: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per document: each mark's key -> its position among the document's marks."""
    _starts: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Per document: (position of the mark a page begins at, page), in page order."""

    @classmethod
    def from_marks(cls, marks: list[Mark], source: str) -> PageStarts:
        starts = cls(source=source)
        for mark in marks:
            order = starts._order.setdefault(mark.docname, {})
            order.setdefault(mark.key, len(order))
        next_page = min((m.page for m in marks), default=1)
        for mark in marks:
            while next_page <= mark.page:
                position = starts._order[mark.docname][mark.key]
                starts._starts.setdefault(mark.docname, []).append((position, next_page))
                next_page += 1
        return starts

    def pages(self, docname: str) -> list[int]:
        """The pages whose markers are in ``docname``, in order."""
        return [page for _, page in self._starts.get(docname, [])]

    def digest_of(self, docname: str) -> list[Any]:
        """What decides the markers of ``docname``: its marks' order and its pages' starts."""
        order = sorted(self._order.get(docname, {}).items(), key=lambda item: item[1])
        return [[key for key, _ in order], self._starts.get(docname, [])]

    def all_pages(self) -> list[tuple[int, str]]:
        """Every page with the document that holds its marker, in page order."""
        found = [(page, doc) for doc, starts in self._starts.items() for _, page in starts]
        return sorted(found)

    def markers_before(self, docname: str, key: str, written: set[int]) -> list[int]:
        """The pages not yet ``written`` whose marker goes before the paragraph ``key``."""
        position = self._order.get(docname, {}).get(key)
        if position is None:
            return []
        return [p for at, p in self._starts.get(docname, []) if at <= position and p not in written]

    def markers_left(self, docname: str, written: set[int]) -> list[int]:
        """The pages of ``docname`` whose paragraphs the ePub lacks: marked at its end."""
        return [p for p in self.pages(docname) if p not in written]


def read_page_map(path: Path) -> PageStarts | None:
    """The page starts recorded by the PDF's build, or None when there is no usable record."""
    try:
        record = json.loads(path.read_text("utf-8"))
        marks = [Mark(str(d), str(k), int(p)) for d, k, p in record["marks"]]
        source = str(record["source"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return PageStarts.from_marks(marks, source) if marks else None


def page_id(page: int) -> str:
    """The XML id of page ``page``'s marker."""
    return f"cb-page-{page}"
