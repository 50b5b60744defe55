"""A kommun's plans assessed together: each plan as on its own, and each goal
another plan's goals serve (``bidrar_till``: the council's strategic goals,
typically) rolled up from its own indicators and sub-goals and from those
serving goals, each weighed by its link's ``vikt``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .._errors import InvalidArgumentError
from .._i18n import tr
from .._model import Kommun, Period
from ._assessment import assess_with
from ._periods import ReportChoice, choose_report
from ._results import Assessment, Contribution, GoalResult, walk_goals

__all__ = ["KommunAssessment", "assess_kommun", "choose_kommun_report"]


@dataclass(frozen=True, slots=True)
class KommunAssessment:
    """Every plan of a :class:`Kommun` assessed for one year or period, in file order."""

    name: str | None
    year: int
    period: str | None
    plans: tuple[tuple[str, Assessment], ...]  # (plan id, its assessment)
    served: tuple[str, ...]  # the ids of the plans other plans serve (the council's)

    def plan(self, ident: str) -> Assessment:
        """The assessment of the plan ``ident``."""
        for found, assessment in self.plans:
            if found == ident:
                return assessment
        raise InvalidArgumentError(
            tr(
                "no plan {id!r} in the kommun; it has {ids}",
                "ingen plan {id!r} i kommunen; den har {ids}",
                id=ident,
                ids=", ".join(found for found, _ in self.plans),
            )
        )


def assess_kommun(
    kommun: Kommun,
    *,
    year: int | None = None,
    period: Period | str | int | None = None,
    as_of: dt.date | None = None,
) -> KommunAssessment:
    """Assess every plan of ``kommun`` as :func:`assess` does, for ``year`` (default:
    the latest year with an outcome in any of its plans) or at ``period``'s end.

    A goal that other plans' goals serve counts them in its roll-up as it counts
    its own sub-goals, each with the weight its ``bidrar_till`` gives (default
    1), and lists them (:attr:`GoalResult.contributions`). Plans are assessed
    serving ones first. Raises :class:`InvalidArgumentError` when plans serve
    each other in a circle (:func:`load_kommun` refuses that first).
    """
    if year is None and period is None:
        years = [y for p in kommun.plans for i in p.plan.indicators() for y in i.outcomes]
        years += [p.plan.year for p in kommun.plans]
        year = max(years) if years else None
    order = _serving_first(kommun)
    links = list(kommun.links())
    done: dict[str, Assessment] = {}
    goals: dict[str, dict[str, GoalResult]] = {}  # each assessed plan's goals by id
    for ident in order:
        plan = kommun.find(ident)
        assert plan is not None
        contributions: dict[str, list[Contribution]] = {}
        for source, goal, link in links:
            if link.plan == ident:
                found = goals[source.id].get(goal.id or "")
                if found is not None:
                    served = Contribution(source.id, source.plan.organisation, found, link.weight)
                    contributions.setdefault(link.goal, []).append(served)
        frozen = {key: tuple(value) for key, value in contributions.items()}
        done[ident] = assess_with(plan.plan, year, period, as_of, frozen)
        goals[ident] = {g.id: g for area in done[ident].areas for g in walk_goals(area.goals)}
    first = done[order[0]] if order else None
    return KommunAssessment(
        name=kommun.name,
        year=first.year if first is not None else (year or 0),
        period=first.period if first is not None else None,
        plans=tuple((p.id, done[p.id]) for p in kommun.plans),
        served=tuple(p.id for p in kommun.served()),
    )


def choose_kommun_report(kommun: Kommun) -> ReportChoice:
    """The period ``assess FOLDER`` assesses by default: of each plan's own default
    (:func:`choose_report`) that has values, the latest; with none, that of the
    plan the others serve (else the first plan). The council's plan has no
    indicators of its own, typically: the nämnder's values decide."""
    choices = [choose_report(p.plan) for p in kommun.plans]
    valued = [c for c in choices if c.has_values]
    if valued:
        return max(valued, key=lambda c: c.period)
    served = kommun.served()
    lead = served[0] if served else kommun.plans[0]
    return choices[kommun.plans.index(lead)]


def _serving_first(kommun: Kommun) -> list[str]:
    """The plans' ids so that every plan comes after the plans serving it."""
    serving: dict[str, set[str]] = {p.id: set() for p in kommun.plans}
    for source, _, link in kommun.links():
        if link.plan in serving and link.plan != source.id:
            serving[link.plan].add(source.id)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(serving):
        ready = [p.id for p in kommun.plans if p.id not in placed and serving[p.id] <= placed]
        if not ready:
            circle = sorted(set(serving) - placed)
            raise InvalidArgumentError(
                tr(
                    "the plans {plans} serve each other in a circle (bidrar_till)",
                    "planerna {plans} bidrar till varandra i en cirkel (bidrar_till)",
                    plans=", ".join(circle),
                )
            )
        order += ready
        placed.update(ready)
    return order
