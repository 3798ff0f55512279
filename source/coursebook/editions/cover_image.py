"""The book's own cover (``coursebook_cover_image``): found, checked, and copied into an edition.

An author may give an image that is the whole front cover of the PDF and the ePub. It must be a
file inside the book folder (nothing outside the book is ever published, see
:mod:`coursebook.guards.boundary`), an SVG that passes the figure safety check
(:mod:`coursebook.guards.svgcheck`), or a PNG or JPEG that really is one, since the ePub declares
its media type from the suffix. The check runs as soon as the configuration is read, so a bad
cover stops every build before anything is written, at its line of ``conf.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError

from ..config import PREFIX, assignment_line, get_config
from ..guards.boundary import OUTSIDE_HINT, inside
from ..guards.images import image_problem
from ..guards.svgcheck import check_svg
from ..locale import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SETTING = PREFIX + "cover_image"
COPY_STEM = "_static/coursebook-cover"
"""Where an edition keeps its copy of the cover, relative to its output folder (plus suffix)."""


def cover_image_path(book: Path, setting: str) -> Path | None:
    """The cover image the book sets, or None for a typographic cover."""
    return Path(book, setting) if setting else None


def cover_image_problems(image: Path, book: Path, max_kb: int, max_pixels: int) -> list[str]:
    """Every reason ``image`` cannot be the cover (empty when it can), each with a hint.

    The cover is held to the same rules as every figure (:mod:`coursebook.guards.images`): a
    safe SVG, or a PNG or JPEG that really is one, within the book's size and pixel limits.
    """
    if not inside(image, book):
        return [f"the file is outside the book folder (hint: {OUTSIDE_HINT})"]
    if not image.is_file():
        return ["no such file in the book folder (hint: give the path from the book folder)"]
    problems = [str(p) for p in check_svg(image)] if image.suffix.lower() == ".svg" else []
    found = image_problem(image, max_kb, max_pixels)
    if found:
        problems.append(f"{found[0]} (hint: {found[1]})")
    return problems


def cover_alt(title: str) -> str:
    """The cover's text alternative, in the book's language (PDF and ePub alike)."""
    return str(_("Cover of %(title)s")) % {"title": title}


def check_cover_image(app: Sphinx, config: Config) -> None:
    """Stop the build, located at conf.py, if the cover image cannot be used."""
    value = get_config(config).cover_image
    image = cover_image_path(Path(app.srcdir), value)
    if image is None:
        return
    settings = get_config(config)
    problems = cover_image_problems(
        image, Path(app.srcdir), settings.image_max_kb, settings.image_max_pixels
    )
    if problems:
        where = assignment_line(Path(app.confdir, "conf.py"), SETTING)
        raise ConfigError(
            f"{where}: {SETTING} = {value!r} cannot be the cover:\n" + "\n".join(problems)
        )


def copied_name(setting: str) -> str:
    """The cover's path in an edition's output folder ('' when the book sets none)."""
    return f"{COPY_STEM}{Path(setting).suffix.lower()}" if setting else ""


def copy_cover_image(book: Path, setting: str, outdir: Path) -> str:
    """Copy the cover into an edition's output; return its path there ('' for none).

    A copy left by an earlier build with another suffix is removed, so an edition never ships
    two covers.
    """
    image, target = cover_image_path(book, setting), copied_name(setting)
    for old in Path(outdir, COPY_STEM).parent.glob(Path(COPY_STEM).name + ".*"):
        if old != Path(outdir, target):
            old.unlink()
    if image is None:
        return ""
    Path(outdir, target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image, Path(outdir, target))
    return target


def setup(app: Sphinx) -> None:
    """Check the cover image once the settings are validated."""
    app.connect("config-inited", check_cover_image, priority=550)
