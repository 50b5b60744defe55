"""An explanation (``malstyrning.explain``) in words: one sentence per step, in
Swedish or English, with numbers in the language's notation; and as JSON.

The engine's :class:`Explanation` holds only codes and numbers; the sentences
are made here, so the JSON's codes and numbers are the same in either
language and only its ``text`` follows ``lang``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .._engine import (
    Explanation,
    ExplanationStep,
    Fact,
    ForecastBasis,
    Improvement,
    OnTrack,
    OnTrackReason,
    Reason,
    RuleLayer,
    StepKind,
)
from .._i18n import Language, tr, use_language
from .._model import Change, Direction, GoalStatus, IndicatorStatus, Method, TrendArrow, TrendBasis
from ._json import JSON_SCHEMA_VERSION
from ._labels import format_number, format_percent, goal_forecast_label, label, plan_words

__all__ = ["explanation_lines", "explanation_to_dict", "explanation_to_json", "format_explanation"]


def explanation_lines(explanation: Explanation, lang: Language = "sv") -> list[str]:
    """One sentence per step, in ``lang``, with the plan's own label words (etiketter)."""
    with use_language(lang), plan_words(explanation.labels):
        state: dict[str, str] = {}
        return [_sentence(step, lang, state) for step in explanation.steps]


def format_explanation(explanation: Explanation, lang: Language = "sv", *, width: int = 80) -> str:
    """The explanation as text: a heading, then each step wrapped at ``width`` columns."""
    with use_language(lang):
        kind = tr("Indicator", "Indikator") if explanation.item == "indicator" else tr("Goal", "Mål")
        when = explanation.period if explanation.period is not None else str(explanation.year)
        head = f"{kind} {explanation.id}: {explanation.title} ({when})"
    lines = textwrap.wrap(head, width) or [head]
    lines.append("")
    for sentence in explanation_lines(explanation, lang):
        lines += textwrap.wrap(sentence, width, initial_indent="- ", subsequent_indent="  ")
    return "\n".join(lines) + "\n"


def explanation_to_dict(explanation: Explanation, lang: Language = "sv") -> dict[str, Any]:
    """The explanation as JSON-ready data: each step's code and facts (the same
    in either language) and its ``text`` in ``lang``. The steps from
    ``forecast`` (or ``no_forecast``, ``goal_forecast``) on are the year-end
    forecast's, ending in ``forecast_result``."""
    texts = explanation_lines(explanation, lang)
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "id": explanation.id,
        "title": explanation.title,
        "item": explanation.item,
        "year": explanation.year,
        "period": explanation.period,
        "status": explanation.status,
        "forecast_status": explanation.forecast_status,
        "lang": lang,
        "steps": [
            {"step": step.kind.value, **dict(step.facts), "text": text}
            for step, text in zip(explanation.steps, texts, strict=True)
        ],
    }


def explanation_to_json(explanation: Explanation, lang: Language = "sv") -> str:
    """:func:`explanation_to_dict` as indented JSON."""
    return json.dumps(explanation_to_dict(explanation, lang), ensure_ascii=False, indent=2)


# -- the sentences --------------------------------------------------------------


def _num(value: Fact, lang: Language) -> str:
    assert isinstance(value, int | float)
    return format_number(float(value), lang)


def _term(value: Fact, lang: Language) -> str:
    """A number inside arithmetic: a negative one in parentheses."""
    shown = _num(value, lang)
    return f"({shown})" if shown.startswith("-") else shown


def _pct(value: Fact, lang: Language) -> str:
    assert isinstance(value, int | float)
    return format_percent(float(value), lang)


def _desired(f: Mapping[str, Fact], lang: Language) -> str:
    """The growth the desired way, written as the growth is (minska's is its negation),
    so that 8,8 % reads -8,8 % and not a differently rounded -8,9 %."""
    shown = _pct(f["growth"], lang)
    if f["desired_growth"] == f["growth"]:
        return shown
    return shown[1:] if shown.startswith("-") else f"-{shown}"


def _code(kind: type[StrEnum], value: Fact, lang: Language) -> str:
    return label(kind(str(value)), lang)


