"""Rolling a plan over to next year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, ROOT
from malstyrning._cli import app

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    for path in PLANS.glob("*.yaml"):
        shutil.copyfile(path, tmp_path / path.name)
    shutil.copyfile(ROOT / "tests" / "data" / "unusual.yaml", tmp_path / "unusual.yaml")
    return tmp_path


def test_rollover_2017_to_2018(plans: Path) -> None:
    """New year and name, latest outcomes as starting values, judgements gone, history kept."""
    result = malstyrning.rollover(plans / "2017.yaml", to=2018, output=plans / "next.yaml")
    assert (result.year, result.baselines, result.judgements) == (2018, 9, 12)
    old = malstyrning.load_plan(plans / "2017.yaml")
    new = malstyrning.load_plan(plans / "next.yaml")
    assert (new.year, new.name) == (2018, "Verksamhetsplan 2018")
    for before, after in zip(old.indicators(), new.indicators(), strict=True):
        assert after.id == before.id
        assert after.outcomes == before.outcomes
        latest = max(y for y, o in before.outcomes.items() if o.value is not None)
        assert after.baseline is not None
        assert (after.baseline.value, after.baseline.year) == (before.outcomes[latest].value, latest)
    goals = [g for area in new.areas for g in area.goals]
    assert all(g.stated_assessment is None and g.comment is None for g in goals)


def test_comments_and_layout_are_kept(plans: Path) -> None:
    """Every line of the old plan that rollover does not touch is in the new one, comments included."""
    malstyrning.rollover(plans / "2018.yaml", to=2019)
    old = (plans / "2018.yaml").read_text(encoding="utf-8").splitlines()
    new = (plans / "2019.yaml").read_text(encoding="utf-8").splitlines()
    comments = [line for line in old if line.strip().startswith("#")]
    assert comments
    assert all(line in new for line in comments)
    untouched = [line for line in old if "ingångsvärde" not in line and not line.startswith(("plan:", "år:"))]
    assert all(line in new for line in untouched)


def test_activities_reset_in_unusual_file(plans: Path) -> None:
    """Activity statuses restart as ej påbörjad; flow and block styles both work."""
    result = malstyrning.rollover(plans / "unusual.yaml", to=2019)
    new = malstyrning.load_plan(result.path)
    activities = [a for i in new.indicators() for a in i.activities]
    assert [a.status for a in activities] == [malstyrning.ActivityStatus.NOT_STARTED] * 2
    text = result.path.read_text(encoding="utf-8")
    assert "bedömning" not in text
    assert "# a comment above the comment" not in text  # it spoke of the removed kommentar
    flow = next(i for i in new.indicators() if i.id == "flow")
    assert flow.baseline == malstyrning.ValuePoint.model_validate({"värde": 3.2, "år": 2016})
    assert "ingångsvärde: {värde: 3.20, år: 2016}" in text


def test_refuses_to_overwrite_and_to_go_back(plans: Path) -> None:
    """An existing output needs --force; the new year must be later."""
    with pytest.raises(malstyrning.UpdateError, match="exists"):
        malstyrning.rollover(plans / "2017.yaml", to=2018)
    with pytest.raises(malstyrning.UpdateError, match="must be after"):
        malstyrning.rollover(plans / "2018.yaml", to=2018, output=plans / "x.yaml")
    result = malstyrning.rollover(plans / "2017.yaml", to=2018, force=True)
    assert malstyrning.load_plan(result.path).year == 2018


def test_cli(plans: Path) -> None:
    """`rollover PLAN --to Y -o FILE` writes the file and says what it did; refusals exit 1."""
    runner = CliRunner()
    result = runner.invoke(
        app, ["rollover", str(plans / "2018.yaml"), "--to", "2019", "-o", str(plans / "n.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "plan for 2019" in result.output
    again = runner.invoke(
        app, ["rollover", str(plans / "2018.yaml"), "--to", "2019", "-o", str(plans / "n.yaml")]
    )
    assert again.exit_code == 1
    assert "exists" in again.stderr


ONE_OF_EACH = """\
plan: Verksamhetsplan 2018
organisation: Testnämnden
år: 2018
målområden:
  - titel: Arbete
    mål:
      - id: m1
        titel: Fler i arbete
        bedömning: Delvis uppfyllt
        indikatorer:
          - id: i1
            titel: Andel
            riktning: öka
            målvärde: 10
            utfall: {2018: 5}
        aktiviteter:
          - titel: Gör något
            status: pågående
"""


@pytest.mark.parametrize(
    ("lang", "plan", "summary"),
    [
        (
            "sv",
            "one",
            "plan för 2019; 1 ingångsvärde från det senaste utfallet, status nollställd för 1 aktivitet, "
            "1 angiven bedömning eller kommentar borttagen",
        ),
        (
            "en",
            "one",
            "plan for 2019; 1 starting value from the latest outcome, 1 activity status reset, "
            "1 stated assessment or comment removed",
        ),
        (
            "sv",
            "2018",
            "plan för 2019; 7 ingångsvärden från de senaste utfallen, status nollställd för 0 aktiviteter, "
            "0 angivna bedömningar och kommentarer borttagna",
        ),
        (
            "en",
            "2018",
            "plan for 2019; 7 starting values from the latest outcomes, 0 activity statuses reset, "
            "0 stated assessments and comments removed",
        ),
    ],
)
def test_the_summary_counts_in_the_words_of_the_run(plans: Path, lang: str, plan: str, summary: str) -> None:
    """It said "1 ingångsvärden", "0 aktiviteters status nollställd", and in English
    "0 stated bedömningar and kommentarer removed"."""
    (plans / "one.yaml").write_text(ONE_OF_EACH, encoding="utf-8")
    out = plans / "next.yaml"
    result = CliRunner().invoke(
        app, ["rollover", str(plans / f"{plan}.yaml"), "--to", "2019", "-o", str(out), "--lang", lang]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: {summary}\n"


def test_the_calendar_moves_to_the_new_year_and_forecast_judgements_go(tmp_path: Path) -> None:
    """rapporter: each period and datum a year later (29 February as the 28th);
    angiven_prognos, a judgement of the old year, is removed as bedömning is."""
    source = tmp_path / "2016.yaml"
    text = (PLANS / "2016-delar.yaml").read_text(encoding="utf-8")
    source.write_text(text.replace("datum: 2016-05-31}", "datum: 2016-02-29}"), encoding="utf-8")
    result = malstyrning.rollover(source, to=2017)
    plan = malstyrning.load_plan(result.path)
    assert [(r.id, str(r.period), str(r.date)) for r in plan.reports] == [
        ("tertial", "2017-T1", "2017-02-28"),
        ("delår", "2017-T2", "2017-09-30"),
        ("år", "2017", "2018-02-28"),
    ]
    assert all(goal.stated_forecast is None for goal in plan.goals())
    assert "angiven_prognos" not in result.path.read_text(encoding="utf-8")
    # The reporting year now starts again: no values for 2017 yet.
    chosen = malstyrning.choose_report(plan)
    assert (str(chosen.period), chosen.has_values) == ("2017-T1", False)
