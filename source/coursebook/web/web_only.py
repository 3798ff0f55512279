"""The ``web`` tag: what a book shows on its website only, with Sphinx's ``only`` directive.

A landing page's link cards, a subtitle the website's home page repeats under the title: they
mean something on a screen of the website and nothing on paper or in an e-reader. A book writes
them once, inside ``{only} web``, and the website alone keeps them. Sphinx tags each build with
its builder's name (``epub`` also has the tag ``html``, since its pages are HTML), so a tag of the
pipeline's own names the website without a reader needing to know which builders exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

WEB_TAG = "web"
WEB_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})
"""The builders that write the website (never the ePub, the PDF or the exercise cards)."""


def tag_the_website(app: Sphinx) -> None:
    """Add the ``web`` tag when this build writes the website."""
    if app.builder.name in WEB_BUILDERS:
        app.tags.add(WEB_TAG)


def setup(app: Sphinx) -> None:
    """Tag website builds before any document is resolved (``only`` nodes are, at writing)."""
    app.connect("builder-inited", tag_the_website)
