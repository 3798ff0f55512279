"""On paper, a reference is a page (issue 15): cross-references print their target's page, the
exercise index is printed once with a page column, and the back-of-book index lists each entry
once, whatever its case, with the pages where it stands; the website's genindex has no case
duplicates either. Each check reads the printed words (pdftotext), and is proven on a planted
fault.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOTS, build_book, copy_book
from coursebook.editions import book_index
from coursebook.exercises.model import load_catalogue
from page_references import (
    genindex_case_duplicates,
    index_entries,
    index_problems,
    page_column_problems,
    page_reference_problems,
    page_with,
    pdf_layout_pages,
    pdf_pages,
)

REFERENCE = "The glossary of chapter two"
"""In chapter one: a ``{ref}`` to the glossary section of chapter two."""


@pytest.fixture(scope="module")
def components_pages(components_build: Path) -> list[str]:
    return pdf_pages(components_build / "pdf" / "components.pdf")


def test_a_cross_reference_prints_its_target_s_page(components_pages: list[str]) -> None:
    assert page_reference_problems(components_pages, REFERENCE, "Glossary") == []
    words = "See Chapter two: the glossary"  # a {doc} link: the chapter's title page
    assert page_reference_problems(components_pages, words, "Chapter two: the glossary") == []
    text = " ".join(" ".join(components_pages).split())
    # Neither citations nor glossary terms carry pages (references.py says why).
    assert "1992] (p." not in text
    assert "1992 (p." not in text
    assert "psoas major (p." not in text


def test_the_page_reference_check_catches_a_wrong_or_missing_page(
    components_pages: list[str],
) -> None:
    right = page_with(components_pages, "Glossary", line=True)[0]
    wrong = [
        p.replace(f"{REFERENCE} (p. {right})", f"{REFERENCE} (p. {right + 1})")
        for p in components_pages
    ]
    assert page_reference_problems(wrong, REFERENCE, "Glossary") == [
        f"{REFERENCE!r} prints p. {right + 1}, but 'Glossary' is on p. {right}"
    ]
    missing = [p.replace(f"{REFERENCE} (p. {right})", REFERENCE) for p in components_pages]
    assert page_reference_problems(missing, REFERENCE, "Glossary") == [
        f"{REFERENCE!r} prints no page"
    ]


def expected_index(pages: list[str]) -> dict[str, list[int]]:
    """The components book's entries ("Diaphragm; breathing" in chapter one, "diaphragm" and
    "diaphragm; Breathing" in chapter two) and the pages where their words stand."""
    one = page_with(pages, "defines the terms of this chapter")
    two = page_with(pages, "The diaphragm is indexed here")
    glossary = page_with(pages, "A bony knob on the inner back of the femur")
    assert len(one) == len(two) == len(glossary) == 1
    return {
        "diaphragm": two,
        "breathing": sorted(set(one + two)),
        "lesser trochanter": glossary,
    }


def test_the_index_merges_case_variants_with_their_pages(
    components_pages: list[str], components_build: Path
) -> None:
    entries = index_entries(components_pages)
    assert index_problems(entries, expected_index(components_pages)) == []
    # In the contents, and each page number a link to its page.
    contents = next(p for p in components_pages if "Contents" in p.split("\n")[:4])
    assert "Index" in contents
    pdf = pikepdf.open(components_build / "pdf" / "components.pdf")
    index_page = pdf.pages[-1]
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    linked = {
        pages[annot.Dest[0].objgen]
        for annot in index_page.get("/Annots", [])
        if annot.get("/Subtype") == "/Link" and "/Dest" in annot
    }
    assert linked == {page for _words, numbers in entries for page in numbers}


def test_the_index_check_catches_a_case_duplicate_and_a_wrong_page(
    components_pages: list[str],
) -> None:
    entries = index_entries(components_pages)
    expected = expected_index(components_pages)
    doubled = [*entries, ("Diaphragm", expected["diaphragm"])]
    assert any("two entries" in p for p in index_problems(doubled, expected))
    moved = [(w, [n + 1 for n in p]) if w == "diaphragm" else (w, p) for w, p in entries]
    assert index_problems(moved, expected) == [
        f"'diaphragm' prints pages {[[n + 1 for n in expected['diaphragm']]]}, "
        f"not {expected['diaphragm']}"
    ]


def test_the_genindex_has_no_case_duplicates(components_build: Path, tmp_path: Path) -> None:
    assert genindex_case_duplicates(components_build / "html" / "genindex.html") == []
    assert (components_build / "html" / "genindex.html").read_text().count(">diaphragm<") == 1
    # The ePub's index is the same page, written by the same hook.
    with zipfile.ZipFile(components_build / "epub" / "components.epub") as epub:
        name = next(n for n in epub.namelist() if n.endswith("genindex.xhtml"))
        (tmp_path / "genindex.xhtml").write_bytes(epub.read(name))
    assert genindex_case_duplicates(tmp_path / "genindex.xhtml") == []
    assert (tmp_path / "genindex.xhtml").read_text().count(">diaphragm<") == 1


def test_the_genindex_check_catches_sphinx_s_own_duplicates(
    components_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the merge, Sphinx's genindex lists "Diaphragm" and "diaphragm" apart."""
    monkeypatch.setattr(book_index, "merge_case_variants", lambda index: index)
    book = copy_book(components_book, tmp_path)
    assert build_book(book, tmp_path / "out", "html") == 0
    found = genindex_case_duplicates(tmp_path / "out" / "html" / "genindex.html")
    assert found == ["'Diaphragm' and 'diaphragm'"]


EXERCISE_HEADER = "Exercise Category Level Dosage Page"


def test_the_exercise_index_is_printed_once_with_a_page_column(exercises_build: Path) -> None:
    pdf = exercises_build / "pdf" / "exercises.pdf"
    pages, layout = pdf_pages(pdf), pdf_layout_pages(pdf)
    titles = [e.title for e in load_catalogue(ROOTS / "test-exercises").exercises.values()]
    assert len(titles) == 3
    assert page_column_problems(layout, pages, EXERCISE_HEADER, titles) == []
    # The root page's exercise index is a sentence that gives the table's page.
    table = next(n for n, p in enumerate(layout, start=1) if "Dosage" in p)
    text = " ".join(" ".join(pages).split())
    assert f"is in Exercise library (p. {table})." in text


def test_the_page_column_check_catches_a_second_table_and_a_wrong_page(
    exercises_build: Path,
) -> None:
    pdf = exercises_build / "pdf" / "exercises.pdf"
    pages, layout = pdf_pages(pdf), pdf_layout_pages(pdf)
    titles = ["Glute bridge"]
    table = next(n for n, p in enumerate(layout, start=1) if "Dosage" in p)
    twice = [*layout, layout[table - 1]]
    assert page_column_problems(twice, pages, EXERCISE_HEADER, titles) == [
        f"the table {EXERCISE_HEADER!r} is printed on pages {[table, len(twice)]}, not once"
    ]
    bridge = page_with(pages, "Glute bridge", line=True)
    row = next(line for line in layout[table - 1].splitlines() if "Glute bridge" in line)
    shifted = row.rstrip()[:-1] + str(int(row.rstrip()[-1]) + 1)
    wrong = [p.replace(row, shifted) for p in layout]
    problems = page_column_problems(wrong, pages, EXERCISE_HEADER, titles)
    assert len(problems) == 1 and problems[0].startswith("'Glute bridge''s row prints p.")
    assert str([p for p in bridge if p != table]) in problems[0]
