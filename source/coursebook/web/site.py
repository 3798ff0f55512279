"""The website's additions: a download menu for the book's PDF and ePub, and its stylesheet.

The PDF and ePub are published next to the website under ``downloads/`` (see
:mod:`coursebook.editions.publish`), so every page can offer the files of the same build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import get_config
from ..locale import _
from .markup import AccessibleMarkup

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = Path(__file__).parent / "static"
EPUB_STATIC_DIR = Path(__file__).parent.parent / "editions" / "static"
DOWNLOADS_DIR = "downloads"


def download_files(basename: str) -> dict[str, str]:
    """The downloadable editions, by suffix, as paths relative to the site's root."""
    return {suffix: f"{DOWNLOADS_DIR}/{basename}.{suffix}" for suffix in ("pdf", "epub")}


def follow_the_readers_colour_scheme(app: Sphinx, config: Config) -> None:
    """Start in the reader's light or dark mode, unless the book chose one.

    Without a ``default_mode``, pydata-sphinx-theme (under sphinx-book-theme) starts from an
    empty mode and logs "Got invalid theme mode" as a console error on a reader's first visit.
    """
    config.html_context = {"default_mode": "auto", **config.html_context}


def add_static_assets(app: Sphinx) -> None:
    """Give the website and the ePub their stylesheets (HTML-format builders only)."""
    if app.builder.format != "html" or app.builder.name == "pdf":
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file("coursebook.css")
    if app.builder.name == "epub":
        app.config.html_static_path.append(str(EPUB_STATIC_DIR))
        app.add_css_file("coursebook-epub.css")


def add_download_menu(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add 'Download the book' to sphinx-book-theme's header buttons on every page."""
    buttons = context.get("header_buttons")
    if buttons is None or app.builder.name not in ("html", "dirhtml"):
        return
    pathto = context["pathto"]
    files = download_files(get_config(app.config).basename)
    buttons.insert(
        0,
        {
            "type": "group",
            "tooltip": str(_("Download the book")),
            "icon": "fas fa-download",
            "label": "download-book-buttons",
            "buttons": [
                {
                    "type": "link",
                    "url": pathto(files["pdf"], 1),
                    "text": "PDF",
                    "tooltip": str(_("Download the book as PDF (print)")),
                    "icon": "fas fa-file-pdf",
                    "label": "download-pdf-button",
                },
                {
                    "type": "link",
                    "url": pathto(files["epub"], 1),
                    "text": "ePub",
                    "tooltip": str(_("Download the book as ePub (e-readers)")),
                    "icon": "fas fa-book",
                    "label": "download-epub-button",
                },
            ],
        },
    )


def label_sidebar_toggles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the sidebar's expand/collapse buttons a name a screen reader can say.

    pydata-sphinx-theme (under sphinx-book-theme) draws each toggle as a ``<summary>`` holding
    only a chevron icon, which axe-core reports as a button with no name (serious). The toggles
    are labelled after the section they open, in the navigation the theme builds for the page.
    """
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def labelled(*args: Any, **kwargs: Any) -> Any:
        navigation = generate(*args, **kwargs)
        for summary in getattr(navigation, "select", lambda _: [])("details > summary"):
            if not summary.get_text(strip=True) and not summary.get("aria-label"):
                link = summary.parent.parent.find("a", recursive=False)
                section = link.get_text(" ", strip=True) if link else str(_("this section"))
                label = str(_("Show or hide the pages of %(section)s")) % {"section": section}
                summary["aria-label"] = label
        return navigation

    context["generate_toctree_html"] = labelled


class WebsiteTranslator(AccessibleMarkup):
    """The website's HTML translator (sphinx-book-theme adds its own mixin on top)."""


def setup(app: Sphinx) -> None:
    """Connect the website's handlers."""
    app.connect("config-inited", follow_the_readers_colour_scheme)
    app.connect("builder-inited", add_static_assets)
    # After sphinx-book-theme has prepared its list of header buttons (priority 501).
    app.connect("html-page-context", add_download_menu, priority=600)
    app.connect("html-page-context", label_sidebar_toggles, priority=600)
    app.set_translator("html", WebsiteTranslator)
    app.set_translator("dirhtml", WebsiteTranslator)
