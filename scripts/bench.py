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
* cards      1,000 cards: synthetic exercises, the front of one real exercise and the back of
             another, each with its own id (so its own QR code), into a temporary book
* scaling    the book with its chapters copied 1x, 5x and 10x: each edition built clean, and
             with sphinx-build -j auto; the PDF step's peak memory
"""

from __future__ import annotations

import argparse
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent.parent
FIGURES = ("clean", "noop", "edit", "cards", "scaling")
EDITIONS = ("html", "epub", "pdf")
SCALES = (1, 5, 10)
CARD_COUNT = 1000
GOALS = {  # seconds, from issue 8, on a 2-core machine
    "clean make -j2 all": 15.0,
    "no-op make all": 2.0,
    "edit one chapter, make html": 2.0,
    f"{CARD_COUNT} cards": 3.0,
}
# The front and back fields of an exercise (coursebook.exercises.model.card_sections): a synthetic
# exercise takes its front from one real exercise and its back from another, so each face is
# one that the real data already fits on the card.
BACK_FIELDS = ("breathing", "mistakes", "cautions", "contraindications", "easier", "harder")


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
    def goal(self) -> float | None:
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
            "goal_s": self.goal,
            "met": None if self.goal is None else self.stats("wall")["median"] <= self.goal,
            "note": self.note,
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

    def run(self, command: Sequence[str | Path], cwd: Path | None = None) -> Sample:
        """Run one command to completion; its wall time, CPU time and peak memory."""
        with self.log.open("a") as log:
            log.write("$ " + " ".join(map(str, command)) + "\n")
            log.flush()
            start = time.perf_counter()
            process = subprocess.Popen(
                [str(c) for c in command],
                cwd=cwd or self.repo,
                env=self.env,
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


def bench_edit(bench: Bench) -> None:
    print("one chapter edited:", flush=True)
    book = copy_book(bench.repo / "book", bench.work / "edit-book")
    build = bench.work / "edit"
    bench.run(bench.make(build, f"SOURCEDIR={book}", "html"))
    chapter = book / "chapters" / "pain.md"

    def edit(index: int) -> None:
        # File times tick coarsely (a few ms): an edit in the same tick as make's stamp would
        # look older than the build and be skipped. A person types slower than that.
        time.sleep(0.1)
        with chapter.open("a") as handle:
            handle.write(f"\nA sentence added by the benchmark, run {index}.\n")

    bench.measure(
        "edit one chapter, make html",
        "edit",
        lambda _i: bench.make(build, f"SOURCEDIR={book}", "html"),
        before=edit,
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
            ""
            if f.goal is None
            else f"≤ {f.goal:g} s " + ("met" if wall["median"] <= f.goal else "MISSED")
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
    parser.add_argument("--only", nargs="+", choices=FIGURES, default=list(FIGURES))
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
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="coursebook-bench-"))
    bench = Bench(repo, work, runs)
    print(f"bench: {runs} run(s) per figure in {work}; load {os.getloadavg()[0]:.2f}", flush=True)
    started = time.time()
    try:
        figures = set(args.only)
        bench_clean_and_noop(bench, figures)
        if "edit" in figures:
            bench_edit(bench)
        if "cards" in figures:
            bench_cards(bench)
        if "scaling" in figures:
            bench_scaling(bench, SCALES[:2] if args.quick else SCALES, parallel=not args.quick)
        if args.profile:
            profile(bench, args.out)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    git = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=repo, capture_output=True, text=True
    )
    scaling = ratios(bench.figures)
    report = {
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
    target = args.out / f"{args.label}.json"
    target.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(table(bench.figures))
    for name, ratio in scaling.items():
        print(f"{name}: {ratio:g}x the time (goal: at most {name.split()[1]})")
    print(f"\nbench: report written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
