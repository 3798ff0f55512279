"""The exercise model: one typed description of each exercise, shared by the book and the cards.

Exercises live in ``book/exercises/<id>.yaml``, decks (ordered selections for a class) in
``book/decks/<name>.yaml``. :func:`load_catalogue` reads and validates all of them and reports
every problem at once, each with file, line, key path and a hint. The book's ``exercise``
directive (:mod:`coursebook.exercises.pages`) and the printable cards (:mod:`coursebook.cards`)
both present an exercise through :func:`card_sections`, so labels and order are defined once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..guards.yamlsafe import DataError, KeyPath, Problem, YamlDocument, format_path, read_yaml

CATEGORIES = {
    "stretching": "Stretching",
    "strengthening": "Strengthening and core",
    "posture": "Posture and sitting",
    "breathing": "Breathing",
    "activity": "Gentle activity",
}
LEVELS = {1: "Level 1 · gentle", 2: "Level 2 · moderate", 3: "Level 3 · demanding"}
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Longest texts that fit the largest card (A6) at the smallest legible size; the cards shrink
# text to fit smaller cards and stop with a located error where even that is not enough.
MAX_CHARS = {
    "title": 40,
    "purpose": 160,
    "starting_position": 160,
    "steps": 160,
    "breathing": 160,
    "mistakes": 120,
    "cautions": 140,
    "contraindications": 140,
    "easier": 140,
    "harder": 140,
    "tags": 24,
    "dosage": 40,
    "deck_title": 60,
    "deck_description": 200,
}
LIST_SIZES = {
    "steps": (2, 6),
    "mistakes": (1, 3),
    "cautions": (1, 3),
    "contraindications": (1, 3),
    "tags": (1, 6),
}
DOSAGE_KEYS = ("hold", "repetitions", "sets", "frequency")
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
    """A key of ``references.bib`` for the guidance the dosage follows."""

    def items(self) -> list[tuple[str, str]]:
        """The dosage as (label, value) pairs, in reading order, without empty ones."""
        pairs = [
            ("Hold", self.hold),
            ("Repetitions", self.repetitions),
            ("Sets", self.sets),
            ("How often", self.frequency),
        ]
        return [(label, value) for label, value in pairs if value]


@dataclass(frozen=True)
class Exercise:
    """One exercise, as validated from its YAML file."""

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
    file: Path = field(default=Path(), compare=False)
    lines: dict[KeyPath, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

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
    """The front and back of an exercise: the single definition of labels and order."""
    dosage = tuple(f"{label}: {value}" for label, value in exercise.dosage.items())
    front = [
        Section("purpose", "Purpose", (exercise.purpose,)),
        Section("starting_position", "Starting position", (exercise.starting_position,)),
        Section("steps", "Steps", exercise.steps, numbered=True),
        Section("dosage", "Dosage", dosage),
    ]
    back = [
        Section("breathing", "Breathing", (exercise.breathing,)),
        Section("mistakes", "Common mistakes", exercise.mistakes, symbol="✘"),
        Section("cautions", "Cautions", exercise.cautions + exercise.contraindications, symbol="⚠"),
        Section("easier", "Easier", (exercise.easier,), symbol="→"),
        Section("harder", "Harder", (exercise.harder,), symbol="→"),
    ]
    return front, back


@dataclass(frozen=True)
class Catalogue:
    """Every exercise and deck of a book."""

    exercises: dict[str, Exercise]
    decks: dict[str, Deck]

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


class _Checker:
    """Validates one YAML document field by field, collecting every problem."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(self, path: KeyPath, message: str, hint: str) -> None:
        self.problems.append(
            Problem(self.doc.file, self.doc.line(path), format_path(path), message, hint)
        )

    def text(self, data: Any, path: KeyPath, limit_key: str, required: bool = True) -> str:
        if data is None or data == "":
            if required:
                self.problem(path, "is missing", "add a short, plain-language text")
            return ""
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.problem(
                path,
                f"expected text, found {type(data).__name__}",
                "write plain text after the colon",
            )
            return ""
        value = " ".join(str(data).split())
        limit = MAX_CHARS[limit_key]
        if len(value) > limit:
            self.problem(
                path,
                f"{len(value)} characters, at most {limit} fit an A6 card",
                "shorten it or split it into two items",
            )
        return value

    def text_list(
        self,
        data: Any,
        path: KeyPath,
        key: str,
        required: bool = True,
    ) -> tuple[str, ...]:
        if data is None:
            if required:
                self.problem(path, "is missing", "add a list with one item per line ('- ...')")
            return ()
        if not isinstance(data, list):
            self.problem(
                path,
                f"expected a list, found {type(data).__name__}",
                "write one item per line, each starting with '- '",
            )
            return ()
        low, high = LIST_SIZES[key]
        if not data:
            self.problem(path, "is an empty list", f"give {low} to {high} items or remove it")
        elif not low <= len(data) <= high:
            self.problem(
                path,
                f"has {len(data)} items, expected {low} to {high}",
                "keep the most useful ones: a card has room for no more",
            )
        return tuple(self.text(item, (*path, i), key) for i, item in enumerate(data))

    def unknown_keys(self, data: dict[str, Any], allowed: Collection[str], path: KeyPath) -> None:
        for key in data:
            if key not in allowed:
                close = [a for a in allowed if a.startswith(str(key)[:3])]
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else ("allowed keys: " + ", ".join(sorted(allowed)))
                )
                self.problem((*path, str(key)), "unknown key", hint)


