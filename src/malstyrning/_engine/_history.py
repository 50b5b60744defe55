"""One indicator across plan years: its series, targets and labels, and its renames.

An indicator keeps its ``id`` from one year's plan to the next (``rollover``
keeps it); when it gets a new id, or replaces other indicators, it names the
old ones in ``tidigare_id``. :func:`indicator_history` follows those links
through plans of many years (read from a folder by :func:`load_plans`) and
gathers, per plan year, what the plan says of the indicator and how it is
assessed that year, and one series of outcomes merged from every plan.

The links: an indicator continues the indicators of the nearest earlier plan
year that has its own id or one of its ``tidigare_id``: in the plan of the
same name (its ``id``, else its file's name), when that year has one (a folder
a year, a file a nämnd); else
those of another file, when one file has them (plans named by year). Pure:
no files are read here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from .._errors import InvalidArgumentError
from .._i18n import tr
from .._model import Direction, Indicator, Labels, Outcome, Plan, normal_id
from ._assessment import assess
from ._results import IndicatorResult

__all__ = [
    "HistoryConflict",
    "HistoryEntry",
    "HistoryOutcome",
    "HistoryRename",
    "IndicatorHistory",
    "indicator_history",
]


class _PathLike(Protocol):
    """A path, as :class:`pathlib.Path` is one (the engine reads no files)."""

    def __fspath__(self) -> str: ...


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """The indicator in one plan: what that plan says of it, and its bedömning for the plan's year."""

    plan_year: int  # the plan's år
    file: str  # the plan file's path, as given
    name: str  # the file's name without .yaml: what qualifies an id (FILE:ID)
    plan: str  # the plan's name
    id: str  # the indicator's id in this plan
    title: str  # its title in this plan
    previous_ids: tuple[str, ...]  # its tidigare_id
    unit: str | None
    direction: Direction | None  # as written (None: inferred, see result.direction)
    outcomes: Mapping[int, Outcome]  # the years' outcomes this plan records
    result: IndicatorResult  # assessed for the plan's year, as `assess` does
    labels: Labels | None = None  # the plan's own label words (etiketter)

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcomes", MappingProxyType(dict(sorted(self.outcomes.items()))))


@dataclass(frozen=True, slots=True)
class HistoryOutcome:
    """One year's outcome in the merged series, and the plan that gave it."""

    year: int
    value: float | None
    missing: str | None  # why there is no value (saknas)
    comment: str | None
    plan_year: int  # the plan that records it
    file: str


@dataclass(frozen=True, slots=True)
class HistoryConflict:
    """Two plans recording one year's outcome differently: the later plan's is kept."""

    year: int
    kept: HistoryOutcome
    dropped: HistoryOutcome


@dataclass(frozen=True, slots=True)
class HistoryRename:
    """The indicator's id or title changed from the plan before."""

    plan_year: int
    file: str
    id: str
    previous_ids: tuple[str, ...]  # the ids it continues, when they differ from its own
    title: str
    previous_title: str | None  # the title before, when it changed (one indicator continued)


@dataclass(frozen=True, slots=True)
class IndicatorHistory:
    """One indicator's series across plan years (:func:`indicator_history`)."""

    id: str  # the id asked for, as the plans write it
    entries: tuple[HistoryEntry, ...]  # by plan year, then file
    outcomes: tuple[HistoryOutcome, ...]  # merged, by year
    conflicts: tuple[HistoryConflict, ...]
    renames: tuple[HistoryRename, ...]

    @property
    def latest(self) -> HistoryEntry:
        """The entry of the latest plan year."""
        return self.entries[-1]


@dataclass(frozen=True, slots=True, eq=False)
class _Node:
    index: int  # of the plan in the list given
    year: int
    name: str
    path: str
    indicator: Indicator


