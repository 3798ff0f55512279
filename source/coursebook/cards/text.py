"""Set a card's short texts: greedy line breaking on cached word widths, drawn as PDF text.

A card fits its text by trying sizes from large to small (:meth:`CardPainter._fit`). ReportLab's
``Paragraph`` parsed its markup and measured every word again for each trial, which took over a
third of the time of a deck (README, Performance). Card texts are plain: no markup, no
hyphenation, left-aligned. So each word is measured once per font, at 1 pt; a width at any size
is that times the size, exactly as ReportLab adds glyph advances. Lines break where the next word
would pass the width, as ``Paragraph`` breaks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

SLACK = 1e-6
"""Rounding allowance when comparing widths, so a line that fits exactly is kept."""


@cache
def unit_width(word: str, font: str) -> float:
    """The advance of ``word`` in ``font`` at 1 pt (a registered font; cached per process)."""
    width: float = pdfmetrics.stringWidth(word, font, 1.0)
    return width


@cache
def _measured(text: str, font: str) -> tuple[tuple[str, ...], tuple[float, ...], float]:
    """The words of ``text``, their advances at 1 pt, and the space's: measured once."""
    words = tuple(text.split())
    return words, tuple(unit_width(word, font) for word in words), unit_width(" ", font)


def wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...] | None:
    """The lines of ``text`` at ``size`` within ``width``; ``None`` if a word alone is wider."""
    words, advances, space = _measured(text, font)
    limit = (width + SLACK) / size  # compare in 1 pt units: one division instead of many
    lines: list[str] = []
    start, used = 0, 0.0
    for index, advance in enumerate(advances):
        if advance > limit:
            return None
        if index > start and used + space + advance > limit:
            lines.append(" ".join(words[start:index]))
            start, used = index, advance
        else:
            used += space + advance if index > start else advance
    if words:
        lines.append(" ".join(words[start:]))
    return tuple(lines)


@dataclass(frozen=True)
class Style:
    """Font, size, line spacing, colour and indent of one kind of text on a card."""

    font: str
    size: float
    leading: float
    colour: Color
    indent: float = 0.0
    bullet_font: str = ""


@dataclass(frozen=True)
class TextBlock:
    """A paragraph broken into lines, with an optional bullet (a symbol or number)."""

    lines: tuple[str, ...]
    style: Style
    bullet: str = ""

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.leading

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        """Draw the block with its top at ``top``: the first baseline one font size below it."""
        if not self.lines:  # a block without a label, such as the note on a pocket card
            return
        style = self.style
        baseline = top - style.size
        canvas.setFillColor(style.colour)
        text = canvas.beginText(x, baseline)
        if self.bullet:  # in the same text object: one per block is a good part of a card's time
            text.setFont(style.bullet_font or style.font, style.size)
            text.textOut(self.bullet)
            text.setTextOrigin(x + style.indent, baseline)
        elif style.indent:
            text.setTextOrigin(x + style.indent, baseline)
        text.setFont(style.font, style.size, style.leading)
        for line in self.lines:
            text.textLine(line)
        canvas.drawText(text)


def set_text(text: str, style: Style, width: float, bullet: str = "") -> TextBlock | None:
    """``text`` broken into lines for ``width`` less the indent; ``None`` if a word cannot fit."""
    lines = wrap(text, style.font, style.size, width - style.indent)
    return None if lines is None else TextBlock(lines, style, bullet)
