"""The real book in book/: every edition and the cards, built once for the whole-book checks.

`make test` (and a bare `pytest`) builds book/ into a temporary folder, so a chapter that
breaks any edition fails the suite with the build's own located errors. `make check` passes
``--make-check``: the checks then read the editions `make all` built into build/ (see
``tests/conftest.py`` for the checks that only `make check` collects).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_book, built_once
from coursebook.cli import main as coursebook

REPO = Path(__file__).parents[2]
BOOK = REPO / "book"
CARD_SETS = (("a6", "a4"), ("4x6", "letter"))  # what `make cards` prints


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # One process builds the book and runs every check of it (pytest-xdist's loadgroup), while
    # the others run the rest of the suite.
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.xdist_group("book"))


@pytest.fixture(scope="session")
def book_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the real book's html/, epub/, pdf/ and cards/."""
    if request.config.getoption("--make-check"):
        return REPO / "build"

    def build(out: Path) -> None:
        status = build_book(BOOK, out, "html", "epub", "pdf")
        assert status == 0, "book/ does not build: its errors are above, under 'Captured'"
        for size, paper in CARD_SETS:
            argv = ["cards", "--all-decks", "--size", size, "--paper", paper]
            assert coursebook([*argv, "--book", str(BOOK), "--out-dir", str(out / "cards")]) == 0

    return built_once(tmp_path_factory, "book-out", build)


@pytest.fixture(scope="session")
def epub(book_build: Path) -> Path:
    """The real book's ePub."""
    return book_build / "epub" / "psoas-course.epub"


@pytest.fixture(scope="session")
def pdf(book_build: Path) -> Path:
    """The real book's PDF."""
    return book_build / "pdf" / "psoas-course.pdf"
