"""Typeset a large book in parts: each compiled in a child process, then joined into one PDF.

A single Typst compile keeps every page of the book in memory until it writes the PDF: about
530 MB for a book ten times the course, in the Sphinx process. Laid out in parts of at most
:data:`~.parts.PART_SOURCE_BYTES` of source, at most :data:`WORKERS` at a time, each in a fresh
process, no process holds more than one part (README, Performance).

The order of work:

1. plan the parts from the root document's includes (:mod:`.parts`);
2. compile each part whose inputs changed since the last build; the others are reused from the
   ``_parts`` folder, keyed by a digest of everything the compile reads;
3. compile the front (cover, title page, contents written from where the parts' headings
   landed, the root page, and one footer page per part page);
   steps 2 and 3 again for the parts whose printed page numbers ("Answer on p. 61") turned out
   wrong (:mod:`.part_pages`);
4. join them (:mod:`.join`).
"""

from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..page_marks import Mark, marks_from_typst
from .compile_part import CompileResult, CompileSpec, compile_in_child
from .join import JoinSpec, join_in_child
from .part_pages import (
    ROUNDS,
    PageNumbers,
    found_numbers,
    inputs,
    page_link_targets,
    part_offsets,
)
from .part_sources import (
    contents_entries,
    front_contents_entries,
    front_source,
    heading_titles,
    part_source,
)
from .parts import FRONT, Part, Plan, plan_parts

FOLDER = "_parts"
WORKERS = 2
"""Parts compiled at once: the machines the book is built on have 2 cores, and each process
holds one part's pages, so this also bounds the memory taken together."""
FILE_NAMED = re.compile(r'"(/[^"\\]+)"')
"""A path in a Typst string (an image, the cover): the file is an input of the compile."""


@dataclass(frozen=True)
class Settings:
    """What every compile of the book shares."""

    work: Path
    options: str
    """The arguments of ``book.with`` as ``book.typ`` has them."""
    root_doc: str
    records: dict[str, dict[str, Any]]
    dead_links: list[str]
    timestamp: int


@dataclass
class Report:
    """What laying out the book in parts gave: Typst's messages, what was reused, memory."""

    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    compiled: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    peak_mb: dict[str, float] = field(default_factory=dict)
    """Per child process (part name, ``front``, ``join``): its peak resident memory."""
    marks: list[Mark] = field(default_factory=list)
    """Where each paragraph landed in the joined PDF (:mod:`coursebook.editions.page_marks`)."""


def typeset_in_parts(settings: Settings, output: Path) -> Report:
    """Write the book's PDF to ``output`` (a PDF is written only when nothing failed)."""
    folder = settings.work / FOLDER
    folder.mkdir(exist_ok=True)
    plan = plan_parts(settings.work, settings.root_doc, settings.records)
    constant = _constant_inputs(settings)
    printed = {part.number: page_link_targets(settings.work, part.documents) for part in plan.parts}
    printed[FRONT] = page_link_targets(settings.work, [settings.root_doc])
    known = PageNumbers.load(folder)
    compiled: list[str] = []
    for _round in range(ROUNDS):
        report, infos, part_pages = _lay_out(settings, plan, constant, printed, known)
        compiled += [name for name in report.compiled if name not in compiled]
        if report.errors:
            return report
        found = found_numbers(plan, infos, part_pages)
        if all(
            inputs(n, t, plan.owner, found) == inputs(n, t, plan.owner, known)
            for n, t in printed.items()
        ):
            break
        known = found  # the pages printed were not where things landed: lay out again
    known.save(folder)
    report.compiled = compiled
    report.reused = [name for name in report.reused if name not in compiled]
    positions, headings = _positions(plan, infos)
    report.marks = _marks(plan, infos, part_pages)
    joined = join_in_child(
        JoinSpec(
            front=str(folder / "front.pdf"),
            part_pages=part_pages,
            parts=[str(folder / f"{p.name}.pdf") for p in plan.parts],
            positions=positions,
            headings=headings,
            output=str(output),
        )
    )
    report.errors += joined.errors
    report.warnings += [f"link to {t} has no target in the PDF's parts" for t in joined.unresolved]
    report.peak_mb["join"] = joined.peak_mb
    return report


def _lay_out(
    settings: Settings,
    plan: Plan,
    constant: str,
    printed: dict[int, set[str]],
    known: PageNumbers,
) -> tuple[Report, dict[int, dict[str, Any]], int]:
    """Compile every part, then the front, printing the page numbers ``known``."""
    folder = settings.work / FOLDER
    report = Report()
    infos: dict[int, dict[str, Any]] = {}

    def one_part(part: Part) -> tuple[Part, CompileResult]:
        source = part_source(settings.options, part, plan.wanted.get(part.number, []))
        links = plan.foreign[part.number]
        pages = inputs(part.number, printed[part.number], plan.owner, known)
        result = _compile_cached(
            settings, constant, part.name, source, part.documents, links, pages
        )
        return part, result

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for part, result in pool.map(one_part, plan.parts):
            _collect(report, part.name, result, infos, part.number)
    _forget_other_parts(folder, {p.name for p in plan.parts})
    if report.errors:
        return report, infos, 0

    titles = heading_titles(settings.work, [d for p in plan.parts for d in p.documents])
    entries = front_contents_entries(plan.root_lines) + contents_entries(plan.parts, infos, titles)
    part_pages = sum(int(infos[p.number]["pages"]) for p in plan.parts)
    targets = sorted(t for t, n in plan.owner.items() if n == FRONT)
    source = front_source(settings.options, plan.root_lines, entries, part_pages, targets)
    front_links = sorted({e.target for e in entries if not e.in_front} | set(plan.foreign[FRONT]))
    pages = inputs(FRONT, printed[FRONT], plan.owner, known)
    result = _compile_cached(settings, constant, "front", source, [], front_links, pages)
    _collect(report, "front", result, infos, FRONT)
    return report, infos, part_pages


