"""What the exercise model needs from the book's ``conf.py``, inside Sphinx or without it.

The website and ePub/PDF builds take the settings from Sphinx's configuration, which
:mod:`coursebook.config` has already checked; the card printer reads ``conf.py`` itself and checks
the same settings with the same validators, so both report a mistake in the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..bibliography import ENTRY
from .classification import Classification

if TYPE_CHECKING:
    from sphinx.config import Config

NOT_ENTRIES = {"comment", "string", "preamble"}
"""BibTeX commands written like entries, whose 'keys' cannot be cited."""


@dataclass(frozen=True)
class BookSettings:
    """The book's categories, levels and bibliography files."""

    categories: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    levels: Mapping[int, str] = field(default_factory=dict)
    bib_files: tuple[str, ...] = ()
    """``bibtex_bibfiles``: paths relative to the book folder."""

    @classmethod
    def from_config(cls, config: Config) -> BookSettings:
        """The settings of a Sphinx configuration (already validated at ``config-inited``)."""
        bib_files = getattr(config, "bibtex_bibfiles", [])
        return cls(
            config.coursebook_categories, config.coursebook_levels, tuple(map(str, bib_files))
        )

    @classmethod
    def from_namespace(cls, namespace: Mapping[str, Any], conf_py: Path) -> BookSettings:
        """The settings of an evaluated ``conf.py``; raise Sphinx's ``ConfigError`` if invalid."""
        from sphinx.errors import ConfigError

        from ..config import PREFIX, default_of, located_problems

        names = ("categories", "levels")
        values = {name: namespace.get(PREFIX + name, default_of(name)) for name in names}
        problems = located_problems(values, conf_py, names)
        if problems:
            raise ConfigError("invalid coursebook settings:\n" + "\n".join(problems))
        bib_files = namespace.get("bibtex_bibfiles", [])
        return cls(values["categories"], values["levels"], tuple(map(str, bib_files)))

    @classmethod
    def of_book(cls, book: Path) -> BookSettings:
        """The settings in ``book/conf.py`` (the defaults if it has none)."""
        conf_py = book / "conf.py"
        if not conf_py.is_file():
            return cls()
        return cls.from_namespace(read_conf_py(book), conf_py)

    def classification(self) -> Classification:
        return Classification.from_settings(self.categories, self.levels)

    def bib_keys(self, book: Path) -> set[str]:
        """Every citable key in the book's bibliography files."""
        keys: set[str] = set()
        for name in self.bib_files:
            path = book / name
            if path.is_file():
                text = path.read_text("utf-8", errors="replace")
                keys |= {m[2] for m in ENTRY.finditer(text) if m[1].lower() not in NOT_ENTRIES}
        return keys


def read_conf_py(book: Path) -> dict[str, Any]:
    """The names ``book/conf.py`` defines, evaluated as Sphinx does."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return eval_config_file((book / "conf.py").resolve(), Tags())
