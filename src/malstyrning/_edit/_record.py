"""Recording outcomes in a plan file: one (``record``) or many (``import``).

Every write keeps the file the planner's own (see :mod:`._edit`), is checked
by loading the result as a plan before anything is written, and is atomic
(see :mod:`._write`). Many updates are all-or-nothing. Writers of the same
plan take turns: each holds the plan's lock from reading it to writing it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass

from .._errors import DataFileError, PlanError, Problem, UpdateError
from .._i18n import tr
from .._load import loads_plan
from .._model import Indicator, Outcome, Plan
from .._sources import OutcomeUpdate, UpdateKind, parse_outcomes_csv
from ._expect import first_difference, map_plan
from ._nodes import compose, find_indicator
from ._outcomes import set_outcomes
from ._write import Snapshot, plan_lock, read_snapshot, write_atomic

__all__ = ["UpdateResult", "apply_updates", "import_csv", "record_outcome"]


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What writing one update did (or, on a dry run, would do).

    ``old`` is the previous value exactly as it was written in the file.
    """

    update: OutcomeUpdate
    kind: UpdateKind
    old: str | None


def record_outcome(
    path: str | os.PathLike[str],
    indicator: str,
    year: int,
    value: float | None = None,
    *,
    missing: str | None = None,
    comment: str | None = None,
    value_text: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
) -> UpdateResult:
    """Write one outcome for ``indicator`` and ``year`` into the plan at ``path``.

    Give either ``value`` or ``missing`` (the reason there is no value).
    ``value_text`` is the number as it should appear in the file (digits kept,
    e.g. ``"6.80"``). A different existing outcome is replaced only with
    ``replace``; otherwise OutcomeExistsError (an UpdateError) says what is there.
    """
    if (value is None) == (missing is None):
        raise UpdateError(
            tr(
                "give either a value or a reason the value is missing",
                "ange antingen ett värde eller ett skäl till att värdet saknas",
            )
        )
    update = OutcomeUpdate(
        indicator=indicator, year=year, value=value, missing=missing, comment=comment, value_text=value_text
    )
    (result,) = apply_updates(path, [update], replace=replace, dry_run=dry_run)
    return result


def apply_updates(
    path: str | os.PathLike[str],
    updates: Sequence[OutcomeUpdate],
    *,
    replace: bool = True,
    dry_run: bool = False,
    source: str | None = None,
) -> list[UpdateResult]:
    """Write ``updates`` into the plan at ``path``: all of them, or none.

    Unknown indicator ids are reported together (with the closest ids, and
    the line in ``source``, the file the updates came from, when known) as a
    DataFileError; nothing is written. ``dry_run`` computes the results
    without writing. An update marked ``only_if_absent`` for a year the plan
    already has is left out (and has no result): that is decided here, under
    the lock, on the text that is then replaced.
    """
    # The lock is held from reading to writing, so a concurrent writer's
    # change is read, not overwritten (a dry run writes nothing: no lock).
    with nullcontext() if dry_run else plan_lock(path):
        snapshot = read_snapshot(path)
        plan = _load(snapshot)
        _check_ids(plan, updates, source or os.fspath(path))
        kept = _without_known(plan, updates)
        # One parse of the plan for all the updates, not one per update (see set_outcomes).
        text, outcomes = set_outcomes(
            snapshot.text, plan, kept, replace=replace, reload=lambda new: load_changed(new, snapshot)
        )
        results = [UpdateResult(u, kind, old) for u, (kind, old) in zip(kept, outcomes, strict=True)]
        if text != snapshot.text:  # a dry run refuses what the write would refuse
            _verify(text, snapshot, plan, kept)
            if not dry_run:
                write_atomic(snapshot, text)
    return results


def _without_known(plan: Plan, updates: Sequence[OutcomeUpdate]) -> list[OutcomeUpdate]:
    """``updates`` without those marked ``only_if_absent`` whose year the plan has, or an
    update before it in the batch writes: decided under the lock, on the text then replaced."""
    kept: list[OutcomeUpdate] = []
    written: set[tuple[str, str | None, int]] = set()
    for update in updates:
        where = (update.indicator, update.series, update.year)
        if update.only_if_absent and (where in written or _has_outcome(plan, update)):
            continue  # the plan's own outcome stays
        written.add(where)
        kept.append(update)
    return kept


def _has_outcome(plan: Plan, update: OutcomeUpdate) -> bool:
    """Whether ``plan`` has an outcome (or a value of the update's series) for the update's year."""
    for indicator in plan.indicators():
        if indicator.id == update.indicator:
            if update.series is not None:
                return update.year in indicator.comparisons.get(update.series, {})
            return update.year in indicator.outcomes
    return False


