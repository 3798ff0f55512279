"""The ePub's stylesheets without custom properties (coursebook.editions.epub_css)."""

from __future__ import annotations

from pathlib import Path

from coursebook.editions.epub_css import resolve_stylesheets, root_values, without_custom_properties

THEME = """
:root { --sd-color-info: #17a2b8; --sd-color-info-text: #fff; --accent: var(--sd-color-info); }
.sd-bg-info { background-color: var(--sd-color-info) !important; }
.sd-bg-text-info { color: var( --sd-color-info-text ) !important; }
.sd-border { border: 1px solid var(--accent); }
.sd-row { --sd-gutter-x: 1.5rem; margin-left: calc(var(--sd-gutter-x) * -0.5); }
.sd-col { padding: calc(var(--sd-gutter-x) * 0.5); color: red; }
.sd-steps > li::before { background: var(--sd-steps-marker-bg, var(--sd-color-info)); }
@media (min-width: 576px) { .sd-col-sm { padding-left: var(--sd-gutter-x); } }
"""
OVERRIDE = ":root { --sd-color-info: #276be9; }\n"


def resolved(theme: str = THEME, *overrides: str) -> str:
    return without_custom_properties(theme, root_values([theme, *overrides]))


def test_every_var_is_replaced_by_the_last_root_value() -> None:
    text = resolved(THEME, OVERRIDE)
    assert ".sd-bg-info{background-color:#276be9 !important}" in text
    assert ".sd-bg-text-info{color:#fff !important}" in text
    assert ".sd-border{border:1px solid #276be9}" in text  # a property that names another
    assert "var(" not in text and "--" not in text


def test_a_rules_own_value_then_the_fallback_then_nothing() -> None:
    text = resolved()
    assert ".sd-row{margin-left:calc(1.5rem * -0.5)}" in text
    assert ".sd-steps > li::before{background:#17a2b8}" in text
    # No value where it is used: the declaration goes, as a reader without custom properties
    # would drop it; the rule keeps the rest, and an @media block left empty goes too.
    assert ".sd-col{color:red}" in text
    assert "@media" not in text


def test_a_cycle_of_custom_properties_is_dropped_not_followed() -> None:
    text = resolved(":root { --a: var(--b); --b: var(--a); }\n.x { color: var(--a); top: 0; }")
    assert text.strip() == ".x{top:0}"


def test_rules_that_apply_to_nothing_and_their_animations_go() -> None:
    theme = (
        ".used{color:red}\n.unused{animation:spin 1s}\n.used-pulse{animation:pulse 1s}\n"
        "@keyframes spin{to{transform:rotate(1turn)}}\n@keyframes pulse{to{opacity:0.5}}\n"
    )
    text = without_custom_properties(theme, {}, lambda selector: selector.startswith(".used"))
    assert "unused" not in text and "@keyframes spin" not in text
    assert ".used{color:red}" in text and "@keyframes pulse" in text


def test_stylesheets_are_rewritten_in_link_order(tmp_path: Path) -> None:
    theme, ours = tmp_path / "theme.css", tmp_path / "ours.css"
    theme.write_text(THEME, "utf-8")
    ours.write_text(OVERRIDE + ".badge { color: var(--sd-color-info-text); }\n", "utf-8")
    resolve_stylesheets([theme, ours])
    assert ".sd-bg-info{background-color:#276be9 !important}" in theme.read_text("utf-8")
    assert ours.read_text("utf-8").strip() == ".badge{color:#fff}"
