"""The ePub 3 edition: Sphinx's ePub builder plus what EPUBCheck and readers need.

Sphinx's builder is close; this subclass adds what a publisher would ship:

* EPUB Accessibility 1.1 metadata (``schema:accessMode`` and friends) in ``content.opf``, stated
  from what the book contains (:mod:`coursebook.editions.accessibility`), and no placeholder
  ("unknown") contributor or description;
* a cover: the book's own image (``coursebook_cover_image``, :mod:`coursebook.editions.cover_image`)
  or one drawn from its title, subtitle and author (:mod:`coursebook.editions.cover`), marked as
  the EPUB 3 cover image and named for readers who cannot see it;
* its reading system labels ("Table of Contents", "Cover") in the book's language;
* citations without the deprecated ``doc-biblioentry`` role (:mod:`coursebook.web.markup`),
  pop-up footnotes, back links after the text, one viewport per document
  (:mod:`coursebook.editions.epub_markup`);
* every document in the book's language (``lang`` and ``xml:lang``);
* stylesheets without CSS custom properties (:mod:`coursebook.editions.epub_css`) and a
  manifest of only the files the documents use (:mod:`coursebook.editions.epub_manifest`);
* a reproducible zip: fixed entry times from ``SOURCE_DATE_EPOCH``, ``mimetype`` first and stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZIP_STORED, ZipFile, ZipInfo

from lxml import etree
from sphinx.builders.epub3 import HTML_TAG, Epub3Builder
from sphinx.jinja2glue import BuiltinTemplateLoader

from ..config import get_config
from ..locale import _
from . import accessibility
from .accessibility import accessibility_metadata, survey
from .cover import draw_cover
from .cover_image import copied_name, copy_cover_image, cover_alt
from .epub_css import resolve_stylesheets
from .epub_manifest import Documents, linked_stylesheets, remove_unreferenced
from .epub_markup import EpubMarkup, ReflowableLayout
from .page_list import USED as MARKERS_USED
from .page_list import (
    add_page_list,
    documents_with_moved_markers,
    load_page_starts,
    pagination_metadata,
    remember_markers,
)
from .publish import OUTPUT_NAME_FILE, record_output_name
from .reproducible import zip_date_time

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

GENERATED_COVER = "_static/cover.png"
TEMPLATES = Path(__file__).parent / "templates"
COVER_TEMPLATE = "coursebook-epub-cover.html"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
PLACEHOLDER = "unknown"
"""What Sphinx writes for an ePub setting the book left unset."""


def complete_opf(opf: Path, metadata: list[tuple[str, str]], unset: list[str]) -> None:
    """Add ``metadata`` to the package document, drop the ``unset`` Dublin Core elements (names
    such as ``"contributor"``) and mark the cover image."""
    tree = etree.parse(str(opf))
    package = tree.getroot()
    meta = package.find(f"{OPF}metadata")
    assert meta is not None  # Sphinx's template always writes it
    for element in list(meta):
        if element.tag in {f"{DC}{name}" for name in unset}:
            meta.remove(element)
    # Sphinx indents each child on its own line; the new ones follow suit.
    child_indent, closing_indent = meta.text or "", meta[-1].tail or ""
    # Sphinx's template declares an unused ``opf:`` prefix, which new elements would take.
    etree.cleanup_namespaces(tree)
    for prop, value in metadata:
        meta[-1].tail = child_indent
        etree.SubElement(meta, f"{OPF}meta", property=prop).text = value
    meta[-1].tail = closing_indent
    # EPUB 3 names its cover with a manifest property; Sphinx writes only the EPUB 2 <meta>.
    cover = meta.find(f"{OPF}meta[@name='cover']")
    if cover is not None:
        for item in package.iterfind(f"{OPF}manifest/{OPF}item[@id='{cover.get('content')}']"):
            item.set("properties", "cover-image")
    tree.write(str(opf), xml_declaration=True, encoding="UTF-8")


class CourseEpubBuilder(Epub3Builder):
    """Sphinx's ePub 3 builder with accessibility metadata, a cover and reproducible bytes."""

    name = "epub"
    default_translator_class = EpubMarkup

    def init(self) -> None:
        super().init()
        # Where the PDF's pages begin (page_list), for the markers and the nav's page list.
        self.page_starts = load_page_starts(Path(self.outdir))
        # Sphinx's ePub documents name no language (DAISY Ace: html-has-lang, serious); a screen
        # reader would read them in its own. XHTML takes it twice: lang and xml:lang.
        language = escape(self.config.epub_language, {'"': "&quot;"})
        self.html_tag = f'{HTML_TAG[:-1]} lang="{language}" xml:lang="{language}">'
        # Sphinx writes these as they are; the nav document shows "Table of Contents" as its title.
        self.guide_titles = {"toc": str(_("Table of Contents")), "cover": str(_("Cover"))}

    def init_templates(self) -> None:
        super().init_templates()
        if isinstance(self.templates, BuiltinTemplateLoader):
            self.templates.environment.add_extension(ReflowableLayout)

    def copy_static_files(self) -> None:
        super().copy_static_files()
        settings = get_config(self.config)
        own = copy_cover_image(Path(self.srcdir), settings.cover_image, Path(self.outdir))
        generated = Path(self.outdir, GENERATED_COVER)
        if own:
            generated.unlink(missing_ok=True)
        else:
            draw_cover(
                generated,
                title=self.config.epub_title,
                subtitle=settings.subtitle,
                author=self.config.epub_author,
            )

    def get_outdated_docs(self) -> Iterator[str]:
        outdated = set(super().get_outdated_docs())
        yield from sorted(outdated)
        # A document whose print pages moved (an edit elsewhere in the book) is written again.
        yield from (
            d for d in documents_with_moved_markers(self, self.page_starts) if d not in outdated
        )

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        if self.page_starts is not None:
            add_page_list(Path(self.outdir, "nav.xhtml"), self.page_starts, self.out_suffix)
        remember_markers(self, self.page_starts)

    def build_content(self) -> None:
        # Sphinx lists a cover page left over from the previous build as an extra, unlinked
        # non-linear spine item (EPUBCheck OPF-096, RSC-005); it is regenerated right after.
        Path(self.outdir, self.coverpage_name).unlink(missing_ok=True)
        # Files the theme copies that no document uses (basic.css, the search page's icons)
        # would be listed in the manifest and shipped; the cover image is used by the cover page
        # Sphinx writes next.
        # Every page is written by now: the stylesheets are resolved in the order the pages
        # link them (the cascade) and keep the rules that apply to them. (The cover page is
        # written below and left out, so that a clean and an incremental build agree; no rule
        # is its own.)
        outdir = Path(self.outdir)
        pages = [f"{name}{self.out_suffix}" for name in sorted(self.env.found_docs)]
        root_document = f"{self.config.root_doc}{self.out_suffix}"
        linked = [outdir / name for name in linked_stylesheets(outdir, root_document)]
        others = sorted(set(outdir.glob("_static/**/*.css")) - set(linked))
        stylesheets = [path for path in [*linked, *others] if path.is_file()]
        resolve_stylesheets(stylesheets, Documents(outdir, pages).match)
        cover = [self.config.epub_cover[0]] if self.config.epub_cover else []
        remove_unreferenced(Path(self.outdir), keep=cover, suffixes=set(self.media_types))
        super().build_content()
        # Sphinx writes its placeholder for these when the book leaves them unset (and warns if
        # they are empty), so a reader would see "unknown" as the book's contributor.
        unset = [
            name
            for name in ("contributor", "description")
            if self.config[f"epub_{name}"] == PLACEHOLDER
        ]
        metadata = accessibility_metadata(survey(self)) + pagination_metadata(self.page_starts)
        complete_opf(Path(self.outdir, "content.opf"), metadata, unset)

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
    """Name the ePub like the PDF; take its cover and description from the coursebook settings."""
    settings = get_config(config)
    config.epub_basename = settings.basename
    # epub_uid is only the XML id of the identifier element: a fixed, valid one spares authors
    # the rule that it must not contain a colon.
    config.epub_uid = "book-id"
    # Not part of the book: the note that tells the publisher which file to publish, and the
    # backup Sphinx keeps of its build info after a configuration change.
    config.epub_exclude_files = [
        *config.epub_exclude_files,
        OUTPUT_NAME_FILE,
        ".buildinfo.bak",
        MARKERS_USED,
    ]
    # A course hides its toctrees on the website (the sidebar lists the chapters), and Sphinx
    # leaves hidden toctrees out of the ePub's navigation: readers got a one-entry table of
    # contents. Unless the book chose a scope, the navigation lists every page.
    if "epub_tocscope" not in config._raw_config and "epub_tocscope" not in config._overrides:
        config.epub_tocscope = "includehidden"
    if config.epub_description == PLACEHOLDER and settings.subtitle:
        config.epub_description = settings.subtitle
    if not config.epub_cover:
        config.epub_cover = (copied_name(settings.cover_image) or GENERATED_COVER, COVER_TEMPLATE)
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def name_the_cover(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the cover page's image its text alternative, in the book's language."""
    if templatename == COVER_TEMPLATE:
        context["cover_alt"] = cover_alt(app.config.epub_title)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ePub builder in place of Sphinx's own."""
    app.add_builder(CourseEpubBuilder, override=True)
    app.connect("config-inited", configure_epub, priority=600)  # after validation
    app.connect("html-page-context", name_the_cover)
    accessibility.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
