"""The Typst main files of a book laid out in parts: one per part, and the front's.

Each file sets the book up as ``book.typ`` does (same ``book.with`` options) with a ``mode``
that tells ``coursebook.typ`` what to lay out, and ends with a query block: where the labels that
other parts link to landed, where the contents' headings landed, and how many pages it made.
The front's contents are written from those headings, with their titles as the chapters' own
Typst markup, so they read as Typst's ``outline`` would print them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..page_marks import HEADING as HEADING_KEY
from ..page_marks import MAP_LABEL, MARK_LABEL
from .markup import string
from .parts import Part

MARKS = (
    f"query(selector.or(heading, <{MARK_LABEL}>))"
    '.filter(e => e.func() == metadata or (e.has("label") and not toc-stand-in(e)))'
    f'.map(e => (if e.func() == metadata {{ e.value }} else {{ "{HEADING_KEY}" + str(e.label) }},'
    " e.location().page()))"
)
"""Typst: every paragraph's mark and every labelled heading of the book, in reading order, with
its page (:mod:`coursebook.editions.page_marks`); not the parts layout's stand-in headings."""
PAGE_MAP_BLOCK = f"#context [#metadata({MARKS})<{MAP_LABEL}>]\n"
"""Typst that records :data:`MARKS` for the whole book's compile to query."""
INFO_LABEL = "<cb-part-info>"
"""The label of the information block; :mod:`.compile_part` queries it."""
HEADING = re.compile(r"#heading\(level: ([12]), outlined: true\)\[")
IMPORT = '#import "/coursebook.typ": *\n'


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents: a heading of level 1 or 2 and where it landed."""

    level: int
    title: str
    """Typst markup."""
    target: str
    caption: str | None
    """The toctree caption printed above a top-level document, if any (Typst markup)."""
    offset: int
    """The heading's page, counted from the first page after the front."""
    in_front: bool = False
    """The heading is in the front itself (the root document's opening words, before its
    chapters): the front's compile finds its page, and ``offset`` is unused."""


def info_block(targets: list[str]) -> str:
    """Typst that records where ``targets`` and the contents' headings landed, and the pages."""
    wanted = "(" + "".join(string(t) + ", " for t in targets) + ")"
    return (
        "#context [#metadata((\n"
        f"  targets: {wanted}.map(t => {{\n"
        "    let found = query(label(t))\n"
        "    if found.len() == 0 { none } else {\n"
        "      let p = found.first().location().position()\n"
        "      (t, (p.page, p.x.pt(), p.y.pt()))\n"
        "    }\n"
        "  }).filter(x => x != none),\n"
        "  headings: query(heading.where(outlined: true)).filter(h => h.level <= 2).map(h => {\n"
        "    let p = h.location().position()\n"
        '    (h.level, if h.has("label") { str(h.label) } else { none },'
        " p.page, p.x.pt(), p.y.pt())\n"
        "  }),\n"
        f"  marks: {MARKS},\n"
        "  pages: counter(page).final().first(),\n"
        f")){INFO_LABEL}]\n"
    )


def part_source(options: str, part: Part, targets: list[str]) -> str:
    """A part's main file: its documents with no front matter and no page footer."""
    return (
        IMPORT
        + f'#show: book.with(\n  {options},\n  mode: "part",\n)\n'
        + "\n".join(part.lines)
        + "\n"
        + info_block(targets)
    )


def front_source(
    options: str,
    root_lines: list[str],
    entries: list[ContentsEntry],
    part_pages: int,
    targets: list[str],
) -> str:
    """The front's main file: cover, title page, contents, the root page, then ``part_pages``
    empty pages whose footers the join stamps on the parts' pages."""

    def entry(e: ContentsEntry) -> str:
        caption = "none" if e.caption is None else f"[{e.caption}]"
        return (
            f"(level: {e.level}, title: [{e.title}], target: {string(e.target)},"
            f" part: {caption}, offset: {e.offset}, in-front: {str(e.in_front).lower()})"
        )

    contents = "(\n" + "".join(f"    {entry(e)},\n" for e in entries) + "  )"
    return (
        IMPORT
        + f'#show: book.with(\n  {options},\n  mode: "front",\n  contents: {contents},\n'
        + f"  footer-pages: {part_pages},\n)\n"
        + "\n".join(root_lines)
        + "\n"
        + info_block(targets)
    )


def heading_titles(work: Path, documents: list[str]) -> dict[str, str]:
    """Label -> the Typst markup of the level 1 and 2 headings the documents' sources write."""
    titles: dict[str, str] = {}
    for docname in documents:
        text = (work / f"{docname}.typ").read_text("utf-8")
        for _level, label, title in labelled_headings(text):
            titles[label] = title
    return titles


def labelled_headings(text: str) -> list[tuple[int, str, str]]:
    """(level, label, Typst markup of the title) of each labelled level 1 or 2 heading."""
    found: list[tuple[int, str, str]] = []
    for match in HEADING.finditer(text):
        end = _closing_bracket(text, match.end())
        label = re.match(r'#label\(("(?:[^"\\]|\\.)*")\)', text[end + 1 :])
        if label:
            found.append((int(match.group(1)), _unquote(label.group(1)), text[match.end() : end]))
    return found


def front_contents_entries(root_lines: list[str]) -> list[ContentsEntry]:
    """The contents' lines for headings in the front itself: the root document's own words
    before its chapters (an "Introduction"), listed first, as in a book laid out whole."""
    return [
        ContentsEntry(level=level, title=title, target=label, caption=None, offset=0, in_front=True)
        for level, label, title in labelled_headings("\n".join(root_lines))
    ]


def _closing_bracket(text: str, start: int) -> int:
    """The index of the ``]`` that closes the content block opened just before ``start``."""
    depth = 1
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced heading markup")


def _unquote(literal: str) -> str:
    """A Typst string literal's value (:func:`.markup.string` writes JSON-compatible escapes)."""
    value = json.loads(literal)
    assert isinstance(value, str)
    return value


def contents_entries(
    parts: list[Part], infos: dict[int, dict[str, Any]], titles: dict[str, str]
) -> list[ContentsEntry]:
    """The contents, from each part's headings, numbered from the first page after the front."""
    entries: list[ContentsEntry] = []
    offset = 0
    for part in parts:
        info = infos[part.number]
        for level, label, page, _x, _y in info["headings"]:
            if label is None or label not in titles:
                continue  # the translator labels every heading it writes: none is left out
            entries.append(
                ContentsEntry(
                    level=int(level),
                    title=titles[label],
                    target=label,
                    caption=part.captions.get(label),  # a document's label is its title's
                    offset=offset + int(page),
                )
            )
        offset += int(info["pages"])
    return entries
