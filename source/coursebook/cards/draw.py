"""Draw one card, front or back, with ReportLab.

A card is read at arm's length: a registered TTF family that has every glyph the text uses
(✔ ⚠ → ✘), a clear hierarchy (band, title, labelled blocks), generous spacing, and category
colours from the Okabe-Ito palette, always paired with a text label so colour is never the only
cue. Text is set at the card size's base scale and shrunk step by step to fit; if it still does
not fit at the floor, :class:`CardOverflowError` names the exercise file, line and field.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from ..exercises import Exercise, Section, card_sections
from ..fonts import find_font

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


@cache
def _style(
    name: str, font: str, size: float, leading: float, colour: str = "#1a1a1a", indent: float = 0.0
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading,
        textColor=HexColor(colour),
        leftIndent=indent,
        bulletIndent=0,
        bulletFontName=BOLD,
        bulletFontSize=size,
    )


@dataclass
class _Block:
    section: Section
    flowables: list[Paragraph]
    label: Paragraph
    height: float


class CardPainter:
    """Draws fronts and backs of one card size; keeps styles and fitted scales between cards."""

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

    # -- text layout ---------------------------------------------------------------------------
    def _blocks(self, sections: list[Section], width: float, scale: float) -> list[_Block]:
        body = self.type.body * scale
        label_size = self.type.label * scale
        blocks = []
        for section in sections:
            if not section.items:
                continue
            label = Paragraph(
                escape(section.label.upper()),
                _style("label", BOLD, label_size, label_size * 1.25, "#4d4d4d"),
            )
            paragraphs = []
            for number, item in enumerate(section.items, 1):
                bullet = f"{number}." if section.numbered else (section.symbol or "•")
                multiple = len(section.items) > 1 or section.symbol or section.numbered
                style = _style(
                    "item", FONT, body, body * 1.28, indent=body * 1.35 if multiple else 0.0
                )
                text = escape(item)
                if multiple:
                    text = f"<bullet>{escape(bullet)}</bullet>{text}"
                paragraphs.append(Paragraph(text, style))
            height = label.wrap(width, 10_000)[1] + label_size * 0.25
            height += sum(p.wrap(width, 10_000)[1] + body * 0.2 for p in paragraphs)
            blocks.append(_Block(section, paragraphs, label, height + body * 0.55))
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
            _, h = block.label.wrap(width, 10_000)
            block.label.drawOn(canvas, x, y - h)
            y -= h + block.label.style.fontSize * 0.25
            for paragraph in block.flowables:
                _, h = paragraph.wrap(width, 10_000)
                paragraph.drawOn(canvas, x, y - h)
                y -= h + paragraph.style.fontSize * 0.2
            y -= blocks[0].flowables[0].style.fontSize * 0.55

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
        style = _style("title", BOLD, size, size * 1.15)
        title = Paragraph(escape(exercise.title), style)
        height: float = title.wrap(width, 10_000)[1]
        title.drawOn(canvas, self.pad, top - height)
        return top - height

    def _qr(self, canvas: Canvas, url: str, size: float, x: float, y: float) -> None:
        """ReportLab's QR encoder, drawn as one path of dark runs.

        The widget's own rendering builds a shape per run and walks them through the graphics
        renderer, which costs more than the rest of the card; one filled path is equivalent.
        """
        widget = QrCodeWidget(url, barLevel="M")
        widget.qr.make()
        modules = widget.qr.modules
        count = len(modules)
        cell = size / count
        path = canvas.beginPath()
        for row_index, row in enumerate(modules):
            top = y + size - (row_index + 1) * cell
            column = 0
            for dark, run in itertools.groupby(row):
                length = len(list(run))
                if dark:
                    path.rect(x + column * cell, top, length * cell, cell)
                column += length
        canvas.setFillColor(INK)
        canvas.drawPath(path, stroke=0, fill=1)

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
            drawing = load_pictogram(self.pictograms / f"{exercise.pictogram}.svg")
            if drawing is not None:
                # Scale the figure's own extent, not its frame, into the box at the top right.
                x0, y0, x1, y1 = drawing.getBounds()
                factor = min(picture_w / (x1 - x0), picture_h / (y1 - y0))
                drawn_h = (y1 - y0) * factor
                canvas.saveState()
                canvas.translate(self.width - self.pad - (x1 - x0) * factor, top - drawn_h)
                canvas.scale(factor, factor)
                canvas.translate(-x0, -y0)
                renderPDF.draw(drawing, canvas, 0, 0)
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
