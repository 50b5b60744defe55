"""Action-plan items with a history of dated reports, the reporting schedule
(återrapportering), qualitative goals, and `malstyrning due`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning import ActivityStatus, DueReason
from malstyrning._cli import app

TABY = PLANS / "2020-handlingsplan.yaml"
runner = CliRunner()


def plan() -> malstyrning.Plan:
    return malstyrning.load_plan(TABY)


def item(ident: str) -> malstyrning.Activity | malstyrning.Assignment:
    return next(i for i in plan().items() if i.id == ident)


def test_the_latest_report_gives_the_status_as_of_a_day() -> None:
    forum = item("uppfoljningsforum")
    assert forum.current_status() is ActivityStatus.DONE
    assert forum.current_status(dt.date(2021, 10, 1)) is ActivityStatus.POSTPONED
    assert forum.current_status(dt.date(2021, 1, 1)) is None  # nothing reported, no status stated
    latest = forum.latest_report(dt.date(2021, 10, 1))
    assert latest is not None
    assert (latest.moved_to, latest.date) == ("2022-03", dt.date(2021, 9, 15))


def test_a_report_back_is_a_month_or_a_day() -> None:
    follow_ups = plan().follow_ups
    assert [(f.key, f.date) for f in follow_ups][-1] == ("2022-03", dt.date(2022, 3, 31))
    text = "plan: P\norganisation: O\når: 2021\nåterrapportering:\n  - {datum: 2022-13}\n"
    with pytest.raises(malstyrning.PlanValidationError, match=r"5:13: återrapportering\[0\]\.datum"):
        malstyrning.loads_plan(text, filename="p.yaml")


def test_ids_and_references_are_checked_where_they_stand() -> None:
    text = (
        "plan: P\norganisation: O\når: 2021\n"
        "målområden:\n  - titel: A\n    mål:\n      - id: g\n        titel: G\n"
        "        aktiviteter:\n          - {id: a, titel: T, mål: [h]}\n"
        "uppdrag:\n  - {id: a, titel: U}\n"
        "återrapportering:\n  - {datum: 2021-09, punkter: [b]}\n"
    )
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        malstyrning.loads_plan(text, filename="p.yaml")
    said = str(caught.value)
    assert "p.yaml:10:37: målområden[0].mål[0].aktiviteter[0].mål[0]: inget mål har id 'h'" in said
    assert "p.yaml:12:10: uppdrag[0].id: punktens id 'a' används redan" in said
    assert (
        "p.yaml:14:32: återrapportering[0].punkter[0]: inget uppdrag och ingen aktivitet har id 'b'" in said
    )


def test_a_qualitative_goal_is_not_a_lint_warning() -> None:
    found = malstyrning.lint_plan(TABY)
    assert not [f for f in found if f.rule.value == "goal-without-indicator"]
    text = TABY.read_text(encoding="utf-8").replace("        kvalitativt: ja\n", "", 1)
    found = malstyrning.lint_text(text, filename="p.yaml")
    assert [f.rule.value for f in found if f.rule.value == "goal-without-indicator"] == [
        "goal-without-indicator"
    ]


def test_due_lists_the_next_report_back_as_known_then() -> None:
    """Before the report of March 2022 was written: its items, with the forum moved there."""
    found = malstyrning.due(plan(), on=dt.date(2021, 10, 1))
    assert found.follow_up is not None
    assert found.follow_up.key == "2022-03"
    listed = [(i.id, i.reason, i.status) for i in found.items]
    assert listed[:4] == [
        ("aktivitetskrav", DueReason.SCHEDULED, None),
        ("crm-verktyg", DueReason.SCHEDULED, None),
        ("utvardering-foretag", DueReason.SCHEDULED, None),
        ("kombinationsutbildningar", DueReason.SCHEDULED, None),
    ]
    assert listed[4] == ("uppfoljningsforum", DueReason.MOVED_HERE, ActivityStatus.POSTPONED)
    assert [i.id for i in found.moved] == ["uppfoljningsforum"]
    assert found.overdue == ()  # moved, not late


def test_due_lists_what_is_late() -> None:
    text = (
        "plan: P\norganisation: O\når: 2021\n"
        "uppdrag:\n"
        "  - {id: crm, titel: CRM, klart: 2021-06-30, rapporter: [{datum: 2021-03-01, status: pågående}]}\n"
        "  - {id: klar, titel: Klar, klart: 2021-06-30, status: genomförd}\n"
        "  - {id: senare, titel: Senare, klart: 2021-12-31}\n"
    )
    found = malstyrning.due(malstyrning.loads_plan(text), on=dt.date(2021, 10, 1))
    assert [(i.id, i.reason, i.due, i.status) for i in found.overdue] == [
        ("crm", DueReason.OVERDUE, dt.date(2021, 6, 30), ActivityStatus.ONGOING)
    ]
    assert found.follow_up is None


def test_due_names_the_indicators_the_next_report_lacks() -> None:
    found = malstyrning.due(plan(), on=dt.date(2021, 3, 1))
    assert found.report is not None
    assert str(found.report.period) == "2021-T1"
    assert [m.id for m in found.missing_values] == ["nojda-foretag"]


def test_due_on_the_command_line_in_text_and_json(tmp_path: Path) -> None:
    text = runner.invoke(app, ["due", str(TABY), "--on", "2021-10-01"])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(
        "Att rapportera per 2021-10-01\n\nÅterrapportering mars 2022 (2022-03-31):\n"
    )
    assert "flyttad till 2022-03" in " ".join(text.stdout.split())
    assert max(len(line) for line in text.stdout.splitlines()) <= 80
    data = json.loads(runner.invoke(app, ["due", str(TABY), "--on", "2021-10-01", "-f", "json"]).stdout)
    assert set(data) == {"on", "follow_up", "items", "overdue", "moved", "report", "missing_values"}
    assert data["items"][-1]["reason"] == "moved_here"
    bad = runner.invoke(app, ["due", str(TABY), "--on", "2021-13-01"])
    assert bad.exit_code == 2
    assert "2021-13-01" in bad.stderr


def test_a_goal_without_indicators_is_assessed_from_its_items() -> None:
    text = (
        "plan: P\norganisation: O\når: 2021\n"
        "målområden:\n  - titel: A\n    mål:\n"
        "      - id: g\n        titel: G\n"
        "        aktiviteter:\n"
        "          - {titel: Klar, rapporter: [{datum: 2021-03-01, status: genomförd}]}\n"
        "          - {titel: Pågår, status: pågående, klart: 2021-12-31}\n"
        "          - {titel: Sen, status: pågående, klart: 2021-06-30}\n"
        "          - {titel: Avbruten, status: avbruten}\n"
        "uppdrag:\n  - {titel: Uppdrag, mål: [g], rapporter: [{datum: 2022-01-10, status: genomförd}]}\n"
    )
    goal = malstyrning.assess(malstyrning.loads_plan(text), year=2021).goals()[0]
    assert goal.items == malstyrning.ItemProgress(total=4, done=1, on_time=2, late=1)
    # (1 + 2/2) / 4 = 0.5: i hög grad (the uppdrag's report of 2022 is not known at 2021's end)
    assert (goal.status, goal.score) == (malstyrning.GoalStatus.LARGELY, 0.5)
    later = malstyrning.assess(malstyrning.loads_plan(text.replace("år: 2021", "år: 2022")), year=2022)
    goal = later.goals()[0]
    assert goal.items is not None
    assert (goal.items.done, goal.items.late) == (2, 2)


def test_a_goal_with_indicators_waits_for_their_values() -> None:
    """plans/2018.yaml's goals have activities, and indicators without a value for 2018 yet."""
    assessment = malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml"), period="2018-T1")
    assert all(g.items is None for g in assessment.goals())
    assert all(g.status is malstyrning.GoalStatus.NOT_ASSESSED for g in assessment.goals())


def test_an_action_plan_over_two_years_reports_back() -> None:
    taby = plan()
    assert (taby.kind, taby.year, taby.last_year) == (malstyrning.PlanKind.ACTION, 2020, 2021)
    chosen = malstyrning.choose_report(taby)
    assert (str(chosen.period), chosen.has_values) == ("2021", True)  # its latest year with a value
    built = malstyrning.build_report(taby, malstyrning.assess(taby, period=chosen.period), lang="sv")
    text = malstyrning.render_report(built, "md")
    assert isinstance(text, str)
    assert text.startswith("# Återrapportering 2021: ")
    bad = TABY.read_text(encoding="utf-8").replace("slutår: 2021", "slutår: 2019")
    with pytest.raises(malstyrning.PlanValidationError, match="slutår 2019 är före år 2020"):
        malstyrning.loads_plan(bad, filename="p.yaml")
