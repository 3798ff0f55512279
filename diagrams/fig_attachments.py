"""Figure: the attachments of the psoas major in detail (origins on the spine, insertion).

Schematic, after Gray's Anatomy (42nd ed.; the 1918 public-domain edition gives the same
account), StatPearls (Siccardi et al. 2023) and Bogduk et al. (1992):

- front (superficial) layer: five slips from the sides of the vertebral bodies of T12 to L5 and
  the discs between them, each slip on the adjoining margins of two bodies and their disc; the
  lowest disc attachment is L4-L5 (not L5-S1);
- back (deep) layer: the front of the transverse processes of L1 to L5;
- tendinous (fibrous) arches across the narrow waist of each lumbar body, between the slips;
  the lumbar arteries and veins pass under them;
- the common tendon, joined by the iliacus, passes over the pelvic brim and in front of the hip
  joint (the iliopsoas bursa between; not drawn), to the lesser trochanter on the inner, back
  side of the femur; some iliacus fibres reach the femur just below it.

Panel A shows both sides of the spine from the front: the front layer intact on the person's
right (left of the picture), and removed on the person's left to show the back layer. Panel B
shows the person's left hip from the front.
"""

from __future__ import annotations

from svgdoc import BLUE, BONE, BONE_EDGE, ORANGE, SKY, VERMILION, Drawing, curve_through, r1
from svgdoc import rounded_label as label

NAME = "psoas-attachments"
TITLE = "Where the psoas attaches: its two layers on the spine and its tendon"
DESCRIPTION = (
    "Two panels. Panel A is a front view of the last thoracic vertebra (T12), the five lumbar "
    "vertebrae and the top of the sacrum, with a disc between each pair of vertebrae. On the "
    "person's right (left of the picture) the front, or superficial, layer of the psoas major "
    "(dark blue) starts from the sides of the vertebral bodies and discs from T12 to L5, in five "
    "slips. Between the slips, fibrous arches bridge the narrow waist of each lumbar vertebral "
    "body, and small lumbar arteries (red) pass under them. On the person's left the front "
    "layer is cut away, leaving only its attachment marks on the discs, to show the back, or "
    "deep, layer (light blue) starting from the front of the transverse processes of L1 to L5. "
    "Both layers run down into the pelvis. Panel B is a front view of the left hip: the psoas "
    "crosses the pelvic brim, is joined by the fan-shaped iliacus (orange), and their common "
    "tendon passes in front of the hip joint and ends on the lesser trochanter, a knob on the "
    "inner side of the upper thigh bone."
)

DISC = "#d5dde2"
DISC_EDGE = "#7d8a93"
DEEP_EDGE = "#2c7fb0"
BLUE_EDGE = "#004a75"
PURPLE = "#CC79A7"  # Okabe-Ito reddish purple

CX = 200  # midline of the spine in panel A
BW = 28  # half-width of a vertebral body
TOP = 58  # top of the T12 body
BODY, GAP = 38, 14  # body and disc heights
PITCH = BODY + GAP
LEVELS = ["T12", "L1", "L2", "L3", "L4", "L5"]
TP_LENGTH = {"L1": 34, "L2": 42, "L3": 50, "L4": 46, "L5": 40}


def body_top(index: int) -> float:
    """Top edge of vertebral body ``index`` (0 = T12, 5 = L5)."""
    return TOP + index * PITCH


