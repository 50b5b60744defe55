"""Vaggeryd AME's 2016 integration work as items of plans/2016-delar.yaml (issue 14):
agreements (typ: överenskommelse), projects with funder and period (typ: projekt),
partners, dated status reports; `typ` and `finansiär` in the model and every
report; and `assess`, `due` and `report` on the two seed plans (Vaggeryd's and
Täby's action plan) from the command line.

The seed is shared/seeds/003_e7e22ec94bf909e0.txt ("Redovisning av
integrationsarbetet på Arbetsmarknadsenheten under 2016", dated 2016-10-26).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning import ActivityStatus, DueReason, ItemKind
from malstyrning._cli import app

VAGGERYD = PLANS / "2016-delar.yaml"
TABY = PLANS / "2020-handlingsplan.yaml"
runner = CliRunner()


def plan() -> malstyrning.Plan:
    return malstyrning.load_plan(VAGGERYD)


def item(ident: str) -> malstyrning.Activity | malstyrning.Assignment:
    return next(i for i in plan().items() if i.id == ident)


def test_the_seed_work_is_items_of_three_kinds() -> None:
    items = plan().items()
    kinds = [i.kind for i in items]
    assert len(items) == 16
    assert kinds.count(ItemKind.AGREEMENT) == 4
    assert kinds.count(ItemKind.PROJECT) == 4
    assert kinds.count(ItemKind.ACTIVITY) == 8  # the uppdrag included, by default
    assert [a.id for a in plan().assignments] == ["redovisning-integration"]
    # Every item has one status report, at the delår's end but the uppdrag's (the seed's date).
    assert {r.date for i in items for r in i.reports} == {dt.date(2016, 8, 31), dt.date(2016, 10, 26)}
    assert all(len(i.reports) == 1 for i in items)


def test_seed_facts_funder_partners_period() -> None:
    residence = item("supported-residence")
    assert residence.kind is ItemKind.PROJECT
    assert residence.funder == "Länsstyrelsen"
    assert (residence.start, residence.due) == (dt.date(2015, 10, 1), dt.date(2016, 12, 31))
    assert item("vi-hub").funder == "Allmänna arvsfonden"
    assert item("vi-hub").responsible == "Biffen och Bananen"
    assert item("dua").funder == "Delegationen för unga till arbete (DUA)"
    assert item("dua").partners == ("Fenix Kunskapscentrum", "Socialnämnden", "Arbetsförmedlingen")
    assert item("overenskommelse-boenden").partners == ("VSBo", "IFO")
    assert item("ledningssamverkan").current_status() is ActivityStatus.DONE  # signed
    assert item("etablering").current_status() is ActivityStatus.ONGOING  # "i en slutprocess"
    assert item("internationella-vanner").funder is None  # the seed names none


def test_the_existing_numbers_stand() -> None:
    """The items leave the plan's figures as they were: 82 so far, ~110 forecast."""
    mottagna = next(i for i in plan().indicators() if i.id == "mottagna")
    assert mottagna.period_outcomes[malstyrning.Period.parse("2016-T2")].value == 82
    assert mottagna.forecasts[2016].value == 110


def test_typ_takes_swedish_words_and_defaults_to_aktivitet() -> None:
    head = "plan: P\norganisation: O\når: 2016\nuppdrag:\n"
    loaded = malstyrning.loads_plan(
        head + "  - {titel: A, typ: avtal}\n  - {titel: B, typ: projekt, finansiär: Arvsfonden}\n  - C\n"
    )
    assert [a.kind for a in loaded.assignments] == [ItemKind.AGREEMENT, ItemKind.PROJECT, ItemKind.ACTIVITY]
    assert loaded.assignments[1].funder == "Arvsfonden"
    with pytest.raises(malstyrning.PlanValidationError, match="projekt"):
        malstyrning.loads_plan(head + "  - {titel: A, typ: projket}\n")


def test_the_qualitative_goal_is_judged_from_its_items() -> None:
    assessment = malstyrning.assess(plan(), period="2016-T2")  # the delårsrapport, as of 2016-08-31
    goal = next(g for g in assessment.goals() if g.id == "samverkan")
    assert goal.items == malstyrning.ItemProgress(total=6, done=2, on_time=3, late=1)
    assert goal.status is malstyrning.GoalStatus.LARGELY


