"""The PDF opens as a published book: half-title, title page, imprint, numbered contents; the
landing page's web-only parts stay on the website; the covers break the title where it pauses.

Every check is a function that returns the problems it finds, run once on the test book's PDF
(none expected) and once on a planted fault (the problem expected), so that no check passes
because it cannot fail.
"""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import pypdf
import pytest

from conftest import ROOTS, build_book, built_once, copy_book
from coursebook.config import located_problems
from coursebook.editions.title_lines import title_lines
from editions import epub_text, outloud_problems, page_list_problems, pdf_text
from pdf_structure import structure_problems

EDITION = "Edition 0.1 · January 1, 2026"  # the test books' release and SOURCE_DATE_EPOCH
DISCLAIMER = "Nothing in this test book is medical advice."
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
ISBN = "978-3-16-148410-0"
CARD = "Card for chapter one"
"""The words of a landing-page card that only the website shows."""


@pytest.fixture(scope="session")
def apparatus_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The components book with a landing page as the course's (link cards in ``{only} web``),
    numbered chapters, a licence, an ISBN and a disclaimer; its three editions."""

    def build(folder: Path) -> None:
        book = copy_book(ROOTS / "test-components", folder)
        with (book / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(
                f"coursebook_licence = {LICENCE!r}\n"
                f"coursebook_licence_url = {LICENCE_URL!r}\n"
                f"coursebook_isbn = {ISBN!r}\n"
                f"coursebook_disclaimer = {DISCLAIMER!r}\n"
            )
        index = book / "index.md"
        index.write_text(_with_cards_and_numbers(index.read_text("utf-8")), "utf-8")
        assert build_book(book, folder / "out", "html", "epub", "pdf") == 0

    return built_once(tmp_path_factory, "apparatus", build) / "out"


def _with_cards_and_numbers(index: str) -> str:
    """The components book's root page with a web-only card and a numbered chapters toctree."""
    cards = (
        "::::{only} web\n:::{card} " + CARD + "\n:link: chapters/one\n:link-type: doc\n\n"
        "Where the chapters are, on the website.\n:::\n::::\n\n"
    )
    start = index.index(":::{toctree}\n:caption: Chapters\n")
    numbered = index[start:].replace(
        ":caption: Chapters\n", ":caption: Chapters\n:numbered: 1\n", 1
    )
    return index[:start] + cards + numbered


def pages(pdf: Path) -> list[str]:
    """Each page's words, one string a page."""
    return [" ".join(page.split()) for page in pdf_text(pdf).split("\f")]


# -- the checks -----------------------------------------------------------------------------


def front_matter_problems(
    pdf: Path, title: str, subtitle: str, author: str, disclaimer: str | None
) -> list[str]:
    """After the cover: a half-title (the title alone), a title page (title, subtitle, author),
    an imprint (edition and date, copyright; the disclaimer exactly when one is set), then the
    contents."""
    found = pages(pdf)
    problems = []
    if len(found) < 5:
        return [f"only {len(found)} pages"]
    half, title_page, imprint, contents = found[1:5]
    if half != title:
        problems.append(f"page 2 is not the half-title: {half!r}")
    if title_page != f"{title} {subtitle} {author}":
        problems.append(f"page 3 is not the title page: {title_page!r}")
    if EDITION not in imprint or "© 2026" not in imprint:
        problems.append(f"page 4 is no imprint with the edition and date: {imprint!r}")
    if disclaimer is None and "Disclaimer" in imprint:
        problems.append("the imprint has a disclaimer the book does not set")
    if disclaimer is not None and f"Disclaimer {disclaimer}" not in imprint:
        problems.append("the imprint lacks the book's disclaimer")
    if "Contents" not in contents[:60]:  # after the running head, if any
        problems.append(f"page 5 is not the contents: {contents[:60]!r}")
    return problems


def numbered_contents_problems(pdf: Path, chapters: list[str]) -> list[str]:
    """The contents list each chapter with its number, as its heading shows it."""
    contents = pages(pdf)[4]
    return [
        f"the contents have no {number}. {title}"
        for number, title in enumerate(chapters, 1)
        if not re.search(rf"\b{number}\. {re.escape(title)} \.", contents)
    ]


def web_only_leaks(text: str) -> list[str]:
    """The landing page's web-only words found in an edition's text."""
    return [CARD] if CARD in text else []


# -- on the test books ----------------------------------------------------------------------


def test_the_pdf_opens_with_half_title_title_page_and_imprint(
    apparatus_build: Path, components_build: Path
) -> None:
    book = ("Components Test Book", "Every element, every component", "Coursebook tests")
    assert (
        front_matter_problems(apparatus_build / "pdf" / "components.pdf", *book, DISCLAIMER) == []
    )
    # A book that sets no disclaimer prints none.
    assert front_matter_problems(components_build / "pdf" / "components.pdf", *book, None) == []
    imprint = pages(apparatus_build / "pdf" / "components.pdf")[3]
    for words in (
        f"Published under the licence {LICENCE}. {LICENCE_URL}",
        "Identifier: urn:uuid:0b7f2f5e-8a7e-4d0e-8c55-3f1a2f9b6c01",
        f"ISBN {ISBN}",
    ):
        assert words in imprint
    plain = pages(components_build / "pdf" / "components.pdf")[3]
    assert "licence" not in plain and "ISBN" not in plain