def _layer(value: Fact) -> str:
    layer = RuleLayer(str(value))
    if layer is RuleLayer.PLAN:
        return tr("the plan's rules", "planens regler")
    if layer is RuleLayer.INDICATOR:
        return tr("the indicator's rules", "indikatorns regler")
    return tr("default", "standard")


def _status(value: Fact, lang: Language) -> str:
    text = str(value)
    if text == IndicatorStatus.NOT_ASSESSED.value:
        return tr("Not assessed", "Ej bedömd")
    if text in GoalStatus.__members__.values():
        return label(GoalStatus(text), lang)
    return label(IndicatorStatus(text), lang)


def _sentence(step: ExplanationStep, lang: Language, state: dict[str, str]) -> str:
    f: Mapping[str, Fact] = step.facts
    kind = step.kind
    if kind is StepKind.RULE:
        return _rule(f, lang)
    if kind is StepKind.MISSING:
        reason = f" ({f['reason']})" if f["reason"] else ""
        if f.get("period") is not None:
            return tr(
                "The value for {period} is marked missing{reason}: skipped.",
                "Värdet för {period} är markerat saknas{reason}: hoppas över.",
                period=f["period"],
                reason=reason,
            )
        return tr(
            "The outcome {year} is marked missing{reason}: skipped.",
            "Utfallet {year} är markerat saknas{reason}: hoppas över.",
            year=f["year"],
            reason=reason,
        )
    if kind is StepKind.NO_VALUE:
        return tr(
            "No numeric outcome in {year} or earlier.",
            "Inget utfall med värde {year} eller tidigare.",
            year=f["assessed_year"],
        )
    if kind is StepKind.VALUE:
        shown = _amount(f["value"], f["unit"], lang)
        if f.get("period") is not None:
            if f["period"] == f["at"]:
                return tr(
                    "Value used: {value} ({period}).",
                    "Värde som används: {value} ({period}).",
                    value=shown,
                    period=f["period"],
                )
            return tr(
                "Value used: {value} ({period}), the latest value for {year} known at the end of {at}.",
                "Värde som används: {value} ({period}), det senaste värdet för {year} känt vid slutet "
                "av {at}.",
                value=shown,
                period=f["period"],
                year=f["year"],
                at=f["at"],
            )
        if f["year"] == f["assessed_year"]:
            return tr(
                "Value used: {value} ({year}).",
                "Värde som används: {value} ({year}).",
                value=shown,
                year=f["year"],
            )
        return tr(
            "Value used: {value} ({year}), the latest outcome up to {assessed}.",
            "Värde som används: {value} ({year}), det senaste utfallet till och med {assessed}.",
            value=shown,
            year=f["year"],
            assessed=f["assessed_year"],
        )
    if kind is StepKind.BASELINE:
        year = f" ({f['year']})" if f["year"] is not None else ""
        if f.get("from_outcome"):
            return tr(
                "Starting value: {value}{year}, the outcome before the value's year (the plan gives "
                "none; saknat_ingångsvärde: föregående_utfall).",
                "Ingångsvärde: {value}{year}, utfallet före värdets år (planen anger inget; "
                "saknat_ingångsvärde: föregående_utfall).",
                value=_num(f["value"], lang),
                year=year,
            )
        return tr(
            "Starting value: {value}{year}.",
            "Ingångsvärde: {value}{year}.",
            value=_num(f["value"], lang),
            year=year,
        )
    if kind is StepKind.BASELINE_AFTER_VALUE:
        return tr(
            "The starting value is from {year}, after the value ({value_year}): not used.",
            "Ingångsvärdet är från {year}, efter värdet ({value_year}): används inte.",
            year=f["year"],
            value_year=f["value_year"],
        )
    if kind is StepKind.TARGET:
        year = f" ({f['year']})" if f["year"] is not None else ""
        extra = (
            tr(", the plan's year", ", planens år") if f["from_plan_year"] and f["year"] is not None else ""
        )
        return tr(
            "Target: {value}{year}{extra}.",
            "Målvärde: {value}{year}{extra}.",
            value=_num(f["value"], lang),
            year=year,
            extra=extra,
        )
    if kind is StepKind.DIRECTION:
        word = _code(Direction, f["direction"], lang)
        if f["inferred"]:
            return tr(
                "Direction: {word}, inferred from the starting value {b} and the target {t}.",
                "Riktning: {word}, härledd från ingångsvärdet {b} och målvärdet {t}.",
                word=word,
                b=_num(f["baseline"], lang),
                t=_num(f["target"], lang),
            )
        return tr("Direction: {word}.", "Riktning: {word}.", word=word)
    if kind is StepKind.NOT_ASSESSED:
        if f.get("by_rule"):
            return tr(
                "Not assessed: progress needs a starting value, there is none, and the rules say "
                "saknat_ingångsvärde: ej_bedömd (no fallback to fulfilment).",
                "Kan inte bedömas: framsteg kräver ett ingångsvärde, det saknas, och reglerna säger "
                "saknat_ingångsvärde: ej_bedömd (ingen övergång till måluppfyllelse).",
            )
        return tr("Not assessed: {why}.", "Kan inte bedömas: {why}.", why=_code(Reason, f["reason"], lang))
    if kind is StepKind.DIRECTION_ONLY:
        return _direction_only(f, lang)
    if kind is StepKind.MAINTAIN:
        return _maintain(f, lang)
    if kind is StepKind.PROGRESS:
        state["arithmetic"] = "({x} − {b}) / ({t} − {b}) = {share}".format(
            x=_term(f["value"], lang),
            b=_term(f["baseline"], lang),
            t=_term(f["target"], lang),
            share=_pct(f["share"], lang),
        )
        if "forecast" in state:
            return tr(
                "Method progress: (forecast − starting value) / (target − starting value).",
                "Metod framsteg: (prognos − ingångsvärde) / (målvärde − ingångsvärde).",
            )
        return tr(
            "Method progress: (value − starting value) / (target − starting value).",
            "Metod framsteg: (utfall − ingångsvärde) / (målvärde − ingångsvärde).",
        )
    if kind is StepKind.FULFILMENT:
        x, t = _term(f["value"], lang), _term(f["target"], lang)
        part, whole = (x, t) if f["increase"] else (t, x)
        state["arithmetic"] = f"{part} / {whole} = {_pct(f['share'], lang)}"
        formula = (
            tr("value / target", "utfall / målvärde")
            if f["increase"]
            else tr("target / value", "målvärde / utfall")
        )
        if "forecast" in state:
            formula = (
                tr("forecast / target", "prognos / målvärde")
                if f["increase"]
                else tr("target / forecast", "målvärde / prognos")
            )
        return _fallback(f) + tr(
            "Method fulfilment: {formula}.", "Metod måluppfyllelse: {formula}.", formula=formula
        )
    if kind is StepKind.FULFILMENT_UNDEFINED:
        if "forecast" in state:
            return _fallback(f) + tr(
                "Fulfilment needs a forecast and a target above 0 (forecast {x}, target {t}): no share.",
                "Måluppfyllelse kräver prognos och målvärde över 0 (prognos {x}, målvärde {t}): ingen andel.",
                x=_num(f["value"], lang),
                t=_num(f["target"], lang),
            )
        return _fallback(f) + tr(
            "Fulfilment needs a value and a target above 0 (value {x}, target {t}): no share.",
            "Måluppfyllelse kräver utfall och målvärde över 0 (utfall {x}, målvärde {t}): ingen andel.",
            x=_num(f["value"], lang),
            t=_num(f["target"], lang),
        )
    if kind is StepKind.REACHED:
        sign = "≥" if f["increase"] else "≤"
        return _worked(state) + tr(
            "{x} {sign} {t}: the target is reached → {label}.",
            "{x} {sign} {t}: målvärdet är nått → {label}.",
            x=_num(f["value"], lang),
            sign=sign,
            t=_num(f["target"], lang),
            label=label(IndicatorStatus.REACHED, lang),
        )
    if kind is StepKind.THRESHOLD:
        good = f["status"] == IndicatorStatus.CLOSE.value
        sign = ("≥" if good else "<") if f["increase"] else ("≤" if good else ">")
        sentence = tr(
            "The indicator's threshold (gränsvärde) {g} decides instead of near: {x} {sign} {g} → {label}.",
            "Indikatorns gränsvärde {g} avgör i stället för nära: {x} {sign} {g} → {label}.",
            g=_num(f["threshold"], lang),
            x=_num(f["value"], lang),
            sign=sign,
            label=_status(f["status"], lang),
        )
        worked = _worked(state)
        # After "… = 85 %; " the sentence goes on in lower case.
        return worked + (sentence[0].lower() + sentence[1:] if worked else sentence)
    if kind is StepKind.NEAR:
        return _near(f, lang, state)
    if kind is StepKind.NO_TREND:
        return tr("Trend: nothing earlier to compare with.", "Trend: inget tidigare värde att jämföra med.")
    if kind is StepKind.TREND:
        return _trend(f, lang)
    if kind is StepKind.ON_TRACK:
        return _on_track(f, lang)
    if kind is StepKind.CHILD:
        return _child(f, lang)
    if kind is StepKind.MEAN:
        return _mean(f, lang, forecast="forecast" in state)
    if kind is StepKind.GOAL_TREND:
        if not f["signed"]:
            return tr("Trend: no child has a trend to weigh.", "Trend: inget delmått har en trend att väga.")
        return tr(
            "Trend: the weighted sum of improved (+1) and worsened (−1) is {n} → {label}.",
            "Trend: den viktade summan av förbättrade (+1) och försämrade (−1) är {n} → {label}.",
            n=_num(f["balance"], lang),
            label=_code(Improvement, f["improvement"], lang),
        )
    if kind in _PERIOD_STEPS:
        return _period_sentence(step, lang, state)
    assert kind is StepKind.RESULT
    return tr("Result: {label}.", "Resultat: {label}.", label=_status(f["status"], lang))


