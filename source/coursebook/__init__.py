"""coursebook: a Sphinx extension that publishes a MyST course as a website, an ePub and a PDF.

Add ``"coursebook"`` to ``extensions`` in ``conf.py``. The extension registers:

* validated ``coursebook_*`` settings (:mod:`coursebook.config`);
* the ePub 3 builder with accessibility metadata and reproducible bytes
  (:mod:`coursebook.editions.epub`);
* the ``pdf`` builder, which typesets the book with Typst (:mod:`coursebook.editions.typst`);
* static layouts of tabs and dropdowns for the ePub and PDF
  (:mod:`coursebook.editions.static_layout`);
* the website's download menu and stylesheet (:mod:`coursebook.web.site`), and its
  Content-Security-Policy (:mod:`coursebook.web.csp`);
* exercise pages, an exercise index and links to exercises (:mod:`coursebook.exercises.pages`);
* self-checks, with their answers in a dropdown on the website and in an answer key at the back
  of the ePub and the PDF (:mod:`coursebook.self_checks`, :mod:`coursebook.self_check_editions`);
* words written for one medium (``only``) marked, for the checks that compare editions
  (:mod:`coursebook.one_medium`);
* a safety check of every SVG figure (:mod:`coursebook.guards.svgcheck`), size limits and alt
  text for figures of any origin (:mod:`coursebook.guards.images`), and checks of MyST that
  publishes wrongly without a word (:mod:`coursebook.guards.source`);
* located errors with hints, for Sphinx's warnings and a malformed bibliography
  (:mod:`coursebook.warnings_`, :mod:`coursebook.bibliography`);
* the book's boundary: chapters are UTF-8 and no file outside the book is read
  (:mod:`coursebook.guards.boundary`);
* incremental builds that equal clean ones: shared navigation rewritten, stale outputs removed
  (:mod:`coursebook.incremental`);
* ``{numref}`` resolved without unpickling a document per reference
  (:mod:`coursebook.numbered_references`), and figures numbered without unpickling every
  document (:mod:`coursebook.figure_numbers`);
* the book's index with case variants merged, on the website and in the ePub and the PDF
  (:mod:`coursebook.editions.book_index`).
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
    # The card printer and the scaffold never run inside Sphinx: editing them must not re-read
    # the whole book.
    outside_sphinx = {package / "cards", package / "scaffold"}
    for path in sorted(package.rglob("*")):
        if outside_sphinx & {path, *path.parents}:
            continue
        # Not the PDF's layout (`.typ`): the pdf builder copies it and Typst reads it on every
        # build, so an edit of it needs no chapter read again, in any edition.
        if path.is_file() and path.suffix in {".py", ".css", ".html", ".toml", ".mo"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:8], 16)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the coursebook extension with Sphinx."""
    from . import (
        bibliography,
        citation_order,
        config,
        figure_numbers,
        incremental,
        licence,
        locale,
        numbered_references,
        one_medium,
        self_check_editions,
        self_checks,
        template_cache,
        warnings_,
    )
    from .editions import book_index, cover_image, epub, static_layout
    from .editions.typst import builder as pdf
    from .exercises import pages as exercise_pages
    from .guards import boundary, images, svgcheck
    from .guards import source as source_checks
    from .web import csp, web_only
    from .web import site as website

    warnings_.install_hints(app)
    warnings_.setup_findings(app)
    locale.setup(app)
    config.register(app)
    bibliography.setup(app)
    citation_order.setup(app)
    exercise_pages.setup(app)
    self_checks.setup(app)
    self_check_editions.setup(app)
    one_medium.setup(app)
    svgcheck.setup(app)
    images.setup(app)
    source_checks.setup(app)
    boundary.setup(app)
    app.add_post_transform(static_layout.StaticTabsAndDropdowns)
    cover_image.setup(app)  # checked for every builder: the PDF and the ePub both use it
    epub.setup(app)
    pdf.setup(app)
    website.setup(app)
    licence.setup(app)
    web_only.setup(app)
    csp.setup(app)
    incremental.setup(app)
    numbered_references.setup(app)
    figure_numbers.setup(app)
    template_cache.setup(app)
    book_index.setup(app)
    return {
        "version": __version__,
        "env_version": _code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
