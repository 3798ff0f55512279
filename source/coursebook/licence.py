"""The book's licence, said the same way in every edition.

A licence such as CC BY-SA asks that every copy name it: the PDF prints it on its imprint page
(:mod:`coursebook.editions.typst.front_matter`), the ePub in its rights metadata, the website in
its footer. One sentence, translated, serves the three.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .config import get_config
from .locale import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def licence_sentence(licence: str) -> str:
    """ "Published under the licence CC BY-SA 4.0." in the book's language."""
    return str(_("Published under the licence %(licence)s.")) % {"licence": licence}


def rights(config: Config) -> str:
    """The copyright line and the licence, for the ePub's ``dc:rights``."""
    settings = get_config(config)
    parts = [f"© {config.copyright}." if config.copyright else ""]
    if settings.licence:
        parts.append(licence_sentence(settings.licence))
        if settings.licence_url:
            parts.append(settings.licence_url)
    return " ".join(part for part in parts if part)


def name_the_licence_on_the_website(app: Sphinx, config: Config) -> None:
    """Put the licence in the website's footer (sphinx-book-theme's ``extra_footer``), unless
    the book writes its own footer."""
    settings = get_config(config)
    options = dict(config.html_theme_options)
    if not settings.licence or "extra_footer" in options:
        return
    name = escape(settings.licence)
    if settings.licence_url:
        name = f'<a href="{escape(settings.licence_url)}" rel="license">{name}</a>'
    sentence = escape(licence_sentence("\0"))
    options["extra_footer"] = f"<p>{sentence.replace(chr(0), name)}</p>"
    config.html_theme_options = options


def setup(app: Sphinx) -> None:
    """Name the licence in the website's footer (the ePub and the PDF name it themselves)."""
    app.connect("config-inited", name_the_licence_on_the_website, priority=600)
