"""The PDF laid out in parts (``coursebook_pdf_layout = "parts"``) reads as the whole compile.

The components book is built in parts and compared with its whole-compile build: the same text
on every page, the same outline, a clean tagged PDF; two builds give the same bytes, and an edit
to one chapter lays out that chapter's part again and nothing else, with the result of a clean
build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pytest

from conftest import EPOCH, PARTS, ROOTS, build_book, copy_book
from coursebook.editions.page_marks import MAP_FILE
from editions import pdf_problems, pdf_text

CHAPTERS = ["Chapter one: every element", "Chapter two: the glossary"]


def page_texts(pdf: Path) -> list[str]:
    """Each page's words, with runs of spaces, dots and word joiners as one space: the contents'
    leaders fill a line with a different number of dots in a Typst outline than in the parts
    layout's contents, and a page number after them may start with a word joiner. Without
    hyphens: the page references the parts layout leaves out move line breaks, and pdftotext
    drops a hyphen that ends a line ("Self-" "check" reads "Selfcheck")."""
    return [
        re.sub(r"[\s.\u2060]+", " ", page.replace("-", "")).strip()
        for page in pdf_text(pdf).split("\f")
    ]


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page from 1) of every outline item, in order."""
    reader = pypdf.PdfReader(pdf)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                assert isinstance(item, pypdf.generic.Destination)
                found.append((depth, str(item.title), reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def test_parts_pdf_is_tagged_embedded_linked_and_outlined(parts_build: Path) -> None:
    assert pdf_problems(parts_build / "pdf" / "components.pdf", CHAPTERS) == []


PAGE_REFERENCE = re.compile(r" ?\(p[ .]+\d+\)")
"""A page reference after a cross-reference's words (its dot a space in :func:`page_texts`):
the parts layout prints none."""


def without_page_references(texts: list[str]) -> list[str]:
    """The pages' words without page references (and without the text after the last page)."""
    return [PAGE_REFERENCE.sub("", text) for text in texts if text]


def test_parts_pdf_reads_as_the_whole_compile(parts_build: Path, components_build: Path) -> None:
    """The same pages, but for what the parts layout leaves out (README, PDF: page references):
    the page after each cross-reference, and the back-of-book index, the whole compile's last
    page and its last contents entry and bookmark."""
    parts, whole = (
        parts_build / "pdf" / "components.pdf",
        components_build / "pdf" / "components.pdf",
    )
    whole_pages = without_page_references(page_texts(whole))
    assert whole_pages[-1].startswith("Index")
    contents = re.compile(r" Index \d+ ")
    assert without_page_references(page_texts(parts)) == [
        contents.sub(" ", page) for page in whole_pages[:-1]
    ]
    assert outline(parts) == outline(whole)[:-1]
    assert outline(whole)[-1][1] == "Index"
    assert len(outline(parts)) > len(CHAPTERS)  # sections too, not only chapters
    # The ePub's print page numbers come from the same record in both layouts (page_marks).
    # Less the marks of the whole compile's index (the ePub's page list leads to its pages).
    record = Path(".work", "pdf", MAP_FILE)
    whole_record = json.loads((components_build / record).read_text())
    whole_record["marks"] = [m for m in whole_record["marks"] if m[0] != "genindex"]
    assert json.loads((parts_build / record).read_text()) == whole_record


def test_a_small_book_is_laid_out_whole_by_default(components_build: Path) -> None:
    assert not (components_build / ".work" / "pdf" / "_parts").exists()


def test_parts_are_reproducible_and_one_chapter_edit_lays_out_its_part_only(
    parts_build: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = copy_book(ROOTS / "test-components", tmp_path)
    out = tmp_path / "out"
    assert build_book(book, out, "pdf", extra=PARTS) == 0
    pdf = out / "pdf" / "components.pdf"
    assert pdf.read_bytes() == (parts_build / "pdf" / "components.pdf").read_bytes()

    parts = out / ".work" / "pdf" / "_parts"
    before = {path.name: path.stat().st_mtime_ns for path in parts.glob("*.pdf")}
    assert set(before) == {
        "front.pdf",
        "part-001.pdf",
        "part-002.pdf",
        "part-003.pdf",
        "part-004.pdf",
    }
    with (book / "chapters" / "two.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\nA paragraph added to the second chapter, in its own part.\n")
    assert build_book(book, out, "pdf", extra=PARTS) == 0
    after = {path.name: path.stat().st_mtime_ns for path in parts.glob("*.pdf")}
    assert [name for name in sorted(before) if after[name] != before[name]] == ["part-002.pdf"]

    clean = tmp_path / "clean"
    assert build_book(book, clean, "pdf", extra=PARTS) == 0
    assert pdf.read_bytes() == (clean / "pdf" / "components.pdf").read_bytes()

    # A Typst error in a part's child process is a located build error, as in one compile.
    with (book / "chapters" / "two.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\n```{raw} typst\n#no-such-function()\n```\n")
    capsys.readouterr()
    assert build_book(book, out, "pdf", extra=PARTS) != 0
    located = [line for line in capsys.readouterr().err.splitlines() if "Typst:" in line]
    assert located and all("two.md" in line for line in located), located
