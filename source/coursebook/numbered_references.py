"""``{numref}`` resolved with each target document read once per build, not once per reference.

To number a reference, Sphinx's standard domain needs the target node (is it a figure, a table, a
section?) and reads it from the target document's saved doctree: it unpickles the whole document
for every ``{numref}`` (sphinx-doc/sphinx#12883, open). The course has 8, the book five times
over 40: 40 documents unpickled while resolving, about 7 % of reading it.

:class:`StandardDomain` is Sphinx's own domain, registered in its place (``add_domain(...,
override=True)``); for ``numref`` it hands Sphinx's resolver a view of the environment that
unpickles each document once and answers the next look-up from memory. The resolver only looks
nodes up in that doctree, so sharing one copy changes nothing in the output. Documents read
again (an incremental build in the same process) are forgotten before they are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sphinx.domains.std import StandardDomain as SphinxStandardDomain

if TYPE_CHECKING:
    from collections.abc import Iterable

    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class DoctreesReadOnce:
    """The build environment, whose :meth:`get_doctree` unpickles each document only once.

    Only for look-ups: the doctrees it returns are shared, so nothing may change them.
    """

    def __init__(self, env: BuildEnvironment, kept: dict[str, nodes.document]) -> None:
        self._env = env
        self._kept = kept

    def get_doctree(self, docname: str) -> nodes.document:
        """The saved doctree of ``docname``, read the first time it is asked for."""
        if docname not in self._kept:
            self._kept[docname] = self._env.get_doctree(docname)
        return self._kept[docname]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._env, name)


class StandardDomain(SphinxStandardDomain):
    """Sphinx's standard domain, reading each ``{numref}`` target document once per build."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        self.numref_doctrees: dict[str, nodes.document] = {}

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Resolve as Sphinx does; a ``numref`` reads its target document from memory."""
        if typ == "numref":
            env = cast("BuildEnvironment", DoctreesReadOnce(env, self.numref_doctrees))
        return super().resolve_xref(env, fromdocname, builder, typ, target, node, contnode)


def forget_doctrees(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Drop the kept doctrees before documents are read again: they may change."""
    domain = env.domains.standard_domain
    if isinstance(domain, StandardDomain):
        domain.numref_doctrees.clear()


def setup(app: Sphinx) -> None:
    """Put the domain in place of Sphinx's own."""
    app.add_domain(StandardDomain, override=True)
    app.connect("env-before-read-docs", forget_doctrees)
