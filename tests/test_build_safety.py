"""Reproducible bytes, and failed builds that leave the previous editions untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from conftest import EPOCH, build_book, copy_book
from coursebook.cli import main
from editions import epubcheck_messages


def test_two_clean_builds_are_byte_identical(
    components_book: Path, components_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build_book(components_book, tmp_path, "epub", "pdf") == 0
    for path in ("epub/components.epub", "pdf/components.pdf"):
        assert (tmp_path / path).read_bytes() == (components_build / path).read_bytes(), path


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        ("See {ref}`no-such-label` here.", "one.md:3: WARNING: undefined label: 'no-such-label'"),
        (":::{figure} /figures/missing.svg\n:alt: gone\n:::", "one.md:3: WARNING: image file not"),
        ("```{unknown-directive}\n```", "one.md:3: WARNING: Unknown directive type"),
    ],
)
def test_a_broken_chapter_fails_and_keeps_the_previous_editions(
    components_book: Path,
    components_build: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    breakage: str,
    message: str,
) -> None:
    book = copy_book(components_book, tmp_path)
    out = tmp_path / "out"
    shutil.copytree(components_build, out)
    before = {
        p: p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".work" not in p.parts and ".doctrees" not in p.parts
    }
    chapter = book / "chapters" / "one.md"
    lines = chapter.read_text().split("\n")
    chapter.write_text("\n".join([*lines[:2], breakage, *lines[2:]]))

    assert build_book(book, out, "html", "epub", "pdf") == 1

    err = capsys.readouterr().err
    assert message in err
    assert "the pdf edition has errors" in err
    after = {p: p.read_bytes() for p in before}
    assert after == before


def test_parallel_html_build_is_clean(components_book: Path, tmp_path: Path) -> None:
    # Proves the extension's parallel-safe claims instead of asserting them.
    assert build_book(components_book, tmp_path, "html", extra=("-j", "2")) == 0


def test_rebuilding_the_epub_in_place_keeps_it_valid(components_book: Path, tmp_path: Path) -> None:
    # On a rebuild Sphinx re-lists the previous cover page, and after a configuration change
    # it leaves a .buildinfo.bak in the folder it zips; neither may reach the ePub.
    book = copy_book(components_book, tmp_path)
    out = tmp_path / "out"
    assert build_book(book, out, "epub") == 0
    with (book / "conf.py").open("a") as conf:
        conf.write('\nhtml_title = "A changed title"\n')
    assert build_book(book, out, "epub") == 0
    assert epubcheck_messages(out / "epub" / "components.epub") == []


def test_letter_paper_is_one_setting_away(components_book: Path, tmp_path: Path) -> None:
    assert (
        main(
            [
                "build",
                "pdf",
                "--paper",
                "letter",
                "--book",
                str(components_book),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    box = pypdf.PdfReader(tmp_path / "pdf" / "components.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
