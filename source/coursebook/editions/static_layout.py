"""Lay out sphinx-design's interactive components for editions that cannot click: ePub and PDF.

On the website, tabs and dropdowns hide text until a reader clicks. A printed page and many
e-readers cannot click, and sphinx-design's HTML for tabs (radio ``<input>`` elements) is not
well-formed XHTML, which makes EPUBCheck fail. So, for these builders only, every tab becomes its
label followed by its content, and every dropdown becomes an open, titled box. The transform runs
before sphinx-design's own HTML transforms (priorities 199 and 200), which then find nothing to do.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

STATIC_BUILDERS = ("epub", "pdf")
"""Builders whose output is read without interaction."""


def _is_component(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Element) and node.get("design_component") == name


def _components(document: nodes.Element, name: str) -> list[nodes.Element]:
    return [n for n in document.findall(nodes.Element) if n.get("design_component") == name]


class StaticTabsAndDropdowns(SphinxPostTransform):
    """Turn tab-sets and dropdowns into static blocks that keep every word."""

    default_priority = 150
    builders = STATIC_BUILDERS

    def run(self, **kwargs: Any) -> None:
        for tab_set in _components(self.document, "tab-set"):
            self._flatten_tab_set(tab_set)
        for dropdown in _components(self.document, "dropdown"):
            self._open_dropdown(dropdown)

    @staticmethod
    def _flatten_tab_set(tab_set: nodes.Element) -> None:
        tab_set["design_component"] = "static-tab-set"
        tab_set["classes"] = ["cb-static-tabs"]
        for item in tab_set.children:
            if not isinstance(item, nodes.Element) or not _is_component(item, "tab-item"):
                continue
            item["design_component"] = "static-tab-item"
            item["classes"] = ["cb-static-tab"]
            # sphinx-design builds each tab-item as a rubric (the label) and a content container.
            for child, role in zip(item.children, ("label", "content"), strict=False):
                if isinstance(child, nodes.Element):
                    child["classes"] = [f"cb-static-tab-{role}"]

    @staticmethod
    def _open_dropdown(dropdown: nodes.Element) -> None:
        body = list(dropdown.children)
        box = nodes.container(classes=["cb-static-dropdown"], ids=list(dropdown["ids"]))
        if dropdown.get("has_title") and body:
            title = body.pop(0)
            box += nodes.rubric("", "", *title.children, classes=["cb-static-dropdown-title"])
        box += nodes.container("", *body, classes=["cb-static-dropdown-body"])
        dropdown.replace_self(box)
