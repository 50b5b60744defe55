"""On track for a target further ahead: the UNSD / Statistics Canada SDG progress method.

Pure functions on plain floats, no I/O. The method (as open-sdg's sdg-build
implements it, ``sdg/ProgressMeasure.py``, and Statistics Canada documents it
in open-sdg's ``docs/progress-methodology.md``):

* the actual compound annual growth from the starting value ``x0`` (year
  ``t0``) to the latest value ``x`` (year ``t``):
  ``CR_a = (x / x0) ** (1 / (t - t0)) - 1``;
* with a numeric target ``x*`` for year ``T``, the growth needed to reach it:
  ``CR_r = (x* / x0) ** (1 / (T - t0)) - 1``, and the ratio
  ``R = d * CR_a / |CR_r|`` (``d`` = +1 for öka, -1 for minska; equal to
  ``CR_a / CR_r`` whenever the target lies in the desired direction from the
  start, as Statistics Canada's ``d`` keeps it right when it does not); a
  latest value that meets the target is ``achieved``, whatever the growth;
* without a numeric target, the growth in the desired direction ``d * CR_a``
  against fixed rates.

Both are then read against three thresholds, high to low: at or above the
first ``on_track``, the second ``needs_acceleration``, the third
``limited_progress``, below it ``deterioration``. docs/assessment.md has the
method, its sources, and where it cannot apply (:class:`OnTrackReason`).

:func:`~malstyrning.assess_series` computes the same in float64 over arrays
(``_batch.py``) and calls :func:`judge_on_track` for any series whose number
is within a hair of a threshold, so the codes agree series by series.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from .._model import Direction, OnTrackRules
from ._fast import maker
from ._results import OnTrack, OnTrackReason, OnTrackResult

__all__ = [
    "DEFAULT_ON_TRACK",
    "OnTrackThresholds",
    "growth",
    "judge",
    "judge_on_track",
    "on_track_thresholds",
]


@dataclass(frozen=True, slots=True)
class OnTrackThresholds:
    """The thresholds, high to low, for the ratio (with a target) and the growth (without)."""

    ratio_on_track: float = 0.95
    ratio_accelerate: float = 0.6
    ratio_progress: float = 0.0
    growth_on_track: float = 0.015
    growth_accelerate: float = 0.005
    growth_progress: float = 0.0


DEFAULT_ON_TRACK = OnTrackThresholds()
"""Statistics Canada's thresholds, open-sdg's defaults."""


def on_track_thresholds(*layers: OnTrackRules | None) -> OnTrackThresholds:
    """The thresholds after the rule layers (plan, then indicator), key by key."""
    given = [layer for layer in layers if layer is not None]
    if not given:
        return DEFAULT_ON_TRACK
    merged = {}
    for name in OnTrackThresholds.__slots__:
        value: float = getattr(DEFAULT_ON_TRACK, name)
        for layer in given:
            own = getattr(layer, name)
            value = own if own is not None else value
        merged[name] = value
    return OnTrackThresholds(**merged)


_LOG_CAP = 700.0  # e**700 ≈ 1e304: growth rates past it are capped, so no float overflows
_BIG = sys.float_info.max


def growth(start: float, end: float, years: int) -> float:
    """The compound annual growth from ``start`` to ``end`` over ``years``: both positive.

    ``(end / start) ** (1 / years) - 1``, computed as ``expm1(log-ratio / years)``
    so that neither the quotient nor the power can overflow (a log-ratio past
    700 a year is capped there: a growth of 1e304 a year).
    """
    if 0.5 < end / start < 2:
        # Close values: their difference is exact, and log1p keeps the few last bits
        # that the difference of two logs near -6.9 (0,001 and 0,0010000000000000002)
        # rounds away, so that a target a hair from the start is never "at the start".
        rate = math.log1p((end - start) / start) / years
    else:
        rate = (math.log(end) - math.log(start)) / years
    return math.expm1(min(rate, _LOG_CAP))


def _bounded(number: float) -> float:
    """Saturated at the largest float, as JSON has no infinity."""
    return number if abs(number) <= _BIG else math.copysign(_BIG, number)


def judge_on_track(
    *,
    start: float | None,
    start_year: int | None,
    value: float | None,
    value_year: int | None,
    target: float | None,
    target_year: int | None,
    direction: Direction | None,
    thresholds: OnTrackThresholds = DEFAULT_ON_TRACK,
) -> OnTrackResult:
    """The on-track judgement from a starting point to the latest value.

    With ``target`` (then ``target_year`` is needed) the ratio of actual to
    required growth; without it the growth in the desired direction. Which
    indicators the method applies to at all is the caller's question (``assess``
    and ``assess_series`` answer it as docs/assessment.md says); this answers
    for any inputs, with :attr:`OnTrack.NOT_ASSESSED` and a reason where the
    method cannot judge.
    """
    return judge(start, start_year, value, value_year, target, target_year, direction, thresholds)


def judge(  # noqa: PLR0917 (the engine's positional call)
    start: float | None,
    start_year: int | None,
    value: float | None,
    value_year: int | None,
    target: float | None,
    target_year: int | None,
    direction: Direction | None,
    thresholds: OnTrackThresholds,
    /,
) -> OnTrackResult:
    """:func:`judge_on_track` with its arguments in order: the engine's call (a
    keyword call costs a tenth of a judgement)."""
    # Positional results (_fast.maker): a frozen dataclass's __init__ would be
    # half the cost of a judgement. Fields: status, reason, then the points
    # (from_year, from_value, to_year, to_value, target, target_year), then
    # growth, required, ratio.
    make = _make_result
    points = (start_year, start, value_year, value, target, target_year)
    if direction is not Direction.INCREASE and direction is not Direction.DECREASE:
        return make(*_NOT_ASSESSED[OnTrackReason.NO_DIRECTION], *points, None, None, None)
    up = direction is Direction.INCREASE
    if value is None or value_year is None:
        return make(*_TOO_FEW, *points, None, None, None)
    if target is not None and (value >= target if up else value <= target):
        return make(OnTrack.ACHIEVED, None, *points, None, None, None)
    if start is None or start_year is None or start_year >= value_year:
        return make(*_TOO_FEW, *points, None, None, None)
    if start <= 0 or value <= 0:
        return make(*_NOT_ASSESSED[OnTrackReason.NOT_POSITIVE], *points, None, None, None)
    cr_a = growth(start, value, value_year - start_year)
    t = thresholds
    if target is None:
        status = _grade(cr_a if up else -cr_a, t.growth_on_track, t.growth_accelerate, t.growth_progress)
        return make(status, None, *points, cr_a, None, None)
    reason = (
        OnTrackReason.ZERO_TARGET
        if target == 0
        else OnTrackReason.NOT_POSITIVE
        if target < 0
        else OnTrackReason.TARGET_YEAR
        if target_year is None or target_year <= start_year
        else None
    )
    if reason is not None or target_year is None:
        return make(*_NOT_ASSESSED[reason or OnTrackReason.TARGET_YEAR], *points, cr_a, None, None)
    cr_r = growth(start, target, target_year - start_year)
    if cr_r == 0:
        return make(*_NOT_ASSESSED[OnTrackReason.TARGET_AT_START], *points, cr_a, cr_r, None)
    ratio = (cr_a if up else -cr_a) / abs(cr_r)
    status = _grade(ratio, t.ratio_on_track, t.ratio_accelerate, t.ratio_progress)
    return make(status, None, *points, cr_a, cr_r, _bounded(ratio))


_make_result = maker(OnTrackResult)
_NOT_ASSESSED = {reason: (OnTrack.NOT_ASSESSED, reason) for reason in OnTrackReason}
_TOO_FEW = _NOT_ASSESSED[OnTrackReason.TOO_FEW_POINTS]


def _grade(number: float, high: float, middle: float, low: float) -> OnTrack:
    if number >= high:
        return OnTrack.ON_TRACK
    if number >= middle:
        return OnTrack.NEEDS_ACCELERATION
    if number >= low:
        return OnTrack.LIMITED_PROGRESS
    return OnTrack.DETERIORATION
