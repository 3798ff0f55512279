"""Figure: the psoas's neighbours and the nerves that leave it, front view of the right side.

Schematic, after Gray's Anatomy (42nd ed.) and StatPearls (Siccardi et al. 2023, psoas major),
checked against the connections chapter:

- the right kidney rests on the psoas, the quadratus lumborum and, further out, the back of the
  abdominal wall, from about T12 to L3 (the right kidney sits a little lower than the left); the
  ureter leaves it and runs down on the front of the psoas, crosses in front of the
  genitofemoral nerve, and enters the pelvis over the bifurcation of the common iliac artery;
- the caecum lies in the right iliac fossa, on the iliacus and the psoas, with the ascending
  colon rising from it; the appendix often lies on the psoas;
- the lumbar plexus forms inside the psoas from the anterior rami of L1 to L4. The
  iliohypogastric and ilioinguinal nerves (L1), the lateral cutaneous nerve of the thigh (L2-L3)
  and the femoral nerve (L2-L4) leave its lateral border; the genitofemoral nerve (L1-L2)
  pierces its front and runs down on it; the obturator nerve (L2-L4) leaves its medial border
  at the pelvic brim;
- the femoral nerve runs in the groove between the psoas and the iliacus and passes under the
  inguinal ligament lateral to the femoral artery.

The lumbosacral trunk (L4-L5, medial border) is left out for clarity. The colon and appendix,
which lie in front of everything else, are drawn as dashed outlines, and the two nerves that
pass behind the kidney are shown through it as dashes, so that they stay visible.
"""

from __future__ import annotations

from svgdoc import (
    BLUE,
    BONE,
    BONE_EDGE,
    GREEN,
    ORANGE,
    SKY,
    VERMILION,
    Drawing,
    curve_through,
    pts,
    r1,
    smooth_segments,
)
from svgdoc import rounded_label as label

NAME = "psoas-neighbours"
TITLE = "Neighbours and nerves of the psoas: front view of the right side"
DESCRIPTION = (
    "Front view of the right side of the back wall of the abdomen and pelvis, with the lower "
    "spine in the middle of the picture and the person's right side to the left. The psoas "
    "major (blue) runs down beside the spine and over the brim of the pelvis to the thigh "
    "bone, joined by the iliacus (orange) from the inside of the hip bone; the quadratus "
    "lumborum (green) lies further out. The right kidney (purple) rests "
    "on the upper psoas and the quadratus lumborum; two nerves behind it show through as "
    "dashes. Its ureter (light blue) runs straight "
    "down across the front of the psoas into the pelvis. The caecum and ascending colon, and "
    "the appendix, are dashed outlines in front of the iliacus and the psoas. Nerves (yellow) "
    "leave the psoas at three places: from its outer edge the iliohypogastric and "
    "ilioinguinal nerves, the lateral cutaneous nerve of the thigh and the femoral nerve; "
    "through its front the genitofemoral nerve; and from its inner edge, at the brim of the "
    "pelvis, the obturator nerve. The iliac artery (red) runs along the inner edge of the "
    "psoas and becomes the femoral artery under the inguinal ligament."
)

CX = 420  # midline
BW = 26
TOP = 56  # top of the T12 body
BODY, GAP = 36, 12
PITCH = BODY + GAP
LEVELS = ["T12", "L1", "L2", "L3", "L4", "L5"]
TP_LENGTH = {"L1": 30, "L2": 36, "L3": 44, "L4": 40, "L5": 36}
PURPLE = "#CC79A7"  # Okabe-Ito reddish purple
YELLOW = "#F0E442"  # Okabe-Ito yellow, for nerves (always with a dark edge)
NERVE_EDGE = "#5c5200"
DASHED = "#3a3a3a"


def at(dx: float, y: float) -> tuple[float, float]:
    """A point ``dx`` from the midline (negative: the person's right) at height ``y``."""
    return (CX + dx, y)


def sample_smooth(points: list[tuple[float, float]], steps: int = 24) -> list[tuple[float, float]]:
    """Points along the same smooth curve that :func:`curve_through` draws."""
    out = [points[0]]
    for p1, c1, c2, p2 in smooth_segments(points):
        for j in range(1, steps + 1):
            t = j / steps
            a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            out.append(
                (
                    a * p1[0] + b * c1[0] + c * c2[0] + e * p2[0],
                    a * p1[1] + b * c1[1] + c * c2[1] + e * p2[1],
                )
            )
    return out


def inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Whether ``point`` lies inside ``polygon`` (even-odd rule)."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def smooth(points: list[tuple[float, float]], closed: bool = False) -> str:
    """A smooth path through ``points``."""
    if closed:
        points = [*points, points[0]]
    path = f"M {r1(points[0][0])} {r1(points[0][1])} " + curve_through(points)
    return path + (" Z" if closed else "")


def body_top(index: int) -> float:
    """Top edge of vertebral body ``index`` (0 = T12)."""
    return TOP + index * PITCH


def tube(d: Drawing, points: list[tuple[float, float]], core: str, edge: str, width: float) -> None:
    """A nerve, vessel or ureter: a coloured core with a dark edge along a smooth curve."""
    path = smooth(points)
    d.add("path", d=path, fill="none", stroke=edge, stroke_width=width + 2, stroke_linecap="round")
    d.add("path", d=path, fill="none", stroke=core, stroke_width=width, stroke_linecap="round")


def nerve(d: Drawing, points: list[tuple[float, float]]) -> None:
    """A nerve: yellow with a dark edge."""
    tube(d, points, YELLOW, NERVE_EDGE, 2.8)


def draw_bones(d: Drawing) -> None:
    """Spine T12 to sacrum, the right 12th rib, right hip bone and upper thigh bone (the lesser
    trochanter is drawn in :func:`draw`)."""
    d.add(
        "path",
        d=(
            f"M {CX - BW + 4} {TOP + 6} C {CX - 60} {TOP + 6}, {CX - 120} {TOP + 40}, "
            f"{CX - 168} {TOP + 92} L {CX - 160} {TOP + 100} C {CX - 116} {TOP + 54}, "
            f"{CX - 60} {TOP + 20}, {CX - BW + 4} {TOP + 18} Z"
        ),
        fill=BONE,
        stroke=BONE_EDGE,
    )  # the 12th rib, from T12 out and down
    for i, name in enumerate(LEVELS):
        y = body_top(i)
        if name != "T12":
            length = TP_LENGTH[name]
            d.add(
                "rect",
                x=CX - BW - length,
                y=y + 12,
                width=length + 4,
                height=11,
                rx=4,
                fill=BONE,
                stroke=BONE_EDGE,
            )
        d.add("rect", x=CX - BW, y=y, width=2 * BW, height=BODY, rx=4, fill=BONE, stroke=BONE_EDGE)
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
        d.add("text", name, x=CX + 8, y=y + 23, font_size=11, text_anchor="middle", fill="#4a4236")
    sacrum = [
        at(-28, 344), at(28, 344), at(60, 350), at(62, 372), at(30, 452), at(0, 468),
        at(-30, 452), at(-62, 372), at(-60, 350),
    ]  # fmt: skip
    d.add("polygon", points=pts(sacrum), fill=BONE, stroke=BONE_EDGE)
    hip_bone = [
        at(-62, 352), at(-84, 300), at(-130, 266), at(-180, 258), at(-232, 284), at(-252, 330),
        at(-256, 360), at(-242, 400), at(-228, 430), at(-222, 480), at(-196, 540),
        at(-160, 566), at(-110, 560), at(-60, 540), at(-8, 524), at(-8, 498), at(-44, 490),
        at(-90, 482), at(-126, 470), at(-100, 430), at(-76, 396), at(-64, 372),
    ]  # fmt: skip
    d.add("path", d=smooth(hip_bone, closed=True), fill=BONE, stroke=BONE_EDGE)
    d.add("ellipse", cx=CX - 110, cy=522, rx=32, ry=20, fill="#ffffff", stroke=BONE_EDGE)
    # thigh bone: shaft, neck and greater trochanter, head in the socket, lesser trochanter
    d.add(
        "path",
        d=(
            f"M {CX - 176} 444 C {CX - 206} 452, {CX - 236} 456, {CX - 250} 470 "
            f"C {CX - 262} 486, {CX - 258} 508, {CX - 248} 520 L {CX - 238} 620 "
            f"L {CX - 200} 620 L {CX - 204} 548 C {CX - 200} 530, {CX - 188} 500, {CX - 172} 470 Z"
        ),
        fill=BONE,
        stroke=BONE_EDGE,
    )
    d.add("circle", cx=CX - 190, cy=456, r=22, fill=BONE, stroke=BONE_EDGE)


