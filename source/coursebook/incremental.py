"""Incremental builds that equal clean builds.

Sphinx rewrites only the pages whose sources changed, keeps every file it ever wrote, and reads
changed documents one at a time. Each of these made an incremental build differ from a clean one,
and each has its repair here:

* **Navigation and link texts went stale.** Every page shows other documents: the sidebar and
  the previous/next links (the toctrees and titles), and the text and target of each
  cross-reference (labels, terms, citations, exercises). When that shared information changes,
  :func:`rewrite_when_shared_data_changed` has every page written again; edits that change only
  one page's body still rewrite just that page.
* **Files of removed documents stayed.** A removed chapter's page, its source copy, or an image
  no page uses any more stayed in the output (and went into the ePub). The outputs that belong
  to documents, images and downloads are listed in a manifest in the output folder, and
  :func:`remove_stale_outputs` deletes those that the current book no longer has.
* **An old-named ePub was packed into the new one** after ``coursebook_basename`` changed
  ("unknown mimetype for book.epub"): :func:`forget_previous_edition_file`.
* **A second build in one process differed from the first**, because themes append to default
  settings that every build shares: :func:`copy_shared_defaults`.
* **Search lost the index entries** (glossary terms) of every page an incremental build did not
  write: Sphinx keeps them in the environment, but fills them while writing, after it has saved
  the environment, and does not read them back from the previous ``searchindex.js``.
  :func:`save_what_the_writers_added` saves the environment again once a build has succeeded,
  and :func:`forget_index_entries` drops a removed or changed page's entries before it is read.
* **The search index kept the words of removed text**, each with an empty list of pages
  (Sphinx's ``IndexBuilder.prune`` empties the lists but keeps the words):
  :func:`drop_words_no_page_uses` removes them before the index is written.
* **Reading order mattered.** Sphinx's serial reader clears each changed document just before
  reading it, so a label moved from ``b.md`` to ``a.md`` was reported as a duplicate (``a`` is
  read while ``b`` still holds it); a clean build, and Sphinx's parallel reader, accept it.
  :func:`clear_before_reading` clears every changed document first, as the parallel reader does.

An environment left by a *failed* build can hold data a clean build would not have (a
duplicate label that replaced the original's entry); :mod:`coursebook.cli` therefore keeps the
environment of the last successful build and returns to it after a failure.
"""

from __future__ import annotations

import copy
import hashlib
import json
import pickle
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .editions.publish import OUTPUTS_MANIFEST, discard_previous_output

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

# Domain data that only one page shows, which Sphinx already rewrites when that page changes:
# index entries appear on the general index, which is written on every build.
_PAGE_LOCAL_DOMAINS = frozenset({"index"})


def canonical_form(value: Any, inside: frozenset[int] = frozenset()) -> Any:
    """A form of ``value`` that compares, and prints, the same in every process.

    Sets and dicts are sorted; an object without a ``repr`` of its own (which would print its
    address) is taken by its attributes, so bibliography data compares by content.
    """
    if isinstance(value, dict):
        items = ((canonical_form(k, inside), canonical_form(v, inside)) for k, v in value.items())
        return tuple(sorted(items, key=repr))
    if isinstance(value, (set, frozenset)):
        return tuple(sorted((canonical_form(v, inside) for v in value), key=repr))
    if isinstance(value, (list, tuple)):
        return tuple(canonical_form(v, inside) for v in value)
    if isinstance(value, nodes.Node):
        return value.pformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    prints_its_address = getattr(type(value), "__repr__", None) is object.__repr__
    if prints_its_address and id(value) not in inside:
        return (type(value).__qualname__, canonical_form(_attributes(value), inside | {id(value)}))
    return str(value)  # translated labels, paths, bibliography entries


def _attributes(value: object) -> dict[str, Any]:
    if hasattr(value, "__dict__"):
        return dict(vars(value))
    slots = (slot for cls in type(value).__mro__ for slot in getattr(cls, "__slots__", ()))
    return {slot: getattr(value, slot, None) for slot in slots}


