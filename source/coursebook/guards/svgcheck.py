"""Figures must be pictures, not programs: check every SVG before any edition or card uses it.

An SVG can carry scripts, event handlers, external references (which would make a reader's
device fetch from the network) and XML entities. None of that belongs in a book figure, whether
drawn by ``diagrams/`` or by hand in a drawing program, so :func:`check_svg` refuses it with the
file, the line and a hint, and the build stops. Raster images embedded as ``data:`` URIs (as
Inkscape writes them) stay inside the file and are allowed. The same check guards the
pictograms the cards read with svglib.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from sphinx.util import logging

from ..warnings_ import CoursebookWarning, warn
from .yamlsafe import Problem

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video"}
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)[^)]*\)|@import", re.IGNORECASE)
# An embedded raster picture is data, not a program (an embedded SVG could hold a script).
EMBEDDED_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
HINT = (
    "a figure may hold shapes, text and embedded pictures only; a figure drawn by diagrams/*.py "
    "must not produce it, and a hand-drawn one can be saved again as plain SVG (in Inkscape: "
    "Save As > Plain SVG)"
)


def _parser() -> etree.XMLParser:
    # No DTDs, no entity expansion, no network: the parser itself cannot be made to fetch.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=False,
    )


def _line(element: etree._Element) -> int:
    line = element.sourceline
    return line if isinstance(line, int) else 1


def check_svg(path: Path) -> list[Problem]:
    """Every reason ``path`` is not a safe, well-formed SVG figure (empty when it is)."""

    def problem(line: int, message: str, hint: str = HINT) -> Problem:
        return Problem(path, line, "svg", message, hint)

    try:
        tree = etree.parse(str(path), _parser())
    except OSError as error:
        return [problem(1, f"cannot be read ({error})", "check the path in the figure directive")]
    except etree.XMLSyntaxError as error:
        return [
            problem(
                error.lineno or 1,
                f"malformed SVG: {error.msg}",
                "if diagrams/ draws it, redraw it with `make figures`; otherwise save it again "
                "from the drawing program",
            )
        ]
    problems = []
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        problems.append(problem(1, "a DOCTYPE or entity declarations are not allowed"))
    root = tree.getroot()
    if root.tag != f"{{{SVG_NS}}}svg":
        problems.append(
            problem(
                _line(root),
                f"the root element is <{root.tag}>, not an SVG <svg> element",
                'add xmlns="http://www.w3.org/2000/svg"',
            )
        )
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        line = _line(element)
        name = etree.QName(element).localname
        if name in FORBIDDEN_ELEMENTS:
            problems.append(problem(line, f"<{name}> is not allowed in a figure"))
        if name == "style" and EXTERNAL_URL.search(str(element.text or "")):
            problems.append(problem(line, "<style> refers to an external resource"))
        for attribute, raw in element.attrib.items():
            local = etree.QName(attribute).localname
            value = raw if isinstance(raw, str) else raw.decode()
            if local.lower().startswith("on"):
                problems.append(problem(line, f"event handler {local}= is not allowed"))
            elif local == "href" and not (value.startswith("#") or EMBEDDED_IMAGE.match(value)):
                problems.append(
                    problem(
                        line,
                        f'external reference {local}="{value}" is not allowed',
                        'figures may only refer to their own parts (href="#id") or embed a '
                        'picture (href="data:image/png;base64,...")',
                    )
                )
            elif local == "style" and EXTERNAL_URL.search(value):
                problems.append(problem(line, "a style refers to an external resource"))
    return problems


def svg_description(path: Path) -> str:
    """The figure's ``<desc>``: the text alternative written with the drawing."""
    try:
        root = etree.parse(str(path), _parser()).getroot()
    except (OSError, etree.XMLSyntaxError):
        return ""  # the figure check reports the file itself
    return " ".join(str(root.findtext(f"{{{SVG_NS}}}desc") or "").split())


def check_book_figures(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading, check every SVG any page uses; each problem is a located warning."""
    for filename, (docnames, _) in sorted(env.images.items()):
        if not filename.endswith(".svg"):
            continue
        for problem in check_svg(Path(app.srcdir, filename)):
            warn(
                logger,
                CoursebookWarning.FIGURE,
                "%s (used by %s)",
                problem.message,
                ", ".join(sorted(docnames)),
                hint=problem.hint,
                location=f"{problem.file}:{problem.line}",
            )


def setup(app: Sphinx) -> None:
    """Check the book's figures once the documents are read."""
    app.connect("env-updated", check_book_figures)
