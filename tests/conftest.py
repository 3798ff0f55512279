"""Shared fixtures: small test books built once per session through the real pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursebook.cli import main as coursebook

ROOTS = Path(__file__).parent / "roots"
EPOCH = "1767225600"  # 2026-01-01, so every build in the suite is reproducible


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


@pytest.fixture(scope="session")
def components_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the components test book (tests may break their own copies)."""
    return copy_book(ROOTS / "test-components", tmp_path_factory.mktemp("components"))


@pytest.fixture(scope="session")
def components_build(
    components_book: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """All three editions of the components test book, built once."""
    out = tmp_path_factory.mktemp("out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert build_book(components_book, out, "html", "epub", "pdf") == 0
    return out


@pytest.fixture(scope="session")
def exercises_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All three editions of the exercises test book, built once."""
    out = tmp_path_factory.mktemp("exercises")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert build_book(ROOTS / "test-exercises", out, "html", "epub", "pdf") == 0
    return out
