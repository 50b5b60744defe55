"""The fast reader (libyaml) reads plans exactly as the careful one (ruamel.yaml), or steps aside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import PLANS, ROOT
from malstyrning._errors import PlanError
from malstyrning._load._careful import _parse
from malstyrning._load._fastyaml import RUAMEL_1_2_PATTERNS, _unclosed_bracket, fast_load


def plain(value: Any) -> Any:
    """Plain JSON-like data, so both readers' results compare."""
    return json.loads(json.dumps(value, default=str))


def careful(text: str) -> Any:
    try:
        return plain(_parse(text, "t.yaml"))
    except PlanError:
        return "error"


FILES = [*sorted(PLANS.glob("*.yaml")), *sorted((ROOT / "tests" / "data").glob("*.yaml"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_files_read_alike(path: Path) -> None:
    """The shipped plans and test files read the same both ways."""
    text = path.read_text(encoding="utf-8")
    fast = fast_load(text)
    if fast is not None:
        assert plain(fast) == careful(text)


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("2018-01-01", "2018-01-01"),
        ("1:30", "1:30"),
        ("true", True),
        ("~", None),
        ("", None),
        ("3.20", 3.2),
        ("-0.5", -0.5),
        ("-12", -12),
        ("1 164,5", "1 164,5"),
        ("3,20 %", "3,20 %"),
        ("12,", "12,"),
    ],
)
def test_yaml_1_2_scalars(scalar: str, value: Any) -> None:
    """YAML 1.2's core schema, as ruamel.yaml reads it: yes/no are text, dates are text."""
    text = f"k: {scalar}\n"
    assert plain(fast_load(text)) == {"k": value} == careful(text)


@pytest.mark.parametrize(
    ("scalar", "value"),
    [("0138", 138), ("0o17", 15), ("0x1F", 31), ("1_000", 1000), ("1e5", 100000.0), ("+1", 1), (".5", 0.5)],
)
def test_rare_number_forms_step_aside(scalar: str, value: Any) -> None:
    """Numbers in forms plans do not use are left to ruamel.yaml, which reads them."""
    text = f"k: {scalar}\n"
    assert fast_load(text) is None
    assert careful(text) == {"k": value}


def test_patterns_are_ruamel_yamls() -> None:
    """The copied YAML 1.2 resolver patterns are still ruamel.yaml's own."""
    from ruamel.yaml import resolver

    theirs = {
        tag.rsplit(":", 1)[1]: pattern.pattern
        for versions, tag, pattern, _ in resolver.implicit_resolvers
        if (1, 2) in versions
    }
    assert {tag: theirs[tag] for tag in RUAMEL_1_2_PATTERNS} == RUAMEL_1_2_PATTERNS
    assert set(theirs) - set(RUAMEL_1_2_PATTERNS) == {"bool", "null", "timestamp"}


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",
        "a: [1\n",
        "a:\n\t- 1\n",
        "a: &x [*x]\n",
        "a: &x 1\nb: *x\n",
        "{[1]: 2}\n",
        "%YAML 1.1\n---\na: yes\n",
        "a: 1\n---\nb: 2\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "",
        'x: "a\u2028b"\n',
        "a: 1\n\ufeff\n",
        "v: |#c\n  x\n",
        '["t":x]\n',
        "a: \ud800\n",
    ],
)
def test_steps_aside_for_what_it_cannot_locate(text: str) -> None:
    """Duplicate keys, syntax errors, tabs, anchors, tags, directives, several
    documents and odd keys go to the careful path."""
    assert fast_load(text) is None


def test_alias_bomb_steps_aside() -> None:
    """A billion laughs is not expanded on the fast path."""
    lines = ["a: &a [1,1,1,1,1,1,1,1,1]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    assert fast_load("\n".join(lines) + "\n") is None


SCALARS = st.one_of(
    st.text(alphabet="0123456789.-+_:eE xo~nultrefaslyNTFå,%", max_size=8),
    st.sampled_from(
        ["null", "True", "FALSE", ".inf", "-.inf", ".nan", "1e5", "+1", "00", "0.", ".5", "1__0"]
    ),
)


@given(SCALARS)
def test_any_scalar_reads_alike(scalar: str) -> None:
    """Whatever short scalar a planner types, the fast reader agrees with the careful one, or steps aside."""
    text = f"k: {scalar}\n"
    fast = fast_load(text)
    if fast is not None:
        assert plain(fast) == careful(text)


def test_depth_limit_steps_aside() -> None:
    """Nesting beyond the limit is the careful path's to refuse, at its place."""
    assert fast_load("a:\n" + "".join("  " * i + "- \n" for i in range(1, 6)), max_depth=3) is None
    assert fast_load("a: [[[1]]]\n", max_depth=4) == {"a": [[[1]]]}


@pytest.mark.parametrize(
    ("text", "opened"),
    [
        ("a: [x\nb: >", ("[", 1)),
        ("a: [x, {y: 1}\nb: 'not [this' # nor [this\nc: >", ("[", 1)),
        ('a: {x: "[", y: [1]\nb: |', ("{", 1)),
        ("a: [x]\nb: {y\n  z: [1, 2]\nc: >", ("{", 2)),
        ("a: [x]\nb: >", None),
    ],
)
def test_the_bracket_left_open_is_found_outside_quotes_and_comments(
    text: str, opened: tuple[str, int] | None
) -> None:
    assert _unclosed_bracket(text) == opened
