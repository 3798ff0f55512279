"""Citation markers as a book sets them, checked in an edition's output: held to their word in
the PDF's Typst source, in ascending order on the website."""

from __future__ import annotations

import re
from pathlib import Path

# A note marker after a space (or a line's start, which Typst reads as one): a line may
# start with it.
LOOSE_MARKER = re.compile(r"(?:\s|^)#(?:cb-note-ref\(|super\[\d)", re.MULTILINE)

# A run of adjacent note markers in the website's HTML, and the number in each.
HTML_MARKER = (
    r'<a class="footnote-reference[^>]*>(?:<span class="fn-bracket">\[</span>)?'
    r"(\d+)(?:<span class=\"fn-bracket\">\]</span>)?</a>"
)
HTML_RUN = re.compile("(?:" + HTML_MARKER.replace(r"(\d+)", r"\d+") + "){2,}")


def loose_markers(typst_source: str) -> list[str]:
    """The note markers in a Typst source that a line break may separate from their word."""
    return [match.group().strip() for match in LOOSE_MARKER.finditer(typst_source)]


def unsorted_marker_runs(html: str) -> list[list[int]]:
    """The numbers of each run of adjacent note markers not in ascending order."""
    runs = [
        [int(n) for n in re.findall(HTML_MARKER, run.group())] for run in HTML_RUN.finditer(html)
    ]
    return [run for run in runs if run != sorted(run)]


def site_unsorted_marker_runs(site: Path) -> list[str]:
    """Each page of a built website with a run of note markers out of order."""
    return [
        f"{page.relative_to(site)}: {run}"
        for page in sorted(site.rglob("*.html"))
        for run in unsorted_marker_runs(page.read_text("utf-8"))
    ]
