"""HTML markup that validators and screen readers accept, for the website and the ePub.

Two things Sphinx and docutils write fail axe-core (and so DAISY Ace) and are mended here:

* a bibliography is ``<div role="list">`` holding ``role="doc-biblioentry"`` entries. That role
  is deprecated in DPUB-ARIA 1.1: EPUBCheck warns about it (RSC-017), and axe-core no longer
  counts such entries as list items, so the list is reported as holding children it may not (a
  critical finding). Each entry is marked as a plain list item instead;
* a table of contents with a ``:caption:`` gets ``<p class="caption" role="heading">`` without
  the ``aria-level`` that role requires (a critical finding on every new course's front page).
  The caption heads the contents of a page whose title is the one level-1 heading, so it is
  level 2.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator


class AccessibleMarkup(HTML5Translator):
    """Citations as list items; table-of-contents captions as level-2 headings."""

    def visit_citation(self, node: nodes.Element) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list" role="list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            # "aria-level" is not a Python name, so it goes in a mapping (of Any: starttag types
            # its other keywords).
            level: dict[str, Any] = {"aria-level": "2"}
            self.body.append(self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **level))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)
