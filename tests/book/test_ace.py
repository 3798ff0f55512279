"""`make check`: DAISY Ace on the book's ePub, and EPUBCheck with its usage messages.

The ePub declares ``dcterms:conformsTo`` "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
(``coursebook_accessibility_conformance``); these are the checks that earn it. Ace must report no
violation of any impact (minor ones included), and EPUBCheck no error, warning or usage message.
"""

from __future__ import annotations

from pathlib import Path

from browser import chromium_path
from editions import ace_violations, epubcheck_messages


def test_ace_reports_no_violation(book_epub: Path, tmp_path: Path) -> None:
    assert ace_violations(book_epub, tmp_path, chromium_path()) == []


def test_epubcheck_reports_no_usage_message_either(book_epub: Path) -> None:
    assert epubcheck_messages(book_epub, usage=True) == []
