"""An indicator's stated labels (``angiven_bedömning``, ``angiven_trend``) beside the computed ones."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, make_indicator, plan_text
from malstyrning import Change, IndicatorStatus
from malstyrning._cli import app
from malstyrning._report._build import build_report
from malstyrning._report._markdown import render_markdown

GENERATED = dt.date(2018, 2, 15)

# Reached (100 ≥ 90) and increased (80 → 100).
PLAN = plan_text(
    """
    målområden:
      - titel: Område
        mål:
          - titel: Mål
            indikatorer:
              - id: andel
                titel: Andel nöjda
                ingångsvärde: {värde: 80, år: 2017}
                målvärde: 90
                utfall: {2018: 100}
                angiven_bedömning: Nära värde
                angiven_trend: ↗ Ökad
    """
)


def assessed(**keys: Any) -> malstyrning.IndicatorResult:
    indicator = make_indicator(
        ingangsvarde={"värde": 80, "år": 2017}, malvarde=90, utfall={2018: 100}, **keys
    )
    return malstyrning.assess_indicator(indicator, year=2018)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("värde uppnått", IndicatorStatus.REACHED),
        ("Nära värde", IndicatorStatus.CLOSE),
        ("LÅNGT  IFRÅN värde", IndicatorStatus.FAR),
        ("Inget värde angivet", IndicatorStatus.NOT_ASSESSED),
        ("close", IndicatorStatus.CLOSE),
    ],
)
def test_angiven_bedomning_takes_the_indicator_labels(written: str, code: IndicatorStatus) -> None:
    indicator = make_indicator(angiven_bedömning=written)
    assert indicator.stated_assessment is code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("ökad", Change.INCREASED),
        ("↗ Ökad", Change.INCREASED),
        ("↗", Change.INCREASED),
        ("→ Oförändrad", Change.UNCHANGED),
        ("Minskad", Change.DECREASED),
        ("↘  minskad", Change.DECREASED),
        ("- Inget värde angivet", Change.NONE),
        ("inget värde angivet", Change.NONE),
    ],
)
def test_angiven_trend_takes_the_words_with_or_without_the_arrow(written: str, code: Change) -> None:
    indicator = make_indicator(angiven_trend=written)
    assert indicator.stated_trend is code


@pytest.mark.parametrize(
    ("key", "value"), [("angiven_bedömning", "helt uppfyllt"), ("angiven_trend", "förbättrad")]
)
def test_other_words_are_refused_with_the_accepted_ones(key: str, value: str) -> None:
    with pytest.raises(malstyrning.PlanValidationError) as error:
        malstyrning.loads_plan(PLAN.replace("Nära värde" if key == "angiven_bedömning" else "↗ Ökad", value))
    message = str(error.value)
    assert key in message
    assert ("nära värde" if key == "angiven_bedömning" else "oförändrad") in message


def test_the_result_keeps_the_stated_labels_and_marks_disagreement() -> None:
    result = assessed(angiven_bedömning="nära värde", angiven_trend="ökad")
    assert (result.status, result.trend.direction) == (IndicatorStatus.REACHED, Change.INCREASED)
    assert (result.stated, result.stated_trend) == (IndicatorStatus.CLOSE, Change.INCREASED)
    assert result.disagrees
    assert not result.trend_disagrees
    agreeing = assessed(angiven_bedömning="värde uppnått", angiven_trend="minskad")
    assert not agreeing.disagrees
    assert agreeing.trend_disagrees
    unstated = assessed()
    assert (unstated.stated, unstated.stated_trend, unstated.disagrees, unstated.trend_disagrees) == (
        None,
        None,
        False,
        False,
    )


def test_nothing_computed_is_no_disagreement() -> None:
    indicator = make_indicator(angiven_bedömning="nära värde", angiven_trend="ökad")  # no target, no outcome
    result = malstyrning.assess_indicator(indicator, year=2018)
    assert result.status is IndicatorStatus.NOT_ASSESSED
    assert not result.disagrees
    assert not result.trend_disagrees


def test_json_gets_the_stated_labels_as_added_keys() -> None:
    data = json.loads(malstyrning.to_json(malstyrning.assess(malstyrning.loads_plan(PLAN))))
    indicator = data["areas"][0]["goals"][0]["indicators"][0]
    assert data["schema_version"] == 2
    assert indicator["status"] == "reached"  # the existing keys keep their meaning
    assert {k: indicator[k] for k in ("stated", "disagrees", "stated_trend", "trend_disagrees")} == {
        "stated": "close",
        "disagrees": True,
        "stated_trend": "increased",
        "trend_disagrees": False,
    }


def test_json_without_stated_labels_has_them_null() -> None:
    data = json.loads(malstyrning.to_json(malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml"))))
    indicator = data["areas"][0]["goals"][0]["indicators"][0]
    assert (indicator["stated"], indicator["disagrees"], indicator["stated_trend"]) == (None, False, None)


def test_assess_marks_disagreement_as_for_goals(tmp_path: Any) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    result = CliRunner().invoke(app, ["assess", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "Värde uppnått" in line)
    assert "≠ angiven: Nära värde" in line
    assert "(trend som angiven)" in line


def test_markdown_shows_the_stated_labels_in_the_indicator_table() -> None:
    plan = malstyrning.loads_plan(PLAN)
    text = render_markdown(build_report(plan, malstyrning.assess(plan), generated=GENERATED))
    row = next(line for line in text.splitlines() if line.startswith("| Andel nöjda"))
    assert "✓ Värde uppnått (⚠ angiven: Nära värde)" in row
    assert "(som angiven)" in row  # the trend


def test_html_shows_the_stated_labels_and_flags_disagreement() -> None:
    pytest.importorskip("pygal")
    from malstyrning._report._html import render_html

    plan = malstyrning.loads_plan(PLAN)
    html = render_html(build_report(plan, malstyrning.assess(plan), generated=GENERATED))
    assert '<span class="meta stated-note differs">⚠ angiven: Nära värde</span>' in html
    assert '<span class="meta stated-note">som angiven</span>' in html


def test_word_and_excel_show_the_stated_labels() -> None:
    docx = pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    from malstyrning._report._docx import render_docx
    from malstyrning._report._xlsx import render_xlsx

    plan = malstyrning.loads_plan(PLAN)
    report = build_report(plan, malstyrning.assess(plan), generated=GENERATED)
    document = docx.Document(io.BytesIO(render_docx(report)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "✓ Värde uppnått (⚠ angiven: Nära värde)" in cells
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))["Indikatorer"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Angiven bedömning"] == "Nära värde"
    assert row["Avviker"] is True
    assert row["Angiven trend"] == "↗ Ökad"
    assert row["Trend avviker"] is False
