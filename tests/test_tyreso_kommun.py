"""The example kommun in plans/tyreso/: the council's strategic goals (kf), the
Tyresö Arbete och integration plans as one nämnd, and two invented nämnder,
for 2017 and 2018, read, assessed and rolled up together."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning import GoalStatus as S
from malstyrning._cli import app

TYRESO = PLANS / "tyreso"
YEARS = (2017, 2018)
NAMNDER = ("arbete-och-integration", "barn-och-utbildningsnamnden", "socialnamnden")

runner = CliRunner()


def _run(*args: str) -> Any:
    return runner.invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})


def _without(data: Any, keys: frozenset[str]) -> Any:
    """``data`` (a model_dump) with ``keys`` removed from every mapping in it."""
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list | tuple):
        return [_without(v, keys) for v in data]
    return data


def _kommun(year: int) -> malstyrning.Kommun:
    found = malstyrning.find_config(TYRESO / str(year))
    assert found == TYRESO / "malstyrning.toml"
    return malstyrning.load_kommun(TYRESO / str(year), config=malstyrning.load_config(found))


@pytest.mark.parametrize("year", YEARS)
def test_the_kommun_copy_of_arbete_och_integration_is_the_plan(year: int) -> None:
    """plans/tyreso/<year>/arbete-och-integration.yaml is plans/<year>.yaml apart from
    its goals' bidrar_till (and a plan id): the copies cannot drift apart."""
    original = malstyrning.load_plan(PLANS / f"{year}.yaml")
    copy = malstyrning.load_plan(TYRESO / str(year) / "arbete-och-integration.yaml")
    strategic = [g for g in copy.goals() if g.kind is malstyrning.GoalKind.STRATEGIC]
    assert strategic, "the plan has strategic goals"
    # Each strategic goal serves the council's goal of the same id, and only those.
    assert {g.id: [link.key for link in g.serves] for g in copy.goals() if g.serves} == {
        g.id: [f"kf:{g.id}"] for g in strategic
    }
    assert original.model_dump(by_alias=False)["id"] is None  # the top-level id differs only if one is set
    drop = frozenset({"serves"})
    mine = _without(copy.model_dump(by_alias=False), drop)
    theirs = _without(original.model_dump(by_alias=False), drop)
    mine.pop("id")
    theirs.pop("id")
    assert mine == theirs


# The roll-up of each council goal, checked by hand against docs/assessment.md
# (goal roll-up: the weighted mean of the serving goals' scores, fully 1,
# largely 2/3, partly 1/3, not_met 0, Ej bedömd left out; ≥ 1/2 largely, > 0
# partly), per year: {goal: (its status, {serving plan: (its goal's status, vikt)})}.
ROLL_UP: dict[int, dict[str, tuple[S, dict[str, tuple[S, float]]]]] = {
    2017: {
        # (1/3 + 2/3 + 2·1) / 4 = 3/4 (Arbete och integration under regler: saknat_ingångsvärde)
        "lag-arbetsloshet": (
            S.LARGELY,
            {
                "arbete-och-integration": (S.PARTLY, 1),
                "barn-och-utbildningsnamnden": (S.LARGELY, 1),
                "socialnamnden": (S.FULLY, 2),
            },
        ),
        # (0 + 1 + 0) / 3 = 1/3
        "ekonomisk-ram": (
            S.PARTLY,
            {
                "arbete-och-integration": (S.NOT_MET, 1),
                "barn-och-utbildningsnamnden": (S.FULLY, 1),
                "socialnamnden": (S.NOT_MET, 1),
            },
        ),
        # (2/3 + 0 + 2/3) / 3 = 4/9
        "medarbetare-rekommenderar": (
            S.PARTLY,
            {
                "arbete-och-integration": (S.LARGELY, 1),
                "barn-och-utbildningsnamnden": (S.NOT_MET, 1),
                "socialnamnden": (S.LARGELY, 1),
            },
        ),
        # (1 + 1 + 2/3) / 3 = 8/9
        "lag-sjukfranvaro": (
            S.LARGELY,
            {
                "arbete-och-integration": (S.FULLY, 1),
                "barn-och-utbildningsnamnden": (S.FULLY, 1),
                "socialnamnden": (S.LARGELY, 1),
            },
        ),
    },
    2018: {
        # (1/3 + 0 + 2·1) / 4 = 7/12: the weight decides (without it 4/9, partly).
        "lag-arbetsloshet": (
            S.LARGELY,
            {
                "arbete-och-integration": (S.PARTLY, 1),
                "barn-och-utbildningsnamnden": (S.NOT_MET, 1),
                "socialnamnden": (S.FULLY, 2),
            },
        ),
        # Arbete och integration's goal has no target or baseline: left out. (0 + 2/3) / 2
        "ekonomisk-ram": (
            S.PARTLY,
            {
                "arbete-och-integration": (S.NOT_ASSESSED, 1),
                "barn-och-utbildningsnamnden": (S.NOT_MET, 1),
                "socialnamnden": (S.LARGELY, 1),
            },
        ),
        # (2/3 + 2/3) / 2
        "innovativa-processer": (
            S.LARGELY,
            {
                "arbete-och-integration": (S.NOT_ASSESSED, 1),
                "barn-och-utbildningsnamnden": (S.LARGELY, 1),
                "socialnamnden": (S.LARGELY, 1),
            },
        ),
        # (2/3 + 1) / 2 = 5/6
        "medarbetare-rekommenderar": (
            S.LARGELY,
            {
                "arbete-och-integration": (S.NOT_ASSESSED, 1),
                "barn-och-utbildningsnamnden": (S.LARGELY, 1),
                "socialnamnden": (S.FULLY, 1),
            },
        ),
        # (1 + 2/3 + 0) / 3 = 5/9
        "lag-sjukfranvaro": (
            S.LARGELY,
            {
                "arbete-och-integration": (S.FULLY, 1),
                "barn-och-utbildningsnamnden": (S.LARGELY, 1),
                "socialnamnden": (S.NOT_MET, 1),
            },
        ),
    },
}


