"""Printable cards: sheet geometry, the deck PDF, QR codes, and bad input that writes nothing."""

from __future__ import annotations

import itertools
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream
from reportlab.pdfbase import pdfmetrics

from conftest import EPOCH, ROOTS, build_book, copy_book
from coursebook.cards import deck
from coursebook.cards.assets import FONT, register_fonts
from coursebook.cards.cli import placeholder_host
from coursebook.cards.geometry import (
    CARD_SIZES,
    LEFT_TO_THE_COURSE_PAGE,
    MARK_GAP,
    PAPERS,
    SheetLayout,
    SheetOptions,
    Slot,
    layout_sheet,
)
from coursebook.cards.layout import CardLayout
from coursebook.cards.text import wrap
from coursebook.cli import main
from coursebook.exercises.model import load_catalogue
from editions import decode_qr_codes, normalise, unembedded_fonts

BOOK = ROOTS / "test-exercises"
BASE_URL = "https://example.org/test-book/"
MM = 72 / 25.4
LAYOUTS = [
    SheetOptions(card=card, paper=paper, flip=flip)
    for card, paper, flip in itertools.product(CARD_SIZES, PAPERS, ("long", "short"))
] + [
    SheetOptions(card="a7", bleed=3, back_offset=(1.5, -0.5)),
    SheetOptions(card="a6", margin=0, gutter=0, crop_marks=False),
]


def flip_box(layout: SheetLayout, box: tuple[float, ...]) -> tuple[float, ...]:
    """Where a box on the back page lies on the front page once the sheet is turned over."""
    x0, y0, x1, y1 = box
    if layout.options.flip == "long":
        return (layout.paper_width - x1, y0, layout.paper_width - x0, y1)
    return (x0, layout.paper_height - y1, x1, layout.paper_height - y0)


def close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 0.1) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("options", LAYOUTS, ids=str)
def test_each_back_lands_on_its_front(options: SheetOptions) -> None:
    layout = layout_sheet(options)
    dx, dy = options.back_offset
    for front, back in zip(layout.fronts, layout.backs(), strict=True):
        x0, y0, x1, y1 = back.box
        unshifted = (x0 - dx, y0 - dy, x1 - dx, y1 - dy)
        assert close(flip_box(layout, unshifted), front.box)
        # Turned over sideways, the cut card reads upright on both faces.
        turned_up = (
            (-back.up[0], back.up[1]) if options.flip == "long" else (back.up[0], -back.up[1])
        )
        assert turned_up == front.up


@pytest.mark.parametrize("options", LAYOUTS, ids=str)
def test_cards_stay_inside_the_safe_margins(options: SheetOptions) -> None:
    layout = layout_sheet(options)
    m = options.margin
    for x0, y0, x1, y1 in [s.box for s in layout.fronts]:
        assert m - 1e-6 <= x0 and x1 <= layout.paper_width - m + 1e-6
        assert m - 1e-6 <= y0 and y1 <= layout.paper_height - m + 1e-6
    boxes = [s.box for s in layout.fronts]
    for a, b in itertools.combinations(boxes, 2):  # no overlaps, the gutter between
        apart_x = a[2] + options.gutter <= b[0] + 1e-6 or b[2] + options.gutter <= a[0] + 1e-6
        apart_y = a[3] + options.gutter <= b[1] + 1e-6 or b[3] + options.gutter <= a[1] + 1e-6
        assert apart_x or apart_y


@pytest.mark.parametrize("options", [o for o in LAYOUTS if o.crop_marks], ids=str)
def test_crop_marks_sit_on_every_card_corner_outside_the_cards(options: SheetOptions) -> None:
    layout = layout_sheet(options)
    marks = layout.crop_marks()
    vertical_xs = {round(m[0], 3) for m in marks if m[0] == m[2]}
    horizontal_ys = {round(m[1], 3) for m in marks if m[1] == m[3]}
    for x0, y0, x1, y1 in [s.box for s in layout.fronts]:
        assert {round(x0, 3), round(x1, 3)} <= vertical_xs
        assert {round(y0, 3), round(y1, 3)} <= horizontal_ys
    for mx0, my0, mx1, my1 in marks:
        for x0, y0, x1, y1 in [s.box for s in layout.fronts]:
            inside_x = (
                max(mx0, mx1) > x0 - options.bleed - MARK_GAP + 1e-6
                and min(mx0, mx1) < x1 + options.bleed + MARK_GAP - 1e-6
            )
            inside_y = (
                max(my0, my1) > y0 - options.bleed - MARK_GAP + 1e-6
                and min(my0, my1) < y1 + options.bleed + MARK_GAP - 1e-6
            )
            assert not (inside_x and inside_y), "a crop mark touches a card or its bleed"
        assert options.margin <= min(mx0, mx1) and max(mx0, mx1) <= layout.paper_width - (
            options.margin
        )


