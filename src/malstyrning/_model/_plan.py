"""The types of a plan (verksamhetsplan), as pydantic models.

Field names are English; each field's alias is the Swedish key planners write
in YAML (``Indicator.baseline`` is ``ingångsvärde``). Models are frozen and
reject unknown keys. Values written in Swedish notation are parsed here, so
everything downstream sees plain floats.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .._errors import ArgumentTypeError, InvalidArgumentError
from .._i18n import tr
from ._numbers import NumberFormatError, parse_number
from ._periods import Period, PeriodError

__all__ = [
    # public
    "FIRST_YEAR",
    "FORECAST_WORDS",
    "LABEL_MAX_LENGTH",
    "LAST_YEAR",
    # for the other layers
    "SWEDISH_WORDS",
    "VALUE_KINDS",
    "Activity",
    "ActivityStatus",
    "Assignment",
    "BudgetRow",
    "Change",
    "ChartSettings",
    "Decision",
    "Direction",
    "Economy",
    "FocusArea",
    "FollowUp",
    "Forecast",
    "Gender",
    "Goal",
    "GoalKind",
    "GoalLabels",
    "GoalLink",
    "GoalStatus",
    "Guarantee",
    "ImprovementLabels",
    "Indicator",
    "IndicatorLabels",
    "IndicatorStatus",
    "ItemKind",
    "KoladaRef",
    "KommunConfig",
    "Labels",
    "Method",
    "MissingBaseline",
    "OnTrackRules",
    "Outcome",
    "PeriodValue",
    "Plan",
    "PlanKind",
    "ReportDate",
    "ReportKind",
    "ReportSettings",
    "Risk",
    "Rules",
    "Section",
    "SectionPlace",
    "SiteSettings",
    "StatusReport",
    "Table",
    "TableColumn",
    "TableRow",
    "TrendArrow",
    "TrendBasis",
    "TrendLabels",
    "ValuePoint",
    "budget_figure",
    "budget_parts",
    "budget_sum",
    "checked_period",
    "checked_year",
    "checked_year_count",
    "default_calendar",
    "format_loc",
    "normal_id",
    "plan_problems",
    "swedish_word",
    "table_differences",
    "unencodable_character",
    "year_from_text",
]

_Enum = TypeVar("_Enum", bound=StrEnum)
_F = TypeVar("_F", bound=Callable[[Any], Any])


class Direction(StrEnum):
    """Desired direction of an indicator (``riktning``)."""

    INCREASE = "increase"  # öka: higher is better
    DECREASE = "decrease"  # minska: lower is better
    MAINTAIN = "maintain"  # bibehåll: hold the level


class Method(StrEnum):
    """How "close" is judged when a target is not reached (``regler.metod``)."""

    PROGRESS = "progress"  # framsteg: share of the way from ingångsvärde to målvärde
    FULFILMENT = "fulfilment"  # måluppfyllelse: value as a share of the target


class TrendBasis(StrEnum):
    """What an outcome is compared with for its trend (``regler.trend``)."""

    BASELINE = "baseline"  # ingångsvärde
    PREVIOUS = "previous"  # föregående: the previous outcome


class TrendArrow(StrEnum):
    """How the plan's trend arrows read (``regler.trendpil``)."""

    DIRECTION = "direction"  # riktning: the arrow follows the number (↗ it rose)
    IMPROVEMENT = "improvement"  # förbättring: ↗ improved, ↘ worsened, whatever the number did


class MissingBaseline(StrEnum):
    """What stands in for an ingångsvärde an indicator does not have (``regler.saknat_ingångsvärde``)."""

    PREVIOUS_OUTCOME = "previous_outcome"  # föregående_utfall: the latest outcome before the value's year
    NOT_ASSESSED = "not_assessed"  # ej_bedömd: not assessed where the rules would start from one


class GoalKind(StrEnum):
    """Kind of goal (``typ``)."""

    STRATEGIC = "strategic"  # strategiskt mål, set by the council
    COMMITTEE = "committee"  # nämndmål, set by the committee
    QUALITY = "quality"  # kvalitetsmål
    OPERATIONAL = "operational"  # verksamhetsmål


class GoalStatus(StrEnum):
    """Bedömning of a goal; also the codes of a person's stated judgement."""

    FULLY = "fully"  # helt uppfyllt
    LARGELY = "largely"  # i hög grad uppfyllt
    PARTLY = "partly"  # delvis uppfyllt
    NOT_MET = "not_met"  # ej uppfyllt
    NOT_ASSESSED = "not_assessed"  # ej bedömd


class IndicatorStatus(StrEnum):
    """Bedömning of an indicator; also the codes of a person's stated one (``angiven_bedömning``)."""

    REACHED = "reached"  # Värde uppnått
    CLOSE = "close"  # Nära värde
    FAR = "far"  # Långt ifrån värde
    NOT_ASSESSED = "not_assessed"  # Inget värde angivet


class Change(StrEnum):
    """Raw direction of change, whatever is desired; also the codes of a stated trend (``angiven_trend``)."""

    INCREASED = "increased"
    UNCHANGED = "unchanged"
    DECREASED = "decreased"
    NONE = "none"  # nothing to compare with


class PlanKind(StrEnum):
    """What kind of plan a file is (``typ``)."""

    OPERATIONAL = "operational"  # verksamhetsplan: a committee's plan for a year
    ACTION = "action"  # handlingsplan: items over one or more years, reported back on a schedule


class ReportKind(StrEnum):
    """What kind of document a report is (``rapport.typ``): it gives the report its title."""

    ANNUAL = "annual"  # verksamhetsberättelse: the year's follow-up
    INTERIM = "interim"  # delårsrapport
    TERTIAL = "tertial"  # tertialrapport
    FOLLOW_UP = "follow_up"  # återrapportering: a report back on an assignment or an action plan
    PLAN = "plan"  # verksamhetsplan: the plan itself, before its year


class SectionPlace(StrEnum):
    """Where a narrative section (``avsnitt``) stands in a report (``plats``)."""

    BEFORE = "before"  # före: after the summary, before the målområden
    AFTER = "after"  # efter: after the målområden and verksamhetsmått, before the uppdrag
    END = "end"  # sist: last, after the risk plan


class PeriodValue(StrEnum):
    """What an indicator's value for a period within the year says (``periodvärde``)."""

    LEVEL = "level"  # läge: the level at the period's end, such as a share
    ACCUMULATED = "accumulated"  # ackumulerat: a count so far this year, such as people received


class ActivityStatus(StrEnum):
    """Status of an activity or an assignment."""

    NOT_STARTED = "not_started"  # ej påbörjad
    ONGOING = "ongoing"  # pågående / påbörjad
    DONE = "done"  # genomförd
    DELAYED = "delayed"  # försenad
    CANCELLED = "cancelled"  # avbruten / avförd
    POSTPONED = "postponed"  # framflyttad: its report moved to a later återrapportering


class ItemKind(StrEnum):
    """What kind of item an activity or an uppdrag is (``typ``)."""

    ACTIVITY = "activity"  # aktivitet: work the unit does itself
    AGREEMENT = "agreement"  # överenskommelse: an agreement with partners
    PROJECT = "project"  # projekt: a funded project over a period (start, klart)


# The Swedish words planners write, with their accepted variants. The first
# word of each entry is the canonical one, used in messages and the schema.
SWEDISH_WORDS: dict[type[StrEnum], dict[StrEnum, tuple[str, ...]]] = {
    Direction: {
        Direction.INCREASE: ("öka",),
        Direction.DECREASE: ("minska",),
        Direction.MAINTAIN: ("bibehåll", "bibehålla"),
    },
    Method: {
        Method.PROGRESS: ("framsteg",),
        Method.FULFILMENT: ("måluppfyllelse",),
    },
    TrendBasis: {
        TrendBasis.BASELINE: ("ingångsvärde",),
        TrendBasis.PREVIOUS: ("föregående",),
    },
    TrendArrow: {
        TrendArrow.DIRECTION: ("riktning",),
        TrendArrow.IMPROVEMENT: ("förbättring",),
    },
    MissingBaseline: {
        MissingBaseline.PREVIOUS_OUTCOME: ("föregående_utfall", "föregående utfall"),
        MissingBaseline.NOT_ASSESSED: ("ej_bedömd", "ej bedömd"),
    },
    GoalKind: {
        GoalKind.STRATEGIC: ("strategiskt mål",),
        GoalKind.COMMITTEE: ("nämndmål",),
        GoalKind.QUALITY: ("kvalitetsmål",),
        GoalKind.OPERATIONAL: ("verksamhetsmål",),
    },
    GoalStatus: {
        GoalStatus.FULLY: ("helt uppfyllt",),
        GoalStatus.LARGELY: ("i hög grad uppfyllt",),
        GoalStatus.PARTLY: ("delvis uppfyllt",),
        GoalStatus.NOT_MET: ("ej uppfyllt", "inte uppfyllt"),
        GoalStatus.NOT_ASSESSED: ("ej bedömd",),
    },
    IndicatorStatus: {
        IndicatorStatus.REACHED: ("värde uppnått",),
        IndicatorStatus.CLOSE: ("nära värde",),
        IndicatorStatus.FAR: ("långt ifrån värde",),
        IndicatorStatus.NOT_ASSESSED: ("inget värde angivet",),
    },
    # As the follow-up prints them, with or without the arrow.
    Change: {
        Change.INCREASED: ("ökad", "↗ ökad", "↗"),
        Change.UNCHANGED: ("oförändrad", "→ oförändrad", "→"),
        Change.DECREASED: ("minskad", "↘ minskad", "↘"),
        Change.NONE: ("inget värde angivet", "- inget värde angivet", "– inget värde angivet"),
    },
    PlanKind: {
        PlanKind.OPERATIONAL: ("verksamhetsplan",),
        PlanKind.ACTION: ("handlingsplan",),
    },
    ReportKind: {
        ReportKind.ANNUAL: ("verksamhetsberättelse",),
        ReportKind.INTERIM: ("delårsrapport",),
        ReportKind.TERTIAL: ("tertialrapport",),
        ReportKind.FOLLOW_UP: ("återrapportering",),
        ReportKind.PLAN: ("verksamhetsplan",),
    },
    SectionPlace: {
        SectionPlace.BEFORE: ("före",),
        SectionPlace.AFTER: ("efter",),
        SectionPlace.END: ("sist",),
    },
    PeriodValue: {
        PeriodValue.LEVEL: ("läge",),
        PeriodValue.ACCUMULATED: ("ackumulerat", "ackumulerad"),
    },
    ActivityStatus: {
        ActivityStatus.NOT_STARTED: ("ej påbörjad", "ej startad"),
        ActivityStatus.ONGOING: ("pågående", "påbörjad"),
        ActivityStatus.DONE: ("genomförd", "klar"),
        ActivityStatus.DELAYED: ("försenad",),
        ActivityStatus.CANCELLED: ("avbruten", "avförd"),
        ActivityStatus.POSTPONED: ("framflyttad", "flyttad"),
    },
    ItemKind: {
        ItemKind.ACTIVITY: ("aktivitet",),
        ItemKind.AGREEMENT: ("överenskommelse", "avtal"),
        ItemKind.PROJECT: ("projekt",),
    },
}


