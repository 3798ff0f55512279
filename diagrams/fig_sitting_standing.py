"""Figure: the length of the psoas sitting and standing, side view.

Schematic, after Neumann (2010, kinesiology of the hip) and Gray's Anatomy (42nd ed.): the
psoas runs from the sides of the T12 to L5 vertebral bodies over the pelvic brim and in front
of the hip joint to the lesser trochanter, so it crosses the hip in front of the joint's axis
for flexion. Bending the hip (sitting, about 90 degrees) brings its two ends closer together and
the muscle is at a shorter length; straightening the hip (standing) takes it to a longer length.
In sitting the pelvis is drawn tipped slightly backwards and the lower back a little flatter,
as is usual on a chair.

This shows the muscle's length in each position at one moment. It is not evidence that long
hours of sitting shorten the muscle for good; the pain chapter notes that no study has measured
that. The bars compare the lengths of the two blue lines as drawn (same scale), nothing more.
The side-view skeleton comes from ``fig_pelvic_tilt.py``.
"""

from __future__ import annotations

import math

from fig_pelvic_tilt import Point, add, rotate, side_view
from svgdoc import BLUE, BONE, BONE_EDGE, GREY, INK, Drawing, r1
from svgdoc import rounded_label as label

NAME = "psoas-sitting-standing"
TITLE = "The psoas sitting and standing: side view"
DESCRIPTION = (
    "Two side views of the lower spine, pelvis and leg bones, facing right. In panel A the "
    "person sits on a chair with the hip bent to about a right angle: the psoas (blue), drawn "
    "from the lumbar vertebrae over the front of the pelvis to the inner side of the upper "
    "thigh bone, takes a short, direct path. In panel B the person stands with the hip "
    "straight: the thigh bone has swung down, the psoas has to wrap around the front of the "
    "hip joint, and its path is longer. Two bars below compare the lengths of the two blue "
    "lines: the standing one is clearly longer."
)

SCALE = 0.8
THIGH = 200.0  # thigh bone length before scaling (hip centre to knee)
SHIN = 175.0


def bar(d: Drawing, x: float, y: float, length: float, text: str) -> None:
    """A horizontal bar for a length, with its text to the left."""
    d.add("rect", x=r1(x), y=r1(y - 9), width=r1(length), height=10, fill=BLUE, rx=2)
    d.add("text", text, x=r1(x - 8), y=r1(y), font_size=12, fill=INK, text_anchor="end")


def shin(d: Drawing, knee: Point, direction: Point, length: float) -> Point:
    """The lower-leg bones from the knee along ``direction``; returns the ankle."""
    ankle = add(knee, direction, length)
    across = (direction[1], -direction[0])
    corners = [
        add(knee, across, 10),
        add(ankle, across, 7),
        add(ankle, across, -7),
        add(knee, across, -10),
    ]
    d.add(
        "polygon",
        points=" ".join(f"{r1(x)},{r1(y)}" for x, y in corners),
        fill=BONE,
        stroke=BONE_EDGE,
    )
    d.add("circle", cx=r1(knee[0]), cy=r1(knee[1]), r=12, fill=BONE, stroke=BONE_EDGE)
    return ankle


def hip_angle(d: Drawing, hip: Point, trunk: Point, thigh: Point, radius: float) -> Point:
    """An arc at the hip from the trunk's direction to the thigh's; returns its middle."""
    a0 = math.atan2(trunk[1], trunk[0])
    a1 = math.atan2(thigh[1], thigh[0])
    start = (hip[0] + radius * math.cos(a0), hip[1] + radius * math.sin(a0))
    end = (hip[0] + radius * math.cos(a1), hip[1] + radius * math.sin(a1))
    sweep = 1 if (a1 - a0) % (2 * math.pi) < math.pi else 0
    large = 1 if abs(((a1 - a0 + math.pi) % (2 * math.pi)) - math.pi) > math.pi else 0
    d.add(
        "path",
        d=(
            f"M {r1(start[0])} {r1(start[1])} A {radius} {radius} 0 {large} {sweep} "
            f"{r1(end[0])} {r1(end[1])}"
        ),
        fill="none",
        stroke=INK,
        stroke_width=1.6,
    )
    d.add(
        "line",
        x1=r1(hip[0]),
        y1=r1(hip[1]),
        x2=r1(start[0]),
        y2=r1(start[1]),
        stroke=INK,
        stroke_width=1.2,
        stroke_dasharray="4 3",
    )
    d.add(
        "line",
        x1=r1(hip[0]),
        y1=r1(hip[1]),
        x2=r1(end[0]),
        y2=r1(end[1]),
        stroke=INK,
        stroke_width=1.2,
        stroke_dasharray="4 3",
    )
    half = (a0 + a1) / 2 if sweep else (a0 + a1) / 2 + math.pi
    return (hip[0] + radius * math.cos(half), hip[1] + radius * math.sin(half))


