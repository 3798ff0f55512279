"""What cards are drawn with: the font family, the inks, and the pictograms.

The category colours are the book's (``coursebook_categories``), with the ink each label reads
in chosen by :mod:`coursebook.exercises.classification`.

Fonts and pictograms are parsed once per process (a TTF or an SVG costs more to read than a card
costs to draw); the deck's worker processes inherit them when they are forked.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..editions.fonts import find_font
from ..exercises.classification import DARK_INK

FONT, BOLD = "CardSans", "CardSans-Bold"
INK = HexColor(DARK_INK)
MUTED = HexColor("#4d4d4d")
TINT = HexColor("#f1f4f7")


@cache
def register_fonts() -> None:
    """Register the card font family once per process (parsing a TTF is the costly part)."""
    pdfmetrics.registerFont(
        TTFont(FONT, str(find_font("DejaVuSansCondensed.ttf", "DejaVuSans.ttf")))
    )
    pdfmetrics.registerFont(
        TTFont(BOLD, str(find_font("DejaVuSansCondensed-Bold.ttf", "DejaVuSans-Bold.ttf")))
    )
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    # ReportLab's graphics renderer (pictograms) starts every drawing by selecting its default
    # font, Helvetica, which would then be listed on the page without being embedded.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = FONT


class UnsafePictogramError(ValueError):
    """A pictogram is not a safe, well-formed SVG (see :mod:`coursebook.guards.svgcheck`)."""


@cache
def load_pictogram(path: Path) -> Drawing | None:
    """Check, then parse, an SVG pictogram once per process (parsing dominates card drawing)."""
    from svglib.svglib import svg2rlg

    from ..guards.svgcheck import check_svg

    problems = check_svg(path)
    if problems:
        raise UnsafePictogramError("\n".join(map(str, problems)))
    drawing: Drawing | None = svg2rlg(str(path))
    if drawing is not None:
        _use_card_fonts(drawing)
        _drop_backdrop(drawing)
    return drawing


def _drop_backdrop(drawing: Drawing) -> None:
    # The figures carry a white backdrop for the website's dark mode (diagrams/svgdoc.py); on a
    # white card it only hides how small the figure is within its frame.
    for group in drawing.getContents():
        if isinstance(group, Group) and group.contents and isinstance(group.contents[0], Rect):
            first = group.contents[0]
            if first.fillColor == white and first.strokeColor is None:
                group.contents.pop(0)


def _use_card_fonts(node: Group) -> None:
    # Labels in a pictogram name the book's fonts, which svglib may resolve to anything (down
    # to the unembedded Helvetica); the card's own embedded family keeps every glyph and the
    # PDF self-contained.
    for child in node.getContents():
        if isinstance(child, String):
            child.fontName = BOLD if "bold" in child.fontName.lower() else FONT
        elif isinstance(child, Group):
            _use_card_fonts(child)
