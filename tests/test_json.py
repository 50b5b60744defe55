"""The JSON contract of `assess --format json` (docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import malstyrning
from conftest import PLANS, ROOT

INDICATOR_STATUSES = {"reached", "close", "far", "not_assessed"}
GOAL_STATUSES = {"fully", "largely", "partly", "not_met", "not_assessed"}
CHANGES = {"increased", "unchanged", "decreased", "none"}
IMPROVEMENTS = {"improved", "unchanged", "worsened", "none"}
INDICATOR_KEYS = {
    "id", "title", "unit", "status", "value", "value_year", "baseline", "baseline_year", "target",
    "target_year", "direction", "method", "progress", "reason", "trend", "weight", "notes", "missing",
    "stated", "disagrees", "stated_trend", "trend_disagrees", "on_track", "value_period", "forecast",
}  # fmt: skip
ON_TRACK_KEYS = {
    "status", "reason", "from_year", "from_value", "to_year", "to_value", "target", "target_year",
    "growth", "required", "ratio",
}  # fmt: skip
ON_TRACK_STATUSES = {
    "achieved",
    "on_track",
    "needs_acceleration",
    "limited_progress",
    "deterioration",
    "not_assessed",
}
GOAL_KEYS = {
    "id", "title", "kind", "status", "score", "stated", "disagrees", "comment", "trend", "weight",
    "indicators", "goals", "forecast", "items", "contributions",
}  # fmt: skip


def document(plan: str, year: int | None = None) -> dict[str, Any]:
    result = malstyrning.assess(malstyrning.load_plan(PLANS / plan), year=year)
    data: dict[str, Any] = json.loads(malstyrning.to_json(result))
    return data


def goals(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for goal in items:
            yield goal
            yield from walk(goal["goals"])

    for area in data["areas"]:
        yield from walk(area["goals"])


@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml"])
def test_top_level(plan: str) -> None:
    """Plan metadata, assessed year, effective rules and a count per status code."""
    data = document(plan)
    # Both plans have an ekonomi; `economy` is absent from a plan without one (test_economy.py).
    assert set(data) == {
        "schema_version",
        "plan",
        "year",
        "period",
        "report",
        "rules",
        "labels",
        "summary",
        "areas",
        "measures",
        "economy",
        "items_as_of",
        "items",
    }
    assert data["schema_version"] == 2
    assert set(data["plan"]) == {"name", "organisation", "municipality", "year"}
    # The 2017 follow-up's arrows mean improvement (trendpil: förbättring); 2018 keeps the default.
    arrow = "improvement" if plan == "2017.yaml" else "direction"
    assert data["rules"] == {"method": "progress", "near": 0.5, "trend": "baseline", "arrow": arrow}
    assert data["labels"] == {"indicator": {}, "goal": {}, "trend": {}, "improvement": {}}
    assert set(data["summary"]["goals"]) == GOAL_STATUSES
    assert set(data["summary"]["indicators"]) == INDICATOR_STATUSES
    assert sum(data["summary"]["goals"].values()) == len(list(goals(data)))


@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml"])
def test_every_goal_and_indicator_carries_the_contract(plan: str) -> None:
    """Each goal and indicator object has exactly the documented keys and codes."""
    data = document(plan)
    indicators = [ind for goal in goals(data) for ind in goal["indicators"]] + data["measures"]
    assert indicators
    for goal in goals(data):
        assert set(goal) == GOAL_KEYS
        assert goal["status"] in GOAL_STATUSES
        assert goal["stated"] in GOAL_STATUSES | {None}
        assert goal["trend"]["improvement"] in IMPROVEMENTS
    for ind in indicators:
        assert set(ind) == INDICATOR_KEYS
        assert ind["status"] in INDICATOR_STATUSES
        assert ind["trend"]["direction"] in CHANGES
        assert ind["trend"]["improvement"] in IMPROVEMENTS
        assert ind["trend"]["arrow"] in {"direction", "improvement"}
        assert ind["trend"]["shown"] in CHANGES
        assert (ind["reason"] is None) == (ind["status"] != "not_assessed")
        if ind["on_track"] is not None:
            assert set(ind["on_track"]) == ON_TRACK_KEYS
            assert ind["on_track"]["status"] in ON_TRACK_STATUSES
            assert (ind["on_track"]["reason"] is None) == (ind["on_track"]["status"] != "not_assessed")


def test_values_of_a_known_indicator() -> None:
    """The NEET share in 2018's plan, assessed for 2017: value from 2016, the 2017 reason kept."""
    data = document("2018.yaml")
    (neet,) = [i for g in goals(data) for i in g["indicators"] if i["id"] == "unga-neet"]
    assert neet["status"] == "far"
    assert (neet["value"], neet["value_year"]) == (9, 2016)
    assert (neet["baseline"], neet["baseline_year"], neet["target"], neet["target_year"]) == (
        10,
        2014,
        0,
        2018,
    )
    assert neet["direction"] == "decrease"
    assert neet["progress"] == pytest.approx(0.1)
    assert neet["trend"] == {
        "direction": "decreased",
        "improvement": "improved",
        "reference": 10,
        "reference_year": 2014,
        "basis": "baseline",
        "arrow": "direction",
        "shown": "decreased",
    }
    reason = "Finns ingen statistik framtaget för året."
    assert neet["missing"] == [{"year": 2017, "period": None, "reason": reason}]