def draw_spine(d: Drawing) -> None:
    """T12 to L5 with discs, transverse processes, the 12th ribs and the top of the sacrum."""
    for i, name in enumerate(LEVELS):
        y = body_top(i)
        disc_y = y + BODY
        d.add(
            "rect",
            x=CX - BW + 1,
            y=disc_y,
            width=2 * BW - 2,
            height=GAP,
            rx=3,
            fill=DISC,
            stroke=DISC_EDGE,
        )
        if name == "T12":
            for side in (-1, 1):  # the 12th rib runs out and down from the body of T12
                x0 = CX + side * (BW - 2)
                d.add(
                    "path",
                    d=(
                        f"M {x0} {y + 10} C {x0 + side * 26} {y + 10}, {x0 + side * 46} {y + 26}, "
                        f"{x0 + side * 62} {y + 62} L {x0 + side * 54} {y + 66} "
                        f"C {x0 + side * 40} {y + 36}, {x0 + side * 24} {y + 22}, {x0} {y + 21} Z"
                    ),
                    fill=BONE,
                    stroke=BONE_EDGE,
                )
        else:
            length = TP_LENGTH[name]
            for side in (-1, 1):
                x0 = CX + side * (BW - 4)
                x1 = x0 + side * (length + 4)
                d.add(
                    "rect",
                    x=min(x0, x1),
                    y=y + 13,
                    width=length + 4,
                    height=12,
                    rx=4,
                    fill=BONE,
                    stroke=BONE_EDGE,
                )
        # a vertebral body: narrower at its waist than at its two ends
        left, right, mid = CX - BW, CX + BW, y + BODY / 2
        d.add(
            "path",
            d=(
                f"M {left} {y} L {right} {y} Q {right - 9} {mid}, {right} {y + BODY} "
                f"L {left} {y + BODY} Q {left + 9} {mid}, {left} {y} Z"
            ),
            fill=BONE,
            stroke=BONE_EDGE,
        )
        d.add(
            "text", name, x=CX, y=r1(mid + 4.5), font_size=12, text_anchor="middle", fill="#4a4236"
        )
    sacrum_top = body_top(6)
    d.add(
        "path",
        d=(
            f"M {CX - BW - 6} {sacrum_top} L {CX + BW + 6} {sacrum_top} "
            f"C {CX + BW + 40} {sacrum_top + 4}, {CX + BW + 56} {sacrum_top + 20}, "
            f"{CX + BW + 58} {sacrum_top + 34} L {CX + 20} {sacrum_top + 96} "
            f"L {CX - 20} {sacrum_top + 96} L {CX - BW - 58} {sacrum_top + 34} "
            f"C {CX - BW - 56} {sacrum_top + 20}, {CX - BW - 40} {sacrum_top + 4}, "
            f"{CX - BW - 6} {sacrum_top} Z"
        ),
        fill=BONE,
        stroke=BONE_EDGE,
    )
    d.add(
        "text",
        "Sacrum",
        x=CX,
        y=sacrum_top + 52,
        font_size=12,
        text_anchor="middle",
        fill="#4a4236",
    )


def draw_front_layer(d: Drawing) -> list[tuple[float, float]]:
    """The front layer on the person's right; returns the tops of the four fibrous arches."""
    edge = CX - BW  # the side of the vertebral bodies
    arches: list[tuple[float, float]] = []
    # lumbar arteries first, so the muscle hides them where they pass under the arches
    for i in range(1, 5):
        mid = body_top(i) + BODY / 2
        d.add(
            "line",
            x1=CX - 12,
            y1=mid - 2,
            x2=edge - 40,
            y2=mid + 4,
            stroke=VERMILION,
            stroke_width=3,
            stroke_linecap="round",
        )
    path = [f"M {edge} {body_top(1) - GAP - 9}"]
    for k in range(5):  # the five slips: T12-L1 down to L4-L5
        disc_top = body_top(k) + BODY
        path.append(f"L {edge} {disc_top + GAP + 9}")
        if k < 4:  # a fibrous arch across the waist of the body below
            nxt = body_top(k + 1) + BODY - 9
            mid = (disc_top + GAP + 9 + nxt) / 2
            path.append(f"Q {edge - 32} {r1(mid)}, {edge} {nxt}")
            arches.append((edge - 16, mid))
    sacrum_top = body_top(6)
    path.append(f"L {edge} {sacrum_top - 4}")
    path.append(
        curve_through(
            [
                (edge, sacrum_top - 4),
                (edge - 10, sacrum_top + 30),
                (edge - 22, sacrum_top + 80),
                (edge - 30, sacrum_top + 110),
            ]
        )
    )
    path.append(f"L {edge - 84} {sacrum_top + 110}")
    path.append(
        curve_through(
            [
                (edge - 84, sacrum_top + 110),
                (edge - 74, sacrum_top + 40),
                (edge - 62, body_top(4) + 10),
                (edge - 42, body_top(2) + 20),
                (edge - 18, body_top(1)),
                (edge, body_top(1) - GAP - 9),
            ]
        )
    )
    path.append("Z")
    d.add("path", d=" ".join(path), fill=BLUE, stroke=BLUE_EDGE, stroke_width=1.2)
    # fibre lines: each slip runs down and out into the belly
    for k in range(5):
        y0 = body_top(k) + BODY + GAP / 2
        d.add(
            "path",
            d=(
                f"M {edge - 3} {r1(y0)} Q {edge - 20 - 6 * k} {r1(y0 + 70)}, "
                f"{edge - 34 - 9 * k} {r1(min(y0 + 170, sacrum_top + 104))}"
            ),
            fill="none",
            stroke="#5fa8d8",
            stroke_width=1,
        )
    for _, y in arches:  # the arches themselves, a tough white band on the muscle's edge
        d.add(
            "path",
            d=f"M {edge} {r1(y - 16)} Q {edge - 32} {r1(y)}, {edge} {r1(y + 16)}",
            fill="none",
            stroke="#f2f2f2",
            stroke_width=3,
        )
    return arches


