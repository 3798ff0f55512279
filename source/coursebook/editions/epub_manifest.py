"""Ship in the ePub only the files its documents use.

Sphinx's ePub builder lists every file of its output folder in the manifest, and its theme
copies files no ePub document uses: ``basic.css`` (the ePub theme's own stylesheet does not
import it), the search page's ``file.png``, ``minus.png`` and ``plus.png``, the website's logo.
A reader never shows them, but they make the book larger and the manifest untrue. The rule is
general, not a list of names: a file stays if a document links it (``href``, ``src``, SVG's
``xlink:href``), a stylesheet it keeps imports it, or uses it in a rule that applies to some
element of the documents (``epub.css`` draws ``file.png`` next to search results, which an ePub
has none of), or it is the cover image.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path, PurePosixPath
from posixpath import normpath
from typing import Any
from urllib.parse import unquote, urlsplit

import cssselect2
import tinycss2
from lxml import etree
from tinycss2 import ast

PSEUDO_ELEMENT = re.compile(r"::[-\w]+(\([^)]*\))?")
LINK_ATTRIBUTES = ("href", "src", "data", "poster", "{http://www.w3.org/1999/xlink}href")


def _local_target(base: PurePosixPath, link: str) -> str | None:
    """The file ``link`` (found in the file ``base``) points to in the book, or None."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return normpath(str(base.parent / unquote(parts.path)))


def document_links(root: etree._Element) -> Iterator[str]:
    """Every address an XHTML document links or embeds."""
    for element in root.iter():
        for attribute in LINK_ATTRIBUTES:
            value = element.get(attribute)
            if value:
                yield value


def linked_stylesheets(folder: Path, document: str) -> list[str]:
    """The stylesheets the ``document`` links, in order, as paths relative to ``folder``."""
    root = etree.parse(folder / document, etree.XMLParser(resolve_entities=False, no_network=True))
    links = root.iterfind(".//{http://www.w3.org/1999/xhtml}link[@rel='stylesheet']")
    targets = (_local_target(PurePosixPath(document), str(link.get("href"))) for link in links)
    return [target for target in targets if target is not None]


def _urls(tokens: Iterable[ast.Node]) -> Iterator[str]:
    """The addresses of the ``url()`` values among ``tokens``."""
    for token in tokens:
        if isinstance(token, ast.URLToken):
            yield token.value
        elif isinstance(token, ast.FunctionBlock) and token.lower_name == "url":
            yield from (t.value for t in token.arguments if isinstance(t, ast.StringToken))
        elif isinstance(token, ast.FunctionBlock):
            yield from _urls(token.arguments)
        elif isinstance(token, ast.ParenthesesBlock | ast.SquareBracketsBlock):
            yield from _urls(token.content)


def _rule_urls(rules: Iterable[ast.Node], applies: Callable[[str], bool]) -> Iterator[str]:
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            if applies(tinycss2.serialize(rule.prelude)):
                yield from _urls(rule.content)
        elif isinstance(rule, ast.AtRule) and rule.lower_at_keyword == "import":
            strings = [t.value for t in rule.prelude if isinstance(t, ast.StringToken)]
            yield from strings[:1]
            yield from _urls(rule.prelude)
        elif isinstance(rule, ast.AtRule) and rule.content is not None:
            if rule.lower_at_keyword in {"media", "supports", "layer", "container"}:
                inner = tinycss2.parse_rule_list(rule.content, skip_comments=True)
                yield from _rule_urls(inner, applies)
            else:  # @font-face and the like: what they name counts as used
                yield from _urls(rule.content)


def stylesheet_links(stylesheet: str, applies: Callable[[str], bool]) -> Iterator[str]:
    """Every address a stylesheet imports (``@import``) or uses (``url()``) in a rule whose
    selector ``applies`` (to some element of the book)."""
    yield from _rule_urls(tinycss2.parse_stylesheet(stylesheet, skip_comments=True), applies)


class Documents:
    """The book's XHTML documents, parsed once, asked whether a selector matches anything."""

    def __init__(self, folder: Path, names: Iterable[str]) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self.roots = {name: etree.parse(folder / name, parser).getroot() for name in names}
        # Elements by the keys a selector's last part names (as cssselect2's Matcher indexes
        # them), so a selector is tested only on elements that could match it: testing each of
        # the 735 selectors of the course's stylesheets on all its 4,749 elements took 3 s.
        self._all: list[Any] = []
        self._by_key: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for root in self.roots.values():
            for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
                self._all.append(element)
                self._by_key["tag", element.local_name.lower()].append(element)
                if element.id:
                    self._by_key["id", element.id].append(element)
                for name in element.classes:
                    self._by_key["class", name].append(element)
        self._matches: dict[str, bool] = {}

    def _candidates(self, selector: Any) -> list[Any]:
        if selector.id is not None:
            return self._by_key.get(("id", selector.id), [])
        if selector.class_name is not None:
            return self._by_key.get(("class", selector.class_name), [])
        if selector.lower_local_name is not None:
            return self._by_key.get(("tag", selector.lower_local_name), [])
        return self._all

    def match(self, selector: str) -> bool:
        """Whether ``selector`` matches an element of some document (or cannot be read)."""
        if selector not in self._matches:
            self._matches[selector] = self._match(selector)
        return self._matches[selector]

    def _match(self, selector: str) -> bool:
        try:
            compiled = cssselect2.compile_selector_list(selector)
        except cssselect2.SelectorError:
            # A pseudo-element the matcher does not know (::-webkit-details-marker) styles a
            # part of the element its selector names: ask about that element.
            try:
                compiled = cssselect2.compile_selector_list(PSEUDO_ELEMENT.sub("", selector))
            except cssselect2.SelectorError:  # unknown to the matcher: assume it is used
                return True
        return any(part.test(element) for part in compiled for element in self._candidates(part))


def referenced_files(folder: Path, documents: Iterable[str]) -> set[str]:
    """The files (paths relative to ``folder``, with ``/``) that the XHTML ``documents`` use,
    directly or through a stylesheet rule that applies to one of their elements; the
    documents included."""
    book = Documents(folder, documents)
    found: set[str] = set()
    pending = [(name, link) for name, root in book.roots.items() for link in document_links(root)]
    found.update(book.roots)
    while pending:
        base, link = pending.pop()
        target = _local_target(PurePosixPath(base), link)
        if target is None or target in found or not (folder / target).is_file():
            continue
        found.add(target)
        if target.endswith(".css"):
            text = (folder / target).read_text("utf-8")
            pending += [(target, url) for url in stylesheet_links(text, book.match)]
    return found


def remove_unreferenced(
    folder: Path, keep: Collection[str], suffixes: Collection[str]
) -> list[str]:
    """Delete the files with one of ``suffixes`` in ``folder`` that no document uses; every
    ``.xhtml`` document and the ``keep`` paths count as used. Return what was deleted."""
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    documents = [name for name in files if name.endswith(".xhtml")]
    used = referenced_files(folder, documents) | set(keep)
    unused = [name for name in files if PurePosixPath(name).suffix in suffixes]
    unused = [name for name in unused if name not in used]
    for name in unused:
        (folder / name).unlink()
    return unused
