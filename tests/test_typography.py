"""The PDF's text typography, checked as a book designer reads it: the measure of its lines,
its citation markers sorted and collapsed, its references' titles in sentence case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pybtex.database
import pybtex.plugin
import pymupdf
import typst
from docutils import nodes

from addresses import repeated_addresses
from citations import loose_markers, site_unsorted_marker_runs, unsorted_marker_runs
from coursebook.bibliography_titles import sentence_titles
from coursebook.citation_order import hold_to_word, marker_runs, sort_run
from coursebook.editions.typst.references import collapsed_markers
from editions import pdf_text
from hyphenation import hyphenation_problems
from measure import measure_problems, median_line_length


def test_body_lines_run_a_book_s_measure(components_build: Path) -> None:
    pdf = components_build / "pdf" / "components.pdf"
    assert measure_problems(pdf) == [], median_line_length(pdf)


def _page_of_lines(path: Path, characters: int, lines: int = 30) -> Path:
    """A PDF whose body is ``lines`` lines of ``characters`` characters each."""
    document = pymupdf.open()
    page = document.new_page(width=800, height=842)
    for line in range(lines):
        text = ("word " * characters)[:characters]
        page.insert_text((20, 40 + 14 * line), text, fontname="cour", fontsize=10)
    document.save(path)
    return path


def test_the_measure_check_catches_lines_too_long_or_too_short(tmp_path: Path) -> None:
    # Planted faults: the whole A4 width at 10.5 pt (what the PDF set before) and a narrow column.
    assert measure_problems(_page_of_lines(tmp_path / "wide.pdf", 98)) != []
    assert measure_problems(_page_of_lines(tmp_path / "narrow.pdf", 40)) != []
    assert measure_problems(_page_of_lines(tmp_path / "book.pdf", 68)) == []


# Planted faults: a table's narrow cell and a link, both hyphenated, in the book's faces.
HYPHENATED = """
#set text(font: "Noto Sans", size: 9pt, lang: "en", hyphenate: true)
#table(columns: (18mm, 18mm), [Little direct evidence], [characteristically])
#block(width: 30mm, text(size: 10pt, fill: rgb("#0b5f94"),
  link("https://example.org/")[characteristically uncharacteristic institutionalisation]))
