"""Nothing course-specific in the pipeline: covers, running heads, ePub metadata and labels come
from the book (its settings, its contents, its language), never from the psoas course.

Two small books: the components test book (English, no cover image: the typographic covers,
the running head from ``project``) and ``test-branding``, a French knee course with its own cover
image and short title, no glossary and an index.
"""

from __future__ import annotations

import ast
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from lxml import etree, html

from conftest import EPOCH, ROOTS, build_book, copy_book
from coursebook.cards.assets import FONT, register_fonts
from coursebook.cards.text import wrap
from coursebook.cli import main as coursebook
from coursebook.config import EPUB_CONFORMANCE
from coursebook.editions.accessibility import BookContents, accessibility_metadata
from coursebook.editions.cover_image import copy_cover_image, cover_image_problems
from editions import figure_alt_texts, pdf_problems, pdf_text

PACKAGE = Path(__file__).parents[1] / "source" / "coursebook"
FRENCH = PACKAGE / "locale" / "fr" / "LC_MESSAGES"
BAD_SVG = Path(__file__).parent / "bad-inputs" / "svg"
OPF = "{http://www.idpf.org/2007/opf}"


@pytest.fixture(scope="module")
def french_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every edition of the French knee course, built once."""
    from sphinx import locale

    out = tmp_path_factory.mktemp("branding")
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            assert build_book(ROOTS / "test-branding", out, "html", "epub", "pdf") == 0
    finally:
        # Sphinx merges catalogues within a process: later English builds must not turn French.
        locale.translators.clear()
    yield out


def running_heads(pdf: Path) -> list[str]:
    """The text in the top margin of every page but the cover: its running head, if any."""
    # Poppler crops every page to its top 16 mm (45 pt at its default 72 dpi).
    crop = ["-x", "0", "-y", "0", "-W", "1000", "-H", "45"]
    top = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *crop, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [" ".join(page.split()) for page in top.split("\f")[1:-1]]


def cover_text(pdf: Path) -> str:
    return pdf_text(pdf).split("\f")[0]


def epub_member(epub: Path, name: str) -> str:
    with zipfile.ZipFile(epub) as archive:
        return archive.read(name).decode()


def opf_metadata(epub: Path) -> list[tuple[str, str]]:
    """(property or Dublin Core name, text) of every element of the OPF's metadata."""
    root = etree.fromstring(epub_member(epub, "content.opf").encode())
    return [
        (element.get("property") or etree.QName(element).localname, element.text or "")
        for element in root.iterfind(f"{OPF}metadata/*")
    ]


# -- a second course carries nothing of the psoas course ----------------------------------------


def test_a_second_course_mentions_no_psoas_anywhere(french_build: Path) -> None:
    pdf, epub = french_build / "pdf" / "genou.pdf", french_build / "epub" / "genou.epub"
    found = [f"PDF: {line}" for line in pdf_text(pdf).splitlines() if "psoas" in line.lower()]
    with zipfile.ZipFile(epub) as archive:
        for name in archive.namelist():
            if "psoas" in archive.read(name).decode("utf-8", "replace").lower():
                found.append(f"ePub: {name}")
    assert found == []


def test_running_heads_come_from_the_short_title_or_the_project(
    french_build: Path, components_build: Path
) -> None:
    french = running_heads(french_build / "pdf" / "genou.pdf")
    # The half-title, title page and imprint after the cover have no running head.
    assert french[:3] == ["", "", ""]
    assert french[3] == "Le genou Table des matières"
    # Pages that open a chapter have no running head.
    assert all(head.startswith("Le genou") for head in french if head), french
    english = running_heads(components_build / "pdf" / "components.pdf")
    assert english[:3] == ["", "", ""]
    assert english[3] == "Components Test Book Contents"
    assert all(head.startswith("Components Test Book") for head in english if head), english
    assert len([head for head in english if head]) >= 2
    # The course's own opening page (the root document's words, after the contents) opens
    # under its heading, Introduction: like a chapter's first page it has no running head.
    assert english[4] == "", english
    # A chapter's later pages carry its title on the right (an assignment that spans every page,
    # such as one on <main>, once blanked them all).
    assert "Components Test Book Chapter one: every element" in english, english


