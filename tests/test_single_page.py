"""The single page's ids and links, repaired for print."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from conftest import ROOTS
from coursebook.editions.single_page import BACK_STARTS, prepare_for_print
from coursebook.exercises.model import card_sections, load_catalogue

PAGE = """<html><body><section id="book"><h1>Book</h1>
<div class="toctree-wrapper">
<div class="cb-chapter" data-doc="a" id="document-a"><section id="chapter-a"><h2>A</h2>
  <section id="self-check"><h3>Self-check</h3><a href="#self-check">here</a></section>
  <a href="#document-b#self-check">b's questions</a> <a href="#document-b">chapter b</a>
</section><aside id="footnote-1">a's footnote <a href="#back-1">back</a></aside>
<span id="back-1"></span></div>
<div class="cb-chapter" data-doc="b" id="document-b"><section id="chapter-b"><h2>B</h2>
  <section id="self-check"><h3>Self-check</h3><a href="#self-check">here</a></section>
  <a href="#nowhere">dead</a> <a href="#footnote-1">note</a>
</section><aside id="footnote-1">b's footnote</aside></div></div></section>
<script>alert(1)</script></body></html>"""


def test_ids_are_unique_and_links_follow_their_document() -> None:
    page = prepare_for_print(PAGE)
    tree = html.fromstring(page.html)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    links = {a.text: a.get("href") for a in tree.iter("a")}
    b_check = tree.xpath("//div[@data-doc='b']//h3/..")[0].get("id")
    assert b_check != "self-check"
    assert links["b's questions"] == "#" + b_check
    assert links["chapter b"] == "#document-b"
    b_note = tree.xpath("//div[@data-doc='b']/aside")[0].get("id")
    assert b_note != "footnote-1"  # footnotes follow the sections and still belong to b
    assert links["note"] == "#" + b_note
    assert [a.get("href") for a in tree.xpath("//div[@data-doc='b']//a[.='here']")] == [
        "#" + b_check
    ]
    assert page.dead_links == ["#nowhere"]
    assert page.chapters == ["a", "b"]
    assert not tree.xpath("//script")


def test_every_document_is_wrapped_for_page_breaks(components_build: Path) -> None:
    page = html.parse(str(components_build / ".work" / "pdf" / "print.html"))
    chapters = page.xpath("//div[contains(@class,'cb-chapter')]/@data-doc")
    assert chapters == ["chapters/one", "chapters/two"]
    assert not page.xpath("//span[starts-with(@id,'document-')]")


def test_cross_chapter_link_in_the_real_pdf_lands_in_the_right_chapter(
    components_build: Path,
) -> None:
    page = html.parse(str(components_build / ".work" / "pdf" / "print.html"))
    link = page.xpath("//a[.='Self-check']")[0].get("href")
    target = page.xpath(f"//*[@id='{link[1:]}']")[0]
    assert target.xpath("ancestor::div[@data-doc]")[0].get("data-doc") == "chapters/two"


EXERCISE = """<html><body><div class="cb-chapter" data-doc="ex" id="document-ex">
<section class="cb-exercise" id="exercise-x"><h3>X</h3><p class="cb-exercise-badges">b</p>
<img class="cb-exercise-pictogram" src="x.svg" alt="x">
<section class="cb-exercise-part cb-exercise-purpose" id="p"><h4>Purpose</h4></section>
<section class="cb-exercise-part cb-exercise-steps" id="s"><h4>Steps</h4></section>
<section class="cb-exercise-part cb-exercise-breathing" id="b"><h4>Breathing</h4></section>
<section class="cb-exercise-part cb-exercise-harder" id="h"><h4>Harder</h4></section>
<p class="cb-exercise-chapter">Explained in</p></section></div></body></html>"""


def test_exercise_pages_are_set_as_the_card_front_beside_its_back() -> None:
    tree = html.fromstring(prepare_for_print(EXERCISE).html)
    section = tree.xpath("//section[@id='exercise-x']")[0]
    assert [c.tag for c in section] == ["h3", "p", "div", "p"]
    front, back = section.xpath("./div[@class='cb-exercise-columns']/div")
    assert [c.tag for c in front] == ["img", "section", "section"]
    assert [c.get("id") for c in front[1:]] == ["p", "s"]
    assert [c.get("id") for c in back] == ["b", "h"]


def test_the_back_column_starts_where_the_card_back_does() -> None:
    catalogue = load_catalogue(ROOTS / "test-exercises")
    _, back = card_sections(next(iter(catalogue.exercises.values())))
    assert "cb-exercise-" + back[0].key.replace("_", "-") == BACK_STARTS


CODE_AND_PROSE = """<html><body><section id="book"><h1>Book</h1>
<div class="cb-chapter" data-doc="a" id="document-a"><section id="chapter-a"><h2>A</h2>
{blocks}
</section></div></section></body></html>"""


def test_source_lines_are_joined_in_prose_and_kept_in_code() -> None:
    """Decided by each element's ancestry: deciding by id() of lxml's short-lived proxies once
    joined code examples into one line in some builds and left prose alone in others."""
    block = (
        "<p>A sentence written\nover two lines, <em>with\nemphasis</em>\nand a tail.</p>\n"
        '<div class="highlight"><pre><span class="nt">:::{figure}</span> x.svg\n'
        "<span>:alt: a picture</span>\n:::\n</pre></div>\n"
    )
    page = prepare_for_print(CODE_AND_PROSE.format(blocks=block * 40))
    tree = html.fromstring(page.html)
    prose = [p.text_content() for p in tree.iter("p")]
    code = [pre.text_content() for pre in tree.iter("pre")]
    assert prose == ["A sentence written over two lines, with emphasis and a tail."] * 40
    assert code == [":::{figure} x.svg\n:alt: a picture\n:::\n"] * 40
