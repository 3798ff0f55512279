"""Where cards go on a sheet, and where their backs go so they line up after duplex printing.

All lengths are millimetres, origin at the sheet's lower-left corner (PDF convention). A card
"up" vector says which way its text reads; flipping the printed sheet over its long edge (like a
book page) or its short edge (like a calendar) maps the front to the back page, and each back is
placed and turned so that a cut card, turned over sideways, reads upright on both faces.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CARD_SIZES = {
    "a6": (105.0, 148.0),
    "a7": (74.0, 105.0),
    "4x6": (101.6, 152.4),
    "3x5": (76.2, 127.0),
}
"""Card sizes, portrait (width, height)."""
CARD_LABELS = {"a6": "A6", "a7": "A7", "4x6": "4×6 in", "3x5": "3×5 in"}
POCKET_CARDS = ("a7", "3x5")
"""Sizes too small to promise a whole exercise: a pocket card that cannot hold every part leaves
parts to the exercise's course page, which its QR code opens, in the order of
:data:`LEFT_TO_THE_COURSE_PAGE`. The other sizes print every part, or stop with a located error."""
LEFT_TO_THE_COURSE_PAGE = ("harder", "purpose", "mistakes", "breathing", "easier")
"""The parts a pocket card may leave to the course page, first to last: an instructor's order.
The harder variation is for a later week; the purpose is read once, in class; common mistakes
are what the instructor corrects in the room; the breathing cue goes late because it often
carries safety ("do not hold your breath" in a hold) or, in a breathing exercise, its timing; the
easier variation goes last because it is what someone practising at home needs when an exercise
is too much. The starting position, the steps, the dosage and the cautions (with
contraindications) are never left out: a card that cannot hold them does not fit.
"""
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
PAPER_LABELS = {"a4": "A4", "letter": "Letter"}
FLIPS = ("long", "short")
MARK_GAP = 1.0
MARK_LENGTH = 5.0


class LayoutError(ValueError):
    """The options cannot produce a usable sheet (the message says which and why)."""


@dataclass(frozen=True)
class SheetOptions:
    """How to print a deck."""

    card: str = "a6"
    paper: str = "a4"
    margin: float = 5.0
    """Printer-safe margin; 0 for borderless printers."""
    gutter: float = 6.0
    """Space between cards, for cutting; must hold twice the bleed."""
    bleed: float = 0.0
    crop_marks: bool = True
    flip: str = "long"
    back_offset: tuple[float, float] = (0.0, 0.0)
    """Shift of every back, measured with the calibration sheet, to correct printer drift."""


@dataclass(frozen=True)
class Slot:
    """A card's place on a page: centre, size as drawn upright, and rotation of its content."""

    cx: float
    cy: float
    width: float
    height: float
    rotation: int
    """Degrees anticlockwise, a multiple of 90."""

    @property
    def box(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the card on the page."""
        w, h = (self.height, self.width) if self.rotation % 180 else (self.width, self.height)
        return (self.cx - w / 2, self.cy - h / 2, self.cx + w / 2, self.cy + h / 2)

    @property
    def up(self) -> tuple[int, int]:
        """The direction the card's text reads upwards, on the page."""
        angle = math.radians(90 + self.rotation)
        return (round(math.cos(angle)), round(math.sin(angle)))


@dataclass(frozen=True)
class SheetLayout:
    """Cards per sheet and the position of each front and back."""

    options: SheetOptions
    paper_width: float
    paper_height: float
    columns: int
    rows: int
    fronts: tuple[Slot, ...]

    @property
    def per_sheet(self) -> int:
        return len(self.fronts)

    def backs(self) -> tuple[Slot, ...]:
        """The back of each front, on the back page, for the chosen flip and offset."""
        dx, dy = self.options.back_offset
        return tuple(self.back_of(front, dx, dy) for front in self.fronts)

    def back_of(self, front: Slot, dx: float = 0.0, dy: float = 0.0) -> Slot:
        if self.options.flip == "long":  # turned over the vertical axis: x mirrors
            cx, cy = self.paper_width - front.cx, front.cy
            up = (-front.up[0], front.up[1])
        else:  # turned over the horizontal axis: y mirrors
            cx, cy = front.cx, self.paper_height - front.cy
            up = (front.up[0], -front.up[1])
        rotation = round(math.degrees(math.atan2(up[1], up[0]))) - 90
        return Slot(cx + dx, cy + dy, front.width, front.height, rotation % 360)

    def describe(self) -> str:
        """A sentence for the instructor: what fits, and how."""
        card = CARD_LABELS[self.options.card]
        paper = PAPER_LABELS[self.options.paper]
        turned = " (turned sideways)" if self.fronts and self.fronts[0].rotation else ""
        return (
            f"{card} cards on {paper}: {self.per_sheet} per sheet, "
            f"{self.columns} × {self.rows}{turned}"
        )

    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """Line segments (x0, y0, x1, y1) outside the cards, on every cut line."""
        if not self.options.crop_marks or not self.fronts:
            return []
        boxes = [slot.box for slot in self.fronts]
        left = min(b[0] for b in boxes)
        bottom = min(b[1] for b in boxes)
        right = max(b[2] for b in boxes)
        top = max(b[3] for b in boxes)
        start = self.options.bleed + MARK_GAP
        xs = sorted({round(v, 4) for b in boxes for v in (b[0], b[2])})
        ys = sorted({round(v, 4) for b in boxes for v in (b[1], b[3])})
        marks = []
        for x in xs:
            marks.append((x, top + start, x, top + start + MARK_LENGTH))
            marks.append((x, bottom - start, x, bottom - start - MARK_LENGTH))
        for y in ys:
            marks.append((left - start, y, left - start - MARK_LENGTH, y))
            marks.append((right + start, y, right + start + MARK_LENGTH, y))
        return marks


def _fit(space: float, size: float, gutter: float) -> int:
    return max(0, math.floor((space + gutter + 1e-9) / (size + gutter)))


def layout_sheet(options: SheetOptions) -> SheetLayout:
    """Place as many cards as fit inside the safe margins, with gutters; raise LayoutError."""
    if options.card not in CARD_SIZES:
        raise LayoutError(
            f"unknown card size '{options.card}'; choose one of " + ", ".join(CARD_SIZES)
        )
    if options.paper not in PAPERS:
        raise LayoutError(f"unknown paper '{options.paper}'; choose one of " + ", ".join(PAPERS))
    if options.flip not in FLIPS:
        raise LayoutError(f"unknown flip '{options.flip}'; choose 'long' or 'short'")
    if min(options.margin, options.gutter, options.bleed) < 0:
        raise LayoutError("margin, gutter and bleed cannot be negative")
    if options.gutter < 2 * options.bleed:
        raise LayoutError(
            f"a gutter of {options.gutter:g} mm cannot hold two bleeds of "
            f"{options.bleed:g} mm; use --gutter {2 * options.bleed:g} or more"
        )
    paper_w, paper_h = PAPERS[options.paper]
    card_w, card_h = CARD_SIZES[options.card]
    # Crop marks and bleed live between the cards and the safe margin.
    reserve = options.bleed + (MARK_GAP + MARK_LENGTH if options.crop_marks else 0.0)
    space_w = paper_w - 2 * (options.margin + reserve)
    space_h = paper_h - 2 * (options.margin + reserve)
    best: tuple[int, int, int, float, float] | None = None
    for rotation, (w, h) in ((0, (card_w, card_h)), (90, (card_h, card_w))):
        columns, rows = _fit(space_w, w, options.gutter), _fit(space_h, h, options.gutter)
        if best is None or columns * rows > best[0] * best[1]:
            best = (columns, rows, rotation, w, h)
    assert best is not None
    columns, rows, rotation, w, h = best
    if columns * rows == 0:
        raise LayoutError(
            f"{CARD_LABELS[options.card]} cards do not fit on "
            f"{PAPER_LABELS[options.paper]} with a {options.margin:g} mm margin; "
            "choose a smaller card or --borderless"
        )
    grid_w = columns * w + (columns - 1) * options.gutter
    grid_h = rows * h + (rows - 1) * options.gutter
    x0, y0 = (paper_w - grid_w) / 2, (paper_h - grid_h) / 2
    fronts = tuple(
        Slot(
            x0 + col * (w + options.gutter) + w / 2,
            y0 + grid_h - row * (h + options.gutter) - h / 2,
            card_w,
            card_h,
            rotation,
        )
        for row in range(rows)
        for col in range(columns)
    )
    return SheetLayout(options, paper_w, paper_h, columns, rows, fronts)