def draw_deep_layer(d: Drawing) -> tuple[float, float]:
    """The back layer on the person's left (front layer removed); returns a point on it."""
    root = CX + BW - 2  # where the transverse processes leave the body
    sacrum_top = body_top(6)
    outline = [f"M {root + 4} {body_top(1) + 12}"]
    outline.append(f"L {root + TP_LENGTH['L1'] - 2} {body_top(1) + 12}")
    outline.append(
        curve_through(
            [
                (root + TP_LENGTH["L1"] - 2, body_top(1) + 12),
                (root + 46, body_top(2) + 30),
                (root + 54, body_top(3) + 40),
                (root + 58, body_top(5) + 20),
                (root + 62, sacrum_top + 40),
                (root + 70, sacrum_top + 110),
            ]
        )
    )
    outline.append(f"L {root + 20} {sacrum_top + 110}")
    outline.append(
        curve_through(
            [
                (root + 20, sacrum_top + 110),
                (root + 14, sacrum_top + 40),
                (root + 6, body_top(5) + 30),
                (root + 4, body_top(1) + 12),
            ]
        )
    )
    outline.append("Z")
    d.add(
        "path",
        d=" ".join(outline),
        fill=SKY,
        fill_opacity=0.78,
        stroke=DEEP_EDGE,
        stroke_width=1.2,
    )
    for i, name in enumerate(LEVELS[1:], start=1):  # one slip from each transverse process
        y0 = body_top(i) + 19
        x0 = root + TP_LENGTH[name] / 2 + 4
        d.add(
            "path",
            d=(
                f"M {r1(x0 - 12)} {r1(y0)} L {r1(x0 + 10)} {r1(y0)} "
                f"Q {r1(x0 + 18)} {r1(y0 + 60)}, {r1(root + 40 + 4 * i)} "
                f"{r1(min(y0 + 150, sacrum_top + 106))}"
            ),
            fill="none",
            stroke=DEEP_EDGE,
            stroke_width=1,
        )
    # where the (removed) front layer was attached: a mark on each disc from T12-L1 to L4-L5
    for k in range(5):
        disc_mid = body_top(k) + BODY + GAP / 2
        d.add(
            "ellipse",
            cx=CX + BW - 3,
            cy=r1(disc_mid),
            rx=5,
            ry=14,
            fill=BLUE,
            stroke=BLUE_EDGE,
        )
    return (root + 40, body_top(5) + 10)


