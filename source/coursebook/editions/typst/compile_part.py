"""Compile one part of a book laid out in parts, in a fresh Python process.

``python -m coursebook.editions.typst.compile_part`` reads a :class:`CompileSpec` as JSON on
stdin, typesets the main file to a PDF beside it, queries the part's information block and
prints a :class:`CompileResult` as JSON. A fresh process (not a fork of Sphinx's) is the point:
its memory is the compiler's and this part's pages only, and it is given back when it ends.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from typing import Any

from .child import peak_mb, run_in_child
from .part_sources import INFO_LABEL


@dataclass(frozen=True)
class CompileSpec:
    """What one child process compiles, and how."""

    root: str
    """The work folder: Typst's root; every path the sources name is inside it."""
    main: str
    output: str
    fonts: str
    timestamp: int
    sys_inputs: dict[str, str]


@dataclass
class CompileResult:
    """What a child reports: Typst's diagnostics, the part's information and its peak memory."""

    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    info: dict[str, Any] | None = None
    peak_mb: float = 0.0
    reused: bool = False
    """True when the last build's PDF of this part was kept: nothing was compiled."""


def diagnostic(message: Any) -> str:
    """Typst's own report: the message, the file and line, the source and any hint."""
    return str(getattr(message, "diagnostic", "") or getattr(message, "message", message)).strip()


def compile_here(spec: CompileSpec) -> CompileResult:
    """In this process: typeset the part and query where its labels and headings landed."""
    import typst  # deferred: the parent process never needs the compiler for this

    result = CompileResult()
    compiler = typst.Compiler(
        input=spec.main,
        root=spec.root,
        font_paths=[spec.fonts],
        ignore_system_fonts=True,
        sys_inputs=spec.sys_inputs,
    )
    try:
        _, warnings = compiler.compile_with_warnings(
            output=spec.output, pdf_standards=["ua-1"], timestamp=spec.timestamp
        )
        result.warnings = [diagnostic(w) for w in warnings]
        # The same compiler answers from its memo: the query costs no second layout.
        result.info = json.loads(compiler.query(INFO_LABEL, field="value", one=True))
    except typst.TypstError as error:
        result.errors = [diagnostic(error)]
    result.peak_mb = peak_mb()
    return result


def compile_in_child(spec: CompileSpec) -> CompileResult:
    """Run :func:`compile_here` in a new interpreter and return what it reported."""
    report, failure = run_in_child(__name__, spec)
    if report is None:
        return CompileResult(errors=[f"the Typst process for {spec.main} failed: {failure}"])
    return CompileResult(**report)


def main() -> int:
    spec = CompileSpec(**json.loads(sys.stdin.read()))
    print(json.dumps(asdict(compile_here(spec))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
