"""Draw one card, front or back, with ReportLab.

A card is read at arm's length: a registered TTF family that has every glyph the text uses
(✔ ⚠ → ✘), a clear hierarchy (band, title, labelled blocks), generous spacing, and category
colours from the Okabe-Ito palette, always paired with a text label so colour is never the only
cue. Text is set at the card size's base scale and shrunk step by step to fit; if it still does
not fit at the floor, :class:`CardOverflowError` names the exercise file, line and field.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary

import segno
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ..exercises import Exercise, Section, card_sections
from ..fonts import find_font
from .text import Style, TextBlock, set_text

FONT, BOLD = "CardSans", "CardSans-Bold"
INK = HexColor("#1a1a1a")
MUTED = HexColor("#4d4d4d")
TINT = HexColor("#f1f4f7")
# Okabe-Ito colours by category, with the ink that reads on each (contrast ≥ 4.5:1).
CATEGORY_COLOURS: dict[str, tuple[Color, Color]] = {
    "stretching": (HexColor("#56B4E9"), INK),
    "strengthening": (HexColor("#0072B2"), white),
    "posture": (HexColor("#009E73"), INK),
    "breathing": (HexColor("#CC79A7"), INK),
    "activity": (HexColor("#E69F00"), INK),
}
SCALE_STEP = 0.05
LARGEST_SCALE = 1.2
"""Text starts this much above the base size and shrinks until the card's text fits."""
QR_MASK = 4
"""The QR mask pattern, fixed instead of chosen by the penalty rules of ISO/IEC 18004.

Scoring the eight masks is four fifths of encoding a code (segno: 4.6 ms with it, 0.9 ms
without), and it bought nothing we could measure: 1,000 codes of exercise addresses, blurred and
noised until zbar missed some, decoded 960 times with the best mask and 939 to 962 times with
each fixed one, 962 with this one (README, Performance). The mask is written in the code's format
bits, so every reader undoes it.
"""


class CardOverflowError(ValueError):
    """An exercise's text does not fit its card even at the smallest legible size."""


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
    # ReportLab's graphics renderer (QR codes, pictograms) starts every drawing by selecting its
    # default font, Helvetica, which would then be listed on the page without being embedded.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = FONT


def _title_style(size: float) -> Style:
    return Style(BOLD, size, size * 1.15, INK)


def _form_name(pictogram: str) -> str:
    return f"pictogram-{pictogram}"


class UnsafePictogramError(ValueError):
    """A pictogram is not a safe, well-formed SVG (see :mod:`coursebook.svgcheck`)."""


@cache
def load_pictogram(path: Path) -> Drawing | None:
    """Check, then parse, an SVG pictogram once per process (parsing dominates card drawing)."""
    from svglib.svglib import svg2rlg

    from ..svgcheck import check_svg

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


@dataclass(frozen=True)
class Typography:
    """Sizes in points for one card size at scale 1; the floor is the smallest we accept."""

    title: float
    body: float
    label: float
    floor: float

    @classmethod
    def for_card(cls, short_side_mm: float) -> Typography:
        factor = (short_side_mm / 105.0) ** 0.6  # smaller cards shrink text less than area
        return cls(title=15.5 * factor, body=9.6 * factor, label=7.4 * factor, floor=6.4)


@dataclass
class _Block:
    section: Section
    label: TextBlock
    items: list[TextBlock]
    height: float
    """The block's height with its spacing; infinite when a word is wider than the card."""


