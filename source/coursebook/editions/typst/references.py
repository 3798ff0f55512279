"""Links, anchors, notes and citations in the PDF: every id a label unique in the book."""

from __future__ import annotations

import re
from typing import cast

from docutils import nodes
from sphinx.util import logging

from ...locale import _
from ...warnings_ import CoursebookWarning, warn
from . import markup
from .base import TypstWriter, location
from .markup import label_name, string

logger = logging.getLogger(__name__)

EXTERNAL = re.compile(r"^(https?|mailto|ftp):", re.IGNORECASE)
PAGE_ONLY = "cb-page-only"
"""A reference that prints only its target's page: a page column's cell (:mod:`.page_column`)."""
NO_PAGE = "cb-no-page"
"""A reference whose page is printed elsewhere (the page column of its row)."""


def _page_referenced(node: nodes.Element) -> bool:
    """Whether a cross-reference prints its target's page after its words (on paper, a
    reference is a page).

    Not a citation (its number or author and year lead to the references), not a
    glossary term (a book does not page-reference each term of its running text: the glossary
    is one place, in the contents, and a page number after every term would clutter every
    paragraph), not in a heading (the contents and the bookmarks repeat its words), and not a
    reference whose page a column of its table gives.
    """
    if isinstance(node, nodes.citation_reference) or NO_PAGE in node["classes"]:
        return False
    if any("std-term" in inline["classes"] for inline in node.findall(nodes.inline)):
        return False
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.title) or "bibtex-citation" in parent.get("classes", []):
            return False
        parent = parent.parent
    return True


