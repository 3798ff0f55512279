"""``coursebook new``: write a small, complete course that builds every edition and card set.

Modelled on Sphinx's quickstart (``sphinx.cmd.quickstart.generate``): the course is the folder
``template/``, copied file by file, except that each ``*.jinja`` file is rendered (and loses that
suffix) with the title, author, language and a fresh ePub identifier. The course is assembled in
a hidden folder and moved into place, so a failure leaves nothing behind, and an existing
folder is used only if it is empty: a scaffold never overwrites an author's work.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE = Path(__file__).parent / "template"
RENDERED_SUFFIX = ".jinja"
LANGUAGE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")
"""A language code as Sphinx takes it: ``en``, ``fr``, ``pt_BR``, ``zh_CN``."""


class ScaffoldError(ValueError):
    """The course cannot be written as asked; the message says why and what to do."""


@dataclass(frozen=True)
class CourseSettings:
    """What ``coursebook new`` asks for; everything else in ``conf.py`` has a fixed default."""

    title: str
    author: str
    language: str = "en"
    epub_identifier: str = field(default_factory=lambda: f"urn:uuid:{uuid.uuid4()}")

    def problems(self) -> list[str]:
        """Every setting that cannot be written into the course, with what to give instead."""
        found = []
        for name, value in (("--title", self.title), ("--author", self.author)):
            if not value.strip() or "\n" in value or "\r" in value:
                found.append(f"{name} {value!r}: give one line of text")
        if not LANGUAGE.fullmatch(self.language):
            found.append(
                f"--language {self.language!r}: give a language code such as 'en', 'fr' or 'pt_BR'"
            )
        return found


def basename_for(title: str) -> str:
    """The file name of the PDF and ePub: the title in lowercase ASCII words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode())
    return "-".join(words)[:60].strip("-") or "book"


def title_for(folder: Path) -> str:
    """A title to start from when none is given: the folder's name, as words."""
    words = re.sub(r"[-_.\s]+", " ", folder.resolve().name).strip()
    return words[:1].upper() + words[1:] if words else "My course"


def _year() -> str:
    # The copyright year of the course: today, or SOURCE_DATE_EPOCH's year when it is fixed,
    # so that a scaffold written in a test is the same every time.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return time.strftime("%Y", time.gmtime(int(epoch) if epoch else None))


def render(settings: CourseSettings) -> dict[Path, bytes]:
    """Every file of the course, by its path inside the course folder."""
    from jinja2 import Environment, StrictUndefined

    environment = Environment(  # Python and Markdown, not HTML: nothing to escape
        keep_trailing_newline=True, undefined=StrictUndefined, autoescape=False
    )
    # A JSON string is also a valid Python string literal: titles with quotes stay intact.
    environment.filters["py"] = lambda value: json.dumps(value, ensure_ascii=False)
    context = {
        "title": settings.title.strip(),
        "author": settings.author.strip(),
        "language": settings.language,
        "copyright": f"{_year()}, {settings.author.strip()}",
        "epub_identifier": settings.epub_identifier,
        "basename": basename_for(settings.title),
    }
    files = {}
    for source in sorted(TEMPLATE.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        target = source.relative_to(TEMPLATE)
        if source.suffix == RENDERED_SUFFIX:
            text = environment.from_string(source.read_text("utf-8")).render(context)
            files[target.with_suffix("")] = text.encode("utf-8")
        else:
            files[target] = source.read_bytes()
    return files


def check_target(folder: Path) -> None:
    """Refuse a folder that holds anything: the scaffold must never overwrite a course."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise ScaffoldError(f"{folder} exists and is not a folder; choose another name")
    if folder.is_dir():
        entries = sorted(entry.name for entry in folder.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise ScaffoldError(
                f"{folder} is not empty ({len(entries)} entries: {shown}); "
                "give the name of a new or empty folder"
            )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def create_course(folder: Path, settings: CourseSettings) -> list[Path]:
    """Write a new course into ``folder`` (new or empty); return the files, relative to it.

    Raises :class:`ScaffoldError`, having written nothing, when the settings or the folder
    are not usable.
    """
    problems = settings.problems()
    if problems:
        raise ScaffoldError("; ".join(problems))
    check_target(folder)
    files = render(settings)
    created = not folder.exists()
    # The course is written into a hidden folder inside the target, then each of its top-level
    # entries is renamed into place: the target may be the current folder ('coursebook new .')
    # or sit in a folder the author cannot write to, so the stage cannot be its sibling.
    staging = folder / f".coursebook-new-{uuid.uuid4().hex[:8]}"
    moved: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, content in files.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(content)
        for entry in sorted(staging.iterdir()):
            moved.append(entry.rename(folder / entry.name))
        staging.rmdir()
    except OSError as error:
        for path in [staging, *moved, *([folder] if created else [])]:
            _remove(path)
        raise ScaffoldError(f"cannot write {folder}: {error.strerror or error}") from error
    return sorted(files)
