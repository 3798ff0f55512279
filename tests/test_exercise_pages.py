"""Exercise pages, the exercise index and exercise links, in all three editions."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from conftest import ROOTS, build_book, copy_book
from coursebook.exercises.model import load_catalogue
from editions import epub_text, epubcheck_messages, normalise, pdf_text

BOOK = ROOTS / "test-exercises"


def test_exercise_page_shows_every_part(exercises_build: Path) -> None:
    page = html.parse(str(exercises_build / "html" / "exercises" / "bridge.html"))
    assert page.xpath("//h1")[0].text_content().startswith("Glute bridge")
    steps = [
        li.text_content().strip() for li in page.xpath("//section[@id='exercise-bridge-steps']//li")
    ]
    assert steps == list(load_catalogue(BOOK).exercises["bridge"].steps)
    headings = [h.text_content().rstrip("#¶ ") for h in page.xpath("//section/h2")]
    assert headings == [
        "Purpose",
        "Starting position",
        "Steps",
        "Dosage",
        "Breathing",
        "Common mistakes",
        "Cautions",
        "Easier",
        "Harder",
    ]
    assert page.xpath("//a[contains(@href, 'care.html')]")  # its chapter is linked


def test_index_lists_and_links_every_exercise(exercises_build: Path) -> None:
    page = html.parse(str(exercises_build / "html" / "exercises" / "index.html"))
    links = {a.text_content(): a.get("href") for a in page.xpath("//table//a")}
    assert links == {
        "Wall hip flexor stretch": "wall-stretch.html#exercise-wall-stretch",
        "Slow belly breathing": "breathe-slowly.html#exercise-breathe-slowly",
        "Glute bridge": "bridge.html#exercise-bridge",
    }


def test_badges_and_index_take_the_book_s_categories_and_levels(exercises_build: Path) -> None:
    # The test book declares its categories, not its levels: the default labels apply.
    page = html.parse(str(exercises_build / "html" / "exercises" / "bridge.html"))
    badges = [b.text_content() for b in page.xpath("//p[contains(@class, 'cb-exercise-badges')]/*")]
    assert badges == ["Strengthening and core", "Level 2"]
    index = html.parse(str(exercises_build / "html" / "exercises" / "index.html"))
    categories = [row.xpath("td")[1].text_content() for row in index.xpath("//tbody/tr")]
    assert categories == ["Stretching", "Strengthening and core", "Breathing"]  # conf.py's order


@pytest.mark.parametrize("edition", ["html", "epub", "pdf"])
def test_a_level_out_of_range_is_one_located_error_in_every_edition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edition: str
) -> None:
    # It used to be followed by Sphinx's crash report (KeyError: 4) from the page's level badge.
    book = copy_book(BOOK, tmp_path)
    with (book / "conf.py").open("a") as conf:
        conf.write("coursebook_levels = {1: 'Gentle', 2: 'Moderate', 3: 'Demanding'}\n")
    exercise = book / "exercises" / "bridge.yaml"
    exercise.write_text(exercise.read_text().replace("level: 2", "level: 4"))
    assert build_book(book, tmp_path / "out", edition) == 1
    err = capsys.readouterr().err
    assert "exercises/bridge.yaml:4: WARNING: level: 4 is not a level" in err
    assert err.count("WARNING") == 1, err
    assert "Traceback" not in err and "Exception occurred" not in err


def test_role_links_by_id_with_the_title(exercises_build: Path) -> None:
    page = html.parse(str(exercises_build / "html" / "chapters" / "care.html"))
    links = {
        a.text_content(): a.get("href")
        for a in page.xpath("//article//a[@href]")
        if "exercises/" in a.get("href", "")
    }
    assert links["Slow belly breathing"].startswith("../exercises/breathe-slowly.html")


@pytest.mark.parametrize("edition", ["epub", "pdf"])
def test_exercises_reach_the_other_editions(exercises_build: Path, edition: str) -> None:
    if edition == "epub":
        epub = exercises_build / "epub" / "exercises.epub"
        assert epubcheck_messages(epub) == []
        text = epub_text(epub)
    else:
        text = pdf_text(exercises_build / "pdf" / "exercises.pdf")
    for exercise in load_catalogue(BOOK).exercises.values():
        for words in (exercise.title, *exercise.steps, exercise.harder):
            assert normalise(words) in normalise(text), words


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("exercises/bridge.yaml", "level: 2", "level: 9"),
            "exercises/bridge.yaml:4: WARNING: level: 9 is not a level (hint: use 1, 2 or 3, "
            "the levels of coursebook_levels in conf.py)",
        ),
        (
            ("exercises/bridge.md", ":::{exercise} bridge", ":::{exercise} bridges"),
            "exercises/bridge.md:1: WARNING: unknown exercise 'bridges' (hint: did you mean "
            "'bridge'?)",
        ),
        (
            ("chapters/care.md", "{exercise}`wall-stretch`", "{exercise}`wall-strech`"),
            "care.md:3: WARNING: link to unknown exercise 'wall-strech' (hint: did you mean "
            "'wall-stretch'?)",
        ),
    ],
)
def test_bad_exercise_input_fails_the_build_at_its_place(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str, str],
    message: str,
) -> None:
    book = copy_book(BOOK, tmp_path)
    name, old, new = change
    path = book / name
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    assert build_book(book, tmp_path / "out", "html") == 1
    assert message in capsys.readouterr().err


def test_an_id_that_is_not_the_file_name_is_one_error_at_the_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It used to give no error at the id but a page with no title, toctree entries without a
    # title, and hints to rename the deck entry, the page and the links to the typo.
    book = copy_book(BOOK, tmp_path)
    exercise = book / "exercises" / "bridge.yaml"
    exercise.write_text(exercise.read_text().replace("id: bridge\n", "id: bridges\n"))
    assert build_book(book, tmp_path / "out", "html") == 1
    err = capsys.readouterr().err
    assert (
        "exercises/bridge.yaml:1: WARNING: id: 'bridges' is not the file's name (hint: an "
        "exercise's id is its file's name, bridge: change the id or rename the file and its page)"
    ) in err
    assert err.count("WARNING") == 1, err
    assert "no title" not in err and "toctree" not in err, err


def test_an_exercise_without_its_page_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(BOOK, tmp_path)
    (book / "exercises" / "bridge.md").unlink()
    assert build_book(book, tmp_path / "out", "html") == 1
    assert "exercise 'bridge' has no page exercises/bridge.md" in capsys.readouterr().err


def test_parallel_build_merges_where_exercises_are_shown(tmp_path: Path) -> None:
    # Proves the domain's parallel-safe merge: links and the page check survive -j 2.
    assert build_book(BOOK, tmp_path, "html", extra=("-j", "2")) == 0
    page = html.parse(str(tmp_path / "html" / "exercises" / "index.html"))
    assert len(page.xpath("//table//a[contains(@href, '#exercise-')]")) == 3