def _amount(value: Fact, unit: Fact, lang: Language) -> str:
    """A value with its unit, as the reports write it."""
    return format_number(float(value or 0), lang, unit if isinstance(unit, str) else None)


_PERIOD_STEPS = frozenset(
    {
        StepKind.NO_VALUE_YET,
        StepKind.PARTIAL_YEAR,
        StepKind.FORECAST,
        StepKind.NO_FORECAST,
        StepKind.GOAL_FORECAST,
        StepKind.FORECAST_CHILD,
        StepKind.STATED_FORECAST,
        StepKind.FORECAST_RESULT,
    }
)


def _period_sentence(step: ExplanationStep, lang: Language, state: dict[str, str]) -> str:
    """The steps of an assessment during the year, and of the year-end forecast."""
    f: Mapping[str, Fact] = step.facts
    kind = step.kind
    if kind in {StepKind.FORECAST, StepKind.NO_FORECAST, StepKind.GOAL_FORECAST}:
        # The forecast's steps follow: the label's arithmetic is not theirs.
        state.clear()
        state["forecast"] = "yes"
    if kind is StepKind.NO_VALUE_YET:
        if f["value"] is None:
            return tr(
                "No value for {year} known at the end of {at}, and none earlier: nothing to judge.",
                "Inget värde för {year} känt vid slutet av {at}, och inget tidigare: inget att bedöma.",
                year=f["year"],
                at=f["at"],
            )
        return tr(
            "No value for {year} known at the end of {at}: the latest value, {value} ({value_year}), "
            "is the starting position and is not judged.",
            "Inget värde för {year} känt vid slutet av {at}: det senaste värdet, {value} ({value_year}), "
            "är utgångsläget och bedöms inte.",
            year=f["year"],
            at=f["at"],
            value=_amount(f["value"], f["unit"], lang),
            value_year=f["value_year"],
        )
    if kind is StepKind.PARTIAL_YEAR:
        target = (
            tr("the year's target {t}", "helårets målvärde {t}", t=_num(f["target"], lang))
            if f["target"] is not None
            else tr("the year's goal", "helårets mål")
        )
        return tr(
            "{value} ({period}) is accumulated over the year's first {months} months (periodvärde "
            "ackumulerat): a count so far this year is not compared with {target} or with earlier "
            "years, so it has no label and no trend; its forecast for the whole year is judged instead.",
            "{value} ({period}) är ackumulerat över årets första {months} månader (periodvärde "
            "ackumulerat): ett värde hittills i år jämförs inte med {target} eller med tidigare år, "
            "så det får ingen bedömning och ingen trend; i stället bedöms prognosen för helåret.",
            value=_amount(f["value"], f["unit"], lang),
            period=f["period"],
            months=f["months"],
            target=target,
        )
    if kind is StepKind.FORECAST:
        return _forecast(f, lang)
    if kind is StepKind.NO_FORECAST:
        return tr(
            "Forecast for {year}: none stated, and no value this year to make one from.",
            "Prognos för helåret {year}: ingen angiven, och inget värde i år att göra en av.",
            year=f["year"],
        )
    if kind is StepKind.GOAL_FORECAST:
        return tr(
            "Forecast for {year}: each child counts with its forecast (one without a forecast with its "
            "label), weighed as above.",
            "Prognos för helåret {year}: varje delmått räknas med sin prognos (ett utan prognos med sin "
            "bedömning), vägt som ovan.",
            year=f["year"],
        )
    if kind is StepKind.FORECAST_CHILD:
        return _forecast_child(f, lang)
    if kind is StepKind.STATED_FORECAST:
        stated = goal_forecast_label(GoalStatus(str(f["stated"])), lang)
        if f["agrees"]:
            return tr(
                "Stated forecast (angiven_prognos): {stated}, the same as the computed one.",
                "Angiven prognos: {stated}, samma som den beräknade.",
                stated=stated,
            )
        return tr(
            "Stated forecast (angiven_prognos): {stated}; the computed one is {computed}: they differ.",
            "Angiven prognos: {stated}; den beräknade är {computed}: de skiljer sig åt.",
            stated=stated,
            computed=goal_forecast_label(GoalStatus(str(f["status"])), lang),
        )
    assert kind is StepKind.FORECAST_RESULT
    return tr("Forecast: {label}.", "Prognos: {label}.", label=_forecast_status(f["status"], lang))


