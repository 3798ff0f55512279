"""PDF/UA-1 structure checks with pikepdf, shared by the fast tests (test books) and `make check`.

outloud (a PDF/UA-1 and Matterhorn checker, run beside these) reads a PDF as a validator does;
these checks read the points of issue 14 that it does not settle, each named after its
Matterhorn checkpoint where it has one:

* headings (14-002, 14-003): the first heading is H1, no level is skipped, and each top-level
  bookmark (the contents and every chapter) is exactly one H1, in the same order;
* links (28-011, 28-012): every link annotation is the OBJR of a Link structure element, with a
  description in words (not a machine id); no Link inside a Link, none without content;
* annotations: every annotation has the Print flag and is not hidden (as issue 14 asks);
* page furniture (checkpoint 18): running heads and page numbers are ``/Artifact /Pagination``;
* lists (checkpoint 16): every LI has an LBody; tables (15-003, checkpoint 15): every TH has a
  /Scope, every /Headers id resolves, and a table is one Table element even across pages;
* the contents are TOC/TOCI; a figure's BBox lies on its page (PDF user space, bottom-left origin);
* every text is in a block: no inline element (Span, Link...) directly under Document;
* reading order (09-001): each page paints its marked content in the structure tree's order,
  floating figures aside (a float is tagged where the text places it, not where it lands).

:func:`structure_problems` returns every problem found, as sentences, so a test shows them all.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

FURNITURE_BAND = 20 / 25.4 * 72
"""Text this close to the top or bottom edge (20 mm, in points) is a running head or a page
number: the layout's text area starts 22 mm from the top and ends 24 mm above the bottom."""

MACHINE_ID = re.compile(
    r"^(cbref:|#|document-)|^id\d+$|^[\w.-]+(/[\w.-]+)+$|^[\w-]*\d[\w-]*$", re.IGNORECASE
)
"""A link description that is an id, not words: ``document-chapters/care``, ``id1``,
``chapters/care``, ``cbref:...``. (A web address is words enough: it is what the link opens.)"""


@dataclass(eq=False)
class Element:
    """A structure element, with what the checks need of it."""

    obj: Dictionary
    type: str  # after the role map, without the slash
    parent: Element | None
    page: int | None  # its /Pg (inherited), from 0
    children: list[Element] = field(default_factory=list)
    content: list[tuple[int | None, int]] = field(default_factory=list)
    """(page, MCID) of its marked content and its children's, in tree order."""
    annotations: list[Dictionary] = field(default_factory=list)  # its OBJRs

    def ancestors(self) -> Iterator[Element]:
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent

    def descendants(self) -> Iterator[Element]:
        for child in self.children:
            yield child
            yield from child.descendants()


@dataclass
class Tagged:
    """A tagged PDF's structure tree, flattened in tree order."""

    pdf: pikepdf.Pdf
    elements: list[Element]
    order: dict[int, list[int]]  # page -> its MCIDs in tree order

    def of_type(self, *types: str) -> list[Element]:
        return [element for element in self.elements if element.type in types]


def read_structure(pdf: pikepdf.Pdf) -> Tagged:
    """The structure tree of ``pdf``, role-mapped, with each element's page and content."""
    root = pdf.Root.StructTreeRoot
    role_map = {str(k): str(v) for k, v in root.get("/RoleMap", Dictionary()).items()}
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    elements: list[Element] = []
    order: dict[int, list[int]] = {}

    def page_of(node: Dictionary, inherited: int | None) -> int | None:
        page = node.get("/Pg")
        return pages.get(page.objgen, inherited) if page is not None else inherited

    def walk(node: object, parent: Element | None, page: int | None) -> None:
        if isinstance(node, int):  # an MCID on the element's page
            assert parent is not None
            _add_content(parent, page, node)
        elif isinstance(node, Dictionary) and node.get("/Type") == "/MCR":
            assert parent is not None
            _add_content(parent, page_of(node, page), int(node.MCID))
        elif isinstance(node, Dictionary) and node.get("/Type") == "/OBJR":
            assert parent is not None
            parent.annotations.append(node.Obj)
        elif isinstance(node, Dictionary):
            raw = str(node.get("/S", "/StructTreeRoot"))
            kind = role_map.get(raw, raw)[1:]
            element = Element(node, kind, parent, page_of(node, page))
            elements.append(element)
            if parent is not None:
                parent.children.append(element)
            for kid in _kids(node):
                walk(kid, element, element.page)

    def _add_content(element: Element, page: int | None, mcid: int) -> None:
        for owner in (element, *element.ancestors()):
            owner.content.append((page, mcid))
        if page is not None:
            order.setdefault(page, []).append(mcid)

    walk(root, None, None)
    return Tagged(pdf, elements[1:], order)  # the root itself is no element


