"""coursebook: a Sphinx extension that publishes a MyST course as a website, an ePub and a PDF.

Add ``"coursebook"`` to ``extensions`` in ``conf.py``. The extension registers:

* validated ``coursebook_*`` settings (:mod:`coursebook.config`);
* the ePub 3 builder with accessibility metadata and reproducible bytes (:mod:`coursebook.epub`);
* the ``pdf`` builder (:mod:`coursebook.pdf`);
* static layouts of tabs and dropdowns for the ePub and PDF (:mod:`coursebook.static_layout`);
* the website's download menu and stylesheet (:mod:`coursebook.website`), and its
  Content-Security-Policy (:mod:`coursebook.csp`);
* exercise pages, an exercise index and links to exercises (:mod:`coursebook.exercise_pages`);
* a safety check of every SVG figure (:mod:`coursebook.svgcheck`);
* located errors with hints, for Sphinx's warnings and a malformed bibliography
  (:mod:`coursebook.errors`, :mod:`coursebook.bibliography`);
* the book's boundary: chapters are UTF-8 and no file outside the book is read
  (:mod:`coursebook.boundary`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def _code_version() -> int:
    """A number that changes whenever the extension's code or static files change.

    Sphinx re-reads every document when an extension's ``env_version`` changes; without this,
    an edited extension would leave stale pages behind in an incremental build.
    """
    import hashlib
    from pathlib import Path

    digest = hashlib.sha256()
    package = Path(__file__).parent
    # The card printer never runs inside Sphinx: editing it must not re-read the whole book.
    card_code = {package / "cards", package / "cards_cli.py"}
    for path in sorted(package.rglob("*")):
        if card_code & {path, *path.parents}:
            continue
        if path.is_file() and path.suffix in {".py", ".css", ".html", ".toml"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the coursebook extension with Sphinx."""
    from . import (
        bibliography,
        boundary,
        config,
        csp,
        epub,
        errors,
        exercise_pages,
        pdf,
        static_layout,
        svgcheck,
        website,
    )

    errors.install_hints(app)
    config.register(app)
    bibliography.setup(app)
    exercise_pages.setup(app)
    svgcheck.setup(app)
    boundary.setup(app)
    app.add_post_transform(static_layout.StaticTabsAndDropdowns)
    epub.setup(app)
    pdf.setup(app)
    website.setup(app)
    csp.setup(app)
    return {
        "version": __version__,
        "env_version": _code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
