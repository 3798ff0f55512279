"""Byte-identical outputs: the build time comes from ``SOURCE_DATE_EPOCH`` when it is set."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime


def source_date_epoch() -> int | None:
    """The timestamp that reproducible builds use in place of 'now', or None when unset."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def build_datetime() -> datetime:
    """The build's date and time: ``SOURCE_DATE_EPOCH`` if set, otherwise the clock."""
    epoch = source_date_epoch()
    return datetime.fromtimestamp(time.time() if epoch is None else epoch, tz=UTC)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    """A zip entry timestamp; zip cannot store dates before 1980, so older ones are clamped."""
    moment = build_datetime()
    if moment.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
