"""The exercise index on paper: printed once, with a page column; elsewhere a page reference.

On the website an ``{exercise-index}`` table may stand in several places (the chapter on care
and the exercise library): each is one click from the pages it lists. On paper the same
20-row table twice is a page of repetition, and its links need pages. So in the PDF:

* the table is printed where the exercises are: in the document whose toctree includes the
  exercise pages (the library), with a column giving each exercise's page (its title's link
  prints none, since the column does);
* every other exercise index becomes one sentence referring to that table, which prints the
  table's page as any cross-reference does (:mod:`.references`).

A book with no such document (its exercise pages are included elsewhere) keeps every table,
each with its page column.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ...locale import _
from .references import NO_PAGE, PAGE_ONLY

TABLE_CLASS = "cb-exercise-index"
"""The class ``coursebook.exercises.pages.ExerciseIndexDirective`` gives its table."""
TABLE_ID = "cb-exercise-index"
"""The id of the printed table, which the other places refer to."""
PAGE_COLUMN_WIDTH = 8
"""Its share of the table's width (the other columns': 34, 22, 12, 32)."""


class PrintedExerciseIndex(SphinxPostTransform):
    """The exercise index printed once, with a page column (PDF only)."""

    default_priority = 20  # after Sphinx's ReferencesResolver (10): the links are resolved
    builders = ("pdf",)

    def run(self, **kwargs: Any) -> None:
        tables = [t for t in self.document.findall(nodes.table) if TABLE_CLASS in t["classes"]]
        if not tables:
            return
        home = printed_in(self.env)
        for table in tables:
            if home is None or home == self.env.docname:
                add_page_column(table)
                if home is not None and TABLE_ID not in self.document.ids:
                    table["ids"].append(TABLE_ID)
                    self.document.ids[TABLE_ID] = table
            else:
                table.replace_self(self._reference_to(home))

    def _reference_to(self, home: str) -> nodes.paragraph:
        title = self.env.titles[home].astext() if home in self.env.titles else home
        sentence = str(
            _("The table of all the exercises, with their category, level and dosage, is in %s.")
        )
        before, _sep, after = sentence.partition("%s")
        paragraph = nodes.paragraph()
        paragraph += nodes.Text(before)
        reference = nodes.reference("", "", internal=True, refuri=f"{home}#{TABLE_ID}")
        reference += nodes.inline(title, title)
        paragraph += reference
        paragraph += nodes.Text(after)
        return paragraph


def printed_in(env: Any) -> str | None:
    """The document with an exercise index whose toctree includes the exercise pages."""
    domain = env.get_domain("exercise")
    exercise_pages = {docname for docname, _where in domain.pages.values()}
    for docname in sorted(domain.index_pages):
        if exercise_pages & set(env.toctree_includes.get(docname, [])):
            return str(docname)
    return None


def add_page_column(table: nodes.table) -> None:
    """A last column "Page": each row's exercise page, printed from its first link."""
    group = next(table.findall(nodes.tgroup))
    group["cols"] = int(group.get("cols", 0)) + 1
    last_spec = list(group.findall(nodes.colspec))[-1]
    group.insert(group.index(last_spec) + 1, nodes.colspec(colwidth=PAGE_COLUMN_WIDTH))
    for head in group.findall(nodes.thead):
        for row in head.findall(nodes.row):
            row += nodes.entry("", nodes.paragraph("", str(_("Page"))))
    for body in group.findall(nodes.tbody):
        for row in body.findall(nodes.row):
            paragraph = nodes.paragraph()
            link = next(row.findall(nodes.reference), None)
            if link is not None:
                link["classes"].append(NO_PAGE)
                where = {k: link[k] for k in ("refuri", "refid") if link.get(k)}
                paragraph += nodes.reference("", "", internal=True, classes=[PAGE_ONLY], **where)
            row += nodes.entry("", paragraph)