def draw() -> Drawing:
    """Draw the figure."""
    d = Drawing(600, 540, TITLE, DESCRIPTION)
    label(d, 12, 24, "A  Sitting: hip bent", size=14, weight="bold")
    label(d, 330, 24, "B  Standing: hip straight", size=14, weight="bold")
    d.add("line", x1=318, y1=36, x2=318, y2=470, stroke="#d0d0d0", stroke_width=1)

    # A: sitting on a chair, hip bent to about 90 degrees, pelvis tipped back a little
    hip_a = (92.0, 292.0)
    tilt_a = -12.0
    seat_y = hip_a[1] + 50
    d.add("rect", x=30, y=r1(seat_y), width=200, height=12, rx=3, fill="#d9d9d9", stroke=GREY)
    d.add(
        "rect",
        x=44,
        y=r1(seat_y + 12),
        width=10,
        height=r1(450 - seat_y - 12),
        fill="#d9d9d9",
        stroke=GREY,
    )
    d.add(
        "rect",
        x=206,
        y=r1(seat_y + 12),
        width=10,
        height=r1(450 - seat_y - 12),
        fill="#d9d9d9",
        stroke=GREY,
    )
    d.add("line", x1=12, y1=450, x2=306, y2=450, stroke=GREY, stroke_width=1.5)
    a = side_view(d, hip_a, tilt=tilt_a, flexion=90, femur_length=THIGH, scale=SCALE)
    shin(d, a.femur_end, (0.0, 1.0), 450 - a.femur_end[1] - 8)
    # redraw the psoas line on top of the leg bones
    d.add(
        "polyline",
        points=" ".join(f"{r1(x)},{r1(y)}" for x, y in a.psoas),
        fill="none",
        stroke=BLUE,
        stroke_width=r1(9 * SCALE),
        stroke_linecap="round",
        stroke_linejoin="round",
        stroke_opacity=0.85,
    )
    trunk_a = rotate((0.0, -1.0), tilt_a)
    mid_a = hip_angle(d, hip_a, trunk_a, a.knee_axis, 62)
    label(d, 200, 200, "Hip bent", size=12, target=mid_a)
    label(d, 200, 215, "about 90°", size=12)
    label(d, 176, 110, "Psoas:", weight="bold", target=a.psoas[2])
    label(d, 176, 126, "shorter", size=12)
    label(d, 214, 270, "Thigh bone", anchor="middle", size=12, target=(214, a.femur_end[1] - 2))
    label(d, 130, 400, "Chair", anchor="middle", size=12)

    # B: standing, hip straight
    hip_b = (420.0, 292.0)
    b = side_view(d, hip_b, tilt=0, flexion=0, femur_length=THIGH, scale=SCALE)
    shin(d, b.femur_end, (0.0, 1.0), 16)  # cut short below the knee
    label(d, 500, 110, "Psoas:", weight="bold", target=b.psoas[2])
    label(d, 500, 126, "longer", size=12)
    label(d, 500, 300, "Wraps round", size=12, target=b.psoas[-2])
    label(d, 500, 315, "the front of", size=12)
    label(d, 500, 330, "the hip joint", size=12)
    label(d, 500, 410, "Thigh bone", size=12, target=(b.femur_end[0] + 6, b.femur_end[1] - 40))

    # the two lengths, same scale
    unit = 300 / max(a.psoas_length(), b.psoas_length())
    label(d, 12, 486, "Length of the blue line:", size=12, weight="bold")
    bar(d, 170, 508, a.psoas_length() * unit, "A  sitting")
    bar(d, 170, 528, b.psoas_length() * unit, "B  standing")
    return d
