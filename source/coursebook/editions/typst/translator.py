"""Translate one document's doctree into Typst markup for the PDF edition.

Each document becomes one ``.typ`` file that the book's main file includes in reading order (a
toctree becomes ``#include`` lines where it stood). Block elements are written as calls to the
functions of ``coursebook.typ`` (the print edition's only stylesheet), so the look of an
admonition or a card is decided there, never here. Text always goes through
:func:`coursebook.editions.typst.markup.text`.

Headings get absolute levels: the builder gives each document its offset in the book (the root
document's title is the cover's, a chapter's title is level 1). Every id becomes a label made
of the document's name and the id, so that links between chapters resolve in the single PDF.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from ...locale import _
from ..page_marks import MARK_LABEL, ParagraphKeys
from . import markup
from .base import TypstWriter, include_documents
from .blocks import BlocksMixin, short
from .markup import label, string
from .references import ReferencesMixin

__all__ = ["TypstTranslator", "include_documents"]

CAUTIONS = "cb-exercise-cautions"
"""An exercise page's cautions: set apart, as on the card (``coursebook.exercises.pages``)."""
OPENING_ID = "cb-opening"
"""The id of the heading the root document's own words are set under in the PDF."""
NOT_OPENING_TEXT = (
    nodes.title,
    nodes.section,
    nodes.target,
    nodes.comment,
    nodes.substitution_definition,
    addnodes.index,
    addnodes.only,
    include_documents,
)
"""What a root document holds besides the words that open the book: its title, the chapters it
includes, its sections, and nodes that print nothing."""


def has_opening_text(section: nodes.section) -> bool:
    """Whether the root document's first section has words of its own before or between its
    chapters (a landing page's web-only parts are gone by now: ``{only} web``)."""
    return any(not isinstance(child, NOT_OPENING_TEXT) for child in section.children)


BADGE_COLOUR = re.compile(r"^sd-bg-(primary|secondary|success|info|warning|danger|light|dark)$")


