"""The ePub 3 edition: Sphinx's ePub builder plus what EPUBCheck and readers need.

Sphinx's builder is close; this subclass adds what a publisher would ship:

* EPUB Accessibility 1.1 metadata (``schema:accessMode`` and friends) in ``content.opf``, stated
  from what the book contains (:mod:`coursebook.editions.accessibility`), and no placeholder
  ("unknown") contributor or description;
* a cover: the book's own image (``coursebook_cover_image``, :mod:`coursebook.editions.cover_image`)
  or one drawn from its title, subtitle and author (:mod:`coursebook.editions.cover`), marked as
  the EPUB 3 cover image and named for readers who cannot see it;
* a navigation document with the book's parts, chapters, sections, pages, index and landmarks
  (:mod:`coursebook.editions.navigation`), and the same outline in ``toc.ncx``;
* an index of the book's index entries (glossary terms, ``index`` directives) when it has any;
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
from sphinx.environment.adapters.indexentries import IndexEntries
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

from ..config import get_config
from ..licence import rights
from ..locale import _
from . import accessibility, navigation
from .accessibility import accessibility_metadata, survey
from .cover import draw_cover
from .cover_image import copied_name, copy_cover_image, cover_alt
from .epub_css import resolve_stylesheets
from .epub_manifest import Documents, linked_stylesheets, remove_unreferenced
from .epub_markup import EpubMarkup, ReflowableLayout
from .navigation import (
    Entry,
    Landmark,
    Outline,
    landmarks,
    landmarks_nav,
    navigation_document,
    ncx_document,
    page_list_nav,
    toc_nav,
)
from .page_list import USED as MARKERS_USED
from .page_list import (
    documents_with_moved_markers,
    index_page_markers,
    load_page_starts,
    page_targets,
    pagination_metadata,
    remember_markers,
)
from .publish import OUTPUT_NAME_FILE, record_output_name
from .reproducible import zip_date_time

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

GENERATED_COVER = "_static/cover.png"
INDEX_FILE = "genindex.xhtml"
TEMPLATES = Path(__file__).parent / "templates"
INDEX_TEMPLATES = TEMPLATES / "epub-index"
COVER_TEMPLATE = "coursebook-epub-cover.html"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
PLACEHOLDER = "unknown"
"""What Sphinx writes for an ePub setting the book left unset."""


def complete_opf(opf: Path, metadata: list[tuple[str, str]], unset: list[str]) -> None:
    """Add ``metadata`` to the package document, drop the ``unset`` Dublin Core elements (names
    such as ``"contributor"``), mark the cover image and put the navigation document in the
    spine."""
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
    # The landmarks link to the contents (nav.xhtml#toc), and EPUBCheck (RSC-011) accepts links
    # only to spine items: the navigation document joins the spine, out of the reading order.
    spine = package.find(f"{OPF}spine")
    assert spine is not None
    if not any(ref.get("idref") == "nav" for ref in spine):
        spine[-1].tail = spine[-2].tail if len(spine) > 1 else spine[-1].tail
        etree.SubElement(spine, f"{OPF}itemref", idref="nav", linear="no").tail = "\n  "
    # EPUB 2 readers' "contents" guide entry pointed at the root page, not the contents.
    for reference in package.iterfind(f"{OPF}guide/{OPF}reference[@type='toc']"):
        reference.set("href", "nav.xhtml")
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
            # The index page with the print pages' markers, for this builder only: first in
            # the search, and counted with the book's own folders so that its
            # ``extends "!genindex.html"`` finds the theme's page.
            self.templates.loaders.insert(0, SphinxFileSystemLoader(str(INDEX_TEMPLATES)))
            self.templates.templatepathlen += 1

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
        conformance = get_config(self.config).accessibility_conformance
        metadata = accessibility_metadata(survey(self), conformance)
        metadata += pagination_metadata(self.page_starts)
        complete_opf(Path(self.outdir, "content.opf"), metadata, unset)

    def prepare_writing(self, docnames: Any) -> None:
        # The index is a page of the ePub when the book has index entries (glossary terms,
        # ``index`` directives) and the book did not turn it off: an empty index page would be
        # a landmark to nothing, and accessibilityFeature "index" a claim about nothing.
        if self.use_index:
            self.use_index = bool(IndexEntries(self.env).create_index(self))
        super().prepare_writing(docnames)

    def outline(self) -> list[Entry]:
        """The table of contents: the root page, the parts with their pages, the index."""
        entries = Outline(
            self.env,
            self.tags,
            suffix=self.out_suffix,
            depth=self.config.epub_tocdepth,
            fragment=lambda anchor: self.fix_fragment("", anchor),
            include_hidden=self.config.epub_tocscope == "includehidden",
        ).entries(self.config.root_doc)
        if self.use_index:
            entries.append(Entry(str(_("Index")), INDEX_FILE))
        return entries

    def landmarks(self, outline: list[Entry]) -> list[Landmark]:
        """The landmarks this book has, found from its doctrees, never from file names."""
        labels = {
            "cover": self.guide_titles["cover"],
            "toc": self.guide_titles["toc"],
            "bodymatter": str(_("Start of the book")),
            "glossary": str(_("Glossary")),
            "bibliography": str(_("Bibliography")),
            "index": str(_("Index")),
        }
        cover_page = self.config.epub_cover and self.config.epub_cover[1]
        return landmarks(
            outline,
            navigation.noted_spots(self.env),
            suffix=self.out_suffix,
            root=self.config.root_doc,
            cover=self.coverpage_name if cover_page else "",
            labels=labels,
            index=INDEX_FILE if self.use_index else "",
            fragment=lambda anchor: self.fix_fragment("", anchor),
        )

    def navigation_navs(self, outline: list[Entry]) -> list[etree._Element]:
        """The ``<nav>`` elements of ``nav.xhtml``, in order: the table of contents first (a
        reading system shows the first ``toc`` nav), then the landmarks. A page list is one more
        element here."""
        navs = [
            toc_nav(outline, self.guide_titles["toc"]),
            landmarks_nav(self.landmarks(outline), str(_("Landmarks"))),
        ]
        if self.page_starts is not None:  # the print edition's pages (page_list)
            navs.append(
                page_list_nav(page_targets(self.page_starts, self.out_suffix), str(_("Pages")))
            )
        return navs

    def build_navigation_doc(self) -> None:
        """Write ``nav.xhtml`` from the book's outline (Sphinx's has no parts nor landmarks)."""
        document = navigation_document(
            self.config.epub_language,
            self.guide_titles["toc"],
            self.navigation_navs(self.outline()),
        )
        Path(self.outdir, "nav.xhtml").write_bytes(document)
        if "nav.xhtml" not in self.files:
            self.files.append("nav.xhtml")
        remember_markers(self, self.page_starts)

    def build_toc(self) -> None:
        """Write ``toc.ncx`` from the same outline as ``nav.xhtml``.

        Its ``dtb:uid`` is the identifier itself (``epub_identifier``), which EPUBCheck (NCX-001)
        compares with the package's, not Sphinx's XML id of it (``epub_uid``).
        """
        document = ncx_document(self.config.epub_identifier, self.config.epub_title, self.outline())
        Path(self.outdir, "toc.ncx").write_bytes(document)

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
    # A chapter and its sections: a reader looks for a chapter, a section or an exercise, not
    # for each exercise page's "Steps" (Sphinx's 3 listed them all: 280 entries on the course).
    if "epub_tocdepth" not in config._raw_config and "epub_tocdepth" not in config._overrides:
        config.epub_tocdepth = 2
    # A licence such as CC BY-SA asks that every copy name it: the ePub's rights do.
    if settings.licence and config.epub_copyright == config.copyright:
        config.epub_copyright = rights(config)
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


def mark_the_index_pages(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The print pages of the PDF's index, marked on the ePub's index page (page_list)."""
    if isinstance(app.builder, CourseEpubBuilder) and pagename == "genindex":
        letters = [letter for letter, _entries in context.get("genindexentries", [])]
        context["cb_page_markers"] = index_page_markers(app.builder.page_starts, letters)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ePub builder in place of Sphinx's own."""
    app.add_builder(CourseEpubBuilder, override=True)
    app.connect("config-inited", configure_epub, priority=600)  # after validation
    app.connect("html-page-context", name_the_cover)
    app.connect("html-page-context", mark_the_index_pages)
    accessibility.setup(app)
    navigation.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
