"""Web addresses and DOIs printed twice in one reference ("URL: x (x)"), found in a PDF's text.

An entry prints its address once; the same work listed again (a chapter's references, then the
bibliography) is a page or more away, so two copies of one address close together are one entry
printing it twice.
"""

from __future__ import annotations

import re

ADDRESS = re.compile(r"(?:https?://|doi:)\S+")
NEAR = 300  # characters: longer than any one entry
KEY = 24  # an address's first characters: on paper it may break over lines after them
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)")


def _key(address: str) -> str:
    """The address as the work's identity: a DOI printed as a link or as ``doi:`` is the same."""
    return DOI_PREFIX.sub("doi:", address.strip("(),.;"))[:KEY]


def repeated_addresses(text: str) -> list[str]:
    """Each address printed again within one entry's length of its first copy."""
    words = " ".join(text.replace("\u00ad", "").split())
    seen: dict[str, int] = {}
    repeated = []
    for match in ADDRESS.finditer(words):
        key = _key(match.group())
        if key in seen and match.start() - seen[key] < NEAR:
            repeated.append(match.group())
        seen[key] = match.start()
    return repeated