FORECAST_WORDS: dict[StrEnum, tuple[str, ...]] = {
    GoalStatus.FULLY: ("bedöms uppfyllas", "bedöms bli uppfyllt", "bedöms kunna uppnås"),
    GoalStatus.LARGELY: ("bedöms i hög grad uppfyllas",),
    GoalStatus.PARTLY: ("bedöms delvis uppfyllas",),
    GoalStatus.NOT_MET: ("bedöms inte uppfyllas", "bedöms ej uppfyllas", "bedöms inte kunna uppnås"),
    GoalStatus.NOT_ASSESSED: ("kan inte bedömas",),
}
"""The words of a judgement about the year's end (``angiven_prognos``), as
Swedish interim reports write them, beside the goal labels themselves."""


def swedish_word(member: StrEnum) -> str:
    """The canonical Swedish word for an enum member, as written in YAML."""
    return SWEDISH_WORDS[type(member)][member][0]


VALUE_KINDS: dict[Callable[[Any], Any], str] = {}
"""What each field validator accepts, by kind ("number", "year", "word", ...):
the JSON Schema (``_schema.py``) describes each validated field by its kind."""


def _accepts(kind: str) -> Callable[[_F], _F]:
    """Register a field validator under ``kind`` in :data:`VALUE_KINDS`."""

    def register(function: _F) -> _F:
        VALUE_KINDS[function] = kind
        return function

    return register


def _word_validator(enum: type[_Enum], also: dict[StrEnum, tuple[str, ...]] | None = None) -> BeforeValidator:
    lookup: dict[str, _Enum] = {}
    for member, words in SWEDISH_WORDS[enum].items():
        for word in (*words, *(also or {}).get(member, ()), member.value):
            lookup[word] = enum(member)
    expected = " | ".join(words[0] for words in SWEDISH_WORDS[enum].values())
    canonical = [words[0] for words in SWEDISH_WORDS[enum].values()]

    @_accepts("word")
    def validate(value: Any) -> _Enum:
        if isinstance(value, enum):
            return value
        if isinstance(value, str):
            key = " ".join(value.split()).lower()
            if key in lookup:
                return lookup[key]
            near = difflib.get_close_matches(key, canonical, n=1, cutoff=0.75)
            if near:
                raise PydanticCustomError(
                    "word",
                    tr(
                        "expected one of {expected}, got {got}; did you mean {hint}?",
                        "ska vara något av {expected}, men här står {got}; menade du {hint}?",
                    ),
                    {"expected": expected, "got": _show(value), "hint": repr(near[0])},
                )
        raise PydanticCustomError(
            "word",
            tr("expected one of {expected}, got {got}", "ska vara något av {expected}, men här står {got}"),
            {"expected": expected, "got": _show(value)},
        )

    return BeforeValidator(validate)


@_accepts("number")
def _number(value: Any) -> float:
    try:
        return parse_number(value)
    except NumberFormatError as error:
        raise PydanticCustomError("number", str(error)) from None


FIRST_YEAR = 1900
"""The first year a plan, a command-line option, a CSV row, Kolada or an API argument may name."""

LAST_YEAR = 2200
"""The last year a plan, a command-line option, a CSV row, Kolada or an API argument may name."""

_YEAR_DIGITS = re.compile(r"\s*0*([0-9]{1,9})\s*")  # ASCII digits only: "٢٠١٨" is not a year


def year_from_text(text: str) -> int | None:
    """The year written in ``text`` (ASCII digits, spaces around them), or None
    when it is not a whole number in :data:`FIRST_YEAR`–:data:`LAST_YEAR`."""
    match = _YEAR_DIGITS.fullmatch(text)
    if match is None:
        return None
    year = int(match[1])
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def checked_year(value: object, name: str) -> int:
    """``value``, an API argument called ``name``, as a year.

    Raises :class:`ArgumentTypeError` (a ``TypeError``) for anything but an
    ``int`` (``True`` and ``2018.0`` included) and :class:`InvalidArgumentError`
    (a ``ValueError``) for a year outside :data:`FIRST_YEAR`–:data:`LAST_YEAR`.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            tr(
                "{name} must be a whole year such as 2018 (an int), not {kind}",
                "{name} ska vara ett år som 2018 (ett heltal, int), inte {kind}",
                name=name,
                kind=_kind(value),
            )
        )
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise InvalidArgumentError(
            tr(
                "{name} must be a year between {first} and {last}, got {value}",
                "{name} ska vara ett år mellan {first} och {last}, inte {value}",
                name=name,
                first=FIRST_YEAR,
                last=LAST_YEAR,
                value=_show(value),
            )
        )
    return value


def checked_year_count(value: object, name: str) -> int:
    """``value``, an API argument called ``name``, as a number of years: 1 to
    as many as there are from :data:`FIRST_YEAR` to :data:`LAST_YEAR`."""
    most = LAST_YEAR - FIRST_YEAR + 1
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(
            tr(
                "{name} must be a whole number of years (an int), not {kind}",
                "{name} ska vara ett antal år (ett heltal, int), inte {kind}",
                name=name,
                kind=_kind(value),
            )
        )
    if not 1 <= value <= most:
        raise InvalidArgumentError(
            tr(
                "{name} must be between 1 and {most} years, got {value}",
                "{name} ska vara mellan 1 och {most} år, inte {value}",
                name=name,
                most=most,
                value=_show(value),
            )
        )
    return value


def _kind(value: object) -> str:
    return f"{type(value).__name__} {_show(value)}"


def _is_period_text(text: str) -> bool:
    try:
        return not Period.parse(text).whole_year
    except PeriodError:
        return False


@_accepts("year")
def _year(value: Any) -> int:
    if isinstance(value, str) and _YEAR_DIGITS.fullmatch(value):
        year = year_from_text(value)
        if year is not None:
            return year
    if isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR:
        return value
    if isinstance(value, str) and _is_period_text(value):
        raise PydanticCustomError(
            "year",
            tr(
                "expected a year such as 2018, got {got}; periods such as 2018-T1 are allowed "
                "only as keys of utfall (an indicator's or a budget row's) and as a report's period",
                "ska vara ett år, till exempel 2018, men här står {got}; perioder som 2018-T1 "
                "går bara att använda som nycklar i utfall (en indikators eller en budgetrads) "
                "och som en rapports period",
            ),
            {"got": _show(value)},
        )
    raise PydanticCustomError(
        "year",
        tr(
            "expected a year between {first} and {last}, got {got}",
            "ska vara ett år mellan {first} och {last}, men här står {got}",
        ),
        {"first": FIRST_YEAR, "last": LAST_YEAR, "got": _show(value)},
    )


@_accepts("text")
def _text(value: Any) -> str:
    # YAML turns `titel: 2018` or `titel: yes` into numbers and booleans; a
    # title is text, so say what went wrong rather than store "True".
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError(
                "text", tr("expected text, got an empty string", "ska vara en text, men är tom")
            )
        if not value.isascii():
            _refuse_unencodable(value)
        return value
    raise PydanticCustomError(
        "text", tr("expected text, got {got}", "ska vara en text, men här står {got}"), {"got": _show(value)}
    )


def unencodable_character(text: str) -> str | None:
    """The first character of ``text`` that UTF-8 cannot hold (a lone
    surrogate, such as a `"\\udcff"` escape or an undecodable command-line
    byte), as ``U+DCFF``; None when every character can be written."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"U+{ord(text[error.start]):04X}"
    return None


def _refuse_unencodable(value: str) -> None:
    code = unencodable_character(value)
    if code is not None:
        raise PydanticCustomError(
            "text",
            tr(
                "expected text, got the character {code}, which is not text (a lone surrogate); "
                "write the character itself",
                "ska vara en text, men här står tecknet {code}, som inte är något tecken "
                "(en ensam surrogathalva); skriv tecknet självt",
            ),
            {"code": code},
        )


def normal_id(ident: str) -> str:
    """``ident`` as ids are compared: in Unicode NFC, so an ``å`` typed as one
    character and one written as ``a`` plus a ring are the same id."""
    return unicodedata.normalize("NFC", ident)


@_accepts("text")
def _id(value: Any) -> str:
    return normal_id(_text(value))


def _show(value: Any) -> str:
    if value is None:
        return tr("nothing", "ingenting")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@_accepts("date")
def _date(value: Any) -> dt.date:
    # The YAML loader leaves dates as text (so 2018-02-30 is our error, not a
    # crash); only the ISO form is a date. Numbers are not dates.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date", tr("no such date: {got}", "det datumet finns inte: {got}"), {"got": _show(value)}
            ) from None
    raise PydanticCustomError(
        "date",
        tr("expected a date (YYYY-MM-DD), got {got}", "ska vara ett datum (ÅÅÅÅ-MM-DD), men här står {got}"),
        {"got": _show(value)},
    )


@_accepts("date_or_month")
def _date_or_month(value: Any) -> str:
    # A report back is often set for a month ("mars 2022"): 2022-03, or a day.
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}\s*", value):
        try:
            month = Period.parse(value)
        except PeriodError:
            pass
        else:
            if month.kind == "M":
                return str(month)
    if isinstance(value, (str, dt.date)):
        try:
            return _date(value).isoformat()
        except PydanticCustomError:
            pass
    raise PydanticCustomError(
        "date_or_month",
        tr(
            "expected a month (YYYY-MM) or a date (YYYY-MM-DD), got {got}",
            "ska vara en månad (ÅÅÅÅ-MM) eller ett datum (ÅÅÅÅ-MM-DD), men här står {got}",
        ),
        {"got": _show(value)},
    )


