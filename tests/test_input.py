"""Input from planners and programs (issue 11, "Years and types" and messages):
one range of years everywhere, ids compared in NFC, exit codes, CR-only files,
YAML syntax hints, validate's warnings, import --kolada without kolada tags."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, ROOT, plan_text
from malstyrning._cli import app
from malstyrning._load._careful import careful_load
from malstyrning._load._fastyaml import first_problem

runner = CliRunner()
HOSTILE = ROOT / "tests" / "hostile"


@pytest.fixture
def plan_2018(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(PLANS / "2018.yaml", path)
    return path


# --- one range of years ---------------------------------------------------------------------


def test_the_range_is_defined_once() -> None:
    """The schema's bounds and pattern agree with FIRST_YEAR and LAST_YEAR, as the model does."""
    assert (malstyrning.FIRST_YEAR, malstyrning.LAST_YEAR) == (1900, 2200)
    number, text = malstyrning.plan_schema()["properties"]["år"]["anyOf"]
    assert (number["minimum"], number["maximum"]) == (malstyrning.FIRST_YEAR, malstyrning.LAST_YEAR)
    pattern = re.compile(text["pattern"])
    accepted = [year for year in range(1000, 10000) if pattern.match(str(year))]
    assert accepted == list(range(malstyrning.FIRST_YEAR, malstyrning.LAST_YEAR + 1))


def _api_calls(path: Path) -> dict[str, Callable[[Any], object]]:
    plan = malstyrning.load_plan(path)
    indicator = plan.indicators()[0]
    return {
        "assess year": lambda y: malstyrning.assess(plan, year=y),
        "assess_indicator year": lambda y: malstyrning.assess_indicator(indicator, year=y),
        "assess_indicator plan_year": lambda y: malstyrning.assess_indicator(
            indicator, year=2018, plan_year=y
        ),
        "record_outcome year": lambda y: malstyrning.record_outcome(path, "sommarjobb", y, 5.0),
        "OutcomeUpdate year": lambda y: malstyrning.OutcomeUpdate("sommarjobb", y, value=1.0),
        "rollover to": lambda y: malstyrning.rollover(path, to=y, output=path.with_name("ny.yaml")),
        "kolada_updates years": lambda y: malstyrning.kolada_updates(plan, years=[2018, y]),
        "new_plan_text year": lambda y: malstyrning.new_plan_text(year=y),
    }


CALLS = list(_api_calls(PLANS / "2018.yaml"))
NAMES = {
    "assess year": "year",
    "assess_indicator year": "year",
    "assess_indicator plan_year": "plan_year",
    "record_outcome year": "year",
    "OutcomeUpdate year": "year",
    "rollover to": "to",
    "kolada_updates years": "years",
    "new_plan_text year": "year",
}


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize(
    ("year", "error"),
    [
        (17, malstyrning.InvalidArgumentError),
        (1899, malstyrning.InvalidArgumentError),
        (2201, malstyrning.InvalidArgumentError),
        (10**9, malstyrning.InvalidArgumentError),
        (True, malstyrning.ArgumentTypeError),
        (2018.0, malstyrning.ArgumentTypeError),
        ("2018", malstyrning.ArgumentTypeError),
    ],
)
def test_api_refuses_years_outside_the_range_and_other_types(
    call: str, year: object, error: type[Exception], plan_2018: Path
) -> None:
    """Every function taking a year refuses bool, float, text and out-of-range years, naming the argument."""
    before = plan_2018.read_bytes()
    with pytest.raises(error) as caught:
        _api_calls(plan_2018)[call](year)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, TypeError) == (error is malstyrning.ArgumentTypeError)
    assert str(caught.value).startswith(f"{NAMES[call]} ska vara")
    assert plan_2018.read_bytes() == before
    assert not plan_2018.with_name("ny.yaml").exists()


@pytest.mark.parametrize(
    ("years", "error"),
    [
        (0, malstyrning.InvalidArgumentError),
        (302, malstyrning.InvalidArgumentError),
        (10**9, malstyrning.InvalidArgumentError),
        (True, malstyrning.ArgumentTypeError),
        (2.0, malstyrning.ArgumentTypeError),
    ],
)
def test_build_report_years_is_a_count_within_the_range(years: object, error: type[Exception]) -> None:
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    with pytest.raises(error, match="years ska vara"):
        malstyrning.build_report(plan, malstyrning.assess(plan), years=years)  # type: ignore[arg-type]
    assert malstyrning.build_report(plan, malstyrning.assess(plan), years=301).years[0] == 2017 - 300