class ReferencesMixin(TypstWriter):
    """Cross-references, links to the web, notes and citations."""

    def visit_reference(self, node: nodes.reference) -> None:
        if "sd-stretched-link" in node["classes"] or "image-reference" in node["classes"]:
            # A card's whole-card link or a scaled image's link to its own file: nothing to
            # click on paper, and the words are already printed.
            if "image-reference" in node["classes"]:
                return
            raise nodes.SkipNode
        refuri = node.get("refuri", "")
        if refuri and EXTERNAL.match(refuri):
            bare = re.sub(r"^(https?|mailto|ftp):(//)?", "", refuri, flags=re.IGNORECASE)
            words = node.astext()
            # A link whose words are already its address, or a DOI ("doi:10.1/x"), needs no
            # second copy of it on paper.
            named = bare.rstrip("/") in words or (
                words.lower().startswith("doi:") and words[4:].strip() in refuri
            )
            shown = "false" if named else "true"
            self.add(f"#cb-external({string(refuri)}, show-url: {shown})[")
            return
        target = self._target(node)
        if target is None:
            self._dead(node, refuri or node.get("refid", ""))
            self.add("#[")
            return
        self.links.append((target, location(node)))
        if PAGE_ONLY in node["classes"]:
            self.add(f"#cb-page-of({string(target)})")
            raise nodes.SkipNode
        if _page_referenced(node):
            abbreviation = string(str(_("p.")))
            self.add(f"#cb-xref({string(target)}, {abbreviation})[")
        else:
            self.add(f"#cb-link({string(target)})[")

    def depart_reference(self, node: nodes.reference) -> None:
        if "image-reference" in node["classes"]:
            return
        self.add("]")

    def _target(self, node: nodes.Element) -> str | None:
        if node.get("refid"):
            return self.name(node["refid"])
        refuri: str = node.get("refuri", "")
        doc, _, anchor = refuri.partition("#")
        if not doc:
            return self.name(anchor) if anchor else None
        if doc not in self.builder.env.all_docs:
            return None
        return label_name(doc, anchor)

    def _dead(self, node: nodes.Element, href: str) -> None:
        warn(
            logger,
            CoursebookWarning.PDF,
            "link to %s has no target in the PDF",
            href,
            hint="link to a chapter or a label; the PDF cannot open the website's files",
            location=node,
        )

    def visit_download_reference(self, node: nodes.Element) -> None:
        pass

    def depart_download_reference(self, node: nodes.Element) -> None:
        pass

    def visit_pending_xref(self, node: nodes.Element) -> None:
        pass  # left unresolved (Sphinx already warned): its text stays

    def depart_pending_xref(self, node: nodes.Element) -> None:
        pass

    def visit_number_reference(self, node: nodes.reference) -> None:
        self.visit_reference(node)

    def depart_number_reference(self, node: nodes.reference) -> None:
        self.depart_reference(node)

    def visit_target(self, node: nodes.target) -> None:
        if not node.get("refid") and not node.get("refuri"):
            self.add(self.anchors(node))
        raise nodes.SkipNode

    def visit_index(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_footnote_reference(self, node: nodes.footnote_reference) -> None:
        # Notes are printed where the chapter lists them (its References), as on the website:
        # a source cited on many pages has one entry, which every citation links to.
        if self.out and self.out[-1].endswith(" "):
            # "hip [1]" in the source: the marker is set against its word, so that a line never
            # starts with it.
            self.out[-1] = self.out[-1].rstrip(" ")
        if isinstance(node.previous_sibling(), nodes.footnote_reference):
            # Set with the first marker of its run, below.
            raise nodes.SkipNode
        run = [node]
        while isinstance(
            following := run[-1].next_node(descend=False, siblings=True), nodes.footnote_reference
        ):
            run.append(following)
        self.add(collapsed_markers([self._note_marker(ref) for ref in run]))
        raise nodes.SkipNode

    def _note_marker(self, node: nodes.footnote_reference) -> tuple[str, str]:
        """A note's number and the Typst that sets it as a superscript marker."""
        number = node.astext()
        refid = node.get("refid", "")
        if not refid:
            return number, f"#super[{markup.text(number)}]"
        target = self.name(refid)
        self.links.append((target, location(node)))
        return number, f"#cb-note-ref({string(target)})[{markup.text(number)}]"

    def visit_footnote(self, node: nodes.footnote) -> None:
        label_node = next((c for c in node.children if isinstance(c, nodes.label)), None)
        body = self.render(*[c for c in node.children if not isinstance(c, nodes.label)])
        number = label_node.astext() if label_node is not None else ""
        self.block(
            f"#cb-note({string(number)})[{body}]" + "".join(self.anchor(i) for i in node["ids"])
        )
        raise nodes.SkipNode

    def visit_citation(self, node: nodes.citation) -> None:
        text = self.render(*[c for c in node.children if not isinstance(c, nodes.label)])
        number = node.children[0].astext() if node.children else ""
        self.block(f"#cb-citation({string(number)})[{text}]" + self.anchors(node))
        raise nodes.SkipNode

    def visit_citation_reference(self, node: nodes.Element) -> None:
        self.visit_reference(cast(nodes.reference, node))

    def depart_citation_reference(self, node: nodes.Element) -> None:
        self.add("]")

    def visit_footbibliography(self, node: nodes.Element) -> None:
        raise nodes.SkipNode


def collapsed_markers(markers: list[tuple[str, str]]) -> str:
    """Adjacent note markers sorted and collapsed as a book sets them: "1–3", "2, 5".

    ``markers`` are (number, Typst) pairs; numbers that are not whole numbers keep their place.
    """
    if not all(number.isdigit() for number, _ in markers):
        return "#super[,]".join(typst for _, typst in markers)
    ordered = sorted({int(number): typst for number, typst in markers}.items())
    groups: list[list[tuple[int, str]]] = []
    for number, typst in ordered:
        if groups and number == groups[-1][-1][0] + 1:
            groups[-1].append((number, typst))
        else:
            groups.append([(number, typst)])
    parts = []
    for group in groups:
        if len(group) >= 3:
            parts.append(f"{group[0][1]}#super[–]{group[-1][1]}")
        else:
            parts.append("#super[,]".join(typst for _, typst in group))
    return "#super[,]".join(parts)