@_accepts("score")
def _score(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise PydanticCustomError(
        "score",
        tr("expected a whole number 1–4, got {got}", "ska vara ett heltal 1–4, men här står {got}"),
        {"got": _show(value)},
    )


_FLAGS = {"ja": True, "nej": False}


@_accepts("flag")
def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _FLAGS:
        return _FLAGS[value.strip().lower()]
    raise PydanticCustomError(
        "flag",
        tr(
            "expected true or false (ja/nej), got {got}",
            "ska vara ja eller nej (true/false), men här står {got}",
        ),
        {"got": _show(value)},
    )


@_accepts("distinct_years")
def _distinct_years(value: Any) -> Any:
    # 2017 and "2017" are one year: refuse a mapping that names it twice
    # rather than silently keep one of the values.
    if isinstance(value, dict):
        _refuse_twice(value, _year)
    return value


def _refuse_twice(keys: Iterable[Any], read: Callable[[Any], object]) -> None:
    """Refuse two keys that ``read`` reads as one year or period (2017 and "2017",
    2018-K1 and 2018-Q1); keys it cannot read are reported by their own validation."""
    seen: dict[object, Any] = {}
    for key in keys:
        try:
            found = read(key)
        except PydanticCustomError:
            continue
        if found in seen:
            if isinstance(found, Period):
                raise PydanticCustomError(
                    "period_twice",
                    tr(
                        "period {period} is given twice (as {first} and {second})",
                        "perioden {period} står två gånger (som {first} och {second})",
                    ),
                    {"period": str(found), "first": _show(seen[found]), "second": _show(key)},
                )
            raise PydanticCustomError(
                "year_twice",
                tr(
                    "year {year} is given twice (as {first} and {second})",
                    "året {year} står två gånger (som {first} och {second})",
                ),
                {"year": found, "first": _show(seen[found]), "second": _show(key)},
            )
        seen[found] = key


Number = Annotated[float, BeforeValidator(_number)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Flag = Annotated[bool, BeforeValidator(_flag)]

Year = Annotated[int, BeforeValidator(_year)]
Text = Annotated[str, BeforeValidator(_text)]
Id = Annotated[str, BeforeValidator(_id)]  # text, in NFC: see normal_id
Weight = Annotated[float, BeforeValidator(_number), Field(ge=0)]
_V = TypeVar("_V")
YearMap = Annotated[dict[Year, _V], BeforeValidator(_distinct_years)]


def _is_period_key(key: object) -> bool:
    # In `utfall`, text that is not a year (2018-T1, 2018-05) names a period;
    # everything else, numbers and mistakes alike, is read as a year.
    return isinstance(key, str) and _YEAR_DIGITS.fullmatch(key) is None


@_accepts("period")
def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        try:
            period = Period.parse(value)
        except PeriodError:
            pass
        else:
            if FIRST_YEAR <= period.year <= LAST_YEAR:
                return period
    if isinstance(value, int) and not isinstance(value, bool):
        return Period.whole(_year(value))
    raise PydanticCustomError(
        "period",
        tr(
            "expected a year such as 2018 or a period such as 2018-T1 (tertial), 2018-H1 (half-year), "
            "2018-Q1 or 2018-K1 (quarter), 2018-05 (month), got {got}",
            "ska vara ett år som 2018 eller en period som 2018-T1 (tertial), 2018-H1 (halvår), "
            "2018-K1 eller 2018-Q1 (kvartal), 2018-05 (månad), men här står {got}",
        ),
        {"got": _show(value)},
    )


def checked_period(value: object, name: str) -> Period:
    """``value``, an API argument called ``name``, as a :class:`Period`: a
    ``Period``, a year as an ``int``, or text such as ``"2018-T2"``.

    Raises :class:`ArgumentTypeError` for another type and
    :class:`InvalidArgumentError` for text or a year that is not a period.
    """
    if isinstance(value, Period):
        checked_year(value.year, name)
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Period.whole(checked_year(value, name))
    if not isinstance(value, str):
        raise ArgumentTypeError(
            tr(
                "{name} must be a period such as '2018-T2' or a year, not {kind}",
                "{name} ska vara en period som '2018-T2' eller ett år, inte {kind}",
                name=name,
                kind=_kind(value),
            )
        )
    try:
        return _period(value)
    except PydanticCustomError:
        raise InvalidArgumentError(
            tr(
                "{name} must be a year such as 2018 or a period such as 2018-T2, 2018-H1, "
                "2018-Q3 or 2018-05, not {got}",
                "{name} ska vara ett år som 2018 eller en period som 2018-T2, 2018-H1, "
                "2018-K3 eller 2018-05, inte {got}",
                name=name,
                got=_show(value),
            )
        ) from None


def _years_only(value: Any) -> Any:
    if isinstance(value, dict) and any(_is_period_key(key) for key in value):
        return {key: item for key, item in value.items() if not _is_period_key(key)}
    return value


def _periods_only(value: Any) -> Any:
    if not isinstance(value, dict):
        return {}  # the year field reports what is wrong with the mapping
    found = {key: item for key, item in value.items() if _is_period_key(key)}
    _refuse_twice(found, _period)
    return found


PeriodKey = Annotated[
    Period,
    PlainValidator(_period),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string"}),
]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_by_alias=True,
        validate_by_name=False,
        serialize_by_alias=True,
        hide_input_in_errors=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any) -> Any:
        # `kommentar:` with nothing after it, or None from model_dump(), means
        # "not given" for an optional key; a required key still has to be there.
        if isinstance(data, dict) and None in data.values():  # the scan is cheap; the copy is not
            optional = _optional_aliases(cls)
            return {k: v for k, v in data.items() if not (v is None and k in optional)}
        return data


@functools.cache
def _optional_aliases(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        field.alias or name for name, field in model.model_fields.items() if not field.is_required()
    )


class OnTrackRules(_Model):
    """Thresholds of the on-track judgement (``regler.i_fas``): the UNSD /
    Statistics Canada SDG progress method. ``None`` means "inherit / default"."""

    ratio_on_track: Annotated[float | None, BeforeValidator(_number)] = Field(
        None,
        alias="kvot_i_fas",
        description="Kvot faktisk/behövd årlig förändring från vilken indikatorn är I fas (standard 0,95)",
    )
    ratio_accelerate: Annotated[float | None, BeforeValidator(_number)] = Field(
        None,
        alias="kvot_skynda",
        description="Kvot från vilken det behöver gå fortare (standard 0,6); under den: begränsade framsteg",
    )
    ratio_progress: Annotated[float | None, BeforeValidator(_number)] = Field(
        None,
        alias="kvot_framsteg",
        description="Kvot från vilken det är begränsade framsteg (standard 0); under den: försämring",
    )
    # A yearly rate is a share, from -1 to 1: 0,015 is 1,5 % a year, and "1,5 %" (1,5) is refused
    # rather than read as 150 % a year.
    growth_on_track: Annotated[float | None, BeforeValidator(_number), Field(ge=-1, le=1)] = Field(
        None,
        alias="tillväxt_i_fas",
        description="Utan målvärde: årlig förändring i önskad riktning från vilken indikatorn är I fas "
        "(standard 0,015)",
    )
    growth_accelerate: Annotated[float | None, BeforeValidator(_number), Field(ge=-1, le=1)] = Field(
        None,
        alias="tillväxt_skynda",
        description="Utan målvärde: årlig förändring från vilken det behöver gå fortare (standard 0,005)",
    )
    growth_progress: Annotated[float | None, BeforeValidator(_number), Field(ge=-1, le=1)] = Field(
        None,
        alias="tillväxt_framsteg",
        description="Utan målvärde: årlig förändring från vilken det är begränsade framsteg (standard 0)",
    )

    @model_validator(mode="after")
    def _ordered(self) -> OnTrackRules:
        # Each scale's thresholds, as far as one layer gives them, from high to low.
        for names in (
            ("ratio_on_track", "ratio_accelerate", "ratio_progress"),
            ("growth_on_track", "growth_accelerate", "growth_progress"),
        ):
            given = [(name, getattr(self, name)) for name in names if getattr(self, name) is not None]
            for (high, upper), (low, lower) in itertools.pairwise(given):
                if upper < lower:
                    raise PydanticCustomError(
                        "thresholds_order",
                        tr(
                            "{high} ({upper}) must be at least {low} ({lower})",
                            "{high} ({upper}) ska vara minst {low} ({lower})",
                        ),
                        {
                            "high": type(self).model_fields[high].alias,
                            "upper": upper,
                            "low": type(self).model_fields[low].alias,
                            "lower": lower,
                        },
                    )
        return self


class Rules(_Model):
    """Assessment rules (``regler``). At plan level they set the defaults; on an
    indicator they override them. ``None`` means "inherit / default"."""

    method: Annotated[Method | None, _word_validator(Method)] = Field(
        None, alias="metod", description="framsteg (standard) eller måluppfyllelse"
    )
    near: Annotated[float | None, BeforeValidator(_number), Field(gt=0, le=1)] = Field(
        None,
        alias="nära",
        description="Gräns för Nära värde: 0,5 för framsteg, 0,8 för måluppfyllelse",
    )
    trend: Annotated[TrendBasis | None, _word_validator(TrendBasis)] = Field(
        None, alias="trend", description="ingångsvärde (standard) eller föregående"
    )
    arrow: Annotated[TrendArrow | None, _word_validator(TrendArrow)] = Field(
        None,
        alias="trendpil",
        description=(
            "Hur trendpilen läses: riktning (standard: ↗ när värdet ökat) eller förbättring "
            "(↗ när utfallet förbättrats, även när värdet minskat)"
        ),
    )
    missing_baseline: Annotated[MissingBaseline | None, _word_validator(MissingBaseline)] = Field(
        None,
        alias="saknat_ingångsvärde",
        description=(
            "För en indikator utan ingångsvärde: föregående_utfall (det senaste utfallet före "
            "värdets år står för ingångsvärdet) eller ej_bedömd (bedöms inte där reglerna utgår "
            "från ett ingångsvärde). Utan regeln: bara målvärdet bedöms, med måluppfyllelse"
        ),
    )
    on_track: OnTrackRules | None = Field(
        None,
        alias="i_fas",
        description=(
            "Gränser för bedömningen av om indikatorn är i fas mot ett målvärde längre fram "
            "(FN:s metod för SDG-framsteg): kvot_i_fas, kvot_skynda, kvot_framsteg, "
            "tillväxt_i_fas, tillväxt_skynda, tillväxt_framsteg"
        ),
    )


LABEL_MAX_LENGTH = 60
"""The most characters a label word of the plan (``etiketter``) may have."""


@_accepts("label")
def _label(value: Any) -> str:
    # A label stands in a table cell and after a status colour: one line of
    # text, without the spaces around it, and short.
    text = _text(value).strip()
    if not text:
        raise PydanticCustomError(
            "label", tr("expected a word, got an empty string", "ska vara ett ord, men är tomt")
        )
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        raise PydanticCustomError(
            "label",
            tr(
                "expected a label on one line, got {got}",
                "ska vara en etikett på en rad, men här står {got}",
            ),
            {"got": _show(value)},
        )
    if len(text) > LABEL_MAX_LENGTH:
        raise PydanticCustomError(
            "label",
            tr(
                "expected at most {most} characters, got {count}",
                "får vara högst {most} tecken, men här står {count}",
            ),
            {"most": LABEL_MAX_LENGTH, "count": len(text)},
        )
    return text


Label = Annotated[str, BeforeValidator(_label)]


@_accepts("heading")
def _heading(value: object) -> str:
    # A heading stands on a title page, in a footer beside the page number and in a
    # document's properties: one line, without the spaces around it (_text refuses a blank).
    text = _text(value).strip()
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        raise PydanticCustomError(
            "heading",
            tr(
                "expected a title on one line, got {got}",
                "ska vara en rubrik på en rad, men här står {got}",
            ),
            {"got": _show(value)},
        )
    return text


Heading = Annotated[str, BeforeValidator(_heading)]


class _LabelGroup(_Model):
    """Label words for the codes of one kind; field names are the codes."""

    @model_validator(mode="after")
    def _distinct(self) -> _LabelGroup:
        # Two codes under one word could not be told apart in a report.
        seen: dict[str, str] = {}
        for name, field in type(self).model_fields.items():
            word = getattr(self, name)
            if word is None:
                continue
            key = word.casefold()
            if key in seen:
                raise PydanticCustomError(
                    "label_twice",
                    tr(
                        "the word {word} is given for both {first} and {second}",
                        "ordet {word} står för både {first} och {second}",
                    ),
                    {"word": repr(word), "first": repr(seen[key]), "second": repr(field.alias or name)},
                )
            seen[key] = field.alias or name
        return self


def _instead(default: str) -> str:
    return f"Planens ord i stället för {default}"


class IndicatorLabels(_LabelGroup):
    """The plan's words for an indicator's bedömning (``etiketter.indikator``)."""

    reached: Label | None = Field(
        None, alias=swedish_word(IndicatorStatus.REACHED), description=_instead("Värde uppnått")
    )
    close: Label | None = Field(
        None, alias=swedish_word(IndicatorStatus.CLOSE), description=_instead("Nära värde")
    )
    far: Label | None = Field(
        None, alias=swedish_word(IndicatorStatus.FAR), description=_instead("Långt ifrån värde")
    )
    not_assessed: Label | None = Field(
        None, alias=swedish_word(IndicatorStatus.NOT_ASSESSED), description=_instead("Inget värde angivet")
    )


class GoalLabels(_LabelGroup):
    """The plan's words for a goal's bedömning (``etiketter.mål``)."""

    fully: Label | None = Field(
        None, alias=swedish_word(GoalStatus.FULLY), description=_instead("Helt uppfyllt")
    )
    largely: Label | None = Field(
        None, alias=swedish_word(GoalStatus.LARGELY), description=_instead("I hög grad uppfyllt")
    )
    partly: Label | None = Field(
        None, alias=swedish_word(GoalStatus.PARTLY), description=_instead("Delvis uppfyllt")
    )
    not_met: Label | None = Field(
        None, alias=swedish_word(GoalStatus.NOT_MET), description=_instead("Ej uppfyllt")
    )
    not_assessed: Label | None = Field(
        None, alias=swedish_word(GoalStatus.NOT_ASSESSED), description=_instead("Ej bedömd")
    )


class TrendLabels(_LabelGroup):
    """The plan's words for an indicator's trend arrow (``etiketter.trend``)."""

    increased: Label | None = Field(
        None, alias=swedish_word(Change.INCREASED), description=_instead("↗ Ökad (pilen uppåt)")
    )
    unchanged: Label | None = Field(
        None, alias=swedish_word(Change.UNCHANGED), description=_instead("→ Oförändrad")
    )
    decreased: Label | None = Field(
        None, alias=swedish_word(Change.DECREASED), description=_instead("↘ Minskad (pilen nedåt)")
    )
    none: Label | None = Field(
        None,
        alias=swedish_word(Change.NONE),
        description=_instead("- Inget värde angivet (ingen trend)"),
    )


class ImprovementLabels(_LabelGroup):
    """The plan's words for an improvement (``etiketter.förbättring``): a goal's
    trend, and the word beside an indicator's arrow."""

    improved: Label | None = Field(None, alias="förbättrad", description=_instead("Förbättrad"))
    unchanged: Label | None = Field(None, alias="oförändrad", description=_instead("Oförändrad"))
    worsened: Label | None = Field(None, alias="försämrad", description=_instead("Försämrad"))
    none: Label | None = Field(None, alias="ingen jämförelse", description=_instead("Ingen jämförelse"))


class Labels(_Model):
    """The plan's own label words (``etiketter``), in place of the defaults.

    Each group's keys are the Swedish words of the codes, as the plan writes
    them elsewhere (``angiven_bedömning: nära värde``); a code left out keeps
    its default label.
    """

    indicator: IndicatorLabels = Field(
        default_factory=IndicatorLabels, alias="indikator", description="En indikators bedömning"
    )
    goal: GoalLabels = Field(default_factory=GoalLabels, alias="mål", description="Ett måls bedömning")
    trend: TrendLabels = Field(
        default_factory=TrendLabels, alias="trend", description="En indikators trendpil"
    )
    improvement: ImprovementLabels = Field(
        default_factory=ImprovementLabels,
        alias="förbättring",
        description="Förbättring: ett måls trend och ordet bredvid en indikators trendpil",
    )


class ValuePoint(_Model):
    """A starting value or a target: a number, optionally with its year."""

    value: Number = Field(alias="värde", description="Värdet")
    year: Year | None = Field(None, alias="år", description="Året värdet gäller")
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar")

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, data: Any) -> Any:
        # `ingångsvärde: 10` is shorthand for `ingångsvärde: {värde: 10}`.
        if isinstance(data, (int, float, str)):
            return {"värde": data}
        return data