def _kids(node: Dictionary) -> list[object]:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


# -- the checks -----------------------------------------------------------------------------------


def heading_problems(tagged: Tagged) -> list[str]:
    """Matterhorn 14-002/14-003: the first heading is H1 and no level is skipped; and the book's
    choice: every top-level bookmark (the contents, each chapter) is one H1, in the same order."""
    problems = []
    levels = [
        (int(element.type[1:]), element)
        for element in tagged.elements
        if re.fullmatch(r"H[1-6]", element.type)
    ]
    if any(element.type == "H" for element in tagged.elements):
        problems.append("an unnumbered /H heading beside numbered ones (Matterhorn 14-003)")
    if levels and levels[0][0] != 1:
        problems.append(f"the first heading is H{levels[0][0]}, not H1 (Matterhorn 14-002)")
    for (before, _), (level, element) in itertools.pairwise(levels):
        if level > before + 1:
            problems.append(f"H{before} followed by H{level} {_title(element)} (14-003)")
    h1 = [str(element.obj.get("/T", "")) for level, element in levels if level == 1]
    with tagged.pdf.open_outline() as outline:
        bookmarks = [item.title for item in outline.root]
    if h1 != bookmarks:
        problems.append(f"the H1 headings {h1} are not the top-level bookmarks {bookmarks}")
    return problems


def link_problems(tagged: Tagged) -> list[str]:
    """Matterhorn 28-011 and 28-012, and no nested or empty links."""
    problems = []
    owners = {
        annotation.objgen: element
        for element in tagged.elements
        for annotation in element.annotations
    }
    for number, page in enumerate(tagged.pdf.pages, 1):
        for annotation in page.get("/Annots", Array()):
            if annotation.get("/Subtype") != "/Link":
                continue
            owner = owners.get(annotation.objgen)
            if owner is None or owner.type != "Link":
                kind = "no structure element" if owner is None else f"a {owner.type}"
                problems.append(f"page {number}: a link annotation is the OBJR of {kind}")
            description = str(annotation.get("/Contents", "")).strip()
            if not description or MACHINE_ID.search(description):
                problems.append(f"page {number}: link described as {description!r}, not in words")
    for element in tagged.of_type("Link"):
        if any(ancestor.type == "Link" for ancestor in element.ancestors()):
            problems.append(f"page {_page(element)}: a Link inside a Link")
        if not element.content and not element.obj.get("/Alt"):
            problems.append(f"page {_page(element)}: a Link with no content and no /Alt")
        if not element.annotations:
            problems.append(f"page {_page(element)}: a Link element with no link annotation")
    return problems


def annotation_problems(tagged: Tagged) -> list[str]:
    """Every annotation printed (the Print flag, 4) and neither hidden (2) nor unseen (32)."""
    problems = []
    for number, page in enumerate(tagged.pdf.pages, 1):
        for annotation in page.get("/Annots", Array()):
            flags = int(annotation.get("/F", 0))
            if not flags & 4 or flags & (2 | 32):
                problems.append(f"page {number}: an annotation with flags {flags}, not Print only")
    return problems


def furniture_problems(tagged: Tagged) -> list[str]:
    """Matterhorn checkpoint 18: text near the top or bottom edge (a running head, a page number) is
    inside ``/Artifact`` marked content of ``/Type /Pagination``, never tagged content."""
    problems = []
    for number, page in enumerate(tagged.pdf.pages, 1):
        height = float(page.mediabox[3]) - float(page.mediabox[1])
        for y, marks in _text_positions(page):
            if FURNITURE_BAND < y < height - FURNITURE_BAND:
                continue
            if not any(tag == "Artifact" and kind == "Pagination" for tag, kind in marks):
                where = "top" if y >= height - FURNITURE_BAND else "bottom"
                problems.append(
                    f"page {number}: text at the {where} edge is not a Pagination artifact"
                )
                break
    return problems


def list_problems(tagged: Tagged) -> list[str]:
    """Matterhorn checkpoint 16: a list holds items, and every item an LBody."""
    problems = []
    for element in tagged.of_type("LI"):
        if not any(child.type == "LBody" for child in element.children):
            problems.append(f"page {_page(element)}: an LI without LBody")
        if element.parent is None or element.parent.type != "L":
            problems.append(f"page {_page(element)}: an LI outside an L")
    return problems


