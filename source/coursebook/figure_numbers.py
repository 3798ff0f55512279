"""Figure numbers assigned from an outline noted while reading, not from every saved doctree.

With ``numfig``, Sphinx's toctree collector numbers figures, tables and code blocks after each
read (``assign_figure_numbers``) by walking every document of the book from the root, and it
unpickles each document's saved doctree to do so (sphinx-doc/sphinx#12883): for the book five
times over, 46 doctrees and about 7 % of a PDF build, whichever documents changed.

What that walk needs is small: the sections (their ids), the toctrees (their entries) and the
numbered elements (their type and first id), in document order. :func:`note_outline` keeps that
outline as each document is read (after every other ``doctree-read`` handler, so the doctree is
the one Sphinx saves), and :func:`assign_figure_numbers` is Sphinx's own walk over it. A
document read before this module noted outlines (an environment from an older build) is walked
from its saved doctree, as Sphinx does. ``tests/test_reading_caches.py`` compares the numbers
with Sphinx's own on the test books.
"""

from __future__ import annotations

import re
import types
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.environment.collectors.toctree import TocTreeCollector

from .document_notes import DocumentNotes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

URL = re.compile(r"(?P<schema>.+)://.*")
"""Toctree entries Sphinx's walk leaves alone (``sphinx.util.url_re``)."""

Section = tuple[str, str, list["Item"]]
"""``("section", first id, items)``."""
Toctree = tuple[str, list[str]]
"""``("toctree", documents)``."""
Numbered = tuple[str, str | None, str | None, list["Item"]]
"""``("element", figure type or None, first id or None, items)``: a numbered element, or one
that holds numbered elements or toctrees."""
Item = Section | Toctree | Numbered


def figure_type(env: BuildEnvironment, node: nodes.Element) -> str | None:
    """The numbered type of ``node`` (``figure``, ``table``, ``code-block``…), as Sphinx's
    walk decides it: a standard-domain element counts only with a caption."""
    for domain in env.domains.sorted():
        figtype = domain.get_enumerable_node_type(node)
        if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
            continue
        if figtype:
            return figtype
    return None


def outline(env: BuildEnvironment, element: nodes.Element) -> list[Item]:
    """What Sphinx's figure numbering walks in ``element``, in order."""
    items: list[Item] = []
    for child in element.children:
        if isinstance(child, nodes.section):
            items.append(("section", child["ids"][0] if child["ids"] else "", outline(env, child)))
        elif isinstance(child, addnodes.toctree):
            items.append(("toctree", [str(ref) for _title, ref in child["entries"]]))
        elif isinstance(child, nodes.Element):
            figtype = figure_type(env, child)
            inner = outline(env, child)
            if (figtype and child["ids"]) or inner:
                first_id = child["ids"][0] if child["ids"] else None
                items.append(("element", figtype, first_id, inner))
    return items


OUTLINES: DocumentNotes[list[Item]] = DocumentNotes("coursebook_figure_outlines")


def note_outline(app: Sphinx, doctree: nodes.document) -> None:
    """Keep what the figure numbering walks in the document just read."""
    if app.config.numfig:
        OUTLINES.of(app.env)[app.env.current_document.docname] = outline(app.env, doctree)


def assign_figure_numbers(collector: TocTreeCollector, env: BuildEnvironment) -> list[str]:
    """Sphinx's ``TocTreeCollector.assign_figure_numbers`` (8.x), walking the noted outlines."""
    generated = frozenset(env.domains.standard_domain._virtual_doc_names)
    noted = OUTLINES.of(env)
    rewrite_needed: list[str] = []
    assigned: set[str] = set()
    old_fignumbers = env.toc_fignumbers
    env.toc_fignumbers = {}
    counters: dict[str, dict[tuple[int, ...], int]] = {}

    def section_number(docname: str, first_id: str) -> tuple[int, ...]:
        secnumbers = env.toc_secnumbers.get(docname, {})
        anchor = "#" + first_id
        secnum = secnumbers.get(anchor) if anchor in secnumbers else secnumbers.get("")
        return secnum or ()

    def register(docname: str, secnum: tuple[int, ...], figtype: str, first_id: str) -> None:
        counter = counters.setdefault(figtype, {})
        secnum = secnum[: env.config.numfig_secnum_depth]
        counter[secnum] = counter.get(secnum, 0) + 1
        fignumbers = env.toc_fignumbers.setdefault(docname, {}).setdefault(figtype, {})
        fignumbers[first_id] = (*secnum, counter[secnum])

    def walk(docname: str, items: list[Item], secnum: tuple[int, ...]) -> None:
        for item in items:
            if item[0] == "section":
                _, first_id, inner = item  # type: ignore[misc]
                walk(docname, inner, section_number(docname, first_id) or secnum)
            elif item[0] == "toctree":
                for subdocname in item[1]:  # type: ignore[union-attr]
                    if URL.match(subdocname) or subdocname == "self" or subdocname in generated:
                        continue
                    walk_document(subdocname, secnum)
            else:
                _, figtype, first_id, inner = item  # type: ignore[misc]
                if figtype and first_id:
                    register(docname, secnum, figtype, first_id)
                walk(docname, inner, secnum)

    def walk_document(docname: str, secnum: tuple[int, ...]) -> None:
        if docname in assigned:
            return
        assigned.add(docname)
        items = noted.get(docname)
        if items is None:  # read by a build before this module: as Sphinx does
            items = outline(env, env.get_doctree(docname))
        walk(docname, items, secnum)

    if env.config.numfig:
        walk_document(env.config.root_doc, ())
        for docname, fignums in env.toc_fignumbers.items():
            if fignums != old_fignumbers.get(docname):
                rewrite_needed.append(docname)
    return rewrite_needed


def use_noted_outlines(app: Sphinx) -> None:
    """Make Sphinx's toctree collector number figures from the noted outlines.

    Sphinx registers its collector before any extension, and its other work (the tocs, section
    numbers) must keep its place among the ``doctree-read`` handlers, so the collector stays and
    only its figure numbering is replaced, on the instance."""
    for listener in app.events.listeners.get("env-get-updated", []):
        collector = getattr(listener.handler, "__self__", None)
        if isinstance(collector, TocTreeCollector):
            collector.assign_figure_numbers = types.MethodType(  # type: ignore[method-assign]
                assign_figure_numbers, collector
            )


def setup(app: Sphinx) -> None:
    """Note each document's outline once it is read, and number figures from the outlines."""
    app.connect("doctree-read", note_outline, priority=950)
    OUTLINES.connect(app)
    use_noted_outlines(app)