def shared_data_fingerprint(env: BuildEnvironment) -> str:
    """A digest of what every page may show of other documents.

    That is the book's toctrees, each document's title and sections (the sidebar, the
    previous/next links, the ePub's navigation) and the data of every domain (labels, terms,
    citations, exercises: the text and target of cross-references).
    """
    shared = {
        "toctrees": env.toctree_includes,
        "titles": {doc: title.astext() for doc, title in env.titles.items()},
        "sections": env.tocs,
        "domains": {
            name: {key: value for key, value in data.items() if key != "version"}
            for name, data in env.domaindata.items()
            if name not in _PAGE_LOCAL_DOMAINS
        },
    }
    return hashlib.sha256(repr(canonical_form(shared)).encode()).hexdigest()


def rewrite_when_shared_data_changed(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Write every page again when what pages show of one another changed (``env-get-updated``)."""
    fingerprint = shared_data_fingerprint(env)
    previous = getattr(env, "coursebook_shared_data", None)
    env.coursebook_shared_data = fingerprint  # type: ignore[attr-defined]  # pickled with env
    if fingerprint == previous:
        return []
    return sorted(env.found_docs)


def document_outputs(builder: Builder, env: BuildEnvironment) -> set[str]:
    """The files in the output folder that exist because a document, image or download does.

    Paths are relative to the output folder. The PDF's builder writes one page for the whole
    book, so the per-document names are never written there, and deleting them does nothing.
    """
    outdir = Path(builder.outdir)
    outputs: set[str] = set()
    get_outfilename = getattr(builder, "get_outfilename", None)
    sourcelink_suffix = getattr(builder.config, "html_sourcelink_suffix", "")
    for docname in env.found_docs:
        if get_outfilename is not None:
            outputs.add(Path(get_outfilename(docname)).relative_to(outdir).as_posix())
        # The copy of the source that the website links to, e.g. _sources/chapters/a.md.txt.
        source_suffix = str(env.doc2path(docname, False))[len(docname) :]
        outputs.add(f"_sources/{docname}{source_suffix}{sourcelink_suffix}")
    imagedir = getattr(builder, "imagedir", "_images")
    outputs.update(f"{imagedir}/{name}" for _, name in env.images.values())
    outputs.update(f"_downloads/{dest}" for _, dest in env.dlfiles.values())
    return outputs


def remove_stale_outputs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Delete the outputs of documents, images and downloads the book no longer has.

    Runs on ``env-get-updated``, after reading and before writing, and returns no documents.
    Only files listed in the previous build's manifest are deleted: an output folder may hold
    files of the author's own (a ``.git``), which are never touched.
    """
    outdir = Path(app.builder.outdir)
    manifest = outdir / OUTPUTS_MANIFEST
    current = document_outputs(app.builder, env)
    try:
        previous = set(json.loads(manifest.read_text("utf-8")))
    except (OSError, ValueError):
        previous = set()
    for stale in sorted(previous - current):
        path = outdir / stale
        if outdir.resolve() in path.resolve().parents:  # a manifest never names anything outside
            path.unlink(missing_ok=True)
            _remove_empty_parents(path.parent, outdir)
    if current != previous or not manifest.is_file():
        outdir.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps(sorted(current), indent=0), "utf-8")
    return []


