"""The ePub's accessibility metadata, stated from what the book contains, never assumed.

EPUB Accessibility 1.1 asks a publication to say how it can be read (``schema:accessMode``,
``accessModeSufficient``), what helps (``accessibilityFeature``), what could harm
(``accessibilityHazard``) and a summary in words. A claim that is not true misleads exactly the
readers who rely on it, so :func:`survey` looks at every document the build read (its images and
their text alternatives, figures and their captions, a glossary, the index, the tabs and
dropdowns the ePub lays out in full, media that could flash or play sound), and
:func:`accessibility_metadata` claims only what it found.

Each document is looked at once, as it is read (:func:`note_contents`), and the environment keeps
what was found: reading every saved doctree back at the end cost the ePub as much as Sphinx's own
numbering of the figures (the 46 documents of the book five times over unpickled again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.indexentries import IndexEntries

from ..document_notes import DocumentNotes
from ..locale import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

HIDDEN_COMPONENTS = {"tab-set", "dropdown"}
"""sphinx-design components whose text the website hides until a click (see static_layout)."""
MEDIA = re.compile(r"<\s*(video|audio|iframe|object|embed|canvas)\b", re.IGNORECASE)


@dataclass(frozen=True)
class BookContents:
    """What the book holds that an accessibility statement depends on."""

    images: int = 0
    images_without_alt: int = 0
    images_outside_figures: int = 0
    """Images without a figure around them (pictograms, icons, the cover): no caption."""
    figures: int = 0
    figures_without_caption: int = 0
    glossary: bool = False
    index: bool = False
    hidden_content: bool = False
    """Tabs or dropdowns: hidden behind a click on the website, printed in full in the ePub."""
    media: bool = False
    """Video, audio, embedded pages or animated images: hazards that cannot be ruled out."""


def _has_text_alternative(image: nodes.image) -> bool:
    alt = " ".join(str(image.get("alt", "")).split())
    # A file name is what a reader hears when the alt text was forgotten; it describes nothing.
    return bool(alt) and alt != PurePosixPath(str(image.get("uri", ""))).name


def document_contents(doctree: nodes.document) -> BookContents:
    """What one document holds, in one walk over its elements."""
    images = no_alt = loose = figures = no_caption = 0
    glossary = hidden = media = False
    for node in doctree.findall(nodes.Element):
        if isinstance(node, nodes.image):
            images += 1
            no_alt += not _has_text_alternative(node)
            loose += not _in_figure(node)
            media |= str(node.get("uri", "")).lower().endswith(".gif")
        elif isinstance(node, nodes.figure):
            figures += 1
            no_caption += not any(isinstance(child, nodes.caption) for child in node.children)
        elif isinstance(node, addnodes.glossary):
            glossary = True
        elif isinstance(node, nodes.raw):
            media |= bool(MEDIA.search(node.astext()))
        hidden |= node.get("design_component") in HIDDEN_COMPONENTS
    return BookContents(images, no_alt, loose, figures, no_caption, glossary, False, hidden, media)


def _in_figure(image: nodes.image) -> bool:
    parent = image.parent
    while parent is not None:
        if isinstance(parent, nodes.figure):
            return True
        parent = parent.parent
    return False


CONTENTS: DocumentNotes[BookContents] = DocumentNotes("coursebook_contents")


def note_contents(app: Sphinx, doctree: nodes.document) -> None:
    """Keep what a document read for the ePub holds, for :func:`survey`."""
    if app.builder.name == "epub":  # no other edition states it
        CONTENTS.of(app.env)[app.env.current_document.docname] = document_contents(doctree)


def survey(builder: Builder) -> BookContents:
    """Look at every document of the book (as read, before any builder's transforms)."""
    env = builder.env
    noted = CONTENTS.of(env)
    parts = []
    for docname in sorted(env.found_docs):
        part = noted.get(docname)
        if part is None:  # read before this code noted contents: look at the saved doctree
            part = document_contents(env.get_doctree(docname))
        parts.append(part)
    index = bool(getattr(builder, "use_index", False)) and bool(
        IndexEntries(env).create_index(builder)
    )
    # The ePub's cover is an image of its own (with its text alternative), never in a figure.
    cover = 1 if builder.config["epub_cover"] else 0
    return BookContents(
        images=sum(part.images for part in parts) + cover,
        images_without_alt=sum(part.images_without_alt for part in parts),
        images_outside_figures=sum(part.images_outside_figures for part in parts) + cover,
        figures=sum(part.figures for part in parts),
        figures_without_caption=sum(part.figures_without_caption for part in parts),
        glossary=any(part.glossary for part in parts),
        index=index,
        hidden_content=any(part.hidden_content for part in parts),
        media=any(part.media for part in parts),
    )


def setup(app: Sphinx) -> None:
    """Note each document's contents once it is read and checked (after the guards' handlers)."""
    app.connect("doctree-read", note_contents, priority=900)
    CONTENTS.connect(app)


def accessibility_metadata(book: BookContents, conformance: str = "") -> list[tuple[str, str]]:
    """The ``<meta property>`` pairs of EPUB Accessibility 1.1 that are true of ``book``.

    ``conformance`` is declared (``dcterms:conformsTo``) only if every image has a text
    alternative: WCAG 1.1.1 fails otherwise, whatever the book's settings say.
    """
    every_image_described = book.images > 0 and book.images_without_alt == 0
    meta = [("schema:accessMode", "textual")]
    if book.images:
        meta.append(("schema:accessMode", "visual"))
    if book.images_without_alt == 0:
        meta.append(("schema:accessModeSufficient", "textual"))
    if book.images:
        meta.append(("schema:accessModeSufficient", "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder"]
    if every_image_described:
        features.append("alternativeText")
    if book.index:
        features.append("index")
    meta += [("schema:accessibilityFeature", feature) for feature in features]
    meta.append(("schema:accessibilityHazard", "unknown" if book.media else "none"))
    meta.append(("schema:accessibilitySummary", accessibility_summary(book)))
    if conformance and book.images_without_alt == 0:
        meta.append(("dcterms:conformsTo", conformance))
    return meta


def accessibility_summary(book: BookContents) -> str:
    """A few sentences, in the book's language, that say only what is true of the book."""
    sentences = [_("Reflowable text with headings and a navigation document.")]
    if book.glossary:
        sentences.append(_("A glossary explains the terms the book uses."))
    if book.index:
        sentences.append(_("An index lists the topics of the book."))
    if book.images and not book.images_without_alt:
        sentences.append(_("Every image has a text alternative."))
    elif book.images:
        sentences.append(_("Some images have no text alternative."))
    if book.figures and not book.figures_without_caption:
        if book.images_outside_figures:
            sentences.append(_("Every figure has a caption; the images outside figures have none."))
        else:
            sentences.append(_("Every figure has a caption."))
    if book.hidden_content:
        sentences.append(_("Text that the website hides in tabs or dropdowns is shown in full."))
    return " ".join(str(sentence) for sentence in sentences)