PSOAS = [
    # medial edge, top to bottom, then the lateral edge back up
    at(-BW, 92), at(-BW, 200), at(-BW, 332), at(-44, 362), at(-88, 398), at(-130, 426),
    at(-160, 462), at(-182, 534), at(-196, 530), at(-192, 466), at(-176, 418), at(-146, 370),
    at(-112, 320), at(-92, 260), at(-76, 190), at(-56, 126), at(-36, 92),
]  # fmt: skip
ILIACUS = [
    at(-96, 300), at(-170, 274), at(-236, 298), at(-246, 350), at(-232, 410), at(-214, 470),
    at(-208, 548), at(-194, 548), at(-184, 470), at(-160, 416), at(-120, 366), at(-98, 330),
]  # fmt: skip
QUADRATUS = [
    at(-60, 118), at(-156, 140), at(-190, 180), at(-196, 268), at(-100, 292), at(-72, 220),
]  # fmt: skip
KIDNEY = [
    at(-78, 92), at(-118, 100), at(-138, 140), at(-136, 190), at(-114, 226), at(-82, 228),
    at(-68, 200), at(-74, 170), at(-64, 140), at(-64, 110),
]  # fmt: skip
COLON = [
    at(-160, 196), at(-156, 270), at(-150, 330), at(-142, 360), at(-158, 392), at(-194, 384),
    at(-226, 356), at(-240, 316), at(-232, 260), at(-228, 196),
]  # fmt: skip
INGUINAL = (at(-254, 362), at(-44, 492))  # anterior superior iliac spine to pubic tubercle


