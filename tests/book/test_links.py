"""Every internal link and anchor resolves in all three editions of the real book, and every web
address the book links to is listed in check/external-links.md beside the editions (build/ under
`make check`; not fetched: the checks, like the builds, work offline)."""

from __future__ import annotations

import runpy
from pathlib import Path

from conftest import BOOK
from editions import (
    epub_link_problems,
    html_link_problems,
    pdf_external_links,
    pdf_problems,
)


def test_internal_links_resolve_and_external_ones_are_reported(book_build: Path) -> None:
    site_problems, site_links = html_link_problems(book_build / "html")
    epub_problems, epub_links = epub_link_problems(book_build / "epub" / "psoas-course.epub")
    pdf = book_build / "pdf" / "psoas-course.pdf"
    pdf_links = pdf_external_links(pdf)
    link_problems = [p for p in pdf_problems(pdf, []) if "link" in p]

    editions = {"website": site_links, "ePub": epub_links, "PDF": pdf_links}
    lines = [
        "# External links",
        "",
        "Every web address the book links to, and where. `make check` lists them; it does not",
        "fetch them (builds and checks are offline). Check them by hand before a release.",
        "",
        "| address | website | ePub | PDF |",
        "|---|---|---|---|",
    ]
    for url in sorted(set().union(*editions.values())):
        cells = [", ".join(sorted(links.get(url, ()))) or "—" for links in editions.values()]
        lines.append(f"| <{url}> | " + " | ".join(cells) + " |")
    report = book_build / "check" / "external-links.md"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines) + "\n", "utf-8")

    assert site_problems == []
    assert epub_problems == []
    assert link_problems == []
    assert site_links, "the book cites its sources online: no external link at all is a bug"
    # The same sources are linked from every edition.
    # The PDF's imprint and the website's footer link the licence's text as well
    # (coursebook_licence_url); the ePub names it in its rights metadata.
    licence = runpy.run_path(str(BOOK / "conf.py")).get("coursebook_licence_url")
    assert licence in pdf_links and licence in site_links
    assert set(site_links) - {licence} == set(epub_links) == set(pdf_links) - {licence}
