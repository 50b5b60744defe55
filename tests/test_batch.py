"""assess_series: many series at once, with exactly the engine's answers."""

from __future__ import annotations

import math
import subprocess
import sys
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

import malstyrning
from malstyrning import Direction, Rules
from malstyrning._engine import _batch as batch_module
from malstyrning._engine._batch import NO_YEAR, SeriesAssessment, assess_series

np = pytest.importorskip("numpy")

YEARS = list(range(2014, 2021))
CODES = ("status", "method", "reason", "direction", "change", "improvement", "basis")


# -- the engine, one series at a time ------------------------------------------


def indicator(
    values: list[float],
    *,
    baseline: float | None = None,
    baseline_year: int | None = None,
    target: float | None = None,
    direction: str | None = None,
    threshold: float | None = None,
    tolerance: float = 0.0,
    years: list[int] = YEARS,
) -> malstyrning.Indicator:
    """The plan indicator a row of a batch stands for, written with the Swedish keys."""
    data: dict[str, Any] = {
        "id": "i",
        "titel": "Indikator",
        "tolerans": tolerance,
        "utfall": {y: v for y, v in zip(years, values, strict=True) if not math.isnan(v)},
    }
    if baseline is not None:
        data["ingångsvärde"] = {"värde": baseline} | ({"år": baseline_year} if baseline_year else {})
    if target is not None:
        data["målvärde"] = target
    if direction:
        data["riktning"] = direction
    if threshold is not None:
        data["gränsvärde"] = threshold
    return malstyrning.Indicator.model_validate(data)


def engine_row(result: malstyrning.IndicatorResult) -> dict[str, Any]:
    """An engine result in the batch's encoding: "" for None codes, NaN, NO_YEAR."""
    trend = result.trend
    return {
        "status": result.status.value,
        "method": result.method.value if result.method else "",
        "reason": result.reason.value if result.reason else "",
        "direction": result.direction.value if result.direction else "",
        "change": trend.direction.value,
        "improvement": trend.improvement.value,
        "basis": trend.basis.value if trend.basis else "",
        "value_year": result.value_year or NO_YEAR,
        "reference_year": trend.reference_year or NO_YEAR,
        "value": math.nan if result.value is None else result.value,
        "reference": math.nan if trend.reference is None else trend.reference,
        "progress": math.nan if result.progress is None else result.progress,
    }


def batch_row(series: SeriesAssessment, i: int) -> dict[str, Any]:
    row: dict[str, Any] = {name: str(getattr(series, name)[i]) for name in CODES}
    for name in ("value_year", "reference_year"):
        row[name] = int(getattr(series, name)[i])
    for name in ("value", "reference", "progress"):
        row[name] = float(getattr(series, name)[i])
    return row


def assert_same(got: dict[str, Any], expected: dict[str, Any], where: object) -> None:
    """Codes and years equal, value and reference exactly, progress within 1e-12 relative."""
    for name in (*CODES, "value_year", "reference_year"):
        assert got[name] == expected[name], (name, where, got, expected)
    for name in ("value", "reference"):
        assert got[name] == expected[name] or (math.isnan(got[name]) and math.isnan(expected[name])), (
            name,
            where,
        )
    a, b = got["progress"], expected["progress"]
    assert (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-12 * abs(b), (where, a, b)


def rules_of(method: str | None = None, near: float | None = None, trend: str | None = None) -> Rules:
    data = {"metod": method, "nära": near, "trend": trend}
    return Rules.model_validate({k: v for k, v in data.items() if v is not None})


# -- the property: the same answers as the engine, series by series ------------

# Values as written: tenths and halves between -5 and 15, often small tenths,
# where binary rounding bites (0.1 + 0.2 != 0.3), and now and then a number with
# many digits, which only the engine itself can settle.
grid = st.one_of(
    st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9, 1.0, 1.1, 1.2, 1.5, 2.4, 3.0]),
    st.integers(-50, 150).map(lambda k: k / 10),
    st.integers(-10, 30).map(lambda k: k / 2),
    st.sampled_from([0.30000000000000004, 1 / 3, 12345.67, 12345.87, 12346.57]),
)
maybe = st.one_of(st.none(), grid)
rows = st.fixed_dictionaries(
    {
        "values": st.lists(st.one_of(st.just(math.nan), grid), min_size=len(YEARS), max_size=len(YEARS)),
        "baseline": maybe,
        "baseline_year": st.sampled_from([None, 2014, 2016, 2017, 2020]),
        "target": maybe,
        "threshold": st.one_of(st.none(), st.none(), grid),
        "tolerance": st.sampled_from([0.0, 0.0, 0.1, 0.2, 0.3, 0.5, 1.0]),
        "direction": st.sampled_from([None, "öka", "minska", "bibehåll"]),
    }
)
plan_rules = st.builds(
    rules_of,
    st.sampled_from([None, "framsteg", "måluppfyllelse"]),
    st.sampled_from([None, 0.3, 0.5, 0.75, 0.8, 1.0, 1 / 3]),
    st.sampled_from([None, "ingångsvärde", "föregående"]),
)
assessed_years = st.sampled_from([None, 2013, 2014, 2016, 2018, 2020, 2021])


