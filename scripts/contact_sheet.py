"""Render a PDF's pages to one PNG contact sheet, to look at the layout as a reader would.

Usage: .venv/bin/python scripts/contact_sheet.py build/pdf/psoas-course.pdf build/look/pdf.png
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

COLUMNS = 6


def contact_sheet(pdf: Path, sheet: Path, dpi: int = 40) -> int:
    """Write ``sheet`` with every page of ``pdf``; return the number of pages."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), f"{folder}/p"], check=True)
        pages = [Image.open(p) for p in sorted(Path(folder).glob("p-*.png"))]
        width, height = pages[0].size
        rows = -(-len(pages) // COLUMNS)
        canvas = Image.new("RGB", (width * COLUMNS, height * rows), "white")
        for i, page in enumerate(pages):
            canvas.paste(page, ((i % COLUMNS) * width, (i // COLUMNS) * height))
        sheet.parent.mkdir(parents=True, exist_ok=True)
        canvas.save(sheet)
    return len(pages)


if __name__ == "__main__":
    count = contact_sheet(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{count} pages → {sys.argv[2]}")
