"""Exercise pictograms: one small side-view drawing per exercise, all from one body model.

Every pictogram is a 200 × 150 drawing of a simple human figure (round head, thick rounded
limbs) on a floor line, with props in light grey. Where the exercise is a movement, the start
position is drawn in grey and the end position in solid ink, overlapping in place, with orange
arrows for the movement; breathing exercises show the belly or back rising; walking, cycling
and swimming are one dynamic pose with motion lines. A blue band from the lower spine to the
front of the hip marks the psoas when it is the target.

The body model: a :class:`Pose` holds the position of the hip joint, the trunk's lean and a
set of joint angles (hip, knee and ankle of each leg; shoulder and elbow of each arm), all in
degrees and all anatomical (flexion positive), so lying, kneeling and standing poses are the
same few numbers. :func:`skeleton` turns a pose into joint positions; :func:`leg_to`,
:func:`arm_to` and :func:`place` solve the angles that put a foot, hand or joint on a given
point (the floor, a chair seat, a pedal). The "near" limbs are the figure's right side, which
faces the reader when the figure faces right.

``PICTOGRAMS`` maps each exercise id to its drawing function (see ``build.py``). Only shapes
svglib (ReportLab) understands are used: no CSS, markers, gradients, clipping or transforms.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from svgdoc import BLUE, FONT, INK, ORANGE, Drawing

Point = tuple[float, float]

WIDTH, HEIGHT = 200, 150
FLOOR = 136.0  # y of the floor line
MAT = 4.0  # thickness of an exercise mat

# Segment lengths (px), roughly in adult proportions for a standing height of about 113 px.
TRUNK, NECK, HEAD_R = 34.0, 16.0, 8.5  # hip joint to shoulder joint; shoulder to head centre
UPPER_ARM, FOREARM = 20.0, 18.0  # the forearm includes the hand
THIGH, SHIN, FOOT = 28.0, 27.0, 8.0
# Stroke widths (px); every stroke has round caps and joins.
TRUNK_W, LEG_W, ARM_W, FOOT_W = 12.0, 8.0, 7.0, 5.5
ANKLE_UP = 3.5  # height of the ankle joint above the surface when the foot is flat

# Colours: the end position (near and far side), the start position, props and the psoas.
END_NEAR, END_FAR = INK, "#5c5c5c"
START_NEAR, START_FAR = "#9a9a9a", "#c4c4c4"
PROP_FILL, PROP_EDGE, PROP_LINE = "#ececec", "#bdbdbd", "#b3b3b3"
WHITE = "#ffffff"


# --- geometry -------------------------------------------------------------------------------


def r1(value: float) -> float:
    """Round to one decimal for stable output (and never write ``-0.0``)."""
    return round(value, 1) + 0.0


def fmt(point: Point) -> str:
    """A point as ``x y`` for path data."""
    return f"{r1(point[0])} {r1(point[1])}"


def along(start: Point, heading: float, length: float, facing: int = 1) -> Point:
    """The point ``length`` away from ``start`` in direction ``heading``.

    Headings are degrees from straight up, positive towards the side the figure faces
    (``facing`` is +1 for a figure facing right, -1 for one facing left).
    """
    angle = math.radians(heading)
    return (start[0] + facing * length * math.sin(angle), start[1] - length * math.cos(angle))


def heading_of(start: Point, end: Point, facing: int = 1) -> float:
    """The heading (see :func:`along`) of the direction from ``start`` to ``end``."""
    return math.degrees(math.atan2(facing * (end[0] - start[0]), start[1] - end[1]))


def lerp(a: Point, b: Point, t: float) -> Point:
    """The point a fraction ``t`` of the way from ``a`` to ``b``."""
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def shift(point: Point, dx: float = 0.0, dy: float = 0.0) -> Point:
    """``point`` moved by (dx, dy)."""
    return (point[0] + dx, point[1] + dy)


def _norm(angle: float) -> float:
    """An angle in degrees brought into (-180, 180]."""
    angle = math.fmod(angle, 360.0)
    if angle > 180:
        angle -= 360
    elif angle <= -180:
        angle += 360
    return angle


def two_link(root: Point, target: Point, first: float, second: float) -> tuple[Point, Point]:
    """Both positions of the middle joint of a two-segment limb from ``root`` to ``target``.

    A target out of reach is pulled in along the same line (the limb is then straight).
    """
    dx, dy = target[0] - root[0], target[1] - root[1]
    length = math.hypot(dx, dy) or 1e-9
    ux, uy = dx / length, dy / length
    distance = min(max(length, abs(first - second) + 1e-6), first + second - 1e-6)
    a = (first**2 - second**2 + distance**2) / (2 * distance)
    h = math.sqrt(max(first**2 - a**2, 0.0))
    base = (root[0] + a * ux, root[1] + a * uy)
    return (base[0] - h * uy, base[1] + h * ux), (base[0] + h * uy, base[1] - h * ux)


# --- the body model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Leg:
    """Joint angles of one leg, in degrees.

    ``hip``: flexion, the thigh forwards of the trunk line (negative: extension, behind it).
    ``knee``: flexion, the shin folded back from the thigh line.
    ``ankle``: plantar flexion, the toes pointed down from a right angle to the shin.
    ``shin``: drawn length of the shin and foot (below 1 when foreshortened).
    """

    hip: float = 0.0
    knee: float = 0.0
    ankle: float = 0.0
    shin: float = 1.0


@dataclass(frozen=True)
class Arm:
    """Joint angles of one arm, in degrees.

    ``shoulder``: flexion, the arm raised forwards from hanging beside the trunk (180 is
    overhead; negative is behind). ``elbow``: flexion, the forearm folded forwards.
    ``forearm``: drawn length of the forearm (below 1 when foreshortened).
    """

    shoulder: float = 0.0
    elbow: float = 0.0
    forearm: float = 1.0


@dataclass(frozen=True)
class Pose:
    """A whole-body pose: where the hip joint is, how the trunk leans, and every joint angle.

    ``trunk`` is the heading (see :func:`along`) of the line from hip joint to shoulder joint:
    0 upright, 90 face down and horizontal, -90 lying on the back. ``head`` tilts the head
    forwards from the trunk line.
    """

    hip: Point
    trunk: float = 0.0
    head: float = 0.0
    facing: int = 1
    near_leg: Leg = field(default_factory=Leg)
    far_leg: Leg = field(default_factory=Leg)
    near_arm: Arm = field(default_factory=Arm)
    far_arm: Arm = field(default_factory=Arm)

    def legs(self, near: Leg, far: Leg | None = None) -> Pose:
        """This pose with new leg angles; the far leg copies the near one unless given."""
        return replace(self, near_leg=near, far_leg=near if far is None else far)

    def arms(self, near: Arm, far: Arm | None = None) -> Pose:
        """This pose with new arm angles; the far arm copies the near one unless given."""
        return replace(self, near_arm=near, far_arm=near if far is None else far)

    def feet_to(self, ankle: Point, foot: float | None = 90.0) -> Pose:
        """This pose with both ankles on ``ankle`` (see :func:`leg_to`)."""
        return self.legs(leg_to(self, "near", ankle, foot), leg_to(self, "far", ankle, foot))

    def hands_to(self, wrist: Point, far_wrist: Point | None = None) -> Pose:
        """This pose with both wrists on ``wrist`` (the far one on ``far_wrist`` if given)."""
        far = wrist if far_wrist is None else far_wrist
        return self.arms(arm_to(self, "near", wrist), arm_to(self, "far", far))


def skeleton(pose: Pose) -> dict[str, Point]:
    """Joint positions of a pose: hip, shoulder, head and, per side, knee, ankle, toe,
    elbow and wrist (keys such as ``near_knee`` or ``far_wrist``)."""
    f, t = pose.facing, pose.trunk
    joints = {"hip": pose.hip}
    joints["shoulder"] = along(pose.hip, t, TRUNK, f)
    joints["head"] = along(joints["shoulder"], t + pose.head, NECK, f)
    for side, leg, arm in (
        ("near", pose.near_leg, pose.near_arm),
        ("far", pose.far_leg, pose.far_arm),
    ):
        thigh = t + 180 - leg.hip
        shin = thigh + leg.knee
        joints[f"{side}_knee"] = knee = along(pose.hip, thigh, THIGH, f)
        joints[f"{side}_ankle"] = ankle = along(knee, shin, SHIN * leg.shin, f)
        joints[f"{side}_toe"] = along(ankle, shin - 90 + leg.ankle, FOOT * leg.shin, f)
        upper = t + 180 - arm.shoulder
        joints[f"{side}_elbow"] = elbow = along(joints["shoulder"], upper, UPPER_ARM, f)
        joints[f"{side}_wrist"] = along(elbow, upper - arm.elbow, FOREARM * arm.forearm, f)
    return joints


def place(pose: Pose, joint: str, target: Point) -> Pose:
    """The same pose moved so that ``joint`` (a :func:`skeleton` key) lies on ``target``."""
    at = skeleton(pose)[joint]
    return replace(pose, hip=shift(pose.hip, target[0] - at[0], target[1] - at[1]))


def leg_to(pose: Pose, side: str, ankle: Point, foot: float | None = 90.0) -> Leg:
    """The leg angles that put the ``side`` ankle on ``ankle``, the knee flexed (not
    hyperextended).

    ``foot`` is the heading of the foot (90: flat, toes forwards; 180: toes straight down);
    None keeps the pose's ankle angle.
    """
    f = pose.facing
    old: Leg = getattr(pose, f"{side}_leg")
    solutions = []
    for knee in two_link(pose.hip, ankle, THIGH, SHIN * old.shin):
        thigh = heading_of(pose.hip, knee, f)
        solutions.append((_norm(heading_of(knee, ankle, f) - thigh), thigh))
    flexion, thigh = max(solutions)
    ankle_angle = old.ankle if foot is None else _norm(foot - (thigh + flexion) + 90)
    return Leg(_norm(pose.trunk + 180 - thigh), flexion, ankle_angle, old.shin)


def leg_to_toe(pose: Pose, side: str, toe: Point, foot: float) -> Leg:
    """The leg angles that put the toes on ``toe`` with the foot at heading ``foot``."""
    return leg_to(pose, side, along(toe, foot, -FOOT, pose.facing), foot)


def arm_to(pose: Pose, side: str, wrist: Point) -> Arm:
    """The arm angles that put the ``side`` wrist on ``wrist``, the elbow flexed (the
    forearm folding forwards, never backwards)."""
    f = pose.facing
    shoulder = skeleton(pose)["shoulder"]
    old: Arm = getattr(pose, f"{side}_arm")
    solutions = []
    for elbow in two_link(shoulder, wrist, UPPER_ARM, FOREARM * old.forearm):
        upper = heading_of(shoulder, elbow, f)
        solutions.append((_norm(upper - heading_of(elbow, wrist, f)), upper))
    flexion, upper = max(solutions)
    return Arm(_norm(pose.trunk + 180 - upper), flexion, old.forearm)


def stand(pose: Pose, x: float, surface: float = FLOOR) -> Pose:
    """The pose moved so that its near ankle is at standing height above ``surface`` at ``x``."""
    return place(pose, "near_ankle", (x, surface - ANKLE_UP))


# --- drawing the figure -----------------------------------------------------------------------


def _polyline(d: Drawing, points: list[Point], colour: str, width: float) -> None:
    d.add(
        "polyline",
        points=" ".join(f"{r1(x)},{r1(y)}" for x, y in points),
        fill="none",
        stroke=colour,
        stroke_width=width,
        stroke_linecap="round",
        stroke_linejoin="round",
    )


def _limb(d: Drawing, points: list[Point], colour: str, width: float) -> None:
    # A white halo, from halfway down the first segment, separates a limb from what it
    # crosses without notching the joint it starts from.
    _polyline(d, [lerp(points[0], points[1], 0.5), *points[1:]], WHITE, width + 3)
    _polyline(d, points, colour, width)


def draw_figure(d: Drawing, pose: Pose, start: bool = False) -> dict[str, Point]:
    """Draw a pose, far limbs first, in ink (end position) or grey (``start``).

    Returns the joint positions, for arrows and highlights.
    """
    j = skeleton(pose)
    near, far = (START_NEAR, START_FAR) if start else (END_NEAR, END_FAR)
    for side, colour in (("far", far), ("near", near)):
        if side == "near":
            _polyline(d, [j["hip"], j["shoulder"]], near, TRUNK_W)
            d.add("circle", cx=r1(j["head"][0]), cy=r1(j["head"][1]), r=HEAD_R, fill=near)
        foot = [j[f"{side}_ankle"], j[f"{side}_toe"]]
        leg = [j["hip"], j[f"{side}_knee"], j[f"{side}_ankle"]]
        _polyline(d, foot, colour, FOOT_W)
        _limb(d, leg, colour, LEG_W)
        arm = [j["shoulder"], j[f"{side}_elbow"], j[f"{side}_wrist"]]
        _limb(d, arm, colour, ARM_W)
    return j


def psoas(d: Drawing, pose: Pose, side: str = "near") -> None:
    """A blue band from the lower spine, in front of the hip joint, to the top of the thigh."""
    j = skeleton(pose)
    front = pose.trunk + 90  # heading of the figure's front, square to the trunk
    spine = along(lerp(j["hip"], j["shoulder"], 0.5), front, 1.0, pose.facing)
    hip = along(j["hip"], front, 4.5, pose.facing)
    thigh = lerp(j["hip"], j[f"{side}_knee"], 0.4)
    d.add(
        "path",
        d=f"M {fmt(spine)} Q {fmt(hip)} {fmt(thigh)}",
        fill="none",
        stroke=BLUE,
        stroke_width=4.5,
        stroke_linecap="round",
    )


# --- marks: arrows, breath, motion ----------------------------------------------------------


def arrow(d: Drawing, start: Point, bend: Point, end: Point, colour: str = ORANGE) -> None:
    """A curved arrow from ``start`` to ``end`` (a quadratic curve through ``bend``'s pull)."""
    tx, ty = end[0] - bend[0], end[1] - bend[1]
    length = math.hypot(tx, ty) or 1.0
    tx, ty = tx / length, ty / length
    head, half = 7.5, 4.2
    base = (end[0] - tx * head, end[1] - ty * head)
    stem_end = (end[0] - tx * (head - 1.5), end[1] - ty * (head - 1.5))
    d.add(
        "path",
        d=f"M {fmt(start)} Q {fmt(bend)} {fmt(stem_end)}",
        fill="none",
        stroke=colour,
        stroke_width=2.6,
        stroke_linecap="round",
    )
    left = (base[0] - ty * half, base[1] + tx * half)
    right = (base[0] + ty * half, base[1] - tx * half)
    d.add("path", d=f"M {fmt(end)} L {fmt(left)} L {fmt(right)} Z", fill=colour, stroke="none")


def straight_arrow(d: Drawing, start: Point, end: Point, colour: str = ORANGE) -> None:
    """A straight arrow from ``start`` to ``end``."""
    arrow(d, start, lerp(start, end, 0.5), end, colour)


def breath(d: Drawing, pose: Pose, at: float, back: bool = False) -> None:
    """The belly (or, with ``back``, the back) rising as you breathe in.

    ``at`` is the place along the trunk, 0 at the hip and 1 at the shoulder. A grey arc is
    the surface at rest, an orange arc the surface risen on the in-breath; above them an
    arrow and the word "in".
    """
    f = pose.facing
    j = skeleton(pose)
    out = pose.trunk + (-90 if back else 90)  # heading away from the belly (or the back)
    centre = lerp(j["hip"], j["shoulder"], at)
    for offset, rise, colour, width in ((11.0, 4.0, START_NEAR, 2.2), (17.0, 7.0, ORANGE, 2.6)):
        mid = along(centre, out, offset, f)
        ends = [along(along(mid, pose.trunk, side * 10, f), out, -rise / 2, f) for side in (-1, 1)]
        pull = along(mid, out, rise, f)
        d.add(
            "path",
            d=f"M {fmt(ends[0])} Q {fmt(pull)} {fmt(ends[1])}",
            fill="none",
            stroke=colour,
            stroke_width=width,
            stroke_linecap="round",
        )
    tip = along(centre, out, 43, f)
    straight_arrow(d, along(centre, out, 27, f), tip)
    d.add(
        "text",
        "in",
        x=r1(tip[0] + 6),
        y=r1(tip[1] + 10),
        font_family=FONT,
        font_size=12,
        fill=INK,
        text_anchor="start",
    )


def motion_lines(d: Drawing, x: float, ys: list[float], length: float = 16.0) -> None:
    """Short horizontal speed lines ending at ``x`` (drawn to the left of it)."""
    for i, y in enumerate(ys):
        inset = 5.0 * (i % 2)
        d.add(
            "line",
            x1=r1(x - length + inset),
            y1=r1(y),
            x2=r1(x),
            y2=r1(y),
            stroke=ORANGE,
            stroke_width=2.4,
            stroke_linecap="round",
        )


# --- props ------------------------------------------------------------------------------------


def new(title: str, description: str) -> Drawing:
    """A blank pictogram with its accessible title and description."""
    return Drawing(WIDTH, HEIGHT, title, description)


def floor(d: Drawing, x0: float = 10.0, x1: float = 190.0) -> None:
    """The floor line."""
    d.add("line", x1=x0, y1=FLOOR, x2=x1, y2=FLOOR, stroke=PROP_LINE, stroke_width=2)


def mat(d: Drawing, x0: float, x1: float) -> float:
    """An exercise mat on the floor; returns the height of its top surface."""
    d.add(
        "rect",
        x=r1(x0),
        y=r1(FLOOR - MAT),
        width=r1(x1 - x0),
        height=MAT,
        rx=2,
        fill=PROP_FILL,
        stroke=PROP_EDGE,
        stroke_width=1,
    )
    return FLOOR - MAT


def box(d: Drawing, x: float, y: float, width: float, height: float, rx: float = 2.0) -> None:
    """A light grey block (a seat, a bed, a worktop, a screen)."""
    d.add(
        "rect",
        x=r1(x),
        y=r1(y),
        width=r1(width),
        height=r1(height),
        rx=rx,
        fill=PROP_FILL,
        stroke=PROP_EDGE,
        stroke_width=1.2,
    )


def bar(d: Drawing, a: Point, b: Point, width: float = 3.0, colour: str = PROP_EDGE) -> None:
    """A straight prop part (a chair leg, a bicycle tube)."""
    d.add(
        "line",
        x1=r1(a[0]),
        y1=r1(a[1]),
        x2=r1(b[0]),
        y2=r1(b[1]),
        stroke=colour,
        stroke_width=width,
        stroke_linecap="round",
    )


SEAT = FLOOR - 29.0  # top of a chair seat


def chair(d: Drawing, front: float, facing: int = 1, depth: float = 32) -> None:
    """A chair whose seat's front edge is at x = ``front``; it faces ``facing``."""
    rear = front - facing * depth
    left, right = min(front, rear), max(front, rear)
    for x in (left + 3, right - 3):
        bar(d, (x, SEAT + 3), (x, FLOOR))
    bar(d, (rear + facing * 2, SEAT), (rear - facing * 3, SEAT - 40))
    box(d, left, SEAT, right - left, 5)


# --- the pictograms -------------------------------------------------------------------------


def breathing_90_90() -> Drawing:
    """90-90 breathing: lying on the back, calves on a chair, the belly rising."""
    d = new(
        "90-90 breathing with feet on a chair",
        "A person lies on their back on a mat with hips and knees bent to a right angle and the "
        "calves resting on a chair seat, one hand on the belly and one on the ribs; an orange "
        "arc and arrow show the belly and lower ribs rising on the in-breath.",
    )
    floor(d)
    surface = mat(d, 14, 112)
    pose = Pose(hip=(100.0, surface - TRUNK_W / 2), trunk=-87, head=4)
    pose = pose.feet_to((pose.hip[0] + SHIN + 2, SEAT - LEG_W / 2 - 0.5), foot=30)
    chair(d, skeleton(pose)["near_knee"][0] + 6, facing=-1, depth=34)
    pose = pose.arms(Arm(6, 34), Arm(4, 150))  # hands on the belly and the ribs
    draw_figure(d, pose)
    breath(d, pose, 0.5)
    return d


def bed_edge_stretch() -> Drawing:
    """Bed-edge hip flexor stretch: one knee hugged, the other leg lowered over the edge."""
    d = new(
        "Bed-edge hip flexor stretch",
        "A person lies on their back at the end of a bed hugging both knees to the chest; one "
        "knee stays hugged while the other leg lowers until it hangs relaxed over the edge, "
        "stretching the front of that hip.",
    )
    floor(d)
    top = 88.0
    box(d, 16, top, 104, 12, rx=3)
    for x in (22.0, 112.0):
        bar(d, (x, top + 12), (x, FLOOR), width=4)
    start = Pose(hip=(112.0, top - TRUNK_W / 2), trunk=-90, head=5).legs(Leg(116, 122, 20))
    j = skeleton(start)
    start = start.hands_to(lerp(j["far_knee"], j["far_ankle"], 0.12))
    end = replace(start, near_leg=Leg(-14, 78, 25))
    s = draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    psoas(d, end)
    arrow(d, shift(s["near_knee"], 10, 2), (150, 72), shift(e["near_ankle"], 9, -8))
    return d


def bird_dog() -> Drawing:
    """Bird dog: on all fours, one leg slides back to hip height and the opposite arm reaches."""
    d = new(
        "Bird dog",
        "A person kneels on all fours on a mat with the back flat; one leg stretches back to hip "
        "height while the opposite arm reaches forwards, the back staying level.",
    )
    floor(d)
    surface = mat(d, 16, 184)
    start = Pose(hip=(78.0, surface - LEG_W / 2 - THIGH), trunk=76, head=14).legs(Leg(76, 90, 90))
    start = start.hands_to((skeleton(start)["shoulder"][0] + 4, surface - ANKLE_UP))
    end = replace(start, near_leg=Leg(-12, 0, 70), far_arm=Arm(164, 0))
    s = draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    arrow(d, shift(s["near_ankle"], -4, -10), (24, 96), shift(e["near_ankle"], -6, -8))
    arrow(d, shift(s["far_wrist"], 12, -6), (158, 104), shift(e["far_wrist"], 8, 8))
    return d


def crocodile_breathing() -> Drawing:
    """Crocodile breathing: lying face down, forehead on the hands, the lower back rising."""
    d = new(
        "Crocodile breathing",
        "A person lies face down on a mat with the forehead resting on stacked hands and the "
        "legs relaxed; an orange arc and arrow show the lower back and sides rising on the "
        "in-breath.",
    )
    floor(d)
    surface = mat(d, 14, 186)
    pose = Pose(hip=(78.0, surface - 6.5), trunk=91, head=-22).legs(Leg(3.5, 0, 95))
    # The forearms lie across, under the forehead: drawn short.
    pose = pose.arms(Arm(forearm=0.45))
    hands = (skeleton(pose)["head"][0] + 1, surface - 4)
    pose = pose.hands_to(hands, shift(hands, 2, -2))
    draw_figure(d, pose)
    breath(d, pose, 0.2, back=True)
    return d


def dead_bug() -> Drawing:
    """Dead bug: on the back, arms up; one heel lowers to the floor, the opposite arm overhead."""
    d = new(
        "Dead bug",
        "A person lies on their back with hips and knees bent to a right angle and both arms "
        "reaching up; one heel lowers to tap the floor, knee still bent, while the opposite "
        "arm lowers overhead, the lower back staying on the floor.",
    )
    floor(d)
    surface = mat(d, 14, 186)
    start = Pose(hip=(112.0, surface - TRUNK_W / 2), trunk=-87, head=4)
    start = start.legs(Leg(90, 90, 10)).arms(Arm(92, 0))
    end = replace(start, far_arm=Arm(168, 0))
    end = replace(end, near_leg=leg_to(end, "near", (150.0, surface - 4), foot=60))
    s = draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    arrow(d, shift(s["near_ankle"], 8, 6), (168, 96), shift(e["near_ankle"], 10, -9))
    arrow(d, shift(s["far_wrist"], -8, -2), (34, 56), shift(e["far_wrist"], -2, -9))
    return d


def diaphragmatic_breathing() -> Drawing:
    """Diaphragmatic breathing: lying with knees bent, hands on chest and belly."""
    d = new(
        "Diaphragmatic breathing",
        "A person lies on their back on a mat with knees bent and feet flat, one hand on the "
        "upper chest and one on the belly; an orange arc and arrow show the belly rising more "
        "than the chest on the in-breath.",
    )
    floor(d)
    surface = mat(d, 14, 186)
    pose = Pose(hip=(100.0, surface - TRUNK_W / 2), trunk=-87, head=4)
    pose = pose.feet_to((pose.hip[0] + 40, surface - ANKLE_UP))
    pose = pose.arms(Arm(6, 34), Arm(4, 150))  # hands on the belly and the chest
    draw_figure(d, pose)
    breath(d, pose, 0.42)
    return d


def front_plank() -> Drawing:
    """Front plank: propped on the forearms, the hips lift into a line from head to knees."""
    d = new(
        "Front plank",
        "A person lies face down propped on the forearms, elbows under the shoulders and knees "
        "on the mat; the hips lift until the body makes a straight line from head to knees.",
    )
    floor(d)
    surface = mat(d, 14, 186)
    shoulder = (138.0, surface - ANKLE_UP - UPPER_ARM)
    # End: shoulder, hip and the knee on the mat in one line; the shins rest on the mat.
    drop = surface - LEG_W / 2 - shoulder[1]
    line = 90 - math.degrees(math.asin(drop / (TRUNK + THIGH)))
    end = Pose(hip=along(shoulder, line, -TRUNK), trunk=line, head=8)
    end = end.legs(Leg(0, 90 - line, 95)).arms(Arm(line, 90))
    # Start: the same shoulders, hips and thighs down on the mat.
    t0 = 90 - math.degrees(math.asin((surface - TRUNK_W / 2 - shoulder[1]) / TRUNK))
    start = Pose(hip=along(shoulder, t0, -TRUNK), trunk=t0, head=14)
    start = start.legs(Leg(t0 - 92, 2, 95)).arms(Arm(t0, 90))
    draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    straight_arrow(d, shift(e["hip"], 0, -12), shift(e["hip"], 0, -32))
    return d


def gentle_cycling() -> Drawing:
    """Gentle cycling: sitting tall on a bicycle, one pedal down, with motion lines."""
    d = new(
        "Gentle cycling",
        "A person rides a bicycle sitting tall with a slight forward lean, a light grip on the "
        "handlebars and one leg nearly straight at the bottom of the pedal stroke.",
    )
    floor(d)
    rear, front, crank = (58.0, FLOOR - 21), (144.0, FLOOR - 21), (98.0, FLOOR - 19)
    saddle, bars, head_tube = (80.0, FLOOR - 57), (122.0, FLOOR - 72), (120.0, FLOOR - 58)
    for wheel in (rear, front):
        d.add(
            "circle",
            cx=wheel[0],
            cy=wheel[1],
            r=21,
            fill="none",
            stroke=PROP_EDGE,
            stroke_width=3,
        )
    for a, b in (
        (rear, crank),
        (crank, saddle),
        (rear, shift(saddle, 2, 8)),
        (shift(saddle, 1, 6), head_tube),
        (crank, head_tube),
        (head_tube, front),
        (head_tube, bars),
    ):
        bar(d, a, b)
    bar(d, shift(saddle, -7, 0), shift(saddle, 6, 1), width=5)
    bar(d, bars, shift(bars, 7, 1), width=4)
    d.add("circle", cx=crank[0], cy=crank[1], r=4, fill=PROP_FILL, stroke=PROP_EDGE)
    near_pedal, far_pedal = along(crank, 165, 10), along(crank, -15, 10)
    bar(d, far_pedal, near_pedal, colour=START_NEAR)
    pose = Pose(hip=shift(saddle, 0, -6), trunk=20, head=-4)
    pose = pose.legs(
        leg_to(pose, "near", shift(near_pedal, -3, -3), foot=100),
        leg_to(pose, "far", shift(far_pedal, -3, -3), foot=100),
    )
    pose = pose.hands_to(shift(bars, 3, 0), shift(bars, 1, 1))
    draw_figure(d, pose)
    motion_lines(d, 30, [FLOOR - 70, FLOOR - 58, FLOOR - 46])
    return d


def glute_bridge() -> Drawing:
    """Glute bridge: on the back with knees bent, the hips lift into a line with the knees."""
    d = new(
        "Glute bridge",
        "A person lies on their back with knees bent, feet flat and arms by the sides; the hips "
        "lift until shoulders, hips and knees form a straight line.",
    )
    floor(d)
    surface = mat(d, 14, 186)
    shoulder = (66.0, surface - TRUNK_W / 2)
    rise = 69.0  # heading of the shoulder-hip-knee line at the top
    hip, knee = along(shoulder, rise, TRUNK), along(shoulder, rise, TRUNK + THIGH)
    heel_y = surface - ANKLE_UP
    ankle = (knee[0] + math.sqrt(SHIN**2 - (heel_y - knee[1]) ** 2), heel_y)
    hands = (shoulder[0] + 36, surface - ANKLE_UP)
    end = Pose(hip=hip, trunk=heading_of(hip, shoulder), head=18)
    end = end.feet_to(ankle).hands_to(hands)
    start = Pose(hip=(shoulder[0] + TRUNK, shoulder[1]), trunk=-90, head=5)
    start = start.feet_to(ankle).hands_to(hands)
    draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    straight_arrow(d, shift(e["hip"], -2, -12), shift(e["hip"], -2, -32))
    return d


def _half_kneeling(forward: float, surface: float = FLOOR - 6) -> Pose:
    """Half-kneeling, the right (near) knee down and the left foot flat in front, the hip
    ``forward`` degrees ahead of the kneeling knee (the pelvis tucks as it moves)."""
    knee = (78.0, surface - LEG_W / 2)
    pose = Pose(hip=along(knee, forward, THIGH), trunk=-2 if forward else 2)
    return pose.legs(
        leg_to(pose, "near", (knee[0] - SHIN + 1, surface - 5), foot=270),
        leg_to(pose, "far", (knee[0] + 33, surface - ANKLE_UP)),
    )


def half_kneeling_reach() -> Drawing:
    """Half-kneeling stretch with reach: pelvis tucked and forwards, the back-leg arm overhead."""
    d = new(
        "Half-kneeling stretch with reach",
        "A person half-kneels with the right knee down on a cushion and the left foot flat in "
        "front; the pelvis tucks under and shifts forwards, and the right arm reaches overhead, "
        "stretching the front of the right hip and the side of the trunk.",
    )
    floor(d)
    box(d, 64, FLOOR - 6, 26, 6, rx=3)
    poses = []
    for forward, arm in ((0.0, Arm(8, 8)), (12.0, Arm(164, 4))):
        pose = _half_kneeling(forward)
        knee = skeleton(pose)["far_knee"]
        poses.append(pose.arms(arm, arm_to(pose, "far", shift(knee, -4, -6))))
    s = draw_figure(d, poses[0], start=True)
    e = draw_figure(d, poses[1])
    psoas(d, poses[1])
    arrow(d, shift(s["near_wrist"], 10, -4), (150, 30), shift(e["near_wrist"], 9, 2))
    straight_arrow(d, shift(s["hip"], -24, 10), shift(s["hip"], -8, 10))
    return d


def kneeling_stretch() -> Drawing:
    """Kneeling hip flexor stretch: half-kneeling, pelvis tucked, weight shifted forwards."""
    d = new(
        "Kneeling hip flexor stretch",
        "A person half-kneels on a folded mat, one knee down and the other foot flat in front, "
        "hands on the hips; the pelvis tucks under and the weight shifts forwards, stretching "
        "the front of the back hip while the trunk stays upright.",
    )
    floor(d)
    box(d, 60, FLOOR - 6, 34, 6, rx=2)
    poses = []
    for forward in (0.0, 14.0):
        pose = _half_kneeling(forward)
        hand = along(pose.hip, pose.trunk, 9)
        poses.append(pose.hands_to(shift(hand, 6, 0), shift(hand, 7, 1)))
    s = draw_figure(d, poses[0], start=True)
    e = draw_figure(d, poses[1])
    psoas(d, poses[1])
    straight_arrow(d, shift(s["hip"], -22, 14), shift(e["hip"], -6, 14))
    arrow(d, shift(s["hip"], -14, -12), shift(s["hip"], -24, 2), shift(s["hip"], -14, 10))
    return d


def reverse_lunge() -> Drawing:
    """Reverse lunge: standing, then one foot steps back and the back knee lowers."""
    d = new(
        "Reverse lunge",
        "A person stands tall, then steps one foot back a long stride and lowers the back knee "
        "towards the floor, the trunk upright and the front knee over the foot.",
    )
    floor(d)
    front = 118.0
    start = stand(Pose(hip=(0.0, 0.0)).arms(Arm(4, 8)), front)
    end = Pose(hip=(front - 24, FLOOR - 13 - THIGH + 1)).arms(Arm(4, 8))
    end = end.legs(
        leg_to_toe(end, "near", (front - 60, FLOOR - 2.5), foot=140),
        leg_to(end, "far", (front, FLOOR - ANKLE_UP)),
    )
    s = draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    arrow(d, shift(s["near_ankle"], -8, -6), (84, 100), shift(e["near_ankle"], 2, -10))
    straight_arrow(d, shift(s["hip"], 16, -4), shift(s["hip"], 16, 14))
    return d


def seated_marching() -> Drawing:
    """Seated marching: sitting tall near the front of a chair, one knee lifts."""
    d = new(
        "Seated marching",
        "A person sits tall near the front of a chair with feet flat and hands on the seat; one "
        "knee lifts a few centimetres, foot relaxed, without leaning back.",
    )
    floor(d)
    chair(d, 92, depth=36)
    start = Pose(hip=(84.0, SEAT - 5))
    ankle = (start.hip[0] + THIGH + 2, FLOOR - ANKLE_UP)
    start = start.feet_to(ankle).hands_to((start.hip[0] - 3, SEAT - 3))
    end = replace(start, near_leg=leg_to(start, "near", shift(ankle, 3, -11), foot=110))
    s = draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    psoas(d, end)
    straight_arrow(d, shift(s["near_knee"], 12, -2), shift(e["near_knee"], 12, -8))
    return d


def side_plank_knees() -> Drawing:
    """Side plank from the knees, seen from the front: the hips lift into a straight line."""
    d = new(
        "Side plank from the knees",
        "Seen from the front, a person lies on their side propped on one forearm, elbow under "
        "the shoulder and knees bent behind; the hips lift until head, hips and knees are in "
        "a straight line.",
    )
    floor(d)
    surface = mat(d, 14, 186)
    shoulder = (136.0, surface - 3 - UPPER_ARM)
    # Seen from the front, the forearm points at the reader and the shins go back behind the
    # thighs: both are drawn short. The top hand rests on the hip, its elbow to the ceiling.
    poses = []
    for line, hip_angle in (
        (90 - math.degrees(math.asin((surface - 7 - shoulder[1]) / TRUNK)), 4.0),
        (90 - math.degrees(math.asin((surface - 5 - shoulder[1]) / (TRUNK + THIGH))), None),
    ):
        pose = Pose(hip=along(shoulder, line, -TRUNK), trunk=line)
        hip = line - 90 + hip_angle if hip_angle is not None else 0.0
        pose = pose.legs(Leg(hip, 120, 60, 0.45)).arms(Arm(line, 90, 0.2), Arm())
        poses.append(replace(pose, far_arm=arm_to(pose, "far", along(pose.hip, line, 6))))
    draw_figure(d, poses[0], start=True)
    e = draw_figure(d, poses[1])
    straight_arrow(d, shift(e["hip"], 0, -12), shift(e["hip"], 0, -32))
    return d


def sit_to_stand() -> Drawing:
    """Sit-to-stand movement break: from sitting near the front of a chair to standing tall."""
    d = new(
        "Sit-to-stand movement break",
        "A person sits near the front of a chair with feet flat, slightly behind the knees, "
        "then leans forwards from the hips and stands up tall in front of the chair.",
    )
    floor(d)
    chair(d, 84, depth=36)
    start = Pose(hip=(76.0, SEAT - 5), trunk=8)
    ankle = (start.hip[0] + 24, FLOOR - ANKLE_UP)
    start = start.feet_to(ankle)
    hands = shift(lerp(start.hip, skeleton(start)["near_knee"], 0.75), 0, -4)
    start = start.hands_to(hands, shift(hands, -2, 0))
    end = stand(Pose(hip=(0.0, 0.0)).arms(Arm(4, 6)), ankle[0])
    s = draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    seated = s["shoulder"]
    arrow(d, shift(seated, 10, -4), shift(seated, 34, -8), shift(e["shoulder"], 14, -16))
    return d


def sitting_set_up() -> Drawing:
    """Sitting set-up check: sitting back in a supported chair at a desk, screen at eye level."""
    d = new(
        "Sitting set-up check",
        "A person sits back in a chair that supports the lower back, feet flat on the floor, "
        "hips level with the knees, elbows by the sides and the screen at eye level about an "
        "arm's length away.",
    )
    floor(d)
    chair(d, 70, depth=38)
    pose = Pose(hip=(40.0, SEAT - 5), trunk=-4, head=6)
    pose = pose.feet_to((pose.hip[0] + THIGH + 3, FLOOR - ANKLE_UP)).arms(Arm(10, 82), Arm(12, 84))
    j = skeleton(pose)
    desk = j["near_wrist"][1] + 6
    box(d, 52, desk, 136, 5)
    bar(d, (182, desk + 5), (182, FLOOR), width=4)
    box(d, j["near_wrist"][0] - 6, desk - 3, 20, 3, rx=1)  # keyboard
    eye = shift(j["head"], 3, -1)
    screen = eye[0] + 46  # about an arm's length from the eyes
    box(d, screen, eye[1] - 12, 5, 30, rx=1)
    bar(d, (screen + 3, eye[1] + 18), (screen + 3, desk))
    bar(d, (screen - 6, desk - 1), (screen + 12, desk - 1))
    draw_figure(d, pose)
    d.add(
        "line",
        x1=r1(eye[0] + 10),
        y1=r1(eye[1]),
        x2=r1(screen - 4),
        y2=r1(eye[1]),
        stroke=ORANGE,
        stroke_width=2,
        stroke_dasharray="4 3",
    )
    return d


def standing_stretch() -> Drawing:
    """Standing hip flexor stretch: split stance, pelvis tucked, front knee bending."""
    d = new(
        "Standing hip flexor stretch",
        "A person stands in a long split stance with one hand on a wall, back heel lifted; the "
        "pelvis tucks under and the front knee bends a little, stretching the front of the "
        "back hip while the trunk stays upright.",
    )
    floor(d)
    wall = 128.0
    box(d, wall, 14, 8, FLOOR - 14, rx=0)
    front_ankle, back_toe = (108.0, FLOOR - ANKLE_UP), (48.0, FLOOR - 2.5)
    poses = []
    for hip, trunk, foot in (((78.0, FLOOR - 58), 1.0, 128.0), ((82.0, FLOOR - 53), -3.0, 120.0)):
        pose = Pose(hip=hip, trunk=trunk)
        pose = pose.legs(leg_to_toe(pose, "near", back_toe, foot), leg_to(pose, "far", front_ankle))
        hand = (wall - 4, skeleton(pose)["shoulder"][1] + 12)
        poses.append(pose.arms(arm_to(pose, "near", hand), Arm(6, 10)))
    s = draw_figure(d, poses[0], start=True)
    e = draw_figure(d, poses[1])
    psoas(d, poses[1])
    arrow(d, shift(s["hip"], -22, 0), shift(s["hip"], -18, 14), shift(e["hip"], -10, 16))
    return d


def standing_knee_lift() -> Drawing:
    """Standing knee lift: standing by a worktop, the outer knee lifts towards hip height."""
    d = new(
        "Standing knee lift",
        "A person stands tall with one hand on a worktop beside them; the other knee lifts "
        "slowly towards hip height and lowers, the trunk upright and the pelvis level.",
    )
    floor(d)
    start = stand(Pose(hip=(0.0, 0.0)).arms(Arm(4, 8)), 100)
    hand = shift(start.hip, -7, 2)
    box(d, 24, hand[1] + 3, 78, 6, rx=2)  # worktop
    box(d, 28, hand[1] + 9, 70, FLOOR - hand[1] - 9, rx=1)  # cupboard below it
    start = replace(start, far_arm=arm_to(start, "far", hand))
    end = replace(start, near_leg=Leg(88, 92, 25))
    s = draw_figure(d, start, start=True)
    e = draw_figure(d, end)
    psoas(d, end)
    knee = s["near_knee"]
    arrow(d, shift(knee, 10, 8), shift(knee, 26, 4), shift(e["near_knee"], 8, 8))
    return d


def swimming() -> Drawing:
    """Swimming: front crawl at the water line, one arm reaching forwards, legs kicking."""
    d = new(
        "Swimming and water walking",
        "A person swims front crawl, lying face down at the water line, one arm reaching "
        "forwards, the other recovering over the water, and the legs kicking gently.",
    )
    water = 80.0
    wave = " ".join(
        f"Q {r1(x + 7.5)} {r1(water + (-3 if i % 2 else 3))} {r1(x + 15)} {r1(water)}"
        for i, x in enumerate(range(10, 190, 15))
    )
    d.add("path", d=f"M 10 {water} {wave} L 190 142 L 10 142 Z", fill="#f1f1f1", stroke="none")
    d.add(
        "path",
        d=f"M 10 {water} {wave}",
        fill="none",
        stroke=PROP_EDGE,
        stroke_width=2,
        stroke_linecap="round",
    )
    pose = Pose(hip=(100.0, water + 3), trunk=93, head=-4)
    # One arm reaches forwards in the water; the other recovers over it, elbow high.
    pose = pose.legs(Leg(7, 10, 90), Leg(-5, 6, 90)).arms(Arm(-96, -128), Arm(170, 4))
    draw_figure(d, pose)
    motion_lines(d, 30, [water - 8, water + 2, water + 12])
    return d


def walking() -> Drawing:
    """Walking programme: mid-stride, arms swinging, with motion lines."""
    d = new(
        "Walking programme",
        "A person walks with a comfortable stride, the front heel landing, the back foot "
        "pushing off and the arms swinging.",
    )
    floor(d)
    pose = Pose(hip=(0.0, 0.0), trunk=4)
    pose = pose.legs(Leg(24, 6, -8), Leg(-18, 14, 28)).arms(Arm(-24, 18), Arm(28, 30))
    draw_figure(d, place(pose, "near_ankle", (124.0, FLOOR - 6)))
    motion_lines(d, 66, [52, 64, 76])
    return d


PICTOGRAMS: dict[str, Callable[[], Drawing]] = {
    "90-90-breathing": breathing_90_90,
    "bed-edge-hip-flexor-stretch": bed_edge_stretch,
    "bird-dog": bird_dog,
    "crocodile-breathing": crocodile_breathing,
    "dead-bug": dead_bug,
    "diaphragmatic-breathing": diaphragmatic_breathing,
    "front-plank": front_plank,
    "gentle-cycling": gentle_cycling,
    "glute-bridge": glute_bridge,
    "half-kneeling-reach-stretch": half_kneeling_reach,
    "kneeling-hip-flexor-stretch": kneeling_stretch,
    "reverse-lunge": reverse_lunge,
    "seated-marching": seated_marching,
    "side-plank-knees": side_plank_knees,
    "sit-to-stand-break": sit_to_stand,
    "sitting-set-up-check": sitting_set_up,
    "standing-hip-flexor-stretch": standing_stretch,
    "standing-knee-lift": standing_knee_lift,
    "swimming": swimming,
    "walking-programme": walking,
}
