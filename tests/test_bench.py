"""The benchmark's arithmetic: goals, ratios taken round by round, and the PDF routes' table.

Nothing here times anything (speed is measured by `make bench`, never asserted in a test): the
figures are made up, so that each check can be shown to fail on a planted fault.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "scripts" / "bench.py"
spec = importlib.util.spec_from_file_location("bench", SCRIPT)
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
sys.modules["bench"] = bench  # dataclasses look their module up by name
spec.loader.exec_module(bench)


def figure(name: str, *samples: tuple[float, float, float]) -> bench.Figure:
    made = bench.Figure(name, "test")
    made.samples = [bench.Sample(wall, cpu, peak) for wall, cpu, peak in samples]
    made.load = [0.5] * len(samples)
    return made


def route(name: str) -> bench.Route:
    return bench.Route(name, name, lambda book, out: [], bench.only_pdf)


@pytest.mark.parametrize(("peak_mb", "met"), [(380.0, True), (815.0, False)])
def test_the_pdf_memory_goal_is_on_the_largest_peak(peak_mb: float, met: bool) -> None:
    # Two runs under the bound and one over: the goal judges the worst one.
    pdf = figure("pdf 10x", (40.0, 39.0, 300.0), (41.0, 40.0, peak_mb), (40.5, 39.5, 310.0))
    assert pdf.as_json()["met"] is met
    assert pdf.as_json()["goal"] == "≤ 400 MB peak"


def test_the_pdf_edit_goal_is_on_the_median_wall_time() -> None:
    fast = figure("edit one chapter, build pdf", (2.5, 2.4, 200.0), (9.0, 2.5, 200.0))
    fast.samples.append(bench.Sample(2.9, 2.8, 200.0))
    slow = figure("edit one chapter, build pdf", (3.5, 3.4, 200.0), (2.0, 1.9, 200.0))
    slow.samples.append(bench.Sample(3.1, 3.0, 200.0))
    assert fast.as_json()["met"] is True
    assert slow.as_json()["met"] is False


def test_ratios_are_taken_round_by_round() -> None:
    # The machine slowed down in the second round for both: pairing cancels it out, a ratio of
    # medians would not (median 25 / median 15 = 1.67).
    ours = figure("ours", (10.0, 10.0, 1.0), (20.0, 20.0, 1.0))
    peer = figure("peer", (30.0, 30.0, 1.0), (20.0, 20.0, 1.0))
    assert bench.paired_ratio(peer, ours, "cpu") == {"median": 2.0, "min": 1.0, "max": 3.0}


@pytest.mark.parametrize(
    ("cpu", "wall", "met"), [(3.2, 3.1, True), (3.2, 2.9, False), (2.9, 3.2, False)]
)
def test_the_latex_goal_needs_both_cpu_and_wall(cpu: float, wall: float, met: bool) -> None:
    ours = bench.RouteResult(route("ours"), 5, 20, figure("ours 5x", (10.0, 10.0, 1.0)), 200)
    latex = bench.RouteResult(route("latexpdf"), 5, 20, figure("latexpdf 5x", (1, 1, 1)), 204)
    latex.cpu_ratio = {"median": cpu, "min": cpu, "max": cpu}
    latex.wall_ratio = {"median": wall, "min": wall, "max": wall}
    simple = bench.RouteResult(route("simplepdf"), 5, 20, figure("simplepdf 5x", (1, 1, 1)), 272)
    simple.cpu_ratio = simple.wall_ratio = {"median": 0.1, "min": 0.1, "max": 0.1}
    goals = bench.ratio_goals([ours, latex, simple])  # no goal against sphinx-simplepdf
    assert [g["met"] for g in goals] == [met]
    assert goals[0]["goal"].startswith("latexpdf / ours at 5x ≥ 3")


def test_the_routes_table_is_markdown_with_one_row_per_route() -> None:
    ours = bench.RouteResult(route("ours"), 1, 4, figure("ours", (10.0, 9.0, 273.4)), 72)
    latex = bench.RouteResult(
        route("latexpdf"), 5, 20, figure("latex", (17.0, 16.0, 216.0), (19.0, 18.0, 220.0)), 204
    )
    latex.cpu_ratio = {"median": 0.59, "min": 0.55, "max": 0.6}
    latex.wall_ratio = {"median": 0.56, "min": 0.56, "max": 0.56}
    lines = bench.routes_table([ours, latex]).splitlines()
    assert len(lines) == 4
    assert {line.count("|") for line in lines} == {10}
    assert lines[2] == "| ours | course, 4 chapters | 9.00 | 10.00 | 1 | 1 | 273 | 72 | 0.5 |"
    assert lines[3] == (
        "| latexpdf | 5×, 20 chapters | 17.00 (16.00–18.00) | 18.00 (17.00–19.00) "
        "| 0.59 (0.55–0.60) | 0.56 | 220 | 204 | 0.5 |"
    )


def test_the_latex_routes_pdf_is_the_one_beside_its_tex(tmp_path: Path) -> None:
    latex = tmp_path / "latex"
    latex.mkdir()
    for figure_pdf in ("psoas-location.pdf", "bird-dog.pdf"):  # SVG figures made into PDF
        (latex / figure_pdf).write_bytes(b"%PDF")
    (latex / "course.tex").write_text("")
    assert bench.latex_pdf(tmp_path) is None  # xelatex failed: no PDF, whatever else is there
    (latex / "course.pdf").write_bytes(b"%PDF")
    assert bench.latex_pdf(tmp_path) == latex / "course.pdf"
    assert bench.only_pdf(latex) is None  # several PDFs: not one book


def test_the_lock_becomes_a_constraints_file_without_hashes(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text(
        "# via uv\nsphinx==9.0.4 \\\n    --hash=sha256:ab \\\n    --hash=sha256:cd\n"
        "    # via myst-parser\nmyst-parser==5.2.0 \\\n    --hash=sha256:ef\n"
    )
    assert bench.lock_pins(lock) == "sphinx==9.0.4\nmyst-parser==5.2.0\n"


def test_the_peers_get_the_books_own_extensions(tmp_path: Path) -> None:
    conf = 'extensions = ["myst_parser"]\nextensions += ["coursebook"]\n'  # read as Python
    (tmp_path / "conf.py").write_text(conf)
    assert bench.book_extensions(tmp_path) == ["myst_parser", "coursebook"]
