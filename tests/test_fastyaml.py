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
from malstyrning._fastyaml import fast_load
from malstyrning._io import _parse


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
        ("0138", 138),
        ("2018-01-01", "2018-01-01"),
        ("1:30", "1:30"),
        ("0o17", 15),
        ("0x1F", 31),
        ("true", True),
        ("~", None),
        ("3.20", 3.2),
        ("1_000", 1000),
    ],
)
def test_yaml_1_2_scalars(scalar: str, value: Any) -> None:
    """YAML 1.2's core schema, as ruamel.yaml reads it: yes/no are text, dates are text."""
    text = f"k: {scalar}\n"
    assert plain(fast_load(text)) == {"k": value} == careful(text)


@pytest.mark.parametrize(
    "text",
    ["a: 1\na: 2\n", "a: [1\n", "a:\n\t- 1\n", "a: &x [*x]\n", "{[1]: 2}\n"],
)
def test_steps_aside_for_what_it_cannot_locate(text: str) -> None:
    """Duplicate keys, syntax errors, tabs and odd keys go to the careful path."""
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
