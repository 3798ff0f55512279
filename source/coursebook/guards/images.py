"""Figures of any origin: drawn by code, drawn by hand, or photographed.

Every edition embeds every image it uses, so one 20 MB photo makes a 20 MB ePub and a 20 MB PDF.
These checks stop that, a file that is not what its name says, and two common slips in a
figure directive, each located with a hint:

* after reading, every image a page uses must stay under ``coursebook_image_max_kb`` and, for
  PNG, JPEG, GIF and WebP, under ``coursebook_image_max_pixels`` and be of the format its suffix
  names (checked on every build, so an image replaced by a bigger one is caught even when no
  chapter changed); SVG figures are checked for safety by :mod:`.svgcheck`;
* after parsing, every figure and image must have an alt text that describes it (not a file
  name), and a figure's caption must not begin with a directive option: MyST reads options only
  up to the first blank line, so ``:alt:`` after a blank line becomes the caption's first words and
  the figure is left without alt text.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

from ..config import PREFIX, get_config
from ..warnings_ import CoursebookWarning, note_finding, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# What Pillow calls each raster format, by the suffix an author gives the file.
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
FILE_NAME = re.compile(r"[\w./-]+\.(svg|png|jpe?g|gif|webp)", re.IGNORECASE)
# The options of Sphinx's figure and image directives, as they would start a caption line.
OPTION_LINE = re.compile(
    r"^:(alt|name|width|height|scale|align|target|class|figwidth|figclass|loading):"
)
SIZE_HINT = (
    "export the image smaller (about 1600 pixels across is plenty for a page; JPEG for photos, "
    "SVG or PNG for drawings), or raise {setting} in conf.py"
)


def image_problem(path: Path, max_kb: int, max_pixels: int) -> tuple[str, str] | None:
    """What is wrong with the image file at ``path``, and the hint; None if nothing is."""
    size = path.stat().st_size
    if size > max_kb * 1024:
        return (
            f"{size / 1024:,.0f} KB, over the limit of {max_kb:,} KB",
            SIZE_HINT.format(setting=PREFIX + "image_max_kb"),
        )
    expected = RASTER_FORMATS.get(path.suffix.lower())
    if expected is None:
        return None  # SVG: checked by svgcheck
    found, pixels = _inspect(path)
    if found != expected:
        what = f"a {found} image" if found else "not an image Pillow can read"
        return (
            f"{what}, although its name ends in {path.suffix}",
            f"export it again as {expected}, or give it the suffix of its real format; "
            "readers and the ePub's manifest go by the suffix",
        )
    if pixels > max_pixels:
        return (
            f"{pixels:,} pixels, over the limit of {max_pixels:,}",
            SIZE_HINT.format(setting=PREFIX + "image_max_pixels"),
        )
    return None


def _inspect(path: Path) -> tuple[str, int]:
    """The image's format and its width times height, read from the file's header only."""
    from PIL import Image

    try:
        # Pillow refuses, or warns about, very large images before reading any pixel: an image
        # that big is over any sensible limit, so it is reported as just over Pillow's own.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                return str(image.format or ""), width * height
    except Image.DecompressionBombError:
        return RASTER_FORMATS[path.suffix.lower()], 2 * (Image.MAX_IMAGE_PIXELS or 0) + 1
    except (OSError, SyntaxError, ValueError):
        return "", 0


def _line_using(env: BuildEnvironment, docname: str, filename: str) -> int | None:
    """The first line of the chapter's source that names the image file (for the location)."""
    try:
        lines = Path(env.doc2path(docname)).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    name = Path(filename).name
    return next((number for number, line in enumerate(lines, 1) if name in line), None)


def check_image_sizes(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading, report every image over a size limit, at each chapter line that uses it."""
    settings = get_config(app.config)
    for filename, (docnames, _) in sorted(env.images.items()):
        path = Path(app.srcdir, filename)
        if not path.is_file():
            continue  # Sphinx reports a missing image itself
        problem = image_problem(path, settings.image_max_kb, settings.image_max_pixels)
        if problem is None:
            continue
        message, hint = problem
        for docname in sorted(docnames):
            line = _line_using(env, docname, filename)
            warn(
                logger,
                CoursebookWarning.IMAGE_SIZE,
                "image %s is %s",
                filename,
                message,
                hint=hint,
                location=(docname, line),
            )


def _location(node: nodes.Element) -> nodes.Element:
    """The node itself, or its nearest ancestor that knows its line (Markdown images do not)."""
    located: nodes.Element | None = node
    while located is not None and not located.line:
        located = located.parent
    return located or node


def check_figures(app: Sphinx, doctree: nodes.document) -> None:
    """Note figures and images without a real alt text, and captions that begin with an option."""
    docname = app.env.current_document.docname
    misplaced: set[int] = set()
    for figure in doctree.findall(nodes.figure):
        caption = figure.next_node(nodes.caption)
        first_line = caption.astext().lstrip().split("\n", 1)[0] if caption else ""
        option = OPTION_LINE.match(first_line)
        if option is None:
            continue
        misplaced.update(id(image) for image in figure.findall(nodes.image))
        note_finding(
            app.env,
            docname,
            CoursebookWarning.CAPTION_OPTION,
            f"the figure's caption begins with the option ':{option[1]}:', so the option is "
            "ignored",
            hint="write every option on the lines right after the '{figure}' line, with no blank "
            "line before or between them; the caption comes after one blank line",
            location=_location(figure),
        )
    for image in doctree.findall(nodes.image):
        if id(image) in misplaced:
            continue  # the caption warning names the cause
        alt = " ".join(str(image.get("alt", "")).split())
        uri = str(image.get("uri", ""))
        if alt and not FILE_NAME.fullmatch(alt) and alt != Path(uri).name:
            continue
        problem = f"an alt text that is only a file name ('{alt}')" if alt else "no alt text"
        note_finding(
            app.env,
            docname,
            CoursebookWarning.ALT_TEXT,
            f"image {uri} has {problem}",
            hint="describe what the figure shows for a reader who cannot see it, with ':alt: …' "
            "right after the '{figure}' line (or ![description](path) in Markdown)",
            location=_location(image),
        )


def setup(app: Sphinx) -> None:
    """Check figures once each page is parsed, and image sizes once all pages are read."""
    app.connect("doctree-read", check_figures)
    app.connect("env-updated", check_image_sizes)
