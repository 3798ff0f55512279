"""Figure: the psoas course's front cover (the PDF's first page and the ePub's cover image).

The book names it in ``book/conf.py`` (``coursebook_cover_image``); the pipeline itself draws only
a typographic cover. The words come from ``book/conf.py`` too (title, subtitle, author), so the
cover cannot disagree with the book: change them there and run ``make figures``. The artwork is
the lumbar spine and pelvis seen from the front, with the psoas (sky blue) running from the
vertebrae over the brim of the pelvis to the thigh, joined by the iliacus (orange), as in
``fig_psoas_location.py``. The page has A4's proportions; every word stays well inside the edges,
so the PDF on Letter paper, which crops it slightly, keeps it whole.
"""

from __future__ import annotations

import runpy
import textwrap
from pathlib import Path

from svgdoc import ORANGE, SKY, Drawing, Point, curve_through, r1

NAME = "cover"
WIDTH, HEIGHT = 1240, 1754
MARGIN = 130
BACKGROUND = "#0b4f7c"  # the typographic cover's blue: white text at AA contrast
PALE = "#cfe8f8"
BOOK = runpy.run_path(str(Path(__file__).parents[1] / "book" / "conf.py"))
TITLE = f"Cover of {BOOK['project']}"
DESCRIPTION = (
    f"The front cover: the title, {BOOK['project']}, the subtitle and the authors in white on "
    "dark blue, beside a drawing of the lower spine and pelvis from the front, with the psoas "
    "muscle running from the lumbar vertebrae down to the thigh bone, joined by the iliacus."
)


def _title_lines(title: str) -> list[str]:
    # A title with a colon breaks after it, as on a printed cover: "The Psoas:" / "A Practical…".
    head, colon, tail = title.partition(": ")
    parts = [head + ":", tail] if colon else [title]
    return [line for part in parts for line in textwrap.wrap(part, width=18)]


def _words(d: Drawing) -> None:
    d.add("rect", x=MARGIN, y=300, width=200, height=14, fill=ORANGE)
    y = 430
    for line in _title_lines(str(BOOK["project"])):
        d.add("text", line, x=MARGIN, y=y, font_size=88, font_weight="bold", fill="#ffffff")
        y += 104
    y += 30
    for line in textwrap.wrap(str(BOOK.get("coursebook_subtitle", "")), width=26):
        d.add("text", line, x=MARGIN, y=y, font_size=46, fill=PALE)
        y += 62
    d.add("rect", x=MARGIN, y=HEIGHT - 250, width=WIDTH - 2 * MARGIN, height=3, fill=PALE)
    d.add("text", str(BOOK["author"]), x=MARGIN, y=HEIGHT - 170, font_size=40, fill="#ffffff")


def _bone(drawing: Drawing, tag: str, **attributes: object) -> None:
    # Bones are pale outlines, so the muscles stand out and the words stay readable over them.
    drawing.add(
        tag,
        None,
        fill="#ffffff",
        fill_opacity=0.13,
        stroke="#ffffff",
        stroke_opacity=0.55,
        stroke_width=3,
        **attributes,
    )


def _artwork(d: Drawing) -> None:
    cx, top, step = 800, 770, 60
    for i in range(6):  # T12 and L1 to L5, each body with its two transverse processes
        y = top + i * step
        _bone(d, "rect", x=cx - 42, y=y, width=84, height=50, rx=12)
        _bone(d, "rect", x=cx - 82, y=y + 16, width=40, height=16, rx=6)
        _bone(d, "rect", x=cx + 42, y=y + 16, width=40, height=16, rx=6)
    pelvis = top + 6 * step + 10  # the top of the sacrum
    _bone(
        d,
        "path",
        d=f"M {cx - 62} {pelvis} L {cx + 62} {pelvis} L {cx + 34} {pelvis + 120} "
        f"L {cx} {pelvis + 140} L {cx - 34} {pelvis + 120} Z",
    )
    for side in (-1, 1):  # the wings of the hip bones, then the thigh bones
        _bone(
            d,
            "path",
            d=f"M {cx + side * 66} {pelvis + 10} C {cx + side * 120} {pelvis - 70}, "
            f"{cx + side * 240} {pelvis - 80}, {cx + side * 280} {pelvis - 20} "
            f"C {cx + side * 290} {pelvis + 60}, {cx + side * 270} {pelvis + 150}, "
            f"{cx + side * 230} {pelvis + 190} L {cx + side * 150} {pelvis + 230} "
            f"C {cx + side * 110} {pelvis + 200}, {cx + side * 70} {pelvis + 150}, "
            f"{cx + side * 50} {pelvis + 110} Z",
        )
        _bone(
            d,
            "path",
            d=f"M {cx + side * 232} {pelvis + 200} L {cx + side * 312} {pelvis + 236} "
            f"L {cx + side * 302} {pelvis + 330} L {cx + side * 264} {pelvis + 330} "
            f"L {cx + side * 258} {pelvis + 262} Z",
        )
        _bone(d, "circle", cx=cx + side * 236, cy=pelvis + 206, r=30)
    trochanter = (cx + 252, pelvis + 276)  # the lesser trochanter, where the muscles end
    # The psoas: from the sides of T12 to L5, thickest low in the back, over the pelvic brim,
    # narrowing to its tendon.
    outer: list[Point] = [
        (cx + 42, top + 8),
        (cx + 104, top + 140),
        (cx + 172, top + 290),
        (cx + 210, pelvis + 40),
        (cx + 236, pelvis + 170),
        (trochanter[0] + 8, trochanter[1]),
    ]
    inner: list[Point] = [
        (trochanter[0] - 12, trochanter[1] + 4),
        (cx + 200, pelvis + 170),
        (cx + 142, pelvis + 40),
        (cx + 70, top + 300),
        (cx + 44, top + 160),
        (cx + 40, top + 8),
    ]
    d.add(
        "path",
        d=f"M {r1(outer[0][0])} {r1(outer[0][1])} {curve_through(outer)} "
        f"L {r1(inner[0][0])} {r1(inner[0][1])} {curve_through(inner)} Z",
        fill=SKY,
        fill_opacity=0.92,
    )
    # The iliacus fans out from the inside of the hip bone and joins the psoas's tendon.
    crest: list[Point] = [(cx + 150, pelvis - 30), (cx + 220, pelvis - 52), (cx + 268, pelvis - 16)]
    d.add(
        "path",
        d=f"M {r1(crest[0][0])} {r1(crest[0][1])} {curve_through(crest)} "
        f"C {cx + 272} {pelvis + 70}, {cx + 262} {pelvis + 150}, "
        f"{trochanter[0] + 10} {trochanter[1] - 26} "
        f"L {trochanter[0] - 6} {trochanter[1] - 34} "
        f"C {cx + 226} {pelvis + 120}, {cx + 186} {pelvis + 40}, "
        f"{r1(crest[0][0])} {r1(crest[0][1])} Z",
        fill=ORANGE,
        fill_opacity=0.92,
    )


def draw() -> Drawing:
    """Draw the cover."""
    d = Drawing(WIDTH, HEIGHT, TITLE, DESCRIPTION)
    d.add("rect", width=WIDTH, height=HEIGHT, fill=BACKGROUND)
    _artwork(d)
    _words(d)
    return d
