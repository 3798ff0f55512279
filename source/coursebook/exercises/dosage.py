"""The grammar of dosage numbers: a hold is a time, repetitions and sets are counts.

Dosage texts stay free enough for real guidance ("30 s; older adults 30 to 60 s", "8 to 12 per
side", "1 walk of 10 to 30 minutes"), but each must *start* with what a reader acts on:

* ``hold``: a positive number or range, then a unit: ``s``/``sec``/``seconds``,
  ``min``/``minutes`` or ``breaths`` ("30 s", "20 to 30 s", "1.5 min", "5 breaths");
* ``repetitions`` and ``sets``: a positive whole number or range ("10", "8 to 12", "8-12",
  "2 to 4 per side");

and no number anywhere in them may be negative. A range is two numbers joined by a dash or a short
word ("to", "à", "bis"), the smaller first. Each check returns ``(message, hint)`` or None.
"""

from __future__ import annotations

import re

NUMBER = r"[-−]?\d+(?:[.,]\d+)?"
QUANTITY = re.compile(
    rf"(?P<low>{NUMBER})(?:\s*[-–—]\s*|\s+\w{{1,3}}\s+)?(?P<high>(?<=\s|[-–—]){NUMBER})?"
)
SECONDS = ("s", "sec", "secs", "second", "seconds")
MINUTES = ("min", "mins", "minute", "minutes")
HOLD_UNITS = (*SECONDS, *MINUTES, "breath", "breaths")
UNIT = re.compile(rf"\s*(?:{'|'.join(HOLD_UNITS)})\b", re.IGNORECASE)
MINUS = re.compile(r"[-−]\s?\d")

HOLD_HINT = (
    "start with a positive number or range and a unit: '30 s', '20 to 30 s', '1 min', '5 breaths'"
)
COUNT_HINT = "start with a positive whole number or range: '10', '8 to 12' or '8 to 12 per side'"
Finding = tuple[str, str] | None


def _has_negative(text: str) -> bool:
    # A minus sign is a range's dash when a number comes before it: "8-12", "8 - 12".
    return any(not text[: m.start()].rstrip()[-1:].isdigit() for m in MINUS.finditer(text))


def _number(text: str) -> float:
    return float(text.replace(",", ".").replace("−", "-"))


def _quantity(text: str, kind: str, hint: str, whole: bool) -> tuple[Finding, int]:
    """Check the number or range ``text`` starts with; return a finding and where it ends."""
    match = QUANTITY.match(text)
    if match is None:
        return (f"{text!r} does not start with a number", hint), 0
    if _has_negative(text):
        return (f"{text!r} is negative: a {kind} must be positive", hint), 0
    numbers = [_number(n) for n in (match["low"], match["high"]) if n is not None]
    if any(n <= 0 for n in numbers):
        return (f"{text!r}: a {kind} must be more than 0", hint), 0
    if whole and any(not n.is_integer() for n in numbers):
        return (f"{text!r}: a {kind} is a whole number", hint), 0
    if len(numbers) == 2 and numbers[0] >= numbers[1]:
        return (
            f"{text!r} is not a range from low to high",
            "write the smaller number first: '8 to 12'",
        ), 0
    return None, match.end()


def check_hold(text: str) -> Finding:
    """A hold: a positive time, with its unit."""
    finding, end = _quantity(text, "hold time", HOLD_HINT, whole=False)
    if finding is None and not UNIT.match(text, end):
        return (f"{text!r} has no unit", "add s, min or breaths after the number, e.g. '30 s'")
    return finding


def check_count(text: str) -> Finding:
    """Repetitions or sets: a positive whole number or range, then any words."""
    return _quantity(text, "count", COUNT_HINT, whole=True)[0]
