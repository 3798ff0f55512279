"""The website's additions: a download menu for the book's PDF and ePub, and its stylesheet.

The PDF and ePub are published next to the website under ``downloads/`` (see
:mod:`coursebook.publish`), so every page can offer the files of the same build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import get_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
DOWNLOADS_DIR = "downloads"


def download_files(basename: str) -> dict[str, str]:
    """The downloadable editions, by suffix, as paths relative to the site's root."""
    return {suffix: f"{DOWNLOADS_DIR}/{basename}.{suffix}" for suffix in ("pdf", "epub")}


def add_static_assets(app: Sphinx) -> None:
    """Give the website and the ePub their stylesheets (HTML-format builders only)."""
    if app.builder.format != "html" or app.builder.name == "pdf":
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file("coursebook.css")
    if app.builder.name == "epub":
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
            "tooltip": "Download the book",
            "icon": "fas fa-download",
            "label": "download-book-buttons",
            "buttons": [
                {
                    "type": "link",
                    "url": pathto(files["pdf"], 1),
                    "text": "PDF",
                    "tooltip": "Download the book as PDF (print)",
                    "icon": "fas fa-file-pdf",
                    "label": "download-pdf-button",
                },
                {
                    "type": "link",
                    "url": pathto(files["epub"], 1),
                    "text": "ePub",
                    "tooltip": "Download the book as ePub (e-readers)",
                    "icon": "fas fa-book",
                    "label": "download-epub-button",
                },
            ],
        },
    )


def setup(app: Sphinx) -> None:
    """Connect the website's handlers."""
    app.connect("builder-inited", add_static_assets)
    # After sphinx-book-theme has prepared its list of header buttons (priority 501).
    app.connect("html-page-context", add_download_menu, priority=600)
