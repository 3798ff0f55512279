"""Write decks of cards, or a calibration sheet, to PDFs: fronts, then their backs, per sheet.

Every deck is drawn into a temporary file; the targets are replaced only when every deck of the
run succeeded, so a problem never leaves a half-made PDF and the previous ones stay. A card that
does not fit does not stop the run: the rest are still laid out (not drawn), and
:class:`CardsDoNotFit` reports every one, each with the sizes it would fit. With
``SOURCE_DATE_EPOCH`` set, ReportLab's invariant mode makes reruns byte-identical.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..editions.reproducible import source_date_epoch
from ..exercises.model import Exercise
from .assets import BOLD, FONT, load_pictogram, register_fonts
from .draw import CardPainter
from .geometry import CARD_SIZES, SheetLayout, Slot
from .layout import Card, CardLayout, CardOverflowError

MAX_WORKERS = 4
MARK_COLOUR = HexColor("#000000")
CUT_GUIDE = HexColor("#b8b8b8")


def _canvas(path: Path, layout: SheetLayout, title: str) -> Canvas:
    register_fonts()
    # Start with the card font: ReportLab's default, Helvetica, would otherwise be listed on
    # every page without being embedded.
    canvas = Canvas(
        str(path),
        pagesize=(layout.paper_width * mm, layout.paper_height * mm),
        invariant=1 if source_date_epoch() is not None else 0,
        pageCompression=1,
        initialFontName=FONT,
        initialFontSize=9,
    )
    canvas.setTitle(title)
    canvas.setAuthor("coursebook")
    canvas.setSubject(layout.describe())
    return canvas


def _place(canvas: Canvas, slot: Slot, draw: Callable[[Canvas], None]) -> None:
    """Draw a card with its lower-left corner at the slot, turned by the slot's rotation."""
    canvas.saveState()
    canvas.translate(slot.cx * mm, slot.cy * mm)
    canvas.rotate(slot.rotation)
    canvas.translate(-slot.width * mm / 2, -slot.height * mm / 2)
    draw(canvas)
    canvas.restoreState()


def _crop_marks(canvas: Canvas, layout: SheetLayout) -> None:
    canvas.setStrokeColor(MARK_COLOUR)
    canvas.setLineWidth(0.25)
    for x0, y0, x1, y1 in layout.crop_marks():
        canvas.line(x0 * mm, y0 * mm, x1 * mm, y1 * mm)


def _outline(canvas: Canvas, slot: Slot) -> None:
    # A hairline card edge: a guide for scissors, and visible when fronts meet backs.
    x0, y0, x1, y1 = slot.box
    canvas.setStrokeColor(CUT_GUIDE)
    canvas.setLineWidth(0.2)
    canvas.rect(x0 * mm, y0 * mm, (x1 - x0) * mm, (y1 - y0) * mm, stroke=1, fill=0)


PARALLEL_FROM = 64
"""Decks of at least this many cards are laid out by worker processes while this one draws."""


@dataclass(frozen=True)
class DeckJob:
    """One PDF to write: where, which exercises in which order, and the document's title."""

    target: Path
    exercises: Sequence[Exercise]
    title: str


@dataclass(frozen=True)
class WrittenDeck:
    """What a written deck holds, for the report to the instructor."""

    target: Path
    cards: int
    sheets: int
    left_out: dict[str, tuple[str, ...]]
    """Exercise id -> labels of the parts its pocket card left to the course page."""


