"""Self-checks: a question the reader answers before looking, and the answer, kept apart.

An author writes a question with its answer inside it::

    ::::{self-check}
    Which bony landmark does the iliopsoas tendon attach to?

    :::{answer}
    The lesser trochanter of the femur.
    :::
    ::::

and one back-matter document holds the book's answer key::

    # Answer key

    :::{answer-key}
    :::

This module reads them: the directives check the shape (a question with exactly one answer, an
answer only inside a question) and report a located error with a hint, and each document's
self-checks are numbered and noted while it is read (:data:`NOTES`), so that the answer key can
gather every chapter's answers without unpickling the chapters. How each edition shows them is
:mod:`coursebook.self_check_editions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .document_notes import DocumentNotes
from .warnings_ import CoursebookWarning, note_finding

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class self_check(nodes.General, nodes.Element):
    """A question (its children, but the :class:`answer`) and its answer; ``number`` is its
    place in the document, from 1."""


class answer(nodes.General, nodes.Element):
    """The answer of a :class:`self_check`."""


class answer_key(nodes.General, nodes.Element):
    """Where the book's answers are gathered, one section per chapter (in the ePub and PDF)."""


def question_id(number: int) -> str:
    """The id of a document's ``number``-th question (ids are unique per document)."""
    return f"cb-self-check-{number}"


def answer_id(docname: str, number: int) -> str:
    """The id, in the answer key, of the answer to ``docname``'s ``number``-th question."""
    return "cb-answer-" + nodes.make_id(docname) + f"-{number}"


@dataclass
class NotedSelfCheck:
    """A question's number and its answer's content, as the answer key needs them."""

    number: int
    answer: list[nodes.Node]


NOTES: DocumentNotes[list[NotedSelfCheck]] = DocumentNotes("coursebook_self_checks")
"""Docname -> its self-checks, in reading order."""
KEYS: DocumentNotes[bool] = DocumentNotes("coursebook_answer_keys")
"""The documents that hold an ``answer-key`` directive."""


class SelfCheckDirective(SphinxDirective):
    """``{self-check}``: the question, with one ``{answer}`` directive inside it."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = self_check()
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        answers = [child for child in node.children if isinstance(child, answer)]
        question = [child for child in node.children if not isinstance(child, answer)]
        if not answers:
            self._problem(
                "this self-check has no answer",
                "put the answer inside the question, in a ':::{answer}' block, and open the "
                "self-check with one more colon than the answer ('::::{self-check}')",
            )
        elif len(answers) > 1:
            self._problem(
                f"this self-check has {len(answers)} answers",
                "a self-check holds one question and one ':::{answer}'; split it in two",
            )
        if not question or not "".join(c.astext() for c in question).strip():
            self._problem(
                "this self-check has no question",
                "write the question first, then its ':::{answer}' block",
            )
        return [node]

    def _problem(self, message: str, hint: str) -> None:
        note_finding(
            self.env,
            self.env.docname,
            CoursebookWarning.SELF_CHECK,
            message,
            hint=hint,
            location=(self.env.docname, self.lineno),
        )


class AnswerDirective(SphinxDirective):
    """``{answer}``: the answer of the ``{self-check}`` it stands in."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        node = answer()
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]  # where it stands is checked once the document is read (note_self_checks)


