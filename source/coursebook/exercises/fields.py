"""The fields of an exercise and of a deck, in one table each, and the checker that reads them.

Each :class:`Field` says what an author may write (its kind, whether it is required, how long its
text and lists may be, what else must hold) and the hint shown when it is wrong. The checker walks
a parsed YAML file through the table and collects every problem, located by file, line and key
path; :mod:`coursebook.exercises.model` builds the :class:`~.model.Exercise` from what it
returns. Adding a field means one row here and one attribute on the dataclass.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from ..guards.yamlsafe import KeyPath, Problem, YamlDocument, format_path
from .classification import ID_PATTERN, Classification
from .dosage import check_count, check_hold

Finding = tuple[str, str] | None
"""What is wrong with a value and a hint, or None."""


class Kind(enum.Enum):
    """What a field holds."""

    TEXT = "text"
    """One line of plain text (a number is read as its text)."""
    LIST = "list"
    """A list of plain texts, one per line starting with ``- ``."""
    INT = "int"
    """A whole number."""
    MAPPING = "mapping"
    """Named sub-fields, described by their own table."""


@dataclass(frozen=True)
class Context:
    """What the checks need to know about the book."""

    classification: Classification
    bib_keys: Collection[str]
    bib_files: tuple[str, ...]
    chapter_exists: Callable[[str], bool]
    pictogram_exists: Callable[[str], bool]


Check = Callable[[Any, Context], Finding]
"""A field's own rule, run on its value once the value has the right kind."""


@dataclass(frozen=True)
class Field:
    """One field an author writes, and everything its check needs."""

    name: str
    kind: Kind
    hint: str
    """What to write: shown when the field is missing or wrong, and in the README's table."""
    required: bool = True
    max_chars: int = 0
    """Longest text (of each item, for lists); the largest card (A6) fits no more."""
    items: tuple[int, int | None] = (0, None)
    """Fewest and most items of a list (None: no limit)."""
    check: Check | None = None
    fields: tuple[Field, ...] = ()
    """The sub-fields of a mapping."""


# -- the rules of single fields ----------------------------------------------------------------
def _id(value: str, context: Context) -> Finding:
    if ID_PATTERN.fullmatch(value):
        return None
    return (
        f"'{value}' is not a valid id",
        "use lowercase letters, digits and single hyphens, e.g. 'cat-cow'",
    )


def _category(value: str, context: Context) -> Finding:
    categories = context.classification.categories
    if value in categories:
        return None
    if not categories:
        return (
            f"'{value}' is not a category: the book declares none",
            "declare the book's categories in conf.py, e.g. coursebook_categories = "
            f"{{'{value}': {{'label': '{value.replace('-', ' ').capitalize()}', "
            "'colour': '#56B4E9'}}",
        )
    return (
        f"'{value}' is not a category",
        f"use {context.classification.describe_categories()}, the categories of "
        "coursebook_categories in conf.py",
    )


def _level(value: int, context: Context) -> Finding:
    if value in context.classification.level_numbers:
        return None
    return (
        f"{value} is not a level",
        f"use {context.classification.describe_levels()}, the levels of coursebook_levels in "
        "conf.py",
    )


def _chapter(value: str, context: Context) -> Finding:
    if context.chapter_exists(value):
        return None
    return (
        f"no chapter '{value}' in the book",
        "give the chapter's path without '.md', e.g. 'chapters/care'",
    )


def _pictogram(value: str, context: Context) -> Finding:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        # A name, never a path: a path could climb out of the book ('../../secret').
        return (
            f"'{value}' is not a pictogram name",
            "give the file name in figures/pictograms/ without '.svg', e.g. 'bridge'",
        )
    if not context.pictogram_exists(value):
        return f"no pictogram '{value}'", "add figures/pictograms/<name>.svg or fix the name"
    return None


def _hold(value: str, context: Context) -> Finding:
    return check_hold(value)


def _count(value: str, context: Context) -> Finding:
    return check_count(value)


def _source(value: str, context: Context) -> Finding:
    if value in context.bib_keys:
        return None
    if not context.bib_files:
        return (
            f"no reference '{value}': the book has no bibliography",
            "list the book's .bib files in bibtex_bibfiles in conf.py",
        )
    return (
        f"no reference '{value}' in {' or '.join(context.bib_files)}",
        "use the key of an @-entry in one of the book's bibtex_bibfiles (conf.py)",
    )


