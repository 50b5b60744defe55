"""A kommun in one repository: plans in a year's folder, `bidrar_till` links checked
where they stand, the council's goals rolled up from the nämnder's, malstyrning.toml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import malstyrning
from malstyrning import GoalStatus
from malstyrning._cli import app

runner = CliRunner()

COUNCIL = """\
id: kf
plan: Mål och budget 2018
organisation: Kommunfullmäktige
kommun: Testby
år: 2018
rapport: {titel: Årsredovisning 2018}
målområden:
  - id: arbete
    titel: Arbete
    mål:
      - id: lag-arbetsloshet
        typ: strategiskt mål
        titel: Låg arbetslöshet
        kvalitativt: ja
"""


def namnd(organisation: str, link: str, baseline: float, target: float, outcome: float | None) -> str:
    return f"""\
plan: Verksamhetsplan 2018
organisation: {organisation}
år: 2018
målområden:
  - titel: Arbete
    mål:
      - id: mal
        typ: nämndmål
        titel: {organisation}s mål
        bidrar_till: [{link}]
        indikatorer:
          - id: ind
            titel: Andel i arbete
            enhet: "%"
            riktning: öka
            ingångsvärde: {{värde: {baseline}, år: 2016}}
            målvärde: {{värde: {target}, år: 2018}}
            utfall: {{{"" if outcome is None else f"2018: {outcome}"}}}
"""


def kommun(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "plans" / "2018"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def make_testby(tmp_path: Path) -> Path:
    return kommun(
        tmp_path,
        {
            "kommunfullmaktige.yaml": COUNCIL,
            "aoi.yaml": namnd("Arbete och integration", "kf:lag-arbetsloshet", 10, 20, 21),
            "son.yaml": namnd("Socialnämnden", "{mål: 'kf:lag-arbetsloshet', vikt: 2}", 10, 20, 10),
        },
    )


def test_the_council_goal_is_rolled_up_from_the_goals_serving_it(tmp_path: Path) -> None:
    found = malstyrning.load_kommun(make_testby(tmp_path))
    assert [p.id for p in found.plans] == ["aoi", "kf", "son"]  # file order; kf by its id
    assert [p.id for p in found.served()] == ["kf"]
    assert found.name == "Testby"
    result = malstyrning.assess_kommun(found, year=2018)
    goal = result.plan("kf").areas[0].goals[0]
    # aoi: reached, helt (1); son: no progress, ej uppfyllt (0), weight 2: (1 + 0) / 3.
    assert [(c.plan, c.goal.status, c.weight) for c in goal.contributions] == [
        ("aoi", GoalStatus.FULLY, 1.0),
        ("son", GoalStatus.NOT_MET, 2.0),
    ]
    assert goal.score == pytest.approx(1 / 3)
    assert goal.status is GoalStatus.PARTLY
    # A plan assessed on its own is as before: nothing serves it.
    alone = malstyrning.assess(found.plans[1].plan, year=2018)
    assert alone.areas[0].goals[0].status is GoalStatus.NOT_ASSESSED
    assert alone.areas[0].goals[0].contributions == ()


# One indicator each: reached (helt), close (i hög grad), far (ej uppfyllt), no outcome (not assessed).
_STATUS = {
    (10, 20, 20): GoalStatus.FULLY,
    (10, 20, 16): GoalStatus.LARGELY,
    (10, 20, 10): GoalStatus.NOT_MET,
    (10, 20, None): GoalStatus.NOT_ASSESSED,
}


@settings(max_examples=max(20, settings().max_examples // 4), deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(_STATUS)), st.sampled_from([0, 0.5, 1, 2, 3])),
        min_size=1,
        max_size=4,
    )
)
def test_serving_goals_count_as_the_served_goals_sub_goals_would(
    tmp_path_factory: pytest.TempPathFactory, serving: list[tuple[tuple[int, int, int | None], float]]
) -> None:
    """The roll-up of a council goal from other plans' goals is the roll-up it would
    have if those goals stood under it in its own plan, each with its link's weight."""
    files = {"kf.yaml": COUNCIL}
    nested = ""
    for n, ((baseline, target, outcome), weight) in enumerate(serving):
        link = f"{{mål: 'kf:lag-arbetsloshet', vikt: {weight}}}"
        files[f"n{n}.yaml"] = namnd(f"Nämnd {n}", link, baseline, target, outcome)
        nested += f"""\
          - id: mal{n}
            titel: Mål {n}
            vikt: {weight}
            indikatorer:
              - id: ind{n}
                titel: Andel
                riktning: öka
                ingångsvärde: {{värde: {baseline}, år: 2016}}
                målvärde: {{värde: {target}, år: 2018}}
                utfall: {{{"" if outcome is None else f"2018: {outcome}"}}}
"""
    folder = kommun(tmp_path_factory.mktemp("k"), files)
    rolled = malstyrning.assess_kommun(malstyrning.load_kommun(folder), year=2018)
    goal = rolled.plan("kf").areas[0].goals[0]
    one_plan = malstyrning.loads_plan(COUNCIL.replace("        kvalitativt: ja\n", "        mål:\n" + nested))
    expected = malstyrning.assess(one_plan, year=2018).areas[0].goals[0]
    assert (goal.status, goal.score, goal.improvement) == (
        expected.status,
        expected.score,
        expected.improvement,
    )


