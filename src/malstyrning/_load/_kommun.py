"""Reading a kommun's plans for one year from a folder (``plans/2018/``): every
plan file in it, each plan's id (its ``id``, else the file's name), and the
links between them (``bidrar_till: [kf:lag-arbetsloshet]``) checked, each
problem at the file, line and column of the reference."""

from __future__ import annotations

import difflib
import os
from collections import Counter
from pathlib import Path

from .._errors import PlanError, PlanFileError, PlanValidationError, Problem
from .._i18n import tr
from .._model import Goal, GoalLink, Kommun, KommunConfig, PlanFile, normal_id
from ._config import with_config
from ._folder import plan_files
from ._io import load_plan

__all__ = ["load_kommun"]

Loc = tuple[str | int, ...]


def load_kommun(folder: str | os.PathLike[str], *, config: KommunConfig | None = None) -> Kommun:
    """Read every plan in ``folder`` and check the links between them.

    Raises :class:`PlanFileError` when the folder cannot be read or holds no
    plan, and :class:`PlanError` with every problem of every file: each file's
    own (as :func:`load_plan` finds them), two plans with one id, a
    ``bidrar_till`` naming a plan or a goal that is not there (with the
    nearest id), a plan serving itself, and plans serving each other in a
    circle. ``config`` (a repository's ``malstyrning.toml``, :func:`load_config`)
    gives the kommun's name (else the plans' ``kommun``) and the rules every plan
    starts from (:func:`with_config`).
    """
    where = os.fspath(folder)
    try:
        files = [Path(folder) / name for name in plan_files(folder, below=False)]
    except OSError as error:
        raise PlanFileError([Problem(where, None, None, "", _os_reason(error))]) from None
    if not files:
        message = tr("no plan files (*.yaml) in the folder", "inga planfiler (*.yaml) i mappen")
        raise PlanFileError([Problem(where, None, None, "", message)])
    # A plan saved as .yml would be left out of the roll-up without a word: say so.
    problems: list[Problem] = [
        Problem(
            os.fspath(path),
            None,
            None,
            "",
            tr(
                "a plan file of a kommun's folder ends in .yaml; rename it {name}",
                "en planfil i en kommuns mapp slutar på .yaml; byt namn till {name}",
                name=path.with_suffix(".yaml").name,
            ),
        )
        for path in sorted(Path(folder).glob("*.yml"))
    ]
    plans: list[PlanFile] = []
    for path in files:
        try:
            plan = load_plan(path)
        except PlanError as error:
            problems += error.problems
            continue
        plans.append(PlanFile(plan.id or normal_id(path.stem), os.fspath(path), with_config(plan, config)))
    if problems:  # the links are checked between valid plans only
        raise PlanValidationError(problems)
    problems = _year_problems(plans) + _link_problems(plans)
    if problems:
        raise PlanValidationError(problems)
    named = (config.municipality if config else None) or next(
        (p.plan.municipality for p in plans if p.plan.municipality), None
    )
    return Kommun(where, tuple(plans), named)


def _year_problems(plans: list[PlanFile]) -> list[Problem]:
    """A kommun's folder is one year's plans: each plan whose `år` is not the
    folder's (the year most of its plans have), at its `år`."""
    years = Counter(p.plan.year for p in plans)
    if len(years) < 2:
        return []
    year = max(years, key=lambda y: (years[y], y))
    odd: dict[str, list[tuple[Loc, str]]] = {}
    if years[year] == 1:  # no year most plans share: say so at each
        message = tr(
            "the folder's plans are for {years}: a kommun's folder holds one year's plans "
            "(plans/2018/); to follow plans across years, see malstyrning history",
            "mappens planer gäller {years}: en kommuns mapp har ett års planer (plans/2018/); "
            "för planer över flera år, se malstyrning history",
            years=", ".join(str(y) for y in sorted(years)),
        )
        for plan in plans:
            odd.setdefault(plan.path, []).append((("år",), message))
    for plan in plans if years[year] > 1 else ():
        if plan.plan.year != year:
            message = tr(
                "the plan is for {year}, the folder's other plans for {folder}: a kommun's folder "
                "holds one year's plans (plans/{folder}/); to follow plans across years, see "
                "malstyrning history",
                "planen gäller {year}, mappens övriga planer {folder}: en kommuns mapp har ett års "
                "planer (plans/{folder}/); för planer över flera år, se malstyrning history",
                year=plan.plan.year,
                folder=year,
            )
            odd.setdefault(plan.path, []).append((("år",), message))
    return [problem for path, located in odd.items() for problem in _located(path, located)]


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error)


