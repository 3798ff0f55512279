"""Read an author's YAML file safely, keeping the line of every value for error messages.

Data files are parsed only with PyYAML's safe loader, and before that they are screened: a file
over :data:`MAX_BYTES`, nested deeper than :data:`MAX_DEPTH`, or using anchors and aliases (the
"billion laughs" expansion) is refused with its line, before anything is built from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml's C implementation of PyYAML's safe loader, about ten times faster, when installed.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 64 * 1024
MAX_DEPTH = 8

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """``("steps", 3)`` → ``steps[3]``; ``("dosage", "hold")`` → ``dosage.hold``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located and with a hint on how to fix it."""

    file: Path
    line: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line} {self.path}: {self.message}{hint}"


class DataError(Exception):
    """The book's data has problems; every one of them is listed, each with its location."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line, p.path))
        super().__init__("\n".join(map(str, self.problems)))


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data and the line (1-based) of each key path."""

    file: Path
    data: Any
    lines: dict[KeyPath, int]

    def line(self, path: KeyPath) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def _screen(file: Path, text: str) -> list[Problem]:
    """Refuse what safe_load would accept but must not be expanded: aliases, deep nesting."""
    depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return [
                Problem(
                    file,
                    line,
                    "(top level)",
                    "anchors and aliases (& and *) are not allowed in book data",
                    "write each value out in full",
                )
            ]
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return [
                    Problem(
                        file,
                        line,
                        "(top level)",
                        f"nested deeper than {MAX_DEPTH} levels",
                        "exercise and deck files are flat lists and mappings",
                    )
                ]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return []


def _index_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            lines[child] = key.start_mark.line + 1
            _index_lines(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines)


def read_yaml(file: Path) -> YamlDocument:
    """Parse ``file`` safely; raise :class:`DataError` with its location if it cannot be read."""
    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DataError(
            [
                Problem(
                    file,
                    1,
                    "(top level)",
                    f"file is {len(raw)} bytes, more than {MAX_BYTES}",
                    "one exercise or deck per file",
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            [
                Problem(
                    file,
                    line,
                    "(top level)",
                    f"not valid UTF-8 ({error.reason})",
                    "save the file as UTF-8",
                )
            ]
        ) from None
    try:
        problems = _screen(file, text)
        if problems:
            raise DataError(problems)
        # What yaml.safe_load does, keeping the node tree for the line numbers.
        loader = SAFE_LOADER(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise DataError(
            [
                Problem(
                    file,
                    line,
                    "(top level)",
                    f"YAML syntax error: {error.problem}",
                    "check the indentation and quote text that contains ': '",
                )
            ]
        ) from None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return YamlDocument(file, data, lines)
