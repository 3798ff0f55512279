"""Titles in the bibliography set in sentence case, one capital for each sentence.

pybtex's ``unsrt`` style capitalises a title's first letter and lowercases the rest (braced
words keep their case), so a title of two sentences loses its second capital: "…existing
controversies. critical review and hypothesis". The .bib file has it right; the style is where
the case is decided, so the style is where it is fixed.
"""

from __future__ import annotations

from typing import Any

SENTENCE_END = ". "


def sentence_case(title: Any) -> Any:
    """A pybtex rich ``title`` in sentence case: capitalised, and each sentence in it too."""
    first, *others = title.capitalize().split(SENTENCE_END)
    return type(title)(SENTENCE_END).join(
        [first, *(part[:1].upper() + part[1:] for part in others)]
    )


def sentence_titles(style: type[Any]) -> type[Any]:
    """The pybtex formatting ``style`` with its titles in :func:`sentence_case`."""
    if getattr(style, "sentence_titles", False):  # a build before this one wrapped it
        return style
    from pybtex.style.template import field, sentence

    class SentenceTitles(style):  # type: ignore[misc]  # pybtex has no types
        sentence_titles = True

        def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
            title = field(which_field, apply_func=sentence_case)
            return sentence[title] if as_sentence else title

    return SentenceTitles
