"""The ePub's print page numbers: markers where the PDF's pages begin, and a page list."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from conftest import ROOTS, build_book
from coursebook.editions.page_marks import Mark, PageStarts
from editions import page_list, page_list_problems


def test_the_epub_lists_the_pdfs_pages_where_they_begin(components_build: Path) -> None:
    epub = components_build / "epub" / "components.epub"
    assert page_list_problems(epub, components_build / "pdf" / "components.pdf") == []
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read("content.opf").decode()
    assert '<meta property="pageBreakSource">Components Test Book, PDF edition (A4)</meta>' in opf
    assert ">pageBreakMarkers<" in opf and ">pageNavigation<" in opf


def test_the_check_finds_pages_numbered_wrongly(components_build: Path, tmp_path: Path) -> None:
    """The check above fails on an ePub whose markers are one page off."""
    epub = components_build / "epub" / "components.epub"
    shifted = tmp_path / "shifted.epub"
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(shifted, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name.endswith(".xhtml"):
                text = data.decode()
                for label, _ in reversed(page_list(epub)):
                    number = int(label)
                    text = text.replace(f'cb-page-{number}"', f'cb-page-{number + 1}"')
                    text = text.replace(f">{number}</a>", f">{number + 1}</a>")
                data = text.encode()
            target.writestr(name, data)
    problems = page_list_problems(shifted, components_build / "pdf" / "components.pdf")
    assert any("not before their first words" in p or "ends at page" in p for p in problems)


def test_pages_without_a_paragraph_of_their_own_go_to_the_next_one() -> None:
    marks = [Mark("a", "p1", 3), Mark("a", "p2", 3), Mark("b", "p1", 6), Mark("b", "p2", 7)]
    starts = PageStarts.from_marks(marks, "the PDF")
    assert starts.all_pages() == [(3, "a"), (4, "b"), (5, "b"), (6, "b"), (7, "b")]
    assert starts.markers_before("b", "p1", set()) == [4, 5, 6]
    # A paragraph the ePub lacks: its pages go before the next one the ePub has.
    assert starts.markers_before("b", "p2", {4, 5, 6}) == [7]
    assert starts.markers_left("b", {4, 5}) == [6, 7]


def test_an_epub_built_alone_claims_no_page_list(tmp_path: Path) -> None:
    assert build_book(ROOTS / "test-components", tmp_path, "epub") == 0
    epub = tmp_path / "epub" / "components.epub"
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read("content.opf").decode()
        text = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith("html"))
    assert page_list(epub) == []
    assert "pagebreak" not in text and "pageBreak" not in opf and "pageNavigation" not in opf


def test_markers_follow_the_pages_after_an_edit_elsewhere(tmp_path: Path) -> None:
    """A page of text added to the first chapter moves every later page: the ePub's markers
    in the chapters that were not edited move too."""
    book = tmp_path / "book"
    shutil.copytree(ROOTS / "test-components", book)
    out = tmp_path / "out"
    assert build_book(book, out, "pdf", "epub") == 0
    before = page_list(out / "epub" / "components.epub")
    chapter = book / "chapters" / "one.md"
    lines = chapter.read_text("utf-8").splitlines(keepends=True)
    filler = "".join(
        f"Added paragraph {i} of words that take up a line or two. " * 6 + "\n\n" for i in range(12)
    )
    lines.insert(2, "\n" + filler)
    chapter.write_text("".join(lines), "utf-8")
    assert build_book(book, out, "pdf", "epub") == 0
    after = page_list(out / "epub" / "components.epub")
    assert len(after) > len(before)
    assert (
        page_list_problems(out / "epub" / "components.epub", out / "pdf" / "components.pdf") == []
    )
