"""Many series at once: :func:`assess_series`, the engine vectorised with numpy.

The engine (:func:`~malstyrning.assess_indicator`) computes in
:class:`~decimal.Decimal` so that a value exactly on a threshold lands on the
side the rules say. Here the same rules run in three steps:

1. float64 over whole arrays, noting every series where a comparison the engine
   makes is too close to call in binary floating point (within a relative 1e-9
   of the magnitudes involved, far wider than float64's rounding), or where
   framsteg comes from differences that cancel most of their digits;
2. those series again, still vectorised, with each series scaled by a power of
   ten to integers (values written with at most 9 decimals and below 2**50
   when scaled): there float64 adds and subtracts exactly, so the comparisons
   are the engine's own;
3. what is left (more decimals, huge numbers) by the engine itself, on an
   equivalent :class:`~malstyrning.Indicator`.

So every code equals the engine's, series by series, and ``progress`` agrees
with the engine's to within 1e-12 relative.

numpy is the optional ``batch`` extra. This module does not import it until
:func:`assess_series` is called, so importing it (or ``malstyrning``) never
loads numpy.
"""

from __future__ import annotations

import math
import numbers
import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from .._errors import ArgumentTypeError, InvalidArgumentError, MissingExtraError
from .._i18n import tr
from .._model import (
    FIRST_YEAR,
    LAST_YEAR,
    SWEDISH_WORDS,
    Direction,
    Indicator,
    Method,
    MissingBaseline,
    Rules,
    TrendBasis,
)
from ._assessment import DEFAULT_NEAR, assess_indicator, merge_missing_baseline, merge_rules
from ._on_track import OnTrackThresholds, judge_on_track, on_track_thresholds
from ._results import Change, Improvement, IndicatorResult, IndicatorStatus, OnTrack, Reason

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np
    import numpy.typing as npt

    # A number for every series, or one per series: what numpy reads, or a
    # list in which None means "not given" (as the docs of assess_series say).
    _PerSeries = npt.ArrayLike | Sequence[float | None]

    _Floats = npt.NDArray[np.float64]
    _Ints = npt.NDArray[np.int64]
    _Codes = npt.NDArray[np.int8]
    _Bools = npt.NDArray[np.bool_]

__all__ = ["NO_YEAR", "SeriesAssessment", "assess_series"]

NO_YEAR: Final = 0
"""The year in an integer year array that means "no year" (real years are 1900–2200)."""

# Relative margin within which a float64 comparison is recomputed exactly. Inputs
# are floats read from decimal text: their rounding, and float64's in the few
# operations below, is about 1e-16 of the magnitudes involved.
_MARGIN = 1e-9
# An absolute floor under the margin, for magnitudes where floats are subnormal.
_FLOOR = 1e-300
# framsteg from a difference that cancels more than this factor of its operands'
# magnitude is recomputed exactly, so `progress` keeps 1e-12 relative accuracy.
_CANCELLATION = 2000.0
_SHARE_RANGE = (1e-290, 1e290)  # a share outside this range may have lost precision
_SUBNORMAL = sys.float_info.min  # below it floats lose relative precision
_FIRST_YEAR, _LAST_YEAR = FIRST_YEAR, LAST_YEAR  # the years a plan accepts

# Internal integer codes; index these tuples to get the string codes.
_STATUS = tuple(s.value for s in IndicatorStatus)  # reached, close, far, not_assessed
_REACHED, _CLOSE, _FAR, _NOT_ASSESSED = range(4)
_DIRECTION = ("", Direction.INCREASE.value, Direction.DECREASE.value, Direction.MAINTAIN.value)
_NONE, _INC, _DEC, _MNT = range(4)
_METHOD = ("", Method.PROGRESS.value, Method.FULFILMENT.value)
_PROGRESS, _FULFILMENT = 1, 2
_REASON = ("", *(r.value for r in Reason))  # "", no_outcome, no_target, no_direction, no_baseline
_NO_OUTCOME, _NO_TARGET, _NO_DIRECTION, _NO_BASELINE = range(1, 5)
_CHANGE = tuple(c.value for c in Change)  # increased, unchanged, decreased, none
_INCREASED, _UNCHANGED, _DECREASED, _CHANGE_NONE = range(4)
_IMPROVEMENT = tuple(i.value for i in Improvement)  # improved, unchanged, worsened, none
_IMPROVED, _SAME, _WORSENED, _IMPROVEMENT_NONE = range(4)
_BASIS = ("", TrendBasis.BASELINE.value, TrendBasis.PREVIOUS.value)
_BASELINE, _PREVIOUS = 1, 2

# Every spelling of a direction the plan format accepts, to its code.
_WORDS = {
    word: _DIRECTION.index(member.value)
    for member, words in SWEDISH_WORDS[Direction].items()
    for word in (*words, member.value)
}
_EXPECTED = " | ".join(words[0] for words in SWEDISH_WORDS[Direction].values())


