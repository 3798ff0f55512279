"""Flesch reading ease of each chapter of the built website; fails below the target.

Usage: .venv/bin/python scripts/readability.py build/html [--minimum 50]

Only the chapter prose counts: paragraphs and list items of the main text, without headings,
navigation, the references and footnotes, the glossary and the bibliography (reference lists
are not prose, and a definition list of technical terms is hard reading by design).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import textstat
from lxml import html

SKIPPED_PAGES = {"genindex", "search", "back/glossary", "back/bibliography"}
NOT_PROSE = (
    "ancestor::nav or ancestor::section[contains(@id, 'references')] or "
    "ancestor::aside or ancestor::*[contains(@class, 'citation')] or "
    "ancestor::*[contains(@class, 'toctree-wrapper')] or ancestor::table"
)


def chapter_text(page: Path) -> str:
    """The prose of one page of the website."""
    tree = html.parse(str(page))
    blocks = []
    for main in tree.xpath("//main//article"):
        for element in main.xpath(f".//p[not({NOT_PROSE})] | .//li[not({NOT_PROSE})]"):
            if element.xpath(".//p"):  # a list item's paragraphs are counted on their own
                continue
            text = " ".join(element.text_content().split())
            if text:
                # A list item or a heading-less fragment is a sentence for the formula.
                blocks.append(text if text.endswith((".", "?", "!", ":")) else text + ".")
    return "\n".join(blocks)


def chapter_scores(site: Path) -> dict[str, float]:
    """Flesch reading ease of each chapter page, by document name."""
    scores = {}
    for page in sorted(site.rglob("*.html")):
        docname = page.relative_to(site).with_suffix("").as_posix()
        if docname in SKIPPED_PAGES or docname.startswith(("_", "downloads")):
            continue
        if not docname.startswith(("chapters/", "front/")):
            continue
        text = chapter_text(page)
        if text:
            scores[docname] = float(textstat.flesch_reading_ease(text))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="the built website, e.g. build/html")
    parser.add_argument("--minimum", type=float, default=50.0, help="lowest acceptable score")
    args = parser.parse_args(argv)
    scores = chapter_scores(args.site)
    if not scores:
        print(f"readability: no chapter pages found in {args.site}", file=sys.stderr)
        return 1
    print(f"{'chapter':<28} Flesch reading ease (target ≥ {args.minimum:g})")
    for docname, score in scores.items():
        flag = "" if score >= args.minimum else "   ← too hard: shorter sentences, plainer words"
        print(f"{docname:<28} {score:6.1f}{flag}")
    failing = [d for d, s in scores.items() if s < args.minimum]
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
