"""The work saved while Sphinx reads and resolves the book gives the same results as the work.

Each cache is checked against what it replaces: the memoised bibliography style against pybtex's
own (every entry of the book, with and without labels), and ``{numref}`` resolved by the
coursebook's standard domain against the numbers and links Sphinx writes, while the target
document is unpickled once, not once per reference.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from pybtex.database import parse_file
from pybtex.style.formatting.unsrt import Style as Unsrt
from sphinx.util.docutils import docutils_namespace, patch_docutils

from conftest import REPO, ROOTS
from coursebook.bibliography import memoised
from coursebook.numbered_references import DoctreesReadOnce


class CountingUnsrt(Unsrt):  # type: ignore[misc]  # pybtex has no types
    """pybtex's ``unsrt``, counting the entries it really formats."""

    formatted = 0

    def format_entry(self, label: str, entry: Any, bib_data: object = None) -> Any:
        CountingUnsrt.formatted += 1
        return super().format_entry(label, entry, bib_data=bib_data)


def _entries() -> list[Any]:
    return list(parse_file(str(REPO / "book" / "references.bib")).entries.values())


def _text(formatted: Any) -> str:
    return f"{formatted.key}|{formatted.label}|{formatted.text.render_as('html')}"


def test_memoised_style_formats_as_pybtex_does() -> None:
    style = memoised(Unsrt)()
    entries = _entries()  # the same entry objects throughout, as in a build
    for label in ("", "1", "2"):
        for entry in entries:
            assert _text(style.format_entry(label, entry)) == _text(
                Unsrt().format_entry(label, entry)
            )


def test_memoised_style_formats_each_entry_once_per_label() -> None:
    style_class = memoised(CountingUnsrt)
    entries = _entries()
    CountingUnsrt.formatted = 0
    for _ in range(3):  # a footnote citation makes a new style object every time
        for entry in entries:
            style_class().format_entry("", entry)
    assert CountingUnsrt.formatted == len(entries)
    style_class().format_entry("1", entries[0])
    assert CountingUnsrt.formatted == len(entries) + 1


def test_each_build_memoises_afresh_and_settings_are_not_memoised() -> None:
    first = memoised(CountingUnsrt)
    again = memoised(first)  # the next build in the same process finds the registered class
    assert again.__mro__[1] is CountingUnsrt
    entry = _entries()[0]
    first().format_entry("", entry)
    CountingUnsrt.formatted = 0
    again().format_entry("", entry)
    assert CountingUnsrt.formatted == 1
    abbreviated = again(abbreviate_names=True)
    expected = Unsrt(abbreviate_names=True).format_entry("", entry)
    assert _text(abbreviated.format_entry("", entry)) == _text(expected)
    assert _text(abbreviated.format_entry("", entry)) != _text(Unsrt().format_entry("", entry))


class CountingEnvironment:
    """Stands in for Sphinx's environment: counts the doctrees it unpickles."""

    config = "the config"

    def __init__(self) -> None:
        self.read: list[str] = []

    def get_doctree(self, docname: str) -> object:
        self.read.append(docname)
        return object()


def test_doctrees_are_read_once_and_the_rest_is_the_environment() -> None:
    env = CountingEnvironment()
    view = DoctreesReadOnce(env, {})  # type: ignore[arg-type]
    first = view.get_doctree("a")
    assert view.get_doctree("a") is first
    view.get_doctree("b")
    assert env.read == ["a", "b"]
    assert view.config == "the config"


def test_numref_reads_its_target_once_and_numbers_as_sphinx_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    book = Path(shutil.copytree(ROOTS / "test-components", tmp_path / "book"))
    two = book / "chapters" / "two.md"
    references = "\n\nSee {numref}`fig-test-diagram`, {numref}`Diagram %s <fig-test-diagram>` "
    two.write_text(two.read_text() + references + "and {numref}`fig-test-diagram` again.\n")
    read: list[str] = []
    get_doctree = BuildEnvironment.get_doctree

    def counting(env: BuildEnvironment, docname: str) -> Any:
        read.append(docname)
        return get_doctree(env, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    out = tmp_path / "out"
    with patch_docutils(book), docutils_namespace():  # as sphinx-build: nothing left behind
        app = Sphinx(book, book, out, tmp_path / "doctrees", "html", status=None,
                     warning=io.StringIO(), freshenv=True)  # fmt: skip
        app.build()
    # Figures are numbered from outlines noted while reading (figure_numbers), with no document
    # read back; resolving the four references to the figure of chapter one reads that chapter
    # once, not 4x.
    assert read.count("chapters/one") == 1
    page = (out / "chapters" / "two.html").read_text()
    for text in ("Fig. 1", "Diagram 1"):
        assert f'<span class="std std-numref">{text}</span>' in page
    assert page.count('href="one.html#fig-test-diagram"') == 3


def test_epub_notes_each_document_as_read_and_as_saved(tmp_path: Path) -> None:
    from sphinx.application import Sphinx

    from coursebook.editions.accessibility import document_contents, survey

    book = Path(shutil.copytree(REPO / "book", tmp_path / "book"))
    with patch_docutils(book), docutils_namespace():
        app = Sphinx(book, book, tmp_path / "epub", tmp_path / "doctrees", "epub", status=None,
                     warning=io.StringIO(), freshenv=True, parallel=2)  # fmt: skip
        app.build()
    env = app.env
    noted = env.coursebook_contents  # type: ignore[attr-defined]
    assert sorted(noted) == sorted(env.found_docs)  # the parallel readers' notes merged too
    for docname in env.found_docs:
        assert noted[docname] == document_contents(env.get_doctree(docname)), docname
    book_contents = survey(app.builder)
    assert book_contents.figures > 0
    assert book_contents.glossary
    assert book_contents.hidden_content


def test_figures_are_numbered_as_sphinx_numbers_them_without_reading_a_doctree_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real book (figures, tables, exercise pages included by a toctree), read by two
    processes: the numbers from the noted outlines are Sphinx's own, and no doctree is read."""
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.environment.collectors.toctree import TocTreeCollector

    book = Path(shutil.copytree(REPO / "book", tmp_path / "book"))
    with patch_docutils(book), docutils_namespace():
        app = Sphinx(book, book, tmp_path / "html", tmp_path / "doctrees", "html", status=None,
                     warning=io.StringIO(), freshenv=True, parallel=2)  # fmt: skip
        app.build()
    env = app.env
    ours = env.toc_fignumbers
    assert sum(len(numbers) for types in ours.values() for numbers in types.values()) > 5
    read: list[str] = []
    get_doctree = BuildEnvironment.get_doctree
    monkeypatch.setattr(
        BuildEnvironment, "get_doctree", lambda e, d: read.append(d) or get_doctree(e, d)
    )
    collectors = [
        listener.handler.__self__
        for listener in app.events.listeners["env-get-updated"]
        if isinstance(getattr(listener.handler, "__self__", None), TocTreeCollector)
    ]
    assert collectors[0].assign_figure_numbers(env) == []  # ours, again: nothing changed
    assert read == []
    assert TocTreeCollector.assign_figure_numbers(collectors[0], env) == []  # Sphinx's own
    assert env.toc_fignumbers == ours
    assert sorted(set(read)) == sorted(env.found_docs)  # Sphinx's reads every document back
