"""Type-checked, not run: the public API used as the docs show it (mypy --strict).

If a change to the API breaks the types a caller relies on, `.ci/run` fails here.
"""

from __future__ import annotations

import malstyrning
from malstyrning import GoalStatus, IndicatorStatus


def summary_line(path: str, year: int | None = None) -> str:
    plan: malstyrning.Plan = malstyrning.load_plan(path)
    result: malstyrning.Assessment = malstyrning.assess(plan, year=year)
    reached: int = result.summary.indicators[IndicatorStatus.REACHED]
    fully: int = result.summary.goals[GoalStatus.FULLY]
    return f"{plan.organisation} {result.year}: {reached} reached, {fully} goals fully met"


def far_indicators(result: malstyrning.Assessment) -> list[tuple[str, float | None]]:
    return [(i.id, i.progress) for i in result.indicators() if i.status is IndicatorStatus.FAR]


def disagreements(result: malstyrning.Assessment) -> list[str]:
    return [g.id for g in result.goals() if g.disagrees]


def one_indicator(plan: malstyrning.Plan) -> malstyrning.IndicatorResult:
    indicator: malstyrning.Indicator = plan.indicators()[0]
    return malstyrning.assess_indicator(indicator, year=2017, rules=plan.rules, plan_year=plan.year)


def errors(text: str) -> list[str]:
    try:
        malstyrning.loads_plan(text, filename="plan.yaml")
    except malstyrning.PlanError as error:
        return [f"{p.file}:{p.line}:{p.column}: {p.message}" for p in error.problems]
    return []


def as_json(result: malstyrning.Assessment) -> str:
    data: dict[str, object] = malstyrning.assessment_to_dict(result)
    assert data["schema_version"] == malstyrning.JSON_SCHEMA_VERSION
    return malstyrning.to_json(result, indent=None)


def labels(result: malstyrning.Assessment, lang: malstyrning.Language) -> list[str]:
    return [malstyrning.label(g.status, lang) for g in result.goals()]


def show(result: malstyrning.Assessment) -> None:
    malstyrning.print_assessment(result, lang="en")


def misspelt(plan: malstyrning.Plan) -> None:
    # The package loads its names lazily, but a type checker still knows them
    # all: a misspelt one is an error (an unneeded ignore would be one too).
    malstyrning.asess(plan)  # type: ignore[attr-defined]
