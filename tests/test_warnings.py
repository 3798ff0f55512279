"""The warnings module: one kind per mistake, each can be silenced, hints on every message.

The end-to-end cases (every new mistake, in the website, the ePub, the PDF and another theme)
are in ``bad-inputs/catalogue.toml``; these tests check what those builds cannot see.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from sphinx.locale import _TranslationProxy

from conftest import ROOTS, build_book, copy_book
from coursebook.config import CoursebookConfig
from coursebook.guards.images import image_problem
from coursebook.guards.source import nested_colon_fences
from coursebook.warnings_ import CoursebookWarning, HintFilter

PACKAGE = Path(__file__).parents[1] / "source" / "coursebook"
BOOK = Path(__file__).parents[1] / "book"
FIGURE_FIXTURES = Path(__file__).parent / "bad-inputs" / "figures"


def test_a_hint_is_added_to_a_message_not_yet_translated() -> None:
    # What `coursebook build epub` logs in a fresh process: Sphinx's console catalogue is not
    # loaded, so the message is a lazy proxy, not a str. Hints were once skipped for it.
    message = _TranslationProxy("sphinx", "console", "undefined label: %r")
    record = logging.LogRecord("sphinx", logging.WARNING, "", 0, message, ("x",), None)
    record.type, record.subtype = "ref", "ref"
    assert HintFilter().filter(record)
    assert record.getMessage() == (
        "undefined label: 'x' (hint: check the label's spelling; a label is set with (name)= "
        "on the line above a heading or figure)"
    )


def test_every_coursebook_warning_is_of_a_documented_kind() -> None:
    tree = ast.parse((PACKAGE / "warnings_.py").read_text("utf-8"))
    enum = next(
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "CoursebookWarning"
    )
    documented = {
        target.id
        for statement, following in zip(enum.body, enum.body[1:], strict=False)
        if isinstance(statement, ast.Assign)
        for target in statement.targets
        if isinstance(target, ast.Name)
        and isinstance(following, ast.Expr)
        and isinstance(following.value, ast.Constant)
    }
    assert documented == {kind.name for kind in CoursebookWarning}
    assert len({kind.value for kind in CoursebookWarning}) == len(CoursebookWarning)
    # Every warning goes through warn(), so none can escape suppress_warnings' names.
    bypassing = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "warnings_.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if re.search(r"type=[\"']coursebook[\"']", line)
    ]
    assert bypassing == []


def test_a_mistake_fails_every_build_until_fixed_and_one_kind_can_be_silenced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(ROOTS / "test-components", tmp_path)
    with (book / "chapters" / "two.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\n![](/figures/diagram.svg)\n")
    for _ in range(2):  # the second build does not read the chapter again
        capsys.readouterr()
        assert build_book(book, tmp_path / "out", "html") == 1
        assert "has no alt text" in capsys.readouterr().err
    with (book / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nsuppress_warnings = ["coursebook.alt_text"]\n')
    assert build_book(book, tmp_path / "out", "html") == 0


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        # The outer block has more colons: correct.
        ("::::{tip}\n:::{note}\nx\n:::\n::::\n", []),
        # Siblings, one after the other: correct.
        (":::{tip}\nx\n:::\n:::{note}\ny\n:::\n", []),
        # Equal counts, and more colons inside than outside.
        (":::{tip}\n:::{note}\nx\n:::\n:::\n", [(2, 1)]),
        ("::::{tip}\n:::::{note}\nx\n:::::\n::::\n", [(2, 1)]),
        # The third level has as many colons as the second, not the first.
        (":::::{tab-set}\n::::{tab-item} A\n::::{note}\n::::\n::::\n:::::\n", [(3, 2)]),
        # Colons inside code are text, in backtick and colon-fenced code alike.
        (":::{tip}\n```md\n:::{note}\n:::\n```\n:::\n", []),
        (":::{tip}\n```\n:::{note}\n```\n:::\n", []),
        ("::::{code-block} md\n:::{note}\n::::\n", []),
        # A backtick directive's body is MyST: fences inside it count.
        ("````{tip}\n:::{note}\n:::{warning}\n:::\n:::\n````\n", [(3, 2)]),
    ],
)
def test_nested_colon_fences(text: str, problems: list[tuple[int, int]]) -> None:
    found = nested_colon_fences(text)
    assert [(p.line, p.outer_line) for p in found] == problems


def test_the_book_has_no_nested_colon_fence_problem() -> None:
    for chapter in sorted(BOOK.rglob("*.md")):
        assert nested_colon_fences(chapter.read_text("utf-8")) == [], chapter


def test_image_limits_and_formats(tmp_path: Path) -> None:
    defaults = CoursebookConfig()
    photo, scan = FIGURE_FIXTURES / "small-photo.jpg", FIGURE_FIXTURES / "huge-pixels.png"
    assert image_problem(photo, defaults.image_max_kb, defaults.image_max_pixels) is None
    assert image_problem(photo, 1, defaults.image_max_pixels) == (
        "2 KB, over the limit of 1 KB",
        "export the image smaller (about 1600 pixels across is plenty for a page; JPEG for "
        "photos, SVG or PNG for drawings), or raise coursebook_image_max_kb in conf.py",
    )
    too_many = image_problem(scan, defaults.image_max_kb, defaults.image_max_pixels)
    assert too_many and too_many[0] == "16,777,216 pixels, over the limit of 16,000,000"
    assert image_problem(scan, defaults.image_max_kb, 4096 * 4096) is None
    renamed = tmp_path / "photo.png"
    renamed.write_bytes(photo.read_bytes())
    wrong = image_problem(renamed, defaults.image_max_kb, defaults.image_max_pixels)
    assert wrong and wrong[0] == "a JPEG image, although its name ends in .png"
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture", "utf-8")
    unreadable = image_problem(text, defaults.image_max_kb, defaults.image_max_pixels)
    assert unreadable and unreadable[0].startswith("not an image Pillow can read")
