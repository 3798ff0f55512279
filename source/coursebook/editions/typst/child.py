"""Run one step of the PDF in parts in a fresh Python process, and read back its report.

A fresh interpreter (not a fork of the Sphinx process, whose resident pages would count in the
child) holds only what its step needs, and gives the memory back when it ends. The step's module
reads its spec as JSON on stdin and prints its report as JSON on its last line of output.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from dataclasses import asdict
from typing import Any


def run_in_child(module: str, spec: Any) -> tuple[dict[str, Any] | None, str]:
    """Run ``python -m module`` with the dataclass ``spec``: (its report, or None and why not)."""
    done = subprocess.run(
        [sys.executable, "-m", module],
        input=json.dumps(asdict(spec)),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None, done.stderr
    # The report is the last line: anything a library printed before it is not ours.
    report: dict[str, Any] = json.loads(done.stdout.strip().rsplit("\n", 1)[-1])
    return report, ""


def peak_mb() -> float:
    """This process's peak resident memory (Linux gives ``ru_maxrss`` in kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