def test_a_chain_of_plans_rolls_up_in_turn(tmp_path: Path) -> None:
    """A unit's goal serves a nämnd's goal, which serves the council's: each in its turn."""
    unit = namnd("Enheten", "son:mal", 10, 20, 20).replace("id: mal\n", "id: enhetsmal\n")
    folder = kommun(
        tmp_path,
        {
            "kf.yaml": COUNCIL,
            "son.yaml": namnd("Socialnämnden", "kf:lag-arbetsloshet", 10, 20, 10),
            "unit.yaml": unit,
        },
    )
    found = malstyrning.assess_kommun(malstyrning.load_kommun(folder), year=2018)
    committee_goal = found.plan("son").areas[0].goals[0]
    # Its own indicator far (0) and the unit's goal helt (1): 1/2, i hög grad.
    assert (committee_goal.status, committee_goal.score) == (GoalStatus.LARGELY, 0.5)
    council = found.plan("kf").areas[0].goals[0]
    assert [(c.plan, c.goal.status) for c in council.contributions] == [("son", GoalStatus.LARGELY)]
    assert council.status is GoalStatus.LARGELY


def test_a_link_to_nothing_is_refused_where_it_stands(tmp_path: Path) -> None:
    folder = kommun(
        tmp_path,
        {
            "kf.yaml": COUNCIL,
            "aoi.yaml": namnd("AoI", "kf:lag-arbetslosht, kfx:a", 10, 20, 15),
        },
    )
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        malstyrning.load_kommun(folder)
    lines = str(caught.value).splitlines()
    aoi = folder / "aoi.yaml"
    assert lines == [
        f"{aoi}:10:23: målområden[0].mål[0].bidrar_till[0]: planen 'kf' har inget mål "
        "'lag-arbetslosht'; menade du 'lag-arbetsloshet'?",
        f"{aoi}:10:43: målområden[0].mål[0].bidrar_till[1]: ingen plan har id 'kfx'; menade du 'kf'?; "
        "planerna är aoi, kf",
    ]