def _remove_empty_parents(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def clear_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Clear every document about to be read before reading the first (``env-before-read-docs``).

    Sphinx's parallel reader does so; its serial reader clears each document only just before
    reading it, which reports a label moved between documents as a duplicate.
    """
    for docname in docnames:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)


def forget_previous_edition_file(app: Sphinx) -> None:
    """Delete the ePub or PDF the previous build left in the output folder (``builder-inited``).

    The builder writes a new one; an old one under another name (after ``coursebook_basename``
    changed) would otherwise stay, and Sphinx's ePub builder would pack it into the new ePub
    ("unknown mimetype for book.epub").
    """
    discard_previous_output(Path(app.builder.outdir))


def copy_shared_defaults(app: Sphinx, config: Config) -> None:
    """Give this build its own copy of every list, dict or set setting (``config-inited``).

    An unset setting's value is its default object, shared by every build in the process, and
    themes append to some of them (``templates_path``): the next build in the same process then
    saw a changed configuration and wrote every page, hiding what an incremental build misses.
    """
    for setting in config:
        if isinstance(setting.value, (list, dict, set)):
            setattr(config, setting.name, copy.copy(setting.value))


def keep_manifest_out_of_epub(app: Sphinx, config: Config) -> None:
    """The manifest is a note for the next build, not part of the book."""
    config.epub_exclude_files = [*config.epub_exclude_files, OUTPUTS_MANIFEST]


# Called by the command line, which knows whether a build failed.

GOOD_ENVIRONMENT = "coursebook-last-good.pickle"
"""Beside Sphinx's environment: a copy of it from the last build that succeeded."""


def remember_good_environment(doctreedir: Path) -> None:
    """Keep a copy of the environment of a build that succeeded (called by the command line)."""
    from sphinx.application import ENV_PICKLE_FILENAME

    environment = doctreedir / ENV_PICKLE_FILENAME
    if environment.is_file():
        shutil.copyfile(environment, doctreedir / GOOD_ENVIRONMENT)


def return_to_good_environment(doctreedir: Path, outdir: Path) -> None:
    """After a failed build, make the next build start from the last one that succeeded.

    Sphinx saves its environment before it writes, so a build that failed leaves the data it
    read: after a duplicate label, the label points at the duplicate, and once the duplicate is
    removed the label is gone although its original never changed ("undefined label" in files
    nobody touched, until a clean build). So the environment of the last good build comes back,
    the documents the failed build read are forgotten (their doctrees, which the next build then
    reads again), and the work folder is emptied (the next build writes every page again). With
    no good build yet, the next build is a clean one.
    """
    from sphinx.application import ENV_PICKLE_FILENAME

    shutil.rmtree(outdir, ignore_errors=True)
    good = doctreedir / GOOD_ENVIRONMENT
    if not good.is_file():
        shutil.rmtree(doctreedir, ignore_errors=True)
        return
    # Every build after the copy was made failed; each doctree they wrote is newer than it.
    since = good.stat().st_mtime_ns
    for doctree in doctreedir.rglob("*.doctree"):
        if doctree.stat().st_mtime_ns > since:
            doctree.unlink()
    shutil.copyfile(good, doctreedir / ENV_PICKLE_FILENAME)


def forget_index_entries(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Drop a purged page's search index entries (Sphinx's own purge leaves them)."""
    env._search_index_index_entries.pop(docname, None)


def drop_words_no_page_uses(app: Sphinx) -> list[Any]:
    """Remove from the search index the words no page uses any more (``html-collect-pages``,
    which runs after every page was indexed and before the index is written)."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        for mapping in (indexer._mapping, indexer._title_mapping):
            for word in [word for word, pages in mapping.items() if not pages]:
                del mapping[word]
    return []  # no pages of its own


def save_what_the_writers_added(app: Sphinx, exception: BaseException | None) -> None:
    """Add the search index entries the writers collected to the environment Sphinx saved
    before writing (HTML builds only).

    Only that field is carried over: the live environment also holds what this build's
    extensions and themes changed in the configuration while writing, which the next build
    would take for a changed configuration.
    """
    from sphinx.application import ENV_PICKLE_FILENAME

    if exception is not None or getattr(app.builder, "indexer", None) is None:
        return
    target = Path(app.doctreedir, ENV_PICKLE_FILENAME)
    if not target.is_file():
        return
    with target.open("rb") as handle:
        saved = pickle.load(handle)
    entries = app.env._search_index_index_entries
    if saved._search_index_index_entries == entries:
        return
    saved._search_index_index_entries = entries
    partial = target.with_name(target.name + ".tmp")
    with partial.open("wb") as handle:
        pickle.dump(saved, handle, pickle.HIGHEST_PROTOCOL)
    partial.replace(target)


def setup(app: Sphinx) -> None:
    """Connect the handlers that make an incremental build equal a clean one."""
    app.connect("config-inited", copy_shared_defaults, priority=0)
    app.connect("config-inited", keep_manifest_out_of_epub)
    app.connect("builder-inited", forget_previous_edition_file)
    # After every other handler has added the documents it wants read (the exercise index).
    app.connect("env-before-read-docs", clear_before_reading, priority=900)
    app.connect("env-get-updated", remove_stale_outputs)
    app.connect("env-get-updated", rewrite_when_shared_data_changed)
    app.connect("env-purge-doc", forget_index_entries)
    app.connect("html-collect-pages", drop_words_no_page_uses)
    app.connect("build-finished", save_what_the_writers_added)
