"""``coursebook new FOLDER``: the command that starts a course (see :mod:`coursebook.scaffold`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import CourseSettings, ScaffoldError, create_course, title_for

DESCRIPTION = """\
Write a new course into FOLDER (which must not exist yet, or be empty): conf.py, a front page,
one chapter that shows every element a chapter can use (your quick reference), an exercise
with its page, a deck, a glossary, a bibliography, a logo and a figure. It builds at once in
every edition and as cards."""


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``new`` command to the main parser."""
    new = commands.add_parser(
        "new",
        help="start a new course in a folder",
        description=DESCRIPTION,
        epilog="example: coursebook new knee-course --title 'Knee care' --author 'A. Lecturer'",
    )
    new.add_argument("folder", type=Path, metavar="FOLDER", help="the course's folder")
    new.add_argument("--title", help="the course's title (default: the folder's name)")
    new.add_argument(
        "--author", default="The authors", help="who wrote it (default: 'The authors')"
    )
    new.add_argument(
        "--language", default="en", help="language code of the text, e.g. en, fr (default: en)"
    )


def run(args: argparse.Namespace) -> int:
    """Carry out ``coursebook new``; return the exit status (2 when nothing was written)."""
    folder: Path = args.folder
    settings = CourseSettings(
        title=args.title if args.title is not None else title_for(folder),
        author=args.author,
        language=args.language,
    )
    try:
        files = create_course(folder, settings)
    except ScaffoldError as error:
        print(f"coursebook new: error: {error}; nothing was written", file=sys.stderr)
        return 2
    print(f"coursebook new: wrote a course of {len(files)} files to {folder}/")
    # A build folder of the course's own, beside it: `build/` may be another course's.
    out = folder.parent / f"{folder.resolve().name}-build"
    print(
        "Next:\n"
        f"  coursebook build html epub pdf --book {folder} --out {out}\n"
        f"  coursebook cards --book {folder} --all-decks --out-dir {out / 'cards'}\n"
        f"Read {folder / 'chapters' / 'quick-reference.md'}: it shows every element a chapter "
        "can use.\n"
        f"Before you print cards for a class, set coursebook_base_url in {folder / 'conf.py'} "
        "to the address of your website: the cards' QR codes open it."
    )
    return 0
