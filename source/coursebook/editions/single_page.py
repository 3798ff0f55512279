"""Make Sphinx's single-page HTML a well-formed source for a paged book.

Sphinx's ``singlehtml`` output has two defects that break a PDF (see TOOLCHAIN.md):

* links between documents are written ``#document-x#anchor`` (sphinx-doc/sphinx#14221), which
  WeasyPrint cannot resolve, so they would be dead;
* ids are unique per document only: every chapter's "Self-check" heading gets
  ``id="self-check"``, so links would all jump to the first chapter.

The builder's translator wraps each document in ``<div class="cb-chapter" data-doc="x">`` (see
:class:`coursebook.editions.pdf.PrintTranslator`); :func:`prepare_for_print` uses those wrappers to
make ids unique and resolve every link, and reports any link that still has no target. It also sets
each exercise page in two columns, the card's front beside its back (:func:`_card_columns`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import html
from lxml.etree import _Element

DOC_MARKER = "document-"
ROOT_DOC = ""


@dataclass
class PrintPage:
    """The rewritten page and what the rewrite found."""

    html: str
    chapters: list[str] = field(default_factory=list)
    dead_links: list[str] = field(default_factory=list)


def _slug(docname: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-").lower()


def _owner(element: _Element, root_doc: str) -> str:
    """The document an element came from: its nearest ancestor chapter, or the root document."""
    for candidate in (element, *element.iterancestors()):
        doc = candidate.get("data-doc")
        if doc is not None:
            return doc
    return root_doc


def _chapter_ids(tree: _Element) -> dict[str, str]:
    """The id of each document's wrapper (``<div data-doc>``), where links to the document go."""
    return {
        div.get("data-doc", ""): div.get("id", "")
        for div in tree.iter("div")
        if div.get("data-doc") is not None
    }


def _join_source_lines(tree: _Element) -> None:
    """Turn the line breaks of the Markdown source into spaces, outside preformatted text.

    Collapsible white space should make this unnecessary, but WeasyPrint 70 sometimes ends a
    justified line at a source newline, leaving a single word stranded on its own line.
    """
    # Decided by ancestry, never by id(): lxml makes a new proxy object for an element each time
    # it is reached and frees it after, so ids are reused at random, and the PDF once differed
    # between two builds of the same sources (code examples joined into one line).
    for element in tree.iter():
        inside = element.tag == "pre" or next(element.iterancestors("pre"), None) is not None
        if element.text and "\n" in element.text and not inside:
            element.text = _NEWLINES.sub(" ", element.text)
        parent = element.getparent()
        parent_inside = parent is not None and (
            parent.tag == "pre" or next(parent.iterancestors("pre"), None) is not None
        )
        if element.tail and "\n" in element.tail and not parent_inside:
            element.tail = _NEWLINES.sub(" ", element.tail)


_NEWLINES = re.compile(r"[ \t]*\n[ \t]*")

EXERCISE_PART = "cb-exercise-part"
BACK_STARTS = "cb-exercise-breathing"
"""The class of the first part of a card's back (see
:func:`coursebook.exercises.model.card_sections`)."""


def _classes(element: _Element) -> list[str]:
    return (element.get("class") or "").split()


def _card_columns(tree: _Element) -> None:
    """Put each exercise page's parts in two columns: the card's front, then its back.

    CSS multi-column layout would balance them, but WeasyPrint balances by laying the columns
    out again and again, a pixel taller each time: it took three quarters of the whole PDF
    step (README, Performance). Two plain blocks side by side cost one layout, and the page
    reads like its card, with the same parts in the same place on every exercise.
    """
    for section in tree.iter("section"):
        if "cb-exercise" not in _classes(section):
            continue
        children = list(section)
        parts = [c for c in children if EXERCISE_PART in _classes(c)]
        backs = [i for i, c in enumerate(parts) if BACK_STARTS in _classes(c)]
        if not backs:
            continue
        front, back = parts[: backs[0]], parts[backs[0] :]
        first = children.index(parts[0])
        if first and "cb-exercise-pictogram" in _classes(children[first - 1]):
            front.insert(0, children[first - 1])  # the figure heads the front, as on the card
            first -= 1
        columns = html.Element("div", {"class": "cb-exercise-columns"})
        for side, members in (("front", front), ("back", back)):
            column = html.Element("div", {"class": f"cb-exercise-column cb-exercise-{side}"})
            column.extend(members)  # moves them out of the section
            columns.append(column)
        section.insert(first, columns)


def prepare_for_print(page: str, root_doc: str = "index") -> PrintPage:
    """Rewrite the single page for print: chapters marked, ids unique, every link resolved."""
    tree = html.document_fromstring(page)
    for script in list(tree.iter("script")):
        script.getparent().remove(script)  # type: ignore[union-attr]
    first_section = _chapter_ids(tree)
    _join_source_lines(tree)
    _card_columns(tree)

    # Make ids unique: the first use keeps its name, a later one from another document is
    # prefixed with that document's name. Remember the mapping per document for the links.
    seen: set[str] = set()
    ids: dict[tuple[str, str], str] = {}
    for element in tree.iter():
        old = element.get("id")
        if not old:
            continue
        doc = _owner(element, root_doc)
        new = old
        if new in seen:
            new = f"{_slug(doc)}--{old}"
            suffix = 2
            while new in seen:
                new, suffix = f"{_slug(doc)}--{old}-{suffix}", suffix + 1
            element.set("id", new)
        seen.add(new)
        ids.setdefault((doc, old), new)

    dead: list[str] = []
    for link in list(tree.iter("a")):
        href = link.get("href", "")
        if "image-reference" in link.get("class", ""):
            # Sphinx links a scaled image to its file; on paper that is a dead, path-leaking link.
            link.drop_tag()  # type: ignore[attr-defined]
            continue
        if not href.startswith("#"):
            if not re.match(r"(https?|mailto):", href):
                dead.append(href)  # a file of the website, which the PDF cannot open
            continue
        doc, _, anchor = href[1:].partition("#")
        if doc.startswith(DOC_MARKER):
            target_doc = doc[len(DOC_MARKER) :]
            target = ids.get((target_doc, anchor)) if anchor else first_section.get(target_doc)
        else:
            target = ids.get((_owner(link, root_doc), doc), doc if doc in seen else None)
        if target is None or target not in seen:
            dead.append(href)
            continue
        link.set("href", "#" + target)

    text = html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
    return PrintPage(text, sorted(first_section), dead)
