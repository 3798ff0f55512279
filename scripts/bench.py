"""`make bench`: how long the pipeline takes, measured rather than felt.

Every figure is the median of several runs, with the minimum and maximum, the CPU time (user +
system, which load on the machine disturbs less than wall time) and the peak memory of the
process. Every build happens in a temporary folder, on copies of the book where a figure needs
an edited or a larger one, so the outputs of a normal build in build/ are never touched; only
the report is written, as JSON, to --out (make bench: build/bench/).

Figures (``--only`` takes these names):

* clean      make all from an empty BUILDDIR, with -j1, -j2 and -j (every edition and card deck)
* noop       make all again right after: nothing to do
* edit       one chapter edited, then make html (Sphinx's saved environment re-reads one page)
* pdf-edit   one chapter edited, then coursebook build pdf into the folder of the previous build
* cards      1,000 cards: synthetic exercises, the front of one real exercise and the back of
             another, each with its own id (so its own QR code), into a temporary book
* scaling    the book with its chapters copied 1x, 5x and 10x: each edition built clean, and
             with sphinx-build -j auto; the PDF step's peak memory
* peers      (only with --peers or --only peers) the same book, the course and 5x, made into a
             PDF by ours and by Sphinx's own routes: `latexpdf` with xelatex (TeX Live from
             Debian, which `make bench BENCHOPTS=--peers` installs) and sphinx-simplepdf, each
             from an empty folder, in turn in one loop; the time of each over ours, round by
             round. The peers' packages go into a virtualenv of the benchmark's own
             (OUT/peers-venv) with the project's locked packages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent.parent
FIGURES = ("clean", "noop", "edit", "pdf-edit", "cards", "scaling", "peers")
DEFAULT_FIGURES = [f for f in FIGURES if f != "peers"]  # the peers need TeX Live: --peers
EDITIONS = ("html", "epub", "pdf")
SCALES = (1, 5, 10)
CARD_COUNT = 1000
# The front and back fields of an exercise (coursebook.exercises.model.card_sections): a synthetic
# exercise takes its front from one real exercise and its back from another, so each face is
# one that the real data already fits on the card.
BACK_FIELDS = ("breathing", "mistakes", "cautions", "contraindications", "easier", "harder")


Command = list[str | Path]


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float


@dataclass
class Figure:
    name: str
    group: str
    samples: list[Sample] = field(default_factory=list)
    load: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def goal(self) -> Goal | None:
        return GOALS.get(self.name)

    def stats(self, key: str) -> dict[str, float]:
        values = [getattr(s, key) for s in self.samples]
        return {
            "median": round(statistics.median(values), 3),
            "min": round(min(values), 3),
            "max": round(max(values), 3),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "group": self.group,
            "runs": len(self.samples),
            "wall_s": self.stats("wall"),
            "cpu_s": self.stats("cpu"),
            "peak_rss_mb": self.stats("peak_mb"),
            "loadavg_1min": self.load,
            "goal": None if self.goal is None else self.goal.describe(),
            "met": None if self.goal is None else self.goal.met(self),
            "note": self.note,
        }


@dataclass(frozen=True)
class Goal:
    """An upper bound on one statistic of a figure: by default its median wall time."""

    limit: float
    measure: str = "wall"  # a Sample field
    statistic: str = "median"  # a key of Figure.stats
    unit: str = "s"

    def value(self, figure: Figure) -> float:
        return figure.stats(self.measure)[self.statistic]

    def met(self, figure: Figure) -> bool:
        return self.value(figure) <= self.limit

    def describe(self) -> str:
        return f"≤ {self.limit:g} {self.unit}"


GOALS = {
    # issue 8, on a 2-core machine
    "clean make -j2 all": Goal(15.0),
    "no-op make all": Goal(2.0),
    "edit one chapter, make html": Goal(2.0),
    f"{CARD_COUNT} cards": Goal(3.0),
    # issue 13: the PDF rebuilt after a one-chapter edit, and its largest process at 10x chapters
    "edit one chapter, build pdf": Goal(3.0),
    "pdf 10x": Goal(400.0, measure="peak_mb", statistic="max", unit="MB peak"),
}


class Bench:
    """Runs the commands, keeps the samples, and knows where the project and its tools are."""

    def __init__(self, repo: Path, work: Path, runs: int) -> None:
        self.repo, self.work, self.runs = repo, work, runs
        self.python = repo / ".venv" / "bin" / "python"
        self.coursebook = repo / ".venv" / "bin" / "coursebook"
        self.figures: list[Figure] = []
        self.env = dict(os.environ)
        epoch = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=repo, capture_output=True, text=True
        ).stdout.strip()
        self.env["SOURCE_DATE_EPOCH"] = epoch or "1767225600"
        self.log = work / "commands.log"

    def run(
        self,
        command: Sequence[str | Path],
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Sample:
        """Run one command to completion; its wall time, CPU time and peak memory."""
        with self.log.open("a") as log:
            log.write("$ " + " ".join(map(str, command)) + "\n")
            log.flush()
            start = time.perf_counter()
            process = subprocess.Popen(
                [str(c) for c in command],
                cwd=cwd or self.repo,
                env=env or self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            # wait4 reports this child's own usage (make's includes the jobs it waited for).
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            tail = self.log.read_text().splitlines()[-25:]
            sys.exit(
                f"bench: command failed ({process.returncode}): {' '.join(map(str, command))}\n"
                + "\n".join(tail)
            )
        return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)

    def measure(
        self,
        name: str,
        group: str,
        command: Callable[[int], Sequence[str | Path]],
        before: Callable[[int], None] | None = None,
        cwd: Path | None = None,
        note: str = "",
    ) -> Figure:
        """Run ``command(i)`` ``runs`` times, after ``before(i)`` (not timed)."""
        figure = Figure(name, group, note=note)
        for index in range(self.runs):
            if before:
                before(index)
            figure.load.append(os.getloadavg()[0])
            figure.samples.append(self.run(command(index), cwd))
        self.figures.append(figure)
        print(f"  {name}: {figure.stats('wall')['median']:.2f} s", flush=True)
        return figure

    def make(self, build: Path, *args: str) -> list[str | Path]:
        return ["make", "--no-print-directory", f"BUILDDIR={build}", *args]


# -- the book copies -------------------------------------------------------------------------


def copy_book(source: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return target


def scaled_book(source: Path, target: Path, factor: int) -> Path:
    """The book with each chapter copied ``factor`` times in all (labels renamed per copy)."""
    book = copy_book(source, target)
    chapters = sorted((book / "chapters").glob("*.md"))
    labels = sorted(
        {label for c in chapters for label in re.findall(r"^:name: (\S+)", c.read_text(), re.M)},
        key=len,
        reverse=True,
    )
    index = book / "index.md"
    toc = index.read_text()
    for chapter in chapters:
        text = chapter.read_text()
        copies = []
        for k in range(2, factor + 1):
            copy = text
            for label in labels:  # figure and table names are unique per book, not per page
                copy = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}-{k}", copy)
            copy = re.sub(r"^# (.+)$", rf"# \1 (copy {k})", copy, count=1, flags=re.M)
            (chapter.parent / f"{chapter.stem}-{k}.md").write_text(copy)
            copies.append(f"chapters/{chapter.stem}-{k}")
        entry = re.compile(rf"^chapters/{re.escape(chapter.stem)}$", re.M)  # a toctree line
        listed = entry.search(toc)
        assert listed, f"chapters/{chapter.stem} is not in index.md's toctree"
        toc = "\n".join([toc[: listed.end()], *copies]) + toc[listed.end() :]
    index.write_text(toc)
    return book


def card_book(source: Path, target: Path, count: int) -> Path:
    """A book with ``count`` synthetic exercises and a deck ``all`` of them."""
    book = copy_book(source, target)
    shutil.rmtree(book / "exercises")
    shutil.rmtree(book / "decks")
    (book / "exercises").mkdir()
    (book / "decks").mkdir()
    real = [yaml.safe_load(p.read_text()) for p in sorted((source / "exercises").glob("*.yaml"))]
    ids = []
    for i in range(count):
        front, back = real[i % len(real)], real[(i // len(real) + 1 + i) % len(real)]
        exercise = {k: v for k, v in front.items() if k not in BACK_FIELDS}
        exercise.update({k: v for k, v in back.items() if k in BACK_FIELDS})
        exercise["id"] = f"{front['id']}-{i:04d}"
        ids.append(exercise["id"])
        path = book / "exercises" / f"{exercise['id']}.yaml"
        path.write_text(yaml.safe_dump(exercise, sort_keys=False, allow_unicode=True))
    deck = {"title": f"{count} synthetic exercises", "exercises": ids}
    (book / "decks" / "all.yaml").write_text(yaml.safe_dump(deck, sort_keys=False))
    return book


def always(command: Sequence[str | Path]) -> Callable[[int], Sequence[str | Path]]:
    """The same command for every run (:meth:`Bench.measure` passes each run's index)."""
    return lambda _index: command


def emptied(folder: Path) -> Callable[[int], None]:
    """A ``before`` step that removes ``folder``, so that each run builds from nothing."""
    return lambda _index: shutil.rmtree(folder, ignore_errors=True)


# -- the figures -----------------------------------------------------------------------------


def bench_clean_and_noop(bench: Bench, figures: set[str]) -> None:
    build = bench.work / "clean"
    if "clean" in figures:
        print("clean builds (make all from an empty BUILDDIR):", flush=True)
        for jobs in ("-j1", "-j2", "-j"):
            bench.measure(
                f"clean make {jobs} all",
                "clean",
                always(bench.make(build, jobs, "all")),
                before=emptied(build),
            )
    if "noop" in figures:
        if not (build / "html").is_dir():
            bench.run(bench.make(build, "-j2", "all"))
        print("no-op:", flush=True)
        bench.measure("no-op make all", "noop", lambda _i: bench.make(build, "all"))


def appended_sentence(chapter: Path) -> Callable[[int], None]:
    """A ``before`` step that adds a sentence to ``chapter``: the edit an author makes."""

    def edit(index: int) -> None:
        # File times tick coarsely (a few ms): an edit in the same tick as the last build's
        # stamp would look older than the build and be skipped. A person types slower than that.
        time.sleep(0.1)
        with chapter.open("a") as handle:
            handle.write(f"\nA sentence added by the benchmark, run {index}.\n")

    return edit


def bench_edit(bench: Bench) -> None:
    print("one chapter edited:", flush=True)
    book = copy_book(bench.repo / "book", bench.work / "edit-book")
    build = bench.work / "edit"
    bench.run(bench.make(build, f"SOURCEDIR={book}", "html"))
    bench.measure(
        "edit one chapter, make html",
        "edit",
        lambda _i: bench.make(build, f"SOURCEDIR={book}", "html"),
        before=appended_sentence(book / "chapters" / "pain.md"),
    )


def bench_pdf_edit(bench: Bench) -> None:
    """The PDF rebuilt into the same output folder after a one-chapter edit."""
    print("one chapter edited, PDF rebuilt:", flush=True)
    book = copy_book(bench.repo / "book", bench.work / "pdf-edit-book")
    out = bench.work / "pdf-edit"
    build: Command = [bench.coursebook, "build", "pdf", "--book", book, "--out", out]
    bench.run(build)
    bench.measure(
        "edit one chapter, build pdf",
        "pdf-edit",
        always(build),
        before=appended_sentence(book / "chapters" / "pain.md"),
        note="coursebook build pdf into the folder of a previous build",
    )


def bench_cards(bench: Bench) -> None:
    print(f"{CARD_COUNT} cards:", flush=True)
    book = card_book(bench.repo / "book", bench.work / "cards-book", CARD_COUNT)
    target = bench.work / "cards" / "all.pdf"
    bench.measure(
        f"{CARD_COUNT} cards",
        "cards",
        lambda _i: [bench.coursebook, "cards", "--book", book, "--deck", "all", "-o", target],
        note="A6 on A4, fronts and backs, one QR code each",
    )


def bench_scaling(bench: Bench, scales: Sequence[int], parallel: bool) -> None:
    print("scaling (each edition built clean):", flush=True)
    for factor in scales:
        book = scaled_book(bench.repo / "book", bench.work / f"book-{factor}x", factor)
        chapters = len(list((book / "chapters").glob("*.md")))
        options: list[tuple[str, list[str]]] = [("", [])]
        if parallel:
            options.append((" -j auto", ["--", "-j", "auto"]))
        for edition in EDITIONS:
            for label, extra in options:
                out = bench.work / f"scale-{factor}x-{edition}"
                bench.measure(
                    f"{edition} {factor}x{label}",
                    "scaling",
                    always(
                        [bench.coursebook, "build", edition, "--book", book, "--out", out, *extra]
                    ),
                    before=emptied(out),
                    note=f"{chapters} chapters",
                )


# -- the PDF route against its peers ----------------------------------------------------------

# The peers' own packages, pinned so that figures taken months apart measure the same code. They
# go into a virtualenv of the benchmark's own, never into the project's dependencies.
PEER_PACKAGES = (
    "sphinx-simplepdf==1.7.0",
    "weasyprint==70.0",  # sphinx-simplepdf's engine; no longer in the project's lock
    "sphinxcontrib-svg2pdfconverter==2.1.0",
)
# What Sphinx's LaTeX route runs; `make bench` installs the Debian packages (PEER_PACKAGES in the
# Makefile) when the peers are asked for.
TEX_COMMANDS = ("xelatex", "latexmk", "rsvg-convert")
PEER_SCALES = (1, 5)
# Ours at least this many times faster than the peer, in CPU and in wall time (issue 13).
RATIO_GOALS = {"latexpdf": 3.0}


@dataclass(frozen=True)
class Route:
    """One way to make the book's PDF: the command that builds ``book`` into the empty folder
    ``out``, and where in ``out`` the PDF lands."""

    name: str
    label: str
    command: Callable[[Path, Path], Command]
    find_pdf: Callable[[Path], Path | None]
    env: Mapping[str, str] | None = None  # None: the benchmark's own


def only_pdf(folder: Path) -> Path | None:
    """The one PDF directly in ``folder``, or None when there is none (or several)."""
    found = sorted(folder.glob("*.pdf"))
    return found[0] if len(found) == 1 else None


def latex_pdf(out: Path) -> Path | None:
    """The PDF of the LaTeX route: beside its ``.tex`` (the figures' PDFs are beside it too)."""
    made = [t.with_suffix(".pdf") for t in sorted((out / "latex").glob("*.tex"))]
    found = [pdf for pdf in made if pdf.is_file()]
    return found[0] if len(found) == 1 else None


def book_extensions(book: Path) -> list[str]:
    """The ``extensions`` of ``book/conf.py``, read as Sphinx reads them."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    extensions = eval_config_file((book / "conf.py").resolve(), Tags()).get("extensions", [])
    return [str(name) for name in extensions]


def pdf_routes(
    bench: Bench, venv: Path, extensions: Sequence[str], peers: Sequence[str]
) -> list[Route]:
    """Ours, then each peer asked for. The peers run the book's own conf.py with two settings
    given on the command line, as any Sphinx user would build it: no change to the book."""
    sphinx_build = venv / "bin" / "sphinx-build"
    # As in an activated virtualenv: sphinx-simplepdf starts the `weasyprint` command by name.
    activated = {
        **bench.env,
        "PATH": f"{venv / 'bin'}{os.pathsep}{bench.env.get('PATH', os.defpath)}",
        "VIRTUAL_ENV": str(venv),
    }

    def with_extension(name: str) -> list[str]:
        return ["-D", "extensions=" + ",".join([*extensions, name])]

    routes = {
        "ours": Route(
            "ours",
            "ours: `coursebook build pdf`",
            lambda book, out: [bench.coursebook, "build", "pdf", "--book", book, "--out", out],
            lambda out: only_pdf(out / "pdf"),
        ),
        "latexpdf": Route(
            "latexpdf",
            "Sphinx `latexpdf` (xelatex)",
            lambda book, out: [
                sphinx_build,
                "-M",
                "latexpdf",
                book,
                out,
                "-D",
                "latex_engine=xelatex",
                *with_extension("sphinxcontrib.rsvgconverter"),  # SVG figures, through rsvg-convert
            ],
            latex_pdf,
            activated,
        ),
        "simplepdf": Route(
            "simplepdf",
            "sphinx-simplepdf",
            lambda book, out: [
                sphinx_build,
                "-b",
                "simplepdf",
                book,
                out,
                *with_extension("sphinx_simplepdf"),
            ],
            only_pdf,
            activated,
        ),
    }
    return [routes["ours"], *(routes[name] for name in peers)]


def lock_pins(lock: Path) -> str:
    """``name==version`` for each package of the lock file, without hashes: a constraints file."""
    return "".join(f"{m[1]}\n" for m in re.finditer(r"^(\S+==\S+)", lock.read_text(), re.M))


def peers_venv(bench: Bench, folder: Path) -> Path:
    """A virtualenv with the project's locked packages, the project, and the peers' packages at
    the lock's versions of everything they share (Sphinx, MyST, sphinx-design), so
    that the routes differ only in their own code. Made again when the lock or the pins change."""
    lock = bench.repo / "requirements.lock"
    key = hashlib.sha256(
        "\n".join([lock.read_text(), *PEER_PACKAGES, str(bench.repo)]).encode()
    ).hexdigest()
    stamp = folder / ".bench-installed"
    if stamp.is_file() and stamp.read_text() == key:
        return folder
    print(f"  installing the peers' packages into {folder}", flush=True)
    # The project's Python (a venv made from a venv takes its base interpreter), and no system
    # site-packages: only what is installed below.
    bench.run([bench.python, "-m", "venv", "--clear", folder])
    constraints = folder / "lock-constraints.txt"
    constraints.write_text(lock_pins(lock))
    pip: Command = [
        folder / "bin" / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ]
    bench.run([*pip, "--require-hashes", "--no-deps", "-r", lock])
    bench.run([*pip, "--no-deps", "--no-build-isolation", "-e", bench.repo])
    bench.run([*pip, "-c", constraints, *PEER_PACKAGES])
    stamp.write_text(key)
    return folder


def tool_versions(venv: Path) -> dict[str, str]:
    """The versions behind the figures: ours (Typst), the peers' packages, Sphinx and TeX."""
    freeze = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "freeze"], capture_output=True, text=True
    ).stdout
    wanted = {"sphinx", "typst", "sphinx-simplepdf", "sphinxcontrib-svg2pdfconverter", "weasyprint"}
    versions = {}
    for line in freeze.splitlines():
        name, _, version = line.partition("==")
        if name.lower() in wanted:
            versions[name] = version
    for command in ("xelatex", "latexmk"):
        shown = subprocess.run([command, "--version"], capture_output=True, text=True).stdout
        versions[command] = next((line for line in shown.splitlines() if line.strip()), "")
    return versions


