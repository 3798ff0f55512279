"""Figures: those drawn by code are current, accessible and safe; hand-drawn ones are safe and
first-class; a bad SVG stops every edition."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOTS, build_book, copy_book
from coursebook.cli import main
from coursebook.config import CoursebookConfig
from coursebook.guards.images import image_problem
from coursebook.guards.svgcheck import check_svg

REPO = Path(__file__).parents[1]
FIGURES = REPO / "book" / "figures"
BAD_SVG = Path(__file__).parent / "bad-inputs" / "svg"
HAND_DRAWN = Path(__file__).parent / "bad-inputs" / "figures" / "hand-drawn.svg"
SVG = "{http://www.w3.org/2000/svg}"

spec = importlib.util.spec_from_file_location("diagrams_build", REPO / "diagrams" / "build.py")
assert spec and spec.loader
diagrams_build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(diagrams_build)
DRAWN = [relative for relative, _ in diagrams_build.sources()]
"""The figures diagrams/ draws, by path under book/figures; any other figure is hand-drawn."""

STALE_HINT = (
    "run `make figures` and commit book/figures; it redraws only the figures drawn by code in "
    "diagrams/, and hand-drawn SVG, PNG or JPEG figures in book/figures are not checked here"
)


def expected_message(case: Path) -> str:
    first_line = case.read_text().split("\n", 1)[0]
    return first_line.removeprefix("<!-- expect: ").removesuffix(" -->")


@pytest.mark.parametrize("case", sorted(BAD_SVG.glob("*.svg")), ids=lambda p: p.stem)
def test_unsafe_or_broken_svg_is_refused_at_its_line(case: Path) -> None:
    messages = [str(p).replace(f"{BAD_SVG}/", "") for p in check_svg(case)]
    assert any(m.startswith(expected_message(case)) for m in messages), messages


def stale_figures(drawn: Path, figures: Path) -> list[str]:
    """Every figure drawn by diagrams/ (into ``drawn``) that ``figures`` lacks or holds stale."""
    problems = []
    for path in sorted(drawn.rglob("*.svg")):
        relative = path.relative_to(drawn).as_posix()
        committed = figures / relative
        if not committed.is_file():
            problems.append(f"{relative} is drawn by diagrams/ but missing")
        elif committed.read_bytes() != path.read_bytes():
            problems.append(f"{relative} is not what diagrams/ draws")
    return problems


def assert_figures_current(drawn: Path, figures: Path) -> None:
    problems = stale_figures(drawn, figures)
    assert not problems, f"{'; '.join(problems)} ({STALE_HINT})"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The figures as diagrams/ draws them now."""
    out = tmp_path_factory.mktemp("drawn")
    diagrams_build.build(out)
    return out


def test_committed_figures_are_what_the_sources_draw(drawn: Path) -> None:
    assert_figures_current(drawn, FIGURES)


def test_only_figures_drawn_by_code_must_be_current(drawn: Path, tmp_path: Path) -> None:
    figures = Path(shutil.copytree(FIGURES, tmp_path / "figures"))
    shutil.copy(HAND_DRAWN, figures / "knee-sketch.svg")
    assert_figures_current(drawn, figures)  # a hand-drawn figure is not a stale drawn one

    changed = figures / "pelvic-tilt.svg"
    changed.write_text(changed.read_text("utf-8").replace("</svg>", '<circle r="1"/></svg>'))
    with pytest.raises(AssertionError) as failure:
        assert_figures_current(drawn, figures)
    message = str(failure.value)
    assert "pelvic-tilt.svg is not what diagrams/ draws" in message
    assert "redraws only the figures drawn by code in diagrams/" in message
    assert "knee-sketch" not in message


def test_a_hand_drawn_figure_is_safe_and_within_the_limits() -> None:
    # As Inkscape saves it: its own namespaces, CSS font sizes and an embedded PNG.
    assert check_svg(HAND_DRAWN) == []
    limits = CoursebookConfig()
    assert image_problem(HAND_DRAWN, limits.image_max_kb, limits.image_max_pixels) is None


@pytest.mark.parametrize(
    "figure",
    sorted(p for p in FIGURES.rglob("*") if p.is_file()),
    ids=lambda p: p.relative_to(FIGURES).as_posix(),
)
def test_every_figure_of_any_origin_is_safe_and_within_the_limits(figure: Path) -> None:
    limits = CoursebookConfig()
    assert image_problem(figure, limits.image_max_kb, limits.image_max_pixels) is None
    if figure.suffix == ".svg":
        assert check_svg(figure) == []


@pytest.mark.parametrize("drawn_figure", DRAWN)
def test_every_figure_drawn_by_code_is_accessible(drawn_figure: str) -> None:
    # Its <desc> is the alt text of exercise pictograms; hand-drawn figures get theirs from the
    # chapter's :alt:, which the build checks.
    figure = FIGURES / drawn_figure
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
