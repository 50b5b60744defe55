"""The results of an assessment: frozen, typed, and the same data as the JSON.

Every status is a stable string code (a :class:`~enum.StrEnum`), never a label:
labels are words for people and belong to rendering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from .._model import (
    Change,
    Direction,
    GoalKind,
    GoalStatus,
    IndicatorStatus,
    Labels,
    Method,
    ReportDate,
    TrendArrow,
    TrendBasis,
)
from ._economy import EconomyResult
from ._items import ItemResult

__all__ = [
    "AreaResult",
    "Assessment",
    "Change",
    "Contribution",
    "EffectiveRules",
    "ForecastBasis",
    "ForecastResult",
    "GoalForecast",
    "GoalResult",
    "Improvement",
    "IndicatorResult",
    "IndicatorStatus",
    "ItemProgress",
    "MissingOutcome",
    "Note",
    "OnTrack",
    "OnTrackReason",
    "OnTrackResult",
    "Reason",
    "Summary",
    "Trend",
]


class Improvement(StrEnum):
    """Change judged against the desired direction."""

    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSENED = "worsened"
    NONE = "none"  # no comparison, or no desired direction


class Reason(StrEnum):
    """Why an indicator could not be assessed."""

    NO_OUTCOME = "no_outcome"  # no numeric outcome at or before the assessed year
    NO_TARGET = "no_target"  # neither målvärde nor riktning
    NO_DIRECTION = "no_direction"  # målvärde but no riktning, and no ingångsvärde to infer it from
    NO_BASELINE = "no_baseline"  # only a riktning, and no ingångsvärde to compare with
    NO_VALUE_YET = "no_value_yet"  # assessed at a period: no value this year up to its end
    PARTIAL_YEAR = "partial_year"  # an ackumulerat count so far this year: judged by its forecast
    NO_FORECAST = "no_forecast"  # a forecast: none stated, and no value this year to make one from


class Note(StrEnum):
    """Something the reader of a result should know about how it was reached."""

    DIRECTION_INFERRED = "direction_inferred"  # riktning inferred from ingångsvärde → målvärde
    MAINTAIN_INFERRED = "maintain_inferred"  # målvärde equals ingångsvärde: bibehåll assumed
    FULFILMENT_FALLBACK = "fulfilment_fallback"  # framsteg impossible, måluppfyllelse used
    FULFILMENT_UNDEFINED = "fulfilment_undefined"  # måluppfyllelse needs positive values
    TREND_FROM_PREVIOUS = "trend_from_previous"  # ingångsvärde not earlier: previous outcome used
    OUTCOME_MISSING = "outcome_missing"  # a later outcome is missing (see `missing`)
    BASELINE_AFTER_VALUE = "baseline_after_value"  # ingångsvärde is from after the value: not used
    BASELINE_FROM_OUTCOME = "baseline_from_outcome"  # no ingångsvärde: an earlier outcome stands in (regler)


class OnTrack(StrEnum):
    """Whether an indicator is on track for its target (or desired direction)."""

    ACHIEVED = "achieved"  # the latest value meets the target already
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_ASSESSED = "not_assessed"


class OnTrackReason(StrEnum):
    """Why the on-track method could not judge an indicator it applies to."""

    NO_DIRECTION = "no_direction"  # no riktning (or bibehåll): growth has no good side
    TOO_FEW_POINTS = "too_few_points"  # no starting value (with a year) before the latest value
    NOT_POSITIVE = "not_positive"  # a value ≤ 0: a compound growth rate needs positive values
    ZERO_TARGET = "zero_target"  # målvärde 0: no finite growth rate reaches it
    TARGET_AT_START = "target_at_start"  # målvärde equals the starting value: no growth needed
    TARGET_YEAR = "target_year"  # the target's year is not after the starting year


@dataclass(frozen=True, slots=True)
class OnTrackResult:
    """The on-track judgement of one indicator, and the numbers it used."""

    status: OnTrack
    reason: OnTrackReason | None  # set exactly when status is not_assessed
    from_year: int | None  # the starting point (t0, x0)
    from_value: float | None
    to_year: int | None  # the latest value (t, x)
    to_value: float | None
    target: float | None  # x*, none for a riktning only
    target_year: int | None  # T
    growth: float | None  # CR_a, the actual compound annual growth (a share: 0.02 is 2 % a year)
    required: float | None  # CR_r, the growth needed to reach the target by its year
    ratio: float | None  # d * CR_a / |CR_r|; without a target none (growth is compared)


@dataclass(frozen=True, slots=True)
class MissingOutcome:
    """An outcome entry with no value (``saknas``), and its reason."""

    year: int
    reason: str
    period: str | None = None  # the period within the year ("2018-T1"), None for the whole year


class ForecastBasis(StrEnum):
    """What a year-end forecast was made from."""

    OUTCOME = "outcome"  # the year's own value: the year is over
    STATED = "stated"  # a prognos stated in the plan
    SCALED = "scaled"  # an ackumulerat value scaled to the whole year by elapsed time
    CARRIED = "carried"  # a läge value carried forward to the year's end


@dataclass(frozen=True, slots=True)
class ForecastResult:
    """Where an indicator is expected to stand at the year's end, judged
    against the year's target by the same rules as an outcome."""

    status: IndicatorStatus
    value: float | None
    basis: ForecastBasis | None  # None: no forecast could be made (reason no_forecast)
    period: str | None  # the period value it was made from, or the year for an outcome
    method: Method | None
    progress: float | None
    reason: Reason | None  # set exactly when status is not_assessed
    comment: str | None = None  # the stated prognos's kommentar
    year: int | None = None  # the year whose end is forecast


