"""Facts noted about each document as it is read, kept in the build environment.

Several parts of the pipeline look at a document once, when Sphinx reads it, and keep what they
found instead of unpickling every saved doctree later: the ePub's accessibility facts and
landmarks, the outline figure numbers are assigned from. Each fact lives in the environment
(so an incremental build keeps the notes of unchanged documents), is forgotten when its document
is read again, and is merged from the processes of a parallel read. :class:`DocumentNotes` does
that bookkeeping once for all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

Note = TypeVar("Note")


class DocumentNotes(Generic[Note]):
    """Docname -> one kind of note, stored on the environment under ``attribute``."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def of(self, env: BuildEnvironment) -> dict[str, Note]:
        """The notes kept in ``env`` (a dict that may be changed in place)."""
        if not hasattr(env, self.attribute):
            setattr(env, self.attribute, {})
        notes: dict[str, Note] = getattr(env, self.attribute)
        return notes

    def _forget(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.of(env).pop(docname, None)

    def _merge(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        for docname in docnames:
            if docname in self.of(other):
                self.of(env)[docname] = self.of(other)[docname]

    def connect(self, app: Sphinx) -> None:
        """Forget a document's note when it is read again; merge parallel readers' notes."""
        app.connect("env-purge-doc", self._forget)
        app.connect("env-merge-info", self._merge)
