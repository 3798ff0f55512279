"""`make check`: whole-book checks on the editions `make all` built into build/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from editions import (
    SYMBOLS,
    epub_text,
    epubcheck_messages,
    html_text_blocks,
    missing_blocks,
    pdf_problems,
    pdf_text,
    third_party_resources,
)

BUILD = Path(__file__).parents[2] / "build"
BOOK = Path(__file__).parents[2] / "book"
EPUB = BUILD / "epub" / "psoas-course.epub"
PDF = BUILD / "pdf" / "psoas-course.pdf"


def chapter_titles() -> list[str]:
    """The first heading of every chapter listed in the book's table of contents."""
    index = (BOOK / "index.md").read_text("utf-8")
    titles = []
    for docname in re.findall(r"^((?:front|chapters|back)/[\w-]+)$", index, re.MULTILINE):
        text = (BOOK / f"{docname}.md").read_text("utf-8")
        titles.append(re.findall(r"^# (.+)$", text, re.MULTILINE)[0].strip())
    return titles


def test_epubcheck_reports_nothing() -> None:
    assert epubcheck_messages(EPUB) == []


def test_pdf_is_tagged_embedded_linked_and_outlined() -> None:
    assert len(chapter_titles()) >= 6
    assert pdf_problems(PDF, chapter_titles()) == []


def test_pdf_draws_the_symbols_the_book_uses() -> None:
    text = pdf_text(PDF)
    used = {s for s in SYMBOLS if any(s in p.read_text("utf-8") for p in BOOK.rglob("*.md"))}
    assert all(symbol in text for symbol in used)


@pytest.mark.parametrize("edition", ["pdf", "epub"])
def test_no_text_is_lost(edition: str) -> None:
    blocks = html_text_blocks(BUILD / "html")
    assert len(blocks) > 100  # the extraction found the book's content, not an empty theme
    text = pdf_text(PDF) if edition == "pdf" else epub_text(EPUB)
    missing = missing_blocks(blocks, text)
    assert len(missing) <= len(blocks) // 100, missing


def test_website_loads_nothing_from_other_hosts() -> None:
    assert third_party_resources(BUILD / "html") == []


def test_website_serves_the_editions_of_this_build() -> None:
    for edition in (EPUB, PDF):
        assert (BUILD / "html" / "downloads" / edition.name).read_bytes() == edition.read_bytes()