@dataclass(frozen=True, slots=True, eq=False)
class SeriesAssessment:
    """The assessment of many series: one element per series in each array.

    Each array means what the :class:`~malstyrning.IndicatorResult` field of
    the same name means. Codes are numpy unicode arrays holding the enum
    values (``"reached"``, ``"progress"``, ...), with ``""`` where the result
    has ``None``; numbers are float64 with NaN for ``None``; years are int64
    with :data:`NO_YEAR` (0) for ``None``. The arrays are read-only.

    Not carried: the notes and ``missing`` of an IndicatorResult, and what the
    caller already has (id, title, unit, ingångsvärde, målvärde, vikt, and a
    person's ``stated`` and ``stated_trend``), nor how a report draws the
    trend arrow (``regler.trendpil``: it changes no code computed here).
    """

    status: npt.NDArray[np.str_]
    """:class:`~malstyrning.IndicatorStatus` codes."""
    method: npt.NDArray[np.str_]
    """:class:`~malstyrning.Method` codes; ``""`` when closeness was not judged by a share."""
    progress: npt.NDArray[np.float64]
    """framsteg or måluppfyllelse per ``method``; NaN when none."""
    value: npt.NDArray[np.float64]
    """The latest outcome at or before the year; NaN when none."""
    value_year: npt.NDArray[np.int64]
    """Its year; :data:`NO_YEAR` when none."""
    reason: npt.NDArray[np.str_]
    """:class:`~malstyrning.Reason` codes; ``""`` unless the status is ``not_assessed``."""
    direction: npt.NDArray[np.str_]
    """The :class:`~malstyrning.Direction` in effect (given or inferred); ``""`` when none."""
    change: npt.NDArray[np.str_]
    """The trend's :class:`~malstyrning.Change` (``Trend.direction``)."""
    improvement: npt.NDArray[np.str_]
    """The trend's :class:`~malstyrning.Improvement`."""
    reference: npt.NDArray[np.float64]
    """The value the trend compares with; NaN when none."""
    reference_year: npt.NDArray[np.int64]
    """Its year; :data:`NO_YEAR` when none (also for an ingångsvärde without a year)."""
    basis: npt.NDArray[np.str_]
    """The trend's :class:`~malstyrning.TrendBasis` code; ``""`` when there is no reference."""
    recomputed: npt.NDArray[np.bool_]
    """True where float64 was too close to call, so the series was decided exactly instead."""
    on_track: npt.NDArray[np.str_]
    """:class:`~malstyrning.OnTrack` codes (``IndicatorResult.on_track.status``);
    ``""`` where the method does not apply. A målvärde needs ``target_year``
    for it (after ``year``)."""

    def __len__(self) -> int:
        return len(self.status)


def assess_series(
    values: npt.ArrayLike,
    years: npt.ArrayLike,
    *,
    year: int | None = None,
    baseline: _PerSeries | None = None,
    baseline_year: _PerSeries | None = None,
    target: _PerSeries | None = None,
    direction: npt.ArrayLike | Sequence[str | None] | None = None,
    threshold: _PerSeries | None = None,
    tolerance: _PerSeries = 0.0,
    rules: Rules | None = None,
    target_year: _PerSeries | None = None,
) -> SeriesAssessment:
    """Assess many series at once, with the same answers as :func:`assess_indicator`.

    ``values`` has one row per series and one column per year in ``years``
    (strictly increasing); NaN is "no outcome that year". ``year`` defaults to
    the last of ``years``. ``baseline`` (ingångsvärde), ``target``
    (målvärde), ``threshold`` (gränsvärde) and ``tolerance`` are scalars or one
    value per series, NaN (or None) meaning "not given". ``baseline_year`` is
    None, a year, or one per series with :data:`NO_YEAR` (or NaN, or None) for
    "no year". ``direction`` is None (inferred as the engine does), a
    :class:`~malstyrning.Direction` or word (``"öka"``, ``"minska"``,
    ``"bibehåll"``, ``"increase"``...), or one per series with None or ``""``
    for "not given". ``rules`` are the plan-level rules, as for
    :func:`assess_indicator`. ``target_year`` is the målvärde's year, given
    as ``baseline_year`` is; the on-track judgement (``on_track``) needs it.

    Raises :class:`MissingExtraError` (a ``ModuleNotFoundError``) without numpy
    (the ``batch`` extra), :class:`ArgumentTypeError` (a ``TypeError``) for
    inputs of the wrong kind and :class:`InvalidArgumentError` (a
    ``ValueError``) for wrong shapes or values.
    """
    try:
        import numpy  # noqa: F401, PLC0415 (an optional extra, loaded on first use)
    except ModuleNotFoundError as error:
        message = tr(
            "assess_series needs the 'batch' extra (numpy): pip install 'malstyrning[batch]'",
            "assess_series behöver tillägget 'batch' (numpy): pip install 'malstyrning[batch]'",
        )
        raise MissingExtraError(message, name=error.name, extra="batch") from error
    if rules is not None and not isinstance(rules, Rules):
        raise ArgumentTypeError(
            tr(
                "rules must be a Rules or None, got {kind}",
                "rules ska vara en Rules eller None, inte {kind}",
                kind=type(rules).__name__,
            )
        )
    inputs = _Inputs.of(
        values,
        years,
        year=year,
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        direction=direction,
        threshold=threshold,
        tolerance=tolerance,
        target_year=target_year,
    )
    return _assess(inputs, rules)