class Outcome(_Model):
    """One year's outcome (``utfall``): a value, or a reason why there is none."""

    value: Number | None = Field(None, alias="värde", description="Utfallet")
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar")
    missing: Text | None = Field(
        None, alias="saknas", description="Varför utfall saknas, t.ex. 'Enkät sker vartannat år'"
    )

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, data: Any) -> Any:
        if isinstance(data, (int, float, str)):
            return {"värde": data}
        if data is None:
            raise PydanticCustomError(
                "outcome",
                tr(
                    "expected a number, {värde: ...} or {saknas: reason}, got nothing",
                    "ska vara ett tal, {värde: ...} eller {saknas: skäl}, men är tomt",
                ),
            )
        return data

    @model_validator(mode="after")
    def _value_or_missing(self) -> Outcome:
        if (self.value is None) == (self.missing is None):
            raise PydanticCustomError(
                "outcome",
                tr(
                    "an outcome has either 'värde' or 'saknas', not both and not neither",
                    "ett utfall har antingen 'värde' eller 'saknas', inte båda och inte inget av dem",
                ),
            )
        return self


class Forecast(_Model):
    """A stated forecast (``prognos``) for the year's end: what people expect the year to end at."""

    value: Number = Field(alias="värde", description="Värdet året väntas sluta på")
    comment: Text | None = Field(None, alias="kommentar", description="Vad prognosen bygger på")

    @model_validator(mode="before")
    @classmethod
    def _bare_number(cls, data: Any) -> Any:
        # `prognos: {2018: 110}` is shorthand for `prognos: {2018: {värde: 110}}`.
        if isinstance(data, (int, float, str)):
            return {"värde": data}
        return data


_STATUS_WORDS = "ej påbörjad | pågående | genomförd | försenad | avbruten | framflyttad"


class Decision(_Model):
    """Who decided an item and when (``beslutad``)."""

    by: Text = Field(alias="av", description="Vem som beslutade, t.ex. Gymnasie- och näringslivsnämnden")
    date: Date | None = Field(None, alias="datum", description="När (ÅÅÅÅ-MM-DD)")


class StatusReport(_Model):
    """One dated report on an item (``rapporter``): its status then and what happened."""

    date: Date = Field(alias="datum", description="Rapportens datum (ÅÅÅÅ-MM-DD)")
    status: Annotated[ActivityStatus, _word_validator(ActivityStatus)] = Field(
        alias="status", description=_STATUS_WORDS
    )
    text: Text | None = Field(None, alias="text", description="Vad som hänt")
    moved_to: Text | None = Field(
        None,
        alias="till",
        description="Framflyttad: till vilken återrapportering, t.ex. 2022-03",
    )
    reason: Text | None = Field(None, alias="skäl", description="Framflyttad: varför")


class _Item(_Model):
    """What activities, assignments and action-plan items share: who, when, which
    goals, and a history of dated status reports."""

    id: Id | None = Field(None, alias="id", description="Id, för återrapporteringen och status-kommandot")
    title: Text = Field(alias="titel", description="Vad som ska göras")
    responsible: Text | None = Field(None, alias="ansvarig", description="Ansvarig")
    status: Annotated[ActivityStatus | None, _word_validator(ActivityStatus)] = Field(
        None, alias="status", description=_STATUS_WORDS + "; utan rapporter: läget nu"
    )
    kind: Annotated[ItemKind, _word_validator(ItemKind)] = Field(
        ItemKind.ACTIVITY,
        alias="typ",
        description="aktivitet | överenskommelse | projekt; ett projekts period är start och klart",
    )
    funder: Text | None = Field(
        None,
        alias="finansiär",
        description="Vem som finansierar, t.ex. Länsstyrelsen eller Allmänna arvsfonden",
    )
    start: Date | None = Field(None, alias="start", description="Start (ÅÅÅÅ-MM-DD)")
    due: Date | None = Field(None, alias="klart", description="Klart senast (ÅÅÅÅ-MM-DD)")
    decided: Decision | None = Field(
        None, alias="beslutad", description="Vem som beslutade och när: {av: ..., datum: ÅÅÅÅ-MM-DD}"
    )
    partners: tuple[Text, ...] = Field(
        default_factory=tuple, alias="samverkan", description="Samverkanspartner"
    )
    goals: tuple[Id, ...] = Field(default_factory=tuple, alias="mål", description="Id för målen den tjänar")
    reports: tuple[StatusReport, ...] = Field(
        default_factory=tuple,
        alias="rapporter",
        description="Daterade statusrapporter: [{datum, status, text}]; den senaste ger läget",
    )
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar")

    @model_validator(mode="before")
    @classmethod
    def _bare_title(cls, data: Any) -> Any:
        # An item written as a plain string is its title.
        if isinstance(data, str):
            return {"titel": data}
        return data

    def reports_by(self, on: dt.date) -> tuple[StatusReport, ...]:
        """The reports made by ``on``, oldest first (two on one day: as written)."""
        made = sorted(
            ((r.date, i, r) for i, r in enumerate(self.reports) if r.date <= on), key=lambda m: m[:2]
        )
        return tuple(r for _, _, r in made)

    def latest_report(self, on: dt.date | None = None) -> StatusReport | None:
        """The latest dated report (by date; of two on one day, the later written),
        of those made by ``on`` when given."""
        made = [(r.date, i, r) for i, r in enumerate(self.reports) if on is None or r.date <= on]
        return max(made, key=lambda found: found[:2])[2] if made else None

    def latest_move(self, on: dt.date | None = None) -> StatusReport | None:
        """The latest report that moved the item (``framflyttad``), of those made by ``on``."""
        made = [
            (r.date, i, r)
            for i, r in enumerate(self.reports)
            if r.status is ActivityStatus.POSTPONED and (on is None or r.date <= on)
        ]
        return max(made, key=lambda found: found[:2])[2] if made else None

    def current_status(self, on: dt.date | None = None) -> ActivityStatus | None:
        """The status now (or on ``on``): the latest report's, else ``status``."""
        latest = self.latest_report(on)
        return latest.status if latest is not None else self.status


class Activity(_Item):
    """An activity (``aktivitet``) meant to move a goal or an indicator."""


@_accepts("municipality")
def _municipality_code(value: Any) -> str:
    # Kolada's municipality ids are four digits with leading zeros ("0138");
    # YAML reads an unquoted 0138 as a number, so take numbers as ids too.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9999:
        return f"{value:04d}"
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        return value.strip()
    raise PydanticCustomError(
        "municipality",
        tr(
            'expected a four-digit municipality id such as "0138", got {got}',
            'ska vara ett kommun-id med fyra siffror, till exempel "0138", men här står {got}',
        ),
        {"got": _show(value)},
    )


MunicipalityCode = Annotated[str, BeforeValidator(_municipality_code)]


class Gender(StrEnum):
    """Kolada's gender breakdown: total, women (kvinnor), men (män)."""

    T = "T"
    K = "K"
    M = "M"