def _link_problems(plans: list[PlanFile]) -> list[Problem]:
    """Every link of ``plans`` that names no plan or no goal, or its own plan; two
    plans with one id; a circle of plans serving each other. Located in their files."""
    found: dict[str, list[tuple[Loc, str]]] = {}
    by_id: dict[str, PlanFile] = {}
    # A plan that names itself (`id:`) is placed before one named by its file: a clash is
    # then reported at the `id:` that made it.
    for plan in sorted(plans, key=lambda p: p.plan.id is not None):
        if plan.id in by_id:
            other = by_id[plan.id]
            taken = tr(
                "the plan id {id!r} is also used by {other} (its {how}); give one of them another id",
                "planens id {id!r} används också av {other} (dess {how}); ge en av dem ett annat id",
                id=plan.id,
                other=other.path,
                how=tr("id", "id") if other.plan.id else tr("file's name", "filnamn"),
            )
            found.setdefault(plan.path, []).append((("id",) if plan.plan.id else (), taken))
        else:
            by_id[plan.id] = plan
    goals = {ident: {g.id for g in p.plan.goals() if g.id} for ident, p in by_id.items()}
    edges: dict[str, set[str]] = {ident: set() for ident in by_id}
    for plan in plans:
        for loc, link in _links(plan):
            message: str | None = None
            if link.plan == plan.id:
                message = tr(
                    "a goal serves a goal of its own plan by standing under it, not by bidrar_till",
                    "ett mål bidrar till ett mål i sin egen plan genom att stå under det, "
                    "inte med bidrar_till",
                )
            elif link.plan not in by_id:
                message = tr(
                    "no plan has the id {plan!r}{hint}; the plans are {plans}",
                    "ingen plan har id {plan!r}{hint}; planerna är {plans}",
                    plan=link.plan,
                    hint=_near(link.plan or "", set(by_id)),
                    plans=", ".join(by_id),
                )
            elif link.goal not in goals[link.plan]:
                message = tr(
                    "the plan {plan!r} has no goal {goal!r}{hint}",
                    "planen {plan!r} har inget mål {goal!r}{hint}",
                    plan=link.plan,
                    goal=link.goal,
                    hint=_near(link.goal, goals[link.plan]),
                )
            else:
                edges[plan.id].add(link.plan)
            if message is not None:
                found.setdefault(plan.path, []).append((loc, message))
    circle = _circle(edges)
    if circle:
        first = by_id[circle[0]]
        message = tr(
            "the plans {plans} serve each other in a circle (bidrar_till)",
            "planerna {plans} bidrar till varandra i en cirkel (bidrar_till)",
            plans=" → ".join([*circle, circle[0]]),
        )
        found.setdefault(first.path, []).append(((), message))
    return [problem for path, located in found.items() for problem in _located(path, located)]


def _links(plan: PlanFile) -> list[tuple[Loc, GoalLink]]:
    """Every link to another plan in ``plan``, with its key path."""
    out: list[tuple[Loc, GoalLink]] = []

    def walk(goals: tuple[Goal, ...], loc: Loc) -> None:
        for i, goal in enumerate(goals):
            here = (*loc, "mål", i)
            for k, link in enumerate(goal.serves):
                if link.plan is not None:
                    out.append(((*here, "bidrar_till", k), link))
            walk(goal.goals, here)

    for i, area in enumerate(plan.plan.areas):
        walk(area.goals, ("målområden", i))
    return out


def _near(wanted: str, known: set[str]) -> str:
    near = difflib.get_close_matches(wanted, sorted(known), n=1, cutoff=0.6)
    return tr("; did you mean {near!r}?", "; menade du {near!r}?", near=near[0]) if near else ""


def _circle(edges: dict[str, set[str]]) -> list[str]:
    """A circle in ``edges`` (plan → the plans it serves), as the plans in it; [] when none."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def _located(path: str, problems: list[tuple[Loc, str]]) -> list[Problem]:
    """``problems`` of the file at ``path``, each at its line and column."""
    from ._careful import located  # noqa: PLC0415  (ruamel.yaml: only when there is a problem)
    from ._fastyaml import Marks, fast_load  # noqa: PLC0415

    text = Path(path).read_bytes().decode("utf-8-sig")
    marks = Marks()
    document = fast_load(text, marks=marks)
    return [located(path, document, loc, message, marks=marks) for loc, message in problems]