def _forecast_status(value: Fact, lang: Language) -> str:
    """A forecast's label: a goal's in the words of interim reports ("Bedöms uppfyllas")."""
    text = str(value)
    if text == IndicatorStatus.NOT_ASSESSED.value:
        return tr("Cannot be assessed", "Kan inte bedömas")
    if text in GoalStatus.__members__.values():
        return goal_forecast_label(GoalStatus(text), lang)
    return label(IndicatorStatus(text), lang)


def _forecast(f: Mapping[str, Fact], lang: Language) -> str:
    value = _amount(f["value"], f["unit"], lang)
    basis = ForecastBasis(str(f["basis"]))
    if basis is ForecastBasis.OUTCOME:
        return tr(
            "Forecast for {year}: the year is over, so the forecast is the year's outcome, {value}.",
            "Prognos för helåret {year}: året är slut, så prognosen är årets utfall, {value}.",
            year=f["year"],
            value=value,
        )
    if basis is ForecastBasis.STATED:
        comment = str(f["comment"] or "").strip()
        said = tr(
            "Forecast for {year}: {value}, stated in the plan (prognos).",
            "Prognos för helåret {year}: {value}, angiven i planen.",
            year=f["year"],
            value=value,
        )
        if comment:
            end = "" if comment[-1] in ".!?" else "."
            said += " " + tr("Comment: {comment}", "Kommentar: {comment}", comment=comment) + end
        return said
    latest = _amount(f["latest"], f["unit"], lang)
    if basis is ForecastBasis.CARRIED:
        return tr(
            "Forecast for {year}: the latest level, {latest} ({source}), carried to the year's end "
            "(periodvärde läge).",
            "Prognos för helåret {year}: det senaste läget, {latest} ({source}), antas stå sig året ut "
            "(periodvärde läge).",
            year=f["year"],
            latest=latest,
            source=f["source"],
        )
    months = f["months"]
    assert isinstance(months, int)
    exact = Fraction(repr(float(f["latest"] or 0))) * 12 / months
    shown = Fraction(Decimal(repr(round(float(f["value"] or 0), 4))))
    arithmetic = "{x} × 12 / {m} {eq} {y}".format(
        x=_term(f["latest"], lang), m=months, eq="=" if exact == shown else "≈", y=_num(f["value"], lang)
    )
    return tr(
        "Forecast for {year}: {latest} ({source}) is accumulated over the year's first {months} months, "
        "scaled to the whole year: {arithmetic}.",
        "Prognos för helåret {year}: {latest} ({source}) är ackumulerat över årets första {months} "
        "månader, uppräknat till helår: {arithmetic}.",
        year=f["year"],
        latest=latest,
        source=f["source"],
        months=months,
        arithmetic=arithmetic,
    )


