"""The exercise model rejects every bad input with its file, line, key path and a hint.

Each file under ``tests/bad-inputs/`` starts with ``# expect: <message>``: the problem it must
produce, placed into a copy of the exercises test book.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import ConfigError

from conftest import ROOTS, copy_book
from coursebook.exercises.classification import check_categories, check_levels
from coursebook.exercises.dosage import check_count, check_hold
from coursebook.exercises.fields import DECK_FIELDS, DOSAGE_FIELDS, EXERCISE_FIELDS
from coursebook.exercises.model import (
    Deck,
    Dosage,
    Exercise,
    card_sections,
    load_catalogue,
    read_catalogue,
    suggest_exercise,
)
from coursebook.exercises.settings import BookSettings
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


# -- one table of fields -------------------------------------------------------------------------
def test_the_field_tables_describe_the_model_s_dataclasses() -> None:
    own = {"classification", "file", "lines"}  # set by the loader, not written by authors
    assert {f.name for f in EXERCISE_FIELDS} == {f.name for f in dataclasses.fields(Exercise)} - own
    assert {f.name for f in DOSAGE_FIELDS} == {f.name for f in dataclasses.fields(Dosage)}
    assert {f.name for f in DECK_FIELDS} == {f.name for f in dataclasses.fields(Deck)} - {
        "name",
        "file",
    }
    assert all(f.hint for f in (*EXERCISE_FIELDS, *DOSAGE_FIELDS, *DECK_FIELDS))


# -- dosage numbers ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["30 s", "20 to 30 s", "20-30s", "1.5 min", "5 breaths", "30 s; older adults 30 to 60 s"],
)
def test_hold_times_that_read_as_times_are_accepted(text: str) -> None:
    assert check_hold(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5 s", "'-5 s' is negative"),
        ("banana", "'banana' does not start with a number"),
        ("30", "'30' has no unit"),
        ("30 sausages", "has no unit"),
        ("0 s", "must be more than 0"),
        ("60 to 30 s", "is not a range from low to high"),
        ("30 s, then -5 s", "is negative"),
    ],
)
def test_hold_times_without_a_positive_time_are_refused(text: str, message: str) -> None:
    finding = check_hold(text)
    assert finding is not None and message in finding[0] and finding[1]


@pytest.mark.parametrize(
    "text", ["10", "8 to 12", "8-12", "8 - 12", "2 to 4 per side", "10 each side", "8 à 12"]
)
def test_counts_that_start_with_a_positive_whole_number_are_accepted(text: str) -> None:
    assert check_count(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-10", "is negative"),
        ("0", "must be more than 0"),
        ("banana", "does not start with a number"),
        ("10.5", "is a whole number"),
        ("12 to 8", "is not a range from low to high"),
    ],
)
def test_counts_that_are_not_positive_whole_numbers_are_refused(text: str, message: str) -> None:
    finding = check_count(text)
    assert finding is not None and message in finding[0] and finding[1]


def test_sets_follow_the_count_grammar(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    bridge = book / "exercises" / "bridge.yaml"
    bridge.write_text(bridge.read_text().replace("sets: 2 to 3", "sets: 0"))
    with pytest.raises(DataError, match=r"bridge.yaml:\d+ dosage.sets: '0': a count must be"):
        load_catalogue(book)


# -- categories and levels from conf.py ----------------------------------------------------------
def settings(**changes: Any) -> BookSettings:
    base = BookSettings.of_book(ROOTS / "test-exercises")
    return dataclasses.replace(base, **changes)


def test_labels_and_colours_come_from_the_book() -> None:
    categories = {
        "stretching": {"label": "Mobility", "colour": "#56B4E9"},
        "strengthening": {"label": "Strength", "colour": "#0072B2"},
        "breathing": {"label": "Breath", "colour": "#CC79A7"},
    }
    levels = {1: "Beginner", 2: "Intermediate", 3: "Advanced"}
    book = ROOTS / "test-exercises"
    catalogue = load_catalogue(book, settings=settings(categories=categories, levels=levels))
    bridge = catalogue.exercises["bridge"]
    assert (bridge.category_label, bridge.level_label) == ("Strength", "Intermediate")
    assert (bridge.colour, bridge.ink) == ("#0072B2", "#ffffff")
    assert catalogue.exercises["wall-stretch"].ink == "#1a1a1a"


def test_a_book_that_declares_no_levels_has_three_generic_ones() -> None:
    catalogue = load_catalogue(ROOTS / "test-exercises")
    assert catalogue.classification.level_numbers == [1, 2, 3]
    assert catalogue.exercises["bridge"].level_label == "Level 2"


def test_an_undeclared_category_or_level_lists_the_declared_ones(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    bridge = book / "exercises" / "bridge.yaml"
    text = bridge.read_text().replace("category: strengthening", "category: yoga")
    bridge.write_text(text.replace("level: 2", "level: 4"))
    with pytest.raises(DataError) as error:
        load_catalogue(book, settings=settings(levels={1: "Easy", 2: "Hard"}))
    message = str(error.value)
    assert "use 'stretching', 'strengthening' or 'breathing', the categories of" in message
    assert "level: 4 is not a level (hint: use 1 or 2, the levels of coursebook_levels" in message


def test_an_invalid_exercise_is_left_out_of_the_catalogue(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    bridge = book / "exercises" / "bridge.yaml"
    bridge.write_text(bridge.read_text().replace("level: 2", "level: 4"))
    catalogue, problems = read_catalogue(book)
    assert len(problems) == 1
    assert "bridge" not in catalogue.exercises
    assert catalogue.rejected == {"bridge": bridge}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "expected a dict"),
        ({"Yoga": {"label": "Yoga", "colour": "#56B4E9"}}, "the id must be lowercase"),
        ({"yoga": {"label": "Yoga", "color": "#56B4E9"}}, "unknown key 'color'"),
        ({"yoga": {"label": "", "colour": "#56B4E9"}}, "['label'] = '': expected a non-empty"),
        ({"yoga": {"label": "Y" * 33, "colour": "#56B4E9"}}, "33 characters, at most 32"),
        ({"yoga": {"label": "Yoga", "colour": "56B4E9"}}, "expected '#RRGGBB'"),
        ({"yoga": {"label": "Yoga", "colour": "#777777"}}, "reads at 4.48:1 at best"),
    ],
)
def test_bad_categories_are_refused(value: object, message: str) -> None:
    problem = check_categories("coursebook_categories", value)
    assert problem is not None and message in problem


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"1": "Easy"}, "the keys must be whole numbers"),
        ({True: "Easy"}, "the keys must be whole numbers"),
        ({1: "Easy", 3: "Hard"}, "without gaps, found [1, 3]"),
        ({n: f"L{n}" for n in range(1, 7)}, "6 levels, at most 5"),
        ({1: ""}, "expected a non-empty string"),
    ],
)
def test_bad_levels_are_refused(value: object, message: str) -> None:
    problem = check_levels("coursebook_levels", value)
    assert problem is not None and message in problem


def test_the_psoas_settings_are_valid_and_keep_the_cards_inks() -> None:
    book = BookSettings.of_book(Path(__file__).parents[1] / "book")
    assert check_categories("c", book.categories) is None
    assert check_levels("l", book.levels) is None
    inks = {key: c.ink for key, c in book.classification().categories.items()}
    # The inks the cards were printed with when they were chosen by hand.
    assert inks == {
        "stretching": "#1a1a1a",
        "strengthening": "#ffffff",
        "posture": "#1a1a1a",
        "breathing": "#1a1a1a",
        "activity": "#1a1a1a",
    }


def test_settings_errors_on_the_card_path_are_located_at_conf_py(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    with (book / "conf.py").open("a") as conf:
        conf.write("coursebook_levels = {1: 'Easy', 3: 'Hard'}\n")
    with pytest.raises(ConfigError, match=r"conf.py:23: coursebook_levels: levels are numbered"):
        BookSettings.of_book(book)


# -- sources, file names, deck entries ------------------------------------------------------------
def test_sources_are_checked_against_every_bibtex_file(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    (book / "more.bib").write_text("@book{kisner2017,\n  title = {Therapeutic exercise},\n}\n")
    bridge = book / "exercises" / "bridge.yaml"
    bridge.write_text(bridge.read_text().replace("garber2011quantity", "kisner2017"))
    with pytest.raises(DataError, match=re.escape("no reference 'kisner2017' in references.bib")):
        load_catalogue(book)  # more.bib is not one of the book's bibtex_bibfiles
    both = settings(bib_files=("references.bib", "more.bib"))
    assert load_catalogue(book, settings=both).exercises["bridge"].dosage.source == "kisner2017"
    bridge.write_text(bridge.read_text().replace("kisner2017", "nobody2020"))
    with pytest.raises(
        DataError, match=re.escape("no reference 'nobody2020' in references.bib or more.bib")
    ):
        load_catalogue(book, settings=both)
    with pytest.raises(DataError, match="the book has no bibliography"):
        load_catalogue(book, settings=settings(bib_files=()))


def test_an_id_that_is_not_the_file_name_leaves_the_exercise_out_by_both(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    bridge = book / "exercises" / "bridge.yaml"
    bridge.write_text(bridge.read_text().replace("id: bridge\n", "id: bridges\n"))
    catalogue, problems = read_catalogue(book)
    assert [str(p).replace(f"{book}/", "") for p in problems] == [
        "exercises/bridge.yaml:1 id: 'bridges' is not the file's name (hint: an exercise's id is "
        "its file's name, bridge: change the id or rename the file and its page)"
    ]
    # The page (':::{exercise} bridge') and the deck name the file; a link may name the id.
    assert catalogue.rejected == {"bridge": bridge, "bridges": bridge}


def test_an_id_unfit_for_a_file_name_hints_at_renaming_the_file(tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    bridge = book / "exercises" / "bridge.yaml"
    bridge.rename(book / "exercises" / "Glute bridge.yaml")
    _catalogue, problems = read_catalogue(book)
    assert [p.hint for p in problems if p.path == "id"] == [
        "an exercise's id is its file's name: rename the file to bridge.yaml and its page to "
        "bridge.md"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  - Pause for two seconds.",
            "  - Tip: pause for two seconds.",
            "bridge.yaml:11 steps[1]: expected text, found dict (hint: YAML reads 'Tip: …' as a "
            'key and a value: put the whole text in quotes, e.g. - "Tip: pause for two '
            'seconds.")',
        ),
        (
            "purpose: Strengthen",
            'purpose:\n  Why: to "strengthen"',
            "bridge.yaml:7 purpose: expected text, found dict (hint: YAML reads 'Why: …' as a key "
            'and a value: put the whole text in quotes, e.g. purpose: \'Why: to "strengthen" the',
        ),
    ],
)
def test_text_with_a_colon_hints_at_quotes(
    old: str, new: str, message: str, tmp_path: Path
) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    bridge = book / "exercises" / "bridge.yaml"
    assert old in bridge.read_text()
    bridge.write_text(bridge.read_text().replace(old, new))
    with pytest.raises(DataError) as error:
        load_catalogue(book)
    assert message in str(error.value), error.value


@pytest.mark.parametrize("folder", ["exercises", "decks"])
def test_yml_files_are_reported_not_ignored(folder: str, tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    (book / folder / "extra.yml").write_text("title: Extra\n")
    with pytest.raises(DataError, match=r"extra.yml:1 \(top level\): '.yml' files are not read"):
        load_catalogue(book)


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        ("Glute bridge", "did you mean 'bridge'? 'Glute bridge' is its title; use its id"),
        ("glute  BRIDGE", "did you mean 'bridge'?"),
        ("wall-strech", "did you mean 'wall-stretch'?"),
        ("wall stretch", "did you mean 'wall-stretch'?"),
        ("Slow belly breath", "did you mean 'breathe-slowly'?"),
        ("somersault", "use the id of a file in exercises/*.yaml"),
    ],
)
def test_a_deck_entry_that_is_no_id_suggests_the_exercise_meant(entry: str, hint: str) -> None:
    exercises = load_catalogue(ROOTS / "test-exercises").exercises
    assert suggest_exercise(entry, exercises).startswith(hint)


def test_labels_are_plain_text_in_the_book_s_language() -> None:
    exercise = load_catalogue(ROOTS / "test-exercises").exercises["bridge"]
    front, back = card_sections(exercise)
    # Translated when the page or card is made: plain str, not lazy proxies, reach the writers.
    assert all(type(s.label) is str for s in front + back)
    assert all(type(label) is str for label, _ in exercise.dosage.items())