def draw() -> Drawing:
    """Draw the figure."""
    d = Drawing(600, 630, TITLE, DESCRIPTION)
    draw_bones(d)
    d.add("polygon", points=pts(QUADRATUS), fill=GREEN, stroke="#00563f")
    d.add("path", d=smooth(ILIACUS, closed=True), fill=ORANGE, stroke="#9a6a00")
    # nerves that leave the lateral and medial borders: drawn before the psoas, which hides
    # their first part
    ilio_hypogastric = [at(-50, 128), at(-100, 160), at(-170, 214), at(-250, 262)]
    ilio_inguinal = [at(-56, 146), at(-104, 180), at(-170, 238), at(-236, 296)]
    lateral_cutaneous = [at(-80, 258), at(-130, 296), at(-196, 336), at(-238, 372), at(-250, 420)]
    femoral = [at(-100, 316), at(-148, 372), at(-180, 422), at(-198, 470), at(-210, 500)]
    obturator = [at(-30, 336), at(-44, 372), at(-70, 430), at(-96, 496)]
    for path in (ilio_hypogastric, ilio_inguinal, lateral_cutaneous, femoral, obturator):
        nerve(d, path)
    for end in ((-224, 514), (-208, 522), (-196, 514)):  # the femoral nerve's branches
        nerve(d, [at(-210, 500), at(*end)])
    d.add("path", d=smooth(PSOAS, closed=True), fill=BLUE, stroke="#004a75", stroke_width=1.2)
    # the lesser trochanter, drawn over the tendon that ends on it so that it stays visible
    d.add("circle", cx=CX - 197, cy=540, r=8, fill=BONE, stroke=BONE_EDGE)
    # genitofemoral nerve: pierces the front of the psoas and runs down on it, then divides
    genitofemoral = [at(-58, 246), at(-70, 300), at(-92, 360), at(-122, 404)]
    nerve(d, genitofemoral)
    nerve(d, [at(-122, 404), at(-118, 440), at(-112, 470)])  # genital branch
    nerve(d, [at(-122, 404), at(-146, 440), at(-152, 476)])  # femoral branch
    d.add("circle", cx=CX - 58, cy=246, r=4.5, fill="#004a75", stroke=NERVE_EDGE)
    # the right common and external iliac artery along the inner edge, then the femoral artery
    tube(
        d,
        [at(-4, 280), at(-30, 320), at(-48, 350), at(-94, 400), at(-132, 440), at(-140, 520)],
        VERMILION,
        "#7a2e00",
        4,
    )
    # the kidney (see-through) and its ureter, down the front of the psoas into the pelvis
    d.add("path", d=smooth(KIDNEY, closed=True), fill=PURPLE, stroke="#7a3a60", stroke_width=1.5)
    outline = sample_smooth([*KIDNEY, KIDNEY[0]], 8)
    for path in (ilio_hypogastric, ilio_inguinal):  # seen through the kidney, as dashes
        behind = [q for q in sample_smooth(path) if inside(q, outline)]
        d.add(
            "polyline",
            points=pts(behind[1:-1]),
            fill="none",
            stroke=YELLOW,
            stroke_width=2.4,
            stroke_dasharray="5 4",
        )
    tube(
        d,
        [at(-72, 172), at(-68, 204), at(-66, 246), at(-60, 300), at(-52, 350), at(-44, 400),
         at(-40, 460)],
        SKY,
        "#1f5f86",
        3,
    )  # fmt: skip
    d.add(
        "line",
        x1=INGUINAL[0][0],
        y1=INGUINAL[0][1],
        x2=INGUINAL[1][0],
        y2=INGUINAL[1][1],
        stroke="#5a5a5a",
        stroke_width=2.4,
    )
    # caecum and ascending colon, and the appendix: in front of everything, dashed outlines
    d.add(
        "path",
        d=smooth(COLON),
        fill="none",
        stroke=DASHED,
        stroke_width=2,
        stroke_dasharray="7 4",
    )
    d.add(
        "path",
        d=smooth([at(-150, 386), at(-138, 402), at(-122, 410), at(-106, 406)]),
        fill="none",
        stroke=DASHED,
        stroke_width=5,
        stroke_dasharray="5 3",
        stroke_linecap="round",
    )

    # labels, person's right (left of the picture)
    label(d, 128, 70, "12th rib", anchor="end", size=12, target=at(-56, 70))
    label(d, 128, 104, "Kidney", anchor="end", weight="bold", target=at(-108, 120))
    label(d, 128, 166, "Quadratus", anchor="end", size=12, target=at(-184, 184))
    label(d, 128, 181, "lumborum", anchor="end", size=12)
    label(d, 128, 204, "Ascending", anchor="end", size=12, target=at(-229, 222))
    label(d, 128, 219, "colon (dashed)", anchor="end", size=12)
    label(d, 128, 244, "Iliohypogastric", anchor="end", size=12, target=at(-212, 240))
    label(d, 128, 259, "and ilioinguinal", anchor="end", size=12)
    label(d, 128, 274, "nerves (L1)", anchor="end", size=12)
    label(d, 128, 306, "Iliacus", anchor="end", weight="bold", target=at(-222, 320))
    label(d, 128, 346, "Lateral", anchor="end", size=12, target=at(-194, 336))
    label(d, 128, 361, "cutaneous nerve", anchor="end", size=12)
    label(d, 128, 376, "of the thigh", anchor="end", size=12)
    label(d, 128, 391, "(L2–L3)", anchor="end", size=12)
    label(d, 128, 426, "Inguinal", anchor="end", size=12, target=at(-224, 381))
    label(d, 128, 441, "ligament", anchor="end", size=12)
    label(d, 128, 478, "Caecum", anchor="end", size=12, target=at(-194, 385))
    label(d, 128, 493, "(dashed)", anchor="end", size=12)
    label(d, 128, 530, "Femoral", anchor="end", weight="bold", target=at(-206, 478))
    label(d, 128, 545, "nerve (L2–L4)", anchor="end", size=12)
    # labels, right of the picture
    label(d, 458, 150, "Psoas major", weight="bold", target=at(-50, 150))
    label(d, 458, 240, "Ureter", weight="bold", target=at(-67, 230))
    label(d, 458, 280, "Genitofemoral", size=12, target=at(-72, 306))
    label(d, 458, 295, "nerve (L1–L2)", size=12)
    label(d, 458, 310, "through the front", size=12)
    label(d, 458, 376, "Iliac artery", size=12, target=at(-74, 380))
    label(d, 458, 426, "Obturator", size=12, target=at(-64, 420))
    label(d, 458, 441, "nerve (L2–L4)", size=12)
    label(d, 458, 456, "inner edge", size=12)
    label(d, 458, 496, "Appendix", size=12, target=at(-114, 409))
    label(d, 128, 586, "Lesser", anchor="end", size=12, target=at(-197, 540))
    label(d, 128, 601, "trochanter", anchor="end", size=12)
    label(d, CX, 622, "Person's right side, seen from the front", anchor="middle", size=12)
    return d
