"""Numbers as the renderers show them."""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from malstyrning._labels import floor_percent, format_number


@pytest.mark.parametrize(
    ("share", "percent"),
    [
        (0.5, 50.0),
        (0.4999, 49.9),  # just under a threshold never shows as the threshold
        (0.57142857, 57.1),
        (1.001, 100.1),  # 1.001 * 1000 is 1000.9999999999999 in binary floats
        (0.057, 5.7),
        (-0.0001, -0.1),  # down is toward minus infinity
        (0.0, 0.0),
        (-1e300, -1e302),  # beyond a float's tenths: shown as it is
    ],
)
def test_floor_percent_examples(share: float, percent: float) -> None:
    assert floor_percent(share) == percent


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floor_percent_is_the_exact_floor_to_a_tenth(share: float) -> None:
    """For every share: no error; the percentage shown (its shortest decimal) is
    at most the exact one and less than a tenth below it, wherever a float
    still holds tenths (below 2**53 tenths), and otherwise as near as a float is."""
    percent = floor_percent(share)
    format_number(percent, "sv", "%")  # it can be shown
    if math.isinf(percent):  # over a float's range as a percentage
        assert abs(share) > sys.float_info.max / 100
        return
    shown, exact = Fraction(repr(percent)), Fraction(repr(share)) * 100
    if abs(share) < 1e12:
        assert shown <= exact < shown + Fraction(1, 10)
        assert shown * 10 == math.floor(exact * 10)
    else:
        assert abs(shown - exact) <= abs(exact) * Fraction(2) ** -50


@pytest.mark.parametrize(
    ("value", "lang", "unit", "shown"),
    [
        (1164.5, "sv", None, "1 164,5"),
        (1164.5, "en", None, "1,164.5"),
        (0.12345678, "sv", "%", "0,1235 %"),
        (-0.00001, "sv", None, "0"),  # never "-0"
        (158.0, "sv", "antal", "158"),
        # The digits as written, not the float's binary expansion (…0001097906…).
        (1e308, "en", None, "100" + ",000" * 102),
        (2.5e15, "sv", "kr", "2 500 000 000 000 000 kr"),
    ],
)
def test_format_number(value: float, lang: Literal["sv", "en"], unit: str | None, shown: str) -> None:
    assert format_number(value, lang, unit) == shown
