"""Lay out one card, front and back: every size, line and position, before anything is drawn.

A card is read at arm's length: a clear hierarchy (band, title, labelled blocks), generous
spacing, and category colours always paired with a text label. Text is set at the card size's
base scale and shrunk step by step to fit; if it still does not fit at the floor,
:class:`CardOverflowError` names the exercise file, line and field.

A layout is plain data, computed without a canvas, so a large deck can lay its cards out in
worker processes while the main process draws (:mod:`coursebook.cards.deck`).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import segno
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from .. import locale
from ..exercises.classification import LEVEL
from ..exercises.model import Exercise, Section, card_sections
from .assets import BOLD, FONT, INK, MUTED, load_pictogram, register_fonts
from .text import Style, TextBlock, set_text

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


@dataclass(frozen=True)
class Block:
    """A labelled section set in lines; ``height`` includes its spacing (infinite: no fit)."""

    section: Section
    label: TextBlock
    items: tuple[TextBlock, ...]
    height: float


@dataclass(frozen=True)
class Band:
    """The coloured band at the top: a title on the left, the level on the right."""

    fill: Color
    ink: Color
    text: str
    size: float
    level: str
    level_size: float


@dataclass(frozen=True)
class Picture:
    """A pictogram scaled into the box at the top right of the front."""

    name: str
    bounds: tuple[float, float, float, float]
    x: float
    y: float
    factor: float


@dataclass(frozen=True)
class Front:
    band: Band
    title: TextBlock
    title_top: float
    picture: Picture | None
    blocks: tuple[Block, ...]
    blocks_top: float
    dosage: tuple[Block, ...]
    dosage_box: tuple[float, float, float, float]
    """x, y, width and height of the tinted box at the foot of the card."""
    footer: str


@dataclass(frozen=True)
class Back:
    band: Band
    blocks: tuple[Block, ...]
    blocks_top: float
    qr_runs: str
    """The QR code's dark runs as PDF path operators, in module units."""
    qr_modules: int
    qr_box: tuple[float, float, float]
    """x, y and side of the QR code."""
    footer: str


@dataclass(frozen=True)
class Card:
    exercise: Exercise
    front: Front
    back: Back


def _title_style(size: float) -> Style:
    return Style(BOLD, size, size * 1.15, INK)


def qr_runs(url: str) -> tuple[str, int]:
    """The QR code of ``url`` as ``re`` operators of its dark runs, and its width in modules.

    Encoding and drawing were most of a card's time (README, Performance): ReportLab's encoder
    tries all eight masks in pure Python, and its path API formats four floats per run. segno
    encodes with the fixed mask :data:`QR_MASK`, and the runs are whole numbers of modules, drawn
    under a scaled coordinate system.
    """
    rows = segno.make_qr(url, error="m", boost_error=False, mask=QR_MASK).matrix
    count = len(rows)
    runs = []
    for index, row in enumerate(rows):
        column, bottom = 0, count - 1 - index
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:
                runs.append(f"{column} {bottom} {length} 1 re")
            column += length
    return "\n".join(runs), count


