"""Lists, boxes, figures, tables and code in the PDF: each a call to ``coursebook.typ``."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.locale import admonitionlabels

from . import markup
from .base import TypstWriter
from .markup import string

ENUM_STYLES = {
    "arabic": "1.",
    "loweralpha": "a.",
    "upperalpha": "A.",
    "lowerroman": "i.",
    "upperroman": "I.",
}
ADMONITION_KINDS = [
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "tip",
    "warning",
    "seealso",
    "admonition",
]
SHORT_BOX = 900
"""Characters in a box (an admonition, an answer) up to which it is kept on one page: about a
third of a page, so keeping it whole leaves at most that much blank at a page's foot."""


class BlocksMixin(TypstWriter):
    """Lists, definition and field lists, quotes, admonitions, figures, tables and code."""

    def _start_list(self) -> None:
        self._list_items.append([])

    def _end_list(self, function: str, node: nodes.Element, *options: str) -> None:
        items = self._list_items.pop()
        tight = all(
            len([c for c in item.children if isinstance(c, nodes.Body)]) <= 1
            for item in node.children
            if isinstance(item, nodes.Element)
        )
        arguments = [f"tight: {'true' if tight else 'false'}", *options]
        arguments += [markup.content(item) for item in items]
        self.block(self.anchors(node) + f"#{function}({', '.join(arguments)})")

    def visit_bullet_list(self, node: nodes.bullet_list) -> None:
        self._start_list()

    def depart_bullet_list(self, node: nodes.bullet_list) -> None:
        self._end_list("list", node)

    def visit_enumerated_list(self, node: nodes.enumerated_list) -> None:
        self._start_list()

    def depart_enumerated_list(self, node: nodes.enumerated_list) -> None:
        numbering = ENUM_STYLES.get(node.get("enumtype", "arabic"), "1.")
        self._end_list(
            "enum", node, f"start: {int(node.get('start', 1))}", f"numbering: {string(numbering)}"
        )

    def visit_list_item(self, node: nodes.list_item) -> None:
        self.push()
        self.add(self.anchors(node))

    def depart_list_item(self, node: nodes.list_item) -> None:
        self._list_items[-1].append(self.pop())

    def visit_definition_list(self, node: nodes.definition_list) -> None:
        self._start_list()

    def depart_definition_list(self, node: nodes.definition_list) -> None:
        items = self._list_items.pop()
        self.block(self.anchors(node) + f"#cb-terms({', '.join(items)})")

    def visit_definition_list_item(self, node: nodes.definition_list_item) -> None:
        terms = [c for c in node.children if isinstance(c, nodes.term)]
        definitions = [c for c in node.children if isinstance(c, nodes.definition)]
        term = " ".join(self.anchors(t) + self.render(*t.children) for t in terms)
        definition = self.render(*definitions)
        self._list_items[-1].append(f"({markup.content(term)}, {markup.content(definition)})")
        raise nodes.SkipNode

    def visit_definition(self, node: nodes.definition) -> None:
        pass

    def depart_definition(self, node: nodes.definition) -> None:
        pass

    def visit_field_list(self, node: nodes.field_list) -> None:
        self._start_list()

    def depart_field_list(self, node: nodes.field_list) -> None:
        items = self._list_items.pop()
        self.block(f"#cb-terms({', '.join(items)})")

    def visit_field(self, node: nodes.field) -> None:
        name, body = node.children[0], node.children[1]
        self._list_items[-1].append(
            f"({markup.content(self.render(*name.children))}, "
            f"{markup.content(self.render(*body.children))})"
        )
        raise nodes.SkipNode

    def visit_line_block(self, node: nodes.line_block) -> None:
        lines = [self.render(*line.children) for line in node.findall(nodes.line)]
        self.block(" \\\n".join(lines))
        raise nodes.SkipNode

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        self.add("#quote(block: true)[")

    def depart_block_quote(self, node: nodes.block_quote) -> None:
        self.add("]\n\n")

    def visit_attribution(self, node: nodes.attribution) -> None:
        self.add("— ")

    def depart_attribution(self, node: nodes.attribution) -> None:
        self.add("\n\n")

    # -- admonitions, topics -------------------------------------------------------------------

    def _admonition(self, node: nodes.Element, kind: str) -> None:
        title_node = next((c for c in node.children if isinstance(c, nodes.title)), None)
        if title_node is not None:
            title = self.render(*title_node.children)
        else:
            title = markup.text(str(admonitionlabels.get(kind, kind.title())))
        classes: list[str] = node.get("classes", [])
        for cls in classes:
            if cls in ADMONITION_KINDS:
                kind = cls
        whole = "false" if short(node) else "true"
        self.add(
            f"#cb-admonition({string(kind)}, [{title}], breakable: {whole})[{self.anchors(node)}"
        )

    def _end_admonition(self, node: nodes.Element) -> None:
        self.add("]\n\n")

    def visit_topic(self, node: nodes.Element) -> None:
        self._admonition(node, "topic")

    depart_topic = _end_admonition

    def visit_sidebar(self, node: nodes.Element) -> None:
        self._admonition(node, "sidebar")

    depart_sidebar = _end_admonition

    def visit_seealso(self, node: nodes.Element) -> None:
        self._admonition(node, "seealso")

    depart_seealso = _end_admonition

    # -- figures, images, tables, code -----------------------------------------------------------

    def visit_figure(self, node: nodes.figure) -> None:
        images = [self.render(c) for c in node.children if isinstance(c, nodes.image)]
        caption_node = next((c for c in node.children if isinstance(c, nodes.caption)), None)
        legend = [c for c in node.children if isinstance(c, nodes.legend)]
        caption = self._number(node) + (self.render(*caption_node.children) if caption_node else "")
        body = "".join(images)
        if legend:
            body += f"#cb-legend[{self.render(*legend)}]"
        # The figure's labels go inside it: a figure floats to where it fits, and a label on
        # the figure itself would mark the place in the text it floated from.
        anchors = "".join(self.anchor(i) for i in node["ids"])
        self.block(f"#cb-figure([{anchors}{body}], [{caption}])")
        raise nodes.SkipNode

    def _number(self, node: nodes.Element) -> str:
        """Sphinx's number for a figure, table or code block ("Fig. 2"), as the website shows it."""
        ids: list[str] = node.get("ids", [])
        if not ids:
            return ""
        std = self.builder.env.domains.standard_domain
        figtype = std.get_enumerable_node_type(node)
        if not figtype:
            return ""
        number = self.builder.fignumbers.get(self.docname, {}).get(figtype, {}).get(ids[0])
        prefix = self.config.numfig_format.get(figtype)
        if number is None or prefix is None:
            return ""
        return f"#strong[{markup.text(prefix % '.'.join(map(str, number)))}] "

    def visit_image(self, node: nodes.image) -> None:
        uri = node["uri"]
        path = self.builder.images.get(uri)
        if path is None:
            raise nodes.SkipNode
        alt = node.get("alt", "")
        options = [string("/_images/" + path)]
        options.append(f"alt: {string(alt)}" if alt else "alt: none")
        width = _length(node.get("width", ""))
        if width:
            options.append(f"width: {width}")
        height = _length(node.get("height", ""))
        if height:
            options.append(f"height: {height}")
        function = "cb-pictogram" if "cb-exercise-pictogram" in node["classes"] else "cb-image"
        call = f"#{function}({', '.join(options)})"
        if isinstance(node.parent, nodes.figure):
            self.add(call)
        elif isinstance(node.parent, nodes.TextElement):
            self.add(f"#box({call[1:]})")
        else:
            self.block(self.anchors(node) + call)
        raise nodes.SkipNode

    def visit_legend(self, node: nodes.legend) -> None:
        pass

    def depart_legend(self, node: nodes.legend) -> None:
        pass

    def visit_caption(self, node: nodes.caption) -> None:
        self.add("#emph[")

    def depart_caption(self, node: nodes.caption) -> None:
        self.add("]\n\n")

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        language = node.get("language", "")
        lang = f", lang: {string(language)}" if language and language != "default" else ""
        whole = "false" if short(node) else "true"  # a short example is not cut by a page end
        self.block(
            self.anchors(node)
            + f"#cb-code(breakable: {whole}, raw(block: true{lang}, {string(node.astext())}))"
        )
        raise nodes.SkipNode

    def visit_doctest_block(self, node: nodes.doctest_block) -> None:
        self.block(f"#cb-code(raw(block: true, {string(node.astext())}))")
        raise nodes.SkipNode

    def visit_table(self, node: nodes.table) -> None:
        self._table.append({"widths": [], "header": [], "body": [], "row": None, "head": False})

    def depart_table(self, node: nodes.table) -> None:
        table = self._table.pop()
        widths = table["widths"] or [1]
        columns = "(" + ", ".join(f"{w}fr" for w in widths) + ",)"
        cells = []
        if table["header"]:
            # Not repeated on a continuation page: Typst marks a repeated header as an artifact,
            # which readers skip and checkers flag as hidden prose (outloud TAG-002).
            cells.append("table.header(repeat: false, " + ", ".join(table["header"]) + ")")
        cells += table["body"]
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        caption = self._number(node) + (self.render(*title.children) if title else "")
        ids = list(node["ids"])
        self.block(
            f"#cb-table({markup.content(caption)}, columns: {columns}, {', '.join(cells)})"
            + self.labelled(self.name(ids[0]) if ids else "", ids[1:])
        )

    def visit_tgroup(self, node: nodes.tgroup) -> None:
        pass

    def depart_tgroup(self, node: nodes.tgroup) -> None:
        pass

    def visit_colspec(self, node: nodes.colspec) -> None:
        self._table[-1]["widths"].append(int(node.get("colwidth", 1)) or 1)
        raise nodes.SkipNode

    def visit_thead(self, node: nodes.thead) -> None:
        self._table[-1]["head"] = True

    def depart_thead(self, node: nodes.thead) -> None:
        self._table[-1]["head"] = False

    def visit_tbody(self, node: nodes.tbody) -> None:
        pass

    def depart_tbody(self, node: nodes.tbody) -> None:
        pass

    def visit_row(self, node: nodes.row) -> None:
        pass

    def depart_row(self, node: nodes.row) -> None:
        pass

    def visit_entry(self, node: nodes.entry) -> None:
        self.push()

    def depart_entry(self, node: nodes.entry) -> None:
        body = self.pop()
        spans = []
        if node.get("morecols"):
            spans.append(f"colspan: {int(node['morecols']) + 1}")
        if node.get("morerows"):
            spans.append(f"rowspan: {int(node['morerows']) + 1}")
        cell = f"table.cell({', '.join(spans)})[{body}]" if spans else f"[{body}]"
        table = self._table[-1]
        (table["header"] if table["head"] else table["body"]).append(cell)


def _admonition_methods() -> None:
    """``visit_note``, ``visit_warning``…: every docutils admonition is one call."""
    for kind in ADMONITION_KINDS:

        def visit(self: BlocksMixin, node: nodes.Element, kind: str = kind) -> None:
            self._admonition(node, kind)

        setattr(BlocksMixin, f"visit_{kind}", visit)
        setattr(BlocksMixin, f"depart_{kind}", BlocksMixin._end_admonition)


_admonition_methods()


def short(node: nodes.Element) -> bool:
    """Whether a box is short enough to keep on one page rather than split."""
    return len(node.astext()) <= SHORT_BOX


def _length(value: str) -> str:
    """A docutils length ("80%", "300px", "4cm") as Typst's; pixels at CSS's 96 per inch."""
    match = re.fullmatch(r"\s*([\d.]+)\s*(%|px|pt|cm|mm|in|em)?\s*", value or "")
    if not match:
        return ""
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit == "px":
        return f"{number * 0.75:g}pt"
    return f"{number:g}{unit}"
