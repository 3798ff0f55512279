"""``coursebook cards``: print exercise cards for a class.

Kept apart from :mod:`coursebook.cli` so the command's options, their checks and the choice of
exercises live in one place; ReportLab is imported only when cards are actually drawn.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

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


USED_SETTINGS = ("categories", "levels", "base_url")
"""The ``coursebook_*`` settings the cards use (the model's, and the QR codes' address)."""


def _fail(message: str, status: int = 2) -> int:
    print(f"coursebook cards: error: {message}", file=sys.stderr)
    return status


RESERVED_HOSTS = ("example.org", "example.com", "example.net")
"""Second-level names reserved for examples (RFC 2606): nobody's website."""
RESERVED_TOP_LEVEL = ("example", "invalid", "test", "localhost")
"""Top-level names reserved for examples, tests and this computer (RFC 2606, RFC 6761)."""


def placeholder_host(base_url: str) -> str | None:
    """The host of ``base_url`` if it is a reserved name, which a phone cannot open; else None.

    The scaffold and the examples use ``https://example.org/...`` until the author sets the real
    address: printed cards would then open nothing, and a QR code does not show its address.
    """
    host = (urlsplit(base_url).hostname or "").rstrip(".")
    if any(host == name or host.endswith(f".{name}") for name in RESERVED_HOSTS):
        return host
    if host.rsplit(".", 1)[-1] in RESERVED_TOP_LEVEL:
        return host
    return None


ALL_EXERCISES = "cards"
"""The name of a card set chosen without a deck (by ids, tags, levels, chapters or none)."""


def _is_deck_selection(name: str, decks: Collection[str]) -> bool:
    """Whether ``name`` names a deck, or several joined by '-' (``--deck a --deck b``)."""
    if name in decks:
        return True
    return any(
        name.startswith(f"{deck}-") and _is_deck_selection(name[len(deck) + 1 :], decks)
        for deck in decks
    )


WRITTEN_BY_US = b"/Author (coursebook)"
"""In the information of every PDF the card printer writes (see :mod:`.deck`)."""


def remove_stale_decks(out_dir: Path, suffix: str, decks: Collection[str]) -> list[str]:
    """Remove the card PDFs of ``out_dir`` at this size and paper (``<name>-<suffix>.pdf``)
    whose decks are gone, and say which; return their names.

    After a deck file is renamed or removed, its old PDF would otherwise stay beside the new
    ones, and an instructor may print an obsolete deck. Only the card printer's own PDFs are
    touched: not calibration sheets, other sizes or papers, the set of every exercise, nor a
    PDF that the card printer did not write.
    """
    removed = []
    for pdf in sorted(out_dir.glob(f"*-{suffix}.pdf")):
        name = pdf.name.removesuffix(f"-{suffix}.pdf")
        if (
            name.startswith(".")
            or name == ALL_EXERCISES
            or _is_deck_selection(name, decks)
            or pdf.is_symlink()
            or not pdf.is_file()
            or WRITTEN_BY_US not in pdf.read_bytes()
        ):
            continue
        pdf.unlink()
        print(f"  removed {pdf.name}: no deck '{name}' any more")
        removed.append(pdf.name)
    return removed


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
    from ..config import PREFIX, default_of, located_problems
    from ..exercises.settings import BookSettings, read_conf_py
    from ..locale import _, use_language

    namespace = read_conf_py(args.book)
    conf_py = args.book / "conf.py"
    # Every setting the cards use is checked as the build checks it, each problem at its line
    # of conf.py and all at once; --base-url replaces the setting (and is checked below).
    used = ("categories", "levels") if args.base_url is not None else USED_SETTINGS
    values = {name: namespace.get(PREFIX + name, default_of(name)) for name in used}
    problems = located_problems(values, conf_py, used)
    if problems:
        listed = "\n".join(problems)
        return _fail(f"invalid coursebook settings:\n{listed}\nnothing was written", 1)
    settings = BookSettings.from_namespace(namespace, conf_py)  # valid: checked above
    use_language(namespace.get("language"))  # the cards' labels in the book's language
    base_url = str(args.base_url if args.base_url is not None else values["base_url"])
    if not base_url.startswith(("http://", "https://")) or not base_url.endswith("/"):
        return _fail(
            f"the QR codes need the website's address, got {base_url!r}: set "
            "coursebook_base_url in conf.py or pass --base-url https://.../"
        )
    placeholder = placeholder_host(base_url)
    if placeholder:
        print(
            f"coursebook cards: note: the QR codes open {placeholder}, a placeholder: set "
            "coursebook_base_url in conf.py to the address where the website is published "
            "(or pass --base-url)",
            file=sys.stderr,
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
        name = "-".join(args.deck) if args.deck else ALL_EXERCISES
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
    if args.all_decks:
        remove_stale_decks(args.out_dir, suffix, catalogue.decks)
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