def test_the_typographic_covers_say_only_what_the_settings_say(components_build: Path) -> None:
    cover = " ".join(cover_text(components_build / "pdf" / "components.pdf").split())
    # The edition is the imprint's (tests/test_front_matter.py), not the cover's.
    assert cover == "Components Test Book Every element, every component Coursebook tests"
    epub = components_build / "epub" / "components.epub"
    with zipfile.ZipFile(epub) as archive:
        covers = [name for name in archive.namelist() if "cover" in name]
    assert sorted(covers) == ["_static/cover.png", "epub-cover.xhtml"]
    heads = running_heads(components_build / "pdf" / "components.pdf")
    assert not any("psoas" in text.lower() for text in [cover, *heads])


def test_the_books_cover_image_is_the_cover_of_the_pdf_and_the_epub(french_build: Path) -> None:
    pdf, epub = french_build / "pdf" / "genou.pdf", french_build / "epub" / "genou.epub"
    # The image's own words are the cover's text; the book's words follow on a half-title and
    # a title page.
    assert " ".join(cover_text(pdf).split()) == "Le genou Un cours pratique"
    title_page = " ".join(pdf_text(pdf).split("\f")[2].split())
    assert title_page == "Le genou : un cours pratique Renforcer et assouplir Équipe de test"
    assert pdf_problems(pdf, ["Renforcer le genou"]) == []  # the cover image has its /Alt
    opf = epub_member(epub, "content.opf")
    assert re.search(r'href="_static/coursebook-cover.svg"[^>]*properties="cover-image"', opf)
    assert "cover.png" not in opf
    page = html.fromstring(epub_member(epub, "epub-cover.xhtml").encode())
    assert page.xpath("//img/@alt") == ["Couverture : Le genou : un cours pratique"]
    book_cover = (ROOTS / "test-branding" / "figures" / "couverture.svg").read_bytes()
    with zipfile.ZipFile(epub) as archive:
        assert archive.read("_static/coursebook-cover.svg") == book_cover


# -- ePub accessibility metadata: what the book holds, and nothing else ---------------------------


def test_epub_metadata_of_a_book_with_a_glossary_an_index_captions_and_dropdowns(
    components_build: Path,
) -> None:
    metadata = opf_metadata(components_build / "epub" / "components.epub")
    names = [name for name, _ in metadata]
    assert "contributor" not in names  # Sphinx's "unknown" is not published
    assert ("description", "Every element, every component") in metadata
    assert ("schema:accessibilityFeature", "alternativeText") in metadata
    assert ("schema:accessibilityFeature", "index") in metadata  # its glossary terms
    summary = dict(metadata)["schema:accessibilitySummary"]
    assert "glossary" in summary and "An index lists the topics of the book." in summary
    # Its figure has a caption; the cover is an image outside any figure, without one.
    assert "Every figure has a caption; the images outside figures have none." in summary
    assert "tabs or dropdowns" in summary


def test_epub_metadata_of_a_book_with_an_index_and_no_glossary(french_build: Path) -> None:
    metadata = opf_metadata(french_build / "epub" / "genou.epub")
    assert "contributor" not in [name for name, _ in metadata]
    assert ("schema:accessibilityFeature", "index") in metadata
    summary = dict(metadata)["schema:accessibilitySummary"]
    assert summary == (
        "Texte recomposable, avec des titres et un document de navigation. "
        "Un index recense les sujets du livre. Chaque image a une alternative textuelle."
    )  # no glossary; its one figure has no caption; nothing hidden in tabs


def test_accessibility_claims_follow_the_contents() -> None:
    plain = accessibility_metadata(BookContents())
    assert ("schema:accessMode", "visual") not in plain
    assert ("schema:accessModeSufficient", "textual") in plain
    assert ("schema:accessibilityHazard", "none") in plain
    assert ("schema:accessibilityFeature", "alternativeText") not in plain
    assert dict(plain)["schema:accessibilitySummary"] == (
        "Reflowable text with headings and a navigation document."
    )
    undescribed = accessibility_metadata(BookContents(images=3, images_without_alt=1, figures=2))
    assert ("schema:accessibilityFeature", "alternativeText") not in undescribed
    assert ("schema:accessModeSufficient", "textual") not in undescribed
    summary = dict(undescribed)["schema:accessibilitySummary"]
    assert "Some images have no text alternative." in summary
    assert "Every figure has a caption." in summary
    moving = accessibility_metadata(BookContents(media=True))
    assert ("schema:accessibilityHazard", "unknown") in moving
    pictograms = accessibility_metadata(BookContents(images=5, images_outside_figures=3, figures=2))
    summary = dict(pictograms)["schema:accessibilitySummary"]
    assert "Every figure has a caption; the images outside figures have none." in summary


