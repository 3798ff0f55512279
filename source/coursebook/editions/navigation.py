"""The ePub's navigation: its table of contents and landmarks, in ``nav.xhtml`` and ``toc.ncx``.

Sphinx's ePub builder lists the documents of the toctrees, but not the toctrees' captions: a
course's parts ("Before you start", "The course") vanish, and the reader sees one flat run of
chapters. Here the outline is read from what Sphinx collected while reading (the toctrees and
each document's sections, ``env.tocs``), so that:

* each captioned toctree is a part, a group entry holding its documents (an EPUB 3 ``<span>``
  heading, which is not a link; the NCX, which has no such thing, points it at its first page);
* each document lists its sections down to ``epub_tocdepth`` levels (2, the coursebook's
  default: a chapter and its sections), and the pages its own toctrees include (the exercise
  pages of an exercise library) at the place the toctree stands;
* the index, when the ePub has one, closes the list.

The landmarks nav (EPUB 3.3, §7.4.3) lets a reading system jump to the cover, the contents, the
start of the body, the glossary, the bibliography and the index. The glossary and bibliography
are found where the book's ``glossary`` and ``bibliography`` directives stand (noted as each
document is read, :func:`note_landmarks`), never by file name, so every course gets its own.

:func:`navigation_document` writes ``nav.xhtml`` from a list of ``<nav>`` elements, so another
nav (a page list) is one more element in that list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast
from urllib.parse import quote, unquote

from docutils import nodes
from lxml import etree
from sphinx import addnodes

from ..document_notes import DocumentNotes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
EPUB_TYPE = f"{{{OPS}}}type"
# lxml's stubs type a namespace map's keys as str; None is the default namespace.
XHTML_NAMESPACES = cast("dict[str, str]", {None: XHTML, "epub": OPS})
NCX_NAMESPACES = cast("dict[str, str]", {None: NCX})

LANDMARK_DIRECTIVES = ("glossary", "bibliography")
"""Landmarks found where a directive stands (by node name: sphinxcontrib-bibtex's ``bibliography``
node is not imported, so a book without that extension still works)."""


@dataclass(frozen=True)
class Entry:
    """One entry of the table of contents: a page, a section, or a part (``href`` empty)."""

    title: str
    href: str
    children: tuple[Entry, ...] = ()

    def pages(self) -> Iterator[Entry]:
        """This entry and every entry below it that links somewhere, in reading order."""
        if self.href:
            yield self
        for child in self.children:
            yield from child.pages()


@dataclass(frozen=True)
class Landmark:
    """One entry of the landmarks nav: an ``epub:type`` (EPUB 3 Structural Semantics)."""

    type: str
    title: str
    href: str


@dataclass(frozen=True)
class DirectiveSpot:
    """Where a landmark directive stands: its section's anchor ('' for the document's top)."""

    anchor: str
    title: str


# -- what each document holds, noted as it is read ----------------------------------------------


def landmark_spots(doctree: nodes.document) -> dict[str, DirectiveSpot]:
    """The first ``glossary`` and ``bibliography`` directive of a document, with the section that
    holds each (a landmark points at the section's heading, so the reader sees its title)."""
    found: dict[str, DirectiveSpot] = {}
    for node in doctree.findall(nodes.Element):
        if node.tagname not in LANDMARK_DIRECTIVES or node.tagname in found:
            continue
        section = next((a for a in _ancestors(node) if isinstance(a, nodes.section)), None)
        if section is None:
            found[node.tagname] = DirectiveSpot("", "")
            continue
        title = section[0].astext() if section.children else ""
        top = isinstance(section.parent, nodes.document)
        anchor = "" if top or not section["ids"] else str(section["ids"][0])
        found[node.tagname] = DirectiveSpot(anchor, title)
    return found


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


LANDMARKS: DocumentNotes[dict[str, DirectiveSpot]] = DocumentNotes("coursebook_landmarks")


def noted_spots(env: BuildEnvironment) -> dict[str, dict[str, DirectiveSpot]]:
    """Docname -> where its glossary and bibliography stand, for every document of the book."""
    noted = LANDMARKS.of(env)
    for docname in env.found_docs - noted.keys():
        # Read before this code noted landmarks (an environment pickled by an older version).
        noted[docname] = landmark_spots(env.get_doctree(docname))
    return dict(noted)


def note_landmarks(app: Sphinx, doctree: nodes.document) -> None:
    """Keep where a document's glossary and bibliography stand, for the landmarks nav."""
    if app.builder.name == "epub":  # no other edition has landmarks
        LANDMARKS.of(app.env)[app.env.current_document.docname] = landmark_spots(doctree)


def setup(app: Sphinx) -> None:
    """Note each document's landmarks as it is read (parallel-safe: merged per document)."""
    app.connect("doctree-read", note_landmarks)
    LANDMARKS.connect(app)


# -- the outline ----------------------------------------------------------------------------------


@dataclass
class Outline:
    """The book's table of contents, read from the toctrees and sections Sphinx collected."""

    env: BuildEnvironment
    tags: Tags
    suffix: str
    depth: int
    """Levels listed: 1 is a chapter, 2 its sections, 3 their subsections (``epub_tocdepth``)."""
    fragment: Callable[[str], str] = lambda anchor: anchor
    """The builder's rewriting of an id (Sphinx's ePub builder turns ``:`` into ``-``)."""
    include_hidden: bool = True
    """List the pages of ``:hidden:`` toctrees (``epub_tocscope = "includehidden"``)."""
    _seen: set[str] = field(default_factory=set, init=False)

    def entries(self, root: str) -> list[Entry]:
        """The root page (with its own sections), then every part or page its toctrees list."""
        self._seen = {root}
        top: list[Entry] = []
        root_entry = self._page(root, None, 1, titles_only=False, hoist=top)
        return [root_entry, *top]

    def _title(self, docname: str) -> str:
        title = self.env.titles.get(docname)
        text = title.astext() if title is not None else docname
        # A numbered toctree's chapter (``:numbered:``) is listed with its number, as its
        # heading, the website's navigation and the PDF's contents show it.
        number = self.env.toc_secnumbers.get(docname, {}).get("")
        if number:
            suffix = str(getattr(self.env.config, "html_secnumber_suffix", ". "))
            return ".".join(map(str, number)) + suffix + text
        return text

    def _href(self, docname: str, anchor: str = "") -> str:
        href = quote(docname + self.suffix)
        return f"{href}#{self.fragment(anchor)}" if anchor else href

    def _page(
        self,
        docname: str,
        title: str | None,
        level: int,
        titles_only: bool,
        hoist: list[Entry] | None = None,
    ) -> Entry:
        """A page at ``level``: its title, then its sections and the pages its toctrees list.
        ``hoist`` collects the root page's toctrees instead, since they are the book's top."""
        children: list[Entry] = []
        toc = self.env.tocs.get(docname)
        for item in _list_items(toc, self.tags) if toc is not None else ():
            # Normally one item, the page's title, holding its sections.
            if isinstance(item, addnodes.toctree):
                children += self._toctree(item, level + 1, hoist)
            else:
                children += self._children(item, docname, level + 1, titles_only, hoist)
        return Entry(title or self._title(docname), self._href(docname), tuple(children))

    def _children(
        self,
        item: nodes.Element,
        docname: str,
        level: int,
        titles_only: bool,
        hoist: list[Entry] | None,
    ) -> list[Entry]:
        """The entries below one section of a page: its subsections and toctrees, in order."""
        found: list[Entry] = []
        for sub in item.children:
            if not isinstance(sub, nodes.bullet_list):
                continue
            for child in _list_items(sub, self.tags):
                if isinstance(child, addnodes.toctree):
                    found += self._toctree(child, level, hoist)
                elif not titles_only:
                    found += self._section(child, docname, level, hoist)
        return found

    def _section(
        self, item: nodes.Element, docname: str, level: int, hoist: list[Entry] | None
    ) -> list[Entry]:
        """A section at ``level``; below ``depth``, only the pages its toctrees list."""
        children = self._children(item, docname, level + 1, False, hoist)
        reference = next(item.findall(nodes.reference), None)
        if level > self.depth or reference is None:
            return children
        anchor = str(reference.get("anchorname", "")).removeprefix("#")
        return [Entry(reference.astext(), self._href(docname, anchor), tuple(children))]

    def _toctree(
        self, toctree: addnodes.toctree, level: int, hoist: list[Entry] | None = None
    ) -> list[Entry]:
        """The pages a toctree lists (each with its sections), as a part if it has a caption."""
        if hoist is not None:  # the root page's toctrees: the book's top level
            hoist += self._toctree(toctree, 1)
            return []
        if toctree.get("hidden") and not self.include_hidden:
            return []
        pages = []
        for title, ref in toctree["entries"]:
            if ref not in self.env.tocs or ref in self._seen:
                continue  # an external link, "self", or a page listed twice (Sphinx warns)
            self._seen.add(ref)
            titles_only = bool(toctree.get("titlesonly"))
            pages.append(self._page(ref, title, level, titles_only))
        caption = toctree.get("caption")
        if caption and pages:
            return [Entry(str(caption), "", tuple(pages))]
        return pages


def _list_items(bullet_list: nodes.Element, tags: Tags) -> Iterator[nodes.Element]:
    """The list items and toctrees of a section tree, with ``only`` blocks that apply opened."""
    for node in bullet_list.children:
        if isinstance(node, addnodes.only):
            if tags.eval_condition(node["expr"]):
                yield from _list_items(node, tags)
        elif isinstance(node, nodes.list_item | addnodes.toctree):
            yield node


def landmarks(
    entries: Sequence[Entry],
    spots: dict[str, dict[str, DirectiveSpot]],
    *,
    suffix: str,
    root: str,
    cover: str,
    labels: dict[str, str],
    index: str,
    fragment: Callable[[str], str] = lambda anchor: anchor,
) -> list[Landmark]:
    """The landmarks the book really has, each at its place: the cover page (``cover``, '' for
    none), the contents, the first page after the root page, the first glossary and bibliography
    in reading order, the index (``index``: its file, '' for none)."""
    found = []
    if cover:
        found.append(Landmark("cover", labels["cover"], cover))
    found.append(Landmark("toc", labels["toc"], "nav.xhtml#toc"))
    reading_order = _files_in_order(entries)
    root_file = quote(root + suffix)
    body = next((f for f in reading_order if f != root_file), None)
    if body:
        found.append(Landmark("bodymatter", labels["bodymatter"], body))
    for kind in LANDMARK_DIRECTIVES:
        for file in reading_order:
            spot = spots.get(_docname(file, suffix), {}).get(kind)
            if spot is not None:
                href = f"{file}#{fragment(spot.anchor)}" if spot.anchor else file
                found.append(Landmark(kind, spot.title or labels[kind], href))
                break
    if index:
        found.append(Landmark("index", labels["index"], index))
    return found


def _files_in_order(entries: Iterable[Entry]) -> list[str]:
    files: list[str] = []
    for entry in entries:
        for page in entry.pages():
            file = page.href.split("#")[0]
            if file not in files:
                files.append(file)
    return files


def _docname(file: str, suffix: str) -> str:
    return unquote(file).removesuffix(suffix)


# -- writing nav.xhtml and toc.ncx --------------------------------------------------------------


def _element(tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.Element(f"{{{XHTML}}}{tag}", nsmap=XHTML_NAMESPACES)
    for name, value in attributes.items():
        element.set(EPUB_TYPE if name == "epub_type" else name, value)
    if text:
        element.text = text
    return element


def _list(entries: Iterable[Entry]) -> etree._Element:
    ol = _element("ol")
    for entry in entries:
        li = etree.SubElement(ol, f"{{{XHTML}}}li")
        if entry.href:
            link = etree.SubElement(li, f"{{{XHTML}}}a", href=entry.href)
        else:  # a part: a heading for its pages, which EPUB 3 writes as a span before its list
            link = etree.SubElement(li, f"{{{XHTML}}}span")
        link.text = entry.title
        if entry.children:
            li.append(_list(entry.children))
    return ol


def toc_nav(entries: Sequence[Entry], heading: str) -> etree._Element:
    """The table of contents; ``role="doc-toc"`` matches its ``epub:type`` for assistive
    technologies (DAISY Ace, epub-type-has-matching-role)."""
    nav = _element("nav", epub_type="toc", id="toc", role="doc-toc")
    nav.append(_element("h1", heading))
    nav.append(_list(entries))
    return nav


def landmarks_nav(found: Sequence[Landmark], heading: str) -> etree._Element:
    """The landmarks, for the reading system's menus only: ``hidden`` keeps them out of the
    reading order, as EPUB 3.3 (§7.4.2.2) allows."""
    nav = _element("nav", epub_type="landmarks", id="landmarks", hidden="hidden")
    nav.append(_element("h2", heading))
    ol = etree.SubElement(nav, f"{{{XHTML}}}ol")
    for landmark in found:
        li = etree.SubElement(ol, f"{{{XHTML}}}li")
        li.append(_element("a", landmark.title, epub_type=landmark.type, href=landmark.href))
    return nav


def page_list_nav(pages: Sequence[tuple[str, str]], heading: str) -> etree._Element:
    """The print edition's pages, ``(number, href)`` in order, for "go to page" menus; hidden
    from the reading order like the landmarks."""
    nav = _element("nav", epub_type="page-list", role="doc-pagelist", hidden="hidden")
    nav.append(_element("h2", heading))
    ol = etree.SubElement(nav, f"{{{XHTML}}}ol")
    for number, href in pages:
        li = etree.SubElement(ol, f"{{{XHTML}}}li")
        etree.SubElement(li, f"{{{XHTML}}}a", href=href).text = number
    return nav


def navigation_document(language: str, title: str, navs: Iterable[etree._Element]) -> bytes:
    """``nav.xhtml``: an XHTML document holding ``navs`` in order (the toc first)."""
    html = _element("html", lang=language)
    html.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = title
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    body.extend(navs)
    etree.indent(html, space="  ")
    document: bytes = etree.tostring(
        html, xml_declaration=True, encoding="UTF-8", doctype="<!DOCTYPE html>"
    )
    return document + b"\n"


def ncx_document(uid: str, title: str, entries: Sequence[Entry]) -> bytes:
    """``toc.ncx`` (EPUB 2's table of contents, which older readers show) from the same outline.

    A part, which NCX cannot leave without a target, points at its first page; entries that lead
    to the same place share its ``playOrder``, as the NCX specification requires.
    """
    orders: dict[str, int] = {}
    ids = iter(range(1, 1_000_000))

    def points(parent: etree._Element, items: Sequence[Entry]) -> int:
        depth = 0
        for entry in items:
            target = entry.href or next(entry.pages()).href
            order = orders.setdefault(target, len(orders) + 1)
            point = etree.SubElement(
                parent, f"{{{NCX}}}navPoint", id=f"navPoint{next(ids)}", playOrder=str(order)
            )
            label = etree.SubElement(point, f"{{{NCX}}}navLabel")
            etree.SubElement(label, f"{{{NCX}}}text").text = entry.title
            etree.SubElement(point, f"{{{NCX}}}content", src=target)
            depth = max(depth, 1 + points(point, entry.children))
        return depth

    ncx = etree.Element(f"{{{NCX}}}ncx", nsmap=NCX_NAMESPACES, version="2005-1")
    head = etree.SubElement(ncx, f"{{{NCX}}}head")
    doc_title = etree.SubElement(ncx, f"{{{NCX}}}docTitle")
    etree.SubElement(doc_title, f"{{{NCX}}}text").text = title
    depth = points(etree.SubElement(ncx, f"{{{NCX}}}navMap"), entries)
    for name, content in (
        ("dtb:uid", uid),
        ("dtb:depth", str(depth)),
        ("dtb:totalPageCount", "0"),
        ("dtb:maxPageNumber", "0"),
    ):
        etree.SubElement(head, f"{{{NCX}}}meta", name=name, content=content)
    etree.indent(ncx, space="  ")
    document: bytes = etree.tostring(ncx, xml_declaration=True, encoding="UTF-8")
    return document + b"\n"
