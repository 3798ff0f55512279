"""Read a PDF's page references and its index as a reader does: from the printed words.

Each function returns problems (an empty list is a pass), so that a test can prove it on a
planted fault: the same pages with one number changed or one entry doubled.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lxml import html

from editions import pdf_text

INDEX_LINE = re.compile(r"^(?P<words>.+?), (?P<pages>\d+(?:, \d+)*)$")


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text (pdftotext, reading order), page 1 first."""
    return pdf_text(pdf).split("\f")


def page_with(pages: list[str], words: str, line: bool = False) -> list[int]:
    """The pages (from 1) that print ``words`` (as a line of their own when ``line``)."""
    found = []
    for number, page in enumerate(pages, start=1):
        lines = [" ".join(text.split()) for text in page.splitlines()]
        if (words in lines) if line else (words in " ".join(lines)):
            found.append(number)
    return found


def page_reference_problems(pages: list[str], words: str, heading: str) -> list[str]:
    """Whether ``words`` are followed by "(p. N)" where N is the page of the line ``heading``
    (a heading is a line of its own; in the contents it shares its line with its page)."""
    text = " ".join(" ".join(pages).split())
    printed = re.findall(re.escape(words) + r" \(p\. (\d+)\)", text)
    if not printed:
        return [f"{words!r} prints no page"]
    # The first page with the heading as a line of its own: a chapter's title may come again
    # later, over its answers in the answer key.
    where = page_with(pages, heading, line=True)[:1]
    if not where:
        return [f"no page has the heading {heading!r}"]
    return [
        f"{words!r} prints p. {number}, but {heading!r} is on p. {where[0]}"
        for number in printed
        if int(number) != where[0]
    ]


def index_entries(pages: list[str], title: str = "Index") -> list[tuple[str, list[int]]]:
    """The entries of the index (the pages from the one whose first line is ``title``): words
    and pages, a sub-entry's words as printed (the indent is lost in the text)."""
    start = next(i for i, page in enumerate(pages) if page.strip().startswith(title))
    entries = []
    for page in pages[start:]:
        for line in page.splitlines():
            match = INDEX_LINE.match(" ".join(line.split()))
            if match:
                numbers = [int(n) for n in match["pages"].split(", ")]
                entries.append((match["words"], numbers))
    return entries


def index_problems(
    entries: list[tuple[str, list[int]]], expected: dict[str, list[int]]
) -> list[str]:
    """Entries that are printed twice in different case, or whose pages are not ``expected``."""
    problems = []
    seen: dict[str, str] = {}
    for words, _pages in entries:
        if words.casefold() in seen:
            problems.append(f"{words!r} and {seen[words.casefold()]!r} are two entries")
        seen[words.casefold()] = words
    for words, pages in expected.items():
        printed = [p for w, p in entries if w == words]
        if printed != [pages]:
            problems.append(f"{words!r} prints pages {printed}, not {pages}")
    return problems


def genindex_case_duplicates(page: Path) -> list[str]:
    """Entries of one letter (in any of its columns), or sub-entries of one entry, of a
    genindex page that differ only in case."""
    tree = html.parse(str(page))
    groups = [
        table.xpath(".//td/ul/li")
        for table in tree.xpath("//table[contains(@class, 'indextable')]")
    ]
    groups += [li.xpath("./ul/li") for group in list(groups) for li in group]
    problems = []
    for entries in groups:
        folded: dict[str, str] = {}
        for li in entries:
            word = " ".join(li.xpath("string(./a[1] | ./text()[1])").split())
            if word.casefold() in folded:
                problems.append(f"{folded[word.casefold()]!r} and {word!r}")
            folded[word.casefold()] = word
    return problems


def pdf_layout_pages(pdf: Path) -> list[str]:
    """Each page's text laid out as printed (``pdftotext -layout``): a table row on one line."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.split("\f")


def page_column_problems(
    layout_pages: list[str], pages: list[str], header: str, titles: list[str]
) -> list[str]:
    """A table whose header line is ``header`` is printed once, and each row of ``titles``
    ends with the page where that title is a line of its own (its page's heading)."""
    header_line = re.compile(r"^\s*" + r"\s+".join(map(re.escape, header.split())) + r"\s*$")
    tables = [
        number
        for number, page in enumerate(layout_pages, start=1)
        if any(header_line.match(line) for line in page.splitlines())
    ]
    if len(tables) != 1:
        return [f"the table {header!r} is printed on pages {tables}, not once"]
    table = tables[0]
    problems = []
    for title in titles:
        row = re.search(
            r"^\s*" + re.escape(title) + r"\s.*?\s(\d+)\s*$", layout_pages[table - 1], re.MULTILINE
        )
        where = [p for p in page_with(pages, title, line=True) if p != table]
        if row is None:
            problems.append(f"{title!r} has no row with a page")
        elif [int(row[1])] != where:
            problems.append(f"{title!r}'s row prints p. {row[1]}, but it is on pages {where}")
    return problems
