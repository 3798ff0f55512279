"""Write Typst source safely: escaped text, string literals, labels and lengths.

Everything the translator writes goes through these functions, so that no word of a book can
ever be read by Typst as markup (a ``#`` starting code, ``//`` starting a comment, a ``*`` making
bold) or break out of a string.
"""

from __future__ import annotations

import re

_MARKUP_CHARACTERS = re.compile(r"([\\*_`$#\[\]<>@~/=+\-.:'\"{}])")
"""Characters with a meaning in Typst markup: escaped with a backslash, which prints them as is.

Quotes are escaped too: docutils' smartquotes already chose curly quotes where a reader needs
them, and a straight quote left in a name or a measurement must stay straight.
"""
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
"""Breaking white space only: an author's no-break spaces (U+00A0, U+202F) stay as written."""
NO_BREAK_SPACE = "\u00a0"
_NUMBER_AFTER_WORD = re.compile(r"(?:(?<=[^\W\d_])|(?<=[^\W\d_]\.)) (?=\d)")
_SHORT_WORD_AFTER_NUMBER = re.compile(r"(?<=\d) (?=[^\W\d_]{1,3}\b)")


def text(value: str) -> str:
    """``value`` as Typst markup that prints exactly these characters, on one line."""
    return _MARKUP_CHARACTERS.sub(r"\\\1", _WHITESPACE.sub(" ", value))


def bind_numbers(value: str) -> str:
    """No line break before a number or between a number and a short word after it, as a book
    sets "Figure 2", "p. 7", "30 s", "2 to 3" (a line never starts with the number or the unit).
    """
    value = _NUMBER_AFTER_WORD.sub(NO_BREAK_SPACE, value)
    return _SHORT_WORD_AFTER_NUMBER.sub(NO_BREAK_SPACE, value)


def string(value: str) -> str:
    """``value`` as a Typst string literal."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def label_name(docname: str, node_id: str = "") -> str:
    """The name of an id's label in the book: unique in the whole book, as links need.

    Sphinx's ids are unique per document only (every chapter has a ``self-check``), so the name
    joins the document's name and the id; a name without an id is the document's start.
    """
    return f"{docname}#{node_id}" if node_id else docname


def label(docname: str, node_id: str = "") -> str:
    """:func:`label_name` as a Typst string literal."""
    return string(label_name(docname, node_id))


def content(markup: str) -> str:
    """Typst markup as a content block argument."""
    return f"[{markup}]"
