"""How each edition shows a self-check (:mod:`coursebook.self_checks`).

* The website: "Self-check 2.3", the question, and the answer in sphinx-design's dropdown (a
  ``<details>`` element: keyboard-accessible, closed until the reader opens it). The answer key's
  page lists each answer in a dropdown too, under a link back to its question.
* The ePub and the PDF cannot hide a word, so the answer is not printed under its question: the
  question ends with a link to its answer in the answer key ("Answer on p. 61" in the PDF, a link
  "Answer" in the ePub), and the answer key, at the back, has one section per chapter whose
  answers each link back to their question ("Question on p. 17", "Question").

One post-transform does it for every builder, before Sphinx resolves references (priority 10),
so that a reference inside an answer copied into the key is resolved from the key's page. A book
without an answer key keeps each answer after its question, in an open box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .locale import _
from .self_checks import (
    NOTES,
    answer,
    answer_id,
    answer_key,
    answer_key_document,
    chapter_number,
    question_id,
    reading_order,
    self_check,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .editions.typst.translator import TypstTranslator

PAGED_BUILDERS = ("epub", "pdf")
"""Builders whose answers go to the answer key."""


class page_reference(nodes.Inline, nodes.Element):
    """A link in the PDF that prints its target's page: ``words`` then the page number, or
    ``fallback`` where the page is not known (a book laid out in parts)."""


class SelfCheckLayout(SphinxPostTransform):
    """Lay out the self-checks and the answer key for the builder at hand."""

    default_priority = 5

    @property
    def _builder(self) -> Builder:
        # As Sphinx's own reference resolver reaches it: a transform's `app` is deprecated.
        return self.env._app.builder

    def run(self, **kwargs: Any) -> None:
        env = self.env
        docname = env.docname
        paged = self._builder.name in PAGED_BUILDERS
        key = answer_key_document(env)
        number = chapter_number(env, docname)
        for node in list(self.document.findall(self_check)):
            label = _label(number, node["number"])
            if paged and key:
                node.replace_self(self._question(node, label, key))
            else:
                node.replace_self(_question_with_answer(node, label))
        for place in list(self.document.findall(answer_key)):
            place.replace_self(self._answer_key(paged))

    # -- in the chapter ----------------------------------------------------------------------

    def _question(self, node: self_check, label: str, key: str) -> nodes.Element:
        box = nodes.container("", classes=["cb-self-check"], ids=list(node["ids"]))
        box += nodes.paragraph("", "", nodes.strong(label, label), classes=["cb-self-check-label"])
        box.extend(child for child in node.children if not isinstance(child, answer))
        target = answer_id(self.env.docname, node["number"])
        box += nodes.paragraph(
            "",
            "",
            self._link(key, target, _("Answer on p."), _("Answer in the answer key"), _("Answer")),
            classes=["cb-self-check-link"],
        )
        return box

    def _link(
        self, docname: str, target: str, on_page: str, unpaged: str, epub: str
    ) -> nodes.Element:
        if self._builder.name == "pdf":
            # The fallback words as its text: what the paragraph says to the ePub's page list.
            return page_reference(
                "",
                nodes.Text(unpaged),
                refdoc=docname,
                refid=target,
                words=on_page,
                fallback=unpaged,
            )
        uri = self._builder.get_relative_uri(self.env.docname, docname) + "#" + target
        return nodes.reference("", epub, internal=True, refuri=uri)

    # -- the answer key ----------------------------------------------------------------------

    def _answer_key(self, paged: bool) -> list[nodes.Node]:
        env = self.env
        noted = NOTES.of(env)
        sections: list[nodes.Node] = []
        for docname in reading_order(env, self.config.root_doc):
            if docname not in noted:
                continue
            number = chapter_number(env, docname)
            title = env.titles[docname].astext() if docname in env.titles else docname
            section = nodes.section("", ids=["cb-answers-" + nodes.make_id(docname)])
            section += nodes.title(title, title)
            for check in noted[docname]:
                label = _label(number, check.number)
                back = self._link(
                    docname, question_id(check.number), _("Question on p."), _("Question"),
                    _("Question"),
                )  # fmt: skip
                if not paged:
                    back = nodes.reference(
                        "", label, internal=True, refuri=self._uri(docname, check.number)
                    )
                heading = nodes.paragraph("", "", classes=["cb-answer-label"])
                heading += nodes.strong(label, label) if paged else back
                if paged:
                    heading += nodes.Text(" · ")
                    heading += back
                entry = nodes.container(
                    "", heading, classes=["cb-answer"], ids=[answer_id(docname, check.number)]
                )
                body = [self._here(child.deepcopy()) for child in check.answer]
                entry += nodes.container("", *body) if paged else _dropdown(body)
                section += entry
            sections.append(section)
        return sections

    def _uri(self, docname: str, number: int) -> str:
        return self._builder.get_relative_uri(self.env.docname, docname) + "#" + question_id(number)

    def _here(self, node: nodes.Node) -> nodes.Node:
        """An answer's copy, its references resolved from the answer key's page and its ids
        dropped (the chapter's copy keeps them on the website)."""
        if isinstance(node, nodes.Element):
            for element in node.findall(nodes.Element):
                element["ids"] = []
                if isinstance(element, addnodes.pending_xref):
                    element["refdoc"] = self.env.docname
        return node


def _label(chapter: str, number: int) -> str:
    words = _("Self-check")
    return f"{words} {chapter}.{number}" if chapter else f"{words} {number}"


def _dropdown(body: list[nodes.Node]) -> nodes.container:
    """sphinx-design's dropdown, as its ``{dropdown} Answer`` directive builds it."""
    words = _("Answer")
    node = nodes.container(
        "",
        nodes.rubric(words, words),
        *body,
        is_div=True,
        design_component="dropdown",
        classes=[],
        opened=False,
        type="dropdown",
        has_title=True,
        icon=None,
        chevron=None,
        container_classes=["sd-mb-3"],
        title_classes=[],
        body_classes=[],
    )
    return node


def _question_with_answer(node: self_check, label: str) -> nodes.Element:
    """The website's self-check (and, in a book without an answer key, every edition's)."""
    box = nodes.container("", classes=["cb-self-check"], ids=list(node["ids"]))
    box += nodes.paragraph("", "", nodes.strong(label, label), classes=["cb-self-check-label"])
    for child in node.children:
        if isinstance(child, answer):
            box += _dropdown(list(child.children))
        else:
            box += child
    return box


def visit_page_reference(self: TypstTranslator, node: page_reference) -> None:
    """The PDF: a link that prints its target's page (``cb-page-link`` in coursebook.typ)."""
    from .editions.typst import markup
    from .editions.typst.base import location

    target = markup.label_name(node["refdoc"], node["refid"])
    self.links.append((target, location(node)))
    words, fallback = (markup.content(markup.text(node[k])) for k in ("words", "fallback"))
    self.add(f"#cb-page-link({markup.string(target)}, {words}, {fallback})")
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    """Register the layout of self-checks and the PDF's page references."""
    app.add_node(page_reference, pdf=(visit_page_reference, None))
    app.add_post_transform(SelfCheckLayout)