def _forecast_child(f: Mapping[str, Fact], lang: Language) -> str:
    code = str(f["status"])
    if f["from_forecast"]:
        shown = tr("forecast {label}", "prognos {label}", label=_forecast_status(code, lang))
    else:
        shown = tr(
            "{label} (no forecast: its label counts)",
            "{label} (ingen prognos: bedömningen räknas)",
            label=_status(code, lang),
        )
    return _counted(f, shown, lang)


def _rule(f: Mapping[str, Fact], lang: Language) -> str:
    name, value, where = f["rule"], f["value"], _layer(f["layer"])
    if name == "method":
        return tr(
            "Method: {word} ({where}).",
            "Metod: {word} ({where}).",
            word=_code(Method, value, lang),
            where=where,
        )
    if name == "near":
        if value is None:
            return tr(
                "Near: the method's default ({progress} for progress, {fulfilment} for fulfilment).",
                "Nära: metodens standard ({progress} för framsteg, {fulfilment} för måluppfyllelse).",
                progress=_pct(0.5, lang),
                fulfilment=_pct(0.8, lang),
            )
        return tr(
            "Near: {share} ({where}).", "Nära: {share} ({where}).", share=_pct(value, lang), where=where
        )
    if name == "trend":
        return tr(
            "Trend against: {word} ({where}).",
            "Trend mot: {word} ({where}).",
            word=_code(TrendBasis, value, lang),
            where=where,
        )
    if name == "arrow":
        word = (
            tr("direction", "riktning")
            if value == TrendArrow.DIRECTION.value
            else tr("improvement", "förbättring")
        )
        return tr("Trend arrow: {word} ({where}).", "Trendpil: {word} ({where}).", word=word, where=where)
    if name == "missing_baseline":
        word = (
            tr("previous outcome", "föregående_utfall")
            if value == "previous_outcome"
            else tr("not assessed", "ej_bedömd")
        )
        return tr(
            "Missing starting value (saknat_ingångsvärde): {word} ({where}).",
            "saknat_ingångsvärde: {word} ({where}).",
            word=word,
            where=where,
        )
    return tr("On-track thresholds: from {where}.", "Gränser för i fas: från {where}.", where=where)