def test_plans_that_cannot_be_told_apart_or_serve_in_a_circle(tmp_path: Path) -> None:
    twice = kommun(tmp_path / "a", {"kf.yaml": COUNCIL, "other.yaml": COUNCIL})
    with pytest.raises(
        malstyrning.PlanValidationError,
        match=r"other.yaml:1:5: id: planens id 'kf' används också av .*kf.yaml \(dess id\)",
    ):
        malstyrning.load_kommun(twice)
    own = COUNCIL.replace("        kvalitativt: ja\n", "        bidrar_till: [kf:lag-arbetsloshet]\n")
    with pytest.raises(malstyrning.PlanValidationError, match="i sin egen plan"):
        malstyrning.load_kommun(kommun(tmp_path / "b", {"kf.yaml": own}))
    a = namnd("A", "b:mal", 1, 2, 2).replace("plan: Verksamhetsplan 2018", "id: a\nplan: A")
    b = namnd("B", "a:mal", 1, 2, 2).replace("plan: Verksamhetsplan 2018", "id: b\nplan: B")
    with pytest.raises(malstyrning.PlanValidationError, match="a → b → a"):
        malstyrning.load_kommun(kommun(tmp_path / "c", {"a.yaml": a, "b.yaml": b}))
    # Within one plan, a goal serves another by standing under it.
    with pytest.raises(malstyrning.PlanValidationError, match=r"bidrar_till\[0\]: bidrar_till anger ett mål"):
        malstyrning.loads_plan(namnd("A", "lag-arbetsloshet", 1, 2, 2))


def test_a_folder_is_one_years_plans_and_yml_is_not_left_out(tmp_path: Path) -> None:
    later = namnd("AoI", "kf:lag-arbetsloshet", 1, 2, 2).replace("år: 2018", "år: 2019")
    folder = kommun(
        tmp_path / "a", {"kf.yaml": COUNCIL, "son.yaml": namnd("S", "kf:lag-arbetsloshet", 1, 2, 2)}
    )
    (folder / "aoi.yaml").write_text(later, encoding="utf-8")
    with pytest.raises(
        malstyrning.PlanValidationError, match=r"aoi.yaml:3:5: år: planen gäller 2019, mappens"
    ):
        malstyrning.load_kommun(folder)
    (folder / "aoi.yaml").unlink()
    (folder / "aoi.yml").write_text(later.replace("2019", "2018"), encoding="utf-8")
    with pytest.raises(malstyrning.PlanValidationError, match=r"aoi.yml: .*byt namn till aoi\.yaml"):
        malstyrning.load_kommun(folder)


def test_a_plan_of_the_folder_with_problems_is_reported_with_the_others(tmp_path: Path) -> None:
    folder = kommun(tmp_path, {"kf.yaml": COUNCIL, "bad.yaml": "plan: X\norganisation: Y\når: tjugo\n"})
    with pytest.raises(malstyrning.PlanError, match=r"bad.yaml:3:5: år"):
        malstyrning.load_kommun(folder)
    with pytest.raises(malstyrning.PlanFileError, match="inga planfiler"):
        malstyrning.load_kommun(kommun(tmp_path / "empty", {}))


def test_the_command_line_on_a_folder(tmp_path: Path) -> None:
    folder = make_testby(tmp_path)
    text = runner.invoke(app, ["assess", str(folder), "--year", "2018"])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Testby · 2018 · 3 planer\n")
    assert "← Socialnämnden: Nämndmål: Socialnämndens mål\n" in text.stdout
    assert "Ej uppfyllt · vikt 2" in text.stdout
    assert "  Socialnämnden (son)\n    mål: 1 ej uppfyllt" in text.stdout
    document = json.loads(runner.invoke(app, ["assess", str(folder), "-f", "json"]).stdout)
    assert [(p["id"], p["served"]) for p in document["plans"]] == [
        ("aoi", False),
        ("kf", True),
        ("son", False),
    ]
    council = document["plans"][1]["assessment"]["areas"][0]["goals"][0]
    assert [(c["plan"], c["goal"], c["status"], c["weight"]) for c in council["contributions"]] == [
        ("aoi", "mal", "fully", 1.0),
        ("son", "mal", "not_met", 2.0),
    ]
    report = runner.invoke(app, ["report", str(folder)])
    assert report.exit_code == 0, report.output
    assert report.stdout.startswith("# Årsredovisning 2018: Kommunfullmäktige")
    assert "| Socialnämnden | Nämndmål: Socialnämndens mål | ✗ Ej uppfyllt | 2 |" in report.stdout
    valid = runner.invoke(app, ["validate", str(folder)])
    assert valid.exit_code == 0
    assert valid.stdout.count(": ok\n") == 3


