"""``coursebook new``: a second course that builds at once, in every edition and as cards.

The scaffold is written once and built once per edition (module fixtures, ``-W`` as always, so
its quick-reference chapter must build without a warning). Then every output is searched for
text of the psoas course, the book this pipeline was first made for: none may leak into a
course that is not about it.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from conftest import EPOCH, build_book
from coursebook.cli import main as coursebook
from coursebook.scaffold import TEMPLATE, CourseSettings, render
from editions import normalise, pdf_text

REPOSITORY = Path(__file__).parent.parent
TITLE, AUTHOR = 'Knee care: a "first" course', "A. Lecturer"
BASENAME = "knee-care-a-first-course"
PSOAS_TERMS = ("psoas", "iliacus", "The Psoas", "four parts")
"""Words of the psoas course; compared without case, spaces or punctuation, so that letter-
spaced small capitals in a PDF ("F O U R  PA R T S") are found too."""
COURSE_FILES = {
    "conf.py",
    "index.md",
    "chapters/quick-reference.md",
    "exercises/index.md",
    "exercises/wall-push-up.yaml",
    "exercises/wall-push-up.md",
    "decks/first-class.yaml",
    "back/glossary.md",
    "back/bibliography.md",
    "back/answers.md",
    "references.bib",
    "_static/logo.svg",
    "figures/weekly-plan.svg",
}


def new(folder: Path, *options: str) -> int:
    return coursebook(["new", str(folder), *options])


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course written by ``coursebook new``, as an author would start one."""
    folder = tmp_path_factory.mktemp("scaffold") / "knee-course"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert new(folder, "--title", TITLE, "--author", AUTHOR) == 0
    return folder


@pytest.fixture(scope="module")
def built(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course's website, ePub and PDF (warnings are errors), and one deck of cards."""
    out = tmp_path_factory.mktemp("scaffold-out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        assert build_book(course, out, "html", "epub", "pdf") == 0, "see the warnings above"
        cards = ["cards", "--book", str(course), "--deck", "first-class", "--size", "a6"]
        assert coursebook([*cards, "-o", str(out / "cards" / "first-class.pdf")]) == 0
    return out


def read_conf(folder: Path) -> dict[str, object]:
    return eval_config_file(folder / "conf.py", Tags())


def test_new_writes_a_complete_course_with_its_own_settings(course: Path) -> None:
    written = {p.relative_to(course).as_posix() for p in course.rglob("*") if p.is_file()}
    assert written == COURSE_FILES
    conf = read_conf(course)
    assert (conf["project"], conf["author"], conf["language"]) == (TITLE, AUTHOR, "en")
    assert conf["copyright"] == f"2026, {AUTHOR}"
    assert conf["coursebook_basename"] == BASENAME
    assert str(conf["epub_identifier"]).startswith("urn:uuid:")
    assert str(conf["coursebook_base_url"]).startswith("https://example.org/")
    categories = conf["coursebook_categories"]
    assert isinstance(categories, dict) and categories
    assert all(set(entry) == {"label", "colour"} for entry in categories.values())
    assert conf["coursebook_levels"] == {
        1: "Level 1 · gentle",
        2: "Level 2 · moderate",
        3: "Level 3 · demanding",
    }


def test_each_course_gets_a_fresh_epub_identifier() -> None:
    # Two courses with one identifier would be one book to an e-reader.
    first, second = (CourseSettings("A", "B").epub_identifier for _ in range(2))
    assert first != second
    conf = render(CourseSettings("A", "B", epub_identifier="urn:uuid:x"))[Path("conf.py")]
    assert b'epub_identifier = "urn:uuid:x"' in conf


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "notes.md").write_text("An author's notes.\n")
    assert new(folder) == 2
    error = capsys.readouterr().err
    assert f"{folder} is not empty" in error and "nothing was written" in error
    assert [p.name for p in folder.iterdir()] == ["notes.md"]
    assert (folder / "notes.md").read_text() == "An author's notes.\n"
    (tmp_path / "file").write_text("")
    assert new(tmp_path / "file") == 2
    assert "is not a folder" in capsys.readouterr().err


def test_new_fills_an_empty_folder_and_rejects_bad_settings(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert new(tmp_path / "empty", "--language", "fr") == 0
    assert read_conf(tmp_path / "empty")["language"] == "fr"
    assert read_conf(tmp_path / "empty")["project"] == "Empty"  # from the folder's name
    assert new(tmp_path / "bad", "--language", "en gb", "--title", " ") == 2
    error = capsys.readouterr().err
    assert "--language 'en gb'" in error and "--title ' '" in error
    assert list(tmp_path.iterdir()) == [tmp_path / "empty"]  # nothing else, not even a stage


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch, capsys) -> None:
    written = []
    write_bytes = Path.write_bytes

    def disk_full_at_the_bibliography(self: Path, data: bytes) -> int:
        if self.name == "references.bib":  # written after the chapters, exercises and all
            raise OSError(28, "No space left on device")
        written.append(self)
        return write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full_at_the_bibliography)
    (tmp_path / "empty").mkdir()
    assert new(tmp_path / "empty") == 2
    assert new(tmp_path / "new" / "course") == 2
    assert "No space left on device; nothing was written" in capsys.readouterr().err
    assert len(written) > 10  # the failure came late
    assert list((tmp_path / "empty").iterdir()) == []
    assert not (tmp_path / "new" / "course").exists()