def draw_hip(d: Drawing) -> None:
    """Panel B: the person's left hip from the front, with the tendon to the lesser trochanter."""
    hx, hy = 505, 262  # centre of the femoral head

    def at(points: list[tuple[float, float]]) -> list[str]:
        return [f"{r1(hx + x)} {r1(hy + y)}" for x, y in points]

    a = at([(-30, -170), (20, -192), (90, -182), (126, -144), (112, -102), (90, -72), (60, -46)])
    b = at([(30, -26), (26, 28), (0, 34), (-30, 30), (-58, 30), (-58, -4), (-46, -12)])
    c = at([(-40, -32), (-40, -62), (-40, -100), (-36, -140), (-30, -170)])
    d.add(  # hip bone: iliac wing, the socket and the upper pubic bone towards the midline
        "path",
        d=(
            f"M {a[0]} C {a[1]}, {a[2]}, {a[3]} L {a[4]} C {a[5]}, {a[6]}, {b[0]} L {b[1]} "
            f"C {b[2]}, {b[3]}, {b[4]} L {b[5]} C {b[6]}, {c[0]}, {c[1]} C {c[2]}, {c[3]}, {c[4]} Z"
        ),
        fill=BONE,
        stroke=BONE_EDGE,
    )
    f = at(
        [
            (14, -18), (35, -14), (52, -6), (66, -4), (70, -16), (82, -22), (96, -18),
            (106, -10), (108, 14), (100, 38), (96, 58), (94, 78), (94, 98), (92, 258),
            (56, 258), (56, 94), (52, 90), (40, 84), (38, 74), (38, 66), (46, 62), (48, 60),
            (36, 44), (20, 30), (6, 22),
        ]
    )  # fmt: skip
    d.add(  # femur: neck, greater trochanter, shaft and the lesser trochanter on the inner side
        "path",
        d=(
            f"M {f[0]} C {f[1]}, {f[2]}, {f[3]} C {f[4]}, {f[5]}, {f[6]} "
            f"C {f[7]}, {f[8]}, {f[9]} C {f[10]}, {f[11]}, {f[12]} L {f[13]} L {f[14]} "
            f"L {f[15]} C {f[16]}, {f[17]}, {f[18]} C {f[19]}, {f[20]}, {f[21]} "
            f"C {f[22]}, {f[23]}, {f[24]} Z"
        ),
        fill=BONE,
        stroke=BONE_EDGE,
    )
    d.add("circle", cx=hx, cy=hy, r=24, fill=BONE, stroke=BONE_EDGE)
    rim = at([(-28.2, -10.3), (28.2, -10.3)])
    d.add(
        "path",
        d=f"M {rim[0]} A 30 30 0 0 1 {rim[1]}",
        fill="none",
        stroke=BONE_EDGE,
        stroke_width=2,
    )
    i = at(
        [
            (6, -160), (36, -180), (86, -178), (112, -152), (96, -110), (50, -64), (20, -26),
            (16, 6), (34, 44), (52, 86), (42, 90), (28, 56), (10, 20), (4, -16), (-4, -60),
            (-4, -120), (6, -160),
        ]
    )  # fmt: skip
    d.add(  # iliacus: a fan from the inside of the iliac wing to the tendon and the femur
        "path",
        d=(
            f"M {i[0]} C {i[1]}, {i[2]}, {i[3]} C {i[4]}, {i[5]}, {i[6]} C {i[7]}, {i[8]}, {i[9]} "
            f"L {i[10]} C {i[11]}, {i[12]}, {i[13]} C {i[14]}, {i[15]}, {i[16]} Z"
        ),
        fill=ORANGE,
        fill_opacity=0.9,
        stroke="#9a6a00",
    )
    p = at(
        [
            (-56, -214), (-22, -214), (-16, -150), (-6, -90), (4, -30), (10, 6), (24, 40),
            (40, 62), (34, 72), (18, 46), (0, 16), (-10, -6), (-22, -50), (-38, -140),
            (-56, -214),
        ]
    )  # fmt: skip
    d.add(  # psoas: down over the pelvic brim; its tendon crosses the joint to the trochanter
        "path",
        d=(
            f"M {p[0]} L {p[1]} C {p[2]}, {p[3]}, {p[4]} C {p[5]}, {p[6]}, {p[7]} L {p[8]} "
            f"C {p[9]}, {p[10]}, {p[11]} C {p[12]}, {p[13]}, {p[14]} Z"
        ),
        fill=BLUE,
        stroke=BLUE_EDGE,
        stroke_width=1.2,
    )
    trochanter = at([(43, 72)])[0].split()
    d.add("ellipse", cx=trochanter[0], cy=trochanter[1], rx=7, ry=9, fill=BONE, stroke=BONE_EDGE)
    # inguinal ligament, from the front of the hip bone to the pubic bone, over both muscles
    d.add(
        "line", x1=hx + 126, y1=hy - 144, x2=hx - 56, y2=hy + 22, stroke="#6b6b6b", stroke_width=2
    )
    label(d, hx - 5, 62, "Psoas major", weight="bold", target=(hx - 34, 78))
    label(d, 636, 232, "Iliacus", anchor="end", weight="bold", target=(hx + 80, hy - 120))
    label(d, 636, 40, "Inguinal", anchor="end", size=12)
    label(d, 636, 55, "ligament", anchor="end", size=12, target=(hx + 110, hy - 129))
    label(d, hx - 30, 306, "Hip joint", anchor="end", size=12, target=(hx - 16, hy + 8))
    label(d, hx - 30, 330, "Common", anchor="end", size=12, target=(hx + 20, hy + 40))
    label(d, hx - 30, 345, "tendon", anchor="end", size=12)
    label(d, hx + 20, 380, "Lesser", anchor="end", size=12, target=(hx + 40, hy + 78))
    label(d, hx + 20, 395, "trochanter", anchor="end", size=12)
    label(d, 634, 548, "Thigh bone (femur)", anchor="end", size=12)