def _hold_or_repetitions(value: dict[str, Any], context: Context) -> Finding:
    if value.get("hold") or value.get("repetitions"):
        return None
    return (
        "needs a hold time or a number of repetitions",
        "e.g. 'hold: 30 s' or 'repetitions: 8 to 12'",
    )


# -- the tables --------------------------------------------------------------------------------
OPTIONAL = False
DOSAGE_FIELDS = (
    Field("hold", Kind.TEXT, "a time: '30 s', '20 to 30 s', '1 min', '5 breaths'",
          required=OPTIONAL, max_chars=40, check=_hold),
    Field("repetitions", Kind.TEXT, "a count: '10', '8 to 12', '2 to 4 per side'",
          required=OPTIONAL, max_chars=40, check=_count),
    Field("sets", Kind.TEXT, "a count: '2', '2 to 3'",
          required=OPTIONAL, max_chars=40, check=_count),
    Field("frequency", Kind.TEXT, "how often, e.g. 'daily' or '3 days a week'",
          max_chars=40),
    Field("source", Kind.TEXT, "the citation key of the guidance the dosage follows",
          required=OPTIONAL, max_chars=40, check=_source),
)  # fmt: skip
EXERCISE_FIELDS = (
    Field("id", Kind.TEXT, "lowercase letters, digits and hyphens: 'cat-cow' (the file's name)",
          max_chars=40, check=_id),
    Field("title", Kind.TEXT, "the exercise's name as readers see it",
          max_chars=40),
    Field("category", Kind.TEXT, "a category id from coursebook_categories",
          max_chars=40, check=_category),
    Field("level", Kind.INT, "a level number from coursebook_levels (1 to 3 by default)",
          check=_level),
    Field("chapter", Kind.TEXT, "the chapter that explains it, e.g. 'chapters/care'",
          max_chars=40, check=_chapter),
    Field("tags", Kind.LIST, "words to select cards by, e.g. [core, beginner]",
          max_chars=24, items=(1, 6)),
    Field("pictogram", Kind.TEXT, "a figure name in figures/pictograms/",
          required=OPTIONAL, max_chars=40, check=_pictogram),
    Field("purpose", Kind.TEXT, "what the exercise is for, in one sentence",
          max_chars=160),
    Field("starting_position", Kind.TEXT, "how to start",
          max_chars=160),
    Field("steps", Kind.LIST, "what to do, one step per item",
          max_chars=160, items=(2, 6)),
    Field("dosage", Kind.MAPPING, "hold and/or repetitions, sets, frequency and source",
          fields=DOSAGE_FIELDS, check=_hold_or_repetitions),
    Field("breathing", Kind.TEXT, "when to breathe in and out",
          max_chars=160),
    Field("mistakes", Kind.LIST, "common mistakes, one per item",
          max_chars=120, items=(1, 3)),
    Field("cautions", Kind.LIST, "when to stop or take care",
          max_chars=140, items=(1, 3)),
    Field("contraindications", Kind.LIST, "who should not do it",
          required=OPTIONAL, max_chars=140, items=(1, 3)),
    Field("easier", Kind.TEXT, "a gentler variation",
          max_chars=140),
    Field("harder", Kind.TEXT, "a harder variation",
          max_chars=140),
)  # fmt: skip
DECK_FIELDS = (
    Field("title", Kind.TEXT, "the deck's name, printed in the PDF's title",
          max_chars=60),
    Field("description", Kind.TEXT, "what the deck is for",
          required=OPTIONAL, max_chars=200),
    Field("exercises", Kind.LIST, "exercise ids, one per line ('- cat-cow')",
          max_chars=40, items=(1, None)),
)  # fmt: skip


def _quote_the_text(data: dict[Any, Any], path: KeyPath) -> str:
    """The hint for text that YAML read as a mapping: a colon and a space inside it
    ('- Tip: straighten up slowly.') make a key and a value, and quotes keep it text."""
    key, value = next(iter(data.items()))
    if value is None:  # '- Tip:'
        text = f"{key}:"
    else:
        text = f"{key}: {value}" if isinstance(value, str | int | float) else f"{key}: ..."
    quoted = f'"{text}"' if '"' not in text else "'" + text.replace("'", "''") + "'"
    example = f"- {quoted}" if path and isinstance(path[-1], int) else f"{path[-1]}: {quoted}"
    return (
        f"YAML reads '{key}: …' as a key and a value: put the whole text in quotes, e.g. {example}"
    )


