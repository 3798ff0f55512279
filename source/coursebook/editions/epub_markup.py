"""The ePub's XHTML: pop-up footnotes, clean reference entries and one viewport per document.

The website's markup (:class:`~coursebook.web.markup.AccessibleMarkup`) serves the ePub too, with
three changes that only e-readers need:

* footnote references and footnotes carry the EPUB 3 structural semantics
  (``epub:type="noteref"``, ``epub:type="footnote"``) next to their DPUB-ARIA roles: Apple Books,
  Kobo and Thorium open a note in a pop-up only when both ends are marked;
* a footnote or a reference entry reads as its label and its text: docutils writes the links
  back to the citing places, "(1,2,3,4,5…)", between the two, which an e-reader (it has no
  stylesheet grid for them, as the website has) shows on a line of its own above the entry and
  a screen reader reads before it. They follow the text here, named in words;
* no viewport ``<meta>``: EPUB 3.3 tells reading systems to ignore it in reflowable documents,
  and EPUBCheck reports each one (HTM-060b). Sphinx's layout writes one and docutils adds a
  second; the translator leaves its own out, :class:`ReflowableLayout` the layout's.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from docutils import nodes
from jinja2.ext import Extension

from ..locale import _
from ..web.markup import AccessibleMarkup
from .page_list import PageBreakMarkers

VIEWPORT = '<meta name="viewport"'
LAYOUT_VIEWPORT = re.compile(r'\n[ \t]*<meta name="viewport"[^>]*>')
NOTE_ENTRIES = (nodes.footnote, nodes.citation)
"""Elements whose label docutils follows with links back to where they are cited."""


class EpubMarkup(PageBreakMarkers, AccessibleMarkup):
    """The website's markup with EPUB 3 footnotes, back links after the text, no viewport, and
    the print edition's page markers (:mod:`.page_list`)."""

    def __init__(self, document: nodes.document, builder: object) -> None:
        super().__init__(document, builder)  # type: ignore[arg-type]
        self.meta = [meta for meta in self.meta if not meta.startswith(VIEWPORT)]

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        classes = ["footnote-reference", self.settings.footnote_references]
        # "epub:type" is not a Python name, so the attributes go in a mapping (of Any: starttag
        # types its other keywords).
        attributes: dict[str, Any] = {"epub:type": "noteref", "role": "doc-noteref"}
        href = f"#{node['refid']}"
        self.body.append(self.starttag(node, "a", "", classes=classes, href=href, **attributes))
        self.body.append('<span class="fn-bracket">[</span>')

    def visit_footnote(self, node: nodes.footnote) -> None:
        label_style = self.settings.footnote_references
        if not isinstance(node.previous_sibling(), type(node)):
            # A <div>, not docutils' <aside>: an aside around the notes is a complementary
            # landmark without a name to a screen reader; each note is its own aside.
            self.body.append(f'<div class="footnote-list {label_style}">\n')
        attributes: dict[str, Any] = {"epub:type": "footnote", "role": "doc-footnote"}
        classes = [node.tagname, label_style]
        self.body.append(self.starttag(node, "aside", classes=classes, **attributes))

    def depart_footnote(self, node: nodes.footnote) -> None:
        self._write_backlinks(node)
        self.body.append("</aside>\n")
        if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
            self.body.append("</div>\n")

    def depart_citation(self, node: nodes.citation) -> None:
        self._write_backlinks(node)
        super().depart_citation(node)

    def visit_label(self, node: nodes.label) -> None:
        if isinstance(node.parent, NOTE_ENTRIES):
            self.body.append('<span class="label"><span class="fn-bracket">[</span>')
        else:
            super().visit_label(node)

    def depart_label(self, node: nodes.label) -> None:
        if isinstance(node.parent, NOTE_ENTRIES):
            self.body.append('<span class="fn-bracket">]</span></span>\n')
        else:
            super().depart_label(node)

    def _write_backlinks(self, entry: nodes.Element) -> None:
        """The links back to where ``entry`` is cited, after its text, introduced in words."""
        backrefs: list[str] = entry.get("backrefs", []) if self.settings.footnote_backlinks else []
        if not backrefs:
            return
        if len(backrefs) == 1:
            words = self.encode(str(_("Back to the text")))
            links = f'<a role="doc-backlink" href="#{backrefs[0]}">{words}</a>'
        else:
            numbered = (
                f'<a role="doc-backlink" href="#{ref}">{number}</a>'
                for number, ref in enumerate(backrefs, 1)
            )
            words = self.encode(str(_("Back to the text:")))
            links = f"{words} {', '.join(numbered)}"
        self.body.append(f'<p class="cb-backlinks">{links}</p>\n')


class ReflowableLayout(Extension):
    """Sphinx's basic layout without its viewport ``<meta>``, for the ePub's templates.

    The layout writes it outside any block, where a theme cannot override it; the template's
    source is read without that line instead.
    """

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if filename and PurePath(filename).parts[-2:] == ("basic", "layout.html"):
            return LAYOUT_VIEWPORT.sub("", source, count=1)
        return source
