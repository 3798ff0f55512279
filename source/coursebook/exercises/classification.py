"""How a book sorts its exercises: categories (id, label, colour) and levels (number, label).

Both are declared by the book in ``conf.py`` (``coursebook_categories``, ``coursebook_levels``)
and checked here, once, for the website build (through :mod:`coursebook.config`) and the card
printer alike. A book that declares no levels gets three, labelled "Level 1" to "Level 3" in the
book's language; a book that declares no categories has none, and an exercise naming one is an
error that tells the author how to declare it.

A category's label is printed on its colour on every card, in whichever of the card's two inks
(near-black or white) reads better; a colour on which neither reaches the WCAG AA contrast for
small text is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..locale import _

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An id of an exercise or a category: lowercase letters, digits and single hyphens."""
COLOUR_PATTERN = re.compile(r"#[0-9A-Fa-f]{6}")
DARK_INK = "#1a1a1a"
LIGHT_INK = "#ffffff"
MIN_CONTRAST = 4.5
"""WCAG 2 AA for small text: the band's label is about 8.5 pt on an A6 card."""
MAX_LABEL_CHARS = 32
"""A category's label shares the card's band with the level; longer ones do not fit an A7 card."""
MAX_LEVELS = 5
"""The card's band shows the level as dots (●●○): five still sit beside the label."""

LEVEL = _("Level {number}")
"""The level as printed on a card, and the label of a level the book does not name."""
DEFAULT_LEVEL_COUNT = 3


@dataclass(frozen=True)
class Category:
    """One category of exercises: its id (in the exercise files), label and colour."""

    id: str
    label: str
    colour: str
    """The band's fill on cards, ``#RRGGBB``."""

    @property
    def ink(self) -> str:
        """The text colour on :attr:`colour`: the card ink with the higher contrast."""
        return readable_ink(self.colour)[0]


@dataclass(frozen=True)
class Classification:
    """A book's categories (in its order) and levels, as validated from ``conf.py``."""

    categories: Mapping[str, Category]
    levels: Mapping[int, str]
    """Level number → label; empty means the default levels (see :meth:`level_label`)."""

    @classmethod
    def from_settings(
        cls, categories: Mapping[str, Mapping[str, str]], levels: Mapping[int, str]
    ) -> Classification:
        """The classification of valid settings (see :func:`check_categories`)."""
        return cls(
            {
                key: Category(key, value["label"], value["colour"])
                for key, value in categories.items()
            },
            dict(levels),
        )

    @property
    def level_numbers(self) -> list[int]:
        return sorted(self.levels) if self.levels else list(range(1, DEFAULT_LEVEL_COUNT + 1))

    def level_label(self, number: int) -> str:
        """The label of a level: the book's, or "Level 2" in the book's language."""
        if self.levels:
            return self.levels[number]
        return str(LEVEL).format(number=number)

    def describe_levels(self) -> str:
        """``1, 2 or 3``: the levels, for hints."""
        return _or_list([str(n) for n in self.level_numbers])

    def describe_categories(self) -> str:
        return _or_list([repr(key) for key in self.categories])


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


# -- colour ------------------------------------------------------------------------------------
def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable_ink(colour: str) -> tuple[str, float]:
    """The card ink (dark or white) that reads better on ``colour``, and its contrast."""
    return max(((ink, contrast(ink, colour)) for ink in (DARK_INK, LIGHT_INK)), key=lambda p: p[1])


# -- validation of the settings (see coursebook.config) -----------------------------------------
EXAMPLE_CATEGORIES = "{'stretching': {'label': 'Stretching', 'colour': '#56B4E9'}}"


def check_categories(name: str, value: Any) -> str | None:
    """What is wrong with a ``coursebook_categories`` value, or None."""
    if not isinstance(value, dict):
        return f"{name} = {value!r}: expected a dict of id -> {{'label': ..., 'colour': ...}}"
    problems = []
    for key, entry in value.items():
        where = f"{name}[{key!r}]"
        if not isinstance(key, str) or not ID_PATTERN.fullmatch(key):
            problems.append(f"{where}: the id must be lowercase letters, digits and single hyphens")
        if not isinstance(entry, dict):
            problems.append(f"{where} = {entry!r}: expected {{'label': ..., 'colour': '#RRGGBB'}}")
            continue
        for extra in sorted(set(map(str, entry)) - {"label", "colour"}):
            problems.append(f"{where}: unknown key {extra!r} (the keys are 'label' and 'colour')")
        label, colour = entry.get("label"), entry.get("colour")
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{where}['label'] = {label!r}: expected a non-empty string")
        elif len(label) > MAX_LABEL_CHARS:
            problems.append(
                f"{where}['label']: {len(label)} characters, at most {MAX_LABEL_CHARS} fit a card"
            )
        if not isinstance(colour, str) or not COLOUR_PATTERN.fullmatch(colour):
            problems.append(f"{where}['colour'] = {colour!r}: expected '#RRGGBB', e.g. '#0072B2'")
        else:
            ink, ratio = readable_ink(colour)
            if ratio < MIN_CONTRAST:
                problems.append(
                    f"{where}['colour'] = {colour!r}: the label reads at {ratio:.2f}:1 at best "
                    f"(in {ink}), below {MIN_CONTRAST}:1; choose a lighter or darker colour"
                )
    return "; ".join(problems) or None


def check_levels(name: str, value: Any) -> str | None:
    """What is wrong with a ``coursebook_levels`` value, or None."""
    if not isinstance(value, dict):
        return f"{name} = {value!r}: expected a dict of level number -> label"
    problems = []
    numbers = [key for key in value if isinstance(key, int) and not isinstance(key, bool)]
    if len(numbers) < len(value):
        wrong = [key for key in value if key not in numbers]
        problems.append(f"{name}: the keys must be whole numbers, found {wrong!r}")
    elif value and sorted(numbers) != list(range(1, len(numbers) + 1)):
        problems.append(
            f"{name}: levels are numbered 1, 2, 3… without gaps, found {sorted(numbers)}"
        )
    if len(value) > MAX_LEVELS:
        problems.append(f"{name}: {len(value)} levels, at most {MAX_LEVELS} fit a card's band")
    for key, label in value.items():
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{name}[{key!r}] = {label!r}: expected a non-empty string")
    return "; ".join(problems) or None
