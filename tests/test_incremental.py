"""Incremental builds equal clean builds, so no ``make clean`` is ever needed.

A small book is built, then edited as an author edits it; after each edit the same output
folder is rebuilt, the same sources are built afresh into another folder, and the two are
compared as a reader meets them: the same published files, and for each web page the same
navigation (sidebar, previous/next), text and links; for the ePub the same files, navigation and
text; for the PDF the same text on every page. Nothing is allowed to differ: every file of an
incremental build is made from the same sources with the same SOURCE_DATE_EPOCH as the clean one.

Each step once failed (see ``source/coursebook/incremental.py`` and ``cli.py``): a new exercise
missing from the sidebars of untouched pages, a renamed exercise keeping its old name in links,
a removed chapter's page and image still published, a label moved between chapters reported as
a duplicate, "undefined label" after a duplicate label was added and removed again, and after a
change of ``coursebook_basename`` an ePub that failed ("unknown mimetype") and old-named files in
``pdf/``, ``epub/`` and the website's ``downloads/``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from lxml import html

from conftest import EPOCH, ROOTS, build_book, copy_book
from coursebook.incremental import canonical_form

NOT_PUBLISHED = {".work", ".doctrees", ".publish.lock"}
"""Sphinx's work folders and the publisher's lock: not what a reader gets."""

Structure = dict[str, object]


def _text(text: str) -> str:
    return " ".join(text.split())


def _class(name: str) -> str:
    return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def _links(elements: list[html.HtmlElement]) -> list[tuple[str, str]]:
    return [(a.get("href", ""), _text(a.text_content())) for e in elements for a in e.iter("a")]


def page_structure(page: Path) -> Structure:
    """What a reader of one web page meets: navigation, text and every link."""
    root = html.parse(str(page)).getroot()
    article = root.xpath(_class("bd-article"))
    return {
        "title": _text(root.findtext(".//title") or ""),
        "sidebar": _links(root.xpath(_class("bd-docs-nav"))),
        "previous/next": _links(root.xpath(_class("prev-next-area"))),
        "text": _text(article[0].text_content()) if article else "",
        "links": _links([root]),
    }


def epub_structure(epub: Path) -> Structure:
    """The ePub's files, its navigation document's entries, and the text of each document."""
    with zipfile.ZipFile(epub) as archive:
        names = sorted(archive.namelist())
        nav = html.fromstring(archive.read("nav.xhtml"))
        text = {
            name: _text(html.fromstring(archive.read(name)).text_content())
            for name in names
            if name.endswith(".xhtml")
        }
    return {"files": names, "navigation": _links([nav]), "text": text}


def pdf_structure(pdf: Path) -> Structure:
    """The text of each page of the PDF."""
    return {"pages": [_text(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]}


def search_index_structure(index: Path) -> Structure:
    """The website's search index, whole: words that no page uses any more must be gone too
    (Sphinx's incremental index once kept them, each with an empty list of pages)."""
    text = index.read_text("utf-8")
    return {"search index": json.loads(text[text.index("(") + 1 : text.rindex(")")])}


def published(out: Path) -> Iterator[Path]:
    """Every published file of an output folder."""
    for path in sorted(out.rglob("*")):
        if path.is_file() and not NOT_PUBLISHED & set(path.relative_to(out).parts):
            yield path


def structure(out: Path) -> dict[str, Structure]:
    """Every published file: pages, ePubs and PDFs by their structure, other files by content."""
    files: dict[str, Structure] = {}
    for path in published(out):
        name = path.relative_to(out).as_posix()
        if path.suffix == ".html":
            files[name] = page_structure(path)
        elif path.suffix == ".epub":
            files[name] = epub_structure(path)
        elif path.suffix == ".pdf":
            files[name] = pdf_structure(path)
        elif path.name == "searchindex.js":
            files[name] = search_index_structure(path)
        else:  # stylesheets, scripts, images: the same sources give the same bytes
            files[name] = {"bytes": path.read_bytes()}
    return files


def differences(incremental: Path, clean: Path) -> list[str]:
    """How the incremental build differs from the clean one, file by file and part by part."""
    ours, theirs = structure(incremental), structure(clean)
    found = [f"{name}: only in the incremental build" for name in ours.keys() - theirs.keys()]
    found += [f"{name}: missing from the incremental build" for name in theirs.keys() - ours]
    for name in sorted(ours.keys() & theirs.keys()):
        for part, value in ours[name].items():
            clean = theirs[name][part]
            if value != clean:
                found.append(f"{name} {part}: incremental {value!r:.300}, clean {clean!r:.300}")
    return sorted(found)


def assert_no_problems(problems: dict[str, list[str]]) -> None:
    """Fail with every difference of every step, named after the step."""
    failed = {step: found for step, found in problems.items() if found}
    report = [f"after '{step}': {problem}" for step, found in failed.items() for problem in found]
    assert not failed, "\n".join(report)


class Book:
    """A copy of the exercises test book that a test edits and builds incrementally."""

    def __init__(self, folder: Path, *editions: str) -> None:
        self.folder = folder
        self.editions = editions
        self.path = copy_book(ROOTS / "test-exercises", folder)
        self.out = folder / "incremental"
        self.clean_builds = 0

    def write(self, name: str, text: str) -> None:
        (self.path / name).write_text(text, "utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        text = (self.path / name).read_text("utf-8")
        assert old in text, f"{old!r} not in {name}"
        self.write(name, text.replace(old, new, 1))

    def remove(self, *names: str) -> None:
        for name in names:
            (self.path / name).unlink()

    def build(self) -> int:
        """Rebuild the incremental output folder."""
        return build_book(self.path, self.out, *self.editions)

    def clean_build(self) -> Path:
        """Build the same sources into a new folder; return it."""
        self.clean_builds += 1
        out = self.folder / f"clean-{self.clean_builds}"
        assert build_book(self.path, out, *self.editions) == 0
        return out

    def pages_written_by_a_rebuild(self) -> list[str]:
        """Rebuild; the pages of documents that the build wrote again (in Sphinx's work folder)."""
        work = self.out / ".work" / "html"
        written_on_every_build = {"genindex.html", "search.html"}
        pages = [p for p in work.rglob("*.html") if p.name not in written_on_every_build]
        before = {page: page.stat().st_mtime_ns for page in pages}
        assert self.build() == 0
        return sorted(str(p.relative_to(work)) for p in pages if p.stat().st_mtime_ns != before[p])

    def rebuild_and_compare(self, clean: Path | None = None) -> list[str]:
        """Rebuild incrementally; how the result differs from a clean build (``clean`` or new)."""
        status = self.build()
        if status != 0:
            return [f"the incremental build failed (exit status {status})"]
        return differences(self.out, clean or self.clean_build())


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


PLANK = (ROOTS / "test-exercises" / "exercises" / "wall-stretch.yaml").read_text("utf-8")
PLANK = PLANK.replace("wall-stretch", "plank").replace("Wall hip flexor stretch", "Forearm plank")
EXTRA_CHAPTER = """# Extra practice

Hold a {exercise}`plank`.

![A standing figure](../figures/extra.svg)
"""


@pytest.mark.usefixtures("epoch")
def test_website_rebuilt_after_edits_equals_a_clean_build(tmp_path: Path) -> None:
    book = Book(tmp_path, "html")
    assert book.build() == 0
    # Incremental indeed: nothing changed, no page written (a second build in one process once
    # wrote them all, which hid every stale page below).
    assert book.pages_written_by_a_rebuild() == []
    problems = {}

    # A chapter with an image, and an exercise with its page; a label and a link to it. Every
    # page's sidebar must list the new pages.
    book.write("chapters/extra.md", EXTRA_CHAPTER)
    shutil.copy(
        book.path / "figures/pictograms/standing-figure.svg", book.path / "figures/extra.svg"
    )
    book.write("exercises/plank.yaml", PLANK)
    book.write("exercises/plank.md", ":::{exercise} plank\n:::\n")
    book.edit("index.md", "chapters/care\n", "chapters/care\nchapters/extra\n")
    book.edit("index.md", ":::\n", ":::\n\nBrowse the {ref}`library`.\n")
    book.edit("exercises/index.md", "# Exercise library", "(library)=\n# Exercise library")
    # An index entry on the front page, which search finds ("indexentries").
    book.edit(
        "index.md", "Browse the", "```{index} single: library of exercises\n```\n\nBrowse the"
    )
    problems["added"] = book.rebuild_and_compare()

    # A renamed exercise: its page, the index, the sidebars and every link show the new name.
    book.edit("exercises/wall-stretch.yaml", "Wall hip flexor stretch", "Standing hip stretch")
    book.edit("exercises/wall-stretch.yaml", "level: 1", "level: 2")
    problems["exercise edited"] = book.rebuild_and_compare()

    # The chapter, its image and the exercise removed; the label moved to a chapter that is
    # read before the page that held it.
    book.edit("index.md", "chapters/extra\n", "")
    book.remove(
        "chapters/extra.md", "figures/extra.svg", "exercises/plank.yaml", "exercises/plank.md"
    )
    book.edit("exercises/index.md", "(library)=\n", "")
    book.edit("chapters/care.md", "# Care", "(library)=\n# Care")
    clean = book.clean_build()
    problems["removed"] = book.rebuild_and_compare(clean)

    # A duplicate label fails the build; once it is removed, the book builds as before.
    book.edit("exercises/index.md", "# Exercise library", "(library)=\n# Exercise library")
    duplicate_status = book.build()
    book.edit("exercises/index.md", "(library)=\n", "")
    problems["duplicate label removed"] = book.rebuild_and_compare(clean)

    assert duplicate_status == 1
    assert_no_problems(problems)
    # The build's notes for the next build (.buildinfo, the outputs manifest) are not published.
    assert [path.name for path in published(book.out) if path.name.startswith(".")] == []


@pytest.mark.usefixtures("epoch")
def test_every_edition_rebuilt_under_a_new_basename_equals_a_clean_build(
    exercises_build: Path, tmp_path: Path
) -> None:
    # The session's build of the same book, with its work folders, is the previous build
    # (Sphinx reads the copied book afresh, as it does for any change of conf.py).
    book = Book(tmp_path, "html", "epub", "pdf")
    shutil.copytree(exercises_build, book.out)
    book.edit("conf.py", 'coursebook_basename = "exercises"', 'coursebook_basename = "renamed"')
    assert_no_problems({"basename changed": book.rebuild_and_compare()})
    downloads = book.out / "html" / "downloads"
    assert sorted(path.name for path in downloads.iterdir()) == ["renamed.epub", "renamed.pdf"]


def test_shared_data_compares_by_content_not_by_address() -> None:
    # sphinxcontrib-bibtex keeps pybtex's FormattedEntry objects, which print their address: taken
    # as printed, every build of a book with a bibliography looked changed and rewrote every page.
    class Entry:
        def __init__(self, key: str) -> None:
            self.key, self.label = key, {"1"}

    assert canonical_form([Entry("a")]) == canonical_form([Entry("a")])
    assert canonical_form([Entry("a")]) != canonical_form([Entry("b")])


def _index_entries(out: Path) -> object:
    text = (out / "html" / "searchindex.js").read_text("utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["indexentries"]


@pytest.mark.usefixtures("epoch")
def test_search_keeps_the_index_entries_of_pages_a_rebuild_did_not_write(tmp_path: Path) -> None:
    """Sphinx fills the entries while writing, after saving its environment, so a new process
    once lost those of every page it did not write. Each build is its own process here, as
    with `make`: within one process the entries survived, which hid the loss."""
    book = tmp_path / "book"
    shutil.copytree(ROOTS / "test-exercises", book)
    care = book / "chapters" / "care.md"
    care.write_text(care.read_text("utf-8") + "\n```{index} single: gentle care\n```\n\nText.\n")

    def build() -> None:
        command = [sys.executable, "-m", "coursebook.cli", "build", "html"]
        subprocess.run([*command, "--book", str(book), "--out", str(tmp_path / "out")], check=True)

    build()
    first = _index_entries(tmp_path / "out")
    assert "gentle care" in str(first)
    index = book / "index.md"
    index.write_text(index.read_text("utf-8") + "\nOne more sentence.\n")
    build()
    assert _index_entries(tmp_path / "out") == first