def _collect(
    report: Report, name: str, result: CompileResult, infos: dict[int, Any], number: int
) -> None:
    report.warnings += result.warnings
    report.errors += result.errors
    if result.reused:
        report.reused.append(name)
    else:
        report.compiled.append(name)
        report.peak_mb[name] = result.peak_mb
    if result.info is not None:
        infos[number] = result.info


def _positions(
    plan: Plan, infos: dict[int, dict[str, Any]]
) -> tuple[dict[str, tuple[int, int, float, float]], list[str]]:
    """Where each located label landed: (source, page in it, x, y); and the headings' labels."""
    positions: dict[str, tuple[int, int, float, float]] = {}
    headings: set[str] = set()
    for number in [FRONT, *(p.number for p in plan.parts)]:
        info = infos[number]
        for target, (page, x, y) in info["targets"]:
            positions[target] = (number, page, x, y)
        for _level, label, page, x, y in info["headings"]:
            if label is not None:
                positions.setdefault(label, (number, page, x, y))
                headings.add(label)
    return positions, sorted(headings)


def _marks(plan: Plan, infos: dict[int, dict[str, Any]], part_pages: int) -> list[Mark]:
    """Every paragraph's mark with its page in the joined PDF (:func:`.part_pages.part_offsets`)."""
    offsets = part_offsets(plan, infos, part_pages)
    marks = marks_from_typst(infos[FRONT].get("marks", []))
    for part in plan.parts:
        marks += marks_from_typst(infos[part.number].get("marks", []), offsets[part.number])
    return marks


# -- compiling, or reusing what the last build compiled --------------------------------------


def _constant_inputs(settings: Settings) -> str:
    """A digest of what every compile reads: the stylesheet, the fonts, the compiler, the date."""
    import importlib.metadata

    digest = hashlib.sha256()
    digest.update((settings.work / "coursebook.typ").read_bytes())
    for font in sorted((settings.work / "_fonts").iterdir()):
        digest.update(font.name.encode() + b"\0" + font.read_bytes())
    digest.update(importlib.metadata.version("typst").encode())
    digest.update(str(settings.timestamp).encode())
    digest.update("\n".join(settings.dead_links).encode())
    return digest.hexdigest()


def _inputs_digest(
    work: Path, constant: str, source: str, documents: list[str], sys_inputs: dict[str, str]
) -> str:
    """A digest of everything one compile reads: its main file, its documents' sources, the files
    they name (images), the shared inputs and the compiler's inputs from outside."""
    digest = hashlib.sha256(constant.encode())
    digest.update(json.dumps(sys_inputs, sort_keys=True).encode())
    texts = [source] + [(work / f"{d}.typ").read_text("utf-8") for d in documents]
    named: set[str] = set()
    for text in texts:
        digest.update(text.encode() + b"\0")
        named.update(FILE_NAMED.findall(text))
    for name in sorted(named):
        path = work / name.lstrip("/")
        if path.suffix != ".typ" and path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _compile_cached(
    settings: Settings,
    constant: str,
    name: str,
    source: str,
    documents: list[str],
    foreign: list[str],
    pages: dict[str, str],
) -> CompileResult:
    """Compile ``source`` as ``_parts/<name>.pdf``, unless the last build did with these inputs.

    A reused compile keeps its warnings: an incremental build reports what a clean one would.
    """
    folder = settings.work / FOLDER
    # Links to labels of other parts: the part writes them as ``cbref:`` links for the join.
    # No page references: a part counts its pages from 1, and its place in the book is known
    # only once the parts before it are laid out (README, PDF: page references).
    sys_inputs = {
        "dead-links": "\n".join(settings.dead_links),
        "foreign-links": "\n".join(foreign),
        "page-references": "off",
        **pages,  # the page numbers it prints, if any (.part_pages)
    }
    digest = _inputs_digest(settings.work, constant, source, documents, sys_inputs)
    main, pdf, record = (folder / f"{name}{suffix}" for suffix in (".typ", ".pdf", ".json"))
    saved = _read_record(record)
    if saved.get("digest") == digest and pdf.is_file():
        return CompileResult(warnings=saved["warnings"], info=saved["info"], reused=True)
    main.write_text(source, "utf-8")
    record.unlink(missing_ok=True)  # a failed compile must not leave the old record valid
    result = compile_in_child(
        CompileSpec(
            root=str(settings.work),
            main=str(main),
            output=str(pdf),
            fonts=str(settings.work / "_fonts"),
            timestamp=settings.timestamp,
            sys_inputs=sys_inputs,
        )
    )
    if not result.errors:
        saved = {"digest": digest, "warnings": result.warnings, "info": result.info}
        record.write_text(json.dumps(saved), "utf-8")
    return result


def _read_record(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _forget_other_parts(folder: Path, names: set[str]) -> None:
    """Remove the files of parts the book no longer has (it got shorter)."""
    for path in folder.glob("part-*"):
        if path.stem not in names:
            path.unlink()