def test_conformance_is_declared_only_when_earned() -> None:
    described = BookContents(images=2)
    assert ("dcterms:conformsTo", EPUB_CONFORMANCE) in accessibility_metadata(
        described, EPUB_CONFORMANCE
    )
    assert "dcterms:conformsTo" not in dict(accessibility_metadata(described, ""))  # turned off
    # An image without a text alternative fails WCAG 1.1.1, whatever the setting says.
    undescribed = BookContents(images=2, images_without_alt=1)
    assert "dcterms:conformsTo" not in dict(accessibility_metadata(undescribed, EPUB_CONFORMANCE))


# -- labels in the book's language ---------------------------------------------------------------


def test_a_french_book_gets_french_labels(french_build: Path) -> None:
    page = (french_build / "html" / "chapters" / "renforcement.html").read_text("utf-8")
    for label in (
        "Télécharger le livre",
        "Télécharger le livre en PDF (pour l’impression)",
        "Télécharger le livre en ePub (pour liseuses)",
    ):
        assert label in page
    assert "Download the book" not in page
    pdf = pdf_text(french_build / "pdf" / "genou.pdf")
    assert "Table des matières" in pdf and "Édition 0.1" in pdf
    outline = pypdf.PdfReader(french_build / "pdf" / "genou.pdf").outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == ["Table des matières", "Introduction", "Renforcer le genou", "Index"]
    assert "Contents" not in pdf and "Edition" not in pdf
    assert figure_alt_texts(french_build / "pdf" / "genou.pdf")[0] == (
        "Couverture : Le genou : un cours pratique"
    )
    epub = french_build / "epub" / "genou.epub"
    nav = epub_member(epub, "nav.xhtml")
    assert "<h1>Table des matières</h1>" in nav
    for landmark in ("<h2>Repères</h2>", ">Couverture</a>", ">Début du livre</a>", ">Index</a>"):
        assert landmark in nav
    assert "Table of Contents" not in epub_member(epub, "content.opf")


