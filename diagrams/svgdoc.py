"""A tiny, deterministic SVG writer shared by every figure script.

Figures are drawn with the standard library's ElementTree so the same source always gives the
same bytes. Each document gets a ``<title>`` and ``<desc>`` (its accessible name and
description) and real ``<text>`` labels in the book's font.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

FONT = "Noto Sans, DejaVu Sans, sans-serif"
# Okabe-Ito palette: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILION, SKY, GREY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#6b6b6b",
)
BONE, BONE_EDGE, INK = "#efe9dc", "#8a7f6a", "#1a1a1a"


class Drawing:
    """An SVG document built element by element."""

    def __init__(self, width: int, height: int, title: str, description: str) -> None:
        self.root = ET.Element(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "viewBox": f"0 0 {width} {height}",
                "width": str(width),
                "height": str(height),
                "role": "img",
                "aria-labelledby": "title desc",
                "font-family": FONT,
            },
        )
        ET.SubElement(self.root, "title", {"id": "title"}).text = title
        ET.SubElement(self.root, "desc", {"id": "desc"}).text = description
        # A light backdrop keeps the figure readable on the website's dark background.
        self.add("rect", width=width, height=height, rx=8, fill="#ffffff")

    def add(self, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
        """Append an element; ``stroke_width`` style names become ``stroke-width``."""
        element = ET.SubElement(
            self.root, tag, {k.replace("_", "-"): str(v) for k, v in attributes.items()}
        )
        element.text = text
        return element

    def label(
        self,
        x: float,
        y: float,
        text: str,
        anchor: str = "start",
        size: int = 13,
        weight: str = "normal",
        target: tuple[float, float] | None = None,
    ) -> None:
        """A text label, optionally with a leader line to the point it names."""
        if target is not None:
            # The leader leaves the label from the side that faces its target.
            x2 = x + {"end": 4, "start": -4}.get(anchor, 0)
            y2 = y + 5 if anchor == "middle" else y - 4
            self.add("line", x1=target[0], y1=target[1], x2=x2, y2=y2, stroke=INK, stroke_width=0.8)
            self.add("circle", cx=target[0], cy=target[1], r=2.2, fill=INK)
        self.add(
            "text", text, x=x, y=y, font_size=size, fill=INK, text_anchor=anchor, font_weight=weight
        )

    def write(self, path: Path) -> None:
        """Write the SVG with a stable layout (same source, same bytes)."""
        ET.indent(self.root)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ET.tostring(self.root, encoding="unicode") + "\n", encoding="utf-8")


# -- helpers shared by the figure modules ------------------------------------------------


def r1(value: float) -> float:
    """Round to one decimal place, never writing ``-0.0``."""
    return round(value, 1) + 0.0


def pts(points: Iterable[tuple[float, float]]) -> str:
    """Points as an SVG ``points`` list."""
    return " ".join(f"{r1(x)},{r1(y)}" for x, y in points)


Point = tuple[float, float]


def smooth_segments(points: Sequence[Point]) -> list[tuple[Point, Point, Point, Point]]:
    """The cubic Bézier segments (start, control 1, control 2, end) of the Catmull-Rom curve
    through ``points``: what :func:`curve_through` draws, for figures that also sample it."""
    segments = []
    for i in range(len(points) - 1):
        p0 = points[max(i - 1, 0)]
        p1, p2 = points[i], points[i + 1]
        p3 = points[min(i + 2, len(points) - 1)]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segments.append((p1, c1, c2, p2))
    return segments


def curve_through(points: Sequence[Point]) -> str:
    """Smooth path commands (cubic Béziers, Catmull-Rom) through ``points``, after an M or L."""
    return " ".join(
        f"C {r1(c1[0])} {r1(c1[1])}, {r1(c2[0])} {r1(c2[1])}, {r1(p2[0])} {r1(p2[1])}"
        for _, c1, c2, p2 in smooth_segments(points)
    )


def rounded_label(
    d: Drawing,
    x: float,
    y: float,
    text: str,
    anchor: str = "start",
    size: int = 13,
    weight: str = "normal",
    target: tuple[float, float] | None = None,
) -> None:
    """:meth:`Drawing.label` with every coordinate rounded to one decimal place."""
    point = None if target is None else (r1(target[0]), r1(target[1]))
    d.label(r1(x), r1(y), text, anchor=anchor, size=size, weight=weight, target=point)
