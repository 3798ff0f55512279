"""Figure: where the diaphragm meets the psoas: the crura and the arcuate ligaments, front view.

Schematic, after Gray's Anatomy (42nd ed.; the 1918 public-domain edition gives the same
account) and StatPearls (Siccardi et al. 2023, psoas major), checked against the chapter text:

- right crus from the front of the bodies and discs of L1 to L3, left crus from L1 to L2; their
  inner edges meet in front of the aorta as the median arcuate ligament (about T12-L1);
- medial arcuate ligament: a thickening of the fascia over the top of the psoas major, from the
  side of the body of L1 (sometimes L2) to the front of the transverse process of L1;
- lateral arcuate ligament: a thickening of the fascia over the quadratus lumborum, from the
  front of the transverse process of L1 to the 12th rib;
- muscle fibres of the diaphragm rise from all of these, so the top of the psoas (which starts
  at T12) passes behind the diaphragm's edge.

The view is of the back wall of the abdomen from the front, with the organs removed: the
person's right is on the left of the picture.
"""

from __future__ import annotations

from collections.abc import Sequence

from svgdoc import BLUE, BONE, BONE_EDGE, GREEN, INK, VERMILION, Drawing, curve_through, pts, r1
from svgdoc import rounded_label as label

NAME = "psoas-diaphragm"
TITLE = "The diaphragm's crura and arcuate ligaments beside the psoas: front view"
DESCRIPTION = (
    "Front view of the back wall of the abdomen with the organs removed, showing the lower "
    "spine from T12 to L5, the 12th ribs, the psoas major (blue) beside the spine and the "
    "quadratus lumborum (green) further out. The diaphragm (red) rises above them. Its two "
    "legs, the crura, are attached to the front of the vertebral bodies: the right crus, on "
    "the left of the picture, reaches down to L3, and the shorter left crus to L2. Their inner "
    "edges meet in an arch, the median arcuate ligament, in front of the aorta. On each side "
    "a second arch, the medial arcuate ligament, runs from the side of the first lumbar "
    "vertebra to its transverse process, over the top of the psoas; a third, the lateral "
    "arcuate ligament, runs from there to the 12th rib, over the quadratus lumborum. Fibres "
    "of the diaphragm start from these arches, so the top of the psoas, drawn with a dashed "
    "line, passes behind the diaphragm."
)

CX = 300
BW = 34
TOP = 100  # top of the T12 body
BODY, GAP = 38, 14
PITCH = BODY + GAP
LEVELS = ["T12", "L1", "L2", "L3", "L4", "L5"]
TP_LENGTH = {"L1": 34, "L2": 42, "L3": 50, "L4": 46, "L5": 40}
CUT = 428  # everything is cut off at this height
RED_EDGE = "#8a3c00"
AORTA = "#CC79A7"  # Okabe-Ito reddish purple


def body_top(index: int) -> float:
    """Top edge of vertebral body ``index`` (0 = T12)."""
    return TOP + index * PITCH


def mirror(points: Sequence[tuple[float, float]], side: int) -> list[tuple[float, float]]:
    """Points given for the person's right (``side`` -1) placed on ``side`` of the midline."""
    return [(CX + side * abs(x - CX) if x != CX else CX, y) for x, y in points]


def ligament(d: Drawing, points: list[tuple[float, float]]) -> None:
    """A ligament: a pale band with a dark edge, along a smooth curve."""
    path = f"M {r1(points[0][0])} {r1(points[0][1])} " + curve_through(points)
    d.add("path", d=path, fill="none", stroke=INK, stroke_width=5, stroke_linecap="round")
    d.add("path", d=path, fill="none", stroke="#f6f6f6", stroke_width=2.6, stroke_linecap="round")


