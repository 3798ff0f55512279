"""The single page's ids and links, repaired for print."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from coursebook.single_page import prepare_for_print

PAGE = """<html><body><section id="book"><h1>Book</h1>
<div class="toctree-wrapper">
<span id="document-a"></span><section id="chapter-a"><h2>A</h2>
  <section id="self-check"><h3>Self-check</h3><a href="#self-check">here</a></section>
  <a href="#document-b#self-check">b's questions</a> <a href="#document-b">chapter b</a>
</section>
<span id="document-b"></span><section id="chapter-b"><h2>B</h2>
  <section id="self-check"><h3>Self-check</h3><a href="#self-check">here</a></section>
  <a href="#nowhere">dead</a>
</section></div></section><script>alert(1)</script></body></html>"""


def test_ids_are_unique_and_links_follow_their_document() -> None:
    page = prepare_for_print(PAGE)
    tree = html.fromstring(page.html)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    links = {a.text: a.get("href") for a in tree.iter("a")}
    b_check = tree.xpath("//section[@data-doc='b']//h3/..")[0].get("id")
    assert b_check != "self-check"
    assert links["b's questions"] == "#" + b_check
    assert links["chapter b"] == "#chapter-b"
    assert [a.get("href") for a in tree.xpath("//section[@data-doc='b']//a[.='here']")] == [
        "#" + b_check
    ]
    assert page.dead_links == ["#nowhere"]
    assert page.chapters == ["a", "b"]
    assert not tree.xpath("//script")


def test_chapters_are_marked_for_page_breaks() -> None:
    tree = html.fromstring(prepare_for_print(PAGE).html)
    assert [s.get("data-doc") for s in tree.xpath("//section[contains(@class,'cb-chapter')]")] == [
        "a",
        "b",
    ]


def test_cross_chapter_link_in_the_real_pdf_lands_in_the_right_chapter(
    components_build: Path,
) -> None:
    page = html.parse(str(components_build / ".work" / "pdf" / "print.html"))
    link = page.xpath("//a[.='Self-check']")[0].get("href")
    target = page.xpath(f"//*[@id='{link[1:]}']")[0]
    assert target.xpath("ancestor::section[@data-doc]")[0].get("data-doc") == "chapters/two"
