"""The PDF edition: each document written as Typst, then typeset by Typst into a tagged PDF/UA-1.

Sphinx reads the book as for every edition; this builder writes one ``.typ`` file per document
(only those that changed, on an incremental build) and a small ``book.typ`` that sets the cover,
title page and contents and includes the root document. Toctrees become ``#include`` lines
where they stood, so the reading order is the website's. Typst then lays out the whole book in
well under a second (README, Performance), in this process, reading only the work folder: the
images, the fonts and ``coursebook.typ`` (the print stylesheet) are copied there first. A large
book is laid out in parts instead, in child processes, and joined (:mod:`.in_parts`), so that
memory stays bounded and an edit lays out only its part again.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from babel.dates import format_date
from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.osutil import _last_modified_time

from ...config import get_config
from ...locale import _
from ...warnings_ import CoursebookWarning, warn
from ..cover import TITLE_LINE_CHARS as COVER_LINE_CHARS
from ..cover_image import copy_cover_image, cover_alt
from ..fonts import find_font
from ..page_marks import MAP_LABEL, Mark, marks_from_typst, write_page_map
from ..publish import record_output_name
from ..reproducible import build_datetime, source_date_epoch
from ..title_lines import title_lines
from .book_index import index_call
from .compile_part import diagnostic
from .front_matter import TITLE_LINE_CHARS, imprint_entries, publisher, typst_array
from .in_parts import Settings, typeset_in_parts
from .markup import string
from .page_column import PrintedExerciseIndex
from .part_sources import PAGE_MAP_BLOCK
from .translator import TypstTranslator, include_documents

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

TEMPLATE = Path(__file__).with_name("coursebook.typ")
MAIN = "book.typ"
RECORDS = ".coursebook-typst.json"
"""Per document: its heading offset, the labels it defines and the links it makes."""
FONTS = (
    ("NotoSerif-Regular.ttf",),
    ("NotoSerif-Bold.ttf",),
    ("NotoSerif-Italic.ttf",),
    ("NotoSerif-BoldItalic.ttf",),
    ("NotoSans-Regular.ttf",),
    ("NotoSans-Bold.ttf",),
    ("NotoSans-Italic.ttf",),
    ("NotoSansSymbols2-Regular.ttf",),
    ("DejaVuSans.ttf",),
    ("DejaVuSans-Bold.ttf",),
    ("DejaVuSansMono.ttf",),
)
"""The fonts the PDF may use: given to Typst one by one, so no other installed font can change
the output (and Typst need not scan every font on the machine)."""
WHOLE_SOURCE_BYTES = 700_000
"""With ``coursebook_pdf_layout = "auto"``, the most Typst source laid out in one compile, in the
Sphinx process. A whole `coursebook build pdf` peaked at 219 MB for the course (221 KB of
source), 357 MB with its chapters four times (497 KB), 400–448 MB five times (610 KB), 641 MB ten
times (1.1 MB); in parts it takes 20–30 % more time (README, Performance). Up to this size one
compile is the faster way and stays under about 500 MB; above it, the book is laid out in parts."""


class PdfBuilder(Builder):
    """Write the book as Typst and typeset it to ``<basename>.pdf``."""

    name = "pdf"
    format = "pdf"
    epilog = __("The PDF file is in %(outdir)s.")
    out_suffix = ".typ"
    allow_parallel = False  # the records of labels and links are kept in this process
    default_translator_class = TypstTranslator
    supported_image_types: ClassVar[list[str]] = [
        "image/svg+xml",
        "image/png",
        "image/jpeg",
        "image/gif",
    ]
    supported_remote_images = False

    def init(self) -> None:
        self.heading_offsets: dict[str, int] = {}
        self.fignumbers: dict[str, dict[str, dict[str, tuple[int, ...]]]] = {}
        self.current_docname = ""
        self.records: dict[str, dict[str, Any]] = self._load_records()

    def _load_records(self) -> dict[str, dict[str, Any]]:
        try:
            records = json.loads(Path(self.outdir, RECORDS).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return records if isinstance(records, dict) else {}

    # -- what to write -------------------------------------------------------------------------

    def _offsets(self) -> dict[str, int]:
        """Each document's heading offset: the root's title is the book's (level 0, not set as
        a heading), the documents its toctrees include start at level 1, and so on down."""
        offsets = {self.config.root_doc: -1}
        queue = [self.config.root_doc]
        while queue:
            parent = queue.pop(0)
            for child in self.env.toctree_includes.get(parent, []):
                if child not in offsets:
                    offsets[child] = offsets[parent] + 1
                    queue.append(child)
        return offsets

    def get_outdated_docs(self) -> Iterator[str]:
        offsets = self._offsets()
        for docname in self.env.found_docs:
            record = self.records.get(docname)
            if docname not in self.env.all_docs or record is None:
                yield docname
                continue
            if record.get("offset") != offsets.get(docname, 0):
                yield docname  # moved in the toctree: its headings change level
                continue
            try:
                written = _last_modified_time(Path(self.outdir, docname + self.out_suffix))
                if _last_modified_time(self.env.doc2path(docname)) > written:
                    yield docname
            except OSError:
                yield docname

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        self.heading_offsets = self._offsets()
        self.fignumbers = self.env.toc_fignumbers

    # -- writing one document -------------------------------------------------------------------

    def write_doc_serialized(self, docname: str, doctree: nodes.document) -> None:
        self.post_process_images(doctree)

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        self.current_docname = docname
        translator = self.create_translator(doctree, self)
        assert isinstance(translator, TypstTranslator)
        doctree.walkabout(translator)
        target = Path(self.outdir, docname + self.out_suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(translator.body), "utf-8")
        self.records[docname] = {
            "offset": self.heading_offsets.get(docname, 0),
            "labels": sorted(translator.labels),
            "links": translator.links,
            "mark_bytes": translator.mark_bytes,
        }

    # -- the book ----------------------------------------------------------------------------

    def finish(self) -> None:
        self.records = {d: r for d, r in self.records.items() if d in self.env.found_docs}
        Path(self.outdir, RECORDS).write_text(json.dumps(self.records, sort_keys=True), "utf-8")
        self._copy_images()
        self._copy_fonts()
        shutil.copyfile(TEMPLATE, Path(self.outdir, TEMPLATE.name))
        Path(self.outdir, MAIN).write_text(self._main(), "utf-8")

    def _copy_images(self) -> None:
        images = Path(self.outdir, "_images")
        images.mkdir(exist_ok=True)
        for source, name in self.images.items():
            target = images / name
            data = Path(self.srcdir, source).read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                target.write_bytes(data)

    def _copy_fonts(self) -> None:
        fonts = Path(self.outdir, "_fonts")
        fonts.mkdir(exist_ok=True)
        for names in FONTS:
            source = find_font(*names)
            target = fonts / source.name
            if not target.is_file():
                shutil.copyfile(source, target)

    def _main(self) -> str:
        root = self.config.root_doc
        return (
            '#import "/coursebook.typ": *\n'
            f"#show: book.with(\n  {self._book_options()},\n)\n"
            f"#include {string('/' + root + self.out_suffix)}\n" + self._index() + PAGE_MAP_BLOCK
        )

    def _index(self) -> str:
        """The back-of-book index, last in the book (laid out whole only: README, PDF)."""
        defined = {name for record in self.records.values() for name in record["labels"]}
        return index_call(self, str(_("Index")), defined)

    def _book_options(self) -> str:
        """The arguments of ``book.with(...)``: the same for the whole book and for its parts."""
        settings = get_config(self.config)
        cover = copy_cover_image(Path(self.srcdir), settings.cover_image, Path(self.outdir))
        # As a book dates its edition ("1 January 2026", "1 janvier 2026"), not as software does.
        language = (self.config.language or "en").replace("-", "_")
        date = format_date(build_datetime().date(), format="long", locale=language)
        labels = {
            "contents": str(_("Contents")),
            "edition": str(_("Edition %(release)s · %(date)s"))
            % {"release": self.config.release, "date": date},
        }
        imprint = imprint_entries(self.config, labels["edition"])
        arguments = {
            "title": string(self.config.project),
            "subtitle": string(settings.subtitle),
            "author": string(self.config.author),
            "short-title": string(settings.short_title or self.config.project),
            "language": string((self.config.language or "en").split("_")[0]),
            "paper": string({"a4": "a4", "letter": "us-letter"}[settings.paper]),
            "cover": string("/" + cover) if cover else "none",
            "cover-alt": string(cover_alt(self.config.project)),
            "title-lines": typst_array(title_lines(self.config.project, TITLE_LINE_CHARS)),
            "cover-title-lines": typst_array(title_lines(self.config.project, COVER_LINE_CHARS)),
            "publisher": string(publisher(self.config)),
            "imprint": "("
            + ", ".join(
                f"{k}: {typst_array(v) if isinstance(v, list) else string(v)}"
                for k, v in imprint.items()
            )
            + ")",
            "labels": "(" + ", ".join(f"{k}: {string(v)}" for k, v in labels.items()) + ")",
        }
        return ",\n  ".join(f"{key}: {value}" for key, value in arguments.items())

    def dead_links(self) -> list[tuple[str, str]]:
        """Links whose target no document of the book defines: (target, where)."""
        defined = {name for record in self.records.values() for name in record["labels"]}
        return [
            (target, where)
            for record in self.records.values()
            for target, where in record["links"]
            if target not in defined
        ]

    def typeset(self) -> None:
        """Lay out the book as the PDF, whole or in parts (``coursebook_pdf_layout``); Typst's
        warnings fail the build like Sphinx's own."""
        dead = self.dead_links()
        for target, where in dead:
            warn(
                logger,
                CoursebookWarning.PDF,
                "link to %s has no target in the PDF",
                target,
                hint="link to a chapter or a label of the book",
                location=where or None,
            )
        settings = get_config(self.config)
        pdf_path = Path(self.outdir, settings.basename + ".pdf")
        tmp = pdf_path.with_suffix(".pdf.tmp")
        epoch = source_date_epoch()
        timestamp = int(epoch if epoch is not None else build_datetime().timestamp())
        dead_targets = sorted({t for t, _w in dead})
        if self._in_parts(settings.pdf_layout):
            written = self._typeset_parts(tmp, timestamp, dead_targets)
        else:
            written = self._typeset_whole(tmp, timestamp, dead_targets)
        if not written:
            tmp.unlink(missing_ok=True)
            return
        tmp.replace(pdf_path)
        record_output_name(Path(self.outdir), pdf_path.name)
        logger.info(__("PDF written to %s"), pdf_path)

    def _in_parts(self, layout: str) -> bool:
        """Whether to lay the book out in parts: asked for, or 'auto' and the book is large."""
        if layout != "auto":
            return layout == "parts"
        size = 0
        for docname, record in self.records.items():
            written = Path(self.outdir, docname + self.out_suffix)
            if written.is_file():
                # The page marks (page_marks) are invisible: they add bytes, not layout.
                size += written.stat().st_size - int(record.get("mark_bytes", 0))
        return size > WHOLE_SOURCE_BYTES

    def _typeset_whole(self, tmp: Path, timestamp: int, dead: list[str]) -> bool:
        """The book in one compile, in this process (the fastest way for a course)."""
        import typst  # deferred: only this edition needs the compiler

        compiler = typst.Compiler(
            root=str(self.outdir),
            font_paths=[str(Path(self.outdir, "_fonts"))],
            ignore_system_fonts=True,
            sys_inputs={"dead-links": "\n".join(dead)},
        )
        try:
            _, warnings = compiler.compile_with_warnings(
                input=str(Path(self.outdir, MAIN)),
                output=str(tmp),
                pdf_standards=["ua-1"],
                timestamp=timestamp,
            )
            found = json.loads(compiler.query(f"<{MAP_LABEL}>", field="value", one=True))
        except typst.TypstError as error:
            self._report(diagnostic(error))
            return False
        for warning in warnings:
            self._report(diagnostic(warning))
        self._record_pages(marks_from_typst(found))
        return True

    def _typeset_parts(self, tmp: Path, timestamp: int, dead: list[str]) -> bool:
        """The book in parts, each compiled in a child process, then joined (:mod:`.in_parts`)."""
        report = typeset_in_parts(
            Settings(
                work=Path(self.outdir),
                options=self._book_options(),
                root_doc=self.config.root_doc,
                records=self.records,
                dead_links=dead,
                timestamp=timestamp,
            ),
            tmp,
        )
        for message in [*report.warnings, *report.errors]:
            self._report(message)
        if not report.errors:
            self._record_pages(report.marks)
        logger.info(
            __("PDF parts: %d laid out (%s), %d reused; largest child process %d MB"),
            len(report.compiled),
            ", ".join(report.compiled) or "none",
            len(report.reused),
            max(report.peak_mb.values(), default=0),
        )
        return not report.errors

    def _record_pages(self, marks: list[Mark]) -> None:
        """Keep where each paragraph landed, for the ePub's page list (:mod:`..page_marks`)."""
        paper = {"a4": "A4", "letter": "US Letter"}[get_config(self.config).paper]
        source = str(_("%(title)s, PDF edition (%(paper)s)")) % {
            "title": self.config.project,
            "paper": paper,
        }
        write_page_map(Path(self.outdir), marks, source)

    def _report(self, diagnostic: str) -> None:
        """A Typst message, located at the chapter whose Typst source it names."""
        match = re.search(r"([\w./-]+)\.typ:\d+:\d+", diagnostic)
        location: tuple[str, int | None] | None = None
        if match:
            written = Path(match.group(1)).resolve()
            docname = (
                written.relative_to(Path(self.outdir).resolve()).as_posix()
                if (written.is_relative_to(Path(self.outdir).resolve()))
                else ""
            )
            if docname in self.env.all_docs:
                location = (docname, None)
        warn(
            logger,
            CoursebookWarning.PDF,
            "Typst: %s",
            diagnostic,
            hint="the Typst source of each chapter is in the PDF's work folder",
            location=location,
        )