@dataclass(frozen=True, slots=True)
class GoalForecast:
    """A goal's year-end forecast: its children's forecasts rolled up as labels are."""

    status: GoalStatus
    score: float | None
    stated: GoalStatus | None  # a person's forecast judgement (angiven_prognos)

    @property
    def disagrees(self) -> bool:
        """True when a stated forecast differs from the computed one."""
        return (
            self.stated is not None
            and self.status is not GoalStatus.NOT_ASSESSED
            and self.stated is not self.status
        )


@dataclass(frozen=True, slots=True)
class Trend:
    """An indicator's trend: the raw change and whether it is an improvement."""

    direction: Change
    improvement: Improvement
    reference: float | None = None  # the value compared with
    reference_year: int | None = None
    basis: TrendBasis | None = None  # ingångsvärde or the previous outcome


@dataclass(frozen=True, slots=True)
class EffectiveRules:
    """The rules an assessment actually used, after defaults and overrides."""

    method: Method
    near: float
    trend: TrendBasis
    arrow: TrendArrow = TrendArrow.DIRECTION  # how the plan's trend arrows read (trendpil)


_ARROW_OF_IMPROVEMENT = {
    Improvement.IMPROVED: Change.INCREASED,
    Improvement.UNCHANGED: Change.UNCHANGED,
    Improvement.WORSENED: Change.DECREASED,
    Improvement.NONE: Change.NONE,
}


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """The assessment of one indicator for one year."""

    id: str
    title: str
    unit: str | None
    status: IndicatorStatus
    value: float | None
    value_year: int | None
    baseline: float | None
    baseline_year: int | None
    target: float | None
    target_year: int | None
    direction: Direction | None
    method: Method | None  # how "close" was judged, when it was
    progress: float | None  # framsteg or måluppfyllelse, per `method`
    reason: Reason | None  # set exactly when status is not_assessed
    trend: Trend
    weight: float
    notes: tuple[Note, ...] = ()
    missing: tuple[MissingOutcome, ...] = ()
    stated: IndicatorStatus | None = None  # a person's bedömning from the plan (angiven_bedömning)
    stated_trend: Change | None = None  # a person's trend from the plan (angiven_trend)
    arrow: TrendArrow = TrendArrow.DIRECTION  # how the plan reads this indicator's trend arrow (trendpil)
    on_track: OnTrackResult | None = None  # on track for a later target (None: the method does not apply)
    value_period: str | None = None  # the period within the year the value is for ("2018-T2"), if any
    forecast: ForecastResult | None = None  # the year-end forecast, when assessed during the year

    @property
    def arrow_change(self) -> Change:
        """The arrow shown for the trend, as the plan reads arrows (``trendpil``).

        With ``riktning`` it is the number's own change (``trend.direction``).
        With ``förbättring`` it is the improvement drawn as an arrow: up
        (:attr:`Change.INCREASED`) when the outcome improved, down when it
        worsened, level when neither, and :attr:`Change.NONE` when nothing says
        which way is better. The trend itself is the same under either rule.
        """
        if self.arrow is TrendArrow.DIRECTION:
            return self.trend.direction
        return _ARROW_OF_IMPROVEMENT[self.trend.improvement]

    @property
    def disagrees(self) -> bool:
        """True when a stated bedömning differs from the computed one."""
        return (
            self.stated is not None
            and self.status is not IndicatorStatus.NOT_ASSESSED
            and self.stated is not self.status
        )

    @property
    def trend_disagrees(self) -> bool:
        """True when a stated trend differs from the arrow computed for it.

        The stated trend is read as the plan reads arrows (:attr:`arrow_change`):
        with ``trendpil: förbättring``, "↗ Ökad" for a falling sick leave agrees.
        """
        if self.stated_trend is None:
            return False
        shown = self.arrow_change
        return shown is not Change.NONE and self.stated_trend is not shown


