"""Page numbers printed by a book laid out in parts ("Answer on p. 61").

A part is compiled on its own: its page counter starts at 1, and a label in another part is not
in its compile. So a part that prints pages (``cb-page-link`` in ``coursebook.typ``) is given two
inputs: ``page-offset``, the book's pages before it, and ``page-targets``, the book page of each
label of another part it prints the page of. Both are known only once every part and the front
are laid out; :mod:`.in_parts` lays out with the last build's numbers (kept in
:data:`RECORD`), and lays out again the parts whose numbers turned out different, until they
agree. A build after a small edit usually agrees at once and reuses every other part.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .parts import FRONT, Plan

RECORD = "pages.json"
PAGE_LINK = re.compile(r'#cb-page-link\("((?:[^"\\]|\\.)*)"')
ROUNDS = 3
"""Layouts at most: a page number's width could move a break, which moves the numbers after it;
that settles at the second layout in practice."""


@dataclass
class PageNumbers:
    """The book's pages before each part (by number) and the book page of each target."""

    offsets: dict[int, int] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> PageNumbers:
        try:
            saved = json.loads(Path(folder, RECORD).read_text("utf-8"))
            offsets = {int(k): int(v) for k, v in saved["offsets"].items()}
            return cls(offsets, {str(k): int(v) for k, v in saved["pages"].items()})
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            return cls()

    def save(self, folder: Path) -> None:
        record = {"offsets": self.offsets, "pages": self.pages}
        Path(folder, RECORD).write_text(json.dumps(record, sort_keys=True), "utf-8")


def page_link_targets(work: Path, documents: list[str]) -> set[str]:
    """The labels whose pages ``documents`` print."""
    found: set[str] = set()
    for docname in documents:
        text = Path(work, f"{docname}.typ").read_text("utf-8")
        found.update(json.loads(f'"{m}"') for m in PAGE_LINK.findall(text))
    return found


def inputs(
    number: int, targets: set[str], owner: dict[str, int], known: PageNumbers
) -> dict[str, str]:
    """The compiler's inputs for part ``number``, which prints the pages of ``targets``: none
    for a part that prints no page (its compile stays as it was)."""
    if not targets:
        return {}
    result = {}
    if number in known.offsets:
        result["page-offset"] = str(known.offsets[number])
    elsewhere = sorted(t for t in targets if owner.get(t, number) != number and t in known.pages)
    if elsewhere:
        result["page-targets"] = "\n".join(f"{t}\t{known.pages[t]}" for t in elsewhere)
    return result


def part_offsets(plan: Plan, infos: dict[int, dict[str, Any]], part_pages: int) -> dict[int, int]:
    """The book's pages before each part and the front: the front's own pages come first
    (without the footer pages it carries for the parts), then each part's in turn."""
    offsets = {FRONT: 0}
    offset = int(infos[FRONT]["pages"]) - part_pages
    for part in plan.parts:
        offsets[part.number] = offset
        offset += int(infos[part.number]["pages"])
    return offsets


def found_numbers(plan: Plan, infos: dict[int, dict[str, Any]], part_pages: int) -> PageNumbers:
    """Where the parts and the labels other parts asked for landed, in book pages."""
    offsets = part_offsets(plan, infos, part_pages)
    pages: dict[str, int] = {}
    for number, offset in offsets.items():
        for target, (page, _x, _y) in infos[number]["targets"]:
            pages[target] = offset + int(page)
    return PageNumbers(offsets, pages)
