"""Citation markers as a book sets them, in every edition: in ascending order, held to their word.

``{footcite:p}`a,b``` numbers each source at its first citation in the chapter, and writes the
markers in the order the keys are given: "[2][1]" where "b" was cited before. The order is
decided here, once the notes are numbered, so the website, the ePub and the PDF agree. On the
website and in the ePub the space before a marker becomes a no-break space, so a line never
starts with one; the PDF sets its superscripts against the word (``references.py``), where it
also collapses a run ("1–3").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NO_BREAK_SPACE = "\u00a0"


def marker_runs(document: nodes.Node) -> list[list[nodes.footnote_reference]]:
    """Every run of adjacent note markers (nothing between them), in document order."""
    runs: list[list[nodes.footnote_reference]] = []
    for reference in document.findall(nodes.footnote_reference):
        previous = reference.previous_sibling()
        if runs and previous is runs[-1][-1]:
            runs[-1].append(reference)
        else:
            runs.append([reference])
    return runs


def _number(reference: nodes.footnote_reference) -> tuple[int, str]:
    text = reference.astext()
    return (int(text), "") if text.isdigit() else (0, text)


def sort_run(run: list[nodes.footnote_reference]) -> list[nodes.footnote_reference]:
    """Put a run's markers in ascending order of their numbers, in place in the doctree."""
    ordered = sorted(run, key=_number)
    if ordered == run:
        return run
    parent = run[0].parent
    first = parent.index(run[0])
    for offset, reference in enumerate(ordered):
        parent[first + offset] = reference
    return ordered


def hold_to_word(run: list[nodes.footnote_reference]) -> None:
    """Make the space between a run and its word a no-break space."""
    previous = run[0].previous_sibling()
    if isinstance(previous, nodes.Text) and previous.endswith(" "):
        previous.parent.replace(previous, nodes.Text(previous.rstrip(" ") + NO_BREAK_SPACE))


class OrderedCitationMarkers(SphinxPostTransform):
    """Sort every run of note markers; on screens, hold it to its word."""

    default_priority = 400

    def run(self, **kwargs: Any) -> None:
        for run in marker_runs(self.document):
            ordered = sort_run(run)
            if self.app.builder.format == "html":
                hold_to_word(ordered)


def setup(app: Sphinx) -> None:
    app.add_post_transform(OrderedCitationMarkers)