@dataclass(frozen=True, slots=True)
class _Inputs:
    """Validated inputs, as float64 / int64 / int8 arrays of one row per series."""

    values: _Floats  # (n, m)
    years: _Ints  # (m,)
    year: int
    baseline: _Floats
    baseline_year: _Ints
    target: _Floats
    direction: _Codes
    threshold: _Floats
    tolerance: _Floats
    target_year: _Ints

    @classmethod
    def of(
        cls,
        values: Any,
        years: Any,
        *,
        year: int | None,
        baseline: Any,
        baseline_year: Any,
        target: Any,
        direction: Any,
        threshold: Any,
        tolerance: Any,
        target_year: Any = None,
    ) -> _Inputs:
        import numpy as np  # noqa: PLC0415

        matrix = _floats(values, "values")
        if matrix.ndim != 2:
            raise InvalidArgumentError(
                tr(
                    "values must be 2-D (series × years), got shape {shape}",
                    "values ska ha två dimensioner (serier × år), inte formen {shape}",
                    shape=matrix.shape,
                )
            )
        if np.isinf(matrix).any():
            raise InvalidArgumentError(
                tr(
                    "values must be finite numbers or NaN (no outcome)",
                    "values ska vara ändliga tal eller NaN (inget utfall)",
                )
            )
        n, m = matrix.shape
        columns = _year_array(years, "years", missing=False)
        if columns.ndim != 1 or len(columns) != m:
            raise InvalidArgumentError(
                tr(
                    "years must be a sequence of {m} years (one per column of values)",
                    "years ska vara {m} år (ett för varje kolumn i values)",
                    m=m,
                )
            )
        if m > 1 and not (np.diff(columns) > 0).all():
            raise InvalidArgumentError(
                tr("years must be strictly increasing", "years ska vara i stigande ordning")
            )
        if year is None:
            if m == 0:
                raise InvalidArgumentError(
                    tr("year is needed when there are no years", "year behövs när years är tom")
                )
            year = int(columns[-1])
        elif isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise ArgumentTypeError(
                tr(
                    "year must be an int, got {kind}",
                    "year ska vara ett heltal, inte {kind}",
                    kind=type(year).__name__,
                )
            )

        by = (
            np.zeros(n, dtype=np.int64)
            if baseline_year is None
            else _per_series(_year_array(baseline_year, "baseline_year", missing=True), n, "baseline_year")
        )
        ty = (
            np.zeros(n, dtype=np.int64)
            if target_year is None
            else _per_series(_year_array(target_year, "target_year", missing=True), n, "target_year")
        )
        tol = _per_series(_floats(tolerance, "tolerance"), n, "tolerance")
        if not (np.isfinite(tol) & (tol >= 0)).all():
            raise InvalidArgumentError(
                tr(
                    "tolerance must be a finite number ≥ 0 for every series",
                    "tolerance ska vara ett ändligt tal ≥ 0 för varje serie",
                )
            )
        points = {
            name: _per_series(_floats(given, name), n, name)
            for name, given in (("baseline", baseline), ("target", target), ("threshold", threshold))
        }
        for name, array in points.items():
            if np.isinf(array).any():
                raise InvalidArgumentError(
                    tr(
                        "{name} must be finite numbers or NaN (not given)",
                        "{name} ska vara ändliga tal eller NaN (inte angivet)",
                        name=name,
                    )
                )
        return cls(
            values=matrix,
            years=columns,
            year=int(year),
            baseline=points["baseline"],
            baseline_year=by,
            target=points["target"],
            direction=_directions(direction, n),
            threshold=points["threshold"],
            tolerance=tol,
            target_year=ty,
        )


def _floats(given: Any, name: str) -> _Floats:
    """``given`` as float64, None as NaN; booleans, text and the like refused."""
    import numpy as np  # noqa: PLC0415

    if given is None:
        return np.array(np.nan)
    try:
        array = np.asarray(given)
    except ValueError as error:  # ragged nested lists
        raise InvalidArgumentError(
            tr("{name}: {error}", "{name}: delarna är olika långa ({error})", name=name, error=error)
        ) from None
    if array.dtype.kind in "iuf":
        return array.astype(np.float64, copy=False)
    if array.dtype.kind == "O":
        flat = [_float(v, name) for v in array.ravel().tolist()]
        return np.array(flat, dtype=np.float64).reshape(array.shape)
    raise ArgumentTypeError(
        tr(
            "{name} must be numbers (NaN or None for none), got {kind} values",
            "{name} ska vara tal (NaN eller None för inget), inte värden av typen {kind}",
            name=name,
            kind=array.dtype,
        )
    )


def _float(value: object, name: str) -> float:
    if value is None:
        return float("nan")
    if not isinstance(value, bool) and isinstance(value, numbers.Real):
        return float(value)
    raise ArgumentTypeError(
        tr(
            "{name} must be numbers (NaN or None for none), got {kind}",
            "{name} ska vara tal (NaN eller None för inget), inte {kind}",
            name=name,
            kind=type(value).__name__,
        )
    )


def _year_array(given: Any, name: str, *, missing: bool) -> _Ints:
    """Years as int64 within 1900–2200; with ``missing``, NaN, None and NO_YEAR for "no year"."""
    import numpy as np  # noqa: PLC0415

    array = np.asarray(given)
    if array.dtype.kind not in "iu":
        floats = _floats(given, name)
        whole = np.isnan(floats) | (np.isfinite(floats) & (floats == np.round(floats)))
        if not whole.all():
            raise InvalidArgumentError(tr("{name} must be whole years", "{name} ska vara hela år", name=name))
        array = np.where(np.isnan(floats), NO_YEAR, floats)
    if array.size and (np.abs(array).max() > 10**6):
        raise InvalidArgumentError(_years_between(name))
    result = array.astype(np.int64)
    given_years = result[result != NO_YEAR] if missing else result
    if ((given_years < _FIRST_YEAR) | (given_years > _LAST_YEAR)).any():
        raise InvalidArgumentError(_years_between(name))
    return result


def _years_between(name: str) -> str:
    return tr(
        "{name} must be years between {first} and {last}",
        "{name} ska vara år mellan {first} och {last}",
        name=name,
        first=_FIRST_YEAR,
        last=_LAST_YEAR,
    )