EXERCISE_KEYS = (
    "id",
    "title",
    "category",
    "level",
    "chapter",
    "tags",
    "pictogram",
    "purpose",
    "starting_position",
    "steps",
    "dosage",
    "breathing",
    "mistakes",
    "cautions",
    "contraindications",
    "easier",
    "harder",
)


def _exercise(
    doc: YamlDocument,
    check: _Checker,
    chapter_exists: Callable[[str], bool],
    pictogram_exists: Callable[[str], bool],
    bib_keys: Collection[str],
) -> Exercise | None:
    data = doc.data
    if not isinstance(data, dict):
        check.problem(
            (), "expected a mapping of fields (key: value)", "start from an existing exercise file"
        )
        return None
    check.unknown_keys(data, EXERCISE_KEYS, ())
    exercise_id = check.text(data.get("id"), ("id",), "title")
    if exercise_id and not ID_PATTERN.fullmatch(exercise_id):
        check.problem(
            ("id",),
            f"'{exercise_id}' is not a valid id",
            "use lowercase letters, digits and single hyphens, e.g. 'cat-cow'",
        )
    category = data.get("category")
    if category not in CATEGORIES:
        check.problem(
            ("category",), f"{category!r} is not a category", "one of: " + ", ".join(CATEGORIES)
        )
    level = data.get("level")
    if level not in LEVELS or isinstance(level, bool):
        check.problem(("level",), f"{level!r} is not a level", "1, 2 or 3")
    chapter = check.text(data.get("chapter"), ("chapter",), "title")
    if chapter and not chapter_exists(chapter):
        check.problem(
            ("chapter",),
            f"no chapter '{chapter}' in the book",
            "give the chapter's path without '.md', e.g. 'chapters/care'",
        )
    pictogram = check.text(data.get("pictogram"), ("pictogram",), "title", required=False)
    if pictogram and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", pictogram):
        # A name, never a path: a path could climb out of the book ('../../secret').
        check.problem(
            ("pictogram",),
            f"'{pictogram}' is not a pictogram name",
            "give the file name in figures/pictograms/ without '.svg', e.g. 'bridge'",
        )
    elif pictogram and not pictogram_exists(pictogram):
        check.problem(
            ("pictogram",),
            f"no pictogram '{pictogram}'",
            "add figures/pictograms/<name>.svg or fix the name",
        )
    dosage = _dosage(data.get("dosage"), check, bib_keys)
    exercise = Exercise(
        id=exercise_id,
        title=check.text(data.get("title"), ("title",), "title"),
        category=str(category),
        level=level if isinstance(level, int) else 0,
        chapter=chapter,
        tags=check.text_list(data.get("tags"), ("tags",), "tags"),
        purpose=check.text(data.get("purpose"), ("purpose",), "purpose"),
        starting_position=check.text(
            data.get("starting_position"), ("starting_position",), "starting_position"
        ),
        steps=check.text_list(data.get("steps"), ("steps",), "steps"),
        dosage=dosage,
        breathing=check.text(data.get("breathing"), ("breathing",), "breathing"),
        mistakes=check.text_list(data.get("mistakes"), ("mistakes",), "mistakes"),
        cautions=check.text_list(data.get("cautions"), ("cautions",), "cautions"),
        contraindications=check.text_list(
            data.get("contraindications"),
            ("contraindications",),
            "contraindications",
            required=False,
        ),
        easier=check.text(data.get("easier"), ("easier",), "easier"),
        harder=check.text(data.get("harder"), ("harder",), "harder"),
        pictogram=pictogram,
        file=doc.file,
        lines=doc.lines,
    )
    return exercise


