"""``coursebook cards``: print exercise cards for a class.

Kept apart from :mod:`coursebook.cli` so the command's options, their checks and the choice of
exercises live in one place; ReportLab is imported only when cards are actually drawn.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exercises.model import Exercise, page_docname
from .geometry import (
    CARD_SIZES,
    FLIPS,
    LEFT_TO_THE_COURSE_PAGE,
    PAPERS,
    POCKET_CARDS,
    LayoutError,
    SheetOptions,
    layout_sheet,
)

if TYPE_CHECKING:
    from .deck import WrittenDeck

DESCRIPTION = """\
Print exercise cards: fronts (title, purpose, steps, dosage) and backs (breathing, common
mistakes, cautions, easier and harder variations, and a QR code to the exercise's web page),
several to a sheet, with crop marks. Each front sheet is followed by its back sheet: print
double-sided, flipping on the long edge (or use --flip short), at 100 % scale.

Choose exercises by deck (book/decks/<name>.yaml), id, tag, level or chapter; with no choice,
every exercise is printed. Filters combine: '--deck gentle-start --level 1'."""
SIZES = """\
Card sizes: {whole} hold every part of an exercise. {pocket} are pocket cards: they always hold
the starting position, steps, dosage and cautions, and an exercise too long for one leaves parts
to its course page, in this order: {parts}. The card lists them ("More on the course page: ...")
and its QR code opens the page. Text shrinks to fit, never below a legible floor. A card that
still does not fit stops the run: every such card is reported with its file, line and field and
the sizes that hold it whole, and nothing is written."""


EPILOG = """\
examples:
  coursebook cards --deck desk-workers                    A6 cards on A4, long-edge duplex
  coursebook cards --all-decks --size 4x6 --paper letter  every deck, US index cards
  coursebook cards --tag breathing --size a7 -o breathing.pdf
  coursebook cards --calibration --paper letter            measure your printer's duplex drift
  coursebook cards --deck desk-workers --back-offset 1.5,-0.5

Home printers often shift the back side by a few millimetres: print the calibration sheet once,
read the offset, and pass it with --back-offset."""


def _sizes() -> str:
    """The paragraph on card sizes, from the sizes and the order the layout uses."""
    text = SIZES.format(
        whole=" and ".join(size for size in CARD_SIZES if size not in POCKET_CARDS),
        pocket=" and ".join(POCKET_CARDS),
        parts=", ".join(part.replace("_", " ") for part in LEFT_TO_THE_COURSE_PAGE),
    )
    return textwrap.fill(" ".join(text.split()), width=95)


def _offset(text: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not X,Y in millimetres (for example 1.5,-0.5)"
        ) from None
    if max(abs(x), abs(y)) > 20:
        raise argparse.ArgumentTypeError(
            f"'{text}': offsets beyond 20 mm are not printer "
            "drift; check the paper size and 100 % scaling"
        )
    return x, y


def _millimetres(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of millimetres") from None
    if not 0 <= value <= 50:
        raise argparse.ArgumentTypeError(f"{text} mm is outside 0 to 50 mm")
    return value


def _level(text: str) -> int:
    # Which levels exist is the book's (coursebook_levels); run() checks once conf.py is read.
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a level (a whole number from 1)")
    return int(text)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``cards`` command to the main parser."""
    cards = commands.add_parser(
        "cards",
        help="print exercise cards for a class",
        description=f"{DESCRIPTION}\n\n{_sizes()}",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pick = cards.add_argument_group("which exercises")
    pick.add_argument(
        "--deck",
        action="append",
        default=[],
        metavar="NAME",
        help="a deck from book/decks/NAME.yaml (repeatable)",
    )
    pick.add_argument(
        "--all-decks", action="store_true", help="write one PDF per deck into --out-dir"
    )
    pick.add_argument(
        "--id",
        action="append",
        default=[],
        metavar="ID",
        dest="ids",
        help="an exercise id (repeatable)",
    )
    pick.add_argument("--tag", action="append", default=[], help="exercises with this tag")
    pick.add_argument(
        "--level",
        action="append",
        default=[],
        type=_level,
        help="exercises of this level (the book's coursebook_levels; 1 to 3 by default)",
    )
    pick.add_argument(
        "--chapter",
        action="append",
        default=[],
        metavar="DOC",
        help="exercises of a chapter, e.g. chapters/care",
    )
    sheet = cards.add_argument_group("card and sheet")
    sheet.add_argument(
        "--size",
        choices=tuple(CARD_SIZES),
        default="a6",
        help=f"card size (default a6; {' and '.join(POCKET_CARDS)} are pocket cards, see above)",
    )
    sheet.add_argument(
        "--paper", choices=tuple(PAPERS), default="a4", help="paper size (default a4)"
    )
    sheet.add_argument(
        "--margin",
        type=_millimetres,
        default=5.0,
        metavar="MM",
        help="printer-safe margin in mm (default 5)",
    )
    sheet.add_argument(
        "--gutter",
        type=_millimetres,
        default=6.0,
        metavar="MM",
        help="space between cards in mm (default 6)",
    )
    sheet.add_argument(
        "--borderless",
        action="store_true",
        help="for borderless printers: no margin, no gutter, no crop marks",
    )
    sheet.add_argument(
        "--bleed",
        type=_millimetres,
        default=0.0,
        metavar="MM",
        help="extend the colour band past the card edge (needs a gutter of twice this)",
    )
    sheet.add_argument("--no-crop-marks", action="store_true", help="leave out crop marks")
    sheet.add_argument(
        "--flip",
        choices=FLIPS,
        default="long",
        help="duplex flip edge your printer uses (default long)",
    )
    sheet.add_argument(
        "--back-offset",
        type=_offset,
        default=(0.0, 0.0),
        metavar="X,Y",
        help="shift the backs by X,Y mm (from the calibration sheet)",
    )
    sheet.add_argument(
        "--calibration",
        action="store_true",
        help="write the duplex calibration sheet instead of cards",
    )
    out = cards.add_argument_group("output")
    out.add_argument("--book", type=Path, default=Path("book"), help="the book folder")
    out.add_argument(
        "--base-url",
        default=None,
        help="the website's address for the QR codes (default: coursebook_base_url in conf.py)",
    )
    out.add_argument("-o", "--output", type=Path, help="the PDF to write")
    out.add_argument(
        "--out-dir",
        type=Path,
        default=Path("build/cards"),
        help="folder for the PDFs when -o is not given (default build/cards)",
    )


def _fail(message: str, status: int = 2) -> int:
    print(f"coursebook cards: error: {message}", file=sys.stderr)
    return status


def _base_url(namespace: dict[str, Any], given: str | None) -> str:
    if given is not None:
        return given
    return str(namespace.get("coursebook_base_url", ""))


def run(args: argparse.Namespace) -> int:
    """Carry out ``coursebook cards``; return the exit status."""
    options = SheetOptions(
        card=args.size,
        paper=args.paper,
        margin=0.0 if args.borderless else args.margin,
        gutter=0.0 if args.borderless else args.gutter,
        bleed=args.bleed,
        crop_marks=not (args.no_crop_marks or args.borderless),
        flip=args.flip,
        back_offset=args.back_offset,
    )
    try:
        layout = layout_sheet(options)
    except LayoutError as error:
        return _fail(str(error))

    from ..exercises.model import load_catalogue
    from ..guards.yamlsafe import DataError
    from .assets import UnsafePictogramError
    from .deck import CardsDoNotFit, DeckJob, write_calibration, write_decks

    if args.calibration:
        target = args.output or args.out_dir / f"calibration-{args.paper}-{args.flip}.pdf"
        write_calibration(target, layout)
        print(f"coursebook cards: calibration sheet written to {target}")
        return 0
    if not (args.book / "conf.py").is_file():
        return _fail(f"{args.book}/conf.py not found (--book names the book folder)")
    from sphinx.errors import ConfigError

    from ..exercises.settings import BookSettings, read_conf_py
    from ..locale import _, use_language

    namespace = read_conf_py(args.book)
    try:
        settings = BookSettings.from_namespace(namespace, args.book / "conf.py")
    except ConfigError as error:
        return _fail(f"{error}\nnothing was written", 1)
    use_language(namespace.get("language"))  # the cards' labels in the book's language
    base_url = _base_url(namespace, args.base_url)
    if not base_url.startswith(("http://", "https://")) or not base_url.endswith("/"):
        return _fail(
            f"the QR codes need the website's address, got {base_url!r}: set "
            "coursebook_base_url in conf.py or pass --base-url https://.../"
        )
    try:
        catalogue = load_catalogue(args.book, settings=settings)
    except DataError as error:
        print("\n".join(map(str, error.problems)), file=sys.stderr)
        return _fail(
            f"{len(error.problems)} problem(s) in the exercise data; nothing was written", 1
        )
    levels = catalogue.classification.level_numbers
    if any(level not in levels for level in args.level):
        return _fail(
            f"no level {', '.join(str(n) for n in args.level if n not in levels)} in this book; "
            f"its levels are {catalogue.classification.describe_levels()} (coursebook_levels)"
        )
    unknown = [d for d in args.deck if d not in catalogue.decks]
    unknown += [i for i in args.ids if i not in catalogue.exercises]
    if unknown:
        return _fail(
            f"no deck or exercise named {', '.join(map(repr, unknown))}; decks: "
            + ", ".join(sorted(catalogue.decks))
        )

    def page_url(exercise: Exercise) -> str:
        return f"{base_url}{page_docname(exercise.id)}.html"

    runs: list[tuple[Path, list[str], str]] = []
    suffix = f"{args.size}-{args.paper}"
    if args.all_decks:
        runs = [
            (args.out_dir / f"{name}-{suffix}.pdf", [name], deck.title)
            for name, deck in sorted(catalogue.decks.items())
        ]
    else:
        name = "-".join(args.deck) if args.deck else "cards"
        title = " + ".join(catalogue.decks[d].title for d in args.deck) or str(_("Exercise cards"))
        runs = [(args.output or args.out_dir / f"{name}-{suffix}.pdf", args.deck, title)]
    jobs = []
    for target, decks, title in runs:
        chosen = catalogue.select(
            ids=args.ids, tags=args.tag, levels=args.level, chapters=args.chapter, decks=decks
        )
        if not chosen:
            return _fail("no exercise matches the selection")
        jobs.append(DeckJob(target, chosen, title))
    print(f"coursebook cards: {layout.describe()}")
    try:
        written = write_decks(jobs, layout, page_url, args.book / "figures" / "pictograms")
    except CardsDoNotFit as error:
        print(str(error), file=sys.stderr)
        plural = "card does" if error.cards == 1 else "cards do"
        return _fail(f"{error.cards} {plural} not fit; nothing was written", 1)
    except UnsafePictogramError as error:
        return _fail(f"{error}; nothing was written", 1)
    for deck in written:
        cards = "card" if deck.cards == 1 else "cards"
        sheets = "sheet" if deck.sheets == 1 else "sheets"
        print(
            f"  {deck.target}: {deck.cards} {cards} on {deck.sheets} {sheets}, "
            "each front followed by its back"
        )
    _report_left_out(written)
    return 0


LISTED_AT_MOST = 40
"""Pocket cards named in the report; a larger deck's report ends with how many more there are."""


def _report_left_out(written: list[WrittenDeck]) -> None:
    """Tell the instructor which pocket cards leave parts to the course page."""
    left_out: dict[str, tuple[str, ...]] = {}
    for deck in written:
        left_out.update(deck.left_out)
    if left_out:
        print(
            "  Left to the course page on these pocket cards (the QR code opens it; "
            "a larger --size prints them whole):"
        )
        listed = sorted(left_out.items())
        for exercise, parts in listed[:LISTED_AT_MOST]:
            print(f"    {exercise}: {', '.join(parts)}")
        if len(listed) > LISTED_AT_MOST:
            print(f"    and {len(listed) - LISTED_AT_MOST} more")