def indicator_history(plans: Sequence[tuple[str | _PathLike, Plan]], indicator_id: str) -> IndicatorHistory:
    """The history of the indicator ``indicator_id`` across ``plans``.

    ``plans`` are ``(path, plan)`` pairs, as :func:`load_plans` gives them;
    each plan's year is its ``år``. ``indicator_id`` is an id of some plan's
    indicator or verksamhetsmått, or ``PLAN:ID`` with PLAN a plan's ``id``, else
    its file's name without ``.yaml`` (or its path), when plans of one year in several
    files have that id. From the latest plan year that has it, the series is
    followed back through ``tidigare_id`` and the same id, and forward to the
    plans that continue it.

    Each plan year's entry carries the indicator as that plan writes it and
    its bedömning for the plan's year (:func:`assess`). The outcomes of every
    entry are merged into one series by year; where two plans record a year
    differently, the later plan's is kept and the difference is a
    :class:`HistoryConflict`. Raises :class:`InvalidArgumentError` for an
    unknown id (naming close ones) and for an id in several files of one year
    (naming the ``FILE:ID`` to choose from).
    """
    nodes: list[_Node] = []
    for index, (path, plan) in enumerate(plans):
        shown = path if isinstance(path, str) else path.__fspath__()
        # The plan's id, else its file's name: as a kommun names its plans (bidrar_till).
        name = plan.id or _parts(shown)[-1].removesuffix(".yaml")
        nodes += [_Node(index, plan.year, name, shown, ind) for ind in plan.indicators()]
    anchor = _anchor(nodes, indicator_id)
    back = _Links(nodes)
    found: dict[int, _Node] = {id(anchor): anchor}
    todo = [anchor]
    while todo:  # back in time
        for before in back.of(todo.pop()):
            if id(before) not in found:
                found[id(before)] = before
                todo.append(before)
    todo = [anchor]
    while todo:  # forward in time
        for after in back.continued_by(todo.pop()):
            if id(after) not in found:
                found[id(after)] = after
                todo.append(after)
    chosen = sorted(found.values(), key=lambda node: (node.year, node.path))
    assessed: dict[int, dict[str, IndicatorResult]] = {}
    entries = []
    for node in chosen:
        plan = plans[node.index][1]
        if node.index not in assessed:
            assessment = assess(plan, year=plan.year)
            assessed[node.index] = {r.id: r for r in [*assessment.indicators(), *assessment.measures]}
        indicator = node.indicator
        entries.append(
            HistoryEntry(
                plan_year=node.year,
                file=node.path,
                name=node.name,
                plan=plan.name,
                id=indicator.id,
                title=indicator.title,
                previous_ids=indicator.previous_ids,
                unit=indicator.unit,
                direction=indicator.direction,
                outcomes=indicator.outcomes,
                result=assessed[node.index][indicator.id],
                labels=plan.labels,
            )
        )
    renames = []
    for node, entry in zip(chosen, entries, strict=True):
        continued = back.of(node)
        if not continued:
            continue
        ids = tuple(dict.fromkeys(b.indicator.id for b in continued if b.indicator.id != entry.id))
        old_title = continued[0].indicator.title if len(continued) == 1 else None
        if old_title == entry.title:
            old_title = None
        if ids or old_title is not None:
            renames.append(HistoryRename(node.year, node.path, entry.id, ids, entry.title, old_title))
    merged: dict[int, HistoryOutcome] = {}
    conflicts = []
    for entry in entries:
        for year, outcome in entry.outcomes.items():
            new = HistoryOutcome(
                year, outcome.value, outcome.missing, outcome.comment, entry.plan_year, entry.file
            )
            old = merged.get(year)
            if old is not None and (old.value, old.missing) != (new.value, new.missing):
                conflicts.append(HistoryConflict(year, new, old))
            merged[year] = new
    return IndicatorHistory(
        id=anchor.indicator.id,
        entries=tuple(entries),
        outcomes=tuple(merged[year] for year in sorted(merged)),
        conflicts=tuple(sorted(conflicts, key=lambda c: c.year)),
        renames=tuple(renames),
    )