"""


def test_tables_and_links_are_never_hyphenated(components_build: Path, tmp_path: Path) -> None:
    assert hyphenation_problems(components_build / "pdf" / "components.pdf") == []
    source = tmp_path / "hyphenated.typ"
    source.write_text(HYPHENATED, "utf-8")
    planted = tmp_path / "hyphenated.pdf"
    planted.write_bytes(typst.compile(str(source)))
    problems = hyphenation_problems(planted)
    assert any("a table cell hyphenated" in problem for problem in problems), problems
    assert any("a link hyphenated" in problem for problem in problems), problems


def _numbers(typst: str) -> str:
    """The characters a run of markers prints, without its links."""
    return (
        typst.replace("#super[,]", ", ")
        .replace("#super[–]", "–")
        .replace("#cb-note-ref(", "")
        .replace(")[", "")
        .replace("]", "")
    )


def _markers(*numbers: int) -> list[tuple[str, str]]:
    return [(str(n), f'#cb-note-ref("t")[{n}]') for n in numbers]


def test_citation_markers_are_sorted_and_collapsed() -> None:
    assert _numbers(collapsed_markers(_markers(2, 1))) == '"t"1, "t"2'
    assert _numbers(collapsed_markers(_markers(3, 1, 2))) == '"t"1–"t"3'
    assert _numbers(collapsed_markers(_markers(5, 2))) == '"t"2, "t"5'
    assert _numbers(collapsed_markers(_markers(8, 5, 6, 7, 1))) == '"t"1, "t"5–"t"8'
    assert _numbers(collapsed_markers(_markers(4))) == '"t"4'


PENNING = """@article{penning2000psoas,
  author  = {Penning, L.},
  title   = {Psoas muscle and lumbar spine stability: a concept uniting existing controversies.
             Critical review and {NICE} hypothesis},
  journal = {European Spine Journal},
  year    = {2000},
}"""


def _formatted_title(style: type[Any]) -> str:
    """How ``style`` prints the title of a two-sentence article."""
    entries = pybtex.database.parse_string(PENNING, "bibtex")
    entry = next(iter(style().format_entries(entries.entries.values())))
    return str(entry.text.render_as("text"))


def test_a_title_of_two_sentences_keeps_both_capitals() -> None:
    # pybtex's own class, not the plugin registered under "unsrt": a build in this process
    # registers the book's (memoised, sentence-cased) style under that name.
    from pybtex.style.formatting.unsrt import Style as unsrt

    # The planted fault is pybtex's own style, which lowercased the second sentence.
    assert "controversies. critical review" in _formatted_title(unsrt)
    title = _formatted_title(sentence_titles(unsrt))
    assert "controversies. Critical review and NICE hypothesis." in title
    wrapped = sentence_titles(unsrt)
    assert sentence_titles(wrapped) is wrapped  # a second build does not wrap it again


def _paragraph(*parts: str | int) -> nodes.paragraph:
    """A paragraph of words (strings) and note markers (numbers)."""
    paragraph = nodes.paragraph()
    for part in parts:
        if isinstance(part, int):
            paragraph += nodes.footnote_reference(str(part), str(part))
        else:
            paragraph += nodes.Text(part)
    return paragraph


def _runs(paragraph: nodes.paragraph) -> list[list[str]]:
    return [[marker.astext() for marker in run] for run in marker_runs(paragraph)]


def test_every_edition_sorts_note_markers_and_holds_them_to_their_word() -> None:
    # As footcite writes "{footcite:p}`b,a`" after "b" was cited first: the planted fault.
    paragraph = _paragraph("the strongest hip flexor ", 8, 5, ". Then ", 3, ".")
    assert _runs(paragraph) == [["8", "5"], ["3"]]
    ordered = sort_run(marker_runs(paragraph)[0])
    hold_to_word(ordered)
    assert _runs(paragraph) == [["5", "8"], ["3"]]
    assert paragraph.astext() == "the strongest hip flexor\u00a058. Then 3."


def test_each_reference_prints_its_address_once(components_build: Path) -> None:
    assert repeated_addresses(pdf_text(components_build / "pdf" / "components.pdf")) == []
    # Planted: an address printed after its words as well, broken over a line; a DOI twice.
    twice = "URL: https://www.ncbi.nlm.nih.gov/pmc/art\nicles/PMC4325283/ (https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4325283/)."
    assert len(repeated_addresses(twice)) == 1
    doi = "2018. doi:10.7759/cureus.2447. URL: https://doi.org/10.7759/cureus.2447."
    assert len(repeated_addresses(doi)) == 1


def test_note_markers_are_set_against_their_word(components_build: Path) -> None:
    sources = sorted((components_build / ".work" / "pdf" / "chapters").glob("*.typ"))
    text = "".join(path.read_text("utf-8") for path in sources)
    assert "#cb-note-ref(" in text
    assert loose_markers(text) == []
    # Planted: the marker after the space the source has ("hip {footcite:p}`key`").
    assert loose_markers('hip #cb-note-ref("chapters/one#note")[1]') == ["#cb-note-ref("]
    assert loose_markers("flexor\n#super[2]") == ["#super[2"]


def test_the_website_check_finds_markers_out_of_order() -> None:
    html = "".join(
        f'<a class="footnote-reference brackets" href="#n{n}" role="doc-noteref">'
        f'<span class="fn-bracket">[</span>{n}<span class="fn-bracket">]</span></a>'
        for n in (8, 5)
    )
    assert unsorted_marker_runs(html) == [[8, 5]]
    assert unsorted_marker_runs(html.replace(">8<", ">4<")) == []


def test_the_website_sets_note_markers_in_order(components_build: Path) -> None:
    assert site_unsorted_marker_runs(components_build / "html") == []