def _per_series(array: Any, n: int, name: str) -> Any:
    """A scalar broadcast to ``n`` series, or an array of exactly ``n``."""
    import numpy as np  # noqa: PLC0415

    if array.ndim == 0:
        return np.full(n, array[()], dtype=array.dtype)
    if array.shape != (n,):
        raise InvalidArgumentError(
            tr(
                "{name} must be a scalar or have one value per series ({n}), got shape {shape}",
                "{name} ska vara ett enda värde eller ett värde per serie ({n}), inte formen {shape}",
                name=name,
                n=n,
                shape=array.shape,
            )
        )
    return array


def _directions(given: Any, n: int) -> _Codes:
    import numpy as np  # noqa: PLC0415

    if given is None or isinstance(given, str):
        return np.full(n, _direction_code(given), dtype=np.int8)
    array = np.asarray(given)
    if array.ndim != 1 or len(array) != n:
        raise InvalidArgumentError(
            tr(
                "direction must be one word or one per series ({n}), got shape {shape}",
                "direction ska vara ett ord eller ett per serie ({n}), inte formen {shape}",
                n=n,
                shape=array.shape,
            )
        )
    if array.dtype.kind != "U":  # None among the words, or something else
        array = np.array(["" if w is None else _text_word(w) for w in array.tolist()], dtype=str)
    codes = np.full(n, -1, dtype=np.int8)
    if n and array.itemsize:
        # The usual spellings first, narrowed by their first character (cheap to compare).
        first = np.ascontiguousarray(array).view(np.uint32).reshape(n, -1)[:, 0]
        for word, code in (("", _NONE), *_WORDS.items()):
            candidates = np.flatnonzero(first == (ord(word[0]) if word else 0))
            codes[candidates[array[candidates] == word]] = code
    elif n:
        codes[:] = _NONE  # an array of empty strings
    rest = np.flatnonzero(codes < 0)
    if rest.size:  # other spacing or case, or unknown words
        uniques, inverse = np.unique(array[rest], return_inverse=True)
        found = np.array([_direction_code(str(w)) for w in uniques.tolist()], dtype=np.int8)
        codes[rest] = found[inverse.reshape(-1)]
    return codes


def _text_word(given: object) -> str:
    if isinstance(given, str):
        return given
    raise ArgumentTypeError(
        tr(
            'direction must be words (None or "" for none), got {kind}',
            'direction ska vara ord (None eller "" för inget), inte {kind}',
            kind=type(given).__name__,
        )
    )


def _direction_code(word: str | None) -> int:
    if word is None:
        return _NONE
    key = " ".join(str(word).split()).lower()
    if not key:
        return _NONE
    if key in _WORDS:
        return _WORDS[key]
    raise InvalidArgumentError(
        tr(
            "direction: expected one of {expected}, got {word!r}",
            "direction: ska vara något av {expected}, inte {word!r}",
            expected=_EXPECTED,
            word=word,
        )
    )


@dataclass(frozen=True, slots=True)
class _Rows:
    """What the rules look at in each series: the value, the previous outcome, the plan's numbers."""

    x: _Floats  # the value (latest outcome at or before the year); NaN: none
    value_year: _Ints
    prev: _Floats  # the latest outcome before the value's year; NaN: none
    prev_year: _Ints
    b: _Floats
    by: _Ints
    t: _Floats
    th: _Floats
    tol: _Floats
    d: _Codes  # the direction given, _NONE when none

    def take(self, idx: Any) -> _Rows:
        return _Rows(*(getattr(self, name)[idx] for name in self.__slots__))

    def numbers(self) -> list[_Floats]:
        """The numbers the rules compare, in the order :meth:`with_numbers` takes them."""
        return [self.x, self.prev, self.b, self.t, self.th, self.tol]

    def with_numbers(self, numbers: Any) -> _Rows:
        x, prev, b, t, th, tol = numbers
        return _Rows(x, self.value_year, prev, self.prev_year, b, self.by, t, th, tol, self.d)


@dataclass(frozen=True, slots=True)
class _Decision:
    """Integer codes per series, the share, and where float64 could not decide."""

    status: _Codes
    method: _Codes
    progress: _Floats
    reason: _Codes
    direction: _Codes
    change: _Codes
    improvement: _Codes
    basis: _Codes
    unsure: _Bools


# Scaled to integers, numbers are exact in float64 below 2**53; inputs are kept
# below 2**50 so that their sums and differences are exact too.
_EXACT_INPUT, _EXACT = 2.0**50, 2.0**53
_MAX_DECIMALS = 9


def _select(inp: _Inputs) -> _Rows:
    """Each series' value at the year and the outcome before it: index work, no arithmetic."""
    import numpy as np  # noqa: PLC0415

    values, years = inp.values, inp.years
    n, m = values.shape
    if m == 0:
        none = np.full(n, np.nan)
        no_year = np.full(n, NO_YEAR, dtype=np.int64)
        return _Rows(
            none,
            no_year,
            none,
            no_year,
            inp.baseline,
            inp.baseline_year,
            inp.target,
            inp.threshold,
            inp.tolerance,
            inp.direction,
        )
    rows = np.arange(n)
    # last[:, j]: the column of the latest outcome at or before column j; -1 if none.
    last = np.maximum.accumulate(np.where(np.isnan(values), -1, np.arange(m)), axis=1)
    k = int(np.searchsorted(years, inp.year, side="right"))
    vcol = last[:, k - 1] if k else np.full(n, -1)
    pcol = np.where(vcol >= 1, last[rows, np.maximum(vcol - 1, 0)], -1)
    x = np.where(vcol >= 0, values[rows, np.maximum(vcol, 0)], np.nan)
    prev = np.where(pcol >= 0, values[rows, np.maximum(pcol, 0)], np.nan)
    return _Rows(
        x=x,
        value_year=np.where(vcol >= 0, years[np.maximum(vcol, 0)], NO_YEAR),
        prev=prev,
        prev_year=np.where(pcol >= 0, years[np.maximum(pcol, 0)], NO_YEAR),
        b=inp.baseline,
        by=inp.baseline_year,
        t=inp.target,
        th=inp.threshold,
        tol=inp.tolerance,
        d=inp.direction,
    )


