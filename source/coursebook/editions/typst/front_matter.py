"""The words of the PDF's front matter: the title page's publisher and the imprint's entries.

The layout is ``coursebook.typ``'s (``half-title-page``, ``title-page``, ``imprint-page``); this
module only gathers what the book's settings say, in the book's language, so that every string
the pipeline adds goes through the message catalogue and a setting left empty prints nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...config import get_config
from ...licence import licence_sentence
from ...locale import _
from .markup import string

if TYPE_CHECKING:
    from sphinx.config import Config

TITLE_LINE_CHARS = 22
"""About the most characters of the title a line of the title page holds (28 pt bold sans on the
text block): the title is broken after its colon, then evenly (``editions/title_lines.py``)."""
UNSET_IDENTIFIER = "unknown"
"""Sphinx's default ``epub_identifier``: no identifier to print."""


def publisher(config: Config) -> str:
    """Who publishes the book: ``epub_publisher`` (Sphinx's default is the author)."""
    return str(getattr(config, "epub_publisher", "") or "")


def imprint_entries(config: Config, edition: str) -> dict[str, str | list[str]]:
    """The imprint's entries by name, each a finished sentence in the book's language."""
    settings = get_config(config)
    identifiers: list[str] = []
    identifier = str(getattr(config, "epub_identifier", "") or "")
    if identifier and identifier != UNSET_IDENTIFIER:
        identifiers.append(str(_("Identifier: %(identifier)s")) % {"identifier": identifier})
    if settings.isbn:
        identifiers.append(str(_("ISBN %(isbn)s")) % {"isbn": settings.isbn})
    copyright_line = str(_("© %(copyright)s")) % {"copyright": config.copyright}
    licence = licence_sentence(settings.licence)
    entries: dict[str, str | list[str]] = {
        "edition": edition,
        "copyright": copyright_line if config.copyright else "",
        "licence": licence if settings.licence else "",
        "licence-url": settings.licence_url if settings.licence else "",
        "disclaimer-title": str(_("Disclaimer")) if settings.disclaimer else "",
        "disclaimer": " ".join(settings.disclaimer.split()),
        "identifiers": identifiers,
    }
    return entries


def typst_array(values: list[str]) -> str:
    """A Typst array of strings (a trailing comma keeps a one-item array an array)."""
    return "(" + "".join(f"{string(value)}, " for value in values) + ")"