class CardsDoNotFit(ValueError):
    """Cards that do not fit, every one of the run; no PDF was written."""

    def __init__(self, problems: tuple[str, ...], cards: int) -> None:
        super().__init__(problems, cards)
        self.problems = problems
        self.cards = cards

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _laid_out(
    cards: CardLayout, exercises: Sequence[Exercise], page_url: Callable[[Exercise], str]
) -> Generator[Card | CardOverflowError, None, None]:
    """Each exercise's card, or why it does not fit, in order; by forked workers for a large deck.

    Laying out (fitting text, encoding the QR code) is about 40 % of a card's time and needs no
    canvas, so on a machine with several cores the workers lay out the next cards while this
    process draws. Results arrive in deck order.
    """
    urls = [page_url(exercise) for exercise in exercises]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(exercises) < PARALLEL_FROM or workers < 2 or "fork" not in get_all_start_methods():
        yield from map(cards.lay_out, exercises, urls)
        return
    # Parsed once here, the pictograms and fonts are inherited by the forked workers.
    for name in sorted({e.pictogram for e in exercises if e.pictogram}):
        load_pictogram(cards.pictograms / f"{name}.svg")
    pool = ProcessPoolExecutor(workers, mp_context=get_context("fork"))
    try:
        yield from pool.map(cards.lay_out, exercises, urls, chunksize=16)
    finally:
        pool.shutdown(cancel_futures=True)


def write_decks(
    jobs: Sequence[DeckJob],
    layout: SheetLayout,
    page_url: Callable[[Exercise], str],
    pictograms: Path,
) -> list[WrittenDeck]:
    """Write every deck (all or none); raise :class:`CardsDoNotFit` naming every misfit."""
    cards = CardLayout(layout.options.card, pictograms=pictograms, bleed_mm=layout.options.bleed)
    painter = CardPainter(cards)
    misfits: dict[str, tuple[Exercise, CardOverflowError]] = {}
    drawn: list[tuple[Path, WrittenDeck]] = []
    try:
        for job in jobs:
            job.target.parent.mkdir(parents=True, exist_ok=True)
            tmp = job.target.with_name(f".{job.target.name}.tmp")
            drawn.append((tmp, _draw_deck(tmp, job, layout, cards, painter, page_url, misfits)))
        if misfits:
            raise CardsDoNotFit(_problems(misfits.values(), cards, page_url), len(misfits))
        for tmp, written in drawn:
            tmp.replace(written.target)
    finally:
        for tmp, _written in drawn:
            tmp.unlink(missing_ok=True)
    return [written for _tmp, written in drawn]


def _draw_deck(
    tmp: Path,
    job: DeckJob,
    layout: SheetLayout,
    cards: CardLayout,
    painter: CardPainter,
    page_url: Callable[[Exercise], str],
    misfits: dict[str, tuple[Exercise, CardOverflowError]],
) -> WrittenDeck:
    """Draw one deck into ``tmp``, or, once a card of the run does not fit, only check the rest."""
    canvas = _canvas(tmp, layout, job.title)
    sheets = 0
    left_out: dict[str, tuple[str, ...]] = {}
    laid_out = _laid_out(cards, job.exercises, page_url)
    try:
        backs = layout.backs()
        while batch := list(itertools.islice(laid_out, layout.per_sheet)):
            fitted: list[Card] = []
            on_sheet = job.exercises[sheets * layout.per_sheet :]
            for exercise, card in zip(on_sheet, batch, strict=False):
                if isinstance(card, CardOverflowError):
                    misfits.setdefault(exercise.id, (exercise, card))
                else:
                    fitted.append(card)
            sheets += 1
            if misfits:  # nothing will be written: check the other cards, draw none
                continue
            for card in fitted:
                if card.left_out:
                    left_out[card.exercise.id] = tuple(s.label for s in card.left_out)
            _draw_sheet(canvas, layout, painter, fitted, backs)
        if not misfits:
            canvas.save()
    finally:
        laid_out.close()  # stops the workers if drawing failed
    return WrittenDeck(job.target, len(job.exercises), sheets, left_out)


def _draw_sheet(
    canvas: Canvas,
    layout: SheetLayout,
    painter: CardPainter,
    batch: list[Card],
    backs: tuple[Slot, ...],
) -> None:
    """One sheet: the fronts and crop marks on one page, the backs on the next."""
    bleed = layout.options.bleed
    for card, slot in zip(batch, layout.fronts, strict=False):
        _place(canvas, slot, partial(painter.front, face=card.front))
        if not bleed:
            _outline(canvas, slot)
    _crop_marks(canvas, layout)
    canvas.showPage()
    for card, slot in zip(batch, backs, strict=False):
        _place(canvas, slot, partial(painter.back, face=card.back))
        if not bleed:
            _outline(canvas, slot)
    canvas.showPage()


