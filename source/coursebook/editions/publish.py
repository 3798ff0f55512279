"""Put a finished edition in place without ever leaving a half-written one.

Sphinx writes each edition into a work folder (``build/.work/<edition>``). Only when the build
succeeded is the result published: the ePub and PDF are copied to a temporary name and renamed
over the previous file; the website is copied to a temporary folder and swapped in. A failed build
therefore leaves the previous good outputs exactly as they were. A lock serialises publishers so
``make -j`` can run the editions side by side.

Each edition's folder, and the website's ``downloads/``, hold only the files of the latest build:
after ``coursebook_basename`` changed, publishing removes the files under the old name.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..web.site import DOWNLOADS_DIR

OUTPUT_NAME_FILE = ".coursebook-output"
"""Written by the ePub and PDF builders into their work folder: the name of the file they made."""
OUTPUTS_MANIFEST = ".coursebook-outputs.json"
"""Written into every work folder by :mod:`coursebook.incremental`: a note for the next build."""
WORK_NOTES = (".buildinfo", ".buildinfo.bak", ".doctrees", OUTPUTS_MANIFEST)
"""Files in the website's work folder that are notes for the next build, never published."""


def record_output_name(work: Path, name: str) -> None:
    """Tell the publisher which file in ``work`` is the edition (called by the builders)."""
    (work / OUTPUT_NAME_FILE).write_text(name + "\n", "utf-8")


def read_output_name(work: Path) -> str:
    """The file name a builder recorded with :func:`record_output_name`."""
    return (work / OUTPUT_NAME_FILE).read_text("utf-8").strip()


def discard_previous_output(work: Path) -> None:
    """Delete the file the previous build recorded, and the record, before a new build.

    The builder writes a fresh one when the build succeeds; a file under a name the book no
    longer uses must not stay behind (Sphinx's ePub builder packs every file it finds).
    """
    try:
        name = read_output_name(work)
    except OSError:
        return
    if name and "/" not in name:
        (work / name).unlink(missing_ok=True)
    (work / OUTPUT_NAME_FILE).unlink(missing_ok=True)


@contextmanager
def _publish_lock(out: Path) -> Iterator[None]:
    out.mkdir(parents=True, exist_ok=True)
    with (out / ".publish.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _copy_atomically(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, tmp)
    tmp.replace(target)


def _site_downloads(out: Path) -> list[Path]:
    return sorted([*(out / "pdf").glob("*.pdf"), *(out / "epub").glob("*.epub")])


def _remove_others(folder: Path, keep: Path) -> None:
    """Remove the files like ``keep`` (same suffix) in ``folder``: an edition under an old name."""
    for other in folder.glob(f"*{keep.suffix}"):
        if other.name != keep.name and other.is_file():
            other.unlink()


def publish_file(source: Path, out: Path, edition: str) -> Path:
    """Publish one file edition (``pdf`` or ``epub``) and refresh the website's copy of it."""
    with _publish_lock(out):
        target = out / edition / source.name
        _copy_atomically(source, target)
        _remove_others(target.parent, target)
        site = out / "html"
        if site.is_dir():
            download = site / DOWNLOADS_DIR / source.name
            _copy_atomically(target, download)
            _remove_others(download.parent, download)
    return target


def publish_site(work: Path, out: Path) -> Path:
    """Swap the freshly built website into ``out/html``, with the current downloads."""
    site = out / "html"
    with _publish_lock(out):
        staging = out / ".html.new"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(work, staging, ignore=shutil.ignore_patterns(*WORK_NOTES))
        for download in _site_downloads(out):
            _copy_atomically(download, staging / DOWNLOADS_DIR / download.name)
        retired = out / ".html.old"
        shutil.rmtree(retired, ignore_errors=True)
        if site.exists():
            site.rename(retired)
        staging.rename(site)
        shutil.rmtree(retired, ignore_errors=True)
    return site