def test_the_tool_picks_the_most_cards_that_fit() -> None:
    assert layout_sheet(SheetOptions(card="a7", paper="a4")).per_sheet == 4
    assert (
        layout_sheet(
            SheetOptions(card="a6", paper="a4", margin=0, gutter=0, crop_marks=False)
        ).per_sheet
        == 4
    )
    assert layout_sheet(SheetOptions(card="a6", paper="a4")).per_sheet == 2


# -- the deck PDF ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cards")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        for size, paper, flip in (("a7", "a4", "long"), ("3x5", "letter", "short")):
            assert (
                main(
                    [
                        "cards",
                        "--book",
                        str(BOOK),
                        "--deck",
                        "morning",
                        "--size",
                        size,
                        "--paper",
                        paper,
                        "--flip",
                        flip,
                        "-o",
                        str(out / f"morning-{size}-{paper}.pdf"),
                    ]
                )
                == 0
            )
    return out


def outline_boxes(page: pypdf.PageObject) -> list[tuple[float, ...]]:
    """The card outlines drawn in page coordinates (rectangles outside any q/Q group), in mm."""
    depth, boxes = 0, []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            depth += 1
        elif operator == b"Q":
            depth -= 1
        elif operator == b"re" and depth == 0:
            x, y, w, h = (float(v) / MM for v in operands)
            boxes.append((x, y, x + w, y + h))
    return boxes


@pytest.mark.parametrize("name", ["morning-a7-a4.pdf", "morning-3x5-letter.pdf"])
def test_printed_backs_line_up_with_their_fronts(decks: Path, name: str) -> None:
    reader = pypdf.PdfReader(decks / name)
    size, paper = name.removesuffix(".pdf").split("-")[1:]
    layout = layout_sheet(
        SheetOptions(card=size, paper=paper, flip="long" if paper == "a4" else "short")
    )
    assert len(reader.pages) == 2  # three cards fit on one sheet: its front, then its back
    fronts, backs = outline_boxes(reader.pages[0]), outline_boxes(reader.pages[1])
    assert len(fronts) == len(backs) == 3
    for front, back in zip(fronts, backs, strict=True):
        assert close(flip_box(layout, back), front)