@pytest.fixture(scope="module")
def french_exercises(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The exercises test book made French: its website, and its cards printed at A6."""
    from sphinx import locale

    folder = tmp_path_factory.mktemp("exercices")
    book = copy_book(ROOTS / "test-exercises", folder)
    with (book / "conf.py").open("a", encoding="utf-8") as conf:
        # The book's own words in French too, so only the pipeline's could be English.
        conf.write(
            'language = "fr"\n'
            "coursebook_categories = {\n"
            '    "stretching": {"label": "Étirement", "colour": "#56B4E9"},\n'
            '    "strengthening": {"label": "Renforcement", "colour": "#0072B2"},\n'
            '    "breathing": {"label": "Respiration", "colour": "#CC79A7"},\n'
            "}\n"
        )
    cards = folder / "fiches.pdf"
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            assert build_book(book, folder / "out", "html") == 0
            assert coursebook(["cards", "--book", str(book), "--size", "a6", "-o", str(cards)]) == 0
    finally:
        locale.translators.clear()  # later English builds in this process stay English
    yield folder / "out" / "html", cards


FRENCH_PARTS = [
    "Objectif",
    "Position de départ",
    "Étapes",
    "Dosage",
    "Respiration",
    "Erreurs fréquentes",
    "Précautions",
    "Plus facile",
    "Plus difficile",
]
ENGLISH_PARTS = [
    "Purpose",
    "Starting position",
    "Steps",
    "Breathing",
    "Common mistakes",
    "Cautions",
    "Easier",
    "Harder",
]
ENGLISH_DOSAGE = ["Hold:", "Repetitions:", "Sets:", "How often:"]


def test_a_french_books_cards_have_french_labels(french_exercises: tuple[Path, Path]) -> None:
    _site, cards = french_exercises
    text = pdf_text(cards).replace("\u00a0", " ")
    lines = {line.strip() for line in text.splitlines()}
    # Labels stand on their own lines, in capitals; dosage lines are "label : value".
    assert {part.upper() for part in FRENCH_PARTS} <= lines
    assert {part.upper() for part in ENGLISH_PARTS} & lines == set()
    for dosage in ("Maintien : 30 s", "Répétitions : 8 to 12", "Séries : 2 to 3", "Fréquence :"):
        assert dosage in text
    assert [label for label in ENGLISH_DOSAGE if label in text] == []
    for label in ("Niveau 2", "bridge · recto", "bridge · verso", "Page complète →"):
        assert label in text
    assert "scannez pour la page du cours" in text
    for english in ("Level", "· front", "· back", "Full page", "scan for", "More on the course"):
        assert english not in text
    assert pypdf.PdfReader(cards).metadata.title == "Fiches d’exercices"


def test_a_french_books_exercise_pages_have_french_labels(
    french_exercises: tuple[Path, Path],
) -> None:
    site, _cards = french_exercises
    page = html.parse(site / "exercises" / "bridge.html").getroot()
    (exercise,) = page.xpath('//section[@id="exercise-bridge"]')
    headings = [
        " ".join(h.xpath("string(text())").split())
        for h in exercise.xpath('section[contains(@class, "cb-exercise-part")]/*[1]')
    ]
    assert headings == FRENCH_PARTS
    text = exercise.text_content()
    assert "Répétitions\u00a0: 8 to 12" in text and "Dosage d’après" in text
    assert exercise.xpath('string(p[@class="cb-exercise-chapter"])').startswith(
        "Expliqué dans\u00a0:"
    )
    assert exercise.xpath('p[@class="cb-exercise-badges"]/span/text()') == [
        "Renforcement",
        "Niveau 2",
    ]
    for english in ("Explained in", "Dosage follows", "Level", *ENGLISH_DOSAGE):
        assert english not in text
    index = html.parse(site / "exercises" / "index.html").getroot()
    assert index.xpath('//table[contains(@class, "cb-exercise-index")]//th//text()') == [
        "Exercice",
        "Catégorie",
        "Niveau",
        "Dosage",
    ]


def test_a_card_never_breaks_a_line_before_a_french_colon() -> None:
    register_fonts()
    for width in range(30, 200, 2):  # points, at 10 pt: from one word a line to all on one
        lines = wrap("Répétitions\u00a0: 8 to 12 per side", FONT, 10, width) or ()
        assert not [line for line in lines if line.startswith(":")], (width, lines)
    assert wrap("Maintien\u00a0: 30 s", FONT, 10, 200) == ("Maintien\u00a0: 30 s",)


def marked_labels(package: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Every ``_("...")`` label in ``package`` with its places, and the ``_()`` calls whose
    argument is not a literal (a translator never sees those).

    Read with :mod:`ast`, which also sees a ``_()`` inside an f-string and ``locale._()``: the
    ones ``pybabel extract`` misses on Python 3.11 are found, to be reported.
    """
    labels: dict[str, list[str]] = {}
    not_literal = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            name = node.func.attr if isinstance(node.func, ast.Attribute) else name
            if name != "_":
                continue
            place = f"{path.relative_to(package)}:{node.lineno}"
            match node.args:
                case [ast.Constant(value=str(label))]:
                    labels.setdefault(label, []).append(place)
                case _:
                    not_literal.append(place)
    return labels, not_literal


def missed_by_pybabel(package: Path) -> dict[str, list[str]]:
    """The labels of ``package`` that ``pybabel extract`` does not find, with their places."""
    extracted = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            package, method_map=[("**.py", "python")], keywords={"_": None}
        )
    }
    labels, _not_literal = marked_labels(package)
    return {label: places for label, places in labels.items() if label not in extracted}


def french_catalogue() -> Catalog:
    with (FRENCH / "coursebook.po").open("rb") as po:
        return read_po(po)


def test_every_label_of_the_package_has_a_french_translation() -> None:
    labels, not_literal = marked_labels(PACKAGE)
    assert len(labels) > 40, "few labels found: is _() still the way labels are marked?"
    assert not_literal == []
    catalogue = french_catalogue()
    untranslated = sorted(m for m in labels if not (catalogue.get(m) and catalogue[m].string))
    assert untranslated == []


def test_pybabel_extract_finds_every_label() -> None:
    """The catalogue is kept with `pybabel extract`: a label it cannot see never gets translated
    (a ``_()`` inside an f-string is invisible to it on Python 3.11)."""
    assert missed_by_pybabel(PACKAGE) == {}


def test_the_catalogue_holds_only_labels_the_package_uses() -> None:
    labels, _not_literal = marked_labels(PACKAGE)
    assert sorted(m.id for m in french_catalogue() if m.id and m.id not in labels) == []


PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w*\}")