def _problems(
    misfits: Iterable[tuple[Exercise, CardOverflowError]],
    cards: CardLayout,
    page_url: Callable[[Exercise], str],
) -> tuple[str, ...]:
    """Each misfit with its hint: what to shorten, or the sizes that hold the exercise whole."""
    others = [
        CardLayout(size, cards.pictograms, cards.bleed / mm)
        for size in CARD_SIZES
        if size != cards.size
    ]
    problems: list[str] = []
    for exercise, error in misfits:
        url = page_url(exercise)
        sizes = [
            f"--size {other.size}"
            for other in others
            if isinstance(card := other.lay_out(exercise, url), Card) and not card.left_out
        ]
        where = (
            f", or print it whole with {' or '.join(sizes)}"
            if sizes
            else "; no card size holds it whole as it is"
        )
        problems += [f"{m.place}: {m.problem} (hint: {m.shorten}{where})" for m in error.misfits]
    return tuple(problems)


def write_calibration(target: Path, layout: SheetLayout) -> None:
    """A two-sided sheet for measuring duplex drift: a cross on the front, scales on the back.

    Print it double-sided with the same flip setting, hold it against a window, and read on the
    back's scales where the front's cross falls: those two numbers are ``--back-offset X,Y``.
    """
    register_fonts()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    canvas = _canvas(tmp, layout, "Duplex calibration sheet")
    centre = Slot(layout.paper_width / 2, layout.paper_height / 2, 0, 0, 0)
    back = layout.back_of(centre)
    try:
        # Front: a fine cross at the centre of the sheet.
        cx, cy = centre.cx * mm, centre.cy * mm
        canvas.setLineWidth(0.3)
        canvas.line(cx - 15 * mm, cy, cx + 15 * mm, cy)
        canvas.line(cx, cy - 15 * mm, cx, cy + 15 * mm)
        canvas.circle(cx, cy, 3 * mm)
        _instructions(
            canvas,
            layout,
            "FRONT — print this sheet double-sided, flipping on the "
            f"{layout.options.flip} edge, at 100 % (no 'fit to page').",
        )
        canvas.showPage()
        # Back: millimetre scales centred where the cross should land.
        bx, by = back.cx * mm, back.cy * mm
        canvas.setLineWidth(0.25)
        for value in range(-10, 11):
            tick = (3.5 if value % 5 == 0 else 2) * mm
            canvas.line(bx + value * mm, by - tick, bx + value * mm, by + tick)
            canvas.line(bx - tick, by + value * mm, bx + tick, by + value * mm)
            if value % 5 == 0 and value:
                canvas.setFont(FONT, 6)
                canvas.drawCentredString(bx + value * mm, by - 6.5 * mm, f"{value:+d}")
                canvas.drawString(bx + 5 * mm, by + value * mm - 2, f"{value:+d}")
        canvas.setFont(BOLD, 6)
        canvas.drawString(bx + 12 * mm, by - 1.5 * mm, "X")
        canvas.drawString(bx - 1.5 * mm, by + 12 * mm, "Y")
        _instructions(
            canvas,
            layout,
            "BACK — hold the sheet against a window. Read the X and "
            "Y scale values under the front's cross, then print cards with "
            "--back-offset X,Y (in millimetres).",
        )
        canvas.showPage()
        canvas.save()
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def _instructions(canvas: Canvas, layout: SheetLayout, text: str) -> None:
    canvas.setFillColor(HexColor("#1a1a1a"))
    canvas.setFont(BOLD, 10)
    canvas.drawString(20 * mm, (layout.paper_height - 25) * mm, "Duplex calibration")
    canvas.setFont(FONT, 8.5)
    y = (layout.paper_height - 32) * mm
    line = ""
    for word in text.split():
        if canvas.stringWidth(f"{line} {word}", FONT, 8.5) > (layout.paper_width - 40) * mm:
            canvas.drawString(20 * mm, y, line)
            y -= 11
            line = word
        else:
            line = f"{line} {word}".strip()
    canvas.drawString(20 * mm, y, line)
