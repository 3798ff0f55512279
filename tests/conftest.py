"""Shared fixtures: small test books built once per test run through the real pipeline.

`make test` runs the suite in several processes (pytest-xdist). A build that many tests read is
made once for the whole run, not once per process: :func:`built_once` puts it in the run's
temporary folder, which every process shares, under a lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coursebook.cli import main as coursebook

REPO = Path(__file__).parents[1]
ROOTS = REPO / "tests" / "roots"
EPOCH = "1767225600"  # 2026-01-01, so every build in the suite is reproducible


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--make-check",
        action="store_true",
        help="check the editions `make all` built into build/ (instead of building book/ into a "
        "temporary folder), with the checks that need them: a real browser, an offline "
        "rebuild and DAISY Ace (tests/book/test_browser.py, test_offline.py, test_ace.py). "
        "`make check` passes it.",
    )


# Checks that need the build `make all` left in build/ (a real browser, an offline rebuild that
# must give the same bytes) or what `make check` installs (DAISY Ace): `make check` runs them,
# `make test` and a bare `pytest` leave them out, and say so in the header. Every other
# whole-book check runs everywhere.
NEEDS_MAKE_ALL = ("book/test_browser.py", "book/test_offline.py", "book/test_ace.py")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    here = Path(__file__).parent
    needs_make_all = {here / name for name in NEEDS_MAKE_ALL}
    if collection_path in needs_make_all and not config.getoption("--make-check"):
        return True
    return None


def pytest_report_header(config: pytest.Config) -> str:
    if config.getoption("--make-check"):
        return "whole-book checks: on the editions in build/ (make check)"
    return (
        "whole-book checks: on book/ built afresh; "
        f"{' and '.join(NEEDS_MAKE_ALL)} run in `make check` only"
    )


def build_book(book: Path, out: Path, *editions: str, extra: tuple[str, ...] = ()) -> int:
    """Build editions with the ``coursebook`` command, as ``make`` does."""
    return coursebook(
        [
            "build",
            *editions,
            "--book",
            str(book),
            "--out",
            str(out),
            *(["--", *extra] if extra else []),
        ]
    )


def copy_book(book: Path, folder: Path) -> Path:
    """A private copy of a book, which a test may break without touching the others."""
    return Path(shutil.copytree(book, folder / "book"))


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """The folder ``name`` that ``build(folder)`` fills, made once for the whole test run.

    Every pytest-xdist worker has its own temporary folder inside the run's; the shared one is
    the run's. The first worker to ask builds while the others wait on the lock. A failed build
    is reported in full by the first test that needed it, and the others fail at once.
    """
    run = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        run = run.parent
    folder, done, failed = run / name, run / f"{name}.done", run / f"{name}.failed"
    with (run / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"the build of {name} failed: see the first test that needed it")
        if not done.exists():
            folder.mkdir()
            try:
                with pytest.MonkeyPatch.context() as patch:
                    patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
                    build(folder)
            except BaseException:
                failed.touch()
                raise
            done.touch()
    return folder


@pytest.fixture(scope="session")
def components_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the components test book (tests may break their own copies)."""

    def copy(folder: Path) -> None:
        copy_book(ROOTS / "test-components", folder)

    return built_once(tmp_path_factory, "components", copy) / "book"


@pytest.fixture(scope="session")
def components_build(components_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All three editions of the components test book, built once."""

    def build(out: Path) -> None:
        assert build_book(components_book, out, "html", "epub", "pdf") == 0

    return built_once(tmp_path_factory, "components-out", build)


@pytest.fixture(scope="session")
def exercises_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All three editions of the exercises test book, built once."""

    def build(out: Path) -> None:
        assert build_book(ROOTS / "test-exercises", out, "html", "epub", "pdf") == 0

    return built_once(tmp_path_factory, "exercises-out", build)


PARTS = ("-D", "coursebook_pdf_layout=parts")
"""Sphinx options that lay the PDF out in parts, as a book above about five times the course."""


@pytest.fixture(scope="session")
def parts_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The components book's PDF, laid out in parts."""

    def build(out: Path) -> None:
        assert build_book(ROOTS / "test-components", out, "pdf", extra=PARTS) == 0

    return built_once(tmp_path_factory, "components-parts", build)


# -- the real book (checked by tests/book/) ---------------------------------------------------
#
# `make test` (and a bare `pytest`) builds book/ into a temporary folder, so a chapter that
# breaks any edition fails the suite with the build's own located errors. `make check` passes
# --make-check: the checks then read the editions `make all` built into build/.

BOOK = REPO / "book"
CARD_SETS = (("a6", "a4"), ("4x6", "letter"))  # what `make cards` prints


# The tests outside tests/book that run EPUBCheck: they join the whole-book checks, so that one
# process starts the Java VM (about 5 s of CPU) for all of them.
EPUBCHECK_ELSEWHERE = (
    "tests/test_editions.py::test_epubcheck_reports_nothing",
    "tests/test_build_safety.py::test_rebuilding_the_epub_in_place_keeps_it_valid",
    "tests/test_exercise_pages.py::test_exercises_reach_the_other_editions",
)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, when it runs the tests
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """pytest-xdist hands out each test on its own, except the whole-book checks: they go
    together to one process, which builds the book once while the others run the rest."""
    from xdist.scheduler import LoadScopeScheduling

    class WholeBookTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            together = nodeid.startswith(("tests/book/", *EPUBCHECK_ELSEWHERE))
            return "tests/book/" if together else nodeid

    return WholeBookTogether(config, log)


@pytest.fixture(scope="session")
def book_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the real book's html/, epub/, pdf/ and cards/."""
    if request.config.getoption("--make-check"):
        return REPO / "build"

    def build(out: Path) -> None:
        status = build_book(BOOK, out, "html", "epub", "pdf")
        assert status == 0, "book/ does not build: its errors are in the captured output below"
        for size, paper in CARD_SETS:
            argv = ["cards", "--all-decks", "--size", size, "--paper", paper]
            assert coursebook([*argv, "--book", str(BOOK), "--out-dir", str(out / "cards")]) == 0

    return built_once(tmp_path_factory, "book-out", build)


@pytest.fixture(scope="session")
def book_parts_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book's PDF laid out in parts (always built afresh: `make all` lays the course
    out whole)."""

    def build(out: Path) -> None:
        assert build_book(BOOK, out, "pdf", extra=PARTS) == 0

    return built_once(tmp_path_factory, "book-parts", build) / "pdf" / "psoas-course.pdf"


@pytest.fixture(scope="session")
def book_epub(book_build: Path) -> Path:
    """The real book's ePub."""
    return book_build / "epub" / "psoas-course.epub"


@pytest.fixture(scope="session")
def book_pdf(book_build: Path) -> Path:
    """The real book's PDF."""
    return book_build / "pdf" / "psoas-course.pdf"