def table_problems(tagged: Tagged) -> list[str]:
    """Matterhorn 15-003 and checkpoint 15: header cells have a scope, /Headers ids resolve;
    and one Table element per table: no Table directly follows another (a table split at a page
    break)."""
    problems = []
    ids = _ids(tagged.pdf)
    for element in tagged.of_type("TH", "TD"):
        table = _attributes(element.obj, "/Table")
        if element.type == "TH" and "/Scope" not in table and not table.get("/Headers"):
            problems.append(f"page {_page(element)}: a TH with no /Scope and no /Headers")
        for header in table.get("/Headers", Array()):
            if str(header) not in ids:
                problems.append(f"page {_page(element)}: /Headers names {header}, no element")
    for element in tagged.of_type("Table"):
        if not any(cell.type == "TH" for cell in element.descendants()):
            problems.append(f"page {_page(element)}: a Table with no header cell")
        # The table, or the figure holding it and its caption, and what follows that.
        unit = element
        if element.parent is not None and _is_table_figure(element.parent):
            unit = element.parent
        siblings = [] if unit.parent is None else unit.parent.children
        after = siblings[siblings.index(unit) + 1 :]
        if after and _continues_a_table(after[0]):
            problems.append(f"page {_page(element)}: a table continues as a second Table")
    return problems


def contents_problems(tagged: Tagged) -> list[str]:
    """The contents are a TOC of TOCI (one per chapter at least), each entry a link."""
    with tagged.pdf.open_outline() as outline:
        chapters = len(outline.root) - 1  # the contents' own bookmark is no entry of itself
    # A TOC holds TOCI entries and, for the sections of a chapter, nested TOCs.
    tocs = [
        toc
        for toc in tagged.of_type("TOC")
        if toc.parent and toc.parent.type not in ("TOC", "TOCI")
    ]
    if len(tocs) != 1:
        return [f"{len(tocs)} top-level TOC elements, not one for the contents"]
    entries = [child for child in tocs[0].children if child.type == "TOCI"]
    problems = []
    if len(entries) < chapters:
        problems.append(f"the contents' TOC has {len(entries)} TOCI for {chapters} chapters")
    for child in tocs[0].children:
        if child.type not in ("TOCI", "TOC", "Caption"):
            problems.append(f"a {child.type} in the contents' TOC")
    for entry in tagged.of_type("TOCI"):
        if not any(element.type == "Link" for element in entry.descendants()):
            problems.append(f"page {_page(entry)}: a contents entry (TOCI) that links nowhere")
    return problems


def figure_problems(tagged: Tagged) -> list[str]:
    """A Figure's /BBox (Layout attribute) lies on its page, in user space: x and y from the
    bottom-left corner, and it has an area."""
    problems = []
    for element in tagged.of_type("Figure"):
        box = _attributes(element.obj, "/Layout").get("/BBox")
        if box is None:
            problems.append(f"page {_page(element)}: a Figure with no /BBox")
            continue
        x0, y0, x1, y1 = (float(value) for value in box)
        page = tagged.pdf.pages[element.page or 0]
        px0, py0, px1, py1 = (float(value) for value in page.mediabox)
        slack = 1.0  # Typst's boxes may reach a fraction of a point past the edge
        inside = px0 - slack <= x0 < x1 <= px1 + slack and py0 - slack <= y0 < y1 <= py1 + slack
        if not inside:
            problems.append(
                f"page {_page(element)}: a Figure's /BBox {[x0, y0, x1, y1]} is off the page"
            )
    return problems


def order_problems(tagged: Tagged) -> list[str]:
    """Matterhorn 09-001: on every page the content stream paints marked content in the order of
    the structure tree, floating figures aside (tagged where the text refers to them)."""
    floats = {
        mcid
        for element in tagged.of_type("Div")
        if {"Caption", "Figure"} <= {child.type for child in element.children}
        for mcid in element.content
    }
    problems = []
    for number, page in enumerate(tagged.pdf.pages):
        tree = [mcid for mcid in tagged.order.get(number, []) if (number, mcid) not in floats]
        painted = [mcid for mcid in _painted_mcids(page) if (number, mcid) not in floats]
        if painted != tree:
            first = next(i for i, (a, b) in enumerate(zip(painted, tree, strict=False)) if a != b)
            problems.append(
                f"page {number + 1}: painted out of tag order from its {first + 1}th "
                f"sequence (painted MCID {painted[first]}, tagged {tree[first]} next)"
            )
    return problems


INLINE = frozenset({"Span", "Link", "Em", "Strong", "Quote", "Reference", "Code", "Lbl"})
"""Inline structure types (ISO 32000-1, 14.8.4.4): text, not a block of the document."""


