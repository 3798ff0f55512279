"""Every deck of the book prints at every card size `coursebook cards` offers.

The README and `--help` offer a6, a7, 4x6 and 3x5 for any deck; this proves it for the book's
decks, as the instructor would print them (`--all-decks`), with every part of each exercise on
its card or, on a pocket card, listed in the card's note as left to the course page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cardcheck import left_out_report, missing_parts, offered_sizes
from coursebook.cards.geometry import POCKET_CARDS
from coursebook.cli import main
from coursebook.exercises.model import load_catalogue

BOOK = Path(__file__).parents[2] / "book"


@pytest.mark.parametrize("size", offered_sizes())
def test_every_deck_prints_at_every_offered_size(
    size: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["cards", "--book", str(BOOK), "--all-decks", "--size", size, "--out-dir", str(tmp_path)]
    assert main(argv) == 0
    left_out = left_out_report(capsys.readouterr().out)
    assert size in POCKET_CARDS or left_out == {}
    catalogue = load_catalogue(BOOK)
    for name in catalogue.decks:
        chosen = catalogue.select(decks=[name])
        on_deck = {e.id: left_out[e.id] for e in chosen if e.id in left_out}
        assert missing_parts(tmp_path / f"{name}-{size}-a4.pdf", chosen, on_deck) == [], name
