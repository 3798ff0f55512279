"""Bibliography markup that validators and screen readers accept, for every HTML edition.

docutils writes a bibliography as ``<div role="list">`` holding ``role="doc-biblioentry"``
entries. That role is deprecated in DPUB-ARIA 1.1: EPUBCheck warns about it (RSC-017), and
axe-core no longer counts such entries as list items, so the list is reported as holding
children it may not (a critical finding). Each entry is marked as a plain list item instead.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator


class CitationListMarkup(HTML5Translator):
    """Write citations as ``role="listitem"`` entries of a ``role="list"`` container."""

    def visit_citation(self, node: nodes.Element) -> None:
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div class="citation-list" role="list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))
