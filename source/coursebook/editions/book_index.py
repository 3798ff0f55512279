"""The book's index, case-merged: one entry for "Diaphragm" and "diaphragm", in every edition.

Sphinx groups index entries by their exact words, so a glossary term ("Diaphragm", capitalised
as a glossary heading is) and an ``{index}`` entry in running text ("diaphragm") become two
entries of the website's genindex. :func:`merged_index` merges entries (and their sub-entries)
whose words differ only in case; the website's and the ePub's genindex (through
``html-page-context``) and the PDF's back-of-book index (:mod:`.typst.book_index`) all read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.environment.adapters.indexentries import IndexEntries

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

Targets = list[tuple[str | None, Any]]
"""An entry's places: (``"main"`` or ``""`` or None, the place's URI)."""
Entry = tuple[str, tuple[Targets, list[tuple[str, Targets]], str | None]]
"""One entry as Sphinx's genindex template takes it: words, (places, sub-entries, category)."""
Index = list[tuple[str, list[Entry]]]
"""Entries grouped under their letter."""


def merged_index(builder: Builder) -> Index:
    """Sphinx's index of the book (``IndexEntries.create_index``) with case variants merged."""
    return merge_case_variants(IndexEntries(builder.env).create_index(builder))


def merge_case_variants(index: Any) -> Index:
    """``index`` with entries (and sub-entries of one entry) that differ only in case as one.

    The merged entry is written in the variant with the fewest capitals: a capital that only
    some sources use is a heading's sentence case ("Diaphragm" in the glossary), while a name
    ("ACSM", "McGill") is capitalised by every source and so keeps its capitals.
    """
    merged: Index = []
    for letter, entries in index:
        by_key: dict[str, list[Entry]] = {}
        for entry in entries:
            by_key.setdefault(entry[0].casefold(), []).append(entry)
        merged.append((letter, [_merge(variants) for variants in by_key.values()]))
    return merged


def _fewest_capitals(words: list[str]) -> str:
    return min(words, key=lambda w: (sum(c.isupper() for c in w), w))


def _merge(variants: list[Entry]) -> Entry:
    if len(variants) == 1:
        return variants[0]
    name = _fewest_capitals([words for words, _ in variants])
    targets: Targets = []
    subentries: dict[str, list[tuple[str, Targets]]] = {}
    category = None
    for _words, (places, subs, key) in variants:
        targets += [t for t in places if t not in targets]
        for sub_words, sub_places in subs:
            subentries.setdefault(sub_words.casefold(), []).append((sub_words, sub_places))
        category = category or key
    subs_merged = []
    for variants_of_sub in subentries.values():
        sub_name = _fewest_capitals([words for words, _ in variants_of_sub])
        sub_targets: Targets = []
        for _words, places in variants_of_sub:
            sub_targets += [t for t in places if t not in sub_targets]
        subs_merged.append((sub_name, sub_targets))
    subs_merged.sort(key=lambda sub: sub[0].casefold())
    return name, (targets, subs_merged, category)


def merge_genindex(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The website's (and the ePub's) genindex page, without case duplicates."""
    # "genindex", and with html_split_index its per-letter pages and their overview.
    if not pagename.startswith("genindex") or "genindexentries" not in context:
        return
    index = merge_case_variants(context["genindexentries"])
    context["genindexentries"] = index
    context["genindexcounts"] = [
        sum(1 + len(subs) for _words, (_places, subs, _key) in entries)
        for _letter, entries in index
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    """Merge the genindex's case variants on every HTML-format page."""
    app.connect("html-page-context", merge_genindex)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
