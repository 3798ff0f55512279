"""Lay out one card, front and back: every size, line and position, before anything is drawn.

A card is read at arm's length: a clear hierarchy (band, title, labelled blocks), generous
spacing, and category colours always paired with a text label. Text is set at the card size's
base scale and shrunk step by step to fit, never below the legible floor. A pocket card
(:data:`~coursebook.cards.geometry.POCKET_CARDS`) that still cannot hold every part leaves the
lowest-priority ones (:data:`~coursebook.cards.geometry.LEFT_TO_THE_COURSE_PAGE`) to the
exercise's course page and says so above its QR code. Any other card that does not fit, and a
pocket card whose essential parts do not, raises :class:`CardOverflowError`, which names the
exercise file, line and field of each face.

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

from ..exercises.classification import LEVEL
from ..exercises.model import Exercise, Section, card_sections
from ..locale import _
from .assets import BOLD, FONT, INK, MUTED, load_pictogram, register_fonts
from .geometry import CARD_LABELS, CARD_SIZES, LEFT_TO_THE_COURSE_PAGE, POCKET_CARDS
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


COURSE_PAGE = "course_page"
"""The key of the note that lists the parts left to the course page (not an exercise field)."""


@dataclass(frozen=True)
class Misfit:
    """One face of one card that does not fit: where in the exercise file, and what to shorten."""

    exercise: str
    """The exercise's id."""
    place: str
    """``file:line field`` of the part to shorten."""
    problem: str
    shorten: str
    """The first half of the hint: what to shorten; the caller adds the sizes that fit."""

    def __str__(self) -> str:
        return f"{self.place}: {self.problem} (hint: {self.shorten})"


class CardOverflowError(ValueError):
    """An exercise's card does not fit even at the smallest legible size: every face that fails.

    The misfits are the only argument, so the error crosses from a worker process intact.
    """

    def __init__(self, misfits: tuple[Misfit, ...]) -> None:
        super().__init__(misfits)
        self.misfits = misfits

    def __str__(self) -> str:
        return "\n".join(map(str, self.misfits))


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
    left_out: tuple[Section, ...] = ()
    """What a pocket card left to the course page (listed on the back)."""


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
    left_out: tuple[Section, ...] = ()
    """What a pocket card left to the course page from this face."""