@pytest.mark.parametrize("indent", [None, 1, 2, 4])
def test_the_kommun_json_is_the_dict_dumped(tmp_path: Path, indent: int | None) -> None:
    found = malstyrning.assess_kommun(malstyrning.load_kommun(make_testby(tmp_path)), year=2018)
    expected = json.dumps(malstyrning.kommun_to_dict(found), ensure_ascii=False, indent=indent)
    assert malstyrning.kommun_to_json(found, indent=indent) == expected


def test_every_report_format_has_the_contributions(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    folder = make_testby(tmp_path)
    word, sheet, page = tmp_path / "r.docx", tmp_path / "r.xlsx", tmp_path / "r.html"
    for out in (word, sheet, page):
        assert runner.invoke(app, ["report", str(folder), "-o", str(out)]).exit_code == 0
    assert re.search(r'<caption id="[^"]+">Nämndernas bidrag</caption>', page.read_text(encoding="utf-8"))
    rows = [[c.text for c in row.cells] for t in docx.Document(str(word)).tables for row in t.rows]
    assert ["Socialnämnden", "Nämndmål: Socialnämndens mål", "✗ Ej uppfyllt", "2"] in rows
    book = openpyxl.load_workbook(sheet)
    sheet_rows = list(book["Nämndernas bidrag"].iter_rows(values_only=True))
    assert sheet_rows[2][:4] == ("lag-arbetsloshet", "Låg arbetslöshet", "son", "Socialnämnden")


def test_malstyrning_toml_is_found_upwards_and_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_testby(tmp_path)
    (tmp_path / "malstyrning.toml").write_text(
        'kommun = "Testby kommun"\nplaner = "plans"\n\n[regler]\n"nära" = 0.8\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "plans")
    result = runner.invoke(app, ["assess", "2018", "-f", "json"])  # a bare year: the year's folder
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["kommun"] == "Testby kommun"
    assert {p["assessment"]["rules"]["near"] for p in document["plans"]} == {0.8}
    (tmp_path / "malstyrning.toml").write_text(
        'kommun = "X"\nplan = "p"\n[regler]\nnära = 1\n', encoding="utf-8"
    )
    bad = runner.invoke(app, ["assess", "2018"])
    assert bad.exit_code == 2
    assert "skrivs inom citattecken" in bad.stderr
    (tmp_path / "malstyrning.toml").write_text('kommun = "X"\nplan = "p"\n', encoding="utf-8")
    bad = runner.invoke(app, ["assess", "2018"])
    assert bad.stderr.endswith("malstyrning.toml:2:1: plan: okänd nyckel 'plan'; menade du 'planer'?\n")


def test_init_writes_a_kommun_that_assesses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["init", "--kommun", "Nyby", f"{tmp_path}/nyby/", "--year", "2024"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "nyby"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == [
        "malstyrning.toml",
        "plans/2024/kommunfullmaktige.yaml",
        "plans/2024/namnd.yaml",
        "schema/plan.schema.json",
    ]
    monkeypatch.chdir(root)
    assessed = runner.invoke(app, ["assess", "2024"])
    assert assessed.exit_code == 0, assessed.output
    assert assessed.stdout.startswith("Nyby · 2024-T1 · 2 planer\n")
    lint = runner.invoke(app, ["lint", "plans/2024/kommunfullmaktige.yaml", "plans/2024/namnd.yaml"])
    assert lint.exit_code == 0, lint.output
    assert lint.stdout.startswith("0 varningar")
