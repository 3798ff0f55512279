"""What a printed deck must hold: every part of each exercise, or a pocket card's note for it.

Shared by the test of the shipped book at every card size (``make test``) and its twin over every
deck (``make check``). The parts come from :func:`card_sections`, the one definition of what a
card shows; the parts a card left out come from what ``coursebook cards`` printed, not from the
layout code under test.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from coursebook.cards.geometry import LEFT_TO_THE_COURSE_PAGE
from coursebook.cli import get_parser
from coursebook.exercises.model import Exercise, card_sections
from editions import normalise

NOTE = "More on the course page"


def offered_sizes() -> list[str]:
    """The card sizes `coursebook cards --size` accepts (what `--help` and the README offer)."""
    commands = next(
        action for action in get_parser()._actions if isinstance(action, argparse._SubParsersAction)
    )
    size = next(action for action in commands.choices["cards"]._actions if action.dest == "size")
    return [str(choice) for choice in size.choices or ()]


def left_out_report(stdout: str) -> dict[str, list[str]]:
    """Exercise id -> labels of the parts its pocket card left out, from the command's report."""
    if "Left to the course page" not in stdout:
        return {}
    report = stdout.split("Left to the course page", 1)[1]
    return {
        exercise: labels.split(", ")
        for exercise, labels in re.findall(r"^    ([\w-]+): (.+)$", report, re.MULTILINE)
    }


def missing_parts(
    pdf: Path, exercises: Iterable[Exercise], left_out: dict[str, list[str]]
) -> list[str]:
    """Each part of each exercise that is neither printed in ``pdf`` nor listed as left out."""
    words = normalise(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    )
    missing = []
    for exercise in exercises:
        front, back = card_sections(exercise)
        if normalise(exercise.title) not in words:
            missing.append(f"{exercise.id}: title")
        for section in front + back:
            if section.label in left_out.get(exercise.id, []):
                assert section.key in LEFT_TO_THE_COURSE_PAGE, f"{exercise.id}: {section.key}"
                continue
            missing += [
                f"{exercise.id}: {section.key}: {item}"
                for item in section.items
                if normalise(item) not in words
            ]
    notes = words.count(normalise(NOTE))
    if notes != len(left_out):
        missing.append(f"{notes} notes on the cards, {len(left_out)} cards with parts left out")
    return missing