class _Links:
    """Which indicators of earlier plans each indicator continues."""

    def __init__(self, nodes: list[_Node]) -> None:
        self.years = sorted({node.year for node in nodes})
        self.names = {(node.year, node.name) for node in nodes}  # the files (by name) of each year
        self.by_id: dict[tuple[int, str], list[_Node]] = {}
        self.naming: dict[tuple[int, str], list[_Node]] = {}  # by id and by each tidigare_id
        for node in nodes:
            self.by_id.setdefault((node.year, node.indicator.id), []).append(node)
            for ident in dict.fromkeys((node.indicator.id, *node.indicator.previous_ids)):
                self.naming.setdefault((node.year, ident), []).append(node)
        self._back: dict[int, list[_Node]] = {}

    def of(self, node: _Node) -> list[_Node]:
        """The indicators ``node`` continues: of the nearest earlier year with its id or a tidigare_id."""
        known = self._back.get(id(node))
        if known is not None:
            return known
        wanted = dict.fromkeys((node.indicator.id, *node.indicator.previous_ids))
        found: list[_Node] = []
        for year in reversed([y for y in self.years if y < node.year]):
            here = [n for ident in wanted for n in self.by_id.get((year, ident), [])]
            if (year, node.name) in self.names:  # that year has this file: only it counts
                found = [n for n in here if n.name == node.name]
            else:  # another file's: when one file has them
                found = here if len({n.path for n in here}) == 1 else []
            if found:
                break
        self._back[id(node)] = found
        return found

    def continued_by(self, node: _Node) -> list[_Node]:
        """The indicators of the nearest later year that continue ``node``."""
        for year in [y for y in self.years if y > node.year]:
            found = [
                n
                for n in self.naming.get((year, node.indicator.id), [])
                if any(b is node for b in self.of(n))
            ]
            if found:
                return found
        return []


def _anchor(nodes: list[_Node], asked: str) -> _Node:
    """The indicator ``asked`` names in the latest plan year that has it."""
    ident = normal_id(asked.strip())
    candidates = [node for node in nodes if node.indicator.id == ident]
    if not candidates and ":" in ident:
        file, _, rest = ident.rpartition(":")
        candidates = [node for node in nodes if node.indicator.id == rest and _names(node, file)]
    if not candidates:
        raise InvalidArgumentError(_unknown(nodes, ident))
    by_year: dict[int, list[_Node]] = {}
    for node in candidates:
        by_year.setdefault(node.year, []).append(node)
    crowded = [found for found in by_year.values() if len(found) > 1]
    if crowded:
        choices = sorted(dict.fromkeys(f"{node.name}:{node.indicator.id}" for node in crowded[0]))
        raise InvalidArgumentError(
            tr(
                "indicator {id!r} is in several plans of {year}; name the file: {choices}",
                "indikatorn {id!r} finns i flera planer för {year}; ange filen: {choices}",
                id=ident,
                year=crowded[0][0].year,
                choices=", ".join(choices),
            )
        )
    return by_year[max(by_year)][0]


def _names(node: _Node, file: str) -> bool:
    """Whether ``file`` names the plan file of ``node``: its name without .yaml,
    or the end of its path (with or without .yaml)."""
    if file == node.name:
        return True
    wanted = _parts(file)
    path = _parts(node.path)
    end = path[-len(wanted) :]
    return end == wanted or [*end[:-1], end[-1].removesuffix(".yaml")] == wanted


def _parts(path: str) -> list[str]:
    """The names in ``path``, split at / and \\ (the engine reads no files: no pathlib)."""
    return [part for part in re.split(r"[\\/]", path) if part not in {"", "."}] or [""]


def _unknown(nodes: list[_Node], ident: str) -> str:
    ids = list(dict.fromkeys(node.indicator.id for node in nodes))
    wanted = ident.casefold()
    near = difflib.get_close_matches(ident.rpartition(":")[2], ids, n=3, cutoff=0.6)
    near += [
        node.indicator.id
        for node in nodes
        if wanted and wanted in node.indicator.title.casefold() and node.indicator.id not in near
    ]
    near = list(dict.fromkeys(near))
    if near:
        hint = tr("did you mean {ids}?", "menade du {ids}?", ids=", ".join(repr(i) for i in near[:5]))
    elif ids:
        shown = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
        hint = tr("the plans' indicators are: {ids}", "planernas indikatorer är: {ids}", ids=shown)
    else:
        hint = tr("the plans have no indicators", "planerna har inga indikatorer")
    return tr(
        "no plan has an indicator with id {id!r}; {hint}",
        "ingen plan har en indikator med id {id!r}; {hint}",
        id=ident,
        hint=hint,
    )