def block_problems(tagged: Tagged) -> list[str]:
    """Every text of the document is in a block (a paragraph, heading, list...): no inline
    element directly under Document, as Typst tags a block's lone words set without a `par`."""
    documents = tagged.of_type("Document")
    return [
        f"page {_page(child)}: a {child.type} directly under Document, in no paragraph"
        for document in documents
        for child in document.children
        if child.type in INLINE
    ]


CHECKS = (
    heading_problems,
    block_problems,
    link_problems,
    annotation_problems,
    furniture_problems,
    list_problems,
    table_problems,
    contents_problems,
    figure_problems,
    order_problems,
)


def structure_problems(pdf: Path | pikepdf.Pdf) -> list[str]:
    """Every problem :data:`CHECKS` find in the PDF, each check's under its own name."""
    with pdf if isinstance(pdf, pikepdf.Pdf) else pikepdf.open(pdf) as opened:
        tagged = read_structure(opened)
        return [f"{check.__name__}: {problem}" for check in CHECKS for problem in check(tagged)]


# -- reading content streams ----------------------------------------------------------------------


def _painted_mcids(page: pikepdf.Page) -> list[int]:
    """The MCIDs of a page's marked-content sequences in the order its content stream opens them."""
    return [
        int(operands[1].MCID)
        for operands, operator in pikepdf.parse_content_stream(page, "BDC")
        if isinstance(operands[1], Dictionary) and "/MCID" in operands[1]
    ]


def _text_positions(page: pikepdf.Page) -> Iterator[tuple[float, list[tuple[str, str]]]]:
    """The height above the page's bottom of every text-showing operator, with the marked-content
    tags open around it as (tag, /Type). Follows ``q``/``Q``/``cm`` and ``Tm``/``Td``: enough for
    the streams Typst writes (a ``cm`` per text run, ``Tm`` at the origin)."""
    matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[tuple[float, ...]] = []
    marks: list[tuple[str, str]] = []
    text_at = (0.0, 0.0)
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append(matrix)
        elif op == "Q":
            matrix = saved.pop()
        elif op == "cm":
            matrix = _multiply(tuple(float(value) for value in operands), matrix)
        elif op == "BT":
            text_at = (0.0, 0.0)
        elif op == "Tm":
            text_at = (float(operands[4]), float(operands[5]))
        elif op in ("Td", "TD"):
            text_at = (text_at[0] + float(operands[0]), text_at[1] + float(operands[1]))
        elif op in ("BDC", "BMC"):
            props = operands[1] if len(operands) > 1 else None
            kind = str(props.get("/Type", "")) if isinstance(props, Dictionary) else ""
            marks.append((str(operands[0])[1:], kind[1:]))
        elif op == "EMC":
            marks.pop()
        elif op in ("Tj", "TJ", "'", '"'):
            x, y = text_at
            yield matrix[1] * x + matrix[3] * y + matrix[5], list(marks)


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix product m × n (a ``cm`` operand m applied before the current matrix n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


# -- small helpers ------------------------------------------------------------------------------


def _attributes(node: Dictionary, owner: str) -> Dictionary:
    """The element's attribute dictionary of ``owner`` (/Layout, /Table), merged if several."""
    found = Dictionary()
    attributes = node.get("/A")
    for attribute in (
        attributes if isinstance(attributes, Array) else [attributes] if attributes else []
    ):
        if isinstance(attribute, Dictionary) and attribute.get("/O") == Name(owner):
            for key, value in attribute.items():
                found[key] = value
    return found


def _ids(pdf: pikepdf.Pdf) -> set[str]:
    """The structure element ids of the /IDTree (a name tree)."""
    tree = pdf.Root.StructTreeRoot.get("/IDTree")
    if tree is None:
        return set()
    return set(pikepdf.NameTree(tree).keys())


def _is_table_figure(element: Element) -> bool:
    """A Div that holds a table and maybe its caption: how Typst tags a table's figure."""
    kinds = [child.type for child in element.children]
    return element.type == "Div" and "Table" in kinds and set(kinds) <= {"Table", "Caption"}


def _continues_a_table(element: Element) -> bool:
    """A Table with no caption of its own: the rest of the table before it."""
    if element.type == "Table":
        return True
    kinds = [child.type for child in element.children]
    return _is_table_figure(element) and "Caption" not in kinds


def _page(element: Element) -> str:
    pages = [page for page, _ in element.content if page is not None]
    page = pages[0] if pages else element.page
    return "?" if page is None else str(page + 1)


def _title(element: Element) -> str:
    return repr(str(element.obj.get("/T", "")))
