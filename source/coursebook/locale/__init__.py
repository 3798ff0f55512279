"""The pipeline's own words in the outputs (labels, buttons, headings), translatable like Sphinx's.

Every label the pipeline writes into an edition or onto a card is wrapped in :data:`_`, Sphinx's
lazy translator for this package's message catalogue (``locale/<lang>/LC_MESSAGES/coursebook.mo``),
so a book with ``language = "fr"`` gets the French labels where a translation exists and the
English ones otherwise. Inside Sphinx, :func:`setup` loads the catalogue for the book's language;
the card printer, which runs without Sphinx, calls :func:`use_language` with the language read
from ``conf.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "coursebook"
LOCALE_DIR = Path(__file__).parent

_ = get_translation(CATALOG)
"""Mark a label for translation: ``_("Download the book")``; ``str()`` gives the translation."""


def setup(app: Sphinx) -> None:
    """Load the catalogue for the book's ``language`` (Sphinx calls this through ``setup()``)."""
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))


def use_language(language: str | None) -> None:
    """Load the catalogue for ``language`` outside Sphinx (the card printer)."""
    from sphinx import locale

    locale.init([str(LOCALE_DIR)], language, CATALOG)
