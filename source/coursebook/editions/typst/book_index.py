"""The PDF's back-of-book index, written as a call to ``cb-book-index`` (``coursebook.typ``).

Its entries are the website's genindex, case-merged (:func:`..book_index.merged_index`). Each
place is the label of the entry's target (``docname#index-3``, ``docname#term-psoas``), which
the translator writes where the entry stands; Typst prints the page where that label landed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..book_index import Targets, merged_index
from . import markup
from .markup import string

if TYPE_CHECKING:
    from sphinx.builders import Builder


def index_call(builder: Builder, title: str, defined: set[str]) -> str:
    """``#cb-book-index(...)`` for the book's index, or "" when it has no entry.

    ``defined`` are the labels the book defines: a place without one (an entry whose target
    the PDF leaves out) is not listed, rather than fail the compile.
    """
    groups = []
    for letter, entries in merged_index(builder):
        written = []
        for words, (places, subentries, _category) in entries:
            subs = [
                _array([markup.content(markup.text(sub)), _targets(sub_places, defined)])
                for sub, sub_places in subentries
            ]
            written.append(
                _array(
                    [markup.content(markup.text(words)), _targets(places, defined), _array(subs)]
                )
            )
        groups.append(_array([string(letter), _array(written)]))
    if not groups:
        return ""
    return f"#cb-book-index({string(title)}, {_array(groups)})\n"


def _targets(places: Targets, defined: set[str]) -> str:
    """The places as (label, main) pairs: a main place (a glossary term's definition, an
    ``{index}`` entry marked ``!``) is set in bold, as the website shows it."""
    labels: dict[str, bool] = {}
    for main, uri in places:
        if isinstance(uri, str) and uri in defined:
            labels[uri] = labels.get(uri, False) or main == "main"
    return _array(
        _array([string(label), "true" if main else "false"]) for label, main in labels.items()
    )


def _array(items: Iterable[str]) -> str:
    """A Typst array: ``(a,)`` for one item, as Typst reads ``(a)`` as ``a``."""
    written = list(items)
    return "(" + ", ".join(written) + ("," if len(written) == 1 else "") + ")"
