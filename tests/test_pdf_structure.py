"""The test books' PDFs meet PDF/UA-1 point by point (issue 14): outloud reports no error and
no warning but its named false alarms, and the pikepdf checks of ``pdf_structure`` pass, laid out
whole and in parts. Each check is proven on a planted fault: a copy of a good PDF broken with
pikepdf in exactly the way the check exists to catch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from editions import outloud_problems
from pdf_structure import (
    Element,
    Tagged,
    annotation_problems,
    block_problems,
    contents_problems,
    figure_problems,
    furniture_problems,
    heading_problems,
    link_problems,
    list_problems,
    order_problems,
    read_structure,
    structure_problems,
    table_problems,
)

PDFS = {
    "components": ("components_build", "components.pdf"),
    "components in parts": ("parts_build", "components.pdf"),
    "exercises": ("exercises_build", "exercises.pdf"),
}


@pytest.fixture(params=list(PDFS))
def test_book_pdf(request: pytest.FixtureRequest) -> Path:
    fixture, name = PDFS[request.param]
    return request.getfixturevalue(fixture) / "pdf" / name


def test_pdf_structure_meets_pdf_ua(test_book_pdf: Path) -> None:
    assert structure_problems(test_book_pdf) == []


def test_outloud_finds_no_error(test_book_pdf: Path) -> None:
    assert outloud_problems(test_book_pdf) == []


# -- planted faults ------------------------------------------------------------------------------


def first(tagged: Tagged, kind: str, where: Callable[[Element], bool] = lambda _: True) -> Element:
    return next(element for element in tagged.of_type(kind) if where(element))


def retype(tagged: Tagged, kind: str, to: str) -> None:
    first(tagged, kind).obj.S = Name("/" + to)


def demote_first_h1(tagged: Tagged) -> None:
    retype(tagged, "H1", "H2")


def paragraph_as_loose_span(tagged: Tagged) -> None:
    """A paragraph of the page tagged as Typst tags a block's words set without `par`."""
    first(
        tagged, "P", lambda p: p.parent is not None and p.parent.type == "Document"
    ).obj.S = Name.Span


def link_under_span(tagged: Tagged) -> None:
    retype(tagged, "Link", "Span")


def machine_id_description(tagged: Tagged) -> None:
    first(tagged, "Link").annotations[0].Contents = String("document-chapters/care")


def link_in_link(tagged: Tagged) -> None:
    paragraph = first(tagged, "P", lambda p: any(c.type == "Link" for c in p.children))
    paragraph.obj.S = Name("/Link")


def empty_link(tagged: Tagged) -> None:
    link = first(tagged, "Link")
    link.obj.K = Array([kid for kid in link.obj.K if isinstance(kid, Dictionary)])


def no_print_flag(tagged: Tagged) -> None:
    first(tagged, "Link").annotations[0].F = 0


def running_head_as_layout(tagged: Tagged) -> None:
    """The running head and page number drawn as layout artifacts, not pagination."""
    for page in tagged.pdf.pages:
        data = page.Contents.read_bytes()
        if b"/Pagination" in data:
            page.Contents.write(data.replace(b"/Pagination", b"/Layout"))
            return
    raise AssertionError("no Pagination artifact to break")


def lbody_as_p(tagged: Tagged) -> None:
    retype(tagged, "LBody", "P")


def th_without_scope(tagged: Tagged) -> None:
    for attribute in first(tagged, "TH").obj.A:
        if attribute.get("/O") == Name("/Table"):
            del attribute["/Scope"]


def headers_to_nowhere(tagged: Tagged) -> None:
    for attribute in first(tagged, "TD").obj.A:
        if attribute.get("/O") == Name("/Table"):
            attribute.Headers = Array([String("no-such-cell")])


def table_split_in_two(tagged: Tagged) -> None:
    """The table's last row moved into a second Table after the first, as a page break did."""
    table = first(tagged, "Table")
    body = first(tagged, "TBody", lambda body: body.parent is table)
    row = body.obj.K[-1]
    del body.obj.K[-1]
    unit = table.parent if table.parent is not None and table.parent.type == "Div" else table
    container = unit.parent
    assert container is not None
    second = tagged.pdf.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Table, P=container.obj, K=Array([row]))
    )
    row.P = second
    kids = container.obj.K
    index = next(i for i, kid in enumerate(kids) if kid.objgen == unit.obj.objgen)
    kids.insert(index + 1, second)


def contents_as_list(tagged: Tagged) -> None:
    for toc in tagged.of_type("TOC"):
        toc.obj.S = Name.L


def figure_box_in_css_pixels(tagged: Tagged) -> None:
    """A BBox measured from the top-left corner in CSS pixels, as WeasyPrint wrote them."""
    for attribute in first(tagged, "Figure").obj.A:
        if attribute.get("/O") == Name("/Layout"):
            attribute.BBox = Array([80, 700, 500, 1200])


def exercise_reordered(tagged: Tagged) -> None:
    """Two blocks of an exercise page swapped in the tag tree, not on the page."""
    exercise = first(tagged, "H2", lambda h: "Glute bridge" in str(h.obj.get("/T", "")))
    siblings = exercise.parent.obj.K
    index = next(i for i, kid in enumerate(siblings) if kid.objgen == exercise.obj.objgen)
    siblings[index], siblings[index + 1] = siblings[index + 1], siblings[index]


FAULTS = [
    (demote_first_h1, heading_problems, "the first heading is H2"),
    (paragraph_as_loose_span, block_problems, "a Span directly under Document"),
    (link_under_span, link_problems, "OBJR of a Span"),
    (machine_id_description, link_problems, "'document-chapters/care', not in words"),
    (link_in_link, link_problems, "a Link inside a Link"),
    (empty_link, link_problems, "a Link with no content"),
    (no_print_flag, annotation_problems, "flags 0, not Print only"),
    (running_head_as_layout, furniture_problems, "not a Pagination artifact"),
    (lbody_as_p, list_problems, "an LI without LBody"),
    (th_without_scope, table_problems, "a TH with no /Scope"),
    (headers_to_nowhere, table_problems, "/Headers names no-such-cell"),
    (table_split_in_two, table_problems, "a table continues as a second Table"),
    (contents_as_list, contents_problems, "0 top-level TOC elements"),
    (figure_box_in_css_pixels, figure_problems, "off the page"),
    (exercise_reordered, order_problems, "painted out of tag order"),
]


@pytest.mark.parametrize(
    ("plant", "check", "expected"), FAULTS, ids=[fault.__name__ for fault, _, _ in FAULTS]
)
def test_each_check_finds_its_planted_fault(
    exercises_build: Path, tmp_path: Path, plant, check, expected: str
) -> None:
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(exercises_build / "pdf" / "exercises.pdf") as pdf:
        assert check(read_structure(pdf)) == []
        plant(read_structure(pdf))
        pdf.save(broken)
    with pikepdf.open(broken) as pdf:
        problems = check(read_structure(pdf))
    assert any(expected in problem for problem in problems), problems


def test_outloud_reports_a_planted_error(exercises_build: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(exercises_build / "pdf" / "exercises.pdf") as pdf:
        del pdf.Root["/Lang"]
        pdf.save(broken)
    assert any(re.match(r"DOC-013 ", problem) for problem in outloud_problems(broken))
