"""The catalogue of bad inputs: each mistake stops with a located message and a hint, and
nothing that was published before is lost.

The cases live in ``bad-inputs/catalogue.toml`` (see its header), plus every exercise and deck
fixture under ``bad-inputs/``, run through the whole ``coursebook`` command.
"""

from __future__ import annotations

import shlex
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import EPOCH, ROOTS, build_book
from coursebook.cli import main as coursebook

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
    # Every exercise and deck fixture, through the website build: its `# expect:` line is the
    # message, and the exercise model gives every problem a hint.
    for folder in ("exercises", "decks"):
        for fixture in sorted((BAD_INPUTS / folder).glob("*.yaml")):
            expected = fixture.read_bytes().split(b"\n", 1)[0].decode().removeprefix("# expect: ")
            file, message = expected.split(" ", 1)
            cases.append(
                Case(
                    name=f"{folder}/{fixture.stem}",
                    copy={f"{folder}/{fixture.name}": f"{folder}/{fixture.name}"},
                    run="build html",
                    expect=[file, message],
                    hint="(hint: ",
                )
            )
    return cases


CASES = catalogue()


@pytest.fixture(scope="session")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The website and every deck's cards of the exercises test book, built once."""
    out = tmp_path_factory.mktemp("good")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert build_book(ROOTS / "test-exercises", out, "html") == 0
        assert run_coursebook("cards --all-decks", ROOTS / "test-exercises", out) == 0
    return out


def run_coursebook(command: str, book: Path, out: Path | None = None) -> int:
    """Run one ``coursebook`` command on ``book``; return the exit status."""
    argv = [*shlex.split(command), "--book", str(book)]
    if out is not None:
        argv += ["--out", str(out)] if argv[0] == "build" else ["--out-dir", str(out / "cards")]
    try:
        return coursebook(argv)
    except SystemExit as exit_:  # argparse rejects a bad command line by exiting
        return int(exit_.code or 0)


def published(out: Path) -> dict[Path, bytes]:
    """Every published file (not Sphinx's work folders) and its bytes."""
    return {
        path: path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and not {".work", ".doctrees"} & set(path.relative_to(out).parts)
    }


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
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = make_mistake(case, tmp_path)
    out = Path(shutil.copytree(good_build, tmp_path / "out"))
    before = published(out)
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
    assert published(out) == before
    leaked = [p for p in out.rglob("*") if p.is_file() and MARKER.encode() in p.read_bytes()]
    assert leaked == []


def test_the_catalogue_covers_at_least_25_mistakes() -> None:
    assert len({case.name for case in CASES}) == len(CASES) >= 25