@dataclass(frozen=True)
class Card:
    exercise: Exercise
    front: Front
    back: Back
    left_out: tuple[Section, ...] = ()
    """The parts a pocket card left to the course page, front first."""


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

    def __init__(self, size: str, pictograms: Path, bleed_mm: float = 0.0) -> None:
        register_fonts()
        card_w_mm, card_h_mm = CARD_SIZES[size]
        self.size = size
        self.pocket = size in POCKET_CARDS
        self.width, self.height = card_w_mm * mm, card_h_mm * mm
        self.type = Typography.for_card(min(card_w_mm, card_h_mm))
        self.pictograms = pictograms
        self.bleed = bleed_mm * mm
        self.pad = max(4.0, 0.055 * card_w_mm) * mm
        self.band = 0.085 * self.height
        self.qr_size = max(15 * mm, 0.2 * self.width)  # 15 mm still scans from a phone at 20 cm

    def card(self, exercise: Exercise, url: str) -> Card:
        """Both faces of an exercise's card; raises :class:`CardOverflowError` naming each face
        that does not fit."""
        misfits: list[Misfit] = []
        front: Front | None = None
        back: Back | None = None
        try:
            front = self.front(exercise)
        except CardOverflowError as error:
            misfits += error.misfits
        try:
            back = self.back(exercise, url, front.left_out if front else ())
        except CardOverflowError as error:
            misfits += error.misfits
        if front is None or back is None:
            raise CardOverflowError(tuple(misfits))
        return Card(exercise, front, back, front.left_out + back.left_out)

    def lay_out(self, exercise: Exercise, url: str) -> Card | CardOverflowError:
        """:meth:`card`, returning the error instead of raising it, so a deck goes on and
        reports every card that does not fit."""
        try:
            return self.card(exercise, url)
        except CardOverflowError as error:
            return error

    # -- text ------------------------------------------------------------------------------------
    def _blocks(self, sections: list[Section], width: float, scale: float) -> list[Block]:
        body = self.type.body * scale
        label_size = self.type.label * scale
        label_style = Style(BOLD, label_size, label_size * 1.25, MUTED)
        plain = Style(FONT, body, body * 1.28, INK)
        listed = Style(FONT, body, body * 1.28, INK, indent=body * 1.35, bullet_font=BOLD)
        note = Style(FONT, body, body * 1.28, MUTED)
        blocks = []
        for section in sections:
            if not section.items:
                continue
            multiple = len(section.items) > 1 or section.symbol or section.numbered
            if section.key == COURSE_PAGE:  # a quiet line without a label
                label: TextBlock | None = TextBlock((), label_style)
                items = [set_text(section.items[0], note, width)]
            else:
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

    def _scales(self, largest: float) -> list[float]:
        """The scales to try, largest first, down to the last one at or above the floor."""
        scales = [largest]
        while self.type.body * (scale := round(scales[-1] - SCALE_STEP, 3)) >= self.type.floor:
            scales.append(scale)
        return scales

    def _scaled(
        self,
        sections: list[Section],
        width: float,
        height: float,
        scales: list[float],
        floor_first: bool,
    ) -> tuple[Block, ...] | None:
        """The blocks at the largest scale that fits ``height``; ``None`` if none does.

        ``floor_first`` tries the smallest scale first: one trial instead of all of them when a
        pocket card is about to leave a part out anyway.
        """
        if floor_first and _total(self._blocks(sections, width, scales[-1])) > height:
            return None
        for scale in scales:
            blocks = self._blocks(sections, width, scale)
            if _total(blocks) <= height:
                return tuple(blocks)
        return None

    def _fit(
        self,
        exercise: Exercise,
        sections: list[Section],
        width: float,
        height: float,
        side: str,
        largest: float = LARGEST_SCALE,
        noted: tuple[Section, ...] | None = None,
        gone: tuple[Section, ...] = (),
    ) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
        """Blocks of ``sections`` that fit ``height``, and the parts left to the course page.

        A pocket card leaves parts out in the order of :data:`LEFT_TO_THE_COURSE_PAGE` until the
        rest fits, starting with ``gone`` already left out. ``noted``, if given, makes this face
        carry the note that lists them (with the parts the other face left out); the note then
        takes its share of the room.
        """
        scales = self._scales(largest)
        left_out = list(gone)
        optional = [s for s in self._optional(sections) if s not in left_out]
        while True:
            kept = [s for s in sections if s not in left_out]
            noted_here = (
                [*noted, *(s for s in sections if s in left_out)] if noted is not None else []
            )
            trial = kept + self._note(noted_here)
            blocks = self._scaled(trial, width, height, scales, floor_first=bool(optional))
            if blocks is not None:
                return blocks, tuple(s for s in sections if s in left_out)
            if not optional:
                break
            left_out.append(optional.pop(0))
        floor = self._blocks(trial, width, scales[-1])
        longest = max((b for b in floor if b.section.key != COURSE_PAGE), key=lambda b: b.height)
        problem = (
            f"the {side} of the card does not fit at size {CARD_LABELS[self.size]} "
            f"even at {self.type.floor:g} pt"
        )
        if left_out:
            labels = ", ".join(f"'{s.label}'" for s in sections if s in left_out)
            problem += f", with {labels} left to the course page"
        raise CardOverflowError(
            (
                Misfit(
                    exercise.id,
                    exercise.locate((longest.section.key,)),
                    problem,
                    f"shorten '{longest.section.label}'",
                ),
            )
        )

    def _optional(self, sections: list[Section]) -> list[Section]:
        """The parts of ``sections`` this card may leave out, in the order it leaves them out."""
        if not self.pocket:
            return []
        return [s for key in LEFT_TO_THE_COURSE_PAGE for s in sections if s.key == key and s.items]

    @staticmethod
    def _note(left_out: list[Section]) -> list[Section]:
        """The line that tells a reader which parts are on the course page, if any are."""
        if not left_out:
            return []
        # Outside an f-string, so `pybabel extract` finds the message (Python 3.11 tokenises an
        # f-string as one string); the colon is in the message for French typography.
        parts = " · ".join(s.label for s in left_out)
        text = str(_("More on the course page: {parts}")).format(parts=parts)
        return [Section(COURSE_PAGE, "", (text,))]

    def _misfit(self, exercise: Exercise, problem: str, shorten: str) -> CardOverflowError:
        return CardOverflowError(
            (
                Misfit(
                    exercise.id,
                    exercise.locate(("title",)),
                    f"{problem} at size {CARD_LABELS[self.size]} even at {self.type.floor:g} pt",
                    shorten,
                ),
            )
        )

    def _band(self, exercise: Exercise, text: str) -> Band:
        fill, ink = HexColor(exercise.colour), HexColor(exercise.ink)
        size = self.type.label * 1.15
        dots = "●" * exercise.level + "○" * (exercise.level_count - exercise.level)
        level = f"{dots}  {str(LEVEL).format(number=exercise.level)}"
        room = self.width - 2 * self.pad - pdfmetrics.stringWidth(level, FONT, size) - self.pad
        # A long title shrinks to share the band with the level, never overlapping it.
        fitted = min(size, size * room / pdfmetrics.stringWidth(text, BOLD, size))
        if fitted < self.type.floor:
            raise self._misfit(
                exercise, "the title does not fit the card's band", "shorten the title"
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
                raise self._misfit(
                    exercise,
                    "a word of the title does not fit beside the pictogram",
                    "shorten the title",
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
        sections, _back = card_sections(exercise)
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
        # Dosage sits in a tinted box at the foot of the card, where it is easy to find, set at
        # the base size. On a pocket card whose front does not fit even with every optional
        # part left out, it shrinks too, never below the floor.
        dosage_scales = self._scales(1.0) if self.pocket else [1.0]
        gone: tuple[Section, ...] = ()
        for dosage_scale in dosage_scales:
            dosage_blocks, _none = self._fit(
                exercise, [dosage], width - self.pad, self.height, "front", largest=dosage_scale
            )
            box_h = dosage_blocks[0].height + self.pad * 0.6
            box_y = self.pad * 1.3
            available = bottom_of_title - self.pad * 0.5 - (box_y + box_h + self.pad * 0.5)
            try:
                blocks, left_out = self._fit(
                    exercise, text_sections, width, available, "front", gone=gone
                )
                break
            except CardOverflowError:
                if dosage_scale == dosage_scales[-1]:
                    raise
                gone = tuple(self._optional(text_sections))
        return Front(
            band=band,
            title=title,
            title_top=top,
            picture=picture,
            blocks=blocks,
            blocks_top=bottom_of_title - self.pad * 0.5,
            dosage=dosage_blocks,
            dosage_box=(self.pad * 0.6, box_y, self.width - 1.2 * self.pad, box_h),
            footer=f"{exercise.id} · " + str(_("front")),
            left_out=left_out,
        )

    def back(
        self, exercise: Exercise, url: str, left_out_in_front: tuple[Section, ...] = ()
    ) -> Back:
        """Breathing, mistakes, cautions, variations, and a QR code to the exercise's page.

        On a pocket card, a line above the QR code lists what either face left to the page.
        """
        _front, sections = card_sections(exercise)
        band = self._band(exercise, exercise.title)
        width = self.width - 2 * self.pad
        top = self.height - self.band - self.pad * 0.8
        available = top - (self.pad * 1.2 + self.qr_size + self.pad * 0.4)
        blocks, left_out = self._fit(
            exercise, sections, width, available, "back", noted=left_out_in_front
        )
        runs, modules = qr_runs(url)
        return Back(
            band=band,
            blocks=blocks,
            blocks_top=top,
            qr_runs=runs,
            qr_modules=modules,
            qr_box=(self.width - self.pad - self.qr_size, self.pad * 1.2, self.qr_size),
            footer=f"{exercise.id} · " + str(_("back")),
            left_out=left_out,
        )


def _total(blocks: list[Block]) -> float:
    return sum(block.height for block in blocks)