def _tight(a: Any, b: Any, scale: Any) -> Any:
    """Where ``a`` and ``b`` are too close for float64 to order them for sure (NaN: too close)."""
    import numpy as np  # noqa: PLC0415

    return ~(np.abs(a - b) > _MARGIN * scale + _FLOOR)


def _decide(
    r: _Rows,
    *,
    method_rule: Method,
    trend_rule: TrendBasis,
    nears: tuple[tuple[float, float], tuple[float, float]],
    exact: bool,
    unjudged: _Bools | None = None,
) -> _Decision:
    """The engine's rules over arrays, following :func:`assess_indicator` step by step.

    A share ``a / b`` is compared with ``nära`` without dividing, as
    ``a·near_den >= near_num·b`` (sign-adjusted); ``nears`` holds
    ``(near_num, near_den)`` for framsteg and for måluppfyllelse. With
    ``exact``, every number is an integer below 2**50 (the series scaled by a
    power of ten), so sums and differences are exact and only products that
    might reach 2**53 are unsure; otherwise every comparison within a relative
    :data:`_MARGIN` of its operands is. ``unjudged``: where
    ``saknat_ingångsvärde: ej_bedömd`` holds for a series without ingångsvärde.
    """
    import numpy as np  # noqa: PLC0415

    n = len(r.x)
    x, b, t, th, tol, d = r.x, r.b, r.t, r.th, r.tol, r.d
    has_x, has_b, has_t, has_th = ~np.isnan(x), ~np.isnan(b), ~np.isnan(t), ~np.isnan(th)
    has_by = r.by != NO_YEAR
    unsure = np.zeros(n, dtype=bool)

    def tight(a: Any, b: Any, scale: Any) -> Any:
        return np.zeros(n, dtype=bool) if exact else _tight(a, b, scale)

    # riktning: given, or inferred from ingångsvärde → målvärde.
    infer = (d == _NONE) & has_b & has_t
    d = np.where(infer, np.where(t == b, _MNT, np.where(t > b, _INC, _DEC)), d).astype(np.int8)
    inc, mnt = d == _INC, d == _MNT

    def good(a: Any, mark: Any) -> Any:
        """At or past ``mark`` in the desired direction."""
        return np.where(inc, a >= mark, a <= mark)

    # A starting value from after the outcome says nothing about how far it got.
    has_start = has_b & ~(has_by & has_x & (r.by > r.value_year))
    start = np.where(has_start, b, np.nan)

    no_start = ~has_t & ~has_start
    if unjudged is not None and method_rule is Method.PROGRESS:
        no_start |= unjudged & ~mnt  # ej_bedömd: no fallback to måluppfyllelse
    reason = np.select(
        [~has_t & (d == _NONE), d == _NONE, no_start, ~has_x],
        [_NO_TARGET, _NO_DIRECTION, _NO_BASELINE, _NO_OUTCOME],
        0,
    ).astype(np.int8)
    assessed = reason == 0
    status = np.full(n, _NOT_ASSESSED, dtype=np.int8)
    method = np.zeros(n, dtype=np.int8)
    progress = np.full(n, np.nan)

    # Only a direction: better than the start by more than the tolerance.
    only = assessed & ~has_t & ~mnt
    gain = np.where(inc, x - start, start - x)
    close = (np.abs(gain) <= tol) | (has_th & good(x, th))
    status[only] = np.where(gain > tol, _REACHED, np.where(close, _CLOSE, _FAR))[only]
    # With no tolerance both comparisons are x against the start: exact in float64.
    unsure |= only & (tol > 0) & tight(np.abs(gain), tol, np.abs(x) + np.abs(start) + tol)

    # bibehåll: within the tolerance of the goal, else close if no further off than the gränsvärde.
    keep = assessed & mnt
    goal = np.where(has_t, t, start)
    off, limit = np.abs(x - goal), np.abs(th - goal)
    held = off <= tol
    status[keep] = np.where(held, _REACHED, np.where(has_th & (off <= limit), _CLOSE, _FAR))[keep]
    unsure |= keep & (tol > 0) & tight(off, tol, np.abs(x) + np.abs(goal) + tol)
    scale = np.abs(x) + np.abs(th) + 2 * np.abs(goal)
    unsure |= keep & ~held & has_th & (x != th) & tight(off, limit, scale)

    # A målvärde and öka/minska: reached, else close by a gränsvärde or by a share.
    aim = assessed & has_t & ~mnt
    reached = good(x, t)
    by_progress = aim & (method_rule is Method.PROGRESS) & has_start & ~good(start, t)
    by_fulfilment = aim & ~by_progress & (t > 0) & (x > 0)
    used = np.where(by_progress, _PROGRESS, np.where(by_fulfilment, _FULFILMENT, 0))
    num, den = x - start, t - start
    share = np.where(by_progress, num / den, np.where(inc, x / t, t / x))
    # share >= nära without dividing: framsteg num >= near·den (den > 0 for öka,
    # < 0 for minska); måluppfyllelse x >= near·t (öka) or t >= near·x (minska).
    (progress_num, progress_den), (fulfil_num, fulfil_den) = nears
    near_num = np.where(by_progress, progress_num, fulfil_num)
    near_den = np.where(by_progress, progress_den, fulfil_den)
    lhs = np.where(by_progress, num, np.where(inc, x, t)) * near_den
    rhs = near_num * np.where(by_progress, den, np.where(inc, t, x))
    enough = np.where(by_progress & (den < 0), lhs <= rhs, lhs >= rhs)
    close = np.where(has_th, good(x, th), (used > 0) & enough)
    status[aim] = np.where(reached, _REACHED, np.where(close, _CLOSE, _FAR))[aim]
    method[aim] = used[aim]
    shared = aim & (used > 0)
    progress[shared] = share[shared]
    judged = shared & ~reached & ~has_th  # where the share decided the status
    if exact:
        unsure |= judged & ~((np.abs(lhs) < _EXACT) & (np.abs(rhs) < _EXACT))
    else:
        scale = np.where(
            by_progress,
            (np.abs(x) + np.abs(start)) * near_den + near_num * (np.abs(t) + np.abs(start)),
            np.abs(lhs) + np.abs(rhs),
        )
        unsure |= judged & tight(lhs, rhs, scale)
        # framsteg from differences that cancel most of their digits, a share
        # near the ends of float64's range, or from subnormal numbers (which
        # hold few digits) may be off by more than 1e-12.
        cancels = (x != start) & ~(_CANCELLATION * np.abs(num) >= np.abs(x) + np.abs(start))
        cancels |= ~(_CANCELLATION * np.abs(den) >= np.abs(t) + np.abs(start))
        low, high = _SHARE_RANGE
        in_range = (np.abs(share) >= low) & (np.abs(share) <= high)
        unsure |= (by_progress & cancels) | (shared & ~in_range & ~(by_progress & (x == start)))
        tiny = [(v != 0) & (np.abs(v) < _SUBNORMAL) for v in (x, t, np.where(by_progress, start, 1.0))]
        unsure |= shared & (tiny[0] | tiny[1] | tiny[2])

    # The trend: against the ingångsvärde when it is from before the value (or
    # has no year) and the rules say so, else against the previous outcome.
    from_baseline = has_x & (trend_rule is TrendBasis.BASELINE) & has_b & (~has_by | (r.by < r.value_year))
    from_previous = has_x & ~from_baseline & ~np.isnan(r.prev)
    has_ref = from_baseline | from_previous
    ref = np.where(from_baseline, b, r.prev)
    basis = np.where(from_baseline, _BASELINE, np.where(from_previous, _PREVIOUS, 0)).astype(np.int8)
    delta = np.abs(x - ref)
    change = np.where(delta <= tol, _UNCHANGED, np.where(x > ref, _INCREASED, _DECREASED))
    change = np.where(has_ref, change, _CHANGE_NONE).astype(np.int8)
    unsure |= has_ref & (tol > 0) & tight(delta, tol, np.abs(x) + np.abs(ref) + tol)

    # Improvement: the change against the direction; for bibehåll, closer to the goal or not.
    aim_at = np.where(has_t, t, b)
    has_aim = has_t | has_b
    closer = np.abs(ref - aim_at) - np.abs(x - aim_at)
    kept = np.where(np.abs(closer) <= tol, _SAME, np.where(closer > 0, _IMPROVED, _WORSENED))
    up = change == _INCREASED
    moved = np.where(change == _UNCHANGED, _SAME, np.where(up == inc, _IMPROVED, _WORSENED))
    improvement = np.where(
        ~has_ref | (d == _NONE) | (mnt & ~has_aim), _IMPROVEMENT_NONE, np.where(mnt, kept, moved)
    )
    scale = np.abs(ref) + np.abs(x) + 2 * np.abs(aim_at) + tol
    unsure |= has_ref & mnt & has_aim & (ref != x) & tight(np.abs(closer), tol, scale)

    return _Decision(
        status=status,
        method=method,
        progress=progress,
        reason=reason,
        direction=d,
        change=change,
        improvement=improvement.astype(np.int8),
        basis=basis,
        unsure=unsure,
    )


