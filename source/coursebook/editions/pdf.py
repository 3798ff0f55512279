"""The PDF edition: Sphinx's single-page HTML, laid out for paper and typeset by WeasyPrint.

One builder, ``pdf``, does the whole step. It renders the book as one HTML page with the plain
``coursebook_print`` theme (the web theme's CSS makes WeasyPrint pathologically slow, see
TOOLCHAIN.md), repairs the page for print (:mod:`coursebook.editions.single_page`), then asks
WeasyPrint for a tagged PDF/UA-1 file styled by ``coursebook-print.css``. Only the book's own files
are read: the URL fetcher refuses anything but local files.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.locale import __
from sphinx.util import logging as sphinx_logging
from sphinx.writers.html5 import HTML5Translator

from ..config import PAPER_SIZES, get_config
from ..locale import _
from ..warnings_ import CoursebookWarning, warn
from .cover_image import copied_name, copy_cover_image, cover_alt
from .publish import record_output_name
from .reproducible import build_datetime
from .single_page import DOC_MARKER, prepare_for_print

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = sphinx_logging.getLogger(__name__)

PRINT_THEME = "coursebook_print"
THEME_DIR = Path(__file__).parent / "themes" / "print"


class PrintTranslator(HTML5Translator):
    """HTML5 translator for the single page: one wrapper per document, figures numbered per doc."""

    def visit_start_of_file(self, node: nodes.Element) -> None:
        # Sphinx writes an empty <span id="document-x"> here. A wrapper around the whole document
        # (its sections *and* its footnotes, which follow them) lets the print step know which
        # document every id and link belongs to, and start each chapter on a new page.
        docname = node["docname"]
        self.docnames.append(docname)
        name = escape(docname)
        self.body.append(f'<div class="cb-chapter" data-doc="{name}" id="{DOC_MARKER}{name}">')

    def depart_start_of_file(self, node: nodes.Element) -> None:
        self.body.append("</div>")
        self.docnames.pop()

    def add_fignumber(self, node: nodes.Element) -> None:
        # Sphinx keys figure numbers by document only when the builder is *named* singlehtml.
        figtype = self._domains.standard_domain.get_enumerable_node_type(node)
        if not figtype or not node["ids"]:
            super().add_fignumber(node)
            return
        numbers = self.builder.fignumbers.get(f"{self.docnames[-1]}/{figtype}", {})
        number = numbers.get(node["ids"][0])
        prefix = self.config.numfig_format.get(figtype)
        if number is not None and prefix is not None:
            label = prefix % ".".join(map(str, number))
            self.body.append(f'<span class="caption-number">{label} </span>')


def print_labels(title: str, release: str, build_date: str) -> dict[str, str]:
    """The words the print layout adds around the book's own, in the book's language."""
    return {
        "cover": str(_("Cover")),
        "cover_alt": cover_alt(title),
        "title_page": str(_("Title page")),
        "contents": str(_("Contents")),
        "edition": str(_("Edition %(release)s · %(date)s"))
        % {"release": release, "date": build_date},
    }


class _WarningCollector(logging.Handler):
    """Collects WeasyPrint's warnings so they fail the build like Sphinx's own."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build_has_warnings(app: Sphinx) -> bool:
    # Sphinx exposes no public count; with -W a warning already decided the exit status, and a
    # PDF made from a broken book would only be thrown away, so do not spend seconds on it.
    return bool(getattr(app, "_fail_on_warnings", False) and getattr(app, "_warncount", 0))


class PdfBuilder(SingleFileHTMLBuilder):
    """Build the book as one HTML page, then typeset it to ``<basename>.pdf``."""

    name = "pdf"
    epilog = __("The PDF file is in %(outdir)s.")
    default_translator_class = PrintTranslator
    search = False

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        return PRINT_THEME, {}

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        context = super().get_doc_context(docname, body, metatags)
        settings = get_config(self.config)
        build_date = build_datetime().strftime("%Y-%m-%d")
        context.update(
            author=self.config.author,
            subtitle=settings.subtitle,
            build_date=build_date,
            running_head=settings.short_title or self.config.project,
            cover_image=copied_name(settings.cover_image),
            labels=print_labels(self.config.project, self.config.release, build_date),
        )
        return context

    def copy_static_files(self) -> None:
        super().copy_static_files()
        copy_cover_image(Path(self.srcdir), get_config(self.config).cover_image, Path(self.outdir))

    def write_pdf(self) -> None:
        """Typeset ``index.html`` to the PDF, failing on any dead link or WeasyPrint warning."""
        # Deferred: WeasyPrint loads Pango and fonts, which the other builders never need.
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher

        settings = get_config(self.config)
        pdf_path = Path(self.outdir, settings.basename + ".pdf")
        page_path = Path(self.outdir, self.config.root_doc + self.out_suffix)
        page = prepare_for_print(page_path.read_text("utf-8"), self.config.root_doc)
        for href in page.dead_links:
            warn(logger, CoursebookWarning.PDF, __("link to %s has no target in the PDF"), href)
        print_page = page_path.with_name("print.html")
        print_page.write_text(page.html, "utf-8")

        collector = _WarningCollector()
        weasy_logger = logging.getLogger("weasyprint")
        weasy_logger.addHandler(collector)
        try:
            document = HTML(
                filename=str(print_page),
                url_fetcher=URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=True),
            )
            tmp = pdf_path.with_suffix(".pdf.tmp")
            document.write_pdf(
                tmp,
                stylesheets=[CSS(string=f"@page {{ size: {PAPER_SIZES[settings.paper]}; }}")],
                pdf_variant="pdf/ua-1",
                pdf_identifier=settings.basename.encode(),
                optimize_images=True,
            )
            tmp.replace(pdf_path)
            record_output_name(Path(self.outdir), pdf_path.name)
        finally:
            weasy_logger.removeHandler(collector)
        for message in collector.messages:
            warn(logger, CoursebookWarning.PDF, "WeasyPrint: %s", message)
        logger.info(__("PDF written to %s"), pdf_path)


def typeset_when_clean(app: Sphinx, exception: Exception | None) -> None:
    """Once the single page is written, typeset it, unless the build already failed."""
    if not isinstance(app.builder, PdfBuilder) or exception is not None:
        return
    if _build_has_warnings(app):
        logger.info(__("not writing the PDF: the build had warnings"))
        return
    app.builder.write_pdf()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``pdf`` builder and its print theme."""
    app.add_html_theme(PRINT_THEME, str(THEME_DIR))
    app.add_builder(PdfBuilder)
    app.connect("build-finished", typeset_when_clean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
