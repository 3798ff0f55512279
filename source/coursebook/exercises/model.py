"""The exercise model: one typed description of each exercise, shared by the book and the cards.

Exercises live in ``book/exercises/<id>.yaml``, decks (ordered selections for a class) in
``book/decks/<name>.yaml``. :func:`load_catalogue` reads and validates all of them and reports
every problem at once, each with file, line, key path and a hint. The book's ``exercise``
directive (:mod:`coursebook.exercises.pages`) and the printable cards (:mod:`coursebook.cards`)
both present an exercise through :func:`card_sections`, so labels and order are defined once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..guards.yamlsafe import DataError, KeyPath, Problem, YamlDocument, format_path, read_yaml
from ..locale import _
from .classification import ID_PATTERN, Classification
from .fields import DECK_FIELDS, EXERCISE_FIELDS, Checker, Context
from .settings import BookSettings

PAGE_FOLDER = "exercises"
"""Each exercise's page in the book is ``exercises/<id>``: the cards' QR codes open it."""


def page_docname(exercise_id: str) -> str:
    """The document name of an exercise's page (and so its path on the website)."""
    return f"{PAGE_FOLDER}/{exercise_id}"


@dataclass(frozen=True)
class Dosage:
    """How much and how often: at least a hold time or repetitions, and a frequency."""

    frequency: str
    hold: str = ""
    repetitions: str = ""
    sets: str = ""
    source: str = ""
    """A citation key of the book's bibliography for the guidance the dosage follows."""

    def items(self) -> list[tuple[str, str]]:
        """The dosage as (label, value) pairs, in reading order, without empty ones."""
        pairs = [
            (_("Hold"), self.hold),
            (_("Repetitions"), self.repetitions),
            (_("Sets"), self.sets),
            (_("How often"), self.frequency),
        ]
        return [(str(label), value) for label, value in pairs if value]


NO_CLASSIFICATION = Classification({}, {})