@pytest.mark.parametrize("year", YEARS)
def test_every_council_goal_rolls_up_from_all_three_namnder(year: int) -> None:
    """Each strategic goal of kf is served by all three nämnder, and rolls up as checked by hand."""
    kommun = _kommun(year)
    assert kommun.name == "Tyresö"
    assert [p.id for p in kommun.plans] == [
        "arbete-och-integration",
        "barn-och-utbildningsnamnden",
        "kf",
        "socialnamnden",
    ]
    assert [p.id for p in kommun.served()] == ["kf"]
    result = malstyrning.assess_kommun(kommun, year=year)
    assert result.year == year
    assert result.served == ("kf",)
    goals = [g for area in result.plan("kf").areas for g in area.goals]
    assert all(g.kind is malstyrning.GoalKind.STRATEGIC and not g.indicators for g in goals)
    seen = {g.id: (g.status, {c.plan: (c.goal.status, c.weight) for c in g.contributions}) for g in goals}
    assert seen == ROLL_UP[year]
    for goal in goals:
        assert sorted(c.plan for c in goal.contributions) == list(NAMNDER)


def test_indicators_keep_their_ids_from_2017_to_2018() -> None:
    """The invented nämnder's indicators of 2017 are all in 2018, by id, for history across years."""
    for namnd in ("socialnamnden", "barn-och-utbildningsnamnden"):
        old, new = (malstyrning.load_plan(TYRESO / str(y) / f"{namnd}.yaml") for y in YEARS)
        before = {i.id for i in old.indicators()}
        assert len(before) >= 4
        assert before <= {i.id for i in new.indicators()}
        assert any(2018 in i.outcomes for i in new.indicators())


@pytest.mark.parametrize("command", ["assess", "validate", "report"])
def test_the_cli_takes_each_year_folder(command: str) -> None:
    for year in YEARS:
        result = _run(command, str(TYRESO / str(year)))
        assert result.exit_code == 0, result.output
    assert "Socialnämnden" in result.output or command == "validate"


@pytest.mark.parametrize("inside", [".", "2017"])
def test_assess_a_bare_year_inside_the_kommun(inside: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside plans/tyreso/ (or its 2017/), `assess 2018` names the folder 2018/: from
    2017/ only through malstyrning.toml (planer = ".")."""
    monkeypatch.chdir(TYRESO / inside)
    result = _run("assess", "2018")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Tyresö · 2018 · 4 planer\n")
    assert "← Socialnämnden: Nämndmål: Fler hushåll med ekonomiskt" in result.output
