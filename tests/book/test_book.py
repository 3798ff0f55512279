"""Whole-book checks on the real book's editions and cards (the ``book_build`` fixture: built
afresh by `make test`, or the ones `make all` built under `make check`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from addresses import repeated_addresses
from citations import site_unsorted_marker_runs
from editions import (
    SYMBOLS,
    epub_landmarks,
    epub_language_problems,
    epub_manifest_problems,
    epub_note_problems,
    epub_stylesheet_problems,
    epub_text,
    epub_viewport_problems,
    epubcheck_messages,
    html_text_blocks,
    missing_blocks,
    nav_outline,
    outloud_problems,
    page_list_problems,
    pdf_problems,
    pdf_text,
    third_party_resources,
    without_page_references,
)
from hyphenation import hyphenation_problems
from measure import measure_problems
from pdf_structure import structure_problems

BOOK = Path(__file__).parents[2] / "book"


def chapter_titles() -> list[str]:
    """The first heading of every chapter listed in the book's table of contents, numbered as
    a ``:numbered:`` toctree numbers its chapters ("1. Anatomy of the psoas")."""
    index = (BOOK / "index.md").read_text("utf-8")
    titles = []
    for toctree in re.findall(r"^:::\{toctree\}\n(.*?)^:::$", index, re.MULTILINE | re.DOTALL):
        numbered = re.search(r"^:numbered:", toctree, re.MULTILINE) is not None
        entries = [line for line in toctree.splitlines() if line and not line.startswith(":")]
        for number, docname in enumerate(entries, 1):
            if not re.fullmatch(r"(?:front|chapters|back)/[\w-]+", docname):
                continue  # the exercise library: its pages are checked on their own
            text = (BOOK / f"{docname}.md").read_text("utf-8")
            title = re.findall(r"^# (.+)$", text, re.MULTILINE)[0].strip()
            titles.append(f"{number}. {title}" if numbered else title)
    return titles


def test_epubcheck_reports_nothing(book_epub: Path) -> None:
    assert epubcheck_messages(book_epub, usage=True) == []


@pytest.mark.parametrize(
    "check",
    [
        epub_language_problems,
        lambda epub: epub_note_problems(epub)[0],
        epub_viewport_problems,
        epub_stylesheet_problems,
        epub_manifest_problems,
    ],
    ids=["language", "notes", "viewport", "stylesheets", "manifest"],
)
def test_epub_content_documents_pass(book_epub: Path, check: Callable[[Path], list[str]]) -> None:
    assert check(book_epub) == []


def test_pdf_is_tagged_embedded_linked_and_outlined(book_pdf: Path) -> None:
    assert len(chapter_titles()) >= 6
    assert pdf_problems(book_pdf, chapter_titles()) == []


@pytest.mark.parametrize("layout", ["whole", "parts"])
def test_pdf_meets_pdf_ua_point_by_point(book_pdf: Path, request, layout: str) -> None:
    """outloud finds no error (and no warning but its named false alarms), and the pikepdf
    checks pass, laid out whole (as `make all` does) and in parts (as a book five times the
    course's size is)."""
    pdf = book_pdf if layout == "whole" else request.getfixturevalue("book_parts_pdf")
    assert outloud_problems(pdf) == []
    assert structure_problems(pdf) == []


def test_pdf_draws_the_symbols_the_book_uses(book_pdf: Path) -> None:
    text = pdf_text(book_pdf)
    used = {s for s in SYMBOLS if any(s in p.read_text("utf-8") for p in BOOK.rglob("*.md"))}
    assert all(symbol in text for symbol in used)


@pytest.mark.parametrize("edition", ["pdf", "epub"])
def test_no_text_is_lost(book_build: Path, book_epub: Path, book_pdf: Path, edition: str) -> None:
    blocks = html_text_blocks(book_build / "html")
    assert len(blocks) > 100  # the extraction found the book's content, not an empty theme
    text = without_page_references(pdf_text(book_pdf)) if edition == "pdf" else epub_text(book_epub)
    missing = missing_blocks(blocks, text)
    assert len(missing) <= len(blocks) // 100, missing


def test_website_loads_nothing_from_other_hosts(book_build: Path) -> None:
    assert third_party_resources(book_build / "html") == []


def test_website_serves_the_editions_of_this_build(
    book_build: Path, book_epub: Path, book_pdf: Path
) -> None:
    for edition in (book_epub, book_pdf):
        assert (
            book_build / "html" / "downloads" / edition.name
        ).read_bytes() == edition.read_bytes()


def test_care_chapter_links_every_exercise_page(book_build: Path) -> None:
    from lxml import html

    from coursebook.exercises.model import load_catalogue

    page = html.parse(str(book_build / "html" / "chapters" / "care.html"))
    linked = {href.split("#")[0] for href in page.xpath("//article//a/@href")}
    for exercise_id in load_catalogue(BOOK).exercises:
        assert f"../exercises/{exercise_id}.html" in linked, exercise_id


def test_default_decks_are_printed_with_working_qr_codes(book_build: Path, tmp_path: Path) -> None:
    import pypdf

    from editions import decode_qr_codes, unembedded_fonts

    decks = sorted((book_build / "cards").glob("*-a6-a4.pdf")) + sorted(
        (book_build / "cards").glob("*-4x6-letter.pdf")
    )
    assert len(decks) == 2 * len(list((BOOK / "decks").glob("*.yaml")))
    base_url = "https://example.org/psoas-course/"
    decoded = []
    for deck in decks:
        assert unembedded_fonts(pypdf.PdfReader(deck)) == [], deck
        decoded += decode_qr_codes(deck, 2, tmp_path, dpi=150)
    assert decoded
    for url in decoded:
        assert url.startswith(base_url)
        assert (book_build / "html" / url.removeprefix(base_url)).is_file(), url


def test_every_image_has_a_text_alternative(book_build: Path, book_epub: Path) -> None:
    import zipfile

    from lxml import html

    missing = []
    for page in sorted((book_build / "html").rglob("*.html")):
        for img in html.parse(str(page)).xpath("//img"):
            if not (img.get("alt") or "").strip():
                missing.append(f"{page.relative_to(book_build)}: {img.get('src')}")
    with zipfile.ZipFile(book_epub) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                for img in html.fromstring(archive.read(name)).xpath("//img"):
                    if not (img.get("alt") or "").strip():
                        missing.append(f"{name}: {img.get('src')}")
    assert missing == []


def test_pdf_body_lines_run_a_book_s_measure(book_pdf: Path) -> None:
    assert measure_problems(book_pdf) == []


def test_pdf_never_hyphenates_a_table_cell_or_a_link(book_pdf: Path) -> None:
    assert hyphenation_problems(book_pdf) == []


def test_pdf_prints_each_reference_s_address_once(book_pdf: Path) -> None:
    assert repeated_addresses(pdf_text(book_pdf)) == []


def test_website_sets_note_markers_in_order(book_build: Path) -> None:
    assert site_unsorted_marker_runs(book_build / "html") == []


def test_pdf_has_no_blank_pages(book_pdf: Path) -> None:
    # A page holding only its running head and number is a layout fault (a stray break).
    pages = pdf_text(book_pdf).split("\f")[1:-1]  # the cover has no running head; the last is empty
    # The half-title (page 2) holds the book's title alone, on purpose.
    blank = [
        number
        for number, page in enumerate(pages, start=2)
        if len([line for line in page.splitlines() if line.strip()]) <= 3  # head: title, chapter
        and number != 2
    ]
    assert blank == []


def test_epub_navigation_lists_every_chapter_and_exercise(book_epub: Path) -> None:
    """The book's toctrees are hidden on the website; e-readers still get every page."""
    import html
    import zipfile

    with zipfile.ZipFile(book_epub) as archive:
        nav = archive.read("nav.xhtml").decode()
    entries = [html.unescape(" ".join(t.split())) for t in re.findall(r"<a [^>]*>(.*?)</a>", nav)]
    assert set(chapter_titles()) <= set(entries), entries
    exercises = sorted((BOOK / "exercises").glob("*.yaml"))
    pages = [p for p in entries if p in {line.split(": ", 1)[1] for line in _titles(exercises)}]
    assert len(pages) == len(exercises), entries


def test_epub_navigation_has_the_books_parts_and_landmarks(book_epub: Path) -> None:
    """Each toctree caption of the root page is a part; each landmark is where the book's own
    sources put it (the pages holding the glossary and bibliography directives)."""
    captions = re.findall(r"^:caption: (.+)$", (BOOK / "index.md").read_text("utf-8"), re.M)
    assert [label for _, label, href in nav_outline(book_epub) if not href] == captions
    landmarks = dict(epub_landmarks(book_epub))
    kinds = ["cover", "toc", "bodymatter", "glossary", "bibliography", "index"]
    assert list(landmarks) == kinds
    for kind in ("glossary", "bibliography"):
        holders = sorted(
            page.relative_to(BOOK).with_suffix(".xhtml").as_posix()
            for page in BOOK.rglob("*.md")
            if re.search(rf"^(```|:::)\{{{kind}\}}", page.read_text("utf-8"), re.M)
        )
        assert landmarks[kind].split("#")[0] in holders, (kind, holders)


def _titles(files: list[Path]) -> list[str]:
    return [
        next(line for line in f.read_text("utf-8").splitlines() if line.startswith("title: "))
        for f in files
    ]


def test_epub_lists_the_pdfs_pages_where_they_begin(book_build: Path) -> None:
    epub, pdf = book_build / "epub" / "psoas-course.epub", book_build / "pdf" / "psoas-course.pdf"
    assert page_list_problems(epub, pdf) == []
