"""Mistakes in a chapter's MyST that Sphinx and MyST accept without a word.

* **Nested colon fences with as many colons.** A ``:::`` line closes the innermost open fence of
  at least as many colons, so a ``:::{note}`` inside a ``:::{tip}`` closes the tip at the note's
  closing line: the rest of the tip spills out of its box and the tip's own ``:::`` is left
  over. The outer fence needs more colons than any fence inside it (``::::{tip}``). The check
  reads the chapter's text as the author wrote it, before MyST pairs the fences its own way.
* **A chapter with no title.** Without a top-level ``#`` heading a chapter is listed as
  "<no title>" in every table of contents, the ePub's navigation and the PDF's bookmarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes

from ..warnings_ import CoursebookWarning, note_finding

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FENCE = re.compile(r"^\s*(?P<marks>:{3,}|`{3,}|~{3,})\s*(?P<info>.*?)\s*$")
# Directives whose body is text, not MyST: fences inside them are not fences.
LITERAL_DIRECTIVES = ("{code", "{sourcecode", "{literalinclude", "{math", "{raw", "{eval-rst")


@dataclass(frozen=True)
class _Fence:
    mark: str
    count: int
    line: int
    opening: str
    literal: bool


@dataclass(frozen=True)
class FenceProblem:
    """A fence opened inside another with at least as many colons."""

    line: int
    opening: str
    outer_line: int
    outer_opening: str


def nested_colon_fences(text: str) -> list[FenceProblem]:
    """Every colon fence opened inside an open colon fence that has no more colons than it."""
    problems = []
    stack: list[_Fence] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE.match(line)
        if match is None:
            continue
        marks, info = match["marks"], match["info"]
        mark, count = marks[0], len(marks)
        if stack and stack[-1].literal:
            # Inside code, only the code block's own closing fence counts.
            if mark == stack[-1].mark and count >= stack[-1].count and not info:
                stack.pop()
            continue
        if not info:
            closes = [
                index
                for index, fence in enumerate(stack)
                if fence.mark == mark and fence.count <= count
            ]
            if closes:
                del stack[closes[-1] :]
            elif mark != ":":
                stack.append(_Fence(mark, count, number, line.strip(), literal=True))
            continue
        if mark == ":":
            enclosing = [fence for fence in stack if fence.mark == ":" and fence.count <= count]
            if enclosing:
                outer = enclosing[-1]
                problems.append(FenceProblem(number, line.strip(), outer.line, outer.opening))
        literal = (mark != ":" and not info.startswith("{")) or info.startswith(LITERAL_DIRECTIVES)
        stack.append(_Fence(mark, count, number, line.strip(), literal))
    return problems


def check_colon_fences(app: Sphinx, docname: str, source: list[str]) -> None:
    """Note, at its line, every colon fence nested in one with as many colons."""
    for problem in nested_colon_fences(source[0]):
        outer_colons = len(problem.outer_opening) - len(problem.outer_opening.lstrip(":"))
        note_finding(
            app.env,
            docname,
            CoursebookWarning.COLON_FENCE,
            f"'{problem.opening}' opens inside '{problem.outer_opening}' (line "
            f"{problem.outer_line}) with as many colons or more, so its closing ':::' closes the "
            "outer block too",
            hint=f"give the outer block more colons than any block inside it: "
            f"'{':' * (outer_colons + 1)}{problem.outer_opening.lstrip(':')}' and a closing "
            f"line of {outer_colons + 1} colons",
            location=(docname, problem.line),
        )


def check_title(app: Sphinx, doctree: nodes.document) -> None:
    """Note a chapter with no top-level heading, which every table of contents would miss."""
    if any(isinstance(child, nodes.section) for child in doctree.children):
        return
    docname = app.env.current_document.docname
    note_finding(
        app.env,
        docname,
        CoursebookWarning.NO_TITLE,
        "this chapter has no title",
        hint="begin it with a heading of one '#', e.g. '# Warming up'",
        location=(docname, 1),
    )


def setup(app: Sphinx) -> None:
    """Check each chapter's fences before MyST parses it, and its title after."""
    app.connect("source-read", check_colon_fences)
    app.connect("doctree-read", check_title)