def _dosage(data: Any, check: _Checker, bib_keys: Collection[str]) -> Dosage:
    if not isinstance(data, dict):
        check.problem(
            ("dosage",),
            "is missing" if data is None else "expected a mapping",
            "give hold and/or repetitions, sets and frequency",
        )
        return Dosage(frequency="")
    check.unknown_keys(data, (*DOSAGE_KEYS, "source"), ("dosage",))
    values = {
        key: check.text(data.get(key), ("dosage", key), "dosage", required=False)
        for key in DOSAGE_KEYS
    }
    if not values["frequency"]:
        check.problem(("dosage", "frequency"), "is missing", "e.g. 'daily' or '3 days a week'")
    if not (values["hold"] or values["repetitions"]):
        check.problem(
            ("dosage",),
            "needs a hold time or a number of repetitions",
            "e.g. 'hold: 30 s' or 'repetitions: 8 to 12'",
        )
    source = check.text(data.get("source"), ("dosage", "source"), "title", required=False)
    if source and source not in bib_keys:
        check.problem(
            ("dosage", "source"),
            f"no reference '{source}' in references.bib",
            "use the key of a @-entry in book/references.bib",
        )
    return Dosage(source=source, **values)


def _deck(doc: YamlDocument, check: _Checker, exercise_ids: Collection[str]) -> Deck | None:
    data = doc.data
    if not isinstance(data, dict):
        check.problem(
            (), "expected a mapping with title and exercises", "start from an existing deck file"
        )
        return None
    check.unknown_keys(data, ("title", "description", "exercises"), ())
    check_ids = data.get("exercises")
    ids: list[Any] = check_ids if isinstance(check_ids, list) else []
    if not isinstance(check_ids, list) or not check_ids:
        check.problem(
            ("exercises",),
            "is missing or empty" if not check_ids else "expected a list",
            "list exercise ids, one per line ('- cat-cow')",
        )
    seen: set[str] = set()
    for index, exercise_id in enumerate(ids):
        path: KeyPath = ("exercises", index)
        if exercise_id not in exercise_ids:
            check.problem(
                path, f"no exercise '{exercise_id}'", "use an id from book/exercises/*.yaml"
            )
        elif exercise_id in seen:
            check.problem(path, f"'{exercise_id}' is listed twice", "list each exercise once")
        seen.add(str(exercise_id))
    return Deck(
        name=doc.file.stem,
        title=check.text(data.get("title"), ("title",), "deck_title"),
        description=check.text(
            data.get("description"), ("description",), "deck_description", required=False
        ),
        exercises=tuple(str(i) for i in ids),
        file=doc.file,
    )


def _read_folder(folder: Path, problems: list[Problem]) -> Iterator[YamlDocument]:
    """Every YAML file of ``folder`` that can be read; the others add to ``problems``."""
    book = folder.parent.resolve()
    for file in sorted(folder.glob("*.yaml")):
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


BIB_KEY = re.compile(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)


def load_catalogue(
    book: Path,
    chapter_exists: Callable[[str], bool] | None = None,
) -> Catalogue:
    """Read and validate every exercise and deck of ``book``; raise :class:`DataError` listing
    every problem if anything is wrong."""
    catalogue, problems = read_catalogue(book, chapter_exists)
    if problems:
        raise DataError(problems)
    return catalogue


def read_catalogue(
    book: Path,
    chapter_exists: Callable[[str], bool] | None = None,
) -> tuple[Catalogue, list[Problem]]:
    """The valid exercises and decks of ``book``, and the problems of the others."""
    if chapter_exists is None:

        def chapter_exists(docname: str) -> bool:
            return (book / f"{docname}.md").is_file()

    pictograms = book / "figures" / "pictograms"
    bib = book / "references.bib"
    bib_keys = set(BIB_KEY.findall(bib.read_text("utf-8"))) if bib.is_file() else set()
    problems: list[Problem] = []
    exercises: dict[str, Exercise] = {}
    for doc in _read_folder(book / "exercises", problems):
        file = doc.file
        check = _Checker(doc)
        exercise = _exercise(
            doc,
            check,
            chapter_exists,
            lambda name: (pictograms / f"{name}.svg").is_file(),
            bib_keys,
        )
        problems += check.problems
        if exercise and exercise.id:
            if exercise.id in exercises:
                first = exercises[exercise.id].file
                problems.append(
                    Problem(
                        file,
                        doc.line(("id",)),
                        "id",
                        f"'{exercise.id}' is already used by {first}",
                        "every exercise needs its own id",
                    )
                )
            else:
                exercises[exercise.id] = exercise
    decks: dict[str, Deck] = {}
    for doc in _read_folder(book / "decks", problems):
        check = _Checker(doc)
        deck = _deck(doc, check, exercises)
        problems += check.problems
        if deck:
            decks[deck.name] = deck
    return Catalogue(exercises, decks), problems