def check_against_engine(batch: list[dict[str, Any]], rules: Rules, year: int | None) -> SeriesAssessment:
    def column(name: str, none: Any = math.nan) -> list[Any]:
        return [none if row[name] is None else row[name] for row in batch]

    series = assess_series(
        np.array([row["values"] for row in batch]).reshape(len(batch), len(YEARS)),
        YEARS,
        year=year,
        baseline=column("baseline"),
        baseline_year=column("baseline_year", NO_YEAR),
        target=column("target"),
        direction=[row["direction"] for row in batch],
        threshold=column("threshold"),
        tolerance=column("tolerance"),
        rules=rules,
    )
    assert len(series) == len(batch)
    for i, row in enumerate(batch):
        expected = malstyrning.assess_indicator(
            indicator(**row), year=YEARS[-1] if year is None else year, rules=rules
        )
        assert_same(batch_row(series, i), engine_row(expected), (i, row, rules, year))
    return series


@given(st.lists(rows, min_size=1, max_size=12), plan_rules, assessed_years)
def test_every_series_gets_the_engines_answer(
    batch: list[dict[str, Any]], rules: Rules, year: int | None
) -> None:
    """Codes, years, value and reference as the engine; progress within 1e-12 relative."""
    check_against_engine(batch, rules, year)


@given(st.lists(rows, min_size=1, max_size=8), plan_rules, assessed_years)
def test_the_exact_steps_alone_give_the_engines_answer(
    batch: list[dict[str, Any]], rules: Rules, year: int | None
) -> None:
    """With float64 unsure of every comparison, only series with over nine decimals reach the engine."""
    engine = mock.Mock(wraps=malstyrning.assess_indicator)
    with (
        mock.patch.object(batch_module, "_MARGIN", 1e300),
        mock.patch.object(batch_module, "assess_indicator", engine),
    ):
        series = check_against_engine(batch, rules, year)
    called = {int(call.args[0].id.removeprefix("serie-")) for call in engine.call_args_list}
    unsure = set(np.flatnonzero(series.recomputed).tolist())
    unscalable = {i for i, row in enumerate(batch) if not all(map(scalable, numbers_read(row, year)))}
    assert called <= unsure, "the engine sees only what float64 could not decide"
    assert unscalable & unsure <= called, "what integers cannot write goes to the engine"
    if scalable(rules.near):  # a nära of many decimals (1/3) leaves the integer step unsure of shares
        assert called == unscalable & unsure, "the integer step decided all the rest"


def numbers_read(row: dict[str, Any], year: int | None) -> list[float | None]:
    """The numbers the rules compare for ``row``: the value at ``year`` (the last year when None)
    and the outcome before it, the ingångsvärde, målvärde, gränsvärde and tolerans."""
    at = YEARS[-1] if year is None else year
    outcomes = [v for y, v in zip(YEARS, row["values"], strict=True) if y <= at and not math.isnan(v)]
    return [*outcomes[-2:], row["baseline"], row["target"], row["threshold"], row["tolerance"]]


def scalable(number: float | None) -> bool:
    """Whether ``number`` is absent or has at most nine decimals, so the integer step can scale it."""
    if number is None or math.isnan(number):
        return True
    exponent = Decimal(repr(number)).as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent >= -9


