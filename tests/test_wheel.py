"""The wheel holds everything the pipeline needs: installed outside the repository, it writes a
new course (`coursebook new`), builds it in every edition and prints its cards.

The wheel is built from the package's files copied out of the repository (as a source
distribution would hold them) and installed with pip into a new virtual environment. That
environment sees the locked dependencies of the project's own environment through a ``.pth``
file (a path file adds folders, it runs none of their ``.pth`` files), so it can never see the
editable install of the repository; installing the dependencies afresh would cost 20 s more
and test pip, not the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import EPOCH

REPO = Path(__file__).parents[1]
PACKAGE = REPO / "source" / "coursebook"


def write_course(coursebook: Path, folder: Path) -> Path:
    """The course the installed command ``coursebook`` builds: the one `coursebook new` writes
    into ``folder`` (chapters, a figure, a bibliography, an exercise and a deck)."""
    run([coursebook, "new", "course", "--title", "Knee care"], folder)
    return folder / "course"


def run(command: list[str | Path], cwd: Path) -> str:
    """Run a command of the new environment, in ``cwd``, without the repository's settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    env["SOURCE_DATE_EPOCH"] = EPOCH
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the package's files (never the repository's own folder)."""
    folder = tmp_path_factory.mktemp("wheel")
    project = folder / "project"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(REPO / "source", project / "source", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, project / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", project], folder)
    (wheel,) = folder.glob("coursebook-*.whl")
    return wheel


@pytest.fixture(scope="module")
def environment(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment, outside the repository, with the wheel installed."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", venv], venv)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", "--python", python]
    run([*pip, "install", "--no-deps", "--no-index", wheel], venv)
    (site,) = (venv / "lib").glob("python3*/site-packages")
    dependencies = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "locked-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    return venv


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packed = set(archive.namelist())
    files = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sorted(files - packed) == []
    # The files a build reads besides Python code, so that the check above cannot pass on a
    # package that has lost them.
    for name in ("editions/typst/coursebook.typ", "web/static/coursebook.css"):
        assert f"coursebook/{name}" in packed


def test_the_installed_wheel_builds_every_edition_and_the_cards(
    environment: Path, tmp_path: Path
) -> None:
    bin_ = environment / "bin"
    where = run([bin_ / "python", "-c", "import coursebook; print(coursebook.__file__)"], tmp_path)
    assert Path(where.strip()).is_relative_to(environment), where

    course = write_course(bin_ / "coursebook", tmp_path)
    out = tmp_path / "out"
    run(
        [bin_ / "coursebook", "build", "html", "epub", "pdf", "--book", course, "--out", out],
        course,
    )
    run([bin_ / "coursebook", "cards", "--all-decks", "--book", course, "--out-dir", out], course)

    assert (out / "html" / "_static" / "coursebook.css").is_file()
    (epub,) = (out / "epub").glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        assert "_static/coursebook-epub.css" in archive.namelist()
    (pdf,) = (out / "pdf").glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert list(out.glob("*.pdf")), "no card deck was printed"