def _load(snapshot: Snapshot) -> Plan:
    return loads_plan(snapshot.text, filename=os.fspath(snapshot.path))


def load_changed(text: str, snapshot: Snapshot) -> Plan:
    """The plan for the changed ``text`` of ``snapshot``'s file; UpdateError if it is not
    one (an editing bug must never reach the disk: record, import and status use it)."""
    try:
        return loads_plan(text, filename=os.fspath(snapshot.path))
    except PlanError as error:  # an editing bug must never reach the disk
        raise UpdateError(
            tr(
                "the change would make the plan invalid, so nothing was written: {error}",
                "ändringen skulle göra planen ogiltig, så inget sparades: {error}",
                error=error,
            )
        ) from None


def _check_ids(plan: Plan, updates: Sequence[OutcomeUpdate], source: str) -> None:
    problems = _id_problems(plan, updates, source)
    if problems:
        if len(updates) == 1 and updates[0].line is None:
            raise UpdateError(problems[0].message)
        raise DataFileError(problems)


def _id_problems(plan: Plan, updates: Sequence[OutcomeUpdate], source: str) -> list[Problem]:
    """A problem for each update naming an indicator the plan does not have."""
    known = [indicator.id for indicator in plan.indicators()]
    known_set = set(known)
    problems = []
    for update in updates:
        if update.indicator in known_set:
            continue
        message = tr("no indicator with id {id!r}", "ingen indikator har id {id!r}", id=update.indicator)
        close = difflib.get_close_matches(update.indicator, known, n=3, cutoff=0.5)
        if close:
            message += tr(
                "; did you mean {ids}?", "; menade du {ids}?", ids=", ".join(repr(c) for c in close)
            )
        problems.append(Problem(source, update.line, None, "", message))
    return problems


def _verify(text: str, snapshot: Snapshot, plan: Plan, updates: Sequence[OutcomeUpdate]) -> None:
    """Load the new text as a plan and check it is exactly ``plan`` (the old one)
    with ``updates`` written: nothing else changed."""
    new = load_changed(text, snapshot)
    final: dict[str, list[OutcomeUpdate]] = {}
    for update in updates:
        final.setdefault(update.indicator, []).append(update)
    made: dict[tuple[float | None, str | None, str | None], Outcome] = {}  # Outcomes are frozen: share them

    def outcome(update: OutcomeUpdate) -> Outcome:
        key = (update.value, update.missing, update.comment)
        found = made.get(key)
        if found is None:
            found = made[key] = Outcome.model_validate(
                {"värde": update.value, "saknas": update.missing, "kommentar": update.comment}
            )
        return found

    def written(indicator: Indicator) -> Indicator:
        mine = final.get(indicator.id)
        if not mine:
            return indicator
        outcomes = dict(indicator.outcomes)
        comparisons = {series: dict(values) for series, values in indicator.comparisons.items()}
        for update in mine:
            if update.series is not None:
                assert update.value is not None  # OutcomeUpdate refuses a missing jämförelse value
                comparisons.setdefault(update.series, {})[update.year] = update.value
            else:
                outcomes[update.year] = outcome(update)
        return indicator.model_copy(update={"outcomes": outcomes, "comparisons": comparisons})

    different = first_difference(map_plan(plan, indicator=written), new)
    if different is not None:
        located = find_indicator(compose(snapshot.text).root, different) if different else None
        line = located.node.start_mark.line + 1 if located is not None else 1
        raise UpdateError(
            tr(
                "line {line}: the change would also change {what}, so nothing was written (is a "
                "value shared through an anchor and an alias, or a merge key?)",
                "rad {line}: ändringen skulle också ändra {what}, så inget sparades (delas ett "
                "värde genom ett ankare och ett alias, eller en sammanslagning?)",
                line=line,
                what=repr(different) if different else tr("the plan", "planen"),
            )
        )


def import_csv(
    path: str | os.PathLike[str], csv_path: str | os.PathLike[str], *, dry_run: bool = False
) -> list[UpdateResult]:
    """Write every outcome in the CSV file ``csv_path`` into the plan at ``path``.

    All or nothing: a bad row or an unknown indicator id raises DataFileError
    listing every one with its line, and nothing is written.
    """
    updates, problems = parse_outcomes_csv(csv_path)
    source = os.fspath(csv_path)
    if problems:  # report unknown ids in the good rows too: every bad row at once
        problems += _id_problems(_load(read_snapshot(path)), updates, source)
        raise DataFileError(sorted(problems, key=lambda p: p.line or 0))
    return apply_updates(path, updates, dry_run=dry_run, source=source)
