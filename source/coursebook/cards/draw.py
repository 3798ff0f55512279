"""Draw a laid-out card, front or back, with ReportLab.

Everything was measured by :mod:`coursebook.cards.layout`; this module only paints: the band,
the title, the pictogram, the text blocks, the dosage box, the QR code and the footer. Each
pictogram is drawn once per PDF, as a form that every card showing it reuses.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab.graphics import renderPDF
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..locale import _
from .assets import BOLD, FONT, INK, MUTED, TINT, load_pictogram
from .layout import Back, Band, Block, CardLayout, Front, Picture


def _form_name(pictogram: str) -> str:
    return f"pictogram-{pictogram}"


class CardPainter:
    """Paints the faces that one :class:`CardLayout` laid out, into any number of canvases."""

    def __init__(self, layout: CardLayout) -> None:
        self.layout = layout
        self._forms: WeakKeyDictionary[Canvas, set[str]] = WeakKeyDictionary()

    def front(self, canvas: Canvas, face: Front) -> None:
        """Band, title, pictogram, purpose, starting position, steps and dosage."""
        card = self.layout
        self._band(canvas, face.band)
        face.title.draw(canvas, card.pad, face.title_top)
        if face.picture is not None:
            self._picture(canvas, face.picture)
        self._blocks(canvas, face.blocks, face.blocks_top)
        x, y, width, height = face.dosage_box
        canvas.setFillColor(TINT)
        canvas.roundRect(x, y, width, height, 2 * mm, stroke=0, fill=1)
        self._blocks(canvas, face.dosage, y + height - card.pad * 0.35)
        self._footer(canvas, face.footer)

    def back(self, canvas: Canvas, face: Back) -> None:
        """Breathing, mistakes, cautions, variations, and a QR code to the exercise's page."""
        card = self.layout
        self._band(canvas, face.band)
        self._blocks(canvas, face.blocks, face.blocks_top)
        x, y, size = face.qr_box
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.translate(x, y)
        canvas.scale(size / face.qr_modules, size / face.qr_modules)
        canvas.addLiteral(face.qr_runs + "\nf")
        canvas.restoreState()
        canvas.setFillColor(MUTED)
        label = card.type.label
        canvas.setFont(BOLD, label)
        canvas.drawRightString(x - card.pad * 0.5, y + size - label, str(_("Full page →")))
        canvas.setFont(FONT, label * 0.9)
        canvas.drawRightString(
            x - card.pad * 0.5, y + size - 2.3 * label, str(_("scan for the course page"))
        )
        self._footer(canvas, face.footer)

    # -- parts -----------------------------------------------------------------------------------
    def _band(self, canvas: Canvas, band: Band) -> None:
        card, b = self.layout, self.layout.bleed
        canvas.setFillColor(band.fill)
        canvas.rect(
            -b, card.height - card.band, card.width + 2 * b, card.band + b, stroke=0, fill=1
        )
        baseline = card.height - card.band / 2 - band.level_size * 0.35
        canvas.setFillColor(band.ink)
        canvas.setFont(BOLD, band.size)
        canvas.drawString(card.pad, baseline, band.text)
        canvas.setFont(FONT, band.level_size)
        canvas.drawRightString(card.width - card.pad, baseline, band.level)

    def _blocks(self, canvas: Canvas, blocks: tuple[Block, ...], top: float) -> None:
        x, y = self.layout.pad, top
        for block in blocks:
            block.label.draw(canvas, x, y)
            y -= block.label.height + block.label.style.size * 0.25
            for item in block.items:
                item.draw(canvas, x, y)
                y -= item.height + item.style.size * 0.2
            y -= blocks[0].items[0].style.size * 0.55

    def _picture(self, canvas: Canvas, picture: Picture) -> None:
        x0, y0, x1, y1 = picture.bounds
        forms = self._forms.setdefault(canvas, set())
        if picture.name not in forms:
            drawing = load_pictogram(self.layout.pictograms / f"{picture.name}.svg")
            # The form clips to its box: leave room for stroke widths beyond the path extent.
            margin = max(x1 - x0, y1 - y0)
            canvas.beginForm(
                _form_name(picture.name), x0 - margin, y0 - margin, x1 + margin, y1 + margin
            )
            renderPDF.draw(drawing, canvas, 0, 0)
            canvas.endForm()
            forms.add(picture.name)
        canvas.saveState()
        canvas.translate(picture.x, picture.y)
        canvas.scale(picture.factor, picture.factor)
        canvas.translate(-x0, -y0)
        canvas.doForm(_form_name(picture.name))
        canvas.restoreState()

    def _footer(self, canvas: Canvas, text: str) -> None:
        card = self.layout
        canvas.setFillColor(MUTED)
        canvas.setFont(FONT, card.type.label * 0.9)
        canvas.drawString(card.pad, card.pad * 0.55, text)
