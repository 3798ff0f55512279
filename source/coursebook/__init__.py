"""coursebook: a Sphinx extension that publishes a MyST course as a website, an ePub and a PDF.

Add ``"coursebook"`` to ``extensions`` in ``conf.py``. The extension registers:

* validated ``coursebook_*`` settings (:mod:`coursebook.config`);
* the ePub 3 builder with accessibility metadata and reproducible bytes (:mod:`coursebook.epub`);
* the ``pdf`` builder (:mod:`coursebook.pdf`);
* static layouts of tabs and dropdowns for the ePub and PDF (:mod:`coursebook.static_layout`);
* the website's download menu and stylesheet (:mod:`coursebook.website`);
* exercise pages, an exercise index and links to exercises (:mod:`coursebook.exercise_pages`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the coursebook extension with Sphinx."""
    from . import config, epub, exercise_pages, pdf, static_layout, website

    config.register(app)
    exercise_pages.setup(app)
    app.add_post_transform(static_layout.StaticTabsAndDropdowns)
    epub.setup(app)
    pdf.setup(app)
    website.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