def test_the_licence_is_named_in_every_edition(
    apparatus_build: Path, components_build: Path
) -> None:
    """A licence such as CC BY-SA asks every copy to name it: the website's footer links it,
    the ePub's rights say it (the PDF's imprint above); a book without one names none."""
    footer = (apparatus_build / "html" / "index.html").read_text("utf-8")
    assert f'<a href="{LICENCE_URL}" rel="license">{LICENCE}</a>' in footer
    with zipfile.ZipFile(apparatus_build / "epub" / "components.epub") as epub:
        opf = epub.read("content.opf").decode()
    assert f"Published under the licence {LICENCE}. {LICENCE_URL}</dc:rights>" in opf
    assert 'rel="license"' not in (components_build / "html" / "index.html").read_text("utf-8")


def test_the_front_matter_check_finds_a_missing_page_and_a_stray_disclaimer(
    apparatus_build: Path, tmp_path: Path
) -> None:
    pdf = apparatus_build / "pdf" / "components.pdf"
    book = ("Components Test Book", "Every element, every component", "Coursebook tests")
    # Planted: the imprint's disclaimer where the book is said to set none.
    assert front_matter_problems(pdf, *book, None) == [
        "the imprint has a disclaimer the book does not set"
    ]
    # Planted: the half-title page removed.
    reader, writer = pypdf.PdfReader(pdf), pypdf.PdfWriter()
    for number, page in enumerate(reader.pages):
        if number != 1:
            writer.add_page(page)
    without = tmp_path / "without-half-title.pdf"
    writer.write(without)
    problems = front_matter_problems(without, *book, DISCLAIMER)
    assert any("half-title" in p for p in problems), problems


def test_the_contents_number_the_chapters(apparatus_build: Path, components_build: Path) -> None:
    chapters = ["Chapter one: every element", "Chapter two: the glossary"]
    assert numbered_contents_problems(apparatus_build / "pdf" / "components.pdf", chapters) == []
    # Planted: the same book without `:numbered:` on its toctree.
    assert (
        len(numbered_contents_problems(components_build / "pdf" / "components.pdf", chapters)) == 2
    )
    # The chapter's heading, running head and the ePub's navigation carry the same number.
    text = pdf_text(apparatus_build / "pdf" / "components.pdf")
    # A heading may take two lines on the book's measure.
    assert "1. Chapter one: every element" in " ".join(text.split("\f")[6].split())
    with zipfile.ZipFile(apparatus_build / "epub" / "components.epub") as archive:
        assert "1. Chapter one: every element" in archive.read("nav.xhtml").decode()


def test_the_landing_pages_web_only_parts_stay_on_the_website(apparatus_build: Path) -> None:
    assert web_only_leaks(pdf_text(apparatus_build / "pdf" / "components.pdf")) == []
    assert web_only_leaks(epub_text(apparatus_build / "epub" / "components.epub")) == []
    # Planted: the website has the card, and the check finds it there.
    website = (apparatus_build / "html" / "index.html").read_text("utf-8")
    assert web_only_leaks(website) == [CARD]
    # The root page's own words stay, under a heading, first in the contents.
    found = pages(apparatus_build / "pdf" / "components.pdf")
    assert re.search(r"Contents Introduction[ .\u2060]+6 ", found[4]), found[4]
    assert found[5].startswith("Introduction The front page of the test book")


def test_the_title_breaks_after_its_colon_and_evenly() -> None:
    assert title_lines("The Psoas: A Practical Course", 22) == ["The Psoas:", "A Practical Course"]
    assert title_lines("Le genou : un cours pratique", 22) == ["Le genou :", "un cours pratique"]
    assert title_lines("Components Test Book", 16) == ["Components", "Test Book"]
    # Planted: a greedy line breaker leaves the lone last word this check rejects.
    greedy = textwrap.wrap("The Psoas: A Practical Course", width=22)
    assert greedy != title_lines("The Psoas: A Practical Course", 22)
    assert greedy[-1] == "Course"


def test_the_imprint_settings_are_checked_where_they_are_set(tmp_path: Path) -> None:
    conf_py = tmp_path / "conf.py"
    conf_py.write_text(
        "coursebook_isbn = '978-3-16-148410-1'\ncoursebook_licence_url = 'creativecommons.org'\n"
    )
    values = {"isbn": "978-3-16-148410-1", "licence_url": "creativecommons.org"}
    problems = located_problems(values, conf_py, names=values)
    assert [p.split(": ")[0] for p in problems] == [f"{conf_py}:1", f"{conf_py}:2"]
    assert "ISBN-13 with a valid check digit" in problems[0]
    # The same ISBN with its right check digit, and a full address, pass.
    good = {"isbn": ISBN, "licence_url": LICENCE_URL}
    assert located_problems(good, conf_py, names=good) == []


def test_numbered_chapters_and_front_matter_keep_the_pdf_ua_and_the_page_list(
    apparatus_build: Path,
) -> None:
    """`:numbered:` adds the number to the heading's words: the tags and the ePub's page list
    (markers where the PDF's pages begin) stay right, front matter included."""
    pdf, epub = (
        apparatus_build / "pdf" / "components.pdf",
        apparatus_build / "epub" / "components.epub",
    )
    assert structure_problems(pdf) == []
    assert outloud_problems(pdf) == []
    assert page_list_problems(epub, pdf) == []
