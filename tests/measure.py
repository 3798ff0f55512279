"""The measure of a PDF's body text, read from its glyph positions as a book designer would.

A body line is a line set in the book's body font and size (the pair that sets the most
characters); a full line is one that runs the whole measure (at least 90% of the widest body
line), so neither a paragraph's short last line nor a narrow column counts.
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pymupdf

FULL = 0.9  # of the widest body line: a line that runs the measure
MEASURE = (60, 75)  # characters a line, what a book sets for reading
LEADER = ". . ."  # the dots between a contents entry and its page


def _lines(pdf: Path) -> list[list[tuple[str, float, float, float, str]]]:
    """Each page's lines: (font, size, x0, x1, text) for each line's first font run."""
    pages = []
    with pymupdf.open(pdf) as document:
        for page in document:
            lines = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    spans = [s for s in line["spans"] if s["text"].strip()]
                    if not spans:
                        continue
                    text = "".join(s["text"] for s in line["spans"]).strip()
                    if LEADER in text:
                        continue  # a contents or index entry, not a line of text
                    main = max(spans, key=lambda s: len(s["text"]))
                    x0, _, x1, _ = line["bbox"]
                    lines.append((main["font"], round(main["size"], 1), x0, x1, text))
            pages.append(lines)
    return pages


def full_body_lines(pdf: Path) -> list[str]:
    """The text of every body line that runs the whole measure."""
    pages = _lines(pdf)
    counts: Counter[tuple[str, float]] = Counter()
    for lines in pages:
        for font, size, _, _, text in lines:
            counts[(font, size)] += len(text)
    if not counts:
        return []
    body = counts.most_common(1)[0][0]
    widths = [x1 - x0 for lines in pages for font, size, x0, x1, _ in lines if (font, size) == body]
    measure = max(widths)
    return [
        text
        for lines in pages
        for font, size, x0, x1, text in lines
        if (font, size) == body and x1 - x0 >= FULL * measure
    ]


def median_line_length(pdf: Path) -> float:
    """The median number of characters in a full body line (0 if the PDF has none)."""
    lengths = [len(text) for text in full_body_lines(pdf)]
    return statistics.median(lengths) if lengths else 0.0


def measure_problems(pdf: Path) -> list[str]:
    """Why the body text's measure is not a book's (60-75 characters a line), if it is not."""
    median = median_line_length(pdf)
    low, high = MEASURE
    if low <= median <= high:
        return []
    return [f"{pdf.name}: body lines run {median:g} characters (median), not {low}-{high}"]