class TypstTranslator(ReferencesMixin, BlocksMixin, TypstWriter):
    """Writes ``self.body``, the Typst source of one document: its structure and its text."""

    # -- document structure -----------------------------------------------------------------

    def visit_document(self, node: nodes.document) -> None:
        self.add('#import "/coursebook.typ": *\n\n')
        if self.docname != self.builder.config.root_doc:
            self.add("#cb-document-start()\n\n")
        self._document_start = len(self.body)

    def depart_document(self, node: nodes.document) -> None:
        if not self._document_labelled:
            # No title was written (the root document, or a page without one): the document's
            # label goes where it starts.
            self.body.insert(self._document_start, f"#cb-anchor({label(self.docname)})\n\n")

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1
        if "cb-exercise" in node["classes"]:
            self._exercise(node)
            raise nodes.SkipNode
        if CAUTIONS in node["classes"]:
            self.add("#cb-cautions[")

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1
        if CAUTIONS in node["classes"]:
            self.add("]\n\n")

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.section):
            self._heading(node, parent)
            raise nodes.SkipNode
        if isinstance(parent, nodes.table | nodes.Admonition | nodes.topic | nodes.sidebar):
            raise nodes.SkipNode  # written by the parent
        self.add("#strong[")

    def depart_title(self, node: nodes.title) -> None:
        self.add("]\n\n")

    def _heading(self, title: nodes.title, section: nodes.section) -> None:
        level = self.section_level + self.offset
        ids = list(section["ids"])
        if level < 1:
            # The root document's title is the book's: the cover and title page show it. Its own
            # words, if any, open the book under a heading of their own (in the contents and the
            # running head), not as a page without a title after the contents.
            if has_opening_text(section):
                # A label of its own, for the contents of a book laid out in parts; not the
                # document's (the ePub's page list would look for it at the book's title).
                heading = markup.content(markup.text(str(_("Introduction"))))
                self.block(
                    f"#heading(level: 1, outlined: true){heading}"
                    + self.labelled(self.name(OPENING_ID), ids)
                )
            else:
                self.block("#cb-unheaded()" + "".join(self.anchor(i) for i in ids))
            return
        text = self.render(*title.children)
        if CAUTIONS in section["classes"]:
            text = "#cb-caution-sign()" + text  # the card's sign, part of the heading's words
        outlined = "false" if "cb-exercise-part" in section["classes"] else "true"
        # A document's first title carries the document's own label, so that a link to the
        # chapter leads to its title's page.
        first = not self._document_labelled
        self._document_labelled = True
        if first:
            text = self._chapter_number() + text
        primary = self.name() if first else self.name(ids[0]) if ids else ""
        rest = ids if first else ids[1:]
        self.block(
            f"#heading(level: {level}, outlined: {outlined})[{text}]" + self.labelled(primary, rest)
        )

    def _chapter_number(self) -> str:
        """A numbered toctree's number for this document's title (``:numbered:``), as the
        website and the ePub print it before the title ("1. "), so that the contents, the
        running head and the bookmarks carry it too; '' when the chapter is not numbered."""
        number = self.builder.env.toc_secnumbers.get(self.docname, {}).get("")
        if not number:
            return ""
        suffix = str(getattr(self.builder.config, "html_secnumber_suffix", ". "))
        return "#" + string(".".join(map(str, number)) + suffix)

    _document_labelled = False
    _document_start = 0
    mark_bytes = 0
    """The bytes of the page marks written: no layout work, so not counted as the book's size."""

    @property
    def _paragraph_keys(self) -> ParagraphKeys:
        if not hasattr(self, "_keys"):
            self._keys = ParagraphKeys()
        return self._keys

    def visit_subtitle(self, node: nodes.subtitle) -> None:
        self.add("#emph[")

    def depart_subtitle(self, node: nodes.subtitle) -> None:
        self.add("]\n\n")

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.add(f"#cb-rubric({string(' '.join(node['classes']))})[{self.anchors(node)}")

    def depart_rubric(self, node: nodes.rubric) -> None:
        self.add("]\n\n")

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        if _introduces_a_box(node):
            # A question and the box that answers it (a self-check) share a page. The explicit
            # `par` keeps it a paragraph (a P element): Typst sets a block's lone inline
            # content as loose text.
            self.add("#block(sticky: true, par[")
        self.add(self.anchors(node))
        # Where the paragraph lands tells the ePub where this page begins (page_marks).
        key = self._paragraph_keys.key(node)
        mark = f"#metadata({string(self.docname + chr(9) + key)})<{MARK_LABEL}>"
        self.add(mark)
        self.mark_bytes += len(mark.encode("utf-8"))

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.add("])\n\n" if _introduces_a_box(node) else "\n\n")

    def visit_compound(self, node: nodes.compound) -> None:
        pass

    def depart_compound(self, node: nodes.compound) -> None:
        pass

    def visit_container(self, node: nodes.container) -> None:
        classes = set(node["classes"])
        if "sd-row" in classes:
            self._grid(node)
            raise nodes.SkipNode
        function = _container_function(classes)
        if function in KEPT_WHOLE_WHEN_SHORT:
            whole = "false" if short(node) else "true"
            self.add(f"#{function}(breakable: {whole})[{self.anchors(node)}")
        elif function:
            self.add(f"#{function}[{self.anchors(node)}")
        else:
            self.add(self.anchors(node))

    def depart_container(self, node: nodes.container) -> None:
        if _container_function(set(node["classes"])):
            self.add("]\n\n")

    def _grid(self, row: nodes.container) -> None:
        columns = [self.render(column) for column in row.children]
        cells = ", ".join(markup.content(column) for column in columns)
        self.block(f"#cb-grid({cells})")

    def _exercise(self, section: nodes.section) -> None:
        """An exercise page: its title and badges, then the card's front beside its back."""
        faces: dict[str, list[nodes.Node]] = {"front": [], "back": []}
        before: list[nodes.Node] = []
        for child in section.children:
            classes: list[str] = (
                child.get("classes", []) if isinstance(child, nodes.Element) else []
            )
            if "cb-exercise-back" in classes:
                faces["back"].append(child)
            elif "cb-exercise-front" in classes or "cb-exercise-pictogram" in classes:
                faces["front"].append(child)
            elif faces["front"] or faces["back"]:
                faces["back"].append(child)
            else:
                before.append(child)
        self.render_into_body(before)
        front, back = (self.render(*faces[side]) for side in ("front", "back"))
        self.block(f"#cb-exercise-faces({markup.content(front)}, {markup.content(back)})")
        self.section_level -= 1  # depart_section is skipped with the node

    def render_into_body(self, children: list[nodes.Node]) -> None:
        for child in children:
            child.walkabout(self)

    def visit_include_documents(self, node: include_documents) -> None:
        caption = node.get("caption")
        if caption:
            self.block(f"#cb-part({markup.content(markup.text(caption))})")
        for docname in node["docnames"]:
            self.block(f"#include {string('/' + docname + '.typ')}")
        raise nodes.SkipNode

    def visit_transition(self, node: nodes.transition) -> None:
        self.block("#cb-transition()")
        raise nodes.SkipNode

    # -- text --------------------------------------------------------------------------------

    def visit_Text(self, node: nodes.Text) -> None:
        self.add(markup.text(markup.bind_numbers(node.astext())))

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def _wrap(self, function: str) -> None:
        self.add(f"#{function}[")

    def _close(self, node: nodes.Node | None = None) -> None:
        self.add("]")

    def visit_emphasis(self, node: nodes.emphasis) -> None:
        self._wrap("emph")

    depart_emphasis = _close

    def visit_strong(self, node: nodes.strong) -> None:
        self._wrap("strong")

    depart_strong = _close

    def visit_title_reference(self, node: nodes.title_reference) -> None:
        self._wrap("emph")

    depart_title_reference = _close

    def visit_subscript(self, node: nodes.subscript) -> None:
        self._wrap("sub")

    depart_subscript = _close

    def visit_superscript(self, node: nodes.superscript) -> None:
        self._wrap("super")

    depart_superscript = _close

    def visit_literal(self, node: nodes.literal) -> None:
        if node.get("classes") and "xref" in node["classes"]:
            return  # a reference's text, set as prose: the link is what matters
        self.add(f"#raw({string(node.astext())})")
        raise nodes.SkipNode

    def depart_literal(self, node: nodes.literal) -> None:
        pass

    def visit_inline(self, node: nodes.inline) -> None:
        colour = _badge_colour(node["classes"])
        if colour:
            self.add(f"#cb-badge({string(colour)})[")
        self.add(self.anchors(node))

    def depart_inline(self, node: nodes.inline) -> None:
        if _badge_colour(node["classes"]):
            self.add("]")

    def visit_sd_badge(self, node: nodes.Element) -> None:
        self.add(f"#cb-badge({string(_badge_colour(node['classes']) or 'primary')})[")

    def depart_sd_badge(self, node: nodes.Element) -> None:
        self.add("]")

    def visit_PassthroughTextElement(self, node: nodes.Element) -> None:
        pass

    def depart_PassthroughTextElement(self, node: nodes.Element) -> None:
        pass

    def visit_abbreviation(self, node: nodes.Element) -> None:
        pass

    def depart_abbreviation(self, node: nodes.Element) -> None:
        pass

    def visit_problematic(self, node: nodes.problematic) -> None:
        pass

    def depart_problematic(self, node: nodes.problematic) -> None:
        pass

    def visit_math(self, node: nodes.math) -> None:
        self.add(f"#raw({string(node.astext())})")
        raise nodes.SkipNode

    def visit_math_block(self, node: nodes.math_block) -> None:
        self.block(f"#raw(block: true, {string(node.astext())})")
        raise nodes.SkipNode

    # -- things print leaves out ---------------------------------------------------------------

    def visit_comment(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    visit_substitution_definition = visit_comment
    visit_system_message = visit_comment
    visit_meta = visit_comment
    visit_toctree = visit_comment
    visit_highlightlang = visit_comment
    visit_tabular_col_spec = visit_comment

    def visit_raw(self, node: nodes.raw) -> None:
        if "typst" in node.get("format", "").split():
            self.add(node.astext())
        raise nodes.SkipNode

    def visit_only(self, node: nodes.Element) -> None:
        pass

    def depart_only(self, node: nodes.Element) -> None:
        pass

    def visit_label(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_term(self, node: nodes.Element) -> None:
        pass

    def depart_term(self, node: nodes.Element) -> None:
        pass

    def visit_glossary(self, node: nodes.Element) -> None:
        pass

    def depart_glossary(self, node: nodes.Element) -> None:
        pass


def _container_function(classes: set[str]) -> str:
    """The function of ``coursebook.typ`` that sets a container with these classes."""
    for cls, function in CONTAINERS:
        if cls in classes:
            return function
    return ""


CONTAINERS = (
    ("sd-card", "cb-card"),
    ("sd-card-title", "cb-card-title"),
    ("sd-card-footer", "cb-card-footer"),
    ("cb-static-tabs", "cb-tabs"),
    ("cb-static-dropdown", "cb-dropdown"),
    ("literal-block-wrapper", "cb-code-figure"),
    ("cb-self-check", "cb-self-check"),
    ("cb-answer", "cb-answer"),
)
KEPT_WHOLE_WHEN_SHORT = {"cb-dropdown", "cb-self-check", "cb-answer"}
"""Boxes kept on one page unless they are long: a question stays with its link to the answer,
an answer with its label (``coursebook.self_check_editions``)."""
"""Containers that have a look of their own on paper; any other passes its content through."""


def _introduces_a_box(node: nodes.paragraph) -> bool:
    following = node.next_node(descend=False, siblings=True)
    return isinstance(following, nodes.container) and "cb-static-dropdown" in following["classes"]


def _badge_colour(classes: list[str]) -> str:
    if "sd-badge" not in classes:
        return ""
    for cls in classes:
        match = BADGE_COLOUR.match(cls)
        if match:
            return match.group(1)
    return "primary"
