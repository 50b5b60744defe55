"""Numbers as the renderers show them."""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import malstyrning
from malstyrning._report._labels import (
    chartable,
    floor_percent,
    format_number,
    format_percent,
    plan_words,
    trend_words,
)


@pytest.mark.parametrize(
    ("share", "lang", "shown"),
    [
        (0.5, "sv", "50 %"),
        (0.4999, "sv", "49,9 %"),  # just under a threshold never shows as the threshold
        (0.57142857, "en", "57.1%"),
        (1.001, "sv", "100,1 %"),  # 1.001 * 1000 is 1000.9999999999999 in binary floats
        (0.057, "sv", "5,7 %"),
        (-0.0001, "sv", "-0,1 %"),  # down is toward minus infinity
        (0.0, "sv", "0 %"),
        (9.99e12, "sv", "999 000 000 000 000 %"),
        (1e13, "sv", "> 10¹⁵ %"),  # a float has no tenths past here: the bound
        (-sys.float_info.max, "sv", "< -10¹⁵ %"),  # a saturated share
        (-1e300, "en", "< -10¹⁵%"),
    ],
)
def test_format_percent_examples(share: float, lang: Literal["sv", "en"], shown: str) -> None:
    assert format_percent(share, lang) == shown


@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["sv", "en"]))
def test_every_share_shows_as_a_short_percentage(share: float, lang: Literal["sv", "en"]) -> None:
    """Any finite share: a percentage of at most 15 digits and a tenth, never "inf"."""
    shown = format_percent(share, lang)
    assert shown.endswith("%")
    assert "inf" not in shown
    assert sum(c.isdigit() for c in shown) <= 16 + 2  # digits, or the bound's "10" and "15"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e13, max_value=1e13))
def test_floor_percent_is_the_exact_floor_to_a_tenth(share: float) -> None:
    """The percentage shown (its shortest decimal) is at most the exact one and
    less than a tenth below it, wherever a float still holds tenths (below
    2**53 tenths), and otherwise as near as a float is."""
    percent = floor_percent(share)
    shown, exact = Fraction(repr(percent)), Fraction(repr(share)) * 100
    if abs(share) < 1e12:
        assert shown <= exact < shown + Fraction(1, 10)
        assert shown * 10 == math.floor(exact * 10)
    else:
        assert abs(shown - exact) <= abs(exact) * Fraction(2) ** -50


@pytest.mark.parametrize(
    ("values", "drawn"),
    [
        ([2_000_000_000, 2_000_000_001], True),  # large and close: still a chart
        ([12_345_678.90, 12_345_678.91], True),
        ([0.00002, 0.00005], True),
        ([5.0], True),
        ([1e150, -1e150], True),
        ([1e151, 0], False),  # past what pygal can scale
        ([1e12, 1e12 + 1e-4], False),  # closer than a float's last digits
        ([1e-12, 2e-12], False),  # tick labels of twelve decimals
        ([5e-324], True),  # one value: drawn around it
    ],
)
def test_chartable(values: list[float], drawn: bool) -> None:
    assert chartable(values) is drawn


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


TREND_PLAN = """\
plan: P
organisation: O
år: 2018
{words}målområden:
  - titel: A
    mål:
      - titel: M
        indikatorer:
          - {{id: fall, titel: F, riktning: minska, ingångsvärde: {{värde: 5, år: 2016}}, målvärde: 4,
             utfall: {{2017: 3}}}}
          - {{id: free, titel: R, ingångsvärde: {{värde: 5, år: 2016}}, utfall: {{2017: 6}}}}
"""


@pytest.mark.parametrize(
    ("words", "fall", "free"),
    [
        ("", "↘ Minskad, förbättrad", "↗ Ökad"),  # no desired direction: nothing to add
        ("etiketter: {förbättring: {förbättrad: KPI bättre}}\n", "↘ Minskad, KPI bättre", "↗ Ökad"),
    ],
)
def test_one_trend_cell_for_every_report(words: str, fall: str, free: str) -> None:
    """Every format prints the same trend words: the improvement after a comma, in lower
    case unless it is the plan's own word, and none for an indicator with no direction."""
    plan = malstyrning.loads_plan(TREND_PLAN.format(words=words))
    assessment = malstyrning.assess(plan, year=2017)
    shown = {}
    with plan_words(assessment.labels):
        for result in assessment.areas[0].goals[0].indicators:
            shown[result.id] = trend_words(result, "sv")
    assert shown == {"fall": fall, "free": free}
    report = malstyrning.build_report(plan, assessment)
    for fmt in ("md", "html"):
        rendered = malstyrning.render_report(report, fmt)
        assert isinstance(rendered, str)
        assert fall in rendered
        assert "ingen jämförelse" not in rendered.lower()