def test_due_finds_the_project_past_its_end() -> None:
    found = malstyrning.due(plan(), on=dt.date(2017, 1, 15))
    assert found.follow_up is None
    assert [(i.id, i.reason, i.funder) for i in found.overdue] == [
        ("supported-residence", DueReason.OVERDUE, "Länsstyrelsen")
    ]
    assert found.overdue[0].item_kind is ItemKind.PROJECT
    assert found.report is not None
    assert found.report.id == "år"
    assert malstyrning.due(plan(), on=dt.date(2016, 12, 31)).overdue == ()
    data = malstyrning.due_to_dict(found)
    assert (data["overdue"][0]["type"], data["overdue"][0]["funder"]) == ("project", "Länsstyrelsen")


def test_the_markdown_report_names_projects_with_funder_and_period() -> None:
    assessment = malstyrning.assess(plan(), period="2016-T2")
    report = malstyrning.build_report(plan(), assessment, generated=dt.date(2016, 10, 26))
    markdown = malstyrning.render_report(report, "md")
    assert isinstance(markdown, str)
    assert (
        "- **supported-residence** – Projekt; Finansiär: Länsstyrelsen; Samverkan: VSBo, "
        "Privata hyresvärdar; 2015-10-01–2016-12-31\n" in markdown
    )
    assert "- **vi-hub** – Projekt; Finansiär: Allmänna arvsfonden; Samverkan:" in markdown
    assert "- **ledningssamverkan** – Överenskommelse; Samverkan: Arbetsförmedlingen," in markdown
    # An aktivitet is not named as one; the uppdrag's report of 2016-10-26 is after the delår.
    assert "- **bosattning** – Samverkan:" in markdown
    assert "Redovisningen lämnad" not in markdown
    english = malstyrning.render_report(
        malstyrning.build_report(plan(), assessment, lang="en", generated=dt.date(2016, 10, 26)), "md"
    )
    assert "Project; Funder: Länsstyrelsen; Partners: VSBo" in str(english)


@pytest.mark.parametrize(
    ("plan_file", "expected"),
    [
        (VAGGERYD, "Integrationsarbetet samordnas i kommunen och med externa parter"),
        (TABY, "Vägen till egenförsörjning är tydlig och samordnad"),
    ],
)
def test_assess_on_both_seed_plans(plan_file: Path, expected: str) -> None:
    result = runner.invoke(app, ["assess", str(plan_file)])
    assert result.exit_code == 0, result.output
    assert expected in " ".join(result.stdout.split())
    assert "punkter:" in result.stdout


def test_due_on_both_seed_plans() -> None:
    vaggeryd = runner.invoke(app, ["due", str(VAGGERYD), "--on", "2017-01-15"])
    assert vaggeryd.exit_code == 0, vaggeryd.output
    assert "supported-residence: Projektet Supported Residence" in vaggeryd.stdout
    assert "Ingen återrapportering framåt." in vaggeryd.stdout
    data = json.loads(runner.invoke(app, ["due", str(VAGGERYD), "--on", "2017-01-15", "-f", "json"]).stdout)
    assert [i["id"] for i in data["overdue"]] == ["supported-residence"]
    taby = runner.invoke(app, ["due", str(TABY), "--on", "2021-10-01"])
    assert taby.exit_code == 0, taby.output
    assert "Återrapportering mars 2022 (2022-03-31):" in taby.stdout


def test_report_on_both_seed_plans() -> None:
    vaggeryd = runner.invoke(app, ["report", str(VAGGERYD)])
    assert vaggeryd.exit_code == 0, vaggeryd.output
    assert "Projekt; Finansiär: Delegationen för unga till arbete (DUA)" in vaggeryd.stdout
    assert "# Delårsrapport 2016" in vaggeryd.stdout
    taby = runner.invoke(app, ["report", str(TABY)])
    assert taby.exit_code == 0, taby.output
    assert "- **uppfoljningsforum** – Samverkan: Arbetsförmedlingen;" in taby.stdout
    assert "Finansiär" not in taby.stdout  # Täby's items name no funder


def test_excel_gives_the_kind_and_funder_their_columns() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    report = malstyrning.build_report(
        plan(), malstyrning.assess(plan(), period="2016-T2"), generated=dt.date(2016, 10, 26)
    )
    data = malstyrning.render_report(report, "xlsx")
    assert isinstance(data, bytes)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(workbook["Aktiviteter"].iter_rows(values_only=True))
    activities = {row["Id"]: row for row in (dict(zip(rows[0], r, strict=True)) for r in rows[1:])}
    residence = activities["supported-residence"]
    assert (residence["Typ"], residence["Finansiär"]) == ("Projekt", "Länsstyrelsen")
    assert residence["Start"] == dt.datetime(2015, 10, 1)
    assert (activities["bosattning"]["Typ"], activities["bosattning"]["Finansiär"]) == (None, None)
    assert activities["ledningssamverkan"]["Typ"] == "Överenskommelse"
