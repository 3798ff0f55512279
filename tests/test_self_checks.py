"""Self-checks in every edition, on the components test book (tests/roots/test-components).

The website folds each answer in a dropdown under its question. The ePub and the PDF never print
an answer beside its question: the question links to its answer in the answer key, at the back,
and the answer links back ("Answer on p. N" and "Question on p. M" in the PDF). Each check is a
function that returns what it found wrong, proven on a planted fault below as well as on the
real build. Malformed self-checks are in the bad-input catalogue (tests/bad-inputs).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from posixpath import normpath

import pypdf
import pytest
from lxml import html

from editions import nav_outline

QUESTIONS = {
    # question -> its answer, as the test book writes them
    "What is the first question?": "The first self-check answer is this sentence.",
    "Which chapter holds the glossary?": "Chapter two, whose glossary is linked from",
    "A question that links back to": "The second dropdown answer text is here.",
}
ONLY = {
    "html": "website-only line",
    "epub": "ebook-only line",
    "pdf": "paper-only line",
}


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page, as Poppler extracts it (one call per page)."""
    count = len(pypdf.PdfReader(pdf).pages)
    return [
        " ".join(
            subprocess.run(
                ["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(pdf), "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
        )
        for n in range(1, count + 1)
    ]


def pdf_answer_problems(pages: list[str], questions: dict[str, str]) -> list[str]:
    """What is wrong with the PDF's self-checks: an answer on its question's page, an answer
    missing from the key, a page reference that does not lead to the answer or back."""
    problems: list[str] = []
    for question, answer in questions.items():
        asked = [n for n, text in enumerate(pages, start=1) if question in text]
        answered = [n for n, text in enumerate(pages, start=1) if answer in text]
        if len(asked) != 1 or len(answered) != 1:
            problems.append(f"{question!r} on pages {asked}, its answer on pages {answered}")
            continue
        (q_page,), (a_page,) = asked, answered
        if q_page == a_page:
            problems.append(f"{question!r}: the answer is printed on its page ({q_page})")
        after = pages[q_page - 1].split(question, 1)[1]
        pointer = re.search(r"Answer on p\. (\d+)", after)
        if not pointer or int(pointer.group(1)) != a_page:
            problems.append(f"{question!r}: no 'Answer on p. {a_page}' after it")
        before = pages[a_page - 1].split(answer, 1)[0]
        back = re.findall(r"Question on p\. (\d+)", before)
        if not back or int(back[-1]) != q_page:
            problems.append(f"{answer!r}: no 'Question on p. {q_page}' before it")
    return problems


def test_pdf_prints_each_answer_in_the_key_with_pages_both_ways(components_build: Path) -> None:
    pages = pdf_pages(components_build / "pdf" / "components.pdf")
    assert pdf_answer_problems(pages, QUESTIONS) == []
    key = next(text for text in pages if "Answer key" in text and "Self-check 1.1" in text)
    # One heading per chapter, in reading order.
    assert key.index("Chapter one: every element") < key.index("Chapter two: the glossary")


def test_the_pdf_check_finds_an_answer_beside_its_question() -> None:
    question, answer = "Why?", "Because."
    good = ["Why? Answer on p. 2", "Answer key Self-check 1.1 · Question on p. 1 Because."]
    assert pdf_answer_problems(good, {question: answer}) == []
    beside = ["Why? Answer on p. 1 Because."]
    assert "the answer is printed on its page" in " ".join(
        pdf_answer_problems(beside, {question: answer})
    )
    wrong_page = ["Why? Answer on p. 3", "Self-check 1.1 · Question on p. 1 Because."]
    assert pdf_answer_problems(wrong_page, {question: answer}) == [
        "'Why?': no 'Answer on p. 2' after it"
    ]
    no_way_back = ["Why? Answer on p. 2", "Self-check 1.1 Because."]
    assert pdf_answer_problems(no_way_back, {question: answer}) == [
        "'Because.': no 'Question on p. 1' before it"
    ]


def epub_documents(epub: Path) -> dict[str, html.HtmlElement]:
    with zipfile.ZipFile(epub) as archive:
        return {
            name: html.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xhtml")
        }


def _target(documents: dict[str, html.HtmlElement], source: str, href: str) -> html.HtmlElement:
    """The element an ePub link leads to (its document resolved from ``source``)."""
    path, _, anchor = href.partition("#")
    folder = source.rsplit("/", 1)[0] + "/" if "/" in source else ""
    name = normpath(folder + path)
    found = documents[name].xpath(f"//*[@id='{anchor}']")
    assert len(found) == 1, f"{href} from {source}"
    return found[0]


def epub_answer_problems(
    documents: dict[str, html.HtmlElement], questions: dict[str, str]
) -> list[str]:
    """What is wrong with the ePub's self-checks: an answer in its question's document, a
    question without an "Answer" link to its answer, an answer without a link back."""
    problems: list[str] = []
    for question, answer in questions.items():
        holders = [
            (name, box)
            for name, doc in documents.items()
            for box in doc.xpath("//*[contains(@class, 'cb-self-check ')]")
            if question in box.text_content()
        ]
        if len(holders) != 1:
            problems.append(f"{question!r} found {len(holders)} times")
            continue
        name, box = holders[0]
        if answer in documents[name].text_content():
            problems.append(f"{question!r}: its answer is in {name}")
        links = [a for a in box.iter("a") if a.text_content().strip() == "Answer"]
        if not links:
            problems.append(f"{question!r}: no link 'Answer'")
            continue
        entry = _target(documents, name, links[0].get("href"))
        if answer not in entry.text_content():
            problems.append(f"{question!r}: its 'Answer' link leads elsewhere")
        back = [a for a in entry.iter("a") if a.text_content().strip() == "Question"]
        if not back or _target(documents, "back/answers.xhtml", back[0].get("href")) is not box:
            problems.append(f"{answer!r}: no link back to its question")
    return problems


def test_epub_links_each_question_to_its_answer_in_the_key_and_back(components_build: Path) -> None:
    epub = components_build / "epub" / "components.epub"
    assert epub_answer_problems(epub_documents(epub), QUESTIONS) == []
    assert (2, "Answer key", "back/answers.xhtml") in nav_outline(epub)


def test_the_epub_check_finds_an_answer_beside_its_question() -> None:
    chapter = (
        "<html><body><div class='cb-self-check container' id='q1'><p>Why?</p>"
        "<a href='../back/answers.xhtml#a1'>Answer</a></div>{}</body></html>"
    )
    key = (
        "<html><body><div id='a1'><a href='../chapters/one.xhtml#q1'>Question</a>"
        "<p>Because.</p></div></body></html>"
    )

    def problems(chapter_extra: str, answers: str) -> list[str]:
        documents = {
            "chapters/one.xhtml": html.fromstring(chapter.format(chapter_extra)),
            "back/answers.xhtml": html.fromstring(answers),
        }
        return epub_answer_problems(documents, {"Why?": "Because."})

    assert problems("", key) == []
    assert problems("<p>Because.</p>", key) == ["'Why?': its answer is in chapters/one.xhtml"]
    assert problems("", key.replace("Question", "Top")) == [
        "'Because.': no link back to its question"
    ]


def test_website_folds_each_answer_under_its_question(components_build: Path) -> None:
    for page in ("chapters/one.html", "chapters/two.html", "back/answers.html"):
        document = html.parse(str(components_build / "html" / page)).getroot()
        for details in document.iter("details"):
            assert details.find("summary").text_content().strip() == "Answer"
        folded = " ".join(d.text_content() for d in document.iter("details"))
        for details in list(document.iter("details")):
            details.drop_tree()
        unfolded = document.text_content()
        for question, answer in QUESTIONS.items():
            if question in unfolded or page.startswith("back/"):
                assert answer in folded, (page, answer)
                assert answer not in unfolded, (page, answer)


@pytest.mark.parametrize("edition", ["html", "epub", "pdf"])
def test_wording_for_one_medium_reaches_only_that_medium(
    components_build: Path, edition: str
) -> None:
    if edition == "html":
        text = html.parse(str(components_build / "html" / "back" / "answers.html")).getroot()
        words = text.text_content()
    elif edition == "epub":
        documents = epub_documents(components_build / "epub" / "components.epub")
        words = documents["back/answers.xhtml"].text_content()
    else:
        words = " ".join(pdf_pages(components_build / "pdf" / "components.pdf"))
    assert [medium for medium, line in ONLY.items() if line in words] == [edition]


def test_wording_for_one_medium_is_marked_for_the_checks_that_compare_editions(
    components_build: Path,
) -> None:
    # tests/editions.py's html_text_blocks skips it: the PDF is not expected to print it.
    page = html.parse(str(components_build / "html" / "back" / "answers.html")).getroot()
    marked = page.xpath("//*[contains(@class, 'cb-medium')]")
    assert [" ".join(m.text_content().split()) for m in marked] == [
        "On the website-only line, each answer is also folded under its question."
    ]
