"""The shipped book prints on every card size `coursebook cards --size` offers, as `--help` says.

One PDF per size holds every exercise of `book/` (every deck is a selection of them): each card
fits, every part of each exercise is printed, or, on a pocket card only, listed in the card's note
as left to the course page. No text is set below the legible floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cardcheck import left_out_report, missing_parts, offered_sizes
from conftest import EPOCH
from coursebook.cards.geometry import POCKET_CARDS
from coursebook.cards.layout import CardLayout
from coursebook.cli import main
from coursebook.exercises.model import load_catalogue, page_docname

BOOK = Path(__file__).parents[1] / "book"


@pytest.mark.parametrize("size", offered_sizes())
def test_every_shipped_exercise_prints_on_every_offered_size(
    size: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    target = tmp_path / f"every-exercise-{size}.pdf"
    assert main(["cards", "--book", str(BOOK), "--size", size, "-o", str(target)]) == 0
    left_out = left_out_report(capsys.readouterr().out)
    if size not in POCKET_CARDS:
        assert left_out == {}
    exercises = load_catalogue(BOOK).exercises.values()
    assert missing_parts(target, exercises, left_out) == []


@pytest.mark.parametrize("size", offered_sizes())
def test_no_shipped_card_sets_text_below_the_legible_floor(size: str) -> None:
    cards = CardLayout(size, BOOK / "figures" / "pictograms")
    assert cards.type.floor >= 6.4
    for exercise in load_catalogue(BOOK).exercises.values():
        card = cards.card(exercise, f"https://example.org/{page_docname(exercise.id)}.html")
        blocks = card.front.blocks + card.front.dosage + card.back.blocks
        smallest = min(item.style.size for block in blocks for item in block.items)
        assert smallest >= cards.type.floor - 1e-9, (exercise.id, smallest)
