"""The three editions of a book that uses every element type and sphinx-design component."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html

from coursebook.config import EPUB_CONFORMANCE
from editions import (
    SYMBOLS,
    epub_landmarks,
    epub_language_problems,
    epub_manifest_problems,
    epub_nav,
    epub_note_problems,
    epub_stylesheet_problems,
    epub_text,
    epub_viewport_problems,
    epubcheck_messages,
    html_text_blocks,
    missing_blocks,
    nav_outline,
    ncx_outline,
    pdf_problems,
    pdf_text,
    third_party_resources,
    without_page_references,
)

CHAPTERS = ["Chapter one: every element", "Chapter two: the glossary"]


def test_epubcheck_reports_nothing(components_build: Path) -> None:
    assert epubcheck_messages(components_build / "epub" / "components.epub", usage=True) == []


def test_epub_has_cover_nav_language_and_accessibility_metadata(components_build: Path) -> None:
    with zipfile.ZipFile(components_build / "epub" / "components.epub") as epub:
        names = epub.namelist()
        opf = epub.read("content.opf").decode()
        ncx = epub.read("toc.ncx").decode()
    assert names[0] == "mimetype"
    assert "_static/cover.png" in names and "nav.xhtml" in names
    # EPUB 3 readers find the cover by this property (the <meta name="cover"> is EPUB 2's).
    assert re.search(r'<item [^>]*href="_static/cover.png"[^>]*properties="cover-image"', opf)
    assert "<dc:language>en</dc:language>" in opf
    for prop in (
        "accessMode",
        "accessibilityFeature",
        "accessibilityHazard",
        "accessibilitySummary",
    ):
        assert f'property="schema:{prop}"' in opf
    assert 'content="urn:uuid:0b7f2f5e-8a7e-4d0e-8c55-3f1a2f9b6c01"' in ncx


def test_epub_contents_list_parts_chapters_their_sections_and_the_index(
    components_build: Path,
) -> None:
    epub = components_build / "epub" / "components.epub"
    outline = nav_outline(epub)
    # The toctrees' captions are parts: headings (no link) over their pages.
    assert [(depth, label, href) for depth, label, href in outline if depth <= 2] == [
        (1, "Components Test Book", "index.xhtml"),
        (1, "Chapters", ""),
        (2, "Chapter one: every element", "chapters/one.xhtml"),
        (2, "Chapter two: the glossary", "chapters/two.xhtml"),
        (1, "Reference", ""),
        (2, "References", "back/references.xhtml"),
        (2, "Answer key", "back/answers.xhtml"),
        (1, "Index", "genindex.xhtml"),
    ]
    chapter_one = [(d, label) for d, label, href in outline if href.startswith("chapters/one")]
    # The chapter title and its sections, no deeper (epub_tocdepth 2 unless the book sets it).
    assert chapter_one == [
        (2, "Chapter one: every element"),
        (3, "Learning objectives"),
        (3, "Text with a figure"),
        (3, "Components"),
        (3, "Self-check"),
        (3, "References"),
    ]
    assert ("chapters/two.xhtml#glossary") in [href for _, _, href in outline]
    # toc.ncx holds the same outline; a part points at its first page.
    ncx = ncx_outline(epub)
    assert [(d, label) for d, label, _ in ncx] == [(d, label) for d, label, _ in outline]
    for (_, _, href), (_, _, src), (_, _, following) in zip(outline, ncx, ncx[1:], strict=False):
        assert src == (href or following)
    # Assistive technologies know the toc nav by its role (Ace: epub-type-has-matching-role).
    assert epub_nav(epub, "toc").get("role") == "doc-toc"


def test_epub_landmarks_point_where_the_book_has_them(components_build: Path) -> None:
    # Found from the doctrees: the glossary is a section of chapter two, the bibliography a
    # page of its own, the body starts after the root page.
    assert epub_landmarks(components_build / "epub" / "components.epub") == [
        ("cover", "epub-cover.xhtml"),
        ("toc", "nav.xhtml#toc"),
        ("bodymatter", "chapters/one.xhtml"),
        ("glossary", "chapters/two.xhtml#glossary"),
        ("bibliography", "back/references.xhtml"),
        ("index", "genindex.xhtml"),
    ]
    assert epub_nav(components_build / "epub" / "components.epub", "landmarks").get("hidden")


def test_epub_lists_every_exercise_page_and_only_the_landmarks_it_has(
    exercises_build: Path,
) -> None:
    epub = exercises_build / "epub" / "exercises.epub"
    pages = [(d, href) for d, _, href in nav_outline(epub) if "#" not in href]
    assert pages == [
        (1, "index.xhtml"),
        (1, "chapters/care.xhtml"),
        (1, "exercises/index.xhtml"),
        (2, "exercises/breathe-slowly.xhtml"),
        (2, "exercises/bridge.xhtml"),
        (2, "exercises/wall-stretch.xhtml"),
    ]
    # No glossary, no bibliography directive, no index (epub_use_index = False): no landmark.
    assert [kind for kind, _ in epub_landmarks(epub)] == ["cover", "toc", "bodymatter"]


def test_epub_declares_its_conformance_and_no_placeholder(components_build: Path) -> None:
    with zipfile.ZipFile(components_build / "epub" / "components.epub") as epub:
        opf = epub.read("content.opf").decode()
    assert f'<meta property="dcterms:conformsTo">{EPUB_CONFORMANCE}</meta>' in opf
    assert "unknown" not in opf  # no "unknown" contributor, and no hazard left unknown
    assert "certifiedBy" not in opf  # nobody certified it: the checks are the project's own
    assert '<meta property="schema:accessibilityFeature">index</meta>' in opf


def test_epub_lays_out_tabs_and_dropdowns_statically(components_build: Path) -> None:
    text = epub_text(components_build / "epub" / "components.epub")
    for words in ("tab-one text", "tab-two text", "dropdown answer text", "Grid card two"):
        assert words in text
    with zipfile.ZipFile(components_build / "epub" / "components.epub") as epub:
        chapter = epub.read("chapters/one.xhtml").decode()
    assert "<input" not in chapter and "<details" not in chapter


def test_pdf_is_tagged_embedded_linked_and_outlined(components_build: Path) -> None:
    assert pdf_problems(components_build / "pdf" / "components.pdf", CHAPTERS) == []


def test_pdf_draws_every_symbol(components_build: Path) -> None:
    text = pdf_text(components_build / "pdf" / "components.pdf")
    assert all(symbol in text for symbol in SYMBOLS)


@pytest.mark.parametrize("edition", ["pdf", "epub"])
def test_no_text_is_lost(components_build: Path, edition: str) -> None:
    blocks = html_text_blocks(components_build / "html")
    assert len(blocks) > 15
    if edition == "pdf":
        text = without_page_references(pdf_text(components_build / "pdf" / "components.pdf"))
    else:
        text = epub_text(components_build / "epub" / "components.epub")
    missing = missing_blocks(blocks, text)
    assert len(missing) <= len(blocks) // 100, missing


def test_website_loads_nothing_from_other_hosts(components_build: Path) -> None:
    assert third_party_resources(components_build / "html") == []


def test_website_offers_the_pdf_and_epub_of_the_build(components_build: Path) -> None:
    site = components_build / "html"
    for name in ("components.pdf", "components.epub"):
        published = (components_build / name.rsplit(".", 1)[1] / name).read_bytes()
        assert (site / "downloads" / name).read_bytes() == published
    page = html.parse(str(site / "chapters" / "one.html"))
    links = page.xpath("//a[contains(@class,'btn')]/@href")
    assert "../downloads/components.pdf" in links and "../downloads/components.epub" in links


def test_website_tabs_and_dropdowns_stay_interactive(components_build: Path) -> None:
    page = (components_build / "html" / "chapters" / "one.html").read_text()
    assert 'type="radio"' in page and "<details" in page


def test_links_resolve_in_every_edition(components_build: Path) -> None:
    from editions import epub_link_problems, html_link_problems

    assert html_link_problems(components_build / "html")[0] == []
    assert epub_link_problems(components_build / "epub" / "components.epub")[0] == []


def test_a_broken_link_or_anchor_is_found(components_build: Path, tmp_path: Path) -> None:
    import shutil

    from editions import html_link_problems

    site = Path(shutil.copytree(components_build / "html", tmp_path / "html"))
    page = site / "chapters" / "one.html"
    text = page.read_text("utf-8").replace(
        "</article>",
        '<a href="two.html#no-such-anchor">x</a><a href="gone.html">y</a></article>',
        1,
    )
    page.write_text(text, "utf-8")
    problems, _ = html_link_problems(site)
    assert problems == [
        "chapters/one.html: link to missing anchor two.html#no-such-anchor",
        "chapters/one.html: link to missing file gone.html",
    ]


def test_every_page_allows_only_its_own_origin_and_scripts(components_build: Path) -> None:
    from coursebook.web.csp import INLINE_SCRIPT, policy

    pages = sorted((components_build / "html").rglob("*.html"))
    for page in [p for p in pages if "_static" not in p.parts]:  # theme fragments aren't pages
        text = page.read_text("utf-8")
        metas = html.fromstring(text).xpath("//meta[@http-equiv='Content-Security-Policy']")
        assert len(metas) == 1, page
        content = metas[0].get("content")
        assert content == policy(text), page
        assert "default-src 'self'" in content and "http" not in content
        # Every inline script of the page is allowed by its hash, and nothing else is.
        assert content.count("'sha256-") == len(set(INLINE_SCRIPT.findall(text))) > 0
        head = text.index("<head")
        assert text.index("Content-Security-Policy") < text.index("<script", head), page


EPUB_CONTENT_CHECKS = {
    "language": epub_language_problems,
    "notes": lambda epub: epub_note_problems(epub)[0],
    "viewport": epub_viewport_problems,
    "stylesheets": epub_stylesheet_problems,
    "manifest": epub_manifest_problems,
}


@pytest.mark.parametrize("check", EPUB_CONTENT_CHECKS)
def test_epub_content_documents_pass(components_build: Path, check: str) -> None:
    assert EPUB_CONTENT_CHECKS[check](components_build / "epub" / "components.epub") == []


def test_epub_footnotes_and_references_are_there_to_check(components_build: Path) -> None:
    # Two footnotes cited twice each, a citation cited twice: the checks above are not vacuous.
    _, counts = epub_note_problems(components_build / "epub" / "components.epub")
    assert counts == {"noteref": 4, "footnote": 2, "backlinks": 6}


def test_epub_ships_no_theme_file_that_no_page_uses(components_build: Path) -> None:
    with zipfile.ZipFile(components_build / "epub" / "components.epub") as epub:
        names = set(epub.namelist())
    assert {
        f"_static/{n}" for n in ("basic.css", "file.png", "minus.png", "plus.png")
    } & names == set()


def _planted(epub: Path, folder: Path, member: str, change: Callable[[str], str]) -> Path:
    """A copy of ``epub`` with ``change`` applied to the text of ``member`` (added if new)."""
    planted = folder / epub.name
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(planted, "w") as target:
        names = source.namelist()
        for name in [*names, *([member] if member not in names else [])]:
            data = source.read(name).decode("utf-8", "surrogateescape") if name in names else ""
            if name == member:
                data = change(data)
            target.writestr(name, data.encode("utf-8", "surrogateescape"))
    return planted


def _replace_once(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"the planted fault needs {old!r} in the document"
        return text.replace(old, new, 1)

    return change


ONE = "chapters/one.xhtml"
PLANTED_FAULTS = {
    "language": (ONE, _replace_once(' lang="en" xml:lang="en"', ""), "chapters/one.xhtml: lang"),
    "notes": (ONE, _replace_once('epub:type="noteref" ', ""), 'lacks epub:type="noteref"'),
    "footnote": (ONE, _replace_once('epub:type="footnote" ', ""), "does not lead to a footnote"),
    "backlinks": (
        ONE,
        _replace_once(
            "</span></span>\n<p>",
            '</span></span>\n<span class="backrefs">(<a role="doc-backlink" href="#id1">1</a>,'
            '<a role="doc-backlink" href="#id4">2</a>)</span>\n<p>',
        ),
        "a back link before the entry's text",
    ),
    "viewport": (
        ONE,
        _replace_once("<title>", '<meta name="viewport" content="width=device-width" />\n<title>'),
        "chapters/one.xhtml: a viewport <meta>",
    ),
    "stylesheets": (
        "_static/coursebook-epub.css",
        lambda text: text + ".sd-bg-info{background-color:var(--sd-color-info)}\n",
        "var(--sd-color-info",
    ),
    "manifest": (
        "content.opf",
        _replace_once(
            "</manifest>",
            '<item id="unused" href="_static/coursebook.css.map" media-type="text/plain"/>'
            "</manifest>",
        ),
        "manifest item _static/coursebook.css.map is used by no document",
    ),
}


@pytest.mark.parametrize("fault", PLANTED_FAULTS)
def test_epub_content_checks_find_a_planted_fault(
    components_build: Path, tmp_path: Path, fault: str
) -> None:
    member, change, expected = PLANTED_FAULTS[fault]
    check = EPUB_CONTENT_CHECKS["notes" if fault in {"footnote", "backlinks"} else fault]
    planted = _planted(components_build / "epub" / "components.epub", tmp_path, member, change)
    problems = check(planted)
    assert any(expected in problem for problem in problems), problems