@dataclass(frozen=True, slots=True)
class ItemProgress:
    """How a goal's items (its activities, and the uppdrag and activities that
    name it in ``mål``) stand on the assessed date: what a goal without
    indicators is assessed from."""

    total: int  # the items counted: all but those avbrutna
    done: int  # genomförd
    on_time: int  # not done and not late: under way, not started, or moved (framflyttad)
    late: int  # försenad, or past klart and not done

    @property
    def score(self) -> float | None:
        """(done + on_time / 2) / total: a done item counts 1, one on time 1/2, a late one 0."""
        return None if self.total == 0 else (self.done + self.on_time / 2) / self.total


@dataclass(frozen=True, slots=True)
class GoalResult:
    """The assessment of a goal, rolled up from its indicators and nested goals."""

    id: str
    title: str
    kind: GoalKind | None
    status: GoalStatus
    score: float | None  # weighted mean of the children's scores, 0–1
    stated: GoalStatus | None  # a person's judgement from the plan
    comment: str | None
    improvement: Improvement  # weighted sign of the children's improvements
    weight: float
    indicators: tuple[IndicatorResult, ...]
    goals: tuple[GoalResult, ...]
    forecast: GoalForecast | None = None  # the year-end forecast, when its indicators have one
    items: ItemProgress | None = None  # a goal without indicators: its items' progress, assessed from
    # In a kommun: the other plans' goals that serve this one (bidrar_till), counted in its roll-up.
    contributions: tuple[Contribution, ...] = ()

    @property
    def disagrees(self) -> bool:
        """True when a stated judgement differs from the computed one."""
        return (
            self.stated is not None
            and self.status is not GoalStatus.NOT_ASSESSED
            and self.stated is not self.status
        )


@dataclass(frozen=True, slots=True)
class Contribution:
    """A goal of another plan serving a goal (``bidrar_till``): which plan, the
    serving goal's result, and its weight in the served goal's roll-up."""

    plan: str  # the serving plan's id
    organisation: str  # its organisation (the nämnd)
    goal: GoalResult
    weight: float


def walk_goals(goals: tuple[GoalResult, ...]) -> Iterator[GoalResult]:
    """Yield ``goals`` and all goals nested in them, depth first."""
    for goal in goals:
        yield goal
        yield from walk_goals(goal.goals)


@dataclass(frozen=True, slots=True)
class AreaResult:
    """A focus area and the results of its goals."""

    id: str
    title: str
    goals: tuple[GoalResult, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts per status code; every code is present, zero or not. Read-only."""

    goals: Mapping[GoalStatus, int]
    indicators: Mapping[IndicatorStatus, int]
    # The goals' year-end forecasts by status, when goals have them (during the year).
    forecasts: Mapping[GoalStatus, int] | None = None

    def __post_init__(self) -> None:
        # Frozen all the way down: the counts cannot be edited after the fact.
        object.__setattr__(self, "goals", MappingProxyType(dict(self.goals)))
        object.__setattr__(self, "indicators", MappingProxyType(dict(self.indicators)))
        if self.forecasts is not None:
            object.__setattr__(self, "forecasts", MappingProxyType(dict(self.forecasts)))

    def __hash__(self) -> int:
        forecasts = None if self.forecasts is None else tuple(self.forecasts.items())
        return hash((tuple(self.goals.items()), tuple(self.indicators.items()), forecasts))


@dataclass(frozen=True, slots=True)
class Assessment:
    """The assessment of a whole plan for one year."""

    plan: str
    organisation: str
    municipality: str | None
    plan_year: int
    year: int
    rules: EffectiveRules
    summary: Summary
    areas: tuple[AreaResult, ...]
    measures: tuple[IndicatorResult, ...]
    labels: Labels | None = None  # the plan's own label words (etiketter), for the renderers
    economy: EconomyResult | None = None  # the plan's ekonomi for the assessed year, if it has one
    period: str | None = None  # the period assessed ("2018-T2", or "2018"), when one was asked for
    report: ReportDate | None = None  # the calendar's report for that period, if there is one
    # The uppdrag and activities as of the day their status is read (`as_of`).
    items: tuple[ItemResult, ...] = ()
    as_of: dt.date | None = None

    def has_values(self) -> bool:
        """Whether some indicator or measure has a value of the assessed year (at a
        period within it: of a period known then); False when the year has no
        value yet and the results show the starting position."""
        year = self.year
        return any(
            i.value_year == year and i.reason is not Reason.NO_VALUE_YET
            for i in [*self.indicators(), *self.measures]
        )

    def goals(self) -> list[GoalResult]:
        """Every goal, depth first."""
        return [goal for area in self.areas for goal in walk_goals(area.goals)]

    def indicators(self) -> list[IndicatorResult]:
        """Every indicator in the goal tree, depth first (measures excluded)."""
        return [indicator for goal in self.goals() for indicator in goal.indicators]
