"""`make check`: the whole build works with the network cut, and gives the same files.

The network is cut with a new, empty network namespace (``unshare -n`` as root, ``unshare -rn``
for other users where the kernel allows user namespaces): inside it there is no interface but a
loopback that is down, so any attempt to reach a host fails at once. If neither works on this
machine the test fails and says so: it is never skipped silently.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]
BUILD = REPO / "build"
BIN = Path(sys.executable).parent
PROBE = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=5)"


def without_network() -> list[str]:
    """The command prefix that runs a program in a namespace with no network."""
    unshare = shutil.which("unshare")
    if unshare is None:
        raise AssertionError("unshare (util-linux) is needed to cut the network: not found")
    for prefix in ([unshare, "-n"], [unshare, "-rn"]):
        if subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    raise AssertionError(
        "cannot cut the network here: neither `unshare -n` (needs root) nor `unshare -rn` "
        "(needs user namespaces) works; run `make check` as root or enable user namespaces"
    )


def test_the_network_is_really_cut() -> None:
    # Proves the method, so the build below cannot pass merely because a host was reachable.
    probe = subprocess.run(
        [*without_network(), sys.executable, "-c", PROBE], capture_output=True, text=True
    )
    assert probe.returncode != 0
    assert "Network is unreachable" in probe.stderr


def test_every_edition_and_the_cards_build_offline_and_match_the_normal_build(
    tmp_path: Path,
) -> None:
    assert os.environ.get("SOURCE_DATE_EPOCH"), "run through `make check`, which fixes it"
    cut = without_network()
    book = REPO / "book"
    commands = [
        [str(BIN / "coursebook"), "build", "html", "epub", "pdf", "--book", str(book),
         "--out", str(tmp_path)],
        [str(BIN / "coursebook"), "cards", "--all-decks", "--size", "a6", "--paper", "a4",
         "--book", str(book), "--out-dir", str(tmp_path / "cards")],
    ]  # fmt: skip
    for command in commands:
        run = subprocess.run([*cut, *command], capture_output=True, text=True)
        problems = [line for line in run.stderr.splitlines() if "WARNING" in line or "rror" in line]
        assert run.returncode == 0, "\n".join(problems) or run.stderr[-4000:]
    # Builds are reproducible, so the offline build must give the very same bytes.
    for edition in ("epub/psoas-course.epub", "pdf/psoas-course.pdf"):
        assert (tmp_path / edition).read_bytes() == (BUILD / edition).read_bytes(), edition
    for deck in sorted((tmp_path / "cards").glob("*.pdf")):
        assert deck.read_bytes() == (BUILD / "cards" / deck.name).read_bytes(), deck.name