def _decimals(numbers: Any) -> Any:
    """Per column of ``numbers``, the fewest decimals that write each of them exactly, at most
    :data:`_MAX_DECIMALS`; ``_MAX_DECIMALS + 1`` where there is no such count."""
    import numpy as np  # noqa: PLC0415

    places = np.full(numbers.shape, _MAX_DECIMALS + 1)
    for k in range(_MAX_DECIMALS, -1, -1):
        places = np.where(_written_with(numbers, 10.0**k), k, places)
    return np.where(np.isnan(numbers), 0, places).max(axis=0)


def _written_with(numbers: Any, scale: Any) -> Any:
    """Where ``numbers × scale`` is an integer below 2**50 that reads back as the number.

    Such a number's shortest repr is that integer over ``scale``: no other
    decimal with as few places is as close, so the engine's Decimal is exact.
    """
    import numpy as np  # noqa: PLC0415

    scaled = np.rint(numbers * scale)
    return (np.abs(scaled) < _EXACT_INPUT) & (scaled / scale == numbers)


def _exactly(r: _Rows, **rules: Any) -> tuple[_Decision, _Bools]:
    """Decide ``r`` again in integers: each series scaled by 10**k, k its numbers' decimals.

    Scaling by a positive number keeps every comparison and every share, and in
    integers below 2**50 float64 adds and subtracts exactly. Returns the
    decision and where it holds (the series could be scaled, nothing was unsure).
    """
    import numpy as np  # noqa: PLC0415

    numbers = np.stack(r.numbers())
    places = _decimals(numbers)
    scale = 10.0 ** np.minimum(places, _MAX_DECIMALS)
    fits = (places <= _MAX_DECIMALS) & (np.isnan(numbers) | _written_with(numbers, scale)).all(axis=0)
    decision = _decide(r.with_numbers(np.rint(numbers * scale)), exact=True, **rules)
    return decision, fits & ~decision.unsure


