"""The exercises in the book: an ``exercise`` directive, an ``exercise-index`` and a role.

``:::{exercise} cat-cow`` renders one exercise from its YAML file (through the same
:func:`coursebook.exercises.model.card_sections` as the cards), ``:::{exercise-index}`` a table of
all of them, and ``{exercise}`cat-cow``` links to one by id. The catalogue is read once per build;
data problems become located warnings (``file:line``), which ``-W`` turns into a failed build. Which
page shows which exercise is kept in a Domain, so parallel reads merge correctly.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..guards.svgcheck import svg_description
from ..locale import _
from ..warnings_ import CoursebookWarning, warn
from .model import (
    Catalogue,
    Exercise,
    Section,
    card_sections,
    page_docname,
    read_catalogue,
    suggest_exercise,
)
from .settings import BookSettings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def anchor(exercise_id: str) -> str:
    return f"exercise-{exercise_id}"


def _catalogue(env: BuildEnvironment) -> Catalogue:
    catalogue: Catalogue = getattr(env, "coursebook_catalogue", Catalogue({}, {}))
    return catalogue


def load_exercises(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read the catalogue before any document, reporting each problem at its file and line."""
    catalogue, problems = read_catalogue(
        Path(app.srcdir), lambda d: d in env.found_docs, BookSettings.from_config(app.config)
    )
    for problem in problems:
        hint = f" (hint: {problem.hint})" if problem.hint else ""
        warn(
            logger,
            CoursebookWarning.EXERCISE,
            "%s: %s%s",
            problem.path,
            problem.message,
            hint,
            location=f"{problem.file}:{problem.line}",
        )
    previous = _catalogue(env)
    env.coursebook_catalogue = catalogue  # type: ignore[attr-defined]
    # Pages depend on their exercise's file (noted by the directive); an index must also be
    # re-read when exercises are added or removed.
    if set(previous.exercises) != set(catalogue.exercises):
        domain = env.get_domain("exercise")
        assert isinstance(domain, ExerciseDomain)
        docnames += [d for d in domain.index_pages if d not in docnames]


def _badge(text: str, colour: str) -> nodes.inline:
    # sphinx-design's badge classes, so the badge looks the same as the authors' own badges.
    return nodes.inline(
        text,
        text,
        classes=["sd-sphinx-override", "sd-badge", f"sd-bg-{colour}", f"sd-bg-text-{colour}"],
    )


def _items(section: Section) -> nodes.Element:
    if len(section.items) == 1 and not section.numbered:
        return nodes.paragraph(section.items[0], section.items[0])
    items = [nodes.list_item("", nodes.paragraph(text, text)) for text in section.items]
    if section.numbered:
        return nodes.enumerated_list("", *items, enumtype="arabic", prefix="", suffix=".")
    return nodes.bullet_list("", *items, bullet="-")


