"""The catalogue of bad inputs: each mistake stops with a located message and a hint, and
nothing that was published before is lost.

The cases live in ``bad-inputs/catalogue.toml`` (see its header), each run through the whole
``coursebook`` command. Every exercise and deck fixture under ``bad-inputs/`` is a case too: a few
run end to end, the rest are checked where their message is made, in the exercise model (see
``END_TO_END_FIXTURES``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import EPOCH, ROOTS, build_book, built_once, copy_book
from coursebook.cli import main as coursebook
from coursebook.exercises.model import load_catalogue
from coursebook.guards.yamlsafe import DataError

BAD_INPUTS = Path(__file__).parent / "bad-inputs"
MARKER = "TOP-SECRET-7f3a9c"  # in every file outside the book; must never reach an output


@dataclass(frozen=True)
class Case:
    """One mistake, how to make it and what it must produce."""

    name: str
    run: str
    expect: list[str]
    hint: str
    status: int = 1
    copy: dict[str, str] = field(default_factory=dict)
    append: dict[str, str] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)
    symlink: dict[str, str] = field(default_factory=dict)
    huge: dict[str, int] = field(default_factory=dict)


def catalogue() -> list[Case]:
    cases = [
        Case(**case)
        for case in tomllib.loads((BAD_INPUTS / "catalogue.toml").read_text("utf-8"))["case"]
    ]
    # A few exercise and deck fixtures through the website build: its `# expect:` line is the
    # message, and the exercise model gives every problem a hint.
    for name in sorted(END_TO_END_FIXTURES):
        expected = expected_message(BAD_INPUTS / f"{name}.yaml")
        file, message = expected.split(" ", 1)
        cases.append(
            Case(
                name=name,
                copy={f"{name}.yaml": f"{name}.yaml"},
                run="build html",
                expect=[file, message],
                hint="(hint: ",
            )
        )
    return cases


def expected_message(fixture: Path) -> str:
    """The message a data fixture must produce: its first line, ``# expect: <message>``."""
    return fixture.read_bytes().split(b"\n", 1)[0].decode().removeprefix("# expect: ")


# Every data fixture's message comes from the exercise model, and every build (each edition,
# the cards) reports the model's problems the same way, leaving the previous outputs alone.
# So a few fixtures prove that way end to end (an exercise that once crashed Sphinx, a file YAML
# cannot parse, a deck), and the others are checked in the model itself, which proves the same
# message and hint in a fraction of the time.
END_TO_END_FIXTURES = {"exercises/bad-level", "exercises/syntax-error", "decks/unknown-exercise"}
DATA_FIXTURES = sorted(
    f"{folder}/{fixture.stem}"
    for folder in ("exercises", "decks")
    for fixture in (BAD_INPUTS / folder).glob("*.yaml")
)
CASES = catalogue()


@pytest.fixture(scope="session")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The website and every deck's cards of the exercises test book, built once."""

    def build(out: Path) -> None:
        assert build_book(ROOTS / "test-exercises", out, "html") == 0
        assert run_coursebook("cards --all-decks", ROOTS / "test-exercises", out) == 0

    return built_once(tmp_path_factory, "good", build)


@pytest.fixture(scope="session")
def good_outputs(good_build: Path) -> dict[Path, Output]:
    """The published files of the good build, as they were built."""
    return {
        name: Output(path.read_bytes(), identity(path))
        for name, path in published(good_build).items()
    }


def previous_outputs(good_build: Path, out: Path) -> Path:
    """The good build's published files in ``out``, as hard links (a copy costs 0.3 s a case).

    The pipeline publishes by renaming new files into place, so a build that respects that
    leaves the linked files as they are. One that wrote into a published file would change the
    good build too, but also the file's time: :func:`changed_files` then compares it with the
    bytes read when the good build was made. The work folders stay behind: a failed build
    starts without them.
    """

    def work_files(folder: str, names: list[str]) -> list[str]:  # work folders, publishing lock
        return [name for name in names if name.startswith(".")] if folder == str(good_build) else []

    return Path(shutil.copytree(good_build, out, copy_function=os.link, ignore=work_files))


def run_coursebook(command: str, book: Path, out: Path | None = None) -> int:
    """Run one ``coursebook`` command on ``book``; return the exit status."""
    argv = [*shlex.split(command), "--book", str(book)]
    if out is not None:
        argv += ["--out", str(out)] if argv[0] == "build" else ["--out-dir", str(out / "cards")]
    try:
        return coursebook(argv)
    except SystemExit as exit_:  # argparse rejects a bad command line by exiting
        return int(exit_.code or 0)


