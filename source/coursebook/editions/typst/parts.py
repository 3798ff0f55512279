"""The plan of a book laid out in parts: which top-level documents go together, and what links
cross from one part to another.

The root document's Typst source includes the top-level documents where its toctrees stood.
Its lines before the first include are the root page (laid out with the front matter); the rest
is cut at each include into units of one document, which are packed in reading order into parts
of at most :data:`PART_SOURCE_BYTES` of Typst source. Packing in order with a fixed limit (rather
than balancing on the total) keeps the boundaries where they were when one chapter grows, so an
edit lays out again only the part that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INCLUDE = re.compile(r'^#include "/([^"]+)\.typ"$')
PART_CAPTION = re.compile(r"^#cb-part\(\[(.*)\]\)$")
FRONT = 0
"""The number of the front part: cover, title page, contents and the root page."""

PART_SOURCE_BYTES = 150_000
"""Most Typst source in one part. Typst's memory grows with what it lays out (144 MB for the
course's 221 KB of source in one compile, 534 MB at ten times): at ten times the course, two
parts of this size at once beside the Sphinx process (158 MB) peaked at 310 MB in all. Smaller
parts cost little: each child process adds about 0.1 s of CPU, and a ten-times book in parts of
this size built no slower than in parts of 300 KB (README, Performance)."""


@dataclass
class Part:
    """Top-level documents laid out together in one compile, in reading order."""

    number: int
    lines: list[str] = field(default_factory=list)
    """The root document's lines for these documents: part captions and includes."""
    documents: list[str] = field(default_factory=list)
    """Every document the part lays out: the top-level ones and those they include."""
    captions: dict[str, str] = field(default_factory=dict)
    """Top-level document -> the toctree caption just above it (Typst markup)."""
    size: int = 0

    @property
    def name(self) -> str:
        return f"part-{self.number:03d}"


@dataclass
class Plan:
    """The book cut into parts, with the links that leave each part."""

    root_lines: list[str]
    parts: list[Part]
    owner: dict[str, int]
    """Label -> number of the part that defines it (:data:`FRONT` for the root page's)."""
    foreign: dict[int, list[str]]
    """Part number -> the labels its links reach in other parts."""
    wanted: dict[int, list[str]]
    """Part number -> its labels that other parts link to, whose position it must report."""


def documents_under(work: Path, docname: str) -> list[str]:
    """A document and those its Typst source includes (a library includes its pages)."""
    text = (work / f"{docname}.typ").read_text("utf-8")
    found = [docname]
    for line in text.split("\n"):
        if match := INCLUDE.match(line):
            found += documents_under(work, match.group(1))
    return found


def _units(work: Path, lines: list[str]) -> list[Part]:
    """One unit per included document, with the caption lines above it."""
    units: list[Part] = []
    pending: list[str] = []
    caption = ""
    for line in lines:
        pending.append(line)
        if match := PART_CAPTION.match(line):
            caption = match.group(1)
        elif match := INCLUDE.match(line):
            docname = match.group(1)
            documents = documents_under(work, docname)
            unit = Part(number=0, lines=pending, documents=documents)
            if caption:
                unit.captions[docname] = caption
            unit.size = sum((work / f"{d}.typ").stat().st_size for d in documents)
            units.append(unit)
            pending, caption = [], ""
    if units and any(line.strip() for line in pending):
        units[-1].lines += pending  # the root's text after its last toctree ends the book
    return units


def _pack(units: list[Part], limit: int) -> list[Part]:
    """Units packed in order into parts of at most ``limit`` bytes (a larger unit alone)."""
    parts: list[Part] = []
    for unit in units:
        if not parts or parts[-1].size + unit.size > limit:
            parts.append(Part(number=len(parts) + 1))
        part = parts[-1]
        part.lines += unit.lines
        part.documents += unit.documents
        part.captions.update(unit.captions)
        part.size += unit.size
    if len(parts) == 1:  # a small book asked for in parts: one top-level document each
        parts = [unit for unit in units]
        for number, unit in enumerate(parts, 1):
            unit.number = number
    return parts


def plan_parts(
    work: Path, root_doc: str, records: dict[str, dict[str, Any]], limit: int = PART_SOURCE_BYTES
) -> Plan:
    """Cut the book whose Typst sources are in ``work`` into parts; ``records`` are the builder's
    (per document: the labels it defines and the links it makes)."""
    lines = (work / f"{root_doc}.typ").read_text("utf-8").split("\n")
    first = next(
        (i for i, line in enumerate(lines) if INCLUDE.match(line) or PART_CAPTION.match(line)),
        len(lines),
    )
    parts = _pack(_units(work, lines[first:]), limit)
    owner = {label: FRONT for label in records.get(root_doc, {}).get("labels", [])}
    for part in parts:
        for docname in part.documents:
            for label in records.get(docname, {}).get("labels", []):
                owner[label] = part.number
    foreign: dict[int, set[str]] = {FRONT: set()}
    wanted: dict[int, set[str]] = {FRONT: set()}
    for number, documents in [(FRONT, [root_doc])] + [(p.number, p.documents) for p in parts]:
        foreign.setdefault(number, set())
        wanted.setdefault(number, set())
        for docname in documents:
            for target, _where in records.get(docname, {}).get("links", []):
                where = owner.get(target)
                if where is not None and where != number:
                    foreign[number].add(target)
                    wanted.setdefault(where, set()).add(target)
    return Plan(
        root_lines=lines[:first],
        parts=parts,
        owner=owner,
        foreign={n: sorted(t) for n, t in foreign.items()},
        wanted={n: sorted(t) for n, t in wanted.items()},
    )