def test_api_year_messages_in_english(english: None) -> None:
    with pytest.raises(
        malstyrning.InvalidArgumentError, match=r"^year must be a year between 1900 and 2200, got 17$"
    ):
        malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml"), year=17)
    with pytest.raises(malstyrning.ArgumentTypeError, match=r"^to must be a whole year such as 2018"):
        malstyrning.rollover(PLANS / "2018.yaml", to=True)


@pytest.mark.parametrize(
    "key",
    ["'٢٠١٨'", "'２０１８'", "'1" + "0" * 5000 + "'", "'²⁰¹⁸'"],
    ids=["arabic-indic", "fullwidth", "5000-digits", "superscript"],
)
def test_plan_years_are_ascii_digits(key: str) -> None:
    """A year in other digits is not a year (was read as 2018, or failed in int() with
    pydantic's "Value error, ..." message)."""
    text = plan_text(
        f"verksamhetsmått:\n  - id: m\n    titel: M\n    ingångsvärde: {{värde: 1, år: {key}}}\n"
    )
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        malstyrning.loads_plan(text, filename="plan.yaml")
    (problem,) = caught.value.problems
    assert problem.line == 8
    assert "ska vara ett år mellan 1900 och 2200" in problem.message


def test_plan_year_with_leading_zeros_and_spaces_is_still_read() -> None:
    text = plan_text("verksamhetsmått:\n  - id: m\n    titel: M\n    utfall:\n      ' 02017 ': 1\n")
    assert 2017 in malstyrning.loads_plan(text).measures[0].outcomes


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["assess", "{plan}", "--year", "17"], "--year"),
        (["assess", "{plan}", "--year", "99999999999999999999"], "--year"),
        (["report", "{plan}", "--year", "3000"], "--year"),
        (["show", "{plan}", "sommarjobb", "--year", "17"], "--year"),
        (["record", "{plan}", "sommarjobb", "17", "5"], "ÅR"),  # the metavar, in Swedish
        (["rollover", "{plan}", "--to", "17"], "--to"),
        (["init", "-", "--year", "3000"], "--year"),
    ],
)
def test_cli_year_options_outside_the_range_exit_2(args: list[str], option: str, plan_2018: Path) -> None:
    before = plan_2018.read_bytes()
    result = runner.invoke(app, [arg.format(plan=plan_2018) for arg in args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{option}: ange ett år mellan 1900 och 2200, inte ")
    assert plan_2018.read_bytes() == before
    assert [p.name for p in plan_2018.parent.iterdir()] == ["plan.yaml"]


@pytest.mark.parametrize("years", ["1000000000", "0", "302"])  # "-1": not plain digits (test_cli_arguments)
def test_report_years_is_refused_outside_1_to_301(years: str, plan_2018: Path) -> None:
    """`report --years 1000000000` built a billion columns (killed for memory); now exit 2 at once."""
    result = runner.invoke(app, ["report", str(plan_2018), "--years", years])
    assert result.exit_code == 2
    assert result.stderr == f"--years: ange ett antal år från 1 till 301, inte {years}\n"


def test_import_years_option_uses_the_range(plan_2018: Path) -> None:
    result = runner.invoke(app, ["import", str(plan_2018), "--kolada", "--years", "1899-1901"])
    assert result.exit_code == 2
    assert "åren ska ligga mellan 1900 och 2200, men här står '1899-1901'" in result.stderr


@pytest.mark.parametrize("year", ["1000", "9999", "٢٠١٨"])
def test_a_bad_csv_year_blames_the_csv_row_with_exit_2(year: str, plan_2018: Path) -> None:
    """A CSV year outside the range was written into the plan's text and refused as
    "the change would make the plan invalid" (exit 1, the plan blamed)."""
    csv = plan_2018.with_name("utfall.csv")
    csv.write_text(f"indikator;år;värde\nsommarjobb;2018;200\nsommarjobb;{year};5\n", encoding="utf-8")
    before = plan_2018.read_bytes()
    result = runner.invoke(app, ["import", str(plan_2018), str(csv)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{csv}:3: år: ")
    assert str(plan_2018) not in result.stderr
    assert plan_2018.read_bytes() == before


def test_kolada_periods_are_ascii_years_in_the_range(tmp_path: Path) -> None:
    plan = malstyrning.loads_plan(
        plan_text("kolada_kommun: '0138'\nverksamhetsmått:\n  - id: m\n    titel: M\n    kolada: N1\n")
    )
    saved = tmp_path / "kolada.json"
    for period in ['"٢٠١٨"', "1800", '"2018"']:
        saved.write_text(
            '{"values": [{"kpi": "N1", "municipality": "0138", "period": PERIOD, '
            '"values": [{"gender": "T", "value": 5, "status": null}]}]}'.replace("PERIOD", period),
            encoding="utf-8",
        )
        if period == '"2018"':
            assert [u.year for u in malstyrning.kolada_updates(plan, saved=saved)] == [2018]
        else:
            with pytest.raises(malstyrning.MalstyrningError, match="period"):
                malstyrning.kolada_updates(plan, saved=saved)


# --- ids in NFC -------------------------------------------------------------------------------

NFC = unicodedata.normalize("NFC", "årsarbete")
NFD = unicodedata.normalize("NFD", "årsarbete")


def test_ids_differing_only_in_normalisation_are_a_located_duplicate() -> None:
    assert NFC != NFD
    text = plan_text(f"verksamhetsmått:\n  - id: {NFC}\n    titel: A\n  - id: {NFD}\n    titel: B\n")
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        malstyrning.loads_plan(text, filename="plan.yaml")
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (8, "verksamhetsmått[1].id")
    assert "används redan vid verksamhetsmått[0]" in problem.message


@pytest.mark.parametrize(("in_plan", "asked"), [(NFC, NFD), (NFD, NFC)], ids=["plan-nfc", "plan-nfd"])
def test_lookups_by_id_normalise(in_plan: str, asked: str, tmp_path: Path) -> None:
    """record, show and a CSV find the indicator however its å is written."""
    path = tmp_path / "plan.yaml"
    path.write_text(
        plan_text(f"verksamhetsmått:\n  - id: {in_plan}\n    titel: A\n    utfall: {{2017: 1}}\n"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["record", str(path), asked, "2018", "2"])
    assert result.exit_code == 0, result.output
    csv = tmp_path / "u.csv"
    csv.write_text(f"indikator;år;värde\n{asked};2016;3\n", encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), str(csv)])
    assert result.exit_code == 0, result.output
    outcomes = malstyrning.load_plan(path).measures[0].outcomes
    assert {year: o.value for year, o in outcomes.items()} == {2016: 3.0, 2017: 1.0, 2018: 2.0}
    assert in_plan in path.read_text("utf-8")  # the id is left as written
    plan = malstyrning.load_plan(path)
    report = malstyrning.build_report(plan, malstyrning.assess(plan))
    pytest.importorskip("plotext")
    assert "(årsarbete)" in unicodedata.normalize("NFC", malstyrning.render_indicator_chart(report, asked))


# --- CR-only files --------------------------------------------------------------------------

COMMANDS = [
    ["validate", "{plan}"],
    ["assess", "{plan}"],
    ["lint", "{plan}"],
    ["record", "{plan}", "sommarjobb", "2018", "5"],
    ["import", "{plan}", "{csv}"],
    ["import", "{plan}", "--kolada-file", "{csv}"],
    ["rollover", "{plan}", "--to", "2019"],
    ["report", "{plan}"],
    ["show", "{plan}", "sommarjobb"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:3]))
def test_a_cr_only_file_is_refused_alike_by_every_command(command: list[str], tmp_path: Path) -> None:
    """Old Mac line ends: every command refuses with the same located message and exit 2;
    nothing is written (rollover used to fail with "two changes fall on the same text")."""
    plan = tmp_path / "plan.yaml"
    plan.write_bytes((PLANS / "2018.yaml").read_bytes().replace(b"\n", b"\r"))
    csv = tmp_path / "u.csv"
    csv.write_text("indikator;år;värde\nsommarjobb;2018;5\n", encoding="utf-8")
    before = plan.read_bytes()
    result = runner.invoke(app, [arg.format(plan=plan, csv=csv) for arg in command])
    assert result.exit_code == 2, result.output
    message = f"{plan}:1: raden slutar med bara vagnretur (CR, som på Mac-datorer före 2001); "
    assert message in result.stderr
    assert plan.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml", "u.csv"]


def test_a_lone_cr_is_located_by_yaml_line(english: None) -> None:
    text = plan_text("kommun: Tyresö\r\nvision: a\rb\n")
    with pytest.raises(malstyrning.PlanFileError) as caught:
        malstyrning.loads_plan(text, filename="p.yaml")
    assert str(caught.value).startswith("p.yaml:6: the line ends in a lone carriage return (CR")
    assert malstyrning.loads_plan(plan_text("vision: a\r\n")).vision == "a"  # CRLF is read


# --- YAML syntax hints ----------------------------------------------------------------------

HINTS = {
    "73-syntax-colon-in-title.yaml": 'put the title in quotes: titel: "Mål: fler unga i arbete"',
    "74-syntax-percent-unquoted.yaml": "put '%' in quotes: enhet: \"%\"",
    "75-syntax-indented-further.yaml": "line 12 is indented further than the key above it (line 10)",
    "76-syntax-indented-less.yaml": "line 11 is not lined up with the key above it (line 10)",
}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_syntax_hints_from_both_readers(name: str, english: None) -> None:
    """The careful reader (ruamel.yaml) and libyaml, which locates syntax errors
    in files above 1 MiB, give the same hint at the same place."""
    text = (HOSTILE / name).read_text("utf-8")
    with pytest.raises(malstyrning.PlanSyntaxError) as caught:
        careful_load(text, name)
    (problem,) = caught.value.problems
    assert HINTS[name] in problem.message
    found = first_problem(text)
    assert found is not None
    assert found[:2] == (problem.line, problem.column)
    assert HINTS[name] in found[3]


def test_the_value_hint_names_other_keys_and_escapes_quotes(english: None) -> None:
    text = plan_text('vision: Vi: "alla" ska med\n')
    with pytest.raises(
        malstyrning.PlanSyntaxError,
        match=r"""put the value of 'vision' in quotes: vision: "Vi: \\"alla\\" ska med\"""",
    ):
        malstyrning.loads_plan(text)


# --- validate's warnings --------------------------------------------------------------------

TRAPS = plan_text(
    """\
    målområden:
      - titel: Trygg uppväxt
        mål:
          - titel: Fler unga i arbete
            indikatorer:
              - id: unga-neet
                titel: Andel unga
                riktning: minska
                målvärde:
                utfall:
                  2017: 5
                  2019: 4
                  2081: 3
    """
)


def test_validate_warns_about_an_empty_target_and_far_outcome_years(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(TRAPS, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        f"{path}:13:13: varning: målområden[0].mål[0].indikatorer[0].målvärde: målvärde är tomt"
    )
    assert lines[0].endswith("[empty-target]")
    assert lines[1].startswith(f"{path}:17:15: varning: målområden[0].mål[0].indikatorer[0].utfall.2081: ")
    # lint keeps the rest: next year's outcome (2019) too
    rules = [finding.rule for finding in malstyrning.lint_plan(path)]
    assert rules.count(malstyrning.LintRule.OUTCOME_AFTER_PLAN_YEAR) == 2
    assert malstyrning.LintRule.EMPTY_TARGET in rules


def test_validate_of_a_plan_without_traps_stays_quiet_and_fast() -> None:
    """No warning, and the careful reader (ruamel.yaml) is not imported to find none."""
    code = (
        "import sys, malstyrning\n"
        "print(malstyrning.plan_warnings(sys.argv[1]), 'ruamel.yaml' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(PLANS / "2018.yaml")], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[] False"


# --- import --kolada without kolada tags ------------------------------------------------------


@pytest.mark.parametrize("source", [["--kolada"], ["--kolada-file", "saved.json"]])
def test_import_kolada_on_a_plan_without_kolada_tags_says_so(source: list[str], plan_2018: Path) -> None:
    """It printed an empty table and "0 new ... wrote 0 outcome(s)", exit 0."""
    saved = plan_2018.with_name("saved.json")
    saved.write_text('{"values": []}', encoding="utf-8")
    before = plan_2018.read_bytes()
    result = runner.invoke(
        app, ["import", str(plan_2018), *[s.replace("saved.json", str(saved)) for s in source]]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"{plan_2018}: ingen indikator har nyckeln kolada, så det finns inget att hämta"
    )
    assert plan_2018.read_bytes() == before
