"""The ePub 3 edition: Sphinx's ePub builder plus what EPUBCheck and readers need.

Sphinx's builder is close; this subclass adds what a publisher would ship:

* EPUB Accessibility 1.1 metadata (``schema:accessMode`` and friends) in ``content.opf``;
* a cover image drawn from the book's metadata (:mod:`coursebook.editions.cover`);
* citations without the deprecated ``doc-biblioentry`` role (:mod:`coursebook.editions.citations`);
* a reproducible zip: fixed entry times from ``SOURCE_DATE_EPOCH``, ``mimetype`` first and stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from sphinx.builders.epub3 import Epub3Builder

from ..config import get_config
from .citations import CitationListMarkup
from .cover import draw_cover
from .publish import OUTPUT_NAME_FILE, record_output_name
from .reproducible import zip_date_time

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

COVER_IMAGE = "_static/cover.png"

ACCESSIBILITY_METADATA = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),
    ("schema:accessModeSufficient", "textual"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "index"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "Reflowable text with headings, a navigation document and a glossary. Every figure has a "
        "text alternative and a caption, and exercise answers are printed in full.",
    ),
)


class CourseEpubBuilder(Epub3Builder):
    """Sphinx's ePub 3 builder with accessibility metadata, a cover and reproducible bytes."""

    name = "epub"
    default_translator_class = CitationListMarkup

    def copy_static_files(self) -> None:
        super().copy_static_files()
        settings = get_config(self.config)
        draw_cover(
            Path(self.outdir, COVER_IMAGE),
            title=self.config.epub_title,
            subtitle=settings.subtitle,
            author=self.config.epub_author,
        )

    def build_content(self) -> None:
        # Sphinx lists a cover page left over from the previous build as an extra, unlinked
        # non-linear spine item (EPUBCheck OPF-096, RSC-005); it is regenerated right after.
        Path(self.outdir, self.coverpage_name).unlink(missing_ok=True)
        super().build_content()
        opf = Path(self.outdir, "content.opf")
        lines = "".join(
            f'\n    <meta property="{prop}">{escape(value)}</meta>'
            for prop, value in ACCESSIBILITY_METADATA
        )
        text = opf.read_text(encoding="utf-8")
        opf.write_text(text.replace("\n  </metadata>", lines + "\n  </metadata>", 1), "utf-8")

    def build_toc(self) -> None:
        super().build_toc()
        # Sphinx writes the XML id of the identifier (epub_uid) where EPUBCheck (NCX-001)
        # expects the identifier itself (epub_identifier).
        ncx = Path(self.outdir, "toc.ncx")
        uid_meta = f'<meta name="dtb:uid" content="{escape(self.config.epub_uid)}"/>'
        identifier = escape(self.config.epub_identifier, {'"': "&quot;"})
        fixed = f'<meta name="dtb:uid" content="{identifier}"/>'
        ncx.write_text(ncx.read_text("utf-8").replace(uid_meta, fixed, 1), "utf-8")

    def build_epub(self) -> None:
        """Write the zip with fixed entry times so that equal sources give equal bytes."""
        date_time = zip_date_time()
        file_name = self.config.epub_basename + ".epub"
        names = ["mimetype", "META-INF/container.xml", "content.opf", "toc.ncx", *self.files]
        with ZipFile(Path(self.outdir, file_name), "w") as epub:
            for name in names:
                info = ZipInfo(name, date_time=date_time)
                info.compress_type = ZIP_STORED if name == "mimetype" else ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                epub.writestr(info, Path(self.outdir, name).read_bytes())
        record_output_name(Path(self.outdir), file_name)


def configure_epub(app: Sphinx, config: Config) -> None:
    """Name the ePub like the PDF, and use the generated cover unless the book brings its own."""
    config.epub_basename = get_config(config).basename
    # epub_uid is only the XML id of the identifier element: a fixed, valid one spares authors
    # the rule that it must not contain a colon.
    config.epub_uid = "book-id"
    # Not part of the book: the note that tells the publisher which file to publish, and the
    # backup Sphinx keeps of its build info after a configuration change.
    config.epub_exclude_files = [*config.epub_exclude_files, OUTPUT_NAME_FILE, ".buildinfo.bak"]
    if not config.epub_cover:
        config.epub_cover = (COVER_IMAGE, "epub-cover.html")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ePub builder in place of Sphinx's own."""
    app.add_builder(CourseEpubBuilder, override=True)
    app.connect("config-inited", configure_epub, priority=600)  # after validation
    return {"parallel_read_safe": True, "parallel_write_safe": True}