@given(st.lists(rows, min_size=1, max_size=8), plan_rules, assessed_years)
def test_the_engine_step_alone_gives_the_engines_answer(
    batch: list[dict[str, Any]], rules: Rules, year: int | None
) -> None:
    """With the integer step settling nothing, the engine recomputes what float64 could not."""
    exactly = batch_module._exactly

    def settle_nothing(rows: Any, **rules: Any) -> Any:
        decision, _ = exactly(rows, **rules)
        return decision, np.zeros(len(rows.x), dtype=bool)

    with (
        mock.patch.object(batch_module, "_MARGIN", 1e300),
        mock.patch.object(batch_module, "_exactly", settle_nothing),
    ):
        check_against_engine(batch, rules, year)


# -- boundaries where float64 alone is wrong -----------------------------------


def decimal(value: float) -> Decimal:
    return Decimal(repr(value))


BOUNDARIES: list[tuple[str, dict[str, Any], Rules | None, bool]] = [
    # framsteg from 0,1 to 0,5 at 0,3 is exactly halfway: close, with nära 0,5.
    (
        "progress exactly nära",
        {"values": [0.3], "baseline": 0.1, "target": 0.5},
        None,
        (0.3 - 0.1) / (0.5 - 0.1) < 0.5 <= (decimal(0.3) - decimal(0.1)) / (decimal(0.5) - decimal(0.1)),
    ),
    # minska from 0,3 to 0,1 at 0,2: halfway too.
    (
        "progress exactly nära, minska",
        {"values": [0.2], "baseline": 0.3, "target": 0.1},
        rules_of(near=0.5),
        (0.2 - 0.3) / (0.1 - 0.3) < 0.5,
    ),
    # måluppfyllelse 1,2 of 1,5 is exactly 80 %.
    (
        "fulfilment exactly nära",
        {"values": [1.2], "target": 1.5, "direction": "öka"},
        rules_of("måluppfyllelse"),
        1.2 / 1.5 < 0.8,
    ),
    # Only a direction: 1,0 → 1,1 is a gain of exactly the tolerance, so not reached.
    (
        "gain exactly the tolerance",
        {"values": [1.1], "baseline": 1.0, "direction": "öka", "tolerance": 0.1},
        None,
        1.1 - 1.0 > 0.1,
    ),
    # bibehåll 1,0 within 0,1: 1,1 is reached.
    (
        "maintain exactly the tolerance off",
        {"values": [1.1], "target": 1.0, "direction": "bibehåll", "tolerance": 0.1},
        None,
        abs(1.1 - 1.0) > 0.1,
    ),
    # bibehåll 1,0 with gränsvärde 0,9: 1,1 is as far off as the gränsvärde, so close.
    (
        "maintain exactly as far as the threshold",
        {"values": [1.1], "target": 1.0, "direction": "bibehåll", "threshold": 0.9},
        None,
        abs(1.1 - 1.0) > abs(0.9 - 1.0),
    ),
    # A change of exactly the tolerance is unchanged.
    (
        "trend exactly the tolerance",
        {"values": [1.0, 1.1], "target": 5.0, "direction": "öka", "tolerance": 0.1},
        rules_of(trend="föregående"),
        1.1 - 1.0 > 0.1,
    ),
    # framsteg over a difference that cancels most digits: float64 is off by 4e-12.
    (
        "progress from cancelling differences",
        {"values": [12345.87], "baseline": 12345.67, "target": 12346.57},
        None,
        abs((12345.87 - 12345.67) / (12346.57 - 12345.67) - 2 / 9) > 1e-12 * 2 / 9,
    ),
]


@pytest.mark.parametrize(
    ("keys", "rules", "float_is_wrong"),
    [case[1:] for case in BOUNDARIES],
    ids=[case[0] for case in BOUNDARIES],
)
def test_boundaries_land_where_the_rules_say(
    monkeypatch: pytest.MonkeyPatch, keys: dict[str, Any], rules: Rules | None, float_is_wrong: bool
) -> None:
    """On the exact boundary the batch agrees with the engine where float64 alone would not."""
    assert float_is_wrong  # the case is a real one: plain float64 gets it wrong
    engine = mock.Mock(wraps=malstyrning.assess_indicator)
    monkeypatch.setattr(batch_module, "assess_indicator", engine)
    years = YEARS[-len(keys["values"]) :]
    kwargs = {k: v for k, v in keys.items() if k != "values"}
    series = assess_series([keys["values"]], years, rules=rules, **kwargs)
    expected = malstyrning.assess_indicator(
        indicator(keys["values"], years=years, **kwargs), year=2020, rules=rules
    )
    assert_same(batch_row(series, 0), engine_row(expected), keys)
    assert series.recomputed[0]  # float64 saw that it could not tell ...
    assert engine.call_count == 0  # ... and integers settled it, without the engine


