"""The public follow-up site (``malstyrning site``): every page and data file of a
static site, as a mapping of relative path → bytes.

One kommun (or one plan) per year: the latest year is the site's present, the
earlier years give each indicator's series. The pages are jinja2 templates
(``templates/site/``) with one stylesheet (``site.css``) and one optional
script (``site.js``, which filters the summary page); every link is relative,
nothing is fetched from elsewhere, and every page reads without the script.

Nothing here judges anything: the statuses, trends, roll-ups, explanations
and series are the engine's (:func:`assess_kommun`, :func:`explain_assessed`,
:func:`indicator_history`); this module chooses words, marks, colours, number
formats and where each page lives. Output is deterministic: the same plans
give the same bytes (no clock is read; the date shown is the one given).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

from .._engine import (
    Assessment,
    GoalResult,
    IndicatorHistory,
    IndicatorResult,
    ItemResult,
    KommunAssessment,
    assess_kommun,
    explain_assessed,
    indicator_history,
)
from .._errors import InvalidArgumentError, MalstyrningError, MissingExtraError
from .._i18n import Language, tr, use_language
from .._model import Goal, GoalStatus, Indicator, IndicatorStatus, Kommun, PlanFile, SiteSettings
from ._axis import nice_ticks, tick_places
from ._explain_text import explanation_lines, explanation_to_dict
from ._json import JSON_SCHEMA_VERSION, assessment_to_dict
from ._labels import MARK, format_number, label, marked, plan_words, trend_words

__all__ = ["DIGG_COMPLAINTS", "build_site"]

DIGG_COMPLAINTS = (
    "https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/"
    "anmal-bristande-tillganglighet"
)
ARCHIVE = "data/malstyrning-data.zip"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # every member's timestamp: the archive's bytes follow its content only
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def build_site(
    years: Sequence[Kommun],
    *,
    lang: Language = "sv",
    updated: dt.date | None = None,
    settings: SiteSettings | None = None,
) -> dict[str, bytes]:
    """The site of ``years`` (one :class:`Kommun` per year, oldest first, as
    :func:`load_site_plans` reads them): each page and data file by its path
    relative to the site's folder, in ``lang`` (the pages' words; the plans'
    own text as written).

    The latest year is assessed as :func:`assess_kommun` assesses it; each
    indicator's series runs over every year given. ``updated`` is the date the
    pages give as their last update; without it each page names the latest
    year it has values of (so a rebuild of unchanged plans gives the same
    bytes). ``settings`` (``malstyrning.toml``'s ``[webbplats]``) fills the
    accessibility statement.

    Needs jinja2 (the ``report`` extra); without it raises
    :class:`MissingExtraError`.
    """
    try:
        import jinja2  # noqa: PLC0415, F401 (optional: the report extra; used by _environment)
    except ModuleNotFoundError as error:
        message = tr(
            "the site needs the 'report' extra: pip install 'malstyrning[report]'",
            "webbplatsen behöver tillägget 'report': pip install 'malstyrning[report]'",
        )
        raise MissingExtraError(message, name=error.name, extra="report") from error
    if not years:
        raise InvalidArgumentError(tr("no plans to make a site of", "inga planer att göra en webbplats av"))
    with use_language(lang):
        return _Site(tuple(years), lang, updated, settings or SiteSettings()).build()


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # noqa: PLC0415

    return jinja2.Environment(
        loader=jinja2.PackageLoader("malstyrning._report", "templates/site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath("templates", "site", name).read_bytes()


def slug(ident: str) -> str:
    """A file name from an id: the id itself when it is plain ASCII, else its
    plain letters and a short digest of it (so two ids never share a page)."""
    if _SAFE.fullmatch(ident) and len(ident) <= 80:
        return ident
    plain = re.sub(r"[^A-Za-z0-9_-]+", "-", ident).strip("-")[:40]
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:10]
    return f"{plain}-{digest}" if plain else digest


def _words() -> dict[str, str]:
    """The pages' own words, in the language in use."""
    return {
        "skip": tr("Skip to content", "Hoppa till innehållet"),
        "site": tr("Goal follow-up", "Uppföljning av mål"),
        "start": tr("Start", "Start"),
        "summary": tr("Summary", "Översikt"),
        "statement": tr("Accessibility", "Tillgänglighet"),
        "statement_title": tr("Accessibility statement", "Tillgänglighetsredogörelse"),
        "main_nav": tr("Main menu", "Huvudmeny"),
        "crumbs": tr("You are here", "Du är här"),
        "responsible": tr("Responsible", "Ansvarig"),
        "data": tr("Data", "Data"),
        "all_data": tr("All data (zip)", "Alla data (zip)"),
        "goals": tr("Goals", "Mål"),
        "goal": tr("Goal", "Mål"),
        "status": tr("Status", "Bedömning"),
        "trend": tr("Trend", "Trend"),
        "indicator": tr("Indicator", "Indikator"),
        "indicators": tr("Indicators", "Indikatorer"),
        "measures": tr("Operational measures", "Verksamhetsmått"),
        "value": tr("Value", "Utfall"),
        "target": tr("Target", "Målvärde"),
        "baseline": tr("Baseline", "Ingångsvärde"),
        "year": tr("Year", "År"),
        "unit": tr("Unit", "Enhet"),
        "source": tr("Source", "Källa"),
        "comment": tr("Comment", "Kommentar"),
        "comments": tr("Comments", "Kommentarer"),
        "missing": tr("No value", "Värde saknas"),
        "area": tr("Focus area", "Målområde"),
        "areas": tr("Focus areas", "Målområden"),
        "plans": tr("Committees", "Nämnderna"),
        "plan": tr("Committee", "Nämnd"),
        "subgoals": tr("Sub-goals", "Delmål"),
        "how": tr("How the status was reached", "Så bedömdes det"),
        "series": tr("Over time", "Utveckling över tid"),
        "series_table": tr("Values by year", "Värden per år"),
        "no_series": tr("No values to draw yet.", "Inga värden att rita ännu."),
        "serves": tr("Serves", "Bidrar till"),
        "served_by": tr("The committees' contributions", "Nämndernas bidrag"),
        "weight": tr("Weight", "Vikt"),
        "activities": tr("Activities and assignments", "Aktiviteter och uppdrag"),
        "activity": tr("Activity", "Aktivitet"),
        "due": tr("Due", "Klart"),
        "latest_report": tr("Latest report", "Senaste rapport"),
        "no_activities": tr("No activities or assignments.", "Inga aktiviteter eller uppdrag."),
        "economy": tr("Economy", "Ekonomi"),
        "row": tr("Row", "Rad"),
        "variance": tr("Variance", "Avvikelse"),
        "csv": tr("Series (CSV)", "Serie (CSV)"),
        "json": tr("Assessment (JSON)", "Bedömning (JSON)"),
        "plan_json": tr("The plan's assessment (JSON)", "Planens bedömning (JSON)"),
        "filter": tr("Filter", "Filtrera"),
        "search": tr("Search", "Sök"),
        "all": tr("All", "Alla"),
        "show": tr("Show", "Visa"),
        "counts": tr("Indicators by status", "Indikatorer per bedömning"),
        "every_indicator": tr("Every goal and indicator", "Alla mål och indikatorer"),
        "goal_of": tr("Goal it serves", "Målet den hör till"),
        "none": tr("None.", "Inga."),
        "chart_of": tr("Chart", "Diagram"),
        "kind": tr("Kind", "Typ"),
    }


@dataclass
class _Page:
    path: str
    template: str
    title: str
    responsible: str
    latest: int | None  # the latest year of the page's values
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (title, path)
    extra: dict[str, Any] = field(default_factory=dict)


class _Site:
    def __init__(
        self, years: tuple[Kommun, ...], lang: Language, updated: dt.date | None, settings: SiteSettings
    ):
        self.years = years
        self.lang = lang
        self.updated = updated
        self.settings = settings
        self.now = years[-1]
        self.assessed: KommunAssessment = assess_kommun(self.now)
        self.w = _words()
        self.files: dict[str, bytes] = {}
        self.zip: dict[str, bytes] = {}
        self.name = self.now.name or self.now.plans[0].plan.organisation
        self.single = len(self.now.plans) == 1
        self.goal_owner: dict[tuple[str, str], GoalResult] = {}
        for pid, assessment in self.assessed.plans:
            for goal in assessment.goals():
                self.goal_owner[pid, goal.id] = goal

    # ---- paths
    def plan_path(self, pid: str) -> str:
        return f"plan/{slug(pid)}.html"

    def area_path(self, pid: str, aid: str) -> str:
        return f"malomrade/{slug(pid)}/{slug(aid)}.html"

    def goal_path(self, pid: str, gid: str) -> str:
        return f"mal/{slug(pid)}/{slug(gid)}.html"

    def indicator_path(self, pid: str, iid: str) -> str:
        return f"indikator/{slug(pid)}/{slug(iid)}.html"

    def data_path(self, pid: str, iid: str, ext: str) -> str:
        return f"data/{slug(pid)}/{slug(iid)}.{ext}"

    # ---- words
    def num(self, value: float | None, unit: str | None = None) -> str:
        return "–" if value is None else format_number(value, self.lang, unit)

    def badge(self, code: StrEnum) -> dict[str, Any]:
        """A status as a badge: its mark and word (the plan's own word, if it has one) beside its colour."""
        from markupsafe import Markup, escape  # noqa: PLC0415 (comes with jinja2)

        text = marked(code, self.lang)
        cls = "status-" + code.value.replace("_", "-")
        html = Markup(f'<span class="badge {cls}">{escape(text)}</span>')
        return {"cls": cls, "text": text, "code": code.value, "html": html}

    def target_words(self, result: IndicatorResult) -> str:
        if result.target is not None:
            shown = self.num(result.target, result.unit)
            return shown + (f" ({result.target_year})" if result.target_year else "")
        if result.direction is not None:
            return label(result.direction, self.lang)
        return "–"

    def updated_words(self, latest: int | None) -> str:
        if self.updated is not None:
            return tr("Last updated {date}", "Senast uppdaterad {date}", date=self.updated.isoformat())
        if latest is None:
            return tr(
                "Data for {year}; no values yet", "Uppgifter för {year}; inga värden ännu", year=self.year
            )
        return tr(
            "Data for {year}; latest value from {latest}",
            "Uppgifter för {year}; senaste värde från {latest}",
            year=self.year,
            latest=latest,
        )

    @property
    def year(self) -> int:
        return self.assessed.year

    # ---- the build
    def build(self) -> dict[str, bytes]:
        plans = [(pf, self.assessed.plan(pf.id)) for pf in self.now.plans]
        for pf, assessment in plans:
            with plan_words(assessment.labels):  # the plan's own label words (etiketter) on its pages
                for page in self.plan_pages(pf, assessment):
                    self.files[page.path] = self.render(page)
        for page in (self.start_page(plans), self.summary_page(plans), self.statement_page()):
            self.files[page.path] = self.render(page)
        self.files["site.css"] = _asset("site.css")
        self.files["site.js"] = _asset("site.js")
        self.files[ARCHIVE] = _archive(self.zip)
        return dict(sorted(self.files.items()))

    def data(self, path: str, content: bytes) -> None:
        self.files[path] = content
        self.zip[path.removeprefix("data/")] = content

    def render(self, page: _Page) -> bytes:
        # Every path is from the site's root: up to the root, then down.
        up = "../" * page.path.count("/")

        def rel(target: str) -> str:
            return up + target

        crumbs = [(self.w["start"], "index.html"), *page.crumbs] if page.path != "index.html" else []
        html = (
            _environment()
            .get_template(page.template)
            .render(
                w=self.w,
                lang=self.lang,
                page=page,
                p=page.extra,
                rel=rel,
                crumbs=crumbs,
                site_name=self.name,
                updated=self.updated_words(page.latest),
                archive=ARCHIVE,
            )
        )
        return html.encode("utf-8")

    # ---- one plan
    def plan_pages(self, pf: PlanFile, assessment: Assessment) -> list[_Page]:
        plan = pf.plan
        pid = pf.id
        org = plan.organisation
        pages: list[_Page] = []
        plan_crumb = (org, self.plan_path(pid))
        histories = self.histories(pf)
        model_goals = {g.id: g for g in plan.goals() if g.id}
        model_indicators = {i.id: i for i in plan.indicators()}
        goal_of_indicator: dict[str, GoalResult] = {}
        for goal in assessment.goals():
            for ind in goal.indicators:
                goal_of_indicator.setdefault(ind.id, goal)
        items = assessment.items
        whole = assessment_to_dict(assessment)
        json_of = _indicator_dicts(whole)
        # The plan's assessment as `to_json(assessment, indent=None)` gives it, from the dict made once.
        self.data(f"data/{slug(pid)}.json", json.dumps(whole, ensure_ascii=False).encode("utf-8"))
        areas = []
        plan_latest = _latest([*assessment.indicators(), *assessment.measures])
        for area in assessment.areas:
            goals = [g for top in area.goals for g in _walk(top)]
            rows = [self.goal_row(pid, g, depth) for g, depth in _walk_depth(area.goals)]
            latest = _latest([i for g in goals for i in g.indicators])
            areas.append({"title": area.title, "path": self.area_path(pid, area.id), "goals": rows})
            model_area = next((a for a in plan.areas if a.id == area.id), None)
            pages.append(
                _Page(
                    self.area_path(pid, area.id),
                    "area.html.j2",
                    area.title,
                    org,
                    latest,
                    [plan_crumb],
                    {
                        "kicker": f"{self.w['area']} · {org}",
                        "description": model_area.description if model_area else None,
                        "goals": rows,
                    },
                )
            )
            area_crumb = (area.title, self.area_path(pid, area.id))
            for goal in goals:
                pages.append(
                    self.goal_page(pf, assessment, goal, model_goals.get(goal.id), [plan_crumb, area_crumb])
                )
                for ind in goal.indicators:
                    crumbs = [plan_crumb, area_crumb, (goal.title, self.goal_path(pid, goal.id))]
                    pages.append(
                        self.indicator_page(
                            pf,
                            assessment,
                            ind,
                            model_indicators[ind.id],
                            goal,
                            histories.get(ind.id),
                            items,
                            json_of.get(ind.id),
                            crumbs,
                        )
                    )
        for measure in assessment.measures:
            pages.append(
                self.indicator_page(
                    pf,
                    assessment,
                    measure,
                    model_indicators[measure.id],
                    None,
                    histories.get(measure.id),
                    items,
                    json_of.get(measure.id),
                    [plan_crumb],
                )
            )
        measures = [self.indicator_row(pid, m) for m in assessment.measures]
        has_economy = assessment.economy is not None
        pages.append(
            _Page(
                self.plan_path(pid),
                "plan.html.j2",
                org,
                org,
                plan_latest,
                [],
                {
                    "kicker": plan.name,
                    "areas": areas,
                    "measures": measures,
                    "items_page": f"aktiviteter/{slug(pid)}.html",
                    "economy": f"ekonomi/{slug(pid)}.html" if has_economy else None,
                    "overview": f"oversikt/{slug(pid)}.html",
                    "json": f"data/{slug(pid)}.json",
                    "counts": self.counts(assessment),
                },
            )
        )
        pages.append(
            self.items_page(pid, org, plan_latest, items, plan_crumb, goal_of_indicator, model_goals)
        )
        if assessment.economy is not None:
            pages.append(self.economy_page(pid, org, plan_latest, assessment, plan_crumb))
        pages.append(self.plan_summary_page(pid, org, plan_latest, assessment, plan_crumb))
        return pages

    def histories(self, pf: PlanFile) -> dict[str, IndicatorHistory]:
        series = [
            (other.path, other.plan) for year in self.years for other in year.plans if other.id == pf.id
        ]
        found: dict[str, IndicatorHistory] = {}
        if len(series) < 2:
            return found
        for indicator in pf.plan.indicators():
            try:
                found[indicator.id] = indicator_history(series, indicator.id)
            except MalstyrningError:
                continue  # an id some year's plan has twice: the plan's own outcomes stand
        return found

    def counts(self, assessment: Assessment) -> list[dict[str, Any]]:
        return [
            {**self.badge(status), "n": assessment.summary.indicators[status]} for status in IndicatorStatus
        ]

    def goal_row(self, pid: str, goal: GoalResult, depth: int = 0) -> dict[str, Any]:
        return {
            "title": goal.title,
            "path": self.goal_path(pid, goal.id),
            "status": self.badge(goal.status),
            "trend": label(goal.improvement, self.lang),
            "depth": depth,
            "kind": label(goal.kind, self.lang) if goal.kind is not None else "",
        }

    def indicator_row(self, pid: str, ind: IndicatorResult) -> dict[str, Any]:
        return {
            "title": ind.title,
            "path": self.indicator_path(pid, ind.id),
            "value": self.num(ind.value, ind.unit) + (f" ({ind.value_year})" if ind.value_year else ""),
            "target": self.target_words(ind),
            "status": self.badge(ind.status),
            "trend": trend_words(ind, self.lang),
        }

    def goal_page(
        self,
        pf: PlanFile,
        assessment: Assessment,
        goal: GoalResult,
        model: Goal | None,
        crumbs: list[tuple[str, str]],
    ) -> _Page:
        pid = pf.id
        explanation = explanation_lines(explain_assessed(pf.plan, assessment, goal.id), self.lang)
        serves = []
        for link in model.serves if model is not None else ():
            if link.plan is None:
                continue
            target = self.goal_owner.get((link.plan, link.goal))
            owner = self.now.find(link.plan)
            if target is not None and owner is not None:
                serves.append(
                    {
                        "title": target.title,
                        "plan": owner.plan.organisation,
                        "path": self.goal_path(link.plan, link.goal),
                        "status": self.badge(target.status),
                    }
                )
        contributions = [
            {
                "plan": c.organisation,
                "title": c.goal.title,
                "path": self.goal_path(c.plan, c.goal.id),
                "status": self.badge(c.goal.status),
                "weight": self.num(c.weight),
            }
            for c in goal.contributions
        ]
        return _Page(
            self.goal_path(pid, goal.id),
            "goal.html.j2",
            goal.title,
            pf.plan.organisation,
            _latest(
                [i for g in _walk(goal) for i in g.indicators]
                + [i for c in goal.contributions for g in _walk(c.goal) for i in g.indicators]
            ),
            crumbs,
            {
                "kicker": " · ".join(
                    x for x in (label(goal.kind, self.lang) if goal.kind else "", pf.plan.organisation) if x
                ),
                "status": self.badge(goal.status),
                "trend": label(goal.improvement, self.lang),
                "stated": self.badge(goal.stated) if goal.stated is not None else None,
                "comment": goal.comment,
                "description": model.description if model is not None else None,
                "explanation": explanation,
                "indicators": [self.indicator_row(pid, i) for i in goal.indicators],
                "subgoals": [self.goal_row(pid, g) for g in goal.goals],
                "serves": serves,
                "contributions": contributions,
            },
        )

    def indicator_page(  # noqa: PLR0917 (what one page shows)
        self,
        pf: PlanFile,
        assessment: Assessment,
        ind: IndicatorResult,
        model: Indicator,
        goal: GoalResult | None,
        history: IndicatorHistory | None,
        items: tuple[ItemResult, ...],
        as_dict: dict[str, Any] | None,
        crumbs: list[tuple[str, str]],
    ) -> _Page:
        pid = pf.id
        explanation = explanation_to_dict(explain_assessed(pf.plan, assessment, ind.id), self.lang)
        rows = _series(model, ind, history, self.year)
        comparisons = sorted(model.comparisons)
        table = [
            {
                "year": r.year,
                "value": self.num(r.value, ind.unit)
                if r.value is not None
                else (r.missing and self.w["missing"]) or "–",
                "target": self.num(r.target, ind.unit) if r.target is not None else "",
                "baseline": self.num(r.baseline, ind.unit) if r.baseline is not None else "",
                "comparisons": [
                    self.num(model.comparisons[name].get(r.year), ind.unit)
                    if r.year in model.comparisons[name]
                    else ""
                    for name in comparisons
                ],
            }
            for r in rows
        ]
        comments = [(r.year, r.comment or r.missing or "") for r in rows if r.comment or r.missing]
        ident = "c-" + hashlib.sha256(ind.id.encode("utf-8")).hexdigest()[:8]
        chart = _chart(rows, model, self.lang, ident, ind.title, self.w)
        csv_path = self.data_path(pid, ind.id, "csv")
        json_path = self.data_path(pid, ind.id, "json")
        self.data(csv_path, _csv(rows, model, ind))
        document = {
            "schema_version": JSON_SCHEMA_VERSION,
            "plan": pid,
            "organisation": pf.plan.organisation,
            "year": self.year,
            "indicator": as_dict,
            "explanation": explanation,
        }
        self.data(
            json_path,
            (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"),
        )
        own_items = [self.item_row(it) for it in items if it.indicator == ind.id]
        return _Page(
            self.indicator_path(pid, ind.id),
            "indicator.html.j2",
            ind.title,
            pf.plan.organisation,
            max((r.year for r in rows if r.value is not None), default=None),
            crumbs,
            {
                "kicker": f"{self.w['indicator'] if goal else self.w['measures']} · {pf.plan.organisation}",
                "status": self.badge(ind.status),
                "stated": self.badge(ind.stated) if ind.stated is not None else None,
                "value": self.num(ind.value, ind.unit) + (f" ({ind.value_year})" if ind.value_year else ""),
                "target": self.target_words(ind),
                "baseline": self.num(ind.baseline, ind.unit)
                + (f" ({ind.baseline_year})" if ind.baseline_year else ""),
                "trend": trend_words(ind, self.lang),
                "unit": model.unit,
                "source": model.source,
                "explanation": [step["text"] for step in explanation["steps"]],
                "chart": chart,
                "chart_id": ident,
                "comparisons": comparisons,
                "table": table,
                "comments": comments,
                "goal": {
                    "title": goal.title,
                    "path": self.goal_path(pid, goal.id),
                    "status": self.badge(goal.status),
                }
                if goal
                else None,
                "item_rows": own_items,
                "csv": csv_path,
                "json": json_path,
            },
        )

    def item_row(self, it: ItemResult) -> dict[str, Any]:
        item = it.item
        latest = it.reports[-1] if it.reports else None
        return {
            "title": item.title,
            "kind": label(item.kind, self.lang),
            "responsible": item.responsible or "",
            "due": item.due.isoformat() if item.due is not None else "",
            "status": self.badge(it.status) if it.status is not None else None,
            "report": f"{latest.date.isoformat()}: {latest.text}"
            if latest is not None and latest.text
            else "",
        }

    def items_page(  # noqa: PLR0917
        self,
        pid: str,
        org: str,
        latest: int | None,
        items: tuple[ItemResult, ...],
        crumb: tuple[str, str],
        goal_of_indicator: dict[str, GoalResult],
        model_goals: dict[str, Goal],
    ) -> _Page:
        rows = []
        for it in items:
            row = self.item_row(it)
            gid = it.goals[0] if it.goals else None
            goal = self.goal_owner.get((pid, gid)) if gid else None
            row["goal"] = {"title": goal.title, "path": self.goal_path(pid, goal.id)} if goal else None
            rows.append(row)
        del goal_of_indicator, model_goals
        return _Page(
            f"aktiviteter/{slug(pid)}.html",
            "items.html.j2",
            self.w["activities"],
            org,
            latest,
            [crumb],
            {"kicker": org, "item_rows": rows},
        )

    def economy_page(
        self, pid: str, org: str, latest: int | None, assessment: Assessment, crumb: tuple[str, str]
    ) -> _Page:
        economy = assessment.economy
        assert economy is not None
        columns = list(economy.columns())
        kinds = {
            "budget": tr("Budget", "Budget"),
            "prognos": tr("Forecast", "Prognos"),
            "utfall": tr("Actual", "Utfall"),
        }
        heads = [f"{kinds.get(kind, kind)} {year}" for kind, year in columns]

        def figure(line: Any, kind: str, year: int) -> str:
            figures = {"budget": line.budget, "prognos": line.forecast, "utfall": line.actual}.get(kind, {})
            value = figures.get(year)
            return "" if value is None else self.num(value)

        lines = [
            {
                "title": line.title,
                "total": line.total,
                "heading": line.heading,
                "cells": [figure(line, kind, year) for kind, year in columns],
                "variance": "" if line.variance is None else self.num(line.variance),
            }
            for line in economy.lines
        ]
        return _Page(
            f"ekonomi/{slug(pid)}.html",
            "economy.html.j2",
            economy.title or self.w["economy"],
            org,
            latest,
            [crumb],
            {"kicker": org, "unit": economy.unit, "heads": heads, "lines": lines, "comment": economy.comment},
        )

    def plan_summary_page(
        self, pid: str, org: str, latest: int | None, assessment: Assessment, crumb: tuple[str, str]
    ) -> _Page:
        rows = []
        for area in assessment.areas:
            for goal, depth in _walk_depth(area.goals):
                rows.append(
                    {
                        "goal": self.goal_row(pid, goal, depth),
                        "area": area.title,
                        "indicators": [self.indicator_row(pid, i) for i in goal.indicators],
                    }
                )
        return _Page(
            f"oversikt/{slug(pid)}.html",
            "plan_summary.html.j2",
            self.w["every_indicator"],
            org,
            latest,
            [crumb],
            {
                "kicker": org,
                "rows": rows,
                "measures": [self.indicator_row(pid, m) for m in assessment.measures],
            },
        )

    # ---- the whole site
    def start_page(self, plans: list[tuple[PlanFile, Assessment]]) -> _Page:
        served = set(self.assessed.served) or {plans[0][0].id}
        leading = []
        for pf, assessment in plans:
            if pf.id not in served:
                continue
            for area in assessment.areas:
                leading.append(
                    {
                        "plan": pf.plan.organisation,
                        "title": area.title,
                        "path": self.area_path(pf.id, area.id),
                        "goals": [self.goal_row(pf.id, g) for g in area.goals],
                    }
                )
        committees = [
            {
                "title": pf.plan.organisation,
                "path": self.plan_path(pf.id),
                "goals": [
                    {**self.badge(status), "n": assessment.summary.goals[status]} for status in GoalStatus
                ],
            }
            for pf, assessment in plans
        ]
        lead = next(pf for pf, _ in plans if pf.id in served)
        return _Page(
            "index.html",
            "start.html.j2",
            tr(
                "{name}: goal follow-up {year}",
                "{name}: uppföljning av mål {year}",
                name=self.name,
                year=self.year,
            ),
            lead.plan.organisation,
            _latest([i for _, a in plans for i in [*a.indicators(), *a.measures]]),
            [],
            {
                "leading": leading,
                "committees": committees,
                "single": self.single,
                "goal_statuses": [self.badge(s) for s in GoalStatus],
            },
        )

    def summary_page(self, plans: list[tuple[PlanFile, Assessment]]) -> _Page:
        rows: list[dict[str, Any]] = []
        for pf, assessment in plans:
            for area in assessment.areas:
                for goal, depth in _walk_depth(area.goals):
                    counts = dict.fromkeys(IndicatorStatus, 0)
                    for ind in goal.indicators:
                        counts[ind.status] += 1
                    rows.append(
                        {
                            "plan": pf.plan.organisation,
                            "plan_id": pf.id,
                            "area": area.title,
                            "goal": self.goal_row(pf.id, goal, depth),
                            "counts": [
                                {**self.badge(s), "n": n, "mark": MARK.get(s, "")} for s, n in counts.items()
                            ],
                        }
                    )
        plan_links = [
            {"title": pf.plan.organisation, "path": f"oversikt/{slug(pf.id)}.html"} for pf, _ in plans
        ]
        areas = sorted({r["area"] for r in rows})
        keys = {title: f"a{index}" for index, title in enumerate(areas)}
        for row in rows:
            row["area_key"] = keys[row["area"]]
        return _Page(
            "oversikt.html",
            "summary.html.j2",
            self.w["summary"],
            self.name,
            _latest([i for _, a in plans for i in [*a.indicators(), *a.measures]]),
            [],
            {
                "rows": rows,
                "plan_links": plan_links,
                "plans": [(pf.id, pf.plan.organisation) for pf, _ in plans],
                "areas": [(keys[title], title) for title in areas],
                "statuses": [self.badge(s) for s in GoalStatus],
            },
        )

    def statement_page(self) -> _Page:
        s = self.settings
        body = s.body or self.name
        compliance = {
            "helt": tr(
                "This website is fully compliant with the Act (2018:1937) on "
                "accessibility to digital public services.",
                "Den här webbplatsen är helt förenlig med lagen (2018:1937) om "
                "tillgänglighet till digital offentlig service.",
            ),
            "delvis": tr(
                "This website is partially compliant with the Act "
                "(2018:1937) on accessibility to digital public "
                "services, due to the shortcomings described below.",
                "Den här webbplatsen är delvis förenlig med lagen (2018:1937) om tillgänglighet till digital "
                "offentlig service, på grund av de brister som beskrivs nedan.",
            ),
            "inte": tr(
                "This website is not compliant with the Act (2018:1937) on "
                "accessibility to digital public services.",
                "Den här webbplatsen är inte förenlig med lagen (2018:1937) om "
                "tillgänglighet till digital offentlig service.",
            ),
        }[s.compliance]
        return _Page(
            "tillganglighet.html",
            "statement.html.j2",
            self.w["statement_title"],
            body,
            None,
            [],
            {
                "intro": tr(
                    "{body} is behind this website, the follow-up of the goals of {name}. We want as many "
                    "people as possible to be able to use it. This statement describes how the website meets "
                    "the Act on accessibility to digital public services, "
                    "any known shortcomings, and how you "
                    "can report problems so that we can fix them.",
                    "{body} står bakom den här webbplatsen, uppföljningen "
                    "av målen för {name}. Vi vill att så "
                    "många som möjligt ska kunna använda den. Den här redogörelsen beskriver hur webbplatsen "
                    "uppfyller lagen om tillgänglighet till digital "
                    "offentlig service, eventuella kända brister "
                    "och hur du kan rapportera problem så att vi kan åtgärda dem.",
                    body=body,
                    name=self.name,
                ),
                "compliance": compliance,
                # Without the body's own list: what the build knows of the pages it makes.
                "shortcomings": list(s.shortcomings)
                or [
                    tr(
                        "Long words in headings can break without a hyphen on a narrow screen.",
                        "Långa ord i rubriker kan brytas utan bindestreck på en smal skärm.",
                    ),
                    tr(
                        "Wide tables scroll sideways within their own frame on a phone.",
                        "Breda tabeller rullas i sidled i sin egen ram på en mobil.",
                    ),
                    tr(
                        "The plans' own texts (titles, comments) are published as written: their "
                        "language and readability are not checked.",
                        "Planernas egna texter (rubriker, kommentarer) publiceras som de skrivits: "
                        "deras språk och läsbarhet granskas inte.",
                    ),
                ],
                "contact": s.contact,
                "no_contact": tr(
                    "The body has not yet stated where to report shortcomings: contact {body} through its "
                    "usual channels ([webbplats] kontakt in malstyrning.toml is not set).",
                    "Myndigheten har ännu inte angett var brister "
                    "rapporteras: kontakta {body} på vanligt sätt "
                    "([webbplats] kontakt i malstyrning.toml är inte angiven).",
                    body=body,
                ),
                "feedback_title": tr(
                    "Report shortcomings in accessibility", "Rapportera brister i tillgängligheten"
                ),
                "feedback": tr(
                    "If you need content from this website that is not accessible to you, or find a problem "
                    "not described here, tell us:",
                    "Om du behöver innehåll från webbplatsen som inte är "
                    "tillgängligt för dig, eller upptäcker "
                    "problem som inte beskrivs här, meddela oss:",
                ),
                "supervision_title": tr("Supervision", "Tillsyn"),
                "supervision": tr(
                    "The Agency for Digital Government (Digg) supervises the Act. If you are not satisfied "
                    "with how we handle your views, you can contact Digg "
                    "and report the lack of accessibility.",
                    "Myndigheten för digital förvaltning (Digg) har "
                    "ansvaret för tillsyn över lagen. Om du inte "
                    "är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och påtala det.",
                ),
                "digg_link": tr(
                    "Report lack of accessibility to Digg", "Anmäl bristande tillgänglighet till Digg"
                ),
                "digg": DIGG_COMPLAINTS,
                "compliance_title": tr("Compliance status", "Tillgänglighetsstatus"),
                "shortcomings_title": tr("Known shortcomings", "Innehåll som inte är tillgängligt"),
                "method_title": tr("How we tested the website", "Hur vi testat webbplatsen"),
                "method": s.method
                or tr(
                    "A self-assessment: the tool that builds the pages (malstyrning) is tested on every "
                    "kind of page with axe-core (WCAG 2.1 AA) in a browser, at phone and desktop width, "
                    "and for headings in order, working links and text alternatives to charts; the "
                    "pages of this site are not checked again when it is built.",
                    "En självskattning: verktyget som bygger sidorna (malstyrning) testas på varje sorts "
                    "sida med axe-core (WCAG 2.1 AA) i en webbläsare, i mobil- och datorbredd, och för "
                    "rubriker i ordning, fungerande länkar och textalternativ till diagram; den här "
                    "webbplatsens sidor kontrolleras inte på nytt när den byggs.",
                ),
                "assessed": tr(
                    "The website was last assessed on {date}.",
                    "Webbplatsen bedömdes senast den {date}.",
                    date=s.assessed.isoformat(),
                )
                if s.assessed is not None
                else tr(
                    "The date of the latest assessment is not stated "
                    "([webbplats] bedömd in malstyrning.toml).",
                    "Datum för den senaste bedömningen är inte angivet "
                    "([webbplats] bedömd i malstyrning.toml).",
                ),
            },
        )


@dataclass(frozen=True, slots=True)
class _Row:
    year: int
    value: float | None
    missing: str | None
    comment: str | None
    target: float | None
    baseline: float | None


def _series(
    model: Indicator, result: IndicatorResult, history: IndicatorHistory | None, year: int
) -> list[_Row]:
    """Each year's value, target and baseline: the history's, else the plan's own."""
    targets: dict[int, float] = {}
    values: dict[int, tuple[float | None, str | None, str | None]] = {}
    if history is not None:
        for entry in history.entries:
            if entry.result.target is not None:
                targets[entry.result.target_year or entry.plan_year] = entry.result.target
        for outcome in history.outcomes:
            values[outcome.year] = (outcome.value, outcome.missing, outcome.comment)
    else:
        for y, own in model.outcomes.items():
            values[y] = (own.value, own.missing, own.comment)
    if result.target is not None:
        targets[result.target_year or year] = result.target
    baseline_year = result.baseline_year
    years = sorted({*values, *targets, *([baseline_year] if baseline_year is not None else [])})
    rows = []
    for y in years:
        value, missing, comment = values.get(y, (None, None, None))
        base = result.baseline if y == baseline_year else None
        rows.append(_Row(y, value, missing, comment, targets.get(y), base))
    return rows


def _csv(rows: list[_Row], model: Indicator, result: IndicatorResult) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = sorted(model.comparisons)
    writer.writerow(["år", "utfall", "saknas", "målvärde", "ingångsvärde", "kommentar", *names])
    for r in rows:
        writer.writerow(
            [
                r.year,
                _plain(r.value),
                r.missing or "",
                _plain(r.target),
                _plain(r.baseline),
                r.comment or "",
                *[_plain(model.comparisons[n].get(r.year)) for n in names],
            ]
        )
    del result
    return out.getvalue().encode("utf-8")


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _chart(  # noqa: PLR0917 (what one chart needs)
    rows: list[_Row], model: Indicator, lang: Language, ident: str, title: str, w: dict[str, str]
) -> str | None:
    """An inline SVG line chart of the values, targets, baseline and comparisons (None: nothing to draw)."""
    from markupsafe import escape  # noqa: PLC0415 (comes with jinja2)

    points = [(r.year, r.value) for r in rows if r.value is not None and math.isfinite(r.value)]
    targets = [(r.year, r.target) for r in rows if r.target is not None and math.isfinite(r.target)]
    bases = [(r.year, r.baseline) for r in rows if r.baseline is not None and math.isfinite(r.baseline)]
    comps = [
        (name, sorted((y, v) for y, v in model.comparisons[name].items() if math.isfinite(v)))
        for name in sorted(model.comparisons)
    ]
    every = points + targets + bases + [p for _, s in comps for p in s]
    if not points and not targets:
        return None
    years = sorted({y for y, _ in every})
    values = [v for _, v in every]
    low, high = min(values), max(values)
    if low >= 0 and high > 0:
        low = 0.0
    try:
        ticks = nice_ticks(low, high)
    except (ValueError, OverflowError):
        return None
    places = tick_places(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    width, height, left, right, top, bottom = 640, 260, 64, 32, 16, 36
    span_y = (ticks[-1] - ticks[0]) or 1.0
    first, last = years[0], years[-1]

    def x(year: int) -> float:
        if first == last:
            return left + (width - left - right) / 2
        return left + (year - first) * (width - left - right) / (last - first)

    def y(value: float) -> float:
        return top + (ticks[-1] - value) * (height - top - bottom) / span_y

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-t">{escape(w["chart_of"])}: {escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(w["series_table"])}: {escape(w["series"])}</desc>',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        shown = format_number(tick, lang, decimals=places)
        parts.append(
            f'<text class="tick" x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{escape(shown)}</text>'
        )
    step = max(1, math.ceil(len(years) / 8))
    for year in years[::step]:
        parts.append(
            f'<text class="tick" x="{x(year):.1f}" y="{height - 12}" text-anchor="middle">{year}</text>'
        )
    for index, (_, series) in enumerate(comps):
        if series:
            path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in series)
            parts.append(f'<polyline class="comparison c{index % 3}" points="{path}"/>')
            parts += [
                f'<path class="comparison c{index % 3}" d="M{x(a):.1f},{y(b) - 5:.1f}l5,5l-5,5l-5,-5z"/>'
                for a, b in series
            ]
    for year, value in targets:
        parts.append(
            f'<line class="target" x1="{max(left, x(year) - 14):.1f}" '
            f'x2="{min(width - right, x(year) + 14):.1f}" '
            f'y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
        )
    if len(points) > 1:
        path = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in points)
        parts.append(f'<polyline class="value" points="{path}"/>')
    parts += [f'<circle class="value" cx="{x(a):.1f}" cy="{y(b):.1f}" r="4"/>' for a, b in points]
    parts += [
        f'<rect class="baseline" x="{x(a) - 4:.1f}" y="{y(b) - 4:.1f}" width="8" height="8"/>'
        for a, b in bases
    ]
    parts.append("</svg>")
    return "\n".join(parts)


def _archive(files: dict[str, bytes]) -> bytes:
    """Every data file in one zip, with fixed timestamps and order: equal data, equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compresslevel=1)
    return out.getvalue()


def _indicator_dicts(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each indicator's (and verksamhetsmått's) part of the plan's JSON, by id."""
    found: dict[str, dict[str, Any]] = {}

    def goals(items: list[dict[str, Any]]) -> None:
        for goal in items:
            for ind in goal.get("indicators", []):
                found.setdefault(ind["id"], ind)
            goals(goal.get("goals", []))

    for area in document.get("areas", []):
        goals(area.get("goals", []))
    for measure in document.get("measures", []):
        found.setdefault(measure["id"], measure)
    return found


def _walk(goal: GoalResult) -> Iterator[GoalResult]:
    yield goal
    for child in goal.goals:
        yield from _walk(child)


def _walk_depth(goals: tuple[GoalResult, ...], depth: int = 0) -> Iterator[tuple[GoalResult, int]]:
    for goal in goals:
        yield goal, depth
        yield from _walk_depth(goal.goals, depth + 1)


def _latest(results: Sequence[IndicatorResult]) -> int | None:
    return max((r.value_year for r in results if r.value_year is not None), default=None)
