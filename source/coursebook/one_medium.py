"""Mark the words an author wrote for one medium (Sphinx's ``only`` directive).

"Each answer is hidden in a box you can open" is true of the website only; the author writes it
in ``{only} web`` and the PDF's sentence in ``{only} pdf``. Sphinx drops the
blocks that do not apply and leaves the others without a trace. This transform, run just before
(Sphinx's runs at priority 50), gives every block it keeps the class ``cb-medium``, so the checks
that compare the editions word for word (no text lost between the website and the PDF) know
which words are meant to differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx

MEDIUM_CLASS = "cb-medium"


class MarkOneMediumWords(SphinxPostTransform):
    """Give the blocks of every ``only`` directive the class :data:`MEDIUM_CLASS`."""

    default_priority = 45

    def run(self, **kwargs: Any) -> None:
        for only in self.document.findall(addnodes.only):
            for child in only.children:
                if isinstance(child, nodes.Element):
                    child["classes"].append(MEDIUM_CLASS)


def setup(app: Sphinx) -> None:
    """Register the transform for every builder."""
    app.add_post_transform(MarkOneMediumWords)
