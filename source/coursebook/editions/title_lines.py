"""Where a book's title breaks on its covers and title page: at its colon, then evenly.

A line breaker fills each line as far as it goes, so "The Psoas: A Practical Course" came out as
"The Psoas: A Practical" over a lone "Course". A designer breaks a title where it pauses (after
"The Psoas:") and otherwise into lines of about the same length. The PDF (Typst) and the ePub's
drawn cover (Pillow) both take their lines from here, so the two covers break alike.
"""

from __future__ import annotations

import re
from itertools import combinations, pairwise

COLON = re.compile(r"(?<=:)\s+")
"""A break after a colon; French sets a space before the colon ("Le genou : un cours"), which
stays on the first line with it."""


def balanced_lines(words: list[str], count: int) -> list[str]:
    """``words`` in ``count`` lines, the longest line as short as it can be."""
    if count <= 1 or len(words) <= 1:
        return [" ".join(words)]
    count = min(count, len(words))
    best: list[str] = []
    for cuts in combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        lines = [" ".join(words[a:b]) for a, b in pairwise(bounds)]
        if not best or max(map(len, lines)) < max(map(len, best)):
            best = lines
    return best


def title_lines(title: str, line_chars: int) -> list[str]:
    """The title's lines, each about ``line_chars`` characters at most: broken after a colon,
    then each part into as few even lines as fit (a word longer than a line keeps its own)."""
    lines: list[str] = []
    for part in COLON.split(title.strip()):
        words = part.split()
        count = max(1, -(-len(part) // line_chars))  # ceiling division
        while count < len(words) and max(map(len, balanced_lines(words, count))) > line_chars:
            count += 1
        lines.extend(balanced_lines(words, count))
    return [line for line in lines if line]