class AnswerKeyDirective(SphinxDirective):
    """``{answer-key}``: the place of the book's answer key (last in its document)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = answer_key()
        self.set_source_info(node)
        KEYS.of(self.env)[self.env.docname] = True
        return [node]


def note_self_checks(app: Sphinx, doctree: nodes.document) -> None:
    """Number the document's self-checks and note their answers for the answer key."""
    docname = app.env.docname
    for stray in list(doctree.findall(answer)):
        if isinstance(stray.parent, self_check):
            continue
        note_finding(
            app.env,
            docname,
            CoursebookWarning.SELF_CHECK,
            "this answer is not inside a self-check",
            hint="put the question and its answer in one block, the answer last: "
            "'::::{self-check}', the question, ':::{answer}', the answer, ':::', '::::'",
            location=stray,
        )
        # The words stay where they stand, so nothing the author wrote is lost.
        stray.replace_self(nodes.container("", *stray.children, classes=["cb-stray-answer"]))
    noted: list[NotedSelfCheck] = []
    for number, node in enumerate(doctree.findall(self_check), start=1):
        node["number"] = number
        node["ids"].append(question_id(number))
        found = [child for child in node.children if isinstance(child, answer)]
        content = [child.deepcopy() for child in found[0].children] if found else []
        noted.append(NotedSelfCheck(number, content))
    if noted:
        NOTES.of(app.env)[docname] = noted


def chapter_number(env: BuildEnvironment, docname: str) -> str:
    """The number of ``docname`` as self-checks show it: Sphinx's section number if the
    toctree is ``:numbered:``, otherwise the document's place in the toctree that lists it."""
    numbers = env.toc_secnumbers.get(docname, {}).get("")
    if numbers:
        return ".".join(str(n) for n in numbers)
    for parent, children in env.toctree_includes.items():
        if docname not in children:
            continue
        for toctree in env.tocs[parent].findall(addnodes.toctree):
            entries = [ref for _title, ref in toctree["entries"]]
            if docname in entries:
                return str(entries.index(docname) + 1)
    return ""


def reading_order(env: BuildEnvironment, root: str) -> list[str]:
    """The documents in the order the book reads them, from ``root`` through the toctrees."""
    order: list[str] = []

    def walk(docname: str) -> None:
        if docname in order:
            return
        order.append(docname)
        for child in env.toctree_includes.get(docname, []):
            walk(child)

    walk(root)
    return order


def answer_key_document(env: BuildEnvironment) -> str | None:
    """The document that holds the answer key, if the book has one."""
    keys = sorted(KEYS.of(env))
    return keys[0] if keys else None


def check_answer_key(app: Sphinx, env: BuildEnvironment) -> None:
    """A book with self-checks needs an answer key for its ePub and PDF, and only one."""
    from sphinx.util import logging

    from .warnings_ import warn

    logger = logging.getLogger(__name__)
    keys = sorted(KEYS.of(env))
    for extra in keys[1:]:
        warn(
            logger,
            CoursebookWarning.SELF_CHECK,
            "a second answer key (the first is in %s)",
            keys[0],
            hint="keep one ':::{answer-key}' in the book",
            location=(extra, None),
        )
    checked = sorted(NOTES.of(env))
    if checked and not keys:
        warn(
            logger,
            CoursebookWarning.SELF_CHECK,
            "the book has self-checks but no answer key: the ePub and PDF have nowhere to "
            "print the answers",
            hint="add a document such as back/answers.md holding '# Answer key' and an "
            "':::{answer-key}' block, and list it in a toctree",
            location=(checked[0], None),
        )


def _note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    env.coursebook_reading = bool(docnames)  # type: ignore[attr-defined]


def key_outdated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The answer key is written again whenever a chapter was read again: its answers and
    their numbers come from the chapters. (A build that read nothing leaves it alone.)"""
    key = answer_key_document(env)
    reading = getattr(env, "coursebook_reading", False)
    return [key] if reading and key and key in env.all_docs else []


def setup(app: Sphinx) -> None:
    """Register the directives and the notes they take."""
    app.add_node(self_check)
    app.add_node(answer)
    app.add_node(answer_key)
    app.add_directive("self-check", SelfCheckDirective)
    app.add_directive("answer", AnswerDirective)
    app.add_directive("answer-key", AnswerKeyDirective)
    NOTES.connect(app)
    KEYS.connect(app)
    app.connect("doctree-read", note_self_checks)
    app.connect("env-check-consistency", check_answer_key)
    app.connect("env-before-read-docs", _note_reading)
    app.connect("env-get-updated", key_outdated)
