"""Write every figure and pictogram as SVG into the book (``make figures``).

Figures are drawn by code so they are original and reproducible: each ``fig_*.py`` module in
this folder has a ``NAME`` and a ``draw()`` returning a :class:`svgdoc.Drawing`; the pictograms
come from ``pictograms.py`` (``PICTOGRAMS``: exercise id → drawing function). The output is
committed under ``book/figures/`` so Sphinx, the ePub and the cards read it like any image;
``tests/test_diagrams.py`` fails when it is not what these sources produce.

Usage: python diagrams/build.py [OUTPUT_FOLDER]   (default: book/figures)
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from svgdoc import Drawing  # noqa: E402 - the folder is put on the path just above


def sources() -> Iterator[tuple[str, Callable[[], Drawing]]]:
    """(relative output path, drawing function) for every figure and pictogram."""
    for module_path in sorted(HERE.glob("fig_*.py")):
        module = importlib.import_module(module_path.stem)
        yield f"{module.NAME}.svg", module.draw
    if (HERE / "pictograms.py").is_file():
        pictograms = importlib.import_module("pictograms")
        for name, draw in sorted(pictograms.PICTOGRAMS.items()):
            yield f"pictograms/{name}.svg", draw


def build(out: Path) -> list[Path]:
    """Write every SVG under ``out``; return the paths written."""
    written = []
    for relative, draw in sources():
        target = out / relative
        draw().write(target)
        written.append(target)
    return written


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "book" / "figures"
    for path in build(folder):
        print(path)