class CardLayout:
    """Lays out fronts and backs of one card size (all lengths in points)."""

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
        self.qr_size = max(15 * mm, 0.2 * self.width)  # 15 mm still scans from a phone at 20 cm

    def card(self, exercise: Exercise, url: str) -> Card:
        """Both faces of an exercise's card; raises :class:`CardOverflowError`."""
        return Card(exercise, self.front(exercise), self.back(exercise, url))

    # -- text ------------------------------------------------------------------------------------
    def _blocks(self, sections: list[Section], width: float, scale: float) -> list[Block]:
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
            fitted = tuple(item for item in items if item is not None)
            if label is None or len(fitted) < len(items):
                blocks.append(Block(section, TextBlock((), label_style), (), math.inf))
                continue
            height = label.height + label_size * 0.25
            height += sum(item.height + body * 0.2 for item in fitted)
            blocks.append(Block(section, label, fitted, height + body * 0.55))
        return blocks

    def _fit(
        self,
        exercise: Exercise,
        sections: list[Section],
        width: float,
        height: float,
        side: str,
        largest: float = LARGEST_SCALE,
    ) -> tuple[Block, ...]:
        scale = largest
        while True:
            blocks = self._blocks(sections, width, scale)
            if sum(b.height for b in blocks) <= height:
                return tuple(blocks)
            next_scale = round(scale - SCALE_STEP, 3)
            if self.type.body * next_scale < self.type.floor:
                longest = max(blocks, key=lambda b: b.height)
                raise CardOverflowError(
                    f"{exercise.locate((longest.section.key,))}: the {side} of the card does not "
                    f"fit even at {self.type.floor:g} pt (hint: shorten '{longest.section.label}' "
                    "or print larger cards, e.g. --size a6)"
                )
            scale = next_scale

    def _band(self, exercise: Exercise, text: str) -> Band:
        fill, ink = HexColor(exercise.colour), HexColor(exercise.ink)
        size = self.type.label * 1.15
        dots = "●" * exercise.level + "○" * (exercise.level_count - exercise.level)
        level = f"{dots}  {str(LEVEL).format(number=exercise.level)}"
        room = self.width - 2 * self.pad - pdfmetrics.stringWidth(level, FONT, size) - self.pad
        # A long title shrinks to share the band with the level, never overlapping it.
        fitted = min(size, size * room / pdfmetrics.stringWidth(text, BOLD, size))
        if fitted < self.type.floor:
            raise CardOverflowError(
                f"{exercise.locate(('title',))}: the title does not fit the card's band even at "
                f"{self.type.floor:g} pt (hint: shorten the title or print on a larger card)"
            )
        return Band(fill, ink, text, fitted, level, size)

    def _title(self, exercise: Exercise, width: float) -> TextBlock:
        # A long word (beside the pictogram, on a small card) shrinks the title rather than
        # running into the picture.
        size = self.type.title
        while (
            title := set_text(exercise.title, Style(BOLD, size, size * 1.15, INK), width)
        ) is None:
            size *= 1 - SCALE_STEP
            if size < self.type.floor:
                raise CardOverflowError(
                    f"{exercise.locate(('title',))}: a word of the title does not fit beside "
                    f"the pictogram even at {self.type.floor:g} pt (hint: shorten it or print "
                    "on a larger card)"
                )
        return title

    def _picture(self, name: str, top: float) -> Picture | None:
        drawing = load_pictogram(self.pictograms / f"{name}.svg")
        if drawing is None:
            return None
        # Scale the figure's own extent, not its frame, into the box at the top right.
        x0, y0, x1, y1 = drawing.getBounds()
        factor = min(0.42 * self.width / (x1 - x0), 0.28 * self.width / (y1 - y0))
        x = self.width - self.pad - (x1 - x0) * factor
        return Picture(name, (x0, y0, x1, y1), x, top - (y1 - y0) * factor, factor)

    # -- faces -----------------------------------------------------------------------------------
    def front(self, exercise: Exercise) -> Front:
        """Band, title, pictogram, purpose, starting position, steps and dosage."""
        sections, _ = card_sections(exercise)
        band = self._band(exercise, exercise.category_label.upper())
        width = self.width - 2 * self.pad
        top = self.height - self.band - self.pad * 0.8
        title_width = width - (0.42 * self.width + self.pad * 0.5 if exercise.pictogram else 0)
        title = self._title(exercise, title_width)
        bottom_of_title = top - title.height
        picture = self._picture(exercise.pictogram, top) if exercise.pictogram else None
        if picture is not None:
            bottom_of_title = min(bottom_of_title, picture.y)
        dosage, text_sections = sections[-1], sections[:-1]
        # Dosage sits in a tinted box at the foot of the card, where it is easy to find.
        dosage_blocks = self._fit(
            exercise, [dosage], width - self.pad, self.height, "front", largest=1.0
        )
        box_h = dosage_blocks[0].height + self.pad * 0.6
        box_y = self.pad * 1.3
        available = bottom_of_title - self.pad * 0.5 - (box_y + box_h + self.pad * 0.5)
        return Front(
            band=band,
            title=title,
            title_top=top,
            picture=picture,
            blocks=self._fit(exercise, text_sections, width, available, "front"),
            blocks_top=bottom_of_title - self.pad * 0.5,
            dosage=dosage_blocks,
            dosage_box=(self.pad * 0.6, box_y, self.width - 1.2 * self.pad, box_h),
            footer=f"{exercise.id} · {locale._('front')}",
        )

    def back(self, exercise: Exercise, url: str) -> Back:
        """Breathing, mistakes, cautions, variations, and a QR code to the exercise's page."""
        _, sections = card_sections(exercise)
        band = self._band(exercise, exercise.title)
        width = self.width - 2 * self.pad
        top = self.height - self.band - self.pad * 0.8
        available = top - (self.pad * 1.2 + self.qr_size + self.pad * 0.4)
        blocks = self._fit(exercise, sections, width, available, "back")
        runs, modules = qr_runs(url)
        return Back(
            band=band,
            blocks=blocks,
            blocks_top=top,
            qr_runs=runs,
            qr_modules=modules,
            qr_box=(self.width - self.pad - self.qr_size, self.pad * 1.2, self.qr_size),
            footer=f"{exercise.id} · {locale._('back')}",
        )
