"""The ePub's stylesheets without CSS custom properties, for readers that do not know them.

sphinx-design colours its badges, buttons and cards with custom properties
(``background-color: var(--sd-color-info)``). Kindle, Adobe's RMSDK readers and Calibre's
converter do not implement them: they drop every such declaration (Calibre logged 272 errors for
the course), and a badge loses its colour and its contrast. The ePub's copies of the stylesheets
are rewritten with each ``var()`` replaced by its value, so colours are still defined once, in
the ``:root`` rules of the stylesheets themselves (the ePub's own overrides included, as the
cascade would take them), and the website keeps its stylesheets as they are.

What a property means can depend on the element (sphinx-design sets its grid gutters per class);
a stylesheet cannot be resolved for every element, so the rule is: the value a rule sets itself,
else the ``:root`` value, else the ``var()`` fallback. A declaration with none of these is
dropped, as a reader without custom properties would drop it anyway.

The ePub's documents are fixed when its stylesheets are copied, so a rule that applies to none of
their elements (sphinx-design's buttons and their ``:focus-visible`` states, Sphinx's search
results) is left out too: Calibre logged each of them, and ``epub.css`` drew ``file.png`` for
search results, shipping an image no page shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import tinycss2
from tinycss2 import ast

ROOT = ":root"
RULE_LIST_AT_RULES = {"media", "supports", "layer", "container", "document"}
"""At-rules whose block holds style rules (the others hold declarations or nothing to resolve)."""
KEYFRAMES = re.compile(r"@(?:-webkit-)?keyframes\s+([-\w]+)", re.IGNORECASE)
ANIMATION = re.compile(r"animation(?:-name)?\s*:([^;}]*)", re.IGNORECASE)
MAX_DEPTH = 32
"""Custom properties that refer to each other deeper than this are taken as a cycle."""

Values = dict[str, list[ast.Node]]
Applies = Callable[[str], bool]
"""Whether a selector matches some element of the book."""


class Unresolvable(Exception):
    """A ``var()`` with no value and no fallback, or a cycle of custom properties."""


def _is_custom(declaration: ast.Node) -> bool:
    return isinstance(declaration, ast.Declaration) and declaration.name.startswith("--")


def _declarations(rule: ast.QualifiedRule) -> list[ast.Node]:
    parsed: list[ast.Node] = tinycss2.parse_blocks_contents(
        rule.content, skip_whitespace=True, skip_comments=True
    )
    return parsed


def _custom_values(declarations: Iterable[ast.Node]) -> Values:
    return {d.name: d.value for d in declarations if _is_custom(d)}


def root_values(stylesheets: Sequence[str]) -> Values:
    """The custom properties the ``:root`` rules define, the last definition winning, as in
    the cascade of stylesheets linked in this order."""
    values: Values = {}
    for text in stylesheets:
        for rule in tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True):
            if isinstance(rule, ast.QualifiedRule) and _selector(rule) == ROOT:
                values.update(_custom_values(_declarations(rule)))
    return values


def _selector(rule: ast.QualifiedRule) -> str:
    return str(tinycss2.serialize(rule.prelude)).strip()


def _strip(tokens: list[ast.Node]) -> list[ast.Node]:
    """Tokens without the white space around them (a custom property keeps it)."""
    start, end = 0, len(tokens)
    while start < end and isinstance(tokens[start], ast.WhitespaceToken):
        start += 1
    while end > start and isinstance(tokens[end - 1], ast.WhitespaceToken):
        end -= 1
    return tokens[start:end]


def resolve(tokens: list[ast.Node], values: Values, depth: int = 0) -> str:
    """``tokens`` serialised with every ``var()`` replaced by its value, recursively."""
    if depth > MAX_DEPTH:
        raise Unresolvable("custom properties refer to each other in a cycle")
    parts = []
    for token in tokens:
        if isinstance(token, ast.FunctionBlock) and token.lower_name == "var":
            parts.append(_substitute(token.arguments, values, depth))
        elif isinstance(token, ast.FunctionBlock):
            parts.append(f"{token.name}({resolve(token.arguments, values, depth)})")
        elif isinstance(token, ast.ParenthesesBlock):
            parts.append(f"({resolve(token.content, values, depth)})")
        elif isinstance(token, ast.SquareBracketsBlock):
            parts.append(f"[{resolve(token.content, values, depth)}]")
        else:
            parts.append(str(tinycss2.serialize([token])))
    return "".join(parts)


def _substitute(arguments: list[ast.Node], values: Values, depth: int) -> str:
    comma = next(
        (i for i, t in enumerate(arguments) if isinstance(t, ast.LiteralToken) and t == ","),
        len(arguments),
    )
    name = str(tinycss2.serialize(_strip(arguments[:comma])))
    if name in values:
        return resolve(_strip(values[name]), values, depth + 1)
    if comma < len(arguments):
        return resolve(_strip(arguments[comma + 1 :]), values, depth + 1)
    raise Unresolvable(f"{name} has no value here and no fallback")


def _resolved_block(declarations: list[ast.Node], values: Values) -> list[str]:
    local = {**values, **_custom_values(declarations)}
    written = []
    for declaration in declarations:
        if not isinstance(declaration, ast.Declaration) or _is_custom(declaration):
            continue
        try:
            value = resolve(_strip(declaration.value), local)
        except Unresolvable:
            continue
        important = " !important" if declaration.important else ""
        written.append(f"{declaration.name}:{value}{important}")
    return written


def _resolved_rules(rules: Iterable[ast.Node], values: Values, applies: Applies) -> list[str]:
    written = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            if not applies(_selector(rule)):
                continue
            block = _resolved_block(_declarations(rule), values)
            if block:  # a rule that only defined custom properties has nothing left to say
                written.append(f"{_selector(rule)}{{{';'.join(block)}}}")
        elif isinstance(rule, ast.AtRule) and rule.content is not None:
            if rule.lower_at_keyword in RULE_LIST_AT_RULES:
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_whitespace=True, skip_comments=True
                )
                body = "\n".join(_resolved_rules(inner, values, applies))
                if not body:  # every rule inside was left out
                    continue
            else:
                body = resolve(rule.content, values)
            prelude = tinycss2.serialize(rule.prelude).strip()
            written.append(f"@{rule.at_keyword} {prelude}{{{body}}}")
        elif isinstance(rule, ast.AtRule | ast.Comment):  # @import; licence notices stay
            written.append(tinycss2.serialize([rule]))
    return written


def _always(selector: str) -> bool:
    return True


def without_custom_properties(text: str, values: Values, applies: Applies = _always) -> str:
    """A stylesheet with every custom property resolved against ``values`` (the ``:root``
    definitions of all the stylesheets), no custom property left, and only the rules whose
    selector ``applies`` (to an element of the book)."""
    rules = tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=False)
    written = _resolved_rules(rules, values, applies)
    # Animations whose rules were left out: Calibre and older readers log every @keyframes.
    animations = " ".join(ANIMATION.findall("\n".join(written)))
    written = [
        rule
        for rule in written
        if not (match := KEYFRAMES.match(rule)) or re.search(rf"\b{match[1]}\b", animations)
    ]
    return "\n".join(written) + "\n"


def resolve_stylesheets(paths: Sequence[Path], applies: Applies = _always) -> None:
    """Rewrite the stylesheets at ``paths`` (in the order the documents link them) in place:
    without custom properties, and with only the rules whose selector ``applies``."""
    texts = [path.read_text("utf-8") for path in paths]
    values = root_values(texts)
    for path, text in zip(paths, texts, strict=True):
        path.write_text(without_custom_properties(text, values, applies), "utf-8")
