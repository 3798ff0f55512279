"""Text reaches the PDF exactly as written: no character of a book is read as Typst markup.

Each test typesets a small Typst file with the real compiler and reads the PDF's text back.
"""

from __future__ import annotations

import string as ascii
import subprocess
from pathlib import Path

import pytest
import typst

from coursebook.editions.typst import markup

TRICKY = [
    ascii.punctuation,
    "// not a comment /* nor this */ https://example.org/a_b*c*",
    "= not a heading",
    "- not a list + nor this / Term: not a term",
    "1. not a numbered item",
    "#let x = 1 $x^2$ @label <label> `raw` ~ ... -- ---",
    "« guillemets », “quotes”, ‘single’, l’âme, 5 × 3 ≥ 2 → ✘ ⚠",
]


def typeset(tmp_path: Path, source: str) -> str:
    (tmp_path / "t.typ").write_text(
        '#set document(title: "t")\n#set text(lang: "en")\n' + source, "utf-8"
    )
    typst.compile(str(tmp_path / "t.typ"), output=str(tmp_path / "t.pdf"), pdf_standards="ua-1")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "t.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(text.split())


@pytest.mark.parametrize("words", TRICKY)
def test_text_is_printed_as_written(tmp_path: Path, words: str) -> None:
    assert typeset(tmp_path, markup.text(words) + "\n") == " ".join(words.split())


@pytest.mark.parametrize("words", [*TRICKY, 'a "quoted" back\\slash\nand a new line'])
def test_strings_hold_any_text(tmp_path: Path, words: str) -> None:
    printed = typeset(tmp_path, f"#{markup.string(words)}\n")
    assert printed == " ".join(words.split())


def test_labels_name_a_document_and_an_id_without_clashes(tmp_path: Path) -> None:
    source = (
        f"#metadata(none)#label({markup.label('chapters/one', 'self-check')})\n"
        f"#metadata(none)#label({markup.label('chapters/two', 'self-check')})\n"
        f"#metadata(none)#label({markup.label('chapters/one')})\n"
        f"#link(label({markup.label('chapters/two', 'self-check')}))[to two]\n"
    )
    assert typeset(tmp_path, source) == "to two"


def test_a_number_is_bound_to_its_word_and_unit_and_an_authors_no_break_space_kept() -> None:
    """ "Figure | 2" and "30 | s" were broken across lines (a second reader, issue 15)."""
    from coursebook.editions.typst.markup import NO_BREAK_SPACE as NB
    from coursebook.editions.typst.markup import bind_numbers, text

    assert bind_numbers("Panel B of Figure 2 shows") == f"Panel B of Figure{NB}2 shows"
    assert bind_numbers("hold 30 s, 2 to 3 times") == f"hold{NB}30{NB}s, 2{NB}to{NB}3 times"
    assert bind_numbers("see p. 7") == f"see p.{NB}7"
    assert bind_numbers("three sets of ten") == "three sets of ten"  # no number, no change
    # Breaking white space becomes one space; an author's no-break spaces stay.
    assert text("a \n b\u00a0c\u202fd") == "a b\u00a0c\u202fd"
