"""A kommun's plans for one year, read together: the council's (kommunfullmäktige)
and every nämnd's, each with the id other plans name it by in ``bidrar_till``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ._plan import Goal, GoalLink, Plan

__all__ = ["Kommun", "PlanFile"]


@dataclass(frozen=True, slots=True)
class PlanFile:
    """One plan of a kommun: its id (the plan's ``id``, else its file's name without
    ``.yaml``), the file it was read from, and the plan."""

    id: str
    path: str
    plan: Plan


@dataclass(frozen=True, slots=True)
class Kommun:
    """The plans of one folder (``plans/2018/``), in file-name order, and the kommun's
    name (``malstyrning.toml``'s ``kommun``, else the plans' ``kommun``)."""

    folder: str
    plans: tuple[PlanFile, ...]
    name: str | None = None

    def find(self, ident: str) -> PlanFile | None:
        """The plan with the id ``ident``, if any."""
        return next((p for p in self.plans if p.id == ident), None)

    def links(self) -> Iterator[tuple[PlanFile, Goal, GoalLink]]:
        """Every ``bidrar_till`` link to another plan: the plan and goal it stands in, and the link."""
        for source in self.plans:
            for goal in source.plan.goals():
                for link in goal.serves:
                    if link.plan is not None:
                        yield source, goal, link

    def served(self) -> tuple[PlanFile, ...]:
        """The plans another plan's goals serve (the council's, typically), in file order."""
        named = {link.plan for _, _, link in self.links()}
        return tuple(p for p in self.plans if p.id in named)