def test_every_title_and_step_is_printed(decks: Path) -> None:
    text = normalise(
        subprocess.run(
            ["pdftotext", str(decks / "morning-a7-a4.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    for exercise in load_catalogue(BOOK).select(decks=["morning"]):
        for words in (exercise.title, *exercise.steps, exercise.breathing, *exercise.cautions):
            assert normalise(words) in text, words


def test_fonts_are_embedded_and_symbols_drawn(decks: Path) -> None:
    path = decks / "morning-3x5-letter.pdf"
    assert unembedded_fonts(pypdf.PdfReader(path)) == []
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "⚠" in text and "→" in text and "✘" in text


def test_qr_codes_open_pages_of_the_website(
    decks: Path, exercises_build: Path, tmp_path: Path
) -> None:
    decoded = decode_qr_codes(decks / "morning-a7-a4.pdf", 2, tmp_path)
    assert sorted(decoded) == sorted(
        f"{BASE_URL}exercises/{i}.html" for i in ("breathe-slowly", "wall-stretch", "bridge")
    )
    for url in decoded:
        assert (exercises_build / "html" / url.removeprefix(BASE_URL)).is_file(), url


def test_reruns_are_byte_identical(
    decks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = tmp_path / "again.pdf"
    assert (
        main(["cards", "--book", str(BOOK), "--deck", "morning", "--size", "a7", "-o", str(again)])
        == 0
    )
    assert again.read_bytes() == (decks / "morning-a7-a4.pdf").read_bytes()


def test_calibration_sheet_has_a_front_and_a_back(tmp_path: Path) -> None:
    target = tmp_path / "calibration.pdf"
    assert main(["cards", "--calibration", "--paper", "letter", "-o", str(target)]) == 0
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 2
    assert "--back-offset" in reader.pages[1].extract_text()


# -- bad input -----------------------------------------------------------------------------------


def test_invalid_data_writes_nothing_and_keeps_the_previous_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(BOOK, tmp_path)
    target = tmp_path / "deck.pdf"
    assert main(["cards", "--book", str(book), "-o", str(target)]) == 0
    before = target.read_bytes()
    exercise = book / "exercises" / "bridge.yaml"
    exercise.write_text(exercise.read_text().replace("level: 2", "level: 9"))
    assert main(["cards", "--book", str(book), "-o", str(target)]) == 1
    assert "bridge.yaml:4 level: 9 is not a level" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ""] == ["deck.pdf"]


LONG_STEP = (
    "Lift and lower slowly with control, keeping the ribs down and the pelvis level, then pause "
    "and breathe out before the next lift."
)
LONG_ITEM = (
    "Stop if the hip or the lower back hurts, or if tingling or numbness spreads down the leg."
)


def rewrite(exercise: Path, field: str, items: list[str]) -> None:
    """Replace a list field of an exercise file, or a one-line field when ``items`` has one."""
    text = exercise.read_text()
    listed = re.search(rf"^{field}:\n(?:  - .*\n)+", text, re.MULTILINE)
    if listed:
        text = text.replace(listed.group(0), f"{field}:\n" + "".join(f"  - {i}\n" for i in items))
    else:
        text = re.sub(rf"^{field}: .*$", f"{field}: {items[0]}", text, count=1, flags=re.MULTILINE)
    exercise.write_text(text)


def pdf_words(path: Path) -> str:
    return normalise(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    )


def test_every_card_that_does_not_fit_is_reported_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(BOOK, tmp_path)
    (book / "decks" / "calm.yaml").write_text("title: Calm\nexercises: [breathe-slowly]\n")
    out = tmp_path / "cards"
    argv = ["cards", "--book", str(book), "--all-decks", "--size", "a7", "--out-dir", str(out)]
    assert main(argv) == 0
    before = {pdf.name: pdf.read_bytes() for pdf in out.iterdir()}
    assert sorted(before) == ["calm-a7-a4.pdf", "morning-a7-a4.pdf"]
    capsys.readouterr()
    # Both faces of the bridge card and the front of the wall stretch's: three misfits, two cards.
    rewrite(book / "exercises" / "bridge.yaml", "steps", [LONG_STEP] * 6)
    rewrite(
        book / "exercises" / "bridge.yaml", "title", ["Glute bridge on the mat, lowering slowly"]
    )
    rewrite(book / "exercises" / "wall-stretch.yaml", "steps", [LONG_STEP] * 5)
    assert main(argv) == 1
    err = capsys.readouterr().err
    at_a7 = "does not fit at size A7 even at 6.4 pt"
    assert f"bridge.yaml:9 steps: the front of the card {at_a7}, with 'Purpose' left" in err
    assert "bridge.yaml:2 title: the title does not fit the card's band at size A7" in err
    assert f"wall-stretch.yaml:10 steps: the front of the card {at_a7}" in err
    assert "(hint: shorten 'Steps', or print it whole with --size a6" in err
    assert "(hint: shorten the title, or print it whole with --size a6" in err
    assert "2 cards do not fit; nothing was written" in err
    # The deck that fits is not written either: a run writes all its decks or none.
    assert {pdf.name: pdf.read_bytes() for pdf in out.iterdir()} == before


def test_pocket_cards_leave_parts_to_the_course_page_and_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(BOOK, tmp_path)
    rewrite(book / "exercises" / "bridge.yaml", "steps", [LONG_STEP] * 5)
    rewrite(book / "exercises" / "bridge.yaml", "cautions", [LONG_ITEM] * 3)
    rewrite(book / "exercises" / "bridge.yaml", "mistakes", [LONG_ITEM] * 3)
    exercise = load_catalogue(book).exercises["bridge"]
    words = {}
    for size in ("a6", "a7"):
        target = tmp_path / f"{size}.pdf"
        argv = ["cards", "--book", str(book), "--id", "bridge", "--size", size, "-o", str(target)]
        assert main(argv) == 0
        words[size] = pdf_words(target)
    assert "bridge: Purpose, Harder" in capsys.readouterr().out
    always = (exercise.starting_position, *exercise.steps, *exercise.cautions, exercise.easier)
    for text in always:
        assert normalise(text) in words["a7"], text
    for text in (exercise.purpose, exercise.harder):
        assert normalise(text) in words["a6"] and normalise(text) not in words["a7"], text
    assert normalise("More on the course page: Purpose · Harder") in words["a7"]
    assert normalise("More on the course page") not in words["a6"]


def test_pocket_cards_leave_parts_out_in_the_instructors_order(tmp_path: Path) -> None:
    book = copy_book(BOOK, tmp_path)
    rewrite(book / "exercises" / "bridge.yaml", "cautions", [LONG_ITEM] * 3)
    rewrite(book / "exercises" / "bridge.yaml", "mistakes", [LONG_ITEM] * 3)
    rewrite(book / "exercises" / "bridge.yaml", "breathing", [LONG_STEP])
    exercise = load_catalogue(book).exercises["bridge"]
    pictograms = book / "figures" / "pictograms"
    back = [s.key for s in CardLayout("a7", pictograms).card(exercise, BASE_URL).back.left_out]
    order = [key for key in LEFT_TO_THE_COURSE_PAGE if key != "purpose"]  # purpose: the front
    assert len(back) >= 2 and sorted(back, key=order.index) == order[: len(back)]
    assert CardLayout("a6", pictograms).card(exercise, BASE_URL).left_out == ()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--size", "b5"], "invalid choice: 'b5'"),
        (["--paper", "a3"], "invalid choice: 'a3'"),
        (["--flip", "sideways"], "invalid choice: 'sideways'"),
        (["--back-offset", "2"], "'2' is not X,Y in millimetres"),
        (["--back-offset", "40,0"], "offsets beyond 20 mm are not printer drift"),
        (["--margin", "-3"], "-3 mm is outside 0 to 50 mm"),
        (["--level", "0"], "'0' is not a level"),
    ],
)
def test_bad_options_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["cards", "--book", str(BOOK), *argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bleed", "4"], "a gutter of 6 mm cannot hold two bleeds of 4 mm"),
        (["--deck", "evening"], "no deck or exercise named 'evening'"),
        (["--base-url", "example.org"], "the QR codes need the website's address"),
        (["--size", "a6", "--paper", "a4", "--margin", "50"], "do not fit on A4"),
        (["--tag", "no-such-tag"], "no exercise matches the selection"),
        (["--level", "4"], "no level 4 in this book; its levels are 1, 2 or 3"),
    ],
)
def test_impossible_requests_exit_2(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cards", "--book", str(BOOK), "-o", str(tmp_path / "x.pdf"), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_base_url_setting_without_a_scheme_is_reported_at_its_line_like_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(BOOK, tmp_path)
    with (book / "conf.py").open("a") as conf:
        conf.write('coursebook_base_url = "example.org/test-book/"\n')
    line = len((book / "conf.py").read_text().splitlines())
    located = (
        f"{book}/conf.py:{line}: coursebook_base_url = 'example.org/test-book/': expected '' or "
        "an absolute http(s) URL ending in '/' (hint: public address of the website"
    )
    capsys.readouterr()
    assert main(["cards", "--book", str(book), "-o", str(tmp_path / "x.pdf")]) == 1
    assert located in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert build_book(book, tmp_path / "out", "html") != 0
    assert located in capsys.readouterr().err
    # An address on the command line replaces the setting, so the setting is not in the way.
    url = ["--base-url", "https://physio.uni.edu/knee/"]
    assert main(["cards", "--book", str(book), "-o", str(tmp_path / "x.pdf"), *url]) == 0


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.org/test-book/", "example.org"),
        ("https://www.example.com/", "www.example.com"),
        ("http://EXAMPLE.NET/knee/", "example.net"),
        ("https://physio.example/", "physio.example"),
        ("https://knee.test/", "knee.test"),
        ("https://course.localhost:8000/", "course.localhost"),
        ("https://site.invalid/", "site.invalid"),
        ("https://example.org.uk/", None),
        ("https://myexample.org/", None),
        ("https://physio.uni.edu/knee/", None),
    ],
)
def test_reserved_example_hosts_are_placeholders(url: str, host: str | None) -> None:
    assert placeholder_host(url) == host