def _fraction(near: float) -> tuple[float, float]:
    """``near`` as (numerator, 10**k); NaNs (so: unsure) past :data:`_MAX_DECIMALS` places."""
    import numpy as np  # noqa: PLC0415

    places = int(_decimals(np.array([[near]]))[0])
    if places > _MAX_DECIMALS:
        return math.nan, math.nan
    return float(round(near * 10**places)), float(10**places)


def _assess(inp: _Inputs, rules: Rules | None) -> SeriesAssessment:
    import numpy as np  # noqa: PLC0415

    method_rule, explicit_near, trend_rule = merge_rules((rules,))
    missing_baseline = merge_missing_baseline((rules,))
    progress_near = DEFAULT_NEAR[Method.PROGRESS] if explicit_near is None else explicit_near
    fulfil_near = DEFAULT_NEAR[Method.FULFILMENT] if explicit_near is None else explicit_near
    rows = _select(inp)
    unstarted = np.isnan(rows.b)  # no ingångsvärde given
    if missing_baseline is MissingBaseline.PREVIOUS_OUTCOME:
        # föregående_utfall: the outcome before the value's year stands in for a missing ingångsvärde.
        rows = replace(
            rows,
            b=np.where(unstarted, rows.prev, rows.b),
            by=np.where(unstarted, rows.prev_year, rows.by),
        )
    # ej_bedömd: no ingångsvärde, so framsteg toward a målvärde is not assessed.
    unjudged = unstarted if missing_baseline is MissingBaseline.NOT_ASSESSED else None
    with np.errstate(all="ignore"):
        # 1. float64 for every series.
        decision = _decide(
            rows,
            method_rule=method_rule,
            trend_rule=trend_rule,
            nears=((progress_near, 1.0), (fulfil_near, 1.0)),
            exact=False,
            unjudged=unjudged,
        )
        # 2. Where that was too close to call: exact integers, still vectorised.
        unsure = np.flatnonzero(decision.unsure)
        exact, done = _exactly(
            rows.take(unsure),
            method_rule=method_rule,
            trend_rule=trend_rule,
            nears=(_fraction(progress_near), _fraction(fulfil_near)),
            unjudged=None if unjudged is None else unjudged[unsure],
        )
    codes = {
        name: getattr(decision, name)
        for name in ("status", "method", "progress", "reason", "direction", "change", "improvement", "basis")
    }
    for name, array in codes.items():
        array[unsure[done]] = getattr(exact, name)[done]

    from_baseline, from_previous = codes["basis"] == _BASELINE, codes["basis"] == _PREVIOUS
    result: dict[str, Any] = {
        "status": np.array(_STATUS)[codes["status"]],
        "method": np.array(_METHOD)[codes["method"]],
        "progress": codes["progress"],
        "value": rows.x.copy(),
        "value_year": rows.value_year.astype(np.int64),
        "reason": np.array(_REASON)[codes["reason"]],
        "direction": np.array(_DIRECTION)[codes["direction"]],
        "change": np.array(_CHANGE)[codes["change"]],
        "improvement": np.array(_IMPROVEMENT)[codes["improvement"]],
        "reference": np.where(from_baseline, rows.b, np.where(from_previous, rows.prev, np.nan)),
        "reference_year": np.where(from_baseline, rows.by, np.where(from_previous, rows.prev_year, NO_YEAR)),
        "basis": np.array(_BASIS)[codes["basis"]],
        "recomputed": decision.unsure,
    }
    # 3. What integers could not settle (many decimals, huge numbers): the engine itself.
    for i in unsure[~done].tolist():
        _store(result, i, assess_indicator(_indicator(inp, i), year=inp.year, rules=rules))
    thresholds = on_track_thresholds(None if rules is None else rules.on_track)
    result["on_track"] = _on_track(inp, rows, result["direction"], thresholds)
    for array in result.values():
        array.flags.writeable = False
    return SeriesAssessment(**result)


def _indicator(inp: _Inputs, i: int) -> Indicator:
    """The :class:`Indicator` that series ``i`` stands for, built by the model's field names."""
    import numpy as np  # noqa: PLC0415

    fields: dict[str, Any] = {
        "id": f"serie-{i}",
        "title": f"Serie {i}",
        "tolerance": float(inp.tolerance[i]),
        "outcomes": {
            int(y): {"value": float(v)}
            for y, v in zip(inp.years, inp.values[i], strict=True)
            if not np.isnan(v)
        },
    }
    if not np.isnan(inp.baseline[i]):
        fields["baseline"] = {"value": float(inp.baseline[i])}
        if inp.baseline_year[i] != NO_YEAR:
            fields["baseline"]["year"] = int(inp.baseline_year[i])
    if not np.isnan(inp.target[i]):
        fields["target"] = {"value": float(inp.target[i])}
        if inp.target_year[i] != NO_YEAR:
            fields["target"]["year"] = int(inp.target_year[i])
    if not np.isnan(inp.threshold[i]):
        fields["threshold"] = float(inp.threshold[i])
    if inp.direction[i] != _NONE:
        fields["direction"] = Direction(_DIRECTION[inp.direction[i]])
    # Validated as a plan's indicator is, by the Python names rather than the
    # Swedish keys of the plan format.
    return Indicator.model_validate(fields, by_alias=False, by_name=True)