@dataclass(frozen=True)
class Exercise:
    """One exercise, as validated from its YAML file (its fields: :data:`.fields.EXERCISE_FIELDS`).

    Only a valid exercise is ever made: its category and level are among the book's.
    """

    id: str
    title: str
    category: str
    level: int
    chapter: str
    tags: tuple[str, ...]
    purpose: str
    starting_position: str
    steps: tuple[str, ...]
    dosage: Dosage
    breathing: str
    mistakes: tuple[str, ...]
    cautions: tuple[str, ...]
    easier: str
    harder: str
    contraindications: tuple[str, ...] = ()
    pictogram: str = ""
    classification: Classification = field(default=NO_CLASSIFICATION, compare=False, repr=False)
    """The book's categories and levels, which give the labels and colours below."""
    file: Path = field(default=Path(), compare=False)
    lines: dict[KeyPath, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def category_label(self) -> str:
        return self.classification.categories[self.category].label

    @property
    def colour(self) -> str:
        """The category's colour, ``#RRGGBB``."""
        return self.classification.categories[self.category].colour

    @property
    def ink(self) -> str:
        """The text colour that reads on :attr:`colour`."""
        return self.classification.categories[self.category].ink

    @property
    def level_label(self) -> str:
        return self.classification.level_label(self.level)

    @property
    def level_count(self) -> int:
        """How many levels the book has (the card draws the level as dots out of this)."""
        return len(self.classification.level_numbers)

    def locate(self, path: KeyPath) -> str:
        """``file:line key.path`` of a field, for messages about it."""
        line = self.lines.get(path) or self.lines.get(path[:1], 1)
        return f"{self.file}:{line} {format_path(path)}"


@dataclass(frozen=True)
class Deck:
    """A named, ordered selection of exercises for a class."""

    name: str
    title: str
    exercises: tuple[str, ...]
    description: str = ""
    file: Path = field(default=Path(), compare=False)


@dataclass(frozen=True)
class Section:
    """One labelled block of an exercise as readers see it, on a page or a card."""

    key: str
    label: str
    items: tuple[str, ...]
    numbered: bool = False
    symbol: str = ""


def card_sections(exercise: Exercise) -> tuple[list[Section], list[Section]]:
    """The front and back of an exercise: the single definition of labels and order.

    Labels are translated here, when a page or a card is made, in the book's language.
    """
    # The colon is in the message: French sets it after a no-break space ("Maintien : 30 s").
    dosage = tuple(
        str(_("{label}: {value}")).format(label=label, value=value)
        for label, value in exercise.dosage.items()
    )
    front = [
        Section("purpose", str(_("Purpose")), (exercise.purpose,)),
        Section("starting_position", str(_("Starting position")), (exercise.starting_position,)),
        Section("steps", str(_("Steps")), exercise.steps, numbered=True),
        Section("dosage", str(_("Dosage")), dosage),
    ]
    back = [
        Section("breathing", str(_("Breathing")), (exercise.breathing,)),
        Section("mistakes", str(_("Common mistakes")), exercise.mistakes, symbol="✘"),
        Section(
            "cautions",
            str(_("Cautions")),
            exercise.cautions + exercise.contraindications,
            symbol="⚠",
        ),
        Section("easier", str(_("Easier")), (exercise.easier,), symbol="→"),
        Section("harder", str(_("Harder")), (exercise.harder,), symbol="→"),
    ]
    return front, back


@dataclass(frozen=True)
class Catalogue:
    """Every valid exercise and deck of a book, and the book's classification."""

    exercises: dict[str, Exercise]
    decks: dict[str, Deck]
    classification: Classification = NO_CLASSIFICATION
    rejected: dict[str, Path] = field(default_factory=dict)
    """Exercises left out because their files have problems, by id (and by file name): pages
    and links that name them say nothing more, the problems are reported at the files."""

    def select(
        self,
        ids: Iterable[str] = (),
        tags: Iterable[str] = (),
        levels: Iterable[int] = (),
        chapters: Iterable[str] = (),
        decks: Iterable[str] = (),
    ) -> list[Exercise]:
        """Exercises matching every given filter; decks keep their order, the rest sort by id."""
        chosen: list[str] = []
        for name in decks:
            chosen += [i for i in self.decks[name].exercises if i not in chosen]
        chosen += [i for i in ids if i not in chosen]
        pool = (
            [self.exercises[i] for i in chosen]
            if chosen
            else [self.exercises[i] for i in sorted(self.exercises)]
        )
        tag_set, level_set, chapter_set = set(tags), set(levels), set(chapters)
        return [
            e
            for e in pool
            if (not tag_set or tag_set & set(e.tags))
            and (not level_set or e.level in level_set)
            and (not chapter_set or e.chapter in chapter_set)
        ]


def suggest_exercise(name: str, exercises: dict[str, Exercise]) -> str:
    """A hint for a name that is no exercise id: the id of the exercise it most likely means.

    Authors write an exercise's title where its id belongs ("Quad set" for ``quad-set``), or
    misspell the id; both get "did you mean 'quad-set'?".
    """
    wanted = " ".join(str(name).split()).casefold()
    by_title = {" ".join(e.title.split()).casefold(): e.id for e in exercises.values()}
    by_slug = {e.id.replace("-", " "): e.id for e in exercises.values()}
    if wanted in by_title:
        return f"did you mean '{by_title[wanted]}'? '{name}' is its title; use its id"
    close = difflib.get_close_matches(str(name), list(exercises), n=1)
    close = close or [by_slug[m] for m in difflib.get_close_matches(wanted, list(by_slug), n=1)]
    close = close or [by_title[m] for m in difflib.get_close_matches(wanted, list(by_title), n=1)]
    if close:
        return f"did you mean '{close[0]}'?"
    return "use the id of a file in exercises/*.yaml"


def _exercise(doc: YamlDocument, check: Checker) -> Exercise | None:
    """The exercise of a document, or None if its file has problems (they are in ``check``)."""
    values = check.mapping(doc.data, EXERCISE_FIELDS)
    if values is not None and ID_PATTERN.fullmatch(values["id"]):
        _check_id_is_file_name(values["id"], doc.file, check)
    if values is None or check.problems:
        return None
    return Exercise(
        **{**values, "dosage": Dosage(**values["dosage"])},
        classification=check.context.classification,
        file=doc.file,
        lines=doc.lines,
    )


def _check_id_is_file_name(exercise_id: str, file: Path, check: Checker) -> None:
    """An exercise's id must be its file's name: its page, the links, decks and QR codes all
    name the exercise by one of the two, so a difference breaks them all at once."""
    if exercise_id == file.stem:
        return
    if ID_PATTERN.fullmatch(file.stem):
        hint = (
            f"an exercise's id is its file's name, {file.stem}: change the id or rename the "
            "file and its page"
        )
    else:
        hint = (
            f"an exercise's id is its file's name: rename the file to {exercise_id}.yaml "
            f"and its page to {exercise_id}.md"
        )
    check.problem(("id",), f"'{exercise_id}' is not the file's name", hint)


def _deck(
    doc: YamlDocument, check: Checker, exercises: dict[str, Exercise], rejected: dict[str, Path]
) -> Deck | None:
    values = check.mapping(doc.data, DECK_FIELDS)
    if values is None:
        return None
    seen: set[str] = set()
    for index, exercise_id in enumerate(values["exercises"]):
        path: KeyPath = ("exercises", index)
        if exercise_id in seen:
            check.problem(path, f"'{exercise_id}' is listed twice", "list each exercise once")
        elif exercise_id not in exercises and exercise_id not in rejected:
            check.problem(
                path, f"no exercise '{exercise_id}'", suggest_exercise(exercise_id, exercises)
            )
        seen.add(exercise_id)
    return Deck(
        name=doc.file.stem,
        title=values["title"],
        description=values["description"],
        exercises=values["exercises"],
        file=doc.file,
    )


DATA_SUFFIX = ".yaml"


def _read_folder(folder: Path, problems: list[Problem]) -> Iterator[YamlDocument]:
    """Every YAML file of ``folder`` that can be read; the others add to ``problems``."""
    book = folder.parent.resolve()
    for file in sorted(folder.glob("*")):
        if file.suffix.lower() in {".yml", ".yaml"} and file.suffix != DATA_SUFFIX:
            # Silently skipping a deck saved as .yml loses it from every edition and card set.
            problems.append(
                Problem(
                    file,
                    1,
                    "(top level)",
                    f"'{file.suffix}' files are not read",
                    f"rename it to {file.stem}{DATA_SUFFIX}",
                )
            )
            continue
        if file.suffix != DATA_SUFFIX:
            continue
        if not file.resolve().is_relative_to(book):  # a symlink out of the book is not read
            problems.append(
                Problem(
                    file,
                    1,
                    "(top level)",
                    f"this file is a link to {file.resolve()}, outside the book",
                    "copy the file into the book instead of linking to it",
                )
            )
            continue
        try:
            yield read_yaml(file)
        except DataError as error:
            problems += error.problems


def load_catalogue(
    book: Path,
    chapter_exists: Callable[[str], bool] | None = None,
    settings: BookSettings | None = None,
) -> Catalogue:
    """Read and validate every exercise and deck of ``book``; raise :class:`DataError` listing
    every problem if anything is wrong."""
    catalogue, problems = read_catalogue(book, chapter_exists, settings)
    if problems:
        raise DataError(problems)
    return catalogue


def read_catalogue(
    book: Path,
    chapter_exists: Callable[[str], bool] | None = None,
    settings: BookSettings | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """The valid exercises and decks of ``book``, and the problems of the others.

    ``settings`` are the book's categories, levels and bibliography (read from ``book/conf.py``
    when not given); ``chapter_exists`` tells whether a document exists (by default, whether its
    ``.md`` file does).
    """
    if chapter_exists is None:

        def chapter_exists(docname: str) -> bool:
            return (book / f"{docname}.md").is_file()

    settings = settings or BookSettings.of_book(book)
    pictograms = book / "figures" / "pictograms"
    context = Context(
        classification=settings.classification(),
        bib_keys=settings.bib_keys(book),
        bib_files=settings.bib_files,
        chapter_exists=chapter_exists,
        pictogram_exists=lambda name: (pictograms / f"{name}.svg").is_file(),
    )
    problems: list[Problem] = []
    exercises: dict[str, Exercise] = {}
    rejected: dict[str, Path] = {}
    for doc in _read_folder(book / "exercises", problems):
        check = Checker(doc, context)
        exercise = _exercise(doc, check)
        problems += check.problems
        if exercise is None:
            # By its file's name (its page's) and by its id: either may be what a page, link
            # or deck names it by.
            rejected[doc.file.stem] = doc.file
            if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                rejected[doc.data["id"]] = doc.file
        else:
            # Ids are file names, unique in the folder: no two exercises share one.
            exercises[exercise.id] = exercise
    decks: dict[str, Deck] = {}
    for doc in _read_folder(book / "decks", problems):
        check = Checker(doc, context)
        deck = _deck(doc, check, exercises, rejected)
        problems += check.problems
        if deck and not check.problems:
            decks[deck.name] = deck
    return Catalogue(exercises, decks, context.classification, rejected), problems
