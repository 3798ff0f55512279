"""The readability check of `make check` passes plain prose and fails dense prose."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[1] / "scripts" / "readability.py"
spec = importlib.util.spec_from_file_location("readability", SCRIPT)
assert spec and spec.loader
readability = importlib.util.module_from_spec(spec)
spec.loader.exec_module(readability)

PLAIN = "The psoas is a long muscle. It helps you lift your leg. Walk every day if you can."
DENSE = (
    "Electromyographic investigations characterising iliopsoas recruitment demonstrate "
    "considerable interindividual variability attributable to methodological heterogeneity, "
    "notwithstanding biomechanical modelling predicting substantial compressive loading."
)


def site_with(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "chapters" / "one.html"
    page.parent.mkdir(parents=True)
    references = "<section id='references'><p>Smith J. A very long reference title.</p></section>"
    page.write_text(
        f"<html><body><main><article><h1>One</h1><p>{text}</p>{references}"
        "</article></main></body></html>"
    )
    return tmp_path


@pytest.mark.parametrize(("text", "status"), [(PLAIN, 0), (DENSE, 1)])
def test_check_fails_only_below_the_target(
    tmp_path: Path, text: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert readability.main([str(site_with(tmp_path, text))]) == status
    assert "chapters/one" in capsys.readouterr().out


def test_references_are_not_scored(tmp_path: Path) -> None:
    text = readability.chapter_text(site_with(tmp_path, PLAIN) / "chapters" / "one.html")
    assert "Smith" not in text