def draw_bones(d: Drawing) -> None:
    """Vertebrae T12 to L5 (cut), discs, transverse processes and the 12th ribs."""
    for side in (-1, 1):  # 12th rib: from T12 out and down to a free tip
        upper = [(CX + side * (CX - x), y) for x, y in RIB_UPPER]
        lower = [(CX + side * (CX - x), y) for x, y in RIB_LOWER]
        d.add(
            "path",
            d=(
                f"M {r1(upper[0][0])} {r1(upper[0][1])} C "
                + ", ".join(f"{r1(x)} {r1(y)}" for x, y in upper[1:])
                + f" L {r1(lower[0][0])} {r1(lower[0][1])} C "
                + ", ".join(f"{r1(x)} {r1(y)}" for x, y in lower[1:])
                + " Z"
            ),
            fill=BONE,
            stroke=BONE_EDGE,
        )
    for i, name in enumerate(LEVELS):
        y = body_top(i)
        if y > CUT:
            break
        if name != "T12":
            for side in (-1, 1):
                x0 = CX + side * (BW - 4)
                x1 = x0 + side * (TP_LENGTH[name] + 4)
                d.add(
                    "rect",
                    x=min(x0, x1),
                    y=y + 13,
                    width=TP_LENGTH[name] + 4,
                    height=12,
                    rx=4,
                    fill=BONE,
                    stroke=BONE_EDGE,
                )
        height = min(BODY, CUT - y)
        d.add(
            "rect", x=CX - BW, y=y, width=2 * BW, height=height, rx=4, fill=BONE, stroke=BONE_EDGE
        )
        if y + BODY < CUT:
            d.add(
                "rect",
                x=CX - BW + 1,
                y=y + BODY,
                width=2 * BW - 2,
                height=GAP,
                rx=3,
                fill="#d5dde2",
                stroke="#7d8a93",
            )
        if name in ("L2", "L3", "L4", "L5"):
            d.add(
                "text",
                name,
                x=CX - 1 if name == "L2" else CX,
                y=y + 24,
                font_size=12,
                text_anchor="middle",
                fill="#4a4236",
            )