def _worked(state: dict[str, str]) -> str:
    """The share worked out in the step before, to start a sentence with."""
    return f"{state['arithmetic']}; " if "arithmetic" in state else ""


def _fallback(f: Mapping[str, Fact]) -> str:
    if f["fallback"] == "no_baseline":
        return tr(
            "Progress needs a starting value; there is none, so fulfilment is used. ",
            "Framsteg kräver ett ingångsvärde; det saknas, så måluppfyllelse används. ",
        )
    if f["fallback"] == "start_past_target":
        return tr(
            "The starting value is already at or past the target, so progress has no way to go: "
            "fulfilment is used. ",
            "Ingångsvärdet är redan vid eller förbi målvärdet, så framsteg saknar väg att gå: "
            "måluppfyllelse används. ",
        )
    return ""


def _near(f: Mapping[str, Fact], lang: Language, state: dict[str, str]) -> str:
    close = f["status"] == IndicatorStatus.CLOSE.value
    where = (
        tr("the default for {method}", "standard för {method}", method=_code(Method, f["method"], lang))
        if f["default"]
        else _layer(f["layer"])
    )
    if f["share"] is None:
        return tr(
            "Without a share, near cannot be reached → {label}.",
            "Utan andel kan nära inte nås → {label}.",
            label=_status(f["status"], lang),
        )
    sign = "≥" if close else "<"
    return tr(
        "{a} {sign} {near} → {label} (near {near}: {where}).",
        "{a} {sign} {near} → {label} (nära {near}: {where}).",
        a=state.get("arithmetic", _pct(f["share"], lang)),
        sign=sign,
        near=_pct(f["near"], lang),
        label=_status(f["status"], lang),
        where=where,
    )


