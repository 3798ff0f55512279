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
    _forget_loaded_catalogue()
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))


def _forget_loaded_catalogue() -> None:
    # Sphinx merges a new catalogue into the one already loaded, and keeps the old one when the
    # new language has none: after a French book, an English book built in the same process
    # (the `coursebook` command builds editions one after another) would get French labels.
    from sphinx import locale

    locale.translators.pop(("general", CATALOG), None)


def use_language(language: str | None) -> None:
    """Load the catalogue for ``language`` outside Sphinx (the card printer)."""
    from sphinx import locale

    _forget_loaded_catalogue()
    locale.init([str(LOCALE_DIR)], language, CATALOG)