def test_qr_codes_to_a_placeholder_host_get_a_note_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = (
        "note: the QR codes open example.org, a placeholder: set coursebook_base_url in conf.py "
        "to the address where the website is published (or pass --base-url)"
    )
    assert main(["cards", "--book", str(BOOK), "-o", str(tmp_path / "x.pdf")]) == 0
    assert note in capsys.readouterr().err  # the test book's address is example.org
    url = ["--base-url", "https://physio.uni.edu/knee/"]
    assert main(["cards", "--book", str(BOOK), "-o", str(tmp_path / "x.pdf"), *url]) == 0
    assert "note:" not in capsys.readouterr().err


def test_all_decks_removes_the_pdfs_of_decks_that_are_gone_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = copy_book(BOOK, tmp_path)
    out = tmp_path / "cards"
    (book / "decks" / "evening.yaml").write_text("title: Evening\nexercises:\n  - breathe-slowly\n")

    def cards(*argv: str) -> int:
        return main(["cards", "--book", str(book), "--out-dir", str(out), *argv])

    assert cards("--all-decks") == cards("--all-decks", "--size", "a7") == 0
    assert cards("--deck", "morning", "--deck", "evening") == 0  # morning-evening-a6-a4.pdf
    assert cards() == cards("--calibration") == 0  # cards-a6-a4.pdf, calibration-a4-long.pdf
    assert cards("--deck", "evening", "-o", str(out / "handout.pdf")) == 0
    (out / "notes-a6-a4.pdf").write_text("the instructor's own file, named like a deck's")
    kept = {p.name for p in out.iterdir()} - {"evening-a6-a4.pdf", "morning-evening-a6-a4.pdf"}
    (book / "decks" / "evening.yaml").rename(book / "decks" / "week-one.yaml")
    bridge = book / "exercises" / "bridge.yaml"
    bridge.write_text(bridge.read_text().replace("level: 2", "level: 9"))
    assert cards("--all-decks") == 1
    assert (out / "evening-a6-a4.pdf").is_file()  # a failed run removes nothing
    bridge.write_text(bridge.read_text().replace("level: 9", "level: 2"))
    capsys.readouterr()

    assert cards("--all-decks") == 0

    printed = capsys.readouterr().out
    assert "removed evening-a6-a4.pdf: no deck 'evening' any more" in printed
    assert "removed morning-evening-a6-a4.pdf: no deck 'morning-evening' any more" in printed
    assert {p.name for p in out.iterdir()} == kept | {"week-one-a6-a4.pdf"}
    assert "evening-a7-a4.pdf" in kept and "cards-a6-a4.pdf" in kept


