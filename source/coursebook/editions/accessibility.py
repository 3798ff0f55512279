"""The ePub's accessibility metadata, stated from what the book contains, never assumed.

EPUB Accessibility 1.1 asks a publication to say how it can be read (``schema:accessMode``,
``accessModeSufficient``), what helps (``accessibilityFeature``), what could harm
(``accessibilityHazard``) and a summary in words. A claim that is not true misleads exactly the
readers who rely on it, so :func:`survey` looks at every document the build read (its images and
their text alternatives, figures and their captions, a glossary, the index, the tabs and
dropdowns the ePub lays out in full, media that could flash or play sound), and
:func:`accessibility_metadata` claims only what it found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.adapters.indexentries import IndexEntries

from ..locale import _

if TYPE_CHECKING:
    from sphinx.builders import Builder

HIDDEN_COMPONENTS = {"tab-set", "dropdown"}
"""sphinx-design components whose text the website hides until a click (see static_layout)."""
MEDIA = re.compile(r"<\s*(video|audio|iframe|object|embed|canvas)\b", re.IGNORECASE)


@dataclass(frozen=True)
class BookContents:
    """What the book holds that an accessibility statement depends on."""

    images: int = 0
    images_without_alt: int = 0
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


def survey(builder: Builder) -> BookContents:
    """Look at every document of the book (as read, before any builder's transforms)."""
    env = builder.env
    images = no_alt = figures = no_caption = 0
    glossary = hidden = media = False
    for docname in sorted(env.found_docs):
        doctree = env.get_doctree(docname)
        for image in doctree.findall(nodes.image):
            images += 1
            no_alt += not _has_text_alternative(image)
            media |= str(image.get("uri", "")).lower().endswith(".gif")
        for figure in doctree.findall(nodes.figure):
            figures += 1
            no_caption += not any(isinstance(child, nodes.caption) for child in figure.children)
        glossary |= any(True for _ in doctree.findall(addnodes.glossary))
        hidden |= any(
            node.get("design_component") in HIDDEN_COMPONENTS
            for node in doctree.findall(nodes.Element)
        )
        media |= any(MEDIA.search(raw.astext()) for raw in doctree.findall(nodes.raw))
    index = bool(getattr(builder, "use_index", False)) and bool(
        IndexEntries(env).create_index(builder)
    )
    return BookContents(images, no_alt, figures, no_caption, glossary, index, hidden, media)


def accessibility_metadata(book: BookContents) -> list[tuple[str, str]]:
    """The ``<meta property>`` pairs of EPUB Accessibility 1.1 that are true of ``book``."""
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
        sentences.append(_("Every figure has a caption."))
    if book.hidden_content:
        sentences.append(_("Text that the website hides in tabs or dropdowns is shown in full."))
    return " ".join(str(sentence) for sentence in sentences)