def missing_tex() -> list[str]:
    return [command for command in TEX_COMMANDS if shutil.which(command) is None]


def pdf_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


@dataclass
class RouteResult:
    """One route on one book: its figure, the pages it made, and its times over ours."""

    route: Route
    factor: int
    chapters: int
    figure: Figure
    pages: int
    cpu_ratio: dict[str, float] | None = None  # the route's time / ours, round by round
    wall_ratio: dict[str, float] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "route": self.route.name,
            "scale": self.factor,
            "chapters": self.chapters,
            "pages": self.pages,
            "figure": self.figure.name,
            "cpu_s": self.figure.stats("cpu"),
            "wall_s": self.figure.stats("wall"),
            "peak_rss_mb": self.figure.stats("peak_mb"),
            "loadavg_1min": self.figure.load,
            "ratio_to_ours_cpu": self.cpu_ratio,
            "ratio_to_ours_wall": self.wall_ratio,
        }


def spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
    }


def paired_ratio(route: Figure, ours: Figure, key: str) -> dict[str, float]:
    """The route's time over ours, taken round by round: each round's two runs met the same load."""
    return spread(
        [
            getattr(r, key) / getattr(o, key)
            for r, o in zip(route.samples, ours.samples, strict=True)
        ]
    )


def bench_peers(bench: Bench, routes: Sequence[Route], scales: Sequence[int]) -> list[RouteResult]:
    """Each route builds the same book from an empty folder, in turn: ours, peer, peer, ours, peer,
    peer, ... in one loop, so that what else the machine does falls on every route alike."""
    print(f"the PDF route against its peers ({', '.join(r.name for r in routes[1:])}):", flush=True)
    results = []
    for factor in scales:
        book = scaled_book(bench.repo / "book", bench.work / f"peers-book-{factor}x", factor)
        chapters = len(list((book / "chapters").glob("*.md")))
        figures = {
            r.name: Figure(f"pdf route {r.name} {factor}x", "peers", note=f"{chapters} chapters")
            for r in routes
        }
        outs = {r.name: bench.work / f"peers-{r.name}-{factor}x" for r in routes}
        # With several runs, one round first that is not counted: the first run of each route
        # would otherwise also time reading its programs and the TeX tree from disk.
        warm_up = 1 if bench.runs > 1 and factor == scales[0] else 0
        for round_ in range(warm_up + bench.runs):
            for route in routes:
                shutil.rmtree(outs[route.name], ignore_errors=True)
                load = os.getloadavg()[0]
                sample = bench.run(route.command(book, outs[route.name]), env=route.env)
                if round_ >= warm_up:
                    figures[route.name].load.append(load)
                    figures[route.name].samples.append(sample)
        ours = figures[routes[0].name]
        for route in routes:
            figure = figures[route.name]
            pdf = route.find_pdf(outs[route.name])
            if pdf is None:
                sys.exit(f"bench: {route.name} exited 0 but left no PDF in {outs[route.name]}")
            result = RouteResult(route, factor, chapters, figure, pdf_pages(pdf))
            if figure is not ours:
                result.cpu_ratio = paired_ratio(figure, ours, "cpu")
                result.wall_ratio = paired_ratio(figure, ours, "wall")
            bench.figures.append(figure)
            results.append(result)
            print(
                f"  {figure.name}: {figure.stats('wall')['median']:.2f} s, "
                f"CPU {figure.stats('cpu')['median']:.2f} s, {result.pages} pages",
                flush=True,
            )
    return results


