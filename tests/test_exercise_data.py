"""The exercise model rejects every bad input with its file, line, key path and a hint.

Each file under ``tests/bad-inputs/`` starts with ``# expect: <message>``: the problem it must
produce, placed into a copy of the exercises test book.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOTS, copy_book
from coursebook.exercises.model import card_sections, load_catalogue
from coursebook.guards.yamlsafe import MAX_BYTES, DataError

BAD_INPUTS = Path(__file__).parent / "bad-inputs"


def expected_message(case: Path) -> str:
    first_line = case.read_bytes().split(b"\n", 1)[0].decode()
    assert first_line.startswith("# expect: "), case
    return first_line.removeprefix("# expect: ")


def problems_for(case: Path, folder: str, tmp_path: Path) -> str:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    (book / folder / case.name).write_bytes(case.read_bytes())
    with pytest.raises(DataError) as error:
        load_catalogue(book)
    return str(error.value).replace(str(book / folder) + "/", "")


@pytest.mark.parametrize(
    "case", sorted((BAD_INPUTS / "exercises").glob("*.yaml")), ids=lambda p: p.stem
)
def test_bad_exercise_is_reported_at_its_place(case: Path, tmp_path: Path) -> None:
    assert expected_message(case) in problems_for(case, "exercises", tmp_path)


@pytest.mark.parametrize(
    "case", sorted((BAD_INPUTS / "decks").glob("*.yaml")), ids=lambda p: p.stem
)
def test_bad_deck_is_reported_at_its_place(case: Path, tmp_path: Path) -> None:
    assert expected_message(case) in problems_for(case, "decks", tmp_path)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    for name in ("unknown-key.yaml", "empty-steps.yaml", "bad-level.yaml"):
        (book / "exercises" / name).write_bytes((BAD_INPUTS / "exercises" / name).read_bytes())
    with pytest.raises(DataError) as error:
        load_catalogue(book)
    assert len(error.value.problems) == 3


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    (book / "exercises" / "huge.yaml").write_text("notes: '" + "x" * MAX_BYTES + "'\n")
    with pytest.raises(DataError, match=r"huge.yaml:1 \(top level\): file is \d+ bytes"):
        load_catalogue(book)


def test_valid_book_loads_with_its_decks_in_order() -> None:
    catalogue = load_catalogue(ROOTS / "test-exercises")
    assert sorted(catalogue.exercises) == ["breathe-slowly", "bridge", "wall-stretch"]
    chosen = catalogue.select(decks=["morning"])
    assert [e.id for e in chosen] == ["breathe-slowly", "wall-stretch", "bridge"]
    assert [e.id for e in catalogue.select(tags=["beginner"], levels=[1])] == [
        "breathe-slowly",
        "wall-stretch",
    ]
    assert [e.id for e in catalogue.select(decks=["morning"], levels=[2])] == ["bridge"]


def test_the_real_book_data_is_valid() -> None:
    catalogue = load_catalogue(Path(__file__).parents[1] / "book")
    assert len(catalogue.exercises) >= 12
    categories = {e.category for e in catalogue.exercises.values()}
    assert categories == {"stretching", "strengthening", "posture", "breathing", "activity"}


def test_cards_and_pages_share_one_presentation() -> None:
    exercise = load_catalogue(ROOTS / "test-exercises").exercises["breathe-slowly"]
    front, back = card_sections(exercise)
    assert [s.label for s in front] == ["Purpose", "Starting position", "Steps", "Dosage"]
    assert [s.label for s in back] == [
        "Breathing",
        "Common mistakes",
        "Cautions",
        "Easier",
        "Harder",
    ]
    assert exercise.contraindications[0] in back[2].items
