"""Figures: drawn by code, current, accessible, and safe; a bad SVG stops every edition."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOTS, build_book, copy_book
from coursebook.cli import main
from coursebook.guards.svgcheck import check_svg

REPO = Path(__file__).parents[1]
FIGURES = REPO / "book" / "figures"
BAD_SVG = Path(__file__).parent / "bad-inputs" / "svg"
SVG = "{http://www.w3.org/2000/svg}"

spec = importlib.util.spec_from_file_location("diagrams_build", REPO / "diagrams" / "build.py")
assert spec and spec.loader
diagrams_build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(diagrams_build)


def expected_message(case: Path) -> str:
    first_line = case.read_text().split("\n", 1)[0]
    return first_line.removeprefix("<!-- expect: ").removesuffix(" -->")


@pytest.mark.parametrize("case", sorted(BAD_SVG.glob("*.svg")), ids=lambda p: p.stem)
def test_unsafe_or_broken_svg_is_refused_at_its_line(case: Path) -> None:
    messages = [str(p).replace(f"{BAD_SVG}/", "") for p in check_svg(case)]
    assert any(m.startswith(expected_message(case)) for m in messages), messages


def test_committed_figures_are_what_the_sources_draw(tmp_path: Path) -> None:
    written = diagrams_build.build(tmp_path)
    produced = {p.relative_to(tmp_path) for p in written}
    committed = {p.relative_to(FIGURES) for p in FIGURES.rglob("*.svg")}
    assert committed == produced, "run `make figures` and commit book/figures"
    for relative in produced:
        assert (tmp_path / relative).read_bytes() == (FIGURES / relative).read_bytes(), (
            f"{relative} is out of date: run `make figures`"
        )


@pytest.mark.parametrize("figure", sorted(FIGURES.rglob("*.svg")), ids=lambda p: p.stem)
def test_every_figure_is_accessible_and_safe(figure: Path) -> None:
    assert check_svg(figure) == []
    root = etree.parse(str(figure)).getroot()
    assert (root.findtext(f"{SVG}title") or "").strip()
    assert len((root.findtext(f"{SVG}desc") or "").strip()) > 30
    for text in root.iter(f"{SVG}text"):
        assert float(text.get("font-size", "0")) >= 11, "labels must stay legible in print"


def test_every_exercise_has_an_existing_pictogram_or_none() -> None:
    from coursebook.exercises.model import load_catalogue

    for exercise in load_catalogue(REPO / "book").exercises.values():
        if exercise.pictogram:
            assert (FIGURES / "pictograms" / f"{exercise.pictogram}.svg").is_file()


def test_a_bad_figure_stops_the_book_build_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(ROOTS / "test-components", tmp_path)
    (book / "figures" / "diagram.svg").write_bytes((BAD_SVG / "script.svg").read_bytes())
    assert build_book(book, tmp_path / "out", "html") == 1
    err = capsys.readouterr().err
    assert "figures/diagram.svg:3: WARNING: <script> is not allowed in a figure" in err
    assert "used by chapters/one" in err


def test_a_bad_pictogram_stops_the_cards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    pictogram = book / "figures" / "pictograms" / "standing-figure.svg"
    pictogram.write_bytes((BAD_SVG / "external-image.svg").read_bytes())
    target = tmp_path / "cards.pdf"
    assert main(["cards", "--book", str(book), "-o", str(target)]) == 1
    assert "standing-figure.svg:3 svg: external reference" in capsys.readouterr().err
    assert not target.exists()