def published(out: Path) -> dict[Path, Path]:
    """Every published file, by its path in ``out`` (not the pipeline's own dot-folders and
    lock: work folders, doctrees)."""
    return {
        path.relative_to(out): path
        for path in sorted(out.rglob("*"))
        if path.is_file() and not path.relative_to(out).parts[0].startswith(".")
    }


@dataclass(frozen=True)
class Output:
    """A file of the good build: its bytes, and the identity of the file that holds them."""

    data: bytes
    identity: tuple[int, int, int]


def identity(path: Path) -> tuple[int, int, int]:
    """Inode, size and modification time: the same for a hard link nobody wrote to since."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def changed_files(out: Path, good: dict[Path, Output]) -> list[str]:
    """The published files of ``out`` that differ from the good build's, or that it lacks or
    adds. A file still the good build's own (the same inode, size and time) is not read."""
    files = published(out)
    problems = [f"missing: {name}" for name in good.keys() - files.keys()]
    problems += [f"added: {name}" for name in files.keys() - good.keys()]
    problems += [
        f"changed: {name}"
        for name, path in files.items()
        if name in good
        and identity(path) != good[name].identity
        and path.read_bytes() != good[name].data
    ]
    return problems


def make_mistake(case: Case, folder: Path) -> Path:
    """A copy of the exercises test book in ``folder``, with the case's mistake in it."""
    book = Path(shutil.copytree(ROOTS / "test-exercises", folder / "book"))
    for name in case.outside:
        (folder / name).write_text(f"{MARKER}\n", "utf-8")
    for target, fixture in case.copy.items():
        (book / target).write_bytes((BAD_INPUTS / fixture).read_bytes())
    for target, text in case.append.items():
        with (book / target).open("a", encoding="utf-8") as file:
            file.write(text)
    for target, name in case.symlink.items():
        (book / target).symlink_to(folder / name)
    for target, size in case.huge.items():  # a file too big to commit as a fixture
        (book / target).write_text("id: huge\nnotes: '" + "x" * size + "'\n", "utf-8")
    return book


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input_is_reported_and_loses_nothing(
    case: Case,
    good_build: Path,
    good_outputs: dict[Path, Output],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = make_mistake(case, tmp_path)
    out = previous_outputs(good_build, tmp_path / "out")
    capsys.readouterr()

    status = run_coursebook(case.run, book, out)

    output = capsys.readouterr()
    text = output.out + output.err
    if case.name.startswith(("exercises/", "decks/")):
        # The fixtures' messages name files without their folder (see test_exercise_data.py).
        text = text.replace(f"{book}/", "").replace("exercises/", "")
        text = text.replace("decks/", "")
    assert status == case.status, text
    for expected in case.expect:
        assert expected in text, text
    assert case.hint in text, text
    assert changed_files(out, good_outputs) == []
    linked = {identity(output) for output in published(out).values()} & {
        good.identity for good in good_outputs.values()
    }
    written = [p for p in out.rglob("*") if p.is_file() and identity(p) not in linked]
    assert [p for p in written if MARKER.encode() in p.read_bytes()] == []


@pytest.mark.parametrize("name", sorted(set(DATA_FIXTURES) - END_TO_END_FIXTURES))
def test_bad_data_is_reported_with_its_place_and_a_hint(name: str, tmp_path: Path) -> None:
    book = copy_book(ROOTS / "test-exercises", tmp_path)
    fixture = BAD_INPUTS / f"{name}.yaml"
    (book / f"{name}.yaml").write_bytes(fixture.read_bytes())
    with pytest.raises(DataError) as error:
        load_catalogue(book)
    folder = f"{book / name.split('/')[0]}/"
    reported = {str(problem).replace(folder, ""): problem for problem in error.value.problems}
    expected = expected_message(fixture)
    matching = [problem for text, problem in reported.items() if expected in text]
    assert matching, "\n".join(reported)
    assert all(problem.hint for problem in matching), matching


def test_the_catalogue_covers_at_least_25_mistakes() -> None:
    names = [case.name for case in CASES] + DATA_FIXTURES
    assert len(set(names)) == len(CASES) + len(DATA_FIXTURES) - len(END_TO_END_FIXTURES) >= 25
    assert END_TO_END_FIXTURES.issubset(DATA_FIXTURES)
