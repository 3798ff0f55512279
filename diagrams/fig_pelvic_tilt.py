"""Figure: pelvic tilt and the lumbar curve, side view, neutral and with more forward tilt.

Schematic, after Neumann (2010, kinesiology of the hip), Gray's Anatomy (42nd ed.) and the
studies the pain chapter discusses: Heino et al. (1990) found no relation between hip extension
range and standing pelvic tilt or lumbar lordosis in 25 healthy adults, and the systematic review
by Sadler et al. (2017) found that a *flatter* curve, not a deeper one, went with later back
pain. The figure shows the geometry of the popular claim; it is not evidence for it.

Geometry: the hip bone turns about the hip joint; the sacrum turns with it, so more forward
(anterior) tilt steepens the top of the sacrum (the sacral slope) and the lumbar spine, which
must still bring the trunk upright, curves more (a deeper lordosis). The psoas is drawn as its
line of pull from the sides of the T12 to L5 vertebral bodies over the pelvic brim, in front of
the hip joint, to the lesser trochanter. Tilt is shown as the angle between the horizontal and
the line from the front to the back bony point of the pelvis (ASIS to PSIS), exaggerated.

This module also provides the side-view skeleton used by ``fig_sitting_standing.py``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from svgdoc import BLUE, BONE, BONE_EDGE, GREY, INK, Drawing, pts, r1
from svgdoc import rounded_label as label

NAME = "pelvic-tilt"
TITLE = "Pelvic tilt and the lumbar curve: side view, neutral and tilted forwards"
DESCRIPTION = (
    "Two side views of the lower spine, pelvis and upper thigh bone, facing right. In panel A, "
    "neutral, the pelvis is tipped forwards a little and the lower back has its usual gentle "
    "inward curve. In panel B the pelvis is tipped further forwards (more anterior tilt): the "
    "front of the pelvis drops, the top of the sacrum becomes steeper and the lower back curves "
    "more deeply. In each panel a dashed line joins the bony points at the front and back of "
    "the pelvis, and an arc marks its angle to the horizontal, which is larger in panel B. The "
    "psoas (blue) is drawn as a band from the sides of the lumbar vertebrae, over the brim of "
    "the pelvis and in front of the hip joint, to the thigh bone. The angles are exaggerated, "
    "and the figure shows an idea, not evidence that tilt causes back pain."
)

Point = tuple[float, float]

# Hip bone seen from the right side, hip-joint centre at (0, 0), x forwards, y down (in px).
HIP_BONE = [
    (46, -92), (20, -124), (-24, -138), (-66, -130), (-92, -114), (-98, -92), (-84, -66),
    (-68, -44), (-62, -26), (-66, -8), (-60, 24), (-46, 52), (-20, 62), (14, 60), (46, 50),
    (52, 28), (36, 16), (28, 4), (30, -14), (48, -50), (40, -68),
]  # fmt: skip
ASIS, PSIS = HIP_BONE[0], HIP_BONE[4]
BRIM = (30, -24)  # where the psoas crosses the pelvic brim, just above and in front of the joint
S1_CENTRE, SACRAL_SLOPE = (-23.0, -108.0), 40.0  # top of the sacrum and its slope, untilted
SACRUM_FRONT = [(-16, -76), (-30, -48), (-40, -22), (-46, -4)]
SACRUM_BACK = [(-58, -18), (-62, -50), (-58, -84), (-50, -110)]
# Thigh bone with the shaft pointing down; head centre at (0, 0).
FEMUR_HEAD = 20
LESSER_TROCHANTER = (-15.0, 52.0)
BODY_HEIGHT, BODY_DEPTH, DISC = 25.0, 36.0, 9.0
LEVELS = ["L5", "L4", "L3", "L2", "L1", "T12"]
SACRUM = "#ddd0b4"  # a shade darker than the hip bone it lies beyond


def rotate(point: Point, degrees: float, about: Point = (0.0, 0.0)) -> Point:
    """``point`` turned about ``about``; positive is clockwise on the page (y points down)."""
    a = math.radians(degrees)
    x, y = point[0] - about[0], point[1] - about[1]
    return (
        about[0] + x * math.cos(a) - y * math.sin(a),
        about[1] + x * math.sin(a) + y * math.cos(a),
    )


def add(a: Point, b: Point, scale: float = 1.0) -> Point:
    """``a + scale * b``."""
    return (a[0] + scale * b[0], a[1] + scale * b[1])


def distance(a: Point, b: Point) -> float:
    """Length from ``a`` to ``b``."""
    return math.hypot(b[0] - a[0], b[1] - a[1])


def bezier(p: list[Point], t: float) -> Point:
    """The point at ``t`` on a cubic Bézier curve."""
    a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    return (
        a * p[0][0] + b * p[1][0] + c * p[2][0] + e * p[3][0],
        a * p[0][1] + b * p[1][1] + c * p[2][1] + e * p[3][1],
    )


@dataclass
class SideView:
    """Where the drawn parts ended up, for labels and measurements."""

    asis: Point
    psis: Point
    bodies: list[tuple[Point, Point]]  # centre and forward unit vector of L5 ... T12
    sacrum: Point
    ischium: Point  # bottom of the ischial tuberosity, the sitting bone
    psoas: list[Point]
    femur_end: Point
    knee_axis: Point  # unit vector along the thigh, hip to knee

    def psoas_length(self) -> float:
        """Length of the drawn psoas line."""
        return sum(distance(a, b) for a, b in itertools.pairwise(self.psoas))


def lumbar_bodies(
    s1: Point, normal: Point, top: Point, scale: float = 1.0
) -> list[tuple[Point, Point]]:
    """Centres and forward directions of L5 to T12 along a smooth curve from the sacrum.

    The curve leaves the top of the sacrum at right angles to it and ends upright at ``top``;
    the vertebrae are spaced along it by arc length.
    """
    curve = [s1, add(s1, normal, 70 * scale), add(top, (0, 1), 80 * scale), top]
    samples = [bezier(curve, i / 400) for i in range(401)]
    lengths = [0.0]
    for a, b in itertools.pairwise(samples):
        lengths.append(lengths[-1] + distance(a, b))
    bodies = []
    for i in range(len(LEVELS)):
        wanted = scale * (DISC + BODY_HEIGHT / 2 + i * (BODY_HEIGHT + DISC))
        j = next(k for k, length in enumerate(lengths) if length >= wanted)
        a, b = samples[max(j - 1, 0)], samples[min(j + 1, 400)]
        along = distance(a, b)
        up = ((b[0] - a[0]) / along, (b[1] - a[1]) / along)
        bodies.append((samples[j], (-up[1], up[0])))  # forward: the up direction turned right
    return bodies


def box(centre: Point, forward: Point, depth: float, height: float) -> list[Point]:
    """Corners of a rectangle ``depth`` long along ``forward`` and ``height`` across it."""
    up = (forward[1], -forward[0])
    corners = []
    for f, u in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        corners.append(add(add(centre, forward, f * depth / 2), up, u * height / 2))
    return corners


def side_view(
    d: Drawing,
    hip: Point,
    tilt: float,
    flexion: float = 0.0,
    femur_length: float = 120.0,
    top_dx: float = -28.0,
    psoas_opacity: float = 0.85,
    scale: float = 1.0,
) -> SideView:
    """Draw the lumbar spine, sacrum, hip bone and thigh bone from the right side.

    ``tilt`` turns the pelvis forwards (anterior tilt, degrees); ``flexion`` swings the thigh
    forwards. The psoas line is drawn last, on top. ``scale`` shrinks the whole drawing;
    ``femur_length`` and ``top_dx`` are given before scaling.
    """
    k = scale

    def pelvis(point: Point) -> Point:
        return add(hip, rotate((k * point[0], k * point[1]), tilt))

    def femur(point: Point) -> Point:
        return add(hip, rotate((k * point[0], k * point[1]), -flexion))

    # sacrum, turning with the pelvis
    slope = math.radians(SACRAL_SLOPE)
    along = (math.cos(slope), math.sin(slope))  # across the top of the sacrum, back to front
    back_edge, front_edge = add(S1_CENTRE, along, -20), add(S1_CENTRE, along, 20)
    sacrum = [front_edge, *SACRUM_FRONT, *SACRUM_BACK, back_edge]
    # hip bone (drawn first: the spine and sacrum lie beyond it, in the midline)
    d.add("polygon", points=pts(pelvis(p) for p in HIP_BONE), fill=BONE, stroke=BONE_EDGE)
    d.add("circle", cx=r1(hip[0]), cy=r1(hip[1]), r=r1(25 * k), fill="#e2d8c4", stroke=BONE_EDGE)
    centre = pelvis((12, 36))
    d.add(
        "ellipse",
        cx=r1(centre[0]),
        cy=r1(centre[1]),
        rx=r1(18 * k),
        ry=r1(11 * k),
        fill="#ffffff",
        stroke=BONE_EDGE,
        transform=f"rotate({r1(tilt - 20)} {r1(centre[0])} {r1(centre[1])})",
    )
    d.add("polygon", points=pts(pelvis(p) for p in sacrum), fill=SACRUM, stroke=BONE_EDGE)
    # lumbar spine, standing on the sacrum
    s1 = pelvis(S1_CENTRE)
    normal = rotate((math.sin(slope), -math.cos(slope)), tilt)
    top = (hip[0] + k * top_dx, s1[1] - 215 * k)
    bodies = lumbar_bodies(s1, normal, top, k)
    for (c, forward), name in zip(bodies, LEVELS, strict=True):
        d.add(
            "polygon",
            points=pts(box(c, forward, k * BODY_DEPTH, k * BODY_HEIGHT)),
            fill=BONE,
            stroke=BONE_EDGE,
        )
        d.add(
            "polygon",
            points=pts(box(add(c, forward, -k * (BODY_DEPTH / 2 + 11)), forward, 22 * k, 9 * k)),
            fill=BONE,
            stroke=BONE_EDGE,
        )  # a stub of the bony arch behind the body
        d.add(
            "text",
            name,
            x=r1(c[0] - 5 * k * forward[0]),
            y=r1(c[1] - 5 * k * forward[1] + 4),
            font_size=11,
            text_anchor="middle",
            fill="#4a4236",
        )
    # thigh bone
    end = femur((0, femur_length))
    axis = rotate((0, 1), -flexion)
    across = (axis[1], -axis[0])  # towards the front of the thigh when standing
    shaft = [
        femur((13, 20)),
        add(end, across, 11 * k),
        add(end, across, -11 * k),
        femur((-13, 34)),
        femur((-19, 22)),
        femur((-17, 2)),
        femur((-6, -8)),
    ]
    lesser = femur(LESSER_TROCHANTER)
    d.add("circle", cx=r1(lesser[0]), cy=r1(lesser[1]), r=r1(7 * k), fill=BONE, stroke=BONE_EDGE)
    d.add("polygon", points=pts(shaft), fill=BONE, stroke=BONE_EDGE)
    d.add("circle", cx=r1(hip[0]), cy=r1(hip[1]), r=r1(FEMUR_HEAD * k), fill=BONE, stroke=BONE_EDGE)
    # psoas line of pull: sides of the vertebral bodies, pelvic brim, (around the head), trochanter
    line = [add(c, forward, 11 * k) for c, forward in reversed(bodies)]
    brim = pelvis(BRIM)
    line.append(brim)
    rel_brim, rel_lesser = add(brim, hip, -1), add(lesser, hip, -1)
    seg = add(rel_lesser, rel_brim, -1)
    t = -(rel_brim[0] * seg[0] + rel_brim[1] * seg[1]) / (seg[0] ** 2 + seg[1] ** 2)
    foot = add(rel_brim, seg, max(0.0, min(1.0, t)))
    clearance = k * (FEMUR_HEAD + 6)
    if math.hypot(*foot) < clearance:  # the tendon wraps round the front of the head
        unit = (foot[0] / math.hypot(*foot), foot[1] / math.hypot(*foot))
        line.append(add(hip, unit, clearance))
    line.append(lesser)
    d.add(
        "polyline",
        points=pts(line),
        fill="none",
        stroke=BLUE,
        stroke_opacity=psoas_opacity,
        stroke_width=r1(9 * k),
        stroke_linecap="round",
        stroke_linejoin="round",
    )
    return SideView(
        asis=pelvis(ASIS),
        psis=pelvis(PSIS),
        bodies=bodies,
        sacrum=pelvis((-44, -60)),
        ischium=pelvis((-46, 52)),
        psoas=line,
        femur_end=end,
        knee_axis=axis,
    )


def tilt_angle(d: Drawing, view: SideView) -> Point:
    """The ASIS-PSIS line, a horizontal and the arc between them; returns a point on the arc."""
    asis, psis = view.asis, view.psis
    d.add("circle", cx=r1(asis[0]), cy=r1(asis[1]), r=3.2, fill=INK)
    d.add("circle", cx=r1(psis[0]), cy=r1(psis[1]), r=3.2, fill=INK)
    beyond = add(psis, add(psis, asis, -1), 0.25)
    d.add(
        "line",
        x1=r1(asis[0]),
        y1=r1(asis[1]),
        x2=r1(beyond[0]),
        y2=r1(beyond[1]),
        stroke=INK,
        stroke_width=1.4,
        stroke_dasharray="6 3",
    )
    d.add(
        "line",
        x1=r1(asis[0] + 14),
        y1=r1(asis[1]),
        x2=r1(beyond[0]),
        y2=r1(asis[1]),
        stroke=GREY,
        stroke_width=1.2,
        stroke_dasharray="2 3",
    )
    radius = 120.0
    angle = math.atan2(asis[1] - psis[1], asis[0] - psis[0])  # below the horizontal, >0
    start = (asis[0] - radius, asis[1])
    end = (asis[0] - radius * math.cos(angle), asis[1] - radius * math.sin(angle))
    d.add(
        "path",
        d=f"M {r1(start[0])} {r1(start[1])} A {radius} {radius} 0 0 1 {r1(end[0])} {r1(end[1])}",
        fill="none",
        stroke=INK,
        stroke_width=2,
    )
    half = angle / 2
    return (asis[0] - radius * math.cos(half), asis[1] - radius * math.sin(half))


def draw() -> Drawing:
    """Draw the figure."""
    d = Drawing(600, 490, TITLE, DESCRIPTION)
    d.add("line", x1=300, y1=20, x2=300, y2=470, stroke="#d0d0d0", stroke_width=1)
    a = side_view(d, (196, 348), tilt=0)
    arc_a = tilt_angle(d, a)
    b = side_view(d, (494, 348), tilt=16)
    arc_b = tilt_angle(d, b)
    label(d, 12, 480, "A  Neutral", size=14, weight="bold")
    label(d, 312, 480, "B  More forward tilt", size=14, weight="bold")
    # panel A
    apex_a = add(a.bodies[2][0], a.bodies[2][1], -BODY_DEPTH / 2 - 20)
    label(d, 96, 140, "Lumbar", anchor="end", size=12, target=apex_a)
    label(d, 96, 155, "curve", anchor="end", size=12)
    label(d, 96, 170, "(lordosis)", anchor="end", size=12)
    label(d, 62, 236, "Tilt", anchor="end", size=12, target=arc_a)
    label(d, 62, 251, "angle", anchor="end", size=12)
    label(d, 62, 380, "Sacrum", anchor="end", size=12, target=a.sacrum)
    label(d, 62, 420, "Pelvis", anchor="end", size=12, target=(a.psis[0] + 46, a.psis[1] + 144))
    label(d, 250, 120, "Psoas", weight="bold", target=a.psoas[3])
    label(d, 250, 440, "Thigh", size=12, target=(a.femur_end[0] + 6, a.femur_end[1] - 20))
    label(d, 250, 455, "bone", size=12)
    # panel B
    apex_b = add(b.bodies[2][0], b.bodies[2][1], -BODY_DEPTH / 2 - 20)
    label(d, 394, 140, "Deeper", anchor="end", size=12, target=apex_b)
    label(d, 394, 155, "curve", anchor="end", size=12)
    label(d, 360, 226, "Larger", anchor="end", size=12, target=arc_b)
    label(d, 360, 241, "angle", anchor="end", size=12)
    label(d, 548, 120, "Psoas", weight="bold", target=b.psoas[3])
    return d
