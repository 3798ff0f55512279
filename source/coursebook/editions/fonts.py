"""Locate the TrueType fonts the editions and cards draw with.

The Makefile installs Debian's ``fonts-noto-core`` and ``fonts-dejavu-core``; the lookup goes
through fontconfig's standard folders so other Linux distributions with the same fonts work too.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")


class FontNotFoundError(RuntimeError):
    """A font file the pipeline needs is not installed."""


@cache
def find_font(*file_names: str) -> Path:
    """Return the first installed font among ``file_names`` (in order of preference)."""
    for name in file_names:
        for folder in FONT_DIRS:
            if folder.is_dir():
                found = sorted(folder.rglob(name))
                if found:
                    return found[0]
    raise FontNotFoundError(
        f"none of the fonts {', '.join(file_names)} is installed; "
        "run `make setup` (it installs fonts-noto-core and fonts-dejavu-core)"
    )