def _store(result: dict[str, Any], i: int, exact: IndicatorResult) -> None:
    """Write the engine's result for series ``i`` over the float64 one."""
    nan = float("nan")
    trend = exact.trend
    result["status"][i] = exact.status.value
    result["method"][i] = exact.method.value if exact.method else ""
    result["progress"][i] = nan if exact.progress is None else exact.progress
    result["value"][i] = nan if exact.value is None else exact.value
    result["value_year"][i] = exact.value_year or NO_YEAR
    result["reason"][i] = exact.reason.value if exact.reason else ""
    result["direction"][i] = exact.direction.value if exact.direction else ""
    result["change"][i] = trend.direction.value
    result["improvement"][i] = trend.improvement.value
    result["reference"][i] = nan if trend.reference is None else trend.reference
    result["reference_year"][i] = trend.reference_year or NO_YEAR
    result["basis"][i] = trend.basis.value if trend.basis else ""


# On track (_on_track.py), vectorised. Codes index _ON_TRACK; -1 is "does not apply".
_ON_TRACK = (*(status.value for status in OnTrack), "")
_ACHIEVED, _ON, _ACCELERATE, _LIMITED, _DETERIORATION, _ON_NOT_ASSESSED = range(6)
_LOG_CAP = 700.0  # as _on_track.growth


def _on_track(inp: _Inputs, rows: _Rows, direction: Any, thresholds: OnTrackThresholds) -> Any:
    """The on-track codes of every series, as :func:`judge_on_track` gives them.

    float64 first; a series whose number (ratio or growth) is within a relative
    1e-9 of a threshold, or whose required growth is within 1e-12 of zero, is
    judged again by :func:`judge_on_track` itself, so the codes are its codes.
    """
    import numpy as np  # noqa: PLC0415

    n = len(rows.x)
    up, down = direction == Direction.INCREASE.value, direction == Direction.DECREASE.value
    x, vy, t, ty = rows.x, rows.value_year, rows.t, inp.target_year
    has_t, has_x = ~np.isnan(t), ~np.isnan(x)
    # The start: the ingångsvärde with a year before the value's, else the earliest outcome before it.
    use_b = ~np.isnan(rows.b) & (rows.by != NO_YEAR) & (rows.by < vy) & has_x
    values, years = inp.values, inp.years
    if values.shape[1]:
        present = ~np.isnan(values)
        first = np.argmax(present, axis=1)
        fy = np.where(present.any(axis=1), years[first], NO_YEAR)
        fv = values[np.arange(n), first]
    else:
        fy, fv = np.full(n, NO_YEAR, dtype=np.int64), np.full(n, np.nan)
    use_first = ~use_b & has_x & (fy != NO_YEAR) & (fy < vy)
    s = np.where(use_b, rows.b, np.where(use_first, fv, np.nan))
    sy = np.where(use_b, rows.by, np.where(use_first, fy, NO_YEAR))
    has_s = use_b | use_first

    applies = (up | down) & np.where(has_t, (ty != NO_YEAR) & (ty > inp.year), has_x & has_s)
    code = np.full(n, -1, dtype=np.int8)
    code[applies] = _ON_NOT_ASSESSED
    sign = np.where(up, 1.0, -1.0)
    with np.errstate(all="ignore"):
        achieved = applies & has_t & np.where(up, x >= t, x <= t)
        growing = applies & ~achieved & has_s & (s > 0) & (x > 0)
        span = np.where(growing, vy - sy, 1).astype(np.float64)
        cr_a = np.expm1(np.minimum((np.log(x) - np.log(s)) / span, _LOG_CAP))
        gain = sign * cr_a
        # With a target: a positive one whose year is after the start's.
        aimed = growing & has_t & (t > 0) & (ty > sy)
        tspan = np.where(aimed, ty - sy, 1).astype(np.float64)
        cr_r = np.expm1(np.minimum((np.log(t) - np.log(s)) / tspan, _LOG_CAP))
        number = np.where(has_t, gain / np.abs(cr_r), gain)
        graded = (growing & ~has_t) | (aimed & (cr_r != 0))
        th = thresholds
        high = np.where(has_t, th.ratio_on_track, th.growth_on_track)
        middle = np.where(has_t, th.ratio_accelerate, th.growth_accelerate)
        low = np.where(has_t, th.ratio_progress, th.growth_progress)
        grade = np.where(
            number >= high,
            _ON,
            np.where(number >= middle, _ACCELERATE, np.where(number >= low, _LIMITED, _DETERIORATION)),
        )
        code[graded] = grade[graded]
        code[achieved] = _ACHIEVED

        def near(mark: Any) -> Any:
            scale = np.maximum(np.maximum(np.abs(mark), np.abs(number)), 1e-300)
            return np.abs(number - mark) <= 1e-9 * scale

        unsure = (graded & (near(high) | near(middle) | near(low))) | (aimed & (np.abs(cr_r) < 1e-12))
    for i in np.flatnonzero(unsure).tolist():
        found = judge_on_track(
            start=float(s[i]),
            start_year=int(sy[i]),
            value=float(x[i]),
            value_year=int(vy[i]),
            target=float(t[i]) if has_t[i] else None,
            target_year=int(ty[i]) if ty[i] != NO_YEAR else None,
            direction=Direction.INCREASE if up[i] else Direction.DECREASE,
            thresholds=thresholds,
        )
        code[i] = _ON_TRACK.index(found.status.value)
    return np.array(_ON_TRACK)[code]