def test_translations_keep_their_placeholders() -> None:
    changed = [
        (message.id, message.string)
        for message in french_catalogue()
        if message.id
        and sorted(PLACEHOLDER.findall(str(message.id)))
        != sorted(PLACEHOLDER.findall(str(message.string)))
    ]
    assert changed == []


def test_the_label_finder_sees_what_pybabel_misses(tmp_path: Path) -> None:
    """The checks above fail on these planted faults."""
    (tmp_path / "planted.py").write_text(
        "from coursebook import locale\n"
        "from coursebook.locale import _\n"
        "footer = f\"{1} · {_('front')}\"\n"
        'back = locale._("back")\n'
        "name = 'Steps'\n"
        "label = _(name)\n",
        "utf-8",
    )
    labels, not_literal = marked_labels(tmp_path)
    assert labels == {"front": ["planted.py:3"], "back": ["planted.py:4"]}
    assert not_literal == ["planted.py:6"]
    if sys.version_info < (3, 12):  # which tokenises an f-string as one string
        assert missed_by_pybabel(tmp_path) == {"front": ["planted.py:3"]}


def test_the_compiled_catalogue_is_the_po_file(tmp_path: Path) -> None:
    with (tmp_path / "coursebook.mo").open("wb") as mo:
        write_mo(mo, french_catalogue())
    assert (tmp_path / "coursebook.mo").read_bytes() == (FRENCH / "coursebook.mo").read_bytes(), (
        "run `.venv/bin/pybabel compile -d source/coursebook/locale -D coursebook` and commit "
        "the .mo"
    )


# -- the cover image is checked before any edition uses it ---------------------------------------


def _png(path: Path) -> Path:
    """A valid 1×1 PNG, written by hand so the test needs nothing but the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


LIMITS = (2048, 16_000_000)  # the defaults of coursebook_image_max_kb and _max_pixels


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    (folder / "figures").mkdir(parents=True)
    return folder


def test_a_png_or_a_safe_svg_can_be_the_cover(book: Path) -> None:
    assert cover_image_problems(_png(book / "figures" / "cover.png"), book, *LIMITS) == []
    shutil.copy(ROOTS / "test-branding" / "figures" / "couverture.svg", book / "cover.svg")
    assert cover_image_problems(book / "cover.svg", book, *LIMITS) == []


@pytest.mark.parametrize(
    ("name", "plant", "message"),
    [
        ("figures/none.png", None, "no such file in the book folder"),
        ("../outside.png", "png", "the file is outside the book folder"),
        ("figures/link.png", "symlink", "the file is outside the book folder"),
        ("figures/cover.svg", "script", "cover.svg:3 svg: <script> is not allowed in a figure"),
        (
            "figures/cover.png",
            "text",
            "not an image Pillow can read, although its name ends in .png",
        ),
        ("figures/cover.jpg", "png", "a PNG image, although its name ends in .jpg"),
    ],
)
def test_a_bad_cover_image_is_refused(
    book: Path, name: str, plant: str | None, message: str
) -> None:
    image = book / name
    if plant == "png":
        _png(image)
    elif plant == "symlink":
        image.symlink_to(_png(book.parent / "elsewhere.png"))
    elif plant == "script":
        shutil.copy(BAD_SVG / "script.svg", image)
    elif plant == "text":
        image.write_text("not a picture\n", "utf-8")
    problems = cover_image_problems(image, book, *LIMITS)
    assert len(problems) == 1 and message in problems[0], problems
    assert "(hint: " in problems[0]


def test_the_cover_copy_follows_the_setting(tmp_path: Path) -> None:
    """An edition rebuilt with another cover, or none, ships no stale copy of the old one."""
    book, out = tmp_path / "book", tmp_path / "out"
    book.mkdir()
    _png(book / "cover.png")
    shutil.copy(ROOTS / "test-branding" / "figures" / "couverture.svg", book / "cover.svg")
    assert copy_cover_image(book, "cover.png", out) == "_static/coursebook-cover.png"
    assert copy_cover_image(book, "cover.svg", out) == "_static/coursebook-cover.svg"
    assert [p.name for p in (out / "_static").iterdir()] == ["coursebook-cover.svg"]
    assert copy_cover_image(book, "", out) == ""
    assert list((out / "_static").iterdir()) == []


def test_a_cover_is_held_to_the_books_image_limits(book: Path) -> None:
    image = _png(book / "figures" / "cover.png")
    (problem,) = cover_image_problems(image, book, 2048, 0)
    assert "1 pixels, over the limit of 0" in problem and "coursebook_image_max_pixels" in problem
