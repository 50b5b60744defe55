"""The plan's operating budget (``ekonomi``) for the assessed year: each row's
figures, the avvikelse worked out (never stored), and the result row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .._model import Economy, Period, budget_figure

__all__ = ["BudgetLine", "EconomyResult", "assess_economy"]

Basis = Literal["actual", "forecast"]  # the codes of utfall and prognos, as BudgetLine names them


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """A row of the operating budget with its figures per year and its avvikelse.

    ``budget``, ``forecast`` and ``actual`` hold the stated figures, and for a
    sum row that states none, the sum of its parts. ``variance`` is budget −
    utfall for the assessed year, or budget − prognos when there is no utfall
    yet (``variance_basis`` says which); None when either is missing.
    """

    id: str | None
    title: str
    total: bool  # a sum row
    heading: bool  # a row without figures: a heading over the rows below
    budget: dict[int, float | None]
    forecast: dict[int, float | None]
    actual: dict[int, float | None]
    variance: float | None = None
    variance_basis: Basis | None = None
    actual_to_date: float | None = None  # utfall so far this year, for EconomyResult.period


@dataclass(frozen=True, slots=True)
class EconomyResult:
    """The operating budget of a plan, as assessed for ``year``."""

    year: int
    title: str | None
    unit: str
    lines: tuple[BudgetLine, ...]
    comment: str | None = None
    period: str | None = None  # during the year: the period of each line's actual_to_date ("2018-T2")

    @property
    def result(self) -> BudgetLine | None:
        """The result row: the last sum row of the table (None: the table has none)."""
        sums = [line for line in self.lines if line.total]
        return sums[-1] if sums else None

    def columns(self) -> tuple[tuple[str, int], ...]:
        """Each (kind, year) some row has a figure for, by year, then budget, prognos, utfall."""
        found: set[tuple[str, int]] = set()
        for line in self.lines:
            found.update(("budget", year) for year in line.budget)
            found.update(("prognos", year) for year in line.forecast)
            found.update(("utfall", year) for year in line.actual)
        return tuple(sorted(found, key=lambda column: (column[1], _ORDER[column[0]])))


_ORDER = {"budget": 0, "prognos": 1, "utfall": 2}


def assess_economy(economy: Economy, year: int, *, at: Period | None = None) -> EconomyResult:
    """The operating budget ``economy`` for the assessed ``year``.

    ``at``: assessed at a period before the year's end. The year's utfall is
    not known then, so the avvikelse is budget − prognos, and each line's
    ``actual_to_date`` is its utfall for the latest period of the year known
    at ``at`` that the table has figures for (``EconomyResult.period``). For
    the whole year, utfall for a period ending in December is the year's, and
    a table with utfall only for earlier periods shows them so far.
    """
    during_year = at is not None and not at.whole_year
    every_year = sorted({y for row in economy.rows for y in row.budget | row.forecast | row.actual})
    # The utfall so far: the latest period of the year with figures, known at ``at``
    # (for the whole year: any). For the whole year it is shown only while the table
    # has no utfall of the year itself; a period ending in December is that utfall.
    end = at if at is not None else Period.whole(year)
    known = [p for row in economy.rows for p in row.actual_periods if p.year == year and p.known_at(end)]
    to_date = max(known, default=None)
    year_end = None
    if not during_year and to_date is not None:
        if any(year in row.actual for row in economy.rows):
            to_date = None
        elif to_date.end_month == 12:
            year_end, to_date = to_date, None
    lines = []
    for index, row in enumerate(economy.rows):
        budget, forecast, actual = (
            _figures(economy, index, kind, stated, every_year)
            for kind, stated in (("budget", row.budget), ("prognos", row.forecast), ("utfall", row.actual))
        )
        if during_year:  # the utfall of the year and after is not known at a period within it
            actual = {y: value for y, value in actual.items() if y < year}
        elif year_end is not None:  # the year's utfall, written for its last period
            actual = {**actual, year: budget_figure(economy, index, "utfall", year_end)}
        planned = budget.get(year)
        variance: float | None = None
        basis: Basis | None = None
        if planned is not None:
            if actual.get(year) is not None:
                variance, basis = planned - (actual[year] or 0.0), "actual"
            elif forecast.get(year) is not None:
                variance, basis = planned - (forecast[year] or 0.0), "forecast"
        lines.append(
            BudgetLine(
                id=row.id,
                title=row.title,
                total=row.total,
                heading=not row.figures() and not row.total,
                budget=budget,
                forecast=forecast,
                actual=actual,
                variance=variance,
                variance_basis=basis,
                actual_to_date=None if to_date is None else budget_figure(economy, index, "utfall", to_date),
            )
        )
    return EconomyResult(
        year=year,
        title=economy.title,
        unit=economy.unit,
        lines=tuple(lines),
        comment=economy.comment,
        period=None if to_date is None else str(to_date),
    )


def _figures(
    economy: Economy, index: int, kind: str, stated: dict[int, float | None], years: list[int]
) -> dict[int, float | None]:
    # A row's stated figures (blanks kept); a sum row also gets the sums it leaves unstated.
    if not economy.rows[index].total:
        return dict(stated)
    found = {y: budget_figure(economy, index, kind, y) for y in years}
    return {y: value for y, value in found.items() if value is not None or y in stated}