def ratio_goals(results: Sequence[RouteResult]) -> list[dict[str, Any]]:
    """Each peer with a goal, at each book size: is ours that many times faster in CPU and wall?"""
    goals = []
    for result in results:
        target = RATIO_GOALS.get(result.route.name)
        if target is None or result.cpu_ratio is None or result.wall_ratio is None:
            continue
        cpu, wall = result.cpu_ratio["median"], result.wall_ratio["median"]
        goals.append(
            {
                "goal": f"{result.route.name} / ours at {result.factor}x ≥ {target:g} "
                "in CPU and in wall time",
                "cpu_ratio": cpu,
                "wall_ratio": wall,
                "met": cpu >= target and wall >= target,
            }
        )
    return goals


def with_range(stats: dict[str, float], digits: int = 2) -> str:
    """``median (min–max)``, or the median alone when every run gave the same figure."""
    median = f"{stats['median']:.{digits}f}"
    if stats["min"] == stats["max"]:
        return median
    return f"{median} ({stats['min']:.{digits}f}–{stats['max']:.{digits}f})"


def routes_table(results: Sequence[RouteResult]) -> str:
    """The PDF routes as a Markdown table, ready for the README's Performance section."""
    header = (
        "route",
        "book",
        "CPU s",
        "wall s",
        "CPU / ours",
        "wall / ours",
        "peak MB",
        "pages",
        "load",
    )
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        book = "course" if r.factor == 1 else f"{r.factor}×"
        low, high = f"{min(r.figure.load):.1f}", f"{max(r.figure.load):.1f}"
        cells = (
            r.route.label,
            f"{book}, {r.chapters} chapters",
            with_range(r.figure.stats("cpu")),
            with_range(r.figure.stats("wall")),
            "1" if r.cpu_ratio is None else with_range(r.cpu_ratio),
            "1" if r.wall_ratio is None else with_range(r.wall_ratio),
            f"{r.figure.stats('peak_mb')['max']:.0f}",
            str(r.pages),
            low if low == high else f"{low}–{high}",
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def profile(bench: Bench, out: Path) -> None:
    """cProfile of the PDF step and of 200 cards, the top of each in a text file beside the JSON."""
    import pstats

    book = copy_book(bench.repo / "book", bench.work / "profile-book")
    cards = card_book(bench.repo / "book", bench.work / "profile-cards", 200)
    runs: dict[str, list[str | Path]] = {
        "pdf": ["build", "pdf", "--book", book, "--out", bench.work / "profile-pdf"],
        "cards": ["cards", "--book", cards, "--deck", "all", "-o", bench.work / "p.pdf"],
    }
    for name, args in runs.items():
        stats = out / f"profile-{name}.prof"
        bench.run([bench.python, "-m", "cProfile", "-o", stats, "-m", "coursebook.cli", *args])
        with (out / f"profile-{name}.txt").open("w") as handle:
            pstats.Stats(str(stats), stream=handle).sort_stats("cumulative").print_stats(60)
        print(f"  profile of {name}: {out / f'profile-{name}.txt'}")


# -- report ----------------------------------------------------------------------------------


def table(figures: list[Figure]) -> str:
    rows = [("figure", "median s", "min s", "max s", "cpu s", "peak MB", "load", "goal")]
    for f in figures:
        wall, cpu, rss = f.stats("wall"), f.stats("cpu"), f.stats("peak_mb")
        goal = (
            "" if f.goal is None else f.goal.describe() + (" met" if f.goal.met(f) else " MISSED")
        )
        rows.append(
            (
                f.name,
                f"{wall['median']:.2f}",
                f"{wall['min']:.2f}",
                f"{wall['max']:.2f}",
                f"{cpu['median']:.2f}",
                f"{rss['max']:.0f}",
                f"{max(f.load):.2f}",
                goal,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ratios(figures: list[Figure]) -> dict[str, float]:
    """Time at the largest scale over time at 1x, per edition: the goal is at most the scale."""
    by_name = {f.name: f.stats("wall")["median"] for f in figures}
    result = {}
    for edition in EDITIONS:
        scales = [s for s in SCALES if f"{edition} {s}x" in by_name]
        if len(scales) > 1 and scales[0] == 1:
            top = scales[-1]
            result[f"{edition} {top}x / 1x"] = round(
                by_name[f"{edition} {top}x"] / by_name[f"{edition} 1x"], 2
            )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=HERE / "build" / "bench", help="report folder")
    parser.add_argument("--label", default="latest", help="report name: OUT/LABEL.json")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--only", nargs="+", choices=FIGURES, default=DEFAULT_FIGURES)
    parser.add_argument(
        "--peers", action="store_true", help="also build the PDF with Sphinx's own routes"
    )
    parser.add_argument(
        "--routes",
        nargs="+",
        choices=("latexpdf", "simplepdf"),
        default=["latexpdf", "simplepdf"],
        help="the peers to build against ours (default: both)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="one run each, scaling to 5x, no -j auto"
    )
    parser.add_argument("--profile", action="store_true", help="also write cProfile reports")
    parser.add_argument(
        "--repo", type=Path, default=HERE, help="the checkout to measure (with its .venv)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    runs = 1 if args.quick else args.runs
    figures = set(args.only) | ({"peers"} if args.peers else set())
    if "peers" in figures and missing_tex():
        print(
            f"bench: Sphinx's LaTeX route needs {', '.join(missing_tex())}: "
            "`make bench BENCHOPTS=--peers` installs them (PEER_PACKAGES in the Makefile)",
            file=sys.stderr,
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="coursebook-bench-"))
    bench = Bench(repo, work, runs)
    print(f"bench: {runs} run(s) per figure in {work}; load {os.getloadavg()[0]:.2f}", flush=True)
    started = time.time()
    routes: list[RouteResult] = []
    versions: dict[str, str] = {}
    try:
        bench_clean_and_noop(bench, figures)
        if "edit" in figures:
            bench_edit(bench)
        if "pdf-edit" in figures:
            bench_pdf_edit(bench)
        if "cards" in figures:
            bench_cards(bench)
        if "scaling" in figures:
            bench_scaling(bench, SCALES[:2] if args.quick else SCALES, parallel=not args.quick)
        if "peers" in figures:
            venv = peers_venv(bench, (args.out / "peers-venv").resolve())
            versions = tool_versions(venv)
            extensions = book_extensions(repo / "book")
            routes = bench_peers(
                bench, pdf_routes(bench, venv, extensions, args.routes), PEER_SCALES
            )
        if args.profile:
            profile(bench, args.out)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    git = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=repo, capture_output=True, text=True
    )
    scaling = ratios(bench.figures)
    report: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started),
        "commit": git.stdout.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs": runs,
        "figures": [f.as_json() for f in bench.figures],
        "scaling_ratios": scaling,
    }
    goals = ratio_goals(routes)
    if routes:
        report["pdf_routes"] = {
            "versions": versions,
            "routes": [r.as_json() for r in routes],
            "goals": goals,
            "table": routes_table(routes),
        }
    target = args.out / f"{args.label}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(table(bench.figures))
    for name, ratio in scaling.items():
        print(f"{name}: {ratio:g}x the time (goal: at most {name.split()[1]})")
    if routes:
        print("\nThe PDF routes (time / ours above 1: ours is faster):\n")
        print(routes_table(routes))
        print()
        for goal in goals:
            measured = f"CPU {goal['cpu_ratio']:g}, wall {goal['wall_ratio']:g}"
            print(f"{goal['goal']}: {measured}: {'met' if goal['met'] else 'MISSED'}")
        print("versions: " + "; ".join(f"{k} {v}" for k, v in versions.items()))
    print(f"\nbench: report written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
