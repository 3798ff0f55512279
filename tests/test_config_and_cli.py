"""Settings and command-line options are checked, with messages that say how to fix them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_book, copy_book
from coursebook.cli import main


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('coursebook_paper = "a5"', "coursebook_paper = 'a5': expected one of 'a4', 'letter'"),
        ('coursebook_basename = "My Book"', "coursebook_basename = 'My Book': expected a file"),
        ('coursebook_base_url = "example.org"', "expected '' or an absolute http(s) URL"),
    ],
)
def test_bad_setting_stops_the_build_with_a_hint(
    components_book: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    setting: str,
    message: str,
) -> None:
    book = copy_book(components_book, tmp_path)
    with (book / "conf.py").open("a") as conf:
        conf.write(f"\n{setting}\n")
    assert build_book(book, tmp_path / "out", "html") != 0
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "docx"], "invalid choice: 'docx'"),
        (["build", "pdf", "--paper", "a3"], "invalid choice: 'a3'"),
        (["build"], "the following arguments are required: EDITION"),
        (["print"], "invalid choice: 'print'"),
    ],
)
def test_bad_options_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_book_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "html", "--book", str(tmp_path / "nope")]) == 2
    assert "conf.py not found" in capsys.readouterr().err


def test_the_live_preview_can_drop_the_content_security_policy(
    components_book: Path, tmp_path: Path
) -> None:
    # `make serve` does: sphinx-autobuild injects an inline live-reload script into each page.
    off = ("-D", "coursebook_content_security_policy=off")
    assert build_book(components_book, tmp_path, "html", extra=off) == 0
    assert "Content-Security-Policy" not in (tmp_path / "html" / "index.html").read_text("utf-8")
