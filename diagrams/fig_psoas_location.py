"""Figure: where the psoas lies, front view (T12 and lumbar spine, pelvis, femur).

Schematic, after Gray's Anatomy (42nd ed.) and StatPearls (Siccardi et al.): psoas major from
the bodies, discs and transverse processes of T12 to L5 to the lesser trochanter, joined by the
iliacus from the iliac fossa; the figure shows the muscle on one side only.
"""

from __future__ import annotations

from svgdoc import BLUE, BONE, BONE_EDGE, ORANGE, Drawing

NAME = "psoas-location"
TITLE = "Where the psoas lies: front view"
DESCRIPTION = (
    "Front view of the lower spine, pelvis and thigh bones. The psoas major (blue) starts on "
    "the sides of the last thoracic vertebra (T12) and the five lumbar vertebrae, runs down "
    "and out across the brim of the pelvis, and ends on the lesser trochanter of the thigh "
    "bone. The iliacus (orange) fans out from the inside of the pelvic bone and joins it; "
    "together they form the iliopsoas. Shown on the figure's right side only."
)


def draw() -> Drawing:
    """Draw the figure."""
    d = Drawing(600, 570, TITLE, DESCRIPTION)
    cx = 290
    levels = ["T12", "L1", "L2", "L3", "L4", "L5"]
    for i, name in enumerate(levels):
        y = 30 + i * 44
        d.add("rect", x=cx - 26, y=y, width=52, height=34, rx=5, fill=BONE, stroke=BONE_EDGE)
        # transverse processes
        d.add("rect", x=cx - 48, y=y + 10, width=22, height=9, rx=3, fill=BONE, stroke=BONE_EDGE)
        d.add("rect", x=cx + 26, y=y + 10, width=22, height=9, rx=3, fill=BONE, stroke=BONE_EDGE)
        d.add("text", name, x=cx, y=y + 22, font_size=12, text_anchor="middle", fill="#4a4236")
    # sacrum and the two hip bones (ilium wings), symmetrical
    d.add(
        "path",
        d=f"M {cx - 40} 296 L {cx + 40} 296 L {cx + 22} 372 L {cx} 386 L {cx - 22} 372 Z",
        fill=BONE,
        stroke=BONE_EDGE,
    )
    for side in (-1, 1):
        wing = (
            f"M {cx + side * 44} 300 C {cx + side * 120} 250, {cx + side * 200} 262, "
            f"{cx + side * 200} 300 C {cx + side * 196} 350, {cx + side * 160} 380, "
            f"{cx + side * 120} 420 C {cx + side * 96} 440, {cx + side * 60} 430, "
            f"{cx + side * 34} 404 L {cx + side * 34} 360 Z"
        )
        d.add("path", d=wing, fill=BONE, stroke=BONE_EDGE)
        # femur: head in the socket, neck, shaft; lesser trochanter on the inner side
        d.add("circle", cx=cx + side * 150, cy=410, r=18, fill=BONE, stroke=BONE_EDGE)
        d.add(
            "path",
            d=(
                f"M {cx + side * 150} 398 L {cx + side * 190} 420 L {cx + side * 186} 548 "
                f"L {cx + side * 160} 548 L {cx + side * 160} 442 Z"
            ),
            fill=BONE,
            stroke=BONE_EDGE,
        )
    trochanter = (cx + 156, 458)
    d.add("circle", cx=trochanter[0], cy=trochanter[1], r=7, fill=BONE, stroke=BONE_EDGE)
    # iliacus: a fan from the iliac fossa converging on the psoas tendon
    d.add(
        "path",
        d=(
            f"M {cx + 70} 300 C {cx + 120} 270, {cx + 186} 276, {cx + 192} 304 "
            f"C {cx + 186} 350, {cx + 170} 400, {trochanter[0] + 4} {trochanter[1] - 10} "
            f"L {trochanter[0] - 8} {trochanter[1] - 14} C {cx + 120} 380, {cx + 86} 340, "
            f"{cx + 70} 300 Z"
        ),
        fill=ORANGE,
        fill_opacity=0.85,
        stroke="#9a6a00",
    )
    # psoas major: from the sides of T12-L5 down over the pelvic brim to the lesser trochanter
    d.add(
        "path",
        d=(
            f"M {cx + 24} 40 C {cx + 54} 120, {cx + 66} 230, {cx + 84} 300 "
            f"C {cx + 100} 360, {cx + 130} 420, {trochanter[0] - 2} {trochanter[1] - 6} "
            f"L {trochanter[0] - 14} {trochanter[1] + 2} C {cx + 104} 430, {cx + 60} 360, "
            f"{cx + 40} 300 C {cx + 28} 240, {cx + 24} 150, {cx + 24} 40 Z"
        ),
        fill=BLUE,
        fill_opacity=0.9,
        stroke="#004a75",
    )
    d.label(cx + 150, 120, "Psoas major", weight="bold", target=(cx + 58, 190))
    d.label(cx + 150, 138, "T12 to L5", size=12)
    d.label(cx + 206, 250, "Iliacus", weight="bold", target=(cx + 160, 300))
    d.label(cx + 206, 478, "Lesser", target=trochanter)
    d.label(cx + 206, 494, "trochanter")
    d.label(cx - 70, 204, "Lumbar spine", anchor="end", target=(cx - 18, 212))
    d.label(cx - 200, 250, "Hip bone (ilium)", anchor="middle", target=(cx - 170, 300))
    d.label(cx - 200, 500, "Thigh bone", anchor="end", target=(cx - 174, 500))
    d.label(cx - 200, 516, "(femur)", anchor="end")
    d.label(cx, 562, "Iliopsoas = psoas major + iliacus", anchor="middle", size=12)
    return d
