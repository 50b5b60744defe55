"""Swedish number notation: what is accepted, what is refused, and why."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from malstyrning._model._numbers import NumberFormatError, parse_number

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3,20 %", 3.2),
        ("85,00%", 85.0),
        ("1 164", 1164.0),
        ("-1 684", -1684.0),
        ("\u22121 684", -1684.0),  # a real minus sign, as word processors write it
        ("1\u00a0164,5", 1164.5),  # no-break space between thousands
        ("10 %", 10.0),
        ("0", 0.0),
        (" 42 ", 42.0),
        ("+4", 4.0),
        (12, 12.0),
        (3.7, 3.7),
    ],
)
def test_accepts_yaml_numbers_and_swedish_notation(text: object, expected: float) -> None:
    """The notations in the seed documents parse to the exact value."""
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["1.164", "3.7", "12,", "--3", "3,2,1", "12 34", "1,164,000", "", "tvåhundra", "1e5", "% 3", "3 ,2"],
)
def test_refuses_ambiguous_or_malformed_strings(text: str) -> None:
    """Anything that could be read two ways, or not at all, is an error."""
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_dot_in_string_explains_the_ambiguity() -> None:
    """The message for "1.164" tells the planner what to write instead."""
    with pytest.raises(NumberFormatError, match="decimal comma"):
        parse_number("1.164")


@pytest.mark.parametrize("value", [True, None, [1], float("nan"), float("inf"), 10**400])
def test_refuses_non_numbers_nan_infinity_and_huge(value: object) -> None:
    """Booleans, NaN, infinities and numbers beyond float range are refused."""
    with pytest.raises(NumberFormatError):
        parse_number(value)


def _swedish(value: Decimal, percent: bool) -> str:
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sign + " ".join(groups) + ("," + frac if frac else "")
    return text + (" %" if percent else "")


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.booleans(),
)
def test_swedish_notation_round_trips(value: Decimal, percent: bool) -> None:
    """Any number written in Swedish notation parses back to the same value."""
    assert parse_number(_swedish(value, percent)) == float(value)