def cubic(points: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
    """The point at ``t`` on a cubic Bézier curve given by four points."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return (a * x0 + b * x1 + c * x2 + e * x3, a * y0 + b * y1 + c * y2 + e * y3)


# the person's right 12th rib: upper border from T12 to the tip, lower border back
RIB_UPPER = [
    (CX - BW + 4, TOP + 10),
    (CX - 64, TOP + 14),
    (CX - 112, TOP + 50),
    (CX - 150, TOP + 130),
]
RIB_LOWER = [
    (CX - 140, TOP + 136),
    (CX - 104, TOP + 64),
    (CX - 62, TOP + 28),
    (CX - BW + 4, TOP + 24),
]


def rib_top(x: float) -> float:
    """Height of the upper border of the person's right 12th rib at ``x``."""
    low, high = 0.0, 1.0
    for _ in range(40):  # x falls steadily along the rib, so bisection finds t
        t = (low + high) / 2
        if cubic(RIB_UPPER, t)[0] > x:
            low = t
        else:
            high = t
    return cubic(RIB_UPPER, low)[1]


TP1 = body_top(1) + 19  # height of the L1 transverse process
TP1_TIP = CX - BW - TP_LENGTH["L1"]
RIB_LIG = CX - 116  # where the lateral arcuate ligament meets the 12th rib
RIB_TIP = CX - 150


def quadratus(side: int) -> list[tuple[float, float]]:
    """Outline of the quadratus lumborum on one side (12th rib and TP tips to the cut)."""
    along_rib = [cubic(RIB_LOWER, t / 10) for t in range(8, -1, -1)]  # medial to lateral
    right = [
        (TP1_TIP + 4, TP1 - 30),
        (RIB_LIG + 4, rib_top(RIB_LIG + 4) + 2),
        *[(x, y) for x, y in along_rib if x <= RIB_LIG - 6],
        (CX - 162, 330),
        (CX - 168, CUT),
        (CX - BW - 56, CUT),
        (CX - BW - 50, body_top(3) + 19),
        (TP1_TIP + 4, TP1),
    ]
    return mirror(right, side)


def psoas(side: int) -> list[tuple[float, float]]:
    """Outline of the psoas major on one side, from T12 to the cut."""
    right = [
        (CX - BW, body_top(0) + BODY - 4),
        (CX - BW - 10, body_top(0) + BODY - 6),
        (CX - BW - 32, body_top(1) + 16),
        (CX - BW - 40, body_top(2) + 20),
        (CX - BW - 54, body_top(4)),
        (CX - BW - 58, CUT),
        (CX - BW, CUT),
    ]
    return mirror(right, side)


LATERAL = ((RIB_LIG, rib_top(RIB_LIG)), ((RIB_LIG + TP1_TIP) / 2, TP1 - 34), (TP1_TIP + 2, TP1 - 4))
MEDIAL = ((TP1_TIP + 2, TP1 - 4), ((TP1_TIP + CX - BW) / 2, TP1 - 40), (CX - BW, TP1 - 6))
MEDIAN = ((CX - 8, body_top(1) + 2), (CX, body_top(0) + 22), (CX + 8, body_top(1) + 2))


def diaphragm_outline() -> str:
    """The back part of the diaphragm: both crura, the arcuate ligaments and the dome (cut).

    Traced clockwise from the top left. ``m`` mirrors a point of the person's right (left of
    the picture) to the person's left.
    """

    def m(x: float) -> float:
        return 2 * CX - x

    def xy(x: float, y: float) -> str:
        return f"{r1(x)} {r1(y)}"

    lat_ctrl = LATERAL[1]  # lateral arcuate ligament, over the QL
    med_ctrl = MEDIAL[1]  # medial arcuate ligament, over the psoas
    rib_xs = [RIB_LIG - 8 * i for i in range(1, 5)]  # along the rib from the ligament outwards
    right_tip, left_tip = body_top(3) + 24, body_top(2) + 24  # right crus to L3, left to L2
    dome = [(CX - 204, 100), (CX - 100, 62), (CX, 54), (CX + 100, 62), (CX + 204, 100)]
    return " ".join(
        [
            f"M {xy(*dome[0])}",
            curve_through(dome),
            f"L {xy(CX + 196, 130)} L {xy(m(RIB_TIP), rib_top(RIB_TIP))}",
            *(f"L {xy(m(x), rib_top(x))}" for x in reversed(rib_xs)),
            f"Q {xy(m(lat_ctrl[0]), lat_ctrl[1])}, {xy(m(TP1_TIP + 2), TP1 - 4)}",
            f"Q {xy(m(med_ctrl[0]), med_ctrl[1])}, {xy(CX + BW, TP1 - 6)}",
            f"L {xy(CX + 24, left_tip)} L {xy(CX + 10, left_tip + 4)}",
            f"L {xy(CX + 8, body_top(1) + 2)}",
            f"Q {xy(CX, body_top(0) + 22)}, {xy(CX - 8, body_top(1) + 2)}",  # median arcuate
            f"L {xy(CX - 10, right_tip + 4)} L {xy(CX - 24, right_tip)}",
            f"L {xy(CX - BW, TP1 - 6)}",
            f"Q {xy(*med_ctrl)}, {xy(TP1_TIP + 2, TP1 - 4)}",
            f"Q {xy(*lat_ctrl)}, {xy(RIB_LIG, rib_top(RIB_LIG))}",
            *(f"L {xy(x, rib_top(x))}" for x in rib_xs),
            f"L {xy(RIB_TIP, rib_top(RIB_TIP))} L {xy(CX - 196, 170)} Z",
        ]
    )


def on_curve(
    p0: tuple[float, float], control: tuple[float, float], p2: tuple[float, float], t: float
) -> tuple[float, float]:
    """The point at ``t`` on a quadratic Bézier curve."""
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
    return (a * p0[0] + b * control[0] + c * p2[0], a * p0[1] + b * control[1] + c * p2[1])


def arch(
    p0: tuple[float, float], control: tuple[float, float], p2: tuple[float, float]
) -> list[tuple[float, float]]:
    """Seven points along a quadratic Bézier curve."""
    return [on_curve(p0, control, p2, i / 6) for i in range(7)]


def draw() -> Drawing:
    """Draw the figure."""
    d = Drawing(600, 470, TITLE, DESCRIPTION)
    draw_bones(d)
    for side in (-1, 1):
        d.add("polygon", points=pts(quadratus(side)), fill=GREEN, stroke="#00563f")
    # the aorta comes down behind the median arcuate ligament, in front of the spine (cut short)
    aorta_end = body_top(2) - 4
    d.add(
        "path",
        d=(
            f"M {CX - 11} {body_top(0) + 16} L {CX + 11} {body_top(0) + 16} "
            f"L {CX + 11} {aorta_end} A 11 4 0 0 1 {CX - 11} {aorta_end} Z"
        ),
        fill=AORTA,
        stroke="#7a3a60",
    )
    d.add("ellipse", cx=CX, cy=aorta_end, rx=11, ry=4, fill="#e3b3cf", stroke="#7a3a60")
    for side in (-1, 1):
        outline = psoas(side)
        d.add(
            "path",
            d=f"M {r1(outline[0][0])} {r1(outline[0][1])} "
            + curve_through(outline[:6])
            + f" L {r1(outline[6][0])} {r1(outline[6][1])} Z",
            fill=BLUE,
            stroke="#004a75",
        )
    d.add("path", d=diaphragm_outline(), fill=VERMILION, stroke=RED_EDGE, stroke_width=1.2)
    for x in (-160, -110, 110, 160):  # muscle fibres rising towards the central tendon
        d.add(
            "path",
            d=f"M {CX + x} {r1(rib_top(CX - abs(x)) - 40)} Q {r1(CX + x * 0.9)} 100, "
            f"{r1(CX + x * 0.55)} 64",
            fill="none",
            stroke="#f2a46e",
            stroke_width=1,
        )
    lateral, medial, median = LATERAL, MEDIAL, MEDIAN
    for side in (-1, 1):
        # the top of the psoas, hidden behind the diaphragm
        top = psoas(side)[:3]
        d.add(
            "path",
            d=f"M {r1(CX + side * BW)} {TP1 - 6} L {r1(top[0][0])} {r1(top[0][1])} "
            + curve_through(top),
            fill="none",
            stroke="#ffffff",
            stroke_width=1.6,
            stroke_dasharray="5 4",
        )
        for p0, control, p2 in (lateral, medial):
            ligament(d, mirror(arch(p0, control, p2), side))
    ligament(d, arch(*median))

    def mid(curve: tuple[tuple[float, float], ...]) -> tuple[float, float]:
        return on_curve(curve[0], curve[1], curve[2], 0.5)

    # labels: person's right (left of the picture)
    label(d, 104, 80, "Diaphragm", anchor="end", weight="bold", target=(CX - 160, 100))
    label(d, 104, 130, "Medial arcuate", anchor="end", size=12, target=mid(medial))
    label(d, 104, 145, "ligament", anchor="end", size=12)
    label(d, 104, 186, "Lateral arcuate", anchor="end", size=12, target=mid(lateral))
    label(d, 104, 201, "ligament", anchor="end", size=12)
    rib_x = RIB_TIP + 12
    label(d, 104, 250, "12th rib", anchor="end", size=12, target=(rib_x, rib_top(rib_x) + 5))
    label(d, 104, 300, "Right crus", anchor="end", weight="bold", target=(CX - 17, body_top(3) + 8))
    label(d, 104, 315, "L1 to L3", anchor="end", size=12)
    label(d, 104, 380, "Quadratus", anchor="end", size=12, target=(CX - 136, 380))
    label(d, 104, 395, "lumborum", anchor="end", size=12)
    # labels: person's left (right of the picture)
    label(d, 496, 90, "Median arcuate", size=12, target=mid(median))
    label(d, 496, 105, "ligament", size=12)
    label(d, 496, 222, "Left crus", weight="bold", target=(CX + 16, body_top(2) + 8))
    label(d, 496, 237, "L1 to L2", size=12)
    label(d, 496, 176, "Aorta (cut)", size=12, target=(CX + 4, body_top(1) + 30))
    label(d, 496, 330, "Psoas major", weight="bold", target=(CX + BW + 36, 340))
    label(d, 496, 346, "(dashed: its top,", size=12)
    label(d, 496, 361, "behind the", size=12)
    label(d, 496, 376, "diaphragm)", size=12)
    label(d, CX - 150, 454, "Person's right", anchor="middle", size=12)
    label(d, CX + 150, 454, "Person's left", anchor="middle", size=12)
    return d