class CardPainter:
    """Draws fronts and backs of one card size into one canvas.

    Each pictogram is drawn once per canvas, as a PDF form that every card showing it reuses.
    """

    def __init__(
        self, card_w_mm: float, card_h_mm: float, pictograms: Path, bleed_mm: float = 0.0
    ) -> None:
        register_fonts()
        self.width, self.height = card_w_mm * mm, card_h_mm * mm
        self.type = Typography.for_card(min(card_w_mm, card_h_mm))
        self.pictograms = pictograms
        self.bleed = bleed_mm * mm
        self.pad = max(4.0, 0.055 * card_w_mm) * mm
        self.band = 0.085 * self.height
        self._forms: WeakKeyDictionary[Canvas, dict[str, tuple[float, float, float, float]]]
        self._forms = WeakKeyDictionary()

    # -- text layout ---------------------------------------------------------------------------
    def _blocks(self, sections: list[Section], width: float, scale: float) -> list[_Block]:
        body = self.type.body * scale
        label_size = self.type.label * scale
        label_style = Style(BOLD, label_size, label_size * 1.25, MUTED)
        plain = Style(FONT, body, body * 1.28, INK)
        listed = Style(FONT, body, body * 1.28, INK, indent=body * 1.35, bullet_font=BOLD)
        blocks = []
        for section in sections:
            if not section.items:
                continue
            multiple = len(section.items) > 1 or section.symbol or section.numbered
            label = set_text(section.label.upper(), label_style, width)
            items = [
                set_text(
                    item,
                    listed if multiple else plain,
                    width,
                    bullet=(f"{number}." if section.numbered else (section.symbol or "•"))
                    if multiple
                    else "",
                )
                for number, item in enumerate(section.items, 1)
            ]
            if label is None or None in items:
                blocks.append(_Block(section, TextBlock((), label_style), [], math.inf))
                continue
            fitted = [item for item in items if item is not None]
            height = label.height + label_size * 0.25
            height += sum(item.height + body * 0.2 for item in fitted)
            blocks.append(_Block(section, label, fitted, height + body * 0.55))
        return blocks

    def _fit(
        self,
        exercise: Exercise,
        sections: list[Section],
        width: float,
        height: float,
        side: str,
        largest: float = LARGEST_SCALE,
    ) -> tuple[list[_Block], float]:
        scale = largest
        while True:
            blocks = self._blocks(sections, width, scale)
            if sum(b.height for b in blocks) <= height:
                return blocks, scale
            next_scale = round(scale - SCALE_STEP, 3)
            if self.type.body * next_scale < self.type.floor:
                longest = max(blocks, key=lambda b: b.height)
                raise CardOverflowError(
                    f"{exercise.locate((longest.section.key,))}: the {side} of the card does not "
                    f"fit even at {self.type.floor:g} pt (hint: shorten '{longest.section.label}' "
                    "or print larger cards, e.g. --size a6)"
                )
            scale = next_scale

    def _draw_blocks(
        self, canvas: Canvas, blocks: list[_Block], x: float, top: float, width: float
    ) -> None:
        y = top
        for block in blocks:
            block.label.draw(canvas, x, y)
            y -= block.label.height + block.label.style.size * 0.25
            for item in block.items:
                item.draw(canvas, x, y)
                y -= item.height + item.style.size * 0.2
            y -= blocks[0].items[0].style.size * 0.55

    def _pictogram_form(
        self, canvas: Canvas, name: str
    ) -> tuple[float, float, float, float] | None:
        """Draw a pictogram into a PDF form once per canvas; return its drawn extent."""
        forms = self._forms.setdefault(canvas, {})
        if name not in forms:
            drawing = load_pictogram(self.pictograms / f"{name}.svg")
            if drawing is None:
                return None
            x0, y0, x1, y1 = drawing.getBounds()
            # The form clips to its box: leave room for stroke widths beyond the path extent.
            margin = max(x1 - x0, y1 - y0)
            canvas.beginForm(_form_name(name), x0 - margin, y0 - margin, x1 + margin, y1 + margin)
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.endForm()
            forms[name] = (x0, y0, x1, y1)
        return forms[name]

    # -- parts -----------------------------------------------------------------------------------
    def _band(self, canvas: Canvas, exercise: Exercise, text: str) -> None:
        fill, ink = CATEGORY_COLOURS[exercise.category]
        b = self.bleed
        canvas.setFillColor(fill)
        canvas.rect(
            -b, self.height - self.band, self.width + 2 * b, self.band + b, stroke=0, fill=1
        )
        size = self.type.label * 1.15
        level = f"{'●' * exercise.level}{'○' * (3 - exercise.level)}  Level {exercise.level}"
        room = self.width - 2 * self.pad - pdfmetrics.stringWidth(level, FONT, size) - self.pad
        # A long title shrinks to share the band with the level, never overlapping it.
        fitted = min(size, size * room / pdfmetrics.stringWidth(text, BOLD, size))
        if fitted < self.type.floor:
            raise CardOverflowError(
                f"{exercise.locate(('title',))}: the title does not fit the card's band even at "
                f"{self.type.floor:g} pt (hint: shorten the title or print on a larger card)"
            )
        baseline = self.height - self.band / 2 - size * 0.35
        canvas.setFillColor(ink)
        canvas.setFont(BOLD, fitted)
        canvas.drawString(self.pad, baseline, text)
        canvas.setFont(FONT, size)
        canvas.drawRightString(self.width - self.pad, baseline, level)

    def _title(
        self, canvas: Canvas, exercise: Exercise, top: float, width: float, size: float
    ) -> float:
        # A long word (beside the pictogram, on a small card) shrinks the title rather than
        # running into the picture.
        while (title := set_text(exercise.title, _title_style(size), width)) is None:
            size *= 1 - SCALE_STEP
            if size < self.type.floor:
                raise CardOverflowError(
                    f"{exercise.locate(('title',))}: a word of the title does not fit beside "
                    f"the pictogram even at {self.type.floor:g} pt (hint: shorten it or print "
                    "on a larger card)"
                )
        title.draw(canvas, self.pad, top)
        return top - title.height

    def _qr(self, canvas: Canvas, url: str, size: float, x: float, y: float) -> None:
        """The QR code of ``url``, drawn as one filled path of dark runs, one run per ``re``.

        Encoding and drawing were most of a card's time (README, Performance): ReportLab's
        encoder tries all eight masks in pure Python, and its path API formats four floats per
        run. segno encodes with the fixed mask :data:`QR_MASK`, and the runs are written in
        module units, whole numbers, under a scaled coordinate system.
        """
        code = segno.make_qr(url, error="m", boost_error=False, mask=QR_MASK)
        rows = code.matrix
        count = len(rows)
        runs = []
        for index, row in enumerate(rows):
            column, bottom = 0, count - 1 - index
            for dark, run in itertools.groupby(row):
                length = len(list(run))
                if dark:
                    runs.append(f"{column} {bottom} {length} 1 re")
                column += length
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.translate(x, y)
        canvas.scale(size / count, size / count)
        canvas.addLiteral("\n".join(runs) + "\nf")
        canvas.restoreState()

    def _footer(self, canvas: Canvas, text: str) -> None:
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, self.type.label * 0.9)
        canvas.drawString(self.pad, self.pad * 0.55, text)

    # -- faces -------------------------------------------------------------------------------
    def front(self, canvas: Canvas, exercise: Exercise) -> None:
        """Band, title, pictogram, purpose, starting position, steps and dosage."""
        sections, _ = card_sections(exercise)
        self._band(canvas, exercise, exercise.category_label.upper())
        width = self.width - 2 * self.pad
        top = self.height - self.band - self.pad * 0.8
        picture_w, picture_h = 0.42 * self.width, 0.28 * self.width
        title_width = width - (picture_w + self.pad * 0.5 if exercise.pictogram else 0)
        bottom_of_title = self._title(canvas, exercise, top, title_width, self.type.title)
        if exercise.pictogram:
            bounds = self._pictogram_form(canvas, exercise.pictogram)
            if bounds is not None:
                # Scale the figure's own extent, not its frame, into the box at the top right.
                x0, y0, x1, y1 = bounds
                factor = min(picture_w / (x1 - x0), picture_h / (y1 - y0))
                drawn_h = (y1 - y0) * factor
                canvas.saveState()
                canvas.translate(self.width - self.pad - (x1 - x0) * factor, top - drawn_h)
                canvas.scale(factor, factor)
                canvas.translate(-x0, -y0)
                canvas.doForm(_form_name(exercise.pictogram))
                canvas.restoreState()
                bottom_of_title = min(bottom_of_title, top - drawn_h)
        dosage, text_sections = sections[-1], sections[:-1]
        # Dosage sits in a tinted box at the foot of the card, where it is easy to find.
        dosage_blocks, _ = self._fit(
            exercise, [dosage], width - self.pad, self.height, "front", largest=1.0
        )
        box_h = dosage_blocks[0].height + self.pad * 0.6
        box_y = self.pad * 1.3
        available = bottom_of_title - self.pad * 0.5 - (box_y + box_h + self.pad * 0.5)
        blocks, _ = self._fit(exercise, text_sections, width, available, "front")
        self._draw_blocks(canvas, blocks, self.pad, bottom_of_title - self.pad * 0.5, width)
        canvas.setFillColor(TINT)
        canvas.roundRect(
            self.pad * 0.6, box_y, self.width - 1.2 * self.pad, box_h, 2 * mm, stroke=0, fill=1
        )
        self._draw_blocks(
            canvas, dosage_blocks, self.pad, box_y + box_h - self.pad * 0.35, width - self.pad
        )
        self._footer(canvas, f"{exercise.id} · front")

    def back(self, canvas: Canvas, exercise: Exercise, url: str) -> None:
        """Breathing, mistakes, cautions, variations, and a QR code to the exercise's page."""
        _, sections = card_sections(exercise)
        self._band(canvas, exercise, exercise.title)
        width = self.width - 2 * self.pad
        qr_size = max(15 * mm, 0.2 * self.width)  # 15 mm still scans from a phone at 20 cm
        top = self.height - self.band - self.pad * 0.8
        available = top - (self.pad * 1.2 + qr_size + self.pad * 0.4)
        blocks, _ = self._fit(exercise, sections, width, available, "back")
        self._draw_blocks(canvas, blocks, self.pad, top, width)
        qr_x, qr_y = self.width - self.pad - qr_size, self.pad * 1.2
        self._qr(canvas, url, qr_size, qr_x, qr_y)
        canvas.setFillColor(MUTED)
        size = self.type.label
        canvas.setFont(BOLD, size)
        canvas.drawRightString(qr_x - self.pad * 0.5, qr_y + qr_size - size, "Full page →")
        canvas.setFont(FONT, size * 0.9)
        canvas.drawRightString(
            qr_x - self.pad * 0.5, qr_y + qr_size - 2.3 * size, "scan for the course page"
        )
        self._footer(canvas, f"{exercise.id} · back")