def test_the_boundary_cases_are_the_ones_the_docs_promise() -> None:
    """The engine's own example: 0,1 → 0,3 at 0,2 is exactly halfway, so close with nära 0,5."""
    series = assess_series([[0.2]], [2020], baseline=0.1, target=0.3)
    assert (series.status[0], series.method[0], series.progress[0]) == ("close", "progress", 0.5)


def test_numbers_with_many_digits_go_to_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """0.1 + 0.2 written out in full has 17 digits: no integer scale, so the engine decides."""
    engine = mock.Mock(wraps=malstyrning.assess_indicator)
    monkeypatch.setattr(batch_module, "assess_indicator", engine)
    values = [[0.1 + 0.2], [0.3], [0.1 + 0.2]]
    series = assess_series(values, [2020], baseline=0.1, direction="öka", tolerance=[0.2, 0.2, 0.0])
    assert engine.call_count == 1  # only the first: the second scales, the third has no tolerance
    assert series.recomputed.tolist() == [True, True, False]
    assert series.status.tolist() == ["reached", "close", "reached"]
    for i, row in enumerate(values):
        tolerance = [0.2, 0.2, 0.0][i]
        ind = indicator(row, years=[2020], baseline=0.1, direction="öka", tolerance=tolerance)
        assert_same(batch_row(series, i), engine_row(malstyrning.assess_indicator(ind, year=2020)), i)


# -- inputs and outputs --------------------------------------------------------


def test_a_kolada_like_matrix() -> None:
    """Rows are series, columns years; scalars apply to every series; NaN is no outcome."""
    nan = math.nan
    series = assess_series(
        [[10.0, 11.0, 12.0], [10.0, nan, 9.0], [nan, nan, nan], [5.0, 5.0, 5.0]],
        [2016, 2017, 2018],
        baseline=[10.0, 10.0, 10.0, nan],
        baseline_year=2016,
        target=[12.0, 12.0, 12.0, nan],
        direction=["öka", None, "", "bibehåll"],
    )
    assert series.status.tolist() == ["reached", "far", "not_assessed", "not_assessed"]
    assert series.reason.tolist() == ["", "", "no_outcome", "no_baseline"]
    assert series.direction.tolist() == ["increase", "increase", "increase", "maintain"]
    assert series.value_year.tolist() == [2018, 2018, NO_YEAR, 2018]
    assert series.method.tolist() == ["progress", "progress", "", ""]
    assert series.progress[0] == 1.0
    assert series.progress[1] == -0.5
    assert math.isnan(series.progress[2])
    assert series.change.tolist() == ["increased", "decreased", "none", "unchanged"]
    assert series.improvement.tolist() == ["improved", "worsened", "none", "none"]  # bibehåll what?
    assert series.basis.tolist() == ["baseline", "baseline", "", "previous"]
    assert series.reference_year.tolist() == [2016, 2016, NO_YEAR, 2017]
    assert not series.recomputed.any()


def test_result_arrays_are_typed_and_read_only() -> None:
    series = assess_series([[1.0, 2.0]], [2019, 2020], target=3.0, baseline=0.0)
    assert len(series) == 1
    for name in ("status", "method", "reason", "direction", "change", "improvement", "basis"):
        assert getattr(series, name).dtype.kind == "U"
    for name in ("progress", "value", "reference"):
        assert getattr(series, name).dtype == np.float64
    for name in ("value_year", "reference_year"):
        assert getattr(series, name).dtype == np.int64
    assert series.recomputed.dtype == np.bool_
    with pytest.raises(ValueError, match="read-only"):
        series.status[0] = "far"
    with pytest.raises(AttributeError):
        series.status = series.method  # type: ignore[misc]  # frozen: mypy refuses it, and so does the run


def test_the_year_defaults_to_the_last_column_and_can_be_any_year() -> None:
    values = [[1.0, 2.0, 3.0]]
    kwargs: dict[str, Any] = {"baseline": 0.0, "target": 4.0}
    assert assess_series(values, [2018, 2019, 2020], **kwargs).value.tolist() == [3.0]
    assert assess_series(values, [2018, 2019, 2020], year=2019, **kwargs).value.tolist() == [2.0]
    assert assess_series(values, [2018, 2019, 2020], year=2030, **kwargs).value_year.tolist() == [2020]
    early = assess_series(values, [2018, 2019, 2020], year=2010, **kwargs)
    assert early.reason.tolist() == ["no_outcome"]