def _direction_only(f: Mapping[str, Fact], lang: Language) -> str:
    x, b = _term(f["value"], lang), _term(f["baseline"], lang)
    gain = f"{x} − {b}" if f["increase"] else f"{b} − {x}"
    status = str(f["status"])
    tol = _num(f["tolerance"], lang)
    if status == IndicatorStatus.REACHED.value:
        how = f"> {tol}"
    elif status == IndicatorStatus.CLOSE.value and abs(float(f["gain"] or 0)) <= float(f["tolerance"] or 0):
        how = f"≤ {tol} " + tr("in size", "till beloppet")
    elif status == IndicatorStatus.CLOSE.value:
        how = tr(
            "≤ {tol}, but at or past the threshold {g}",
            "≤ {tol}, men vid eller förbi gränsvärdet {g}",
            tol=tol,
            g=_num(f["threshold"], lang),
        )
    else:
        how = tr("< −{tol}", "< −{tol}", tol=tol)
    return tr(
        "Only a direction, no target: the gain on the starting value {gain} = {n} {how} (tolerance "
        "{tol}) → {label}.",
        "Bara riktning, inget målvärde: förbättringen mot ingångsvärdet {gain} = {n} {how} "
        "(tolerans {tol}) → {label}.",
        gain=gain,
        n=_num(f["gain"], lang),
        how=how,
        tol=tol,
        label=_status(status, lang),
    )


def _maintain(f: Mapping[str, Fact], lang: Language) -> str:
    status = str(f["status"])
    tol = _num(f["tolerance"], lang)
    if status == IndicatorStatus.REACHED.value:
        how = f"≤ {tol} " + tr("(tolerance)", "(tolerans)")
    elif status == IndicatorStatus.CLOSE.value:
        how = tr(
            "> {tol} (tolerance), but within the threshold {g}",
            "> {tol} (tolerans), men inom gränsvärdet {g}",
            tol=tol,
            g=_num(f["threshold"], lang),
        )
    else:
        how = f"> {tol} " + tr("(tolerance)", "(tolerans)")
    return tr(
        "Maintain {goal}: |{x} − {goal}| = {off} {how} → {label}.",
        "Bibehåll {goal}: |{x} − {goal}| = {off} {how} → {label}.",
        goal=_term(f["goal"], lang),
        x=_term(f["value"], lang),
        off=_num(f["off"], lang),
        how=how,
        label=_status(status, lang),
    )


def _trend(f: Mapping[str, Fact], lang: Language) -> str:
    basis = (
        tr("the starting value", "ingångsvärdet")
        if f["basis"] == TrendBasis.BASELINE.value
        else tr("the previous outcome", "föregående utfall")
    )
    year = f" ({f['reference_year']})" if f["reference_year"] is not None else ""
    fallback = ""
    if f["fallback"]:
        fallback = (
            tr(" (there is no starting value)", " (det finns inget ingångsvärde)")
            if f["no_baseline"]
            else tr(
                " (the starting value is not earlier than the value)",
                " (ingångsvärdet är inte tidigare än värdet)",
            )
        )
    delta = Decimal(repr(float(f["value"] or 0))) - Decimal(repr(float(f["reference"] or 0)))
    # "→ Oförändrad" says it all; otherwise whether the change is an improvement.
    improvement = (
        ""
        if f["change"] == Change.UNCHANGED.value
        else ", " + _code(Improvement, f["improvement"], lang).lower()
    )
    return tr(
        "Trend against {basis}{fallback}: {ref}{year} → {x}, change {d}{tol}: {change}{improvement}.",
        "Trend mot {basis}{fallback}: {ref}{year} → {x}, förändring {d}{tol}: {change}{improvement}.",
        basis=basis,
        fallback=fallback,
        ref=_num(f["reference"], lang),
        year=year,
        x=_num(f["value"], lang),
        d=format_number(float(delta), lang),
        tol=tr(" (tolerance {tol})", " (tolerans {tol})", tol=_num(f["tolerance"], lang))
        if f["tolerance"]
        else "",
        change=_code(Change, f["change"], lang),
        improvement=improvement,
    )