class Checker:
    """Validates one YAML document against a table of fields, collecting every problem."""

    def __init__(self, doc: YamlDocument, context: Context) -> None:
        self.doc = doc
        self.context = context
        self.problems: list[Problem] = []

    def problem(self, path: KeyPath, message: str, hint: str) -> None:
        self.problems.append(
            Problem(self.doc.file, self.doc.line(path), format_path(path), message, hint)
        )

    def mapping(
        self, data: Any, table: tuple[Field, ...], path: KeyPath = ()
    ) -> dict[str, Any] | None:
        """The checked value of every field of ``table`` in ``data``, or None if not a mapping."""
        if not isinstance(data, dict):
            self.problem(
                path,
                "expected a mapping of fields (key: value)",
                "write 'key: value' lines, indented" if path else "start from an existing file",
            )
            return None
        self.unknown_keys(data, [field.name for field in table], path)
        return {
            field.name: self.field(field, data.get(field.name), (*path, field.name))
            for field in table
        }

    def field(self, field: Field, data: Any, path: KeyPath) -> Any:
        """The value of one field, normalised to its kind (empty if missing or wrong)."""
        value: Any
        if field.kind is Kind.TEXT:
            value = self.text(data, path, field)
        elif field.kind is Kind.LIST:
            value = self.text_list(data, path, field)
        elif field.kind is Kind.INT:
            value = self.whole_number(data, path, field)
        elif data is None:
            if field.required:
                self.problem(path, "is missing", field.hint)
            value = None
        else:
            value = self.mapping(data, field.fields, path)
        if value not in (None, "", ()) and field.check is not None:
            finding = field.check(value, self.context)
            if finding:
                self.problem(path, *finding)
        return value

    def text(self, data: Any, path: KeyPath, field: Field) -> str:
        if data is None or data == "":
            if field.required:
                self.problem(path, "is missing", field.hint)
            return ""
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            hint = (
                _quote_the_text(data, path)
                if isinstance(data, dict) and data
                else "write plain text after the colon"
            )
            self.problem(path, f"expected text, found {type(data).__name__}", hint)
            return ""
        value = " ".join(str(data).split())
        if len(value) > field.max_chars:
            self.problem(
                path,
                f"{len(value)} characters, at most {field.max_chars} fit an A6 card",
                "shorten it or split it into two items",
            )
        return value

    def text_list(self, data: Any, path: KeyPath, field: Field) -> tuple[str, ...]:
        if data is None:
            if field.required:
                self.problem(
                    path, "is missing", f"{field.hint}; a list has one item per line ('- ...')"
                )
            return ()
        if not isinstance(data, list):
            self.problem(
                path,
                f"expected a list, found {type(data).__name__}",
                "write one item per line, each starting with '- '",
            )
            return ()
        low, high = field.items
        wanted = f"{low} to {high} items" if high else f"at least {low} item{'s' * (low > 1)}"
        if not data:
            optional = "" if field.required else " or remove it"
            self.problem(path, "is an empty list", f"give {wanted}{optional}")
        elif not low <= len(data) <= (high or len(data)):
            self.problem(
                path,
                f"has {len(data)} items, expected {wanted}",
                "keep the most useful ones: a card has room for no more",
            )
        item = Field(field.name, Kind.TEXT, field.hint, max_chars=field.max_chars)
        return tuple(self.text(entry, (*path, i), item) for i, entry in enumerate(data))

    def whole_number(self, data: Any, path: KeyPath, field: Field) -> int | None:
        if data is None:
            if field.required:
                self.problem(path, "is missing", field.hint)
            return None
        if isinstance(data, bool) or not isinstance(data, int):
            self.problem(path, f"{data!r} is not a whole number", field.hint)
            return None
        return data

    def unknown_keys(self, data: dict[Any, Any], allowed: list[str], path: KeyPath) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1) or [
                    a for a in allowed if a.startswith(str(key)[:3])
                ]
                hint = (
                    f"did you mean '{close[0]}'?"
                    if close
                    else "allowed keys: " + ", ".join(sorted(allowed))
                )
                self.problem((*path, str(key)), "unknown key", hint)
