"""Words a book never hyphenates, found in a PDF: in a table's narrow cells ("evid-ence") and in
a web address ("pmc/art-icles/"), which a reader would type with the hyphen.

Typst marks the hyphens it adds with a soft hyphen (U+00AD) at the line's end; a hyphen that
belongs to the word is a plain one.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

SOFT_HYPHEN = "\u00ad"
TABLE_FACE = ("NotoSans", 9.0)  # the cells' face and size (coursebook.typ: `show table`)
LINK_COLOUR = 0x0B5F94  # coursebook.typ: `link-blue`, the colour of a link's words


def _hyphenated_lines(page: pymupdf.Page) -> list[tuple[pymupdf.Rect, str, float, int, str]]:
    """(box, font, size, colour of the last run, text) of each line that ends in an added
    hyphen."""
    found = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"]).rstrip()
            if text.endswith(SOFT_HYPHEN):
                last = line["spans"][-1]
                box = pymupdf.Rect(last["bbox"])
                found.append((box, last["font"], last["size"], last["color"], text))
    return found


def hyphenation_problems(pdf: Path) -> list[str]:
    """Each line of a table cell or a link that ends in a hyphen the typesetter added."""
    problems = []
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document, start=1):
            links = [pymupdf.Rect(link["from"]) for link in page.get_links()]
            for box, font, size, colour, text in _hyphenated_lines(page):
                face, size_ = TABLE_FACE
                if font.startswith(face) and round(size, 1) == size_:
                    problems.append(f"p. {number}: a table cell hyphenated: {text!r}")
                elif colour == LINK_COLOUR and any(box.intersects(link) for link in links):
                    problems.append(f"p. {number}: a link hyphenated: {text!r}")
    return problems