class ExerciseDirective(SphinxDirective):
    """Render one exercise, by id, as a section of the page."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        exercise_id = self.arguments[0]
        catalogue = _catalogue(self.env)
        exercise = catalogue.exercises.get(exercise_id)
        if exercise is None and exercise_id in catalogue.rejected:
            # Its file's problems are reported at the file and fail the build; a titled stub
            # keeps the page from adding follow-on warnings (a toctree entry with no title),
            # and the page is read again once the file changes.
            self.env.note_dependency(str(catalogue.rejected[exercise_id]))
            stub = nodes.section(ids=[anchor(exercise_id)], names=[anchor(exercise_id)])
            stub += nodes.title(exercise_id, exercise_id)
            return [stub]
        if exercise is None:
            warn(
                logger,
                CoursebookWarning.EXERCISE,
                "unknown exercise '%s' (hint: %s)",
                exercise_id,
                suggest_exercise(exercise_id, _catalogue(self.env).exercises),
                location=self.get_location(),
            )
            return []
        self.env.note_dependency(str(exercise.file))
        domain = self.env.get_domain("exercise")
        assert isinstance(domain, ExerciseDomain)
        domain.note_page(exercise_id, self.env.docname, self.get_location())
        return [self.render(exercise)]

    def render(self, exercise: Exercise) -> nodes.section:
        section = nodes.section(
            ids=[anchor(exercise.id)], names=[anchor(exercise.id)], classes=["cb-exercise"]
        )
        section += nodes.title(exercise.title, exercise.title)
        badges = nodes.paragraph(classes=["cb-exercise-badges"])
        badges += [
            _badge(exercise.category_label, "primary"),
            nodes.Text(" "),
            _badge(exercise.level_label, "secondary"),
        ]
        section += badges
        if exercise.pictogram:
            uri = f"/figures/pictograms/{exercise.pictogram}.svg"
            alt = svg_description(Path(self.env.srcdir, uri.lstrip("/"))) or exercise.title
            section += nodes.image(uri=uri, alt=alt, classes=["cb-exercise-pictogram"])
        front, back = card_sections(exercise)
        for face, block in [("front", b) for b in front] + [("back", b) for b in back]:
            key = block.key.replace("_", "-")
            part = nodes.section(
                ids=[f"{anchor(exercise.id)}-{key}"],
                # The face lets print editions set the page like its card: front beside back.
                classes=["cb-exercise-part", f"cb-exercise-{key}", f"cb-exercise-{face}"],
            )
            part += nodes.title(block.label, block.label)
            part += _items(block)
            if block.key == "dosage" and exercise.dosage.source:
                # A foot-citation and its note, so the page stands alone in every edition.
                citation = f"{{footcite:p}}`{exercise.dosage.source}`"
                sentence = str(_("Dosage follows {citation}.")).format(citation=citation)
                part += self.parse_text_to_nodes(f"{sentence}\n\n```{{footbibliography}}\n```\n")
            section += part
        chapter = nodes.paragraph(classes=["cb-exercise-chapter"])
        chapter += nodes.Text(str(_("Explained in:")) + " ")
        chapter += addnodes.pending_xref(
            "",
            nodes.inline("", exercise.chapter),
            refdomain="std",
            reftype="doc",
            reftarget="/" + exercise.chapter,
            refexplicit=False,
            refdoc=self.env.docname,
            refwarn=True,
        )
        section += chapter
        return section


class ExerciseIndexDirective(SphinxDirective):
    """A table of every exercise: name (linked), category, level and dosage."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        catalogue = _catalogue(self.env)
        for exercise in catalogue.exercises.values():
            self.env.note_dependency(str(exercise.file))
        domain = self.env.get_domain("exercise")
        assert isinstance(domain, ExerciseDomain)
        domain.index_pages.add(self.env.docname)
        headers = tuple(
            str(label) for label in (_("Exercise"), _("Category"), _("Level"), _("Dosage"))
        )
        table = nodes.table(classes=["cb-exercise-index"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        group += [nodes.colspec(colwidth=w) for w in (34, 22, 12, 32)]
        group += nodes.thead("", self._row(headers))
        body = nodes.tbody()
        categories = list(catalogue.classification.categories)
        order = sorted(
            catalogue.exercises.values(),
            key=lambda e: (categories.index(e.category), e.level, e.title),
        )
        for exercise in order:
            link = addnodes.pending_xref(
                "",
                nodes.inline(exercise.title, exercise.title),
                refdomain="exercise",
                reftype="exercise",
                reftarget=exercise.id,
                refexplicit=True,
                refdoc=self.env.docname,
                refwarn=True,
            )
            dosage = "; ".join(value for _label, value in exercise.dosage.items())
            body += self._row((link, exercise.category_label, str(exercise.level), dosage))
        group += body
        return [table]

    @staticmethod
    def _row(cells: Iterable[str | nodes.Node]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            content = cell if isinstance(cell, nodes.Node) else nodes.Text(cell)
            row += nodes.entry("", nodes.paragraph("", "", content))
        return row


class ExerciseDomain(Domain):
    """Where each exercise is shown, for links (``{exercise}`id```) and the pages check."""

    name = "exercise"
    label = "Exercise"
    roles: ClassVar[dict[str, Any]] = {"exercise": XRefRole()}  # {exercise:exercise}`id`
    initial_data: ClassVar[dict[str, Any]] = {"pages": {}, "index_pages": set()}

    @property
    def pages(self) -> dict[str, tuple[str, str]]:
        """Exercise id → (docname, location of the directive)."""
        pages: dict[str, tuple[str, str]] = self.data["pages"]
        return pages

    @property
    def index_pages(self) -> set[str]:
        """Documents with an exercise index."""
        index_pages: set[str] = self.data["index_pages"]
        return index_pages

    def note_page(self, exercise_id: str, docname: str, location: str) -> None:
        if exercise_id in self.pages and self.pages[exercise_id][0] != docname:
            warn(
                logger,
                CoursebookWarning.EXERCISE,
                "exercise '%s' is already shown on %s (hint: show each exercise "
                "once, on its own page)",
                exercise_id,
                self.pages[exercise_id][0],
                location=location,
            )
        self.pages[exercise_id] = (docname, location)

    def clear_doc(self, docname: str) -> None:
        self.index_pages.discard(docname)
        for exercise_id, (page, _location) in list(self.pages.items()):
            if page == docname:
                del self.pages[exercise_id]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.index_pages.update(otherdata["index_pages"] & set(docnames))
        for exercise_id, (page, location) in otherdata["pages"].items():
            if page in docnames:
                self.pages[exercise_id] = (page, location)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        exercise = _catalogue(env).exercises.get(target)
        if target not in self.pages or exercise is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(exercise.title, exercise.title)
        return make_refnode(
            builder, fromdocname, self.pages[target][0], anchor(target), contnode, exercise.title
        )

    def check_consistency(self) -> None:
        for exercise_id, exercise in _catalogue(self.env).exercises.items():
            page = self.pages.get(exercise_id, ("", ""))[0]
            if page != page_docname(exercise_id):
                warn(
                    logger,
                    CoursebookWarning.EXERCISE,
                    "exercise '%s' has no page %s.md (hint: create it with the two "
                    "lines ':::{exercise} %s' and ':::'; its card's QR code opens it)",
                    exercise_id,
                    page_docname(exercise_id),
                    exercise_id,
                    location=f"{exercise.file}:1",
                )


class ExerciseRole(XRefRole):
    """``{exercise}`id```: a link to an exercise, titled with the exercise's name."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # A role registered without a domain prefix resolves in no domain; route it to ours.
        self.name = "exercise:exercise"
        return super().run()


def warn_unknown_exercise(app: Sphinx, domain: Domain, node: addnodes.pending_xref) -> bool:
    """Replace Sphinx's generic 'target not found' with a message that suggests an id."""
    if domain.name != "exercise":
        return False
    target = node["reftarget"]
    catalogue = _catalogue(app.env)
    if target in catalogue.rejected:  # its file's problems are already reported
        return True
    if target in catalogue.exercises:  # the exercise exists: its page does not
        problem = f"link to exercise '{target}', which has no page"
        hint = f"add exercises/{target}.md holding an {{exercise}} directive for it"
    else:
        problem, hint = (
            f"link to unknown exercise '{target}'",
            suggest_exercise(target, catalogue.exercises),
        )
    warn(
        logger,
        CoursebookWarning.EXERCISE,
        "%s (hint: %s)",
        problem,
        hint,
        location=node,
    )
    return True


def setup(app: Sphinx) -> None:
    """Register the directives, the role, its domain and the catalogue loader."""
    app.add_domain(ExerciseDomain)
    app.add_role("exercise", ExerciseRole())
    app.add_directive("exercise", ExerciseDirective)
    app.add_directive("exercise-index", ExerciseIndexDirective)
    app.connect("env-before-read-docs", load_exercises)
    app.connect("warn-missing-reference", warn_unknown_exercise)