def draw() -> Drawing:
    """Draw the figure."""
    d = Drawing(640, 560, TITLE, DESCRIPTION)
    label(d, 8, 24, "A  Origins on the spine (front view)", size=14, weight="bold")
    label(d, 420, 24, "B  Insertion (person's left hip)", size=14, weight="bold")
    draw_spine(d)
    arches = draw_front_layer(d)
    deep_point = draw_deep_layer(d)
    draw_hip(d)
    sacrum_top = body_top(6)
    edge = CX - BW
    # panel A labels, person's right (left of the picture)
    label(d, 112, 100, "12th rib", anchor="end", size=12, target=(edge - 34, body_top(0) + 34))
    label(d, 112, 160, "Fibrous arch", anchor="end", size=12, target=arches[1])
    label(d, 104, 226, "Front layer", anchor="end", weight="bold", target=(edge - 36, 250))
    label(d, 104, 242, "(superficial):", anchor="end", size=12)
    label(d, 104, 257, "bodies and discs", anchor="end", size=12)
    label(d, 104, 272, "T12 to L5", anchor="end", size=12)
    label(d, 96, 330, "Lumbar artery", anchor="end", size=12, target=(edge - 6, body_top(4) + 22))
    label(d, 96, 345, "(passes under", anchor="end", size=12)
    label(d, 96, 360, "the arch)", anchor="end", size=12)
    # panel A labels, person's left (right of the picture)
    right = CX + BW
    label(
        d, 300, 100, "Transverse", size=12, target=(right + TP_LENGTH["L1"] - 4, body_top(1) + 19)
    )
    label(d, 300, 115, "process", size=12)
    label(d, 300, 160, "Disc", size=12, target=(CX + 12, body_top(1) + BODY + 7))
    label(d, 300, 226, "Cut edge of", size=12, target=(right - 1, body_top(2) + BODY + 7))
    label(d, 300, 241, "front layer", size=12)
    label(d, 300, 290, "Vertebral", size=12, target=(CX + 14, body_top(4) + 28))
    label(d, 300, 305, "body", size=12)
    label(d, 306, 356, "Back layer", weight="bold", target=deep_point)
    label(d, 306, 372, "(deep):", size=12)
    label(d, 306, 387, "transverse", size=12)
    label(d, 306, 402, "processes", size=12)
    label(d, 306, 417, "L1 to L5", size=12)
    label(
        d, CX, sacrum_top + 140, "Both layers continue to the thigh (B)", anchor="middle", size=12
    )
    label(d, CX - 100, 46, "Person's right", anchor="middle", size=12)
    label(d, CX + 100, 46, "Person's left", anchor="middle", size=12)
    return d
