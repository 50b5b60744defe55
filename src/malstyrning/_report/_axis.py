"""The value axis of an indicator's chart: which values it must show and its ticks.

Shared by the HTML report's charts and the terminal chart, and read by the
tests: every value a chart draws (outcomes, the starting value, the target,
the comparison series) lies between the axis's bottom and top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._build import IndicatorRow

__all__ = ["ValueAxis", "chart_levels", "nice_ticks", "tick_places", "value_axis", "zero_based"]

# Units whose values are shares or counts: their bars and lines read against zero.
_ZERO_UNITS = {"%", "procent", "antal", "st", "st."}


@dataclass(frozen=True, slots=True)
class ValueAxis:
    """A chart's value axis: the ticks, and the drawn range (``bottom`` ≤ every tick ≤ ``top``)."""

    ticks: tuple[float, ...]
    bottom: float
    top: float


def zero_based(row: IndicatorRow) -> bool:
    """Whether the axis includes zero: the plan's ``diagram: {nollbaslinje: ...}``,
    else yes for a share (``%``) or a count (``antal``, ``st``)."""
    if row.zero_baseline is not None:
        return row.zero_baseline
    unit = row.result.unit
    return unit is not None and unit.strip().lower() in _ZERO_UNITS


def chart_levels(row: IndicatorRow) -> list[float]:
    """Every value the chart of ``row`` draws: outcomes, starting value, target, comparisons,
    and during the year the year's values for periods and the forecast."""
    result = row.result
    levels = [cell.value for cell in row.history if cell.value is not None]
    levels += [cell.value for cell in row.periods if cell.value is not None]
    levels += [row.forecast] if row.forecast is not None else []
    levels += [level for level in (result.baseline, result.target) if level is not None]
    for values in row.comparisons.values():
        levels += values.values()
    return levels


def value_axis(row: IndicatorRow) -> ValueAxis | None:
    """The value axis of ``row``'s chart; ``None`` when it draws no value.

    The ticks cover every value in :func:`chart_levels` (and zero when
    :func:`zero_based`). When the starting value or the target lies on the
    lowest tick, the axis reaches a quarter step lower, so that its line is
    not hidden by the axis line.
    """
    levels = chart_levels(row)
    if not levels:
        return None
    low, high = min(levels), max(levels)
    if zero_based(row):
        low, high = min(low, 0.0), max(high, 0.0)
    ticks = nice_ticks(low, high)
    step = ticks[1] - ticks[0]
    references = [level for level in (row.result.baseline, row.result.target) if level is not None]
    bottom = ticks[0] - step / 4 if any(level <= ticks[0] for level in references) else ticks[0]
    return ValueAxis(tuple(ticks), bottom, ticks[-1])


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``–``high``: steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if low == high:
        spread = abs(low) * 0.1 if abs(low) >= 1e-8 else 1.0  # see chartable
        low, high = low - spread, high + spread
    raw = (high - low) / (count - 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    # Rounded to the step's own decimals, which drops the binary noise of a
    # multiple (3 × 0.1 is 0.30000000000000004) at any size.
    places = tick_places(step)
    ticks = [round((first + i) * step, places) for i in range(last - first + 1)]
    # low / step may underflow to 0 (a value of 1e-300 beside one of 1e16),
    # and rounding may move a tick past its value: one more step then.
    if ticks[0] > low:
        ticks.insert(0, round((first - 1) * step, places))
    if ticks[-1] < high:
        ticks.append(round((last + 1) * step, places))
    return ticks


def tick_places(step: float) -> int:
    """The decimals that multiples of ``step`` (1, 2, 2.5 or 5 × 10ⁿ) need."""
    return max(0, 1 - math.floor(math.log10(step)))