def test_slot_up_vector_follows_rotation() -> None:
    assert Slot(0, 0, 10, 20, 0).up == (0, 1)
    assert Slot(0, 0, 10, 20, 90).up == (-1, 0)
    assert Slot(0, 0, 10, 20, 180).up == (0, -1)


def test_card_text_breaks_within_its_width_and_refuses_words_wider() -> None:
    register_fonts()
    text = "Lie on your back with knees bent, feet flat and hip-width apart, arms by your sides."
    for width in (60.0, 120.0, 250.0):
        lines = wrap(text, FONT, 9.6, width)
        assert lines is not None and " ".join(lines) == text
        assert all(pdfmetrics.stringWidth(line, FONT, 9.6) <= width + 1e-6 for line in lines)
        assert all(  # greedy: the next line's first word would not have fitted
            pdfmetrics.stringWidth(f"{a} {b.split()[0]}", FONT, 9.6) > width
            for a, b in itertools.pairwise(lines)
        )
    assert wrap("hip-width", FONT, 9.6, 20.0) is None


def test_cards_laid_out_by_workers_are_the_same_bytes(
    decks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(deck, "PARALLEL_FROM", 2)  # a large deck's path, on three cards
    monkeypatch.setattr(deck.os, "cpu_count", lambda: 2)
    target = tmp_path / "workers.pdf"
    argv = ["cards", "--book", str(BOOK), "--deck", "morning", "--size", "a7", "-o", str(target)]
    assert main(argv) == 0
    assert target.read_bytes() == (decks / "morning-a7-a4.pdf").read_bytes()


def test_cards_that_do_not_fit_are_reported_from_the_workers_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deck, "PARALLEL_FROM", 2)  # a large deck's path, on three cards
    monkeypatch.setattr(deck.os, "cpu_count", lambda: 2)
    book = copy_book(BOOK, tmp_path)
    rewrite(book / "exercises" / "bridge.yaml", "steps", [LONG_STEP] * 6)
    target = tmp_path / "workers.pdf"
    assert main(["cards", "--book", str(book), "--size", "a7", "-o", str(target)]) == 1
    assert "bridge.yaml:9 steps: the front of the card does not fit" in capsys.readouterr().err
    assert not target.exists()