def test_every_edition_and_the_cards_are_built(built: Path) -> None:
    for path in (
        "html/chapters/quick-reference.html",
        "html/exercises/wall-push-up.html",
        f"epub/{BASENAME}.epub",
        f"pdf/{BASENAME}.pdf",
        "cards/first-class.pdf",
    ):
        assert (built / path).is_file(), path


def test_contents_captions_are_headings_with_a_level(built: Path) -> None:
    """The front page's contents have captions: a heading role needs its aria-level (axe-core
    and DAISY Ace count a missing one as critical), on the website and in the ePub."""
    with zipfile.ZipFile(built / "epub" / f"{BASENAME}.epub") as archive:
        epub_index = archive.read("index.xhtml").decode()
    for page in ((built / "html" / "index.html").read_text("utf-8"), epub_index):
        headings = re.findall(r"<[^>]*role=\"heading\"[^>]*>", page)
        assert headings, "the scaffold's contents have captions"
        assert all('aria-level="2"' in tag for tag in headings), headings


def test_make_builds_a_course_named_by_sourcedir(course: Path, tmp_path: Path) -> None:
    # A dry run: `make all` (the real builds are timed above) must hand every command the
    # course and the build folder, whether they come from the command line or the environment.
    for args, env in (
        ([f"SOURCEDIR={course}", f"BUILDDIR={tmp_path}"], {}),
        ([], {"SOURCEDIR": str(course), "BUILDDIR": str(tmp_path)}),
    ):
        commands = subprocess.run(
            ["make", "--no-print-directory", "-n", "all", *args],
            cwd=REPOSITORY,
            env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": EPOCH, **env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        runs = [line for line in commands if "bin/coursebook " in line]
        assert len(runs) == 7, commands  # pdf, html, epub, 2 decks, 2 calibration sheets
        assert all(f"--book {course} " in line for line in runs), runs
        assert all(str(tmp_path) in line for line in runs), runs


def files_of_site(site: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix not in {".pdf", ".epub", ".png", ".woff2", ".ttf"}:
            texts[path.relative_to(site).as_posix()] = path.read_text("utf-8", "replace")
    return texts


def files_of_epub(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {
            name: archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if not name.endswith((".png", ".jpg", ".woff2", ".ttf"))
        }


def text_of_pdf(pdf: Path) -> dict[str, str]:
    metadata = pypdf.PdfReader(pdf).metadata or {}
    return {
        f"{pdf.name} (text)": pdf_text(pdf),
        f"{pdf.name} (metadata)": " ".join(str(value) for value in metadata.values()),
    }


def psoas_mentions(texts: dict[str, str]) -> list[str]:
    found = []
    for name, text in texts.items():
        flat = normalise(text)
        found += [f"{name}: {term!r}" for term in PSOAS_TERMS if normalise(term) in flat]
    return found


@pytest.mark.parametrize("edition", ["html", "epub", "pdf", "cards"])
def test_no_output_mentions_the_psoas(built: Path, edition: str) -> None:
    if edition == "html":
        texts = files_of_site(built / "html")
        assert "chapters/quick-reference.html" in texts
    elif edition == "epub":
        texts = files_of_epub(built / "epub" / f"{BASENAME}.epub")
        assert "chapters/quick-reference.xhtml" in texts
    elif edition == "pdf":
        texts = text_of_pdf(built / "pdf" / f"{BASENAME}.pdf")
    else:
        texts = text_of_pdf(built / "cards" / "first-class.pdf")
    assert any(normalise("Wall push-up") in normalise(text) for text in texts.values())
    mentions = psoas_mentions(texts)
    assert not mentions, "\n".join(mentions)


def test_the_scaffold_itself_mentions_no_psoas() -> None:
    texts = {
        path.relative_to(TEMPLATE).as_posix(): path.read_text("utf-8")
        for path in TEMPLATE.rglob("*")
        if path.is_file()
    }
    assert len(texts) == len(COURSE_FILES)
    mentions = psoas_mentions(texts)
    assert not mentions, "\n".join(mentions)


def test_the_psoas_search_finds_what_it_looks_for() -> None:
    # The check above must be able to fail: the PDF's letter-spaced cover line, a running head.
    assert psoas_mentions({"cover": "A CO U R S E I N F O U R PA R T S"}) == ["cover: 'four parts'"]
    assert psoas_mentions({"head": "The Psoas"}) == ["head: 'psoas'", "head: 'The Psoas'"]
