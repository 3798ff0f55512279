"""Compiled page templates kept between builds, so each build does not compile them again.

Sphinx makes a new Jinja environment for every build, and Jinja compiles each template the first
time it is used: for sphinx-book-theme's templates that is about a tenth of a one-chapter
rebuild, paid again by every edition and every ``make`` run. Jinja can keep the compiled code in
a bytecode cache, checked against a checksum of the template's source, so an edited template is
compiled afresh. Two layers serve it: a folder beside each edition's saved environment
(``build/.doctrees/<edition>/jinja``), which a later build reads, and a dictionary in this
process, which serves the next build in the same process (the tests, ``make serve``).

The compiled code depends on the environment's Jinja extensions (Sphinx adds ``i18n`` when a
translator is set), so both layers are keyed by them too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from jinja2.bccache import Bucket, FileSystemBytecodeCache

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_IN_THIS_PROCESS: dict[tuple[str, str], tuple[str, bytes]] = {}
"""(extensions, template key) -> (source checksum, compiled bytecode), for later builds."""


class TemplateCache(FileSystemBytecodeCache):
    """Jinja's file-system bytecode cache, with an in-process layer in front of it."""

    def __init__(self, directory: Path, extensions: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory), f"{extensions or 'plain'}-%s.cache")
        self.extensions = extensions

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = _IN_THIS_PROCESS.get((self.extensions, bucket.key))
        if kept and kept[0] == bucket.checksum:
            bucket.bytecode_from_string(kept[1])
            if bucket.code is not None:
                return
        super().load_bytecode(bucket)  # Bucket checks its own checksum and Python's magic number

    def dump_bytecode(self, bucket: Bucket) -> None:
        _IN_THIS_PROCESS[(self.extensions, bucket.key)] = (
            bucket.checksum,
            bucket.bytecode_to_string(),
        )
        super().dump_bytecode(bucket)


def keep_compiled_templates(app: Sphinx) -> None:
    """Give the builder's Jinja environment the cache (HTML-format builders have one)."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not isinstance(environment, Environment) or environment.bytecode_cache is not None:
        return
    extensions = "+".join(sorted(environment.extensions))
    environment.bytecode_cache = TemplateCache(Path(app.doctreedir, "jinja"), extensions)


def setup(app: Sphinx) -> None:
    """Install the cache once the builder has made its template environment."""
    app.connect("builder-inited", keep_compiled_templates)