def _build_has_warnings(app: Sphinx) -> bool:
    # Sphinx exposes no public count; with -W a warning already decided the exit status, and a
    # PDF made from a broken book would only be thrown away.
    return bool(getattr(app, "_fail_on_warnings", False) and getattr(app, "_warncount", 0))


def includes_where_toctrees_stood(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each toctree with the documents it includes, before Sphinx renders it as links.

    ``doctree-resolved`` comes after references are resolved and before toctrees are.
    """
    if not isinstance(app.builder, PdfBuilder):
        return
    for toctree in list(doctree.findall(addnodes.toctree)):
        docnames = [ref for _title, ref in toctree["entries"] if ref in app.env.all_docs]
        include = include_documents(docnames=docnames, caption=toctree.get("caption") or "")
        toctree.replace_self(include)


def typeset_when_clean(app: Sphinx, exception: Exception | None) -> None:
    """Once every document is written, typeset the book, unless the build already failed."""
    if not isinstance(app.builder, PdfBuilder) or exception is not None:
        return
    if _build_has_warnings(app):
        logger.info(__("not writing the PDF: the build had warnings"))
        return
    app.builder.typeset()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``pdf`` builder."""
    app.add_builder(PdfBuilder)
    app.add_node(include_documents)
    app.add_post_transform(PrintedExerciseIndex)
    app.connect("doctree-resolved", includes_where_toctrees_stood)
    app.connect("build-finished", typeset_when_clean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