def _on_track(f: Mapping[str, Fact], lang: Language) -> str:
    word = _code(OnTrack, f["status"], lang)
    if f["reason"] is not None:
        return tr(
            "On track (SDG method): {word}: {why}.",
            "I fas (FN:s SDG-metod): {word}: {why}.",
            word=word,
            why=_code(OnTrackReason, f["reason"], lang),
        )
    if f["status"] == OnTrack.ACHIEVED.value:
        return tr(
            "On track (SDG method): the value {x} already meets the target {t} → {word}.",
            "I fas (FN:s SDG-metod): värdet {x} når redan målvärdet {t} → {word}.",
            x=_num(f["to_value"], lang),
            t=_num(f["target"], lang),
            word=word,
        )
    growth = tr(
        "growth {x0} ({y0}) → {x} ({y}) = {g} a year",
        "årlig förändring {x0} ({y0}) → {x} ({y}) = {g} per år",
        x0=_num(f["from_value"], lang),
        y0=f["from_year"],
        x=_num(f["to_value"], lang),
        y=f["to_year"],
        g=_pct(f["growth"], lang),
    )
    bounds = " / ".join(
        _pct(f[k], lang) if f["ratio"] is None else _num(f[k], lang)
        for k in ("on_track", "accelerate", "progress")
    )
    if f["ratio"] is None:
        return tr(
            "On track (SDG method), no target: {growth}, {desired} in the desired direction, against "
            "{bounds} → {word}.",
            "I fas (FN:s SDG-metod), utan målvärde: {growth}, {desired} i önskad riktning, mot gränserna "
            "{bounds} → {word}.",
            growth=growth,
            desired=_desired(f, lang),
            bounds=bounds,
            word=word,
        )
    return tr(
        "On track (SDG method): {growth}; needed to reach {t} by {T}: {r} a year; ratio {ratio}, "
        "against {bounds} → {word}.",
        "I fas (FN:s SDG-metod): {growth}; för att nå {t} till {T} behövs {r} per år; kvot "
        "{ratio}, mot gränserna {bounds} → {word}.",
        growth=growth,
        t=_num(f["target"], lang),
        T=f["target_year"],
        r=_pct(f["required"], lang),
        ratio=format_number(float(f["ratio"] or 0), lang, decimals=2),
        bounds=bounds,
        word=word,
    )


def _child(f: Mapping[str, Fact], lang: Language) -> str:
    return _counted(f, _status(f["status"], lang), lang)


def _counted(f: Mapping[str, Fact], shown: str, lang: Language) -> str:
    """A child of a goal, ``shown`` as its label (or forecast), with its score and
    weight, or why it is not counted."""
    kind = tr("Indicator", "Indikator") if f["item"] == "indicator" else tr("Goal", "Mål")
    if f["score"] is None:
        return tr(
            "{kind} {id}: {shown}, not counted.",
            "{kind} {id}: {shown}, räknas inte.",
            kind=kind,
            id=f["id"],
            shown=shown,
        )
    if not f["counted"]:
        return tr(
            "{kind} {id}: {shown}, weight 0: not counted.",
            "{kind} {id}: {shown}, vikt 0: räknas inte.",
            kind=kind,
            id=f["id"],
            shown=shown,
        )
    return tr(
        "{kind} {id}: {shown}, score {score}, weight {weight}.",
        "{kind} {id}: {shown}, poäng {score}, vikt {weight}.",
        kind=kind,
        id=f["id"],
        shown=shown,
        score=format_number(float(f["score"] or 0), lang, decimals=3),
        weight=_num(f["weight"], lang),
    )


def _mean(f: Mapping[str, Fact], lang: Language, *, forecast: bool = False) -> str:
    scale = tr(
        "(1 fully, ≥ 0.5 largely, > 0 partly, 0 not met)",
        "(1 helt, ≥ 0,5 i hög grad, > 0 delvis, 0 ej uppfyllt)",
    )
    shown = _forecast_status(f["status"], lang) if forecast else _status(f["status"], lang)
    if f["mean"] is None:
        return tr(
            "No child is assessed: no mean → {label}.",
            "Inget delmått är bedömt: inget medelvärde → {label}.",
            label=shown,
        )
    return tr(
        "Weighted mean: {w} / {n} = {mean} {scale} → {label}.",
        "Viktat medelvärde: {w} / {n} = {mean} {scale} → {label}.",
        w=format_number(float(f["weighted"] or 0), lang, decimals=3),
        n=_num(f["total"], lang),
        mean=format_number(float(f["mean"]), lang, decimals=3),
        scale=scale,
        label=shown,
    )