def test_json_equals_the_python_result() -> None:
    """The JSON is the typed result, field for field."""
    result = malstyrning.assess(malstyrning.load_plan(PLANS / "2017.yaml"))
    data = malstyrning.assessment_to_dict(result)
    goal = result.areas[0].goals[0]
    assert data["areas"][0]["goals"][0]["status"] == goal.status.value
    assert data["areas"][0]["goals"][0]["score"] == goal.score
    assert data["areas"][0]["goals"][0]["disagrees"] == goal.disagrees
    assert json.loads(malstyrning.to_json(result)) == data


def test_swedish_letters_are_kept() -> None:
    """Text is UTF-8, not \\u-escaped."""
    result = malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml"))
    assert "Blomstrande näringsliv" in malstyrning.to_json(result)


# --- docs/json.md ---------------------------------------------------------------------------------

JSON_DOCS = ROOT / "docs" / "json.md"


def _cli_document(*args: str) -> dict[str, Any]:
    from typer.testing import CliRunner

    from malstyrning._cli import app

    shown = CliRunner().invoke(app, ["assess", *args, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    data: dict[str, Any] = json.loads(shown.stdout)
    return data


def _trimmed(shown: Any, printed: Any, where: str = "") -> None:
    """``shown`` is ``printed`` with items left out of its lists, and nothing else changed."""
    if isinstance(printed, dict):
        assert isinstance(shown, dict), where
        assert list(shown) == list(printed), where
        for key in printed:
            _trimmed(shown[key], printed[key], f"{where}.{key}")
    elif isinstance(printed, list):
        assert isinstance(shown, list), where
        rest = iter(enumerate(printed))
        for item in shown:  # in order, each the next printed item that it matches
            first: AssertionError | None = None
            for index, candidate in rest:
                try:
                    _trimmed(item, candidate, f"{where}[{index}]")
                    break
                except AssertionError as error:
                    first = first or error
            else:
                raise AssertionError(f"{where}: an item is not among those printed, in order ({first})")
    else:
        assert shown == printed, f"{where}: shown {shown!r}, printed {printed!r}"


def test_the_example_in_the_docs_is_what_assess_prints() -> None:
    """docs/json.md's example is `assess plans/2016-delar.yaml --format json` with only list items left
    out: every key, value and order as printed (schema_version 2, period, report, forecasts)."""
    page = JSON_DOCS.read_text(encoding="utf-8")
    section = page[page.index("## Example") :]
    assert "`malstyrning assess plans/2016-delar.yaml --format json`" in section
    shown = json.loads(
        section[section.index("```json\n") + 8 : section.index("\n```", section.index("```json"))]
    )
    printed = _cli_document(str(PLANS / "2016-delar.yaml"))
    _trimmed(shown, printed)
    assert shown["schema_version"] == 2
    assert shown["period"] == "2016-T2"


def _keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.isdigit():  # the years of the economy's rows
                yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


@pytest.mark.parametrize(
    "args",
    [["2016-delar.yaml"], ["2016-delar.yaml", "--year", "2016"], ["2017.yaml"], ["2018.yaml"]],
)
def test_every_key_printed_is_documented(args: list[str]) -> None:
    """Each key `assess --format json` prints is named in docs/json.md."""
    page = JSON_DOCS.read_text(encoding="utf-8")
    printed = _cli_document(str(PLANS / args[0]), *args[1:])
    assert sorted({key for key in _keys(printed) if f"`{key}`" not in page}) == []
