"""The ``coursebook`` command line: build and publish the editions of a book.

``make`` calls it; authors can too::

    coursebook build html epub pdf            # every edition of ./book into ./build
    coursebook build pdf --paper letter       # the PDF on US Letter
    coursebook build html -- -j auto          # extra options go to sphinx-build
    coursebook new knee-course                # start a new course in ./knee-course

Exit status: 0 on success, 1 when the book has errors (each printed with its file and line),
2 on a bad command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import PAPER_SIZES

EDITIONS = ("html", "epub", "pdf")


def get_parser() -> argparse.ArgumentParser:
    """The argument parser, separate from :func:`main` so the docs and tests can inspect it."""
    parser = argparse.ArgumentParser(
        prog="coursebook",
        description="Publish a MyST course as a website, an ePub 3 and a tagged PDF.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build = commands.add_parser(
        "build",
        help="build editions of the book",
        description="Build editions with Sphinx (warnings are errors) and publish each one "
        "that succeeds into OUT/html, OUT/epub or OUT/pdf. A failed edition leaves the "
        "previous output untouched.",
    )
    build.add_argument(
        "editions",
        nargs="+",
        choices=EDITIONS,
        metavar="EDITION",
        help="one or more of: " + ", ".join(EDITIONS),
    )
    build.add_argument(
        "--book",
        type=Path,
        default=Path("book"),
        help="folder holding conf.py and the chapters (default: book)",
    )
    build.add_argument(
        "--out", type=Path, default=Path("build"), help="output folder (default: build)"
    )
    build.add_argument(
        "--paper",
        choices=tuple(PAPER_SIZES),
        help="PDF page size (default: the book's coursebook_paper setting)",
    )
    build.epilog = "Options after a lone '--' are passed to sphinx-build."
    from .cards import cli as cards_cli

    cards_cli.add_parser(commands)
    from .scaffold import cli as scaffold_cli

    scaffold_cli.add_parser(commands)
    return parser


def build_edition(edition: str, book: Path, out: Path, extra: Sequence[str]) -> int:
    """Run Sphinx for one edition and publish it if the build is clean; return the exit code."""
    from sphinx.cmd.build import build_main

    from .editions.publish import publish_file, publish_site, read_output_name
    from .incremental import remember_good_environment, return_to_good_environment
    from .warnings_ import concise_errors

    work = out / ".work" / edition
    doctrees = out / ".doctrees" / edition
    argv = [
        "-b",
        edition,
        "-d",
        str(doctrees),
        "-W",
        "--keep-going",
        "-n",
        *extra,
        str(book),
        str(work),
    ]
    with concise_errors():
        status = build_main(argv)
    if status != 0:
        # The failed build's environment may hold what a clean build would not (a duplicate
        # label in place of the original): the next build starts from the last good one.
        return_to_good_environment(doctrees, work)
        print(
            f"coursebook: the {edition} edition has errors (listed above); "
            f"the previous output in {out / edition} is unchanged",
            file=sys.stderr,
        )
        return 1
    remember_good_environment(doctrees)
    if edition == "html":
        print(f"coursebook: website published to {publish_site(work, out)}")
        return 0
    target = publish_file(work / read_output_name(work), out, edition)
    print(f"coursebook: {edition} published to {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``coursebook`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:  # everything after a lone '--' belongs to sphinx-build
        extra, argv = argv[argv.index("--") + 1 :], argv[: argv.index("--")]
    args = get_parser().parse_args(argv)
    if args.command == "cards":
        from .cards import cli as cards_cli

        return cards_cli.run(args)
    if args.command == "new":
        from .scaffold import cli as scaffold_cli

        return scaffold_cli.run(args)
    if args.paper:
        extra = ["-D", f"coursebook_paper={args.paper}", *extra]
    if not (args.book / "conf.py").is_file():
        print(
            f"coursebook: error: {args.book}/conf.py not found "
            "(--book must name the folder that holds the book's conf.py)",
            file=sys.stderr,
        )
        return 2
    status = 0
    # The PDF before the ePub: the ePub takes its print page numbers from the PDF's build.
    editions = sorted(dict.fromkeys(args.editions), key=lambda e: e == "epub")
    for edition in editions:
        status = max(status, build_edition(edition, args.book, args.out, extra))
    return status


if __name__ == "__main__":
    sys.exit(main())