def test_inputs_of_every_kind() -> None:
    """Lists with None, integer arrays, Direction members, NaN years, numpy scalars."""
    series = assess_series(
        np.array([[1, 2], [3, 4]]),
        np.array([2019, 2020]),
        year=np.int64(2020),
        baseline=[0, None],
        baseline_year=[2019.0, math.nan],
        target=np.array([2.0, 1.0]),
        direction=[Direction.INCREASE, "  Minska "],
        threshold=None,
        tolerance=np.float64(0.0),
        rules=rules_of("måluppfyllelse", 0.5),
    )
    assert series.direction.tolist() == ["increase", "decrease"]
    assert series.status.tolist() == ["reached", "far"]
    assert series.reference_year.tolist() == [2019, 2019]
    assert series.method.tolist() == ["fulfilment", "fulfilment"]


def test_an_empty_batch() -> None:
    series = assess_series(np.zeros((0, 3)), [2018, 2019, 2020], direction=[])
    assert len(series) == 0
    assert series.status.shape == (0,)
    assert len(assess_series(np.zeros((2, 0)), [], year=2020, target=1.0, direction="öka")) == 2


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"values": [1.0, 2.0]}, ValueError, "2-D"),
        ({"years": [2019]}, ValueError, "one per column"),
        ({"years": [2020, 2019]}, ValueError, "strictly increasing"),
        ({"years": [2019, 2019]}, ValueError, "strictly increasing"),
        ({"years": [19, 20]}, ValueError, "between 1900 and 2200"),
        ({"years": [2019.5, 2020]}, ValueError, "whole years"),
        ({"years": [math.nan, 2020]}, ValueError, "between 1900 and 2200"),
        ({"values": [[1.0, math.inf]]}, ValueError, "finite"),
        ({"values": [["1", "2"]]}, TypeError, "numbers"),
        ({"values": [[True, False]]}, TypeError, "numbers"),
        ({"values": [[1.0, "2"]]}, TypeError, "numbers"),
        ({"baseline": [1.0, 2.0]}, ValueError, "one value per series"),
        ({"target": math.inf}, ValueError, "target must be finite"),
        ({"tolerance": -0.1}, ValueError, "tolerance"),
        ({"tolerance": math.nan}, ValueError, "tolerance"),
        ({"baseline_year": 1800}, ValueError, "between 1900 and 2200"),
        ({"baseline_year": 2019.5}, ValueError, "whole years"),
        ({"direction": "upp"}, ValueError, "expected one of öka | minska | bibehåll, got 'upp'"),
        ({"direction": ["öka", "uppåt"]}, ValueError, "one per series"),
        ({"direction": ["uppåt"]}, ValueError, "got 'uppåt'"),
        ({"direction": [3]}, TypeError, "words"),
        ({"direction": [b"oka"]}, TypeError, "words"),
        ({"year": "2020"}, TypeError, "year must be an int"),
        ({"rules": {"metod": "framsteg"}}, TypeError, "rules must be a Rules"),
    ],
)
def test_wrong_inputs_say_what_is_wrong(kwargs: dict[str, Any], error: type[Exception], message: str) -> None:
    arguments: dict[str, Any] = {"values": [[1.0, 2.0]], "years": [2019, 2020], "target": 3.0}
    arguments.update(kwargs)
    with pytest.raises(error, match=message):
        assess_series(**arguments)


# -- the optional extra --------------------------------------------------------


def test_without_numpy_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(
        ModuleNotFoundError, match=r"needs the 'batch' extra \(numpy\): pip install 'malstyrning\[batch\]'"
    ):
        assess_series([[1.0]], [2020])


def test_importing_does_not_import_numpy() -> None:
    code = "import sys, malstyrning, malstyrning._engine._batch; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_the_package_exports_the_same_function() -> None:
    """Once `malstyrning` exports it, it is this function (and this result type)."""
    assert getattr(malstyrning, "assess_series", assess_series) is assess_series
    assert getattr(malstyrning, "SeriesAssessment", SeriesAssessment) is SeriesAssessment