class KoladaRef(_Model):
    """Where an indicator's outcomes come from in Kolada (``kolada``)."""

    kpi: Annotated[str, BeforeValidator(_text)] = Field(
        alias="kpi", description="Koladas nyckeltals-id, t.ex. N00914"
    )
    gender: Gender = Field(Gender.T, alias="kön", description="T (totalt), K (kvinnor) eller M (män)")
    municipality: MunicipalityCode | None = Field(
        None, alias="kommun", description="Kommun-id i Kolada om annan än planens kolada_kommun"
    )

    @model_validator(mode="before")
    @classmethod
    def _bare_kpi(cls, data: Any) -> Any:
        # `kolada: N00914` is shorthand for `kolada: {kpi: N00914}`.
        if isinstance(data, str):
            return {"kpi": data}
        return data


class ChartSettings(_Model):
    """How an indicator's chart is drawn (``diagram``)."""

    zero_baseline: Flag | None = Field(
        None,
        alias="nollbaslinje",
        description="Y-axeln börjar på noll: ja eller nej; standard ja för enheten % och för antal",
    )


@_accepts("one_or_many")
def _one_or_many(value: Any) -> Any:
    """``tidigare_id``: one id, or a list of them."""
    return [value] if isinstance(value, str) else value


class Indicator(_Model):
    """An indicator (``indikator``): how a goal is measured."""

    id: Id = Field(alias="id", description="Unikt id i planen, t.ex. unga-neet")
    title: Text = Field(alias="titel", description="Indikatorns namn")
    previous_ids: Annotated[
        tuple[Id, ...],
        BeforeValidator(_one_or_many),
        WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
    ] = Field(
        default_factory=tuple,
        alias="tidigare_id",
        description=(
            "Id som indikatorn hade i tidigare års planer, när den bytt id eller ersätter "
            "en eller flera indikatorer: ett id eller en lista; history följer serien bakåt"
        ),
    )
    unit: Text | None = Field(None, alias="enhet", description="Enhet: %, antal, tkr, index ...")
    source: Text | None = Field(None, alias="källa", description="Källa, t.ex. medarbetarenkäten")
    direction: Annotated[Direction | None, _word_validator(Direction)] = Field(
        None,
        alias="riktning",
        description="öka | minska | bibehåll; härleds från ingångsvärde → målvärde om den saknas",
    )
    baseline: ValuePoint | None = Field(None, alias="ingångsvärde", description="Ingångsvärde")
    target: ValuePoint | None = Field(None, alias="målvärde", description="Målvärde")
    threshold: Number | None = Field(None, alias="gränsvärde", description="Gräns för Nära värde (valfri)")
    tolerance: Weight = Field(
        0.0, alias="tolerans", description="Förändringar inom toleransen räknas som oförändrade"
    )
    weight: Weight = Field(1.0, alias="vikt", description="Vikt i målets sammanvägning")
    outcomes: Annotated[YearMap[Outcome], BeforeValidator(_years_only)] = Field(
        default_factory=dict,
        alias="utfall",
        description=(
            "Utfall per år (2018) eller per period inom året: 2018-T1, 2018-H1, 2018-Q1/2018-K1, 2018-05"
        ),
    )
    # The same `utfall` mapping, its period keys: validated here, so an error in
    # one is reported at its place in `utfall`; never written back by a dump.
    period_outcomes: Annotated[dict[PeriodKey, Outcome], BeforeValidator(_periods_only)] = Field(
        default_factory=dict, validation_alias=AliasChoices("utfall"), exclude=True
    )
    period_value: Annotated[PeriodValue, _word_validator(PeriodValue)] = Field(
        PeriodValue.LEVEL,
        alias="periodvärde",
        description=(
            "Vad ett utfall för en period inom året säger: läge (standard; läget vid periodens slut, "
            "t.ex. en andel) | ackumulerat (summan hittills i år, t.ex. antal mottagna)"
        ),
    )
    forecasts: YearMap[Forecast] = Field(
        default_factory=dict,
        alias="prognos",
        description="Prognos för årets slut per år: {2018: 110} eller {2018: {värde: 110, kommentar: ...}}",
    )
    comparisons: dict[Text, YearMap[Number]] = Field(
        default_factory=dict, alias="jämförelse", description="Jämförelsevärden per namn och år"
    )
    activities: tuple[Activity, ...] = Field(
        default_factory=tuple, alias="aktiviteter", description="Aktiviteter"
    )
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar")
    stated_assessment: Annotated[IndicatorStatus | None, _word_validator(IndicatorStatus)] = Field(
        None,
        alias="angiven_bedömning",
        description=(
            "En persons bedömning: värde uppnått | nära värde | långt ifrån värde | inget värde angivet"
        ),
    )
    stated_trend: Annotated[Change | None, _word_validator(Change)] = Field(
        None,
        alias="angiven_trend",
        description=(
            "En persons trend: ökad | oförändrad | minskad | inget värde angivet (pilen ↗ → ↘ får stå först)"
        ),
    )
    rules: Rules | None = Field(None, alias="regler", description="Regler för just denna indikator")
    kolada: KoladaRef | None = Field(
        None, alias="kolada", description="Nyckeltal i Kolada att hämta utfall från"
    )
    chart: ChartSettings | None = Field(None, alias="diagram", description="Hur indikatorns diagram ritas")

    @model_serializer(mode="wrap")
    def _periods_in_outcomes(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        return _with_periods(handler(self), info, "outcomes", self.period_outcomes)


def _with_periods(data: Any, info: SerializationInfo, name: str, periods: dict[Period, Any]) -> Any:
    """A dump's ``utfall`` (field ``name``) as written: the year keys, then the
    period keys; nothing when the dump leaves ``utfall`` out (include, exclude),
    though it does when only its year keys are empty (exclude_defaults)."""
    if not periods or not isinstance(data, dict):
        return data
    include, exclude = info.include, info.exclude
    if (exclude is not None and name in exclude) or (include is not None and name not in include):
        return data
    # Keys by alias unless the dump asked for names: read it off the dump (the
    # plan's config dumps by alias, which `info.by_alias` does not report).
    by_alias = "utfall" in data or (name not in data and "titel" in data)
    key = "utfall" if by_alias else name
    dumped = {
        str(period): item.model_dump(
            mode=info.mode,
            by_alias=by_alias,
            exclude_none=info.exclude_none,
            exclude_defaults=info.exclude_defaults,
        )
        if isinstance(item, BaseModel)
        else item
        for period, item in periods.items()
    }
    data[key] = {**data.get(key, {}), **dumped}
    return data


class GoalLink(_Model):
    """A goal another goal serves (``bidrar_till``): ``kf:lag-arbetsloshet`` names the
    goal ``lag-arbetsloshet`` of the plan ``kf`` (a plan's ``id``, else its file's
    name without ``.yaml``); a bare id, a goal of the same plan. ``vikt`` weighs the
    serving goal in that goal's roll-up."""

    plan: Id | None = Field(None, alias="plan", description="Planens id; utan: samma plan")
    goal: Id = Field(alias="mål", description="Målets id")
    weight: Weight = Field(1.0, alias="vikt", description="Vikt i det målets sammanvägning")

    @model_validator(mode="before")
    @classmethod
    def _written_as_text(cls, data: Any) -> Any:
        # "kf:lag-arbetsloshet" (or {mål: "kf:lag-arbetsloshet", vikt: 2}): the plan before the colon.
        if isinstance(data, str):
            data = {"mål": data}
        if isinstance(data, dict) and isinstance(data.get("mål"), str) and "plan" not in data:
            plan, colon, goal = data["mål"].partition(":")
            if colon:
                data = {**data, "plan": plan.strip(), "mål": goal.strip()}
        return data

    @property
    def key(self) -> str:
        """As written: ``kf:lag-arbetsloshet``, or the bare id."""
        return f"{self.plan}:{self.goal}" if self.plan else self.goal


class Goal(_Model):
    """A goal (``mål``); goals nest, e.g. a nämndmål under a strategiskt mål."""

    id: Id | None = Field(None, alias="id", description="Id; härleds från positionen om det saknas")
    kind: Annotated[GoalKind | None, _word_validator(GoalKind)] = Field(
        None,
        alias="typ",
        description="strategiskt mål | nämndmål | kvalitetsmål | verksamhetsmål",
    )
    title: Text = Field(alias="titel", description="Målet")
    description: Text | None = Field(None, alias="beskrivning", description="Beskrivning")
    stated_assessment: Annotated[GoalStatus | None, _word_validator(GoalStatus)] = Field(
        None,
        alias="bedömning",
        description="En persons bedömning: helt | i hög grad | delvis | ej uppfyllt",
    )
    stated_forecast: Annotated[GoalStatus | None, _word_validator(GoalStatus, FORECAST_WORDS)] = Field(
        None,
        alias="angiven_prognos",
        description=(
            "En persons bedömning av hur året slutar: bedöms uppfyllas | bedöms i hög grad uppfyllas | "
            "bedöms delvis uppfyllas | bedöms inte uppfyllas | kan inte bedömas "
            "(eller helt uppfyllt ... ej bedömd)"
        ),
    )
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar till bedömningen")
    qualitative: Flag = Field(
        False,
        alias="kvalitativt",
        description="Ett mål utan indikatorer med avsikt: ja; lint varnar inte för att indikatorer saknas",
    )
    weight: Weight = Field(1.0, alias="vikt", description="Vikt i det överordnade målets sammanvägning")
    serves: tuple[GoalLink, ...] = Field(
        default_factory=tuple,
        alias="bidrar_till",
        description=(
            "Mål i en annan plan som målet bidrar till, t.ex. [kf:lag-arbetsloshet] "
            "(planens id: mål-id), eller {mål: kf:lag-arbetsloshet, vikt: 2}"
        ),
    )
    indicators: tuple[Indicator, ...] = Field(
        default_factory=tuple, alias="indikatorer", description="Indikatorer"
    )
    activities: tuple[Activity, ...] = Field(
        default_factory=tuple, alias="aktiviteter", description="Aktiviteter"
    )
    goals: tuple[Goal, ...] = Field(default_factory=tuple, alias="mål", description="Underordnade mål")


class FocusArea(_Model):
    """A focus area (``målområde``)."""

    id: Id | None = Field(None, alias="id", description="Id; härleds från positionen om det saknas")
    title: Text = Field(alias="titel", description="Målområdets namn")
    description: Text | None = Field(None, alias="beskrivning", description="Beskrivning")
    goals: tuple[Goal, ...] = Field(default_factory=tuple, alias="mål", description="Mål")


class Assignment(_Item):
    """A special assignment (``uppdrag``) from the council, or an action plan's item."""

    title: Text = Field(alias="titel", description="Uppdraget")


class FollowUp(_Model):
    """A date the plan is reported back on (``återrapportering``) and the items it covers."""

    id: Id | None = Field(None, alias="id", description="Id; utan id: datumet, t.ex. 2022-03")
    when: Annotated[str, BeforeValidator(_date_or_month)] = Field(
        alias="datum", description="Månad (ÅÅÅÅ-MM) eller dag (ÅÅÅÅ-MM-DD) för återrapporteringen"
    )
    name: Text | None = Field(None, alias="namn", description="Namn, t.ex. Återrapportering mars 2022")
    items: tuple[Id, ...] = Field(
        default_factory=tuple,
        alias="punkter",
        description="Id för uppdragen och aktiviteterna som ska återrapporteras då",
    )
    text: Text | None = Field(
        None,
        alias="text",
        description="Sammanfattande kommentarer: står sist i återrapporteringens rapport",
    )

    @property
    def key(self) -> str:
        """How the report back is named: its id, else its date as written (2022-03)."""
        return self.id or self.when

    @property
    def date(self) -> dt.date:
        """The day it is due: the date, or the last day of the month."""
        if len(self.when) == 7:
            return Period.parse(self.when).end
        return dt.date.fromisoformat(self.when)


class Guarantee(_Model):
    """A service guarantee (``kvalitetsgaranti``)."""

    title: Text = Field(alias="titel", description="Garantin")
    met: Flag | None = Field(None, alias="uppfylld", description="Uppfylld (true/false)")
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar")


Score = Annotated[int, BeforeValidator(_score), Field(ge=1, le=4)]


class Risk(_Model):
    """A row of the risk and control plan (``risk``)."""

    risk: Text = Field(alias="risk", description="Risken")
    actions: Text | None = Field(None, alias="åtgärder", description="Åtgärder")
    controls: Text | None = Field(None, alias="kontrollinsatser", description="Kontrollinsatser")
    responsible: Text | None = Field(None, alias="ansvar", description="Ansvarig")
    likelihood: Score | None = Field(None, alias="sannolikhet", description="Sannolikhet 1–4")
    consequence: Score | None = Field(None, alias="konsekvens", description="Konsekvens 1–4")
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar")


class ReportSettings(_Model):
    """What kind of document the plan's report is (``rapport``), and its title."""

    kind: Annotated[ReportKind, _word_validator(ReportKind)] = Field(
        ReportKind.ANNUAL,
        alias="typ",
        description=(
            "verksamhetsberättelse (standard) | delårsrapport | tertialrapport | återrapportering | "
            "verksamhetsplan; ger rapportens rubrik, t.ex. Delårsrapport 2018"
        ),
    )
    title: Heading | None = Field(
        None, alias="titel", description="Rapportens rubrik på en rad, i stället för den som typen ger"
    )


@_accepts("blank_or_number")
def _blank_or_number(value: Any) -> float | None:
    # A table cell left empty (`~`) is blank, not zero.
    return None if value is None else _number(value)


Cell = Annotated[float | None, BeforeValidator(_blank_or_number)]


class TableColumn(_Model):
    """A column of a table (``kolumner``): its heading, and whether it is the difference of two others."""

    title: Text = Field(alias="titel", description="Kolumnens rubrik, t.ex. Budget 2018")
    difference: tuple[Text, Text] | None = Field(
        None,
        alias="skillnad",
        description=(
            "Kolumnen är skillnaden mellan två andra kolumner, [a, b] = a − b, t.ex. "
            "[Utfall 2017, Budget 2017] för Avvikelse; ett angivet värde kontrolleras, "
            "ett tomt räknas ut i rapporten"
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _bare_title(cls, data: Any) -> Any:
        # A column written as plain text is its heading.
        if isinstance(data, str):
            return {"titel": data}
        return data


class TableRow(_Model):
    """A row of a table (``rader``): a heading and one number (or nothing) per column."""

    title: Text = Field(alias="titel", description="Radens rubrik, t.ex. en verksamhet eller ett konto")
    values: tuple[Cell, ...] = Field(
        default_factory=tuple,
        alias="värden",
        description=(
            "Ett tal per kolumn, i kolumnernas ordning; ~ för en tom ruta; inga värden: en mellanrubrik"
        ),
    )
    total: Flag = Field(False, alias="summa", description="En summarad, som skrivs i fetstil: ja eller nej")


class Table(_Model):
    """A table of numbers in a section (``tabeller``): a budget, an outcome per verksamhet, ..."""

    title: Text = Field(alias="titel", description="Tabellens rubrik, t.ex. Driftbudget")
    unit: Text | None = Field(None, alias="enhet", description="Enhet för alla tal i tabellen, t.ex. tkr")
    row_heading: Text | None = Field(
        None, alias="radrubrik", description="Rubrik över radernas rubriker, t.ex. Verksamhet"
    )
    columns: tuple[TableColumn, ...] = Field(
        alias="kolumner", min_length=1, description="Kolumnerna, t.ex. [Budget 2017, Utfall 2017, Avvikelse]"
    )
    rows: tuple[TableRow, ...] = Field(default_factory=tuple, alias="rader", description="Raderna")
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar under tabellen")

    @model_validator(mode="after")
    def _cells_fit(self) -> Table:
        titles = [column.title for column in self.columns]
        twice = sorted({title for title in titles if titles.count(title) > 1})
        if twice:
            # A skillnad names its columns by title: two of one title could not be told apart.
            raise PydanticCustomError(
                "table",
                tr(
                    "two columns are titled {title}; give each column a title of its own",
                    "två kolumner heter {title}; ge varje kolumn en egen rubrik",
                ),
                {"title": repr(twice[0])},
            )
        differences = {column.title for column in self.columns if column.difference is not None}
        for column in self.columns:
            if column.difference is not None and column.difference[0] == column.difference[1]:
                raise PydanticCustomError(
                    "table",
                    tr(
                        "column {column}: skillnad names {operand} twice; name two different columns",
                        "kolumnen {column}: skillnad nämner {operand} två gånger; ange två olika kolumner",
                    ),
                    {"column": repr(column.title), "operand": repr(column.difference[0])},
                )
            for operand in column.difference or ():
                if operand in differences:
                    # A difference of a difference would depend on which blanks are worked out first.
                    raise PydanticCustomError(
                        "table",
                        tr(
                            "column {column}: skillnad names {operand}, which is itself a skillnad; "
                            "name columns with values of their own",
                            "kolumnen {column}: skillnad nämner {operand}, som själv är en skillnad; "
                            "ange kolumner med egna värden",
                        ),
                        {"column": repr(column.title), "operand": repr(operand)},
                    )
                if operand not in titles or operand == column.title:
                    raise PydanticCustomError(
                        "table",
                        tr(
                            "column {column}: skillnad names {operand}, which is not another column "
                            "of the table ({columns})",
                            "kolumnen {column}: skillnad nämner {operand}, som inte är en annan kolumn "
                            "i tabellen ({columns})",
                        ),
                        {
                            "column": repr(column.title),
                            "operand": repr(operand),
                            "columns": ", ".join(titles),
                        },
                    )
        for row in self.rows:
            if row.values and len(row.values) != len(self.columns):
                raise PydanticCustomError(
                    "table",
                    tr(
                        "row {row} has {count} values, but the table has {columns} columns; "
                        "write ~ for an empty cell",
                        "raden {row} har {count} värden, men tabellen har {columns} kolumner; "
                        "skriv ~ för en tom ruta",
                    ),
                    {"row": repr(row.title), "count": len(row.values), "columns": len(self.columns)},
                )
            for difference, first, second, stated in table_differences(self, row):
                if stated is not None and not _same_number(stated, first - second):
                    raise PydanticCustomError(
                        "table",
                        tr(
                            "row {row}: {column} is {stated}, but {a} − {b} is {computed}",
                            "raden {row}: {column} är {stated}, men {a} − {b} är {computed}",
                        ),
                        {
                            "row": repr(row.title),
                            "column": difference.title,
                            "stated": _plain(stated),
                            "a": (difference.difference or ("", ""))[0],
                            "b": (difference.difference or ("", ""))[1],
                            "computed": _plain(first - second),
                        },
                    )
        return self


def table_differences(table: Table, row: TableRow) -> list[tuple[TableColumn, float, float, float | None]]:
    """Each difference column (``skillnad``) of ``table`` whose two operands ``row``
    fills in: the column, the two operands and the value stated for it (None: blank)."""
    if not row.values:
        return []
    by_title = dict(zip((column.title for column in table.columns), row.values, strict=True))
    found = []
    for column, stated in zip(table.columns, row.values, strict=True):
        if column.difference is None:
            continue
        first, second = (by_title[title] for title in column.difference)
        if first is not None and second is not None:
            found.append((column, first, second, stated))
    return found


def _same_number(a: float, b: float) -> bool:
    # Values are written with a few decimals; their float difference may not be exact.
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _plain(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else repr(value)


class Section(_Model):
    """A narrative section (``avsnitt``) of the report: a heading, text and tables."""

    id: Id | None = Field(None, alias="id", description="Id; härleds från positionen om det saknas")
    title: Text = Field(alias="titel", description="Avsnittets rubrik, t.ex. Viktiga händelser")
    text: Text | None = Field(
        None,
        alias="text",
        description=(
            "Avsnittets text: stycken skilda av en tom rad, punktlistor med rader som börjar med '- '"
        ),
    )
    place: Annotated[SectionPlace, _word_validator(SectionPlace)] = Field(
        SectionPlace.BEFORE,
        alias="plats",
        description=(
            "före (standard): före målområdena | efter: efter målområdena och verksamhetsmåtten | "
            "sist: sist i rapporten"
        ),
    )
    tables: tuple[Table, ...] = Field(
        default_factory=tuple, alias="tabeller", description="Tabeller med tal, t.ex. driftbudget"
    )

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if self.text is None and not self.tables:
            raise PydanticCustomError(
                "section",
                tr(
                    "a section needs 'text', 'tabeller' or both",
                    "ett avsnitt behöver 'text', 'tabeller' eller båda",
                ),
            )
        return self


class BudgetRow(_Model):
    """A row of the operating budget (``ekonomi.rader``): an account or a sum, with its
    budget, forecast (prognos) and outcome (utfall) per year."""

    id: Id | None = Field(None, alias="id", description="Id, för att nämna raden i en annan rads 'delar'")
    title: Text = Field(alias="titel", description="Radens rubrik, t.ex. Personalkostnader")
    budget: YearMap[Cell] = Field(
        default_factory=dict, alias="budget", description="Budget per år, t.ex. {2018: 22 907}"
    )
    forecast: YearMap[Cell] = Field(
        default_factory=dict, alias="prognos", description="Prognos för helåret per år, t.ex. {2017: 16 400}"
    )
    actual: Annotated[YearMap[Cell], BeforeValidator(_years_only)] = Field(
        default_factory=dict,
        alias="utfall",
        description="Utfall per år, eller hittills i år per period (2018-T2: utfall januari–augusti)",
    )
    # The period keys of the same `utfall` mapping (see Indicator.period_outcomes).
    actual_periods: Annotated[dict[PeriodKey, Cell], BeforeValidator(_periods_only)] = Field(
        default_factory=dict, validation_alias=AliasChoices("utfall"), exclude=True
    )
    total: Flag = Field(
        False,
        alias="summa",
        description=(
            "En summarad (fetstil): ja; dess tal kontrolleras mot delarna (lint-regeln ekonomi-summa)"
        ),
    )
    parts: tuple[Text, ...] | None = Field(
        None,
        alias="delar",
        description=(
            "Summaradens delar: id:n på rader ovanför, ett minustecken före ett id drar raden ifrån, "
            "t.ex. [intakter, -kostnader]; utan delar: raderna ovanför, upp till föregående "
            "summarad eller rubrikrad"
        ),
    )

    def figures(self) -> bool:
        """Whether the row has any budget, prognos or utfall key (a row without: a heading)."""
        return bool(self.budget or self.forecast or self.actual or self.actual_periods)

    @model_serializer(mode="wrap")
    def _periods_in_actual(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        return _with_periods(handler(self), info, "actual", self.actual_periods)

    def cells(self, kind: str) -> dict[int | Period, float | None]:
        """The row's cells of ``kind`` (budget, prognos, utfall) by year, and for
        utfall by period too; ``~`` is None."""
        years = {"budget": self.budget, "prognos": self.forecast, "utfall": self.actual}[kind]
        found: dict[int | Period, float | None] = dict(years.items())
        if kind == "utfall":
            found.update(self.actual_periods.items())
        return found

    def value(self, kind: str, year: int | Period) -> float | None:
        """The stated figure of ``kind`` (budget, prognos, utfall) for ``year`` (or a period), or None."""
        return self.cells(kind).get(year)


BUDGET_KINDS = ("budget", "prognos", "utfall")


class Economy(_Model):
    """The plan's operating budget (``ekonomi``): rows with budget, prognos and utfall per year."""

    title: Text | None = Field(None, alias="titel", description="Tabellens rubrik, t.ex. Driftbudget")
    unit: Text = Field("tkr", alias="enhet", description="Enhet för alla belopp (standard tkr)")
    rows: tuple[BudgetRow, ...] = Field(alias="rader", min_length=1, description="Raderna, uppifrån och ned")
    comment: Text | None = Field(None, alias="kommentar", description="Kommentar under tabellen")

    @model_validator(mode="after")
    def _parts_fit(self) -> Economy:
        seen: set[str] = set()
        for row in self.rows:
            if row.id is not None and row.id in seen:
                raise PydanticCustomError(
                    "economy",
                    tr("two rows have the id {ident}", "två rader har id {ident}"),
                    {"ident": repr(row.id)},
                )
            if row.parts is not None and not row.total:
                raise PydanticCustomError(
                    "economy",
                    tr(
                        "row {row}: delar is for a sum row; write summa: ja",
                        "raden {row}: delar hör till en summarad; skriv summa: ja",
                    ),
                    {"row": repr(row.title)},
                )
            for part in row.parts or ():
                ident = normal_id(part.lstrip("-−").strip())
                if ident not in seen:
                    raise PydanticCustomError(
                        "economy",
                        tr(
                            "row {row}: delar names {ident}, which is not the id of a row above it",
                            "raden {row}: delar nämner {ident}, som inte är id för en rad ovanför",
                        ),
                        {"row": repr(row.title), "ident": repr(ident)},
                    )
            if row.id is not None:
                seen.add(row.id)
        for index, row in enumerate(self.rows):
            if row.total and not budget_parts(self, index):
                raise PydanticCustomError(
                    "economy",
                    tr(
                        "row {row} is a sum, but no rows stand above it since the last sum or heading; "
                        "name its parts with delar",
                        "raden {row} är en summa, men inga rader står ovanför den sedan förra summan "
                        "eller rubriken; ange dess delar med delar",
                    ),
                    {"row": repr(row.title)},
                )
        return self


def budget_parts(economy: Economy, index: int) -> list[tuple[int, int]]:
    """The parts of the sum row at ``index``: (row index, sign) pairs, sign 1 or −1.

    With ``delar``, the rows it names (``-id``: subtracted); without, the rows above
    up to the previous sum row or heading row (a row without figures).
    """
    row = economy.rows[index]
    if row.parts is not None:
        by_id = {other.id: i for i, other in enumerate(economy.rows[:index]) if other.id is not None}
        found = []
        for part in row.parts:
            stripped = part.strip()
            sign = -1 if stripped[:1] in ("-", "−") else 1
            found.append((by_id[normal_id(stripped.lstrip("-−").strip())], sign))
        return found
    found = []
    for i in range(index - 1, -1, -1):
        above = economy.rows[i]
        if above.total or not above.figures():
            break
        found.append((i, 1))
    return found[::-1]


def budget_figure(economy: Economy, index: int, kind: str, year: int | Period) -> float | None:
    """Row ``index``'s figure of ``kind`` for ``year``: stated, or for a sum row that
    states none, the sum of its parts; None when there is nothing to add."""
    stated = economy.rows[index].value(kind, year)
    if stated is not None or not economy.rows[index].total:
        return stated
    return budget_sum(economy, index, kind, year)


def budget_sum(economy: Economy, index: int, kind: str, year: int | Period) -> float | None:
    """The sum of the parts of the sum row at ``index`` for ``kind`` and ``year`` (a
    blank part, ``~``, counts as 0); None when no part has a figure, or when a part has
    no cell for that kind and year at all: its figure is unknown, not 0."""
    values: list[tuple[float | None, int]] = []
    for i, sign in budget_parts(economy, index):
        row = economy.rows[i]
        cells = row.cells(kind)
        if year in cells and (cells[year] is not None or not row.total):
            value = cells[year]  # stated, or ~ on a plain row
        elif row.total:
            value = budget_sum(economy, i, kind, year)  # a sum row stating none: its parts
            if value is None and year not in cells:
                return None  # a part whose parts have no cell: unknown
        else:
            return None  # a part with no cell at all: unknown, not 0
        values.append((value, sign))
    if all(value is None for value, _ in values):
        return None
    return sum(sign * value for value, sign in values if value is not None)


class ReportDate(_Model):
    """A report in the plan's calendar (``rapporter``): which period it covers and when it is due."""

    id: Id = Field(alias="id", description="Id att välja rapporten med, t.ex. delår")
    name: Text = Field(alias="namn", description="Rapportens namn, t.ex. Delårsrapport")
    period: PeriodKey = Field(
        alias="period", description="Perioden rapporten gäller: 2018-T2, eller året 2018"
    )
    date: Date | None = Field(None, alias="datum", description="När rapporten ska vara klar (ÅÅÅÅ-MM-DD)")


def _distinct_reports(reports: tuple[ReportDate, ...]) -> tuple[ReportDate, ...]:
    # --rapport finds a report by its id, and a period's report by its period: each once.
    ids: set[str] = set()
    periods: set[Period] = set()
    for report in reports:
        if report.id in ids:
            raise PydanticCustomError(
                "report_twice",
                tr("two reports have the id {ident}", "två rapporter har id {ident}"),
                {"ident": repr(report.id)},
            )
        if report.period in periods:
            raise PydanticCustomError(
                "report_twice",
                tr("two reports cover the period {period}", "två rapporter gäller perioden {period}"),
                {"period": str(report.period)},
            )
        ids.add(report.id)
        periods.add(report.period)
    return reports


def default_calendar(year: int) -> tuple[ReportDate, ...]:
    """The usual Swedish reporting year: tertialrapport (T1), delårsrapport (T2)
    and verksamhetsberättelse (the year), with their usual dates."""
    rows = (
        ("tertial", "Tertialrapport", f"{year}-T1", f"{year}-05-31"),
        ("delår", "Delårsrapport", f"{year}-T2", f"{year}-09-30"),
        ("år", "Verksamhetsberättelse", str(year), f"{year + 1}-02-28"),
    )
    return tuple(
        ReportDate.model_validate({"id": i, "namn": name, "period": period, "datum": date})
        for i, name, period, date in rows
    )


class Plan(_Model):
    """A committee's plan (verksamhetsplan) for one year.

    Areas and goals without an ``id`` get one derived from their position:
    ``"1"`` for the first focus area, ``"1.2"`` for its second goal, and so on.
    """

    id: Id | None = Field(
        None,
        alias="id",
        description=(
            "Planens id i en kommun: andra planers bidrar_till pekar på dess mål som id:mål "
            "(t.ex. kf:lag-arbetsloshet); utan id: filens namn utan .yaml"
        ),
    )
    name: Text = Field(alias="plan", description="Planens namn, t.ex. Verksamhetsplan 2018")
    organisation: Text = Field(alias="organisation", description="Nämnd eller verksamhet")
    municipality: Text | None = Field(None, alias="kommun", description="Kommun")
    kind: Annotated[PlanKind, _word_validator(PlanKind)] = Field(
        PlanKind.OPERATIONAL,
        alias="typ",
        description=(
            "verksamhetsplan (standard) | handlingsplan: punkter över ett eller flera år som "
            "återrapporteras enligt återrapportering"
        ),
    )
    year: Year = Field(alias="år", description="Planens år")
    last_year: Year | None = Field(
        None, alias="slutår", description="En plan över flera år: dess sista år (år är det första)"
    )
    vision: Text | None = Field(None, alias="vision", description="Vision")
    rules: Rules = Field(default_factory=Rules, alias="regler", description="Bedömningsregler")
    labels: Labels | None = Field(
        None, alias="etiketter", description="Planens egna ord för bedömningar och trender"
    )
    kolada_municipality: MunicipalityCode | None = Field(
        None, alias="kolada_kommun", description='Kommunens id i Kolada, t.ex. "0138" för Tyresö'
    )
    areas: tuple[FocusArea, ...] = Field(default_factory=tuple, alias="målområden", description="Målområden")
    assignments: tuple[Assignment, ...] = Field(
        default_factory=tuple, alias="uppdrag", description="Särskilda uppdrag"
    )
    guarantees: tuple[Guarantee, ...] = Field(
        default_factory=tuple, alias="kvalitetsgarantier", description="Kvalitetsgarantier"
    )
    measures: tuple[Indicator, ...] = Field(
        default_factory=tuple,
        alias="verksamhetsmått",
        description="Verksamhetsmått och nyckeltal som följs utan mål",
    )
    risks: tuple[Risk, ...] = Field(
        default_factory=tuple, alias="risker", description="Risk- och kontrollplan"
    )
    report: ReportSettings = Field(
        default_factory=ReportSettings,
        alias="rapport",
        description="Rapportens typ och rubrik: {typ: delårsrapport} eller {titel: ...}",
    )
    sections: tuple[Section, ...] = Field(
        default_factory=tuple,
        alias="avsnitt",
        description=(
            "Avsnitt med text och tabeller: viktiga händelser, analys, ekonomi, sammanfattande bedömning"
        ),
    )
    follow_ups: tuple[FollowUp, ...] = Field(
        default_factory=tuple,
        alias="återrapportering",
        description=(
            "När uppdrag och aktiviteter ska återrapporteras: [{datum: 2022-03, punkter: [id, ...]}]; "
            "se malstyrning due"
        ),
    )
    reports: Annotated[tuple[ReportDate, ...], AfterValidator(_distinct_reports)] = Field(
        default_factory=tuple,
        alias="rapporter",
        description=(
            "Rapporteringskalendern: {id, namn, period, datum} per rapport; utan den gäller "
            "tertialrapport (T1), delårsrapport (T2) och verksamhetsberättelse (året)"
        ),
    )
    economy: Economy | None = Field(
        None,
        alias="ekonomi",
        description=(
            "Driftbudgeten: rader med budget, prognos och utfall per år; summor kontrolleras, "
            "avvikelsen räknas ut"
        ),
    )

    @model_validator(mode="after")
    def _derive_ids(self) -> Plan:
        areas = tuple(
            area.model_copy(
                update={
                    "id": area.id or str(i),
                    "goals": _derive_goal_ids(area.goals, area.id or str(i)),
                }
            )
            for i, area in enumerate(self.areas, start=1)
        )
        object.__setattr__(self, "areas", areas)  # frozen: set once, during validation
        return self

    @model_validator(mode="after")
    def _years_in_order(self) -> Plan:
        if self.last_year is not None and self.last_year < self.year:
            raise PydanticCustomError(
                "years",
                tr(
                    "slutår {last} is before år {first}",
                    "slutår {last} är före år {first}",
                ),
                {"last": self.last_year, "first": self.year},
            )
        return self

    @model_validator(mode="after")
    def _unique_ids(self, info: ValidationInfo) -> Plan:
        # The io layer checks ids itself, to point at lines; anyone validating
        # a plan from Python gets the same rule here.
        if info.context and info.context.get("ids_checked_by_caller"):
            return self
        problems = plan_problems(self)
        if problems:
            raise PydanticCustomError("duplicate_id", "; ".join(message for _, message in problems))
        return self

    def items(self) -> list[Assignment | Activity]:
        """Every uppdrag, then every activity (of goals and their indicators, depth
        first, then of the measures): what ``återrapportering`` and ``due`` follow."""
        found: list[Assignment | Activity] = list(self.assignments)
        for goal in self.goals():
            found += goal.activities
            for indicator in goal.indicators:
                found += indicator.activities
        for measure in self.measures:
            found += measure.activities
        return found

    def follow_ups_named(self, name: str) -> list[FollowUp]:
        """The report backs ``name`` names: by id or ``datum`` as written (``2022-03``),
        else by the month of their date; more than one when a month has several."""
        wanted = normal_id(str(name).strip())
        exact = [f for f in self.follow_ups if wanted in (f.key, f.when)]
        return exact or [f for f in self.follow_ups if f.when[:7] == wanted]

    def calendar(self) -> tuple[ReportDate, ...]:
        """The plan's reports (``rapporter``) in period order; without them, the
        usual Swedish calendar for each of the plan's years (:func:`default_calendar`)."""
        usual = [r for y in range(self.year, (self.last_year or self.year) + 1) for r in default_calendar(y)]
        return tuple(sorted(self.reports or usual, key=lambda r: r.period))

    def indicators(self) -> list[Indicator]:
        """Every indicator in the goal tree, depth first, then the measures."""
        found: list[Indicator] = []

        def walk(goals: tuple[Goal, ...]) -> None:
            for goal in goals:
                found.extend(goal.indicators)
                walk(goal.goals)

        for area in self.areas:
            walk(area.goals)
        return found + list(self.measures)

    def goals(self) -> list[Goal]:
        """Every goal in the goal tree, depth first (as :meth:`Assessment.goals`)."""
        found: list[Goal] = []

        def walk(goals: tuple[Goal, ...]) -> None:
            for goal in goals:
                found.append(goal)
                walk(goal.goals)

        for area in self.areas:
            walk(area.goals)
        return found


def _derive_goal_ids(goals: tuple[Goal, ...], prefix: str) -> tuple[Goal, ...]:
    derived = []
    for i, goal in enumerate(goals, start=1):
        goal_id = goal.id or f"{prefix}.{i}"
        derived.append(
            goal.model_copy(update={"id": goal_id, "goals": _derive_goal_ids(goal.goals, goal_id)})
        )
    return tuple(derived)


def plan_problems(plan: Plan) -> list[tuple[tuple[str | int, ...], str]]:
    """Checks that span the whole plan: ids must be unique (sections' among sections).

    Returns ``(location, message)`` pairs, locations given as key paths in the
    YAML (Swedish keys), so the io layer can point at the line.
    """
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen_indicators: dict[str, tuple[str | int, ...]] = {}
    seen_goals: dict[str, tuple[str | int, ...]] = {}
    seen_areas: dict[str, tuple[str | int, ...]] = {}

    def claim(
        seen: dict[str, tuple[str | int, ...]], what: str, ident: str, loc: tuple[str | int, ...]
    ) -> None:
        if ident in seen:
            first = format_loc(seen[ident][:-1])  # the item: its id may be derived
            problems.append(
                (
                    loc,
                    tr(
                        "{what} id {ident!r} is already used at {first}",
                        "{what} id {ident!r} används redan vid {first}",
                        what=what,
                        ident=ident,
                        first=first,
                    ),
                )
            )
        else:
            seen[ident] = loc

    seen_items: dict[str, tuple[str | int, ...]] = {}
    item_places: list[tuple[_Item, tuple[str | int, ...]]] = []

    def items(found: tuple[_Item, ...], loc: tuple[str | int, ...]) -> None:
        for k, item in enumerate(found):
            item_places.append((item, (*loc, k)))
            if item.id is not None:
                claim(seen_items, tr("item", "punktens"), item.id, (*loc, k, "id"))

    def walk(goals: tuple[Goal, ...], loc: tuple[str | int, ...]) -> None:
        for i, goal in enumerate(goals):
            here = (*loc, "mål", i)
            if goal.id is not None:
                claim(seen_goals, tr("goal", "målets"), goal.id, (*here, "id"))
            items(goal.activities, (*here, "aktiviteter"))
            for j, indicator in enumerate(goal.indicators):
                claim(
                    seen_indicators,
                    tr("indicator", "indikatorns"),
                    indicator.id,
                    (*here, "indikatorer", j, "id"),
                )
                items(indicator.activities, (*here, "indikatorer", j, "aktiviteter"))
            for k, link in enumerate(goal.serves):
                if link.plan is None:  # within one plan a goal serves its parent by standing under it
                    problems.append(
                        (
                            (*here, "bidrar_till", k),
                            tr(
                                "bidrar_till names a goal of another plan as plan:goal, e.g. "
                                "kf:{ident}; within a plan, put the goal under the one it serves",
                                "bidrar_till anger ett mål i en annan plan som plan:mål, t.ex. "
                                "kf:{ident}; inom en plan står målet under det mål det bidrar till",
                                ident=link.goal,
                            ),
                        )
                    )
            walk(goal.goals, here)

    for i, area in enumerate(plan.areas):
        if area.id is not None:
            claim(seen_areas, tr("focus area", "målområdets"), area.id, ("målområden", i, "id"))
        walk(area.goals, ("målområden", i))
    for i, measure in enumerate(plan.measures):
        claim(seen_indicators, tr("indicator", "indikatorns"), measure.id, ("verksamhetsmått", i, "id"))
        items(measure.activities, ("verksamhetsmått", i, "aktiviteter"))
    items(plan.assignments, ("uppdrag",))
    # What items and reports back name must be there: a goal an item serves, an item a report covers.
    goal_ids = {g.id for g in plan.goals() if g.id is not None}
    for item, loc in item_places:
        for k, ident in enumerate(item.goals):
            if ident not in goal_ids:
                problems.append(
                    (
                        (*loc, "mål", k),
                        tr(
                            "no goal has the id {ident!r}{hint}",
                            "inget mål har id {ident!r}{hint}",
                            ident=ident,
                            hint=_close(ident, goal_ids),
                        ),
                    )
                )
    seen_follow_ups: dict[str, tuple[str | int, ...]] = {}
    for i, follow_up in enumerate(plan.follow_ups):
        # Two report backs one name (id or datum) could not be told apart by --återrapportering or till.
        key_loc: tuple[str | int, ...] = ("återrapportering", i, "id" if follow_up.id else "datum")
        claim(seen_follow_ups, tr("report back", "återrapporteringens"), follow_up.key, key_loc)
        listed: set[str] = set()
        for k, ident in enumerate(follow_up.items):
            if ident in listed:
                problems.append(
                    (
                        ("återrapportering", i, "punkter", k),
                        tr(
                            "{ident!r} is already listed in punkter",
                            "{ident!r} står redan i punkter",
                            ident=ident,
                        ),
                    )
                )
            listed.add(ident)
            if ident not in seen_items:
                problems.append(
                    (
                        ("återrapportering", i, "punkter", k),
                        tr(
                            "no uppdrag or activity has the id {ident!r}{hint}",
                            "inget uppdrag och ingen aktivitet har id {ident!r}{hint}",
                            ident=ident,
                            hint=_close(ident, set(seen_items)),
                        ),
                    )
                )
    seen_sections: dict[str, tuple[str | int, ...]] = {}
    for i, section in enumerate(plan.sections):
        if section.id is not None:
            claim(seen_sections, tr("section", "avsnittets"), section.id, ("avsnitt", i, "id"))
    return problems


def _close(wanted: str, known: set[str]) -> str:
    near = difflib.get_close_matches(wanted, sorted(known), n=1, cutoff=0.6)
    return tr("; did you mean {near!r}?", "; menade du {near!r}?", near=near[0]) if near else ""


def format_loc(loc: tuple[str | int, ...]) -> str:
    """``("målområden", 0, "mål", 1)`` → ``målområden[0].mål[1]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class SiteSettings(_Model):
    """``malstyrning.toml``'s ``[webbplats]``: what the follow-up site (``malstyrning
    site``) says of itself in its accessibility statement. Every key optional."""

    body: Text | None = Field(
        None,
        alias="organisation",
        description="Myndigheten som ansvarar för webbplatsen, t.ex. Tyresö kommun",
    )
    contact: Text | None = Field(
        None,
        alias="kontakt",
        description=(
            "Var man meddelar brister i tillgängligheten, t.ex. en e-postadress eller ett telefonnummer"
        ),
    )
    compliance: Literal["helt", "delvis", "inte"] = Field(
        "delvis",
        alias="förenlighet",
        description="Webbplatsens förenlighet med lagen (2018:1937): helt, delvis (standard) eller inte",
    )
    shortcomings: list[Text] = Field(
        default_factory=list, alias="brister", description="Kända brister i tillgängligheten, en per rad"
    )
    assessed: dt.date | None = Field(
        None, alias="bedömd", description="Dagen då tillgängligheten senast bedömdes, t.ex. 2026-11-30"
    )
    method: Text | None = Field(
        None, alias="metod", description="Hur tillgängligheten bedömdes, t.ex. en självskattning med axe-core"
    )


class KommunConfig(_Model):
    """``malstyrning.toml``: every key optional."""

    municipality: Text | None = Field(None, alias="kommun", description="Kommunens namn, t.ex. Tyresö")
    plans: Text = Field(
        "plans", alias="planer", description="Mappen med planerna, från filens mapp: plans/<år>/<nämnd>.yaml"
    )
    rules: Rules | None = Field(
        None,
        alias="regler",
        description="Bedömningsregler som varje plan utgår från; planens egna regler går före",
    )
    kolada_municipality: MunicipalityCode | None = Field(
        None, alias="kolada_kommun", description='Kommunens id i Kolada, t.ex. "0138"'
    )
    site: SiteSettings | None = Field(
        None,
        alias="webbplats",
        description="Uppföljningswebbplatsens tillgänglighetsredogörelse (malstyrning site)",
    )
