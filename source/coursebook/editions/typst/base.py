"""The common ground of the PDF's translator: buffers, labels and the state of one document.

:class:`TypstWriter` holds what every part of the translator uses: the Typst source being
written (``body``, and nested buffers for the arguments of a call), the labels the document
defines and the links it makes (the builder keeps both, to report links without a target), and
the document's heading offset in the book. The node visitors live in
:mod:`~coursebook.editions.typst.translator` (structure and text),
:mod:`~coursebook.editions.typst.references` and :mod:`~coursebook.editions.typst.blocks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.util import logging
from sphinx.util.docutils import SphinxTranslator

from ...warnings_ import CoursebookWarning, warn
from .markup import label, label_name, string

if TYPE_CHECKING:
    from .builder import PdfBuilder

logger = logging.getLogger(__name__)


class include_documents(nodes.General, nodes.Element):
    """Where a toctree stood: the documents to include there, in order (see the builder)."""


class TypstWriter(SphinxTranslator):
    """Writes ``self.body``, the Typst source of one document."""

    builder: PdfBuilder

    def __init__(self, document: nodes.document, builder: PdfBuilder) -> None:
        super().__init__(document, builder)
        self.docname = builder.current_docname
        self.offset = builder.heading_offsets.get(self.docname, 0)
        self.body: list[str] = []
        self._buffers: list[list[str]] = []
        self.section_level = 0
        self.labels: set[str] = {self.docname}
        self.links: list[tuple[str, str]] = []
        self._list_items: list[list[str]] = []
        self._table: list[dict[str, Any]] = []
        self._warned: set[str] = set()

    # -- plumbing ---------------------------------------------------------------------------

    @property
    def out(self) -> list[str]:
        return self._buffers[-1] if self._buffers else self.body

    def add(self, value: str) -> None:
        self.out.append(value)

    def push(self) -> None:
        self._buffers.append([])

    def pop(self) -> str:
        return "".join(self._buffers.pop()).strip()

    @contextmanager
    def captured(self) -> Iterator[list[str]]:
        """Translate into a separate buffer; the caller gets the text as a one-item list."""
        self.push()
        result: list[str] = []
        try:
            yield result
        finally:
            result.append(self.pop())

    def render(self, *children: nodes.Node) -> str:
        """The markup of ``children``, written to a separate buffer."""
        with self.captured() as result:
            for child in children:
                child.walkabout(self)
        return result[0]

    def block(self, value: str) -> None:
        """A block element: separated from what surrounds it by a paragraph break."""
        self.add(value.strip() + "\n\n")

    def name(self, node_id: str = "") -> str:
        """The book-wide label name of an id of this document (:func:`.markup.label_name`)."""
        return label_name(self.docname, node_id)

    def anchor(self, node_id: str) -> str:
        """An invisible point that links can target."""
        self.labels.add(self.name(node_id))
        return f"#cb-anchor({label(self.docname, node_id)})"

    def labelled(self, primary: str, others: list[str]) -> str:
        """What follows an element: its own label ``primary`` (a label name, or "" for none)
        and an anchor for each of ``others`` (ids), since a Typst element carries one label."""
        if primary:
            self.labels.add(primary)
        attach = f"#label({string(primary)})" if primary else ""
        return attach + "".join(self.anchor(i) for i in others)

    def anchors(self, node: nodes.Element, skip: int = 0) -> str:
        ids: list[str] = node.get("ids", [])
        return "".join(self.anchor(i) for i in ids[skip:])

    def unknown_visit(self, node: nodes.Node) -> None:
        # A node from an extension this builder does not know: keep its text, say so once.
        name = type(node).__name__
        if name not in self._warned:
            self._warned.add(name)
            warn(
                logger,
                CoursebookWarning.PDF,
                "the PDF has no layout for %s nodes; their text is printed plainly",
                name,
                location=node,
            )

    def unknown_departure(self, node: nodes.Node) -> None:
        pass


def location(node: nodes.Node) -> str:
    source, line = get_source_line(node)
    return f"{source}:{line}" if source and line else source or ""
