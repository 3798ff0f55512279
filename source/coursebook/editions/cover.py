"""Draw a typographic ePub cover from the book's title, subtitle and author.

Used when the book sets no ``coursebook_cover_image``: nothing on it but the book's own words, so
it suits any course. E-readers show the cover as a bitmap in their library, so it is a PNG; the
PDF has its own typeset cover page (``editions/typst/coursebook.typ``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .fonts import find_font
from .title_lines import title_lines

WIDTH, HEIGHT = 1600, 2400
MARGIN = 140
INK = "#ffffff"
BACKGROUND = "#0b4f7c"  # a darker shade of Okabe-Ito blue, for white text at AA contrast
ACCENT = "#E69F00"  # Okabe-Ito orange
SOFT = "#9fd3f5"
TITLE_SIZE = 132
MIN_TITLE_SIZE = 84
TITLE_LINE_CHARS = 18
"""About the most characters of the bold title a line of the cover holds at a size near 132 px."""


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    names = (
        ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf")
        if bold
        else (
            "NotoSans-Regular.ttf",
            "DejaVuSans.ttf",
        )
    )
    return ImageFont.truetype(str(find_font(*names)), size)


def draw_cover(path: Path, title: str, subtitle: str, author: str) -> None:
    """Write the cover PNG to ``path``."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)

    draw.rectangle([MARGIN, 520, MARGIN + 220, 540], fill=ACCENT)

    y = 600
    # Broken where the title pauses and in even lines (title_lines), then set as large as the
    # longest line allows: a lone last word ("…A Practical / Course") is never the result.
    lines = title_lines(title, TITLE_LINE_CHARS)
    size = TITLE_SIZE
    while size > MIN_TITLE_SIZE and max(
        draw.textlength(line, font=_font(size, bold=True)) for line in lines
    ) > (WIDTH - 2 * MARGIN):
        size -= 4
    title_font = _font(size, bold=True)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += round(size * 1.21)
    y += 50
    subtitle_font = _font(64)
    for line in textwrap.wrap(subtitle, width=30):
        draw.text((MARGIN, y), line, font=subtitle_font, fill=SOFT)
        y += 84
    # A rule above the author closes the page, as the accent bar opens it.
    rule = HEIGHT - MARGIN - 130
    draw.rectangle([MARGIN, rule, WIDTH - MARGIN, rule + 4], fill=SOFT)
    draw.text((MARGIN, HEIGHT - MARGIN - 60), author, font=_font(54), fill=INK)

    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
