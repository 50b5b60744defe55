"""Loading plans: the shorthand forms, and every kind of bad input as a located message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import malstyrning
from conftest import PLANS, plan_text
from malstyrning import GoalKind, PlanFileError, PlanSyntaxError, PlanValidationError

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


def problems(text: str) -> list[str]:
    with pytest.raises(malstyrning.PlanError) as caught:
        malstyrning.loads_plan(text, filename="plan.yaml")
    return [str(p) for p in caught.value.problems]


GOAL_WITH = """\
målområden:
  - titel: Blomstrande näringsliv
    mål:
      - typ: strategiskt mål
        titel: Arbetslösheten är låg
        indikatorer:
          - id: unga
            titel: Unga som varken studerar eller arbetar
{extra}"""


def indicator_plan(extra: str) -> str:
    return plan_text(GOAL_WITH.format(extra=extra))


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.yaml")), ids=lambda p: p.name)
def test_real_plans_are_valid(path: Path) -> None:
    """Every plan shipped in plans/ validates."""
    plan = malstyrning.load_plan(path)
    assert plan.indicators()


def test_shorthand_forms() -> None:
    """Bare numbers, Swedish strings, string activities and year keys as strings all load."""
    plan = malstyrning.loads_plan(
        indicator_plan(
            "            ingångsvärde: 10 %\n"
            "            målvärde: {värde: '1 164,5', år: 2018}\n"
            "            utfall: {'2016': '3,20 %', 2017: {värde: 3, kommentar: Preliminärt}}\n"
            "            aktiviteter: [Ung i Tyresö samarbetar med aktivitetsansvaret]\n"
        )
    )
    indicator = plan.indicators()[0]
    assert indicator.baseline == malstyrning.ValuePoint.model_validate({"värde": 10})
    assert indicator.target is not None
    assert (indicator.target.value, indicator.target.year) == (1164.5, 2018)
    assert indicator.outcomes[2016].value == 3.2
    assert indicator.outcomes[2017].comment == "Preliminärt"
    assert indicator.activities[0].title.startswith("Ung i Tyresö")
    assert plan.areas[0].goals[0].kind is GoalKind.STRATEGIC


def test_ids_derived_from_position() -> None:
    """Areas and goals without an id get "1", "1.1", "1.1.1" ..."""
    plan = malstyrning.loads_plan(
        plan_text(
            "målområden:\n  - titel: A\n    mål:\n      - titel: G\n        mål:\n          - titel: N\n"
        )
    )
    area = plan.areas[0]
    assert (area.id, area.goals[0].id, area.goals[0].goals[0].id) == ("1", "1.1", "1.1.1")


def test_wrong_value_points_at_line_and_column() -> None:
    """The issue's example: a target that is not a number."""
    assert problems(indicator_plan("            målvärde: tvåhundra\n")) == [
        "plan.yaml:13:23: målområden[0].mål[0].indikatorer[0].målvärde: expected a number, got 'tvåhundra'"
    ]


def test_unknown_key_suggests_the_closest() -> None:
    """A misspelt key (even without å/ä/ö) is an error with a "did you mean"."""
    assert problems(indicator_plan("            malvarde: 200\n")) == [
        "plan.yaml:13:13: målområden[0].mål[0].indikatorer[0].malvarde: "
        "unknown key 'malvarde'; did you mean 'målvärde'?"
    ]
    (message,) = problems(plan_text("organisaton: x\n"))
    assert "did you mean 'organisation'?" in message


def test_every_problem_is_reported_in_file_order() -> None:
    """All problems at once, sorted by position."""
    found = problems(
        indicator_plan("            riktning: upp\n            utfall: {2017: 'abc', 2018-X1: 3}\n")
    )
    assert [line.split(":")[1] for line in found] == ["13", "14", "14"]
    assert "expected one of öka | minska | bibehåll, got 'upp'" in found[0]
    assert "or a period such as 2018-T1 (tertial)" in found[2]


def test_missing_required_key() -> None:
    """A missing required key names the key and points at its mapping."""
    (message,) = problems("plan: P\norganisation: O\n")
    assert message == "plan.yaml:1:1: missing required key 'år'"


def test_outcome_needs_value_or_reason() -> None:
    """An outcome is a value or a `saknas` reason, never both."""
    (message,) = problems(indicator_plan("            utfall: {2017: {värde: 3, saknas: Ingen enkät}}\n"))
    assert "either 'värde' or 'saknas'" in message


def test_duplicate_indicator_ids() -> None:
    """Indicator ids are unique across the plan, measures included."""
    text = indicator_plan("") + "verksamhetsmått:\n  - {id: unga, titel: Dubblett}\n"
    (message,) = problems(text)
    assert message == (
        "plan.yaml:14:10: verksamhetsmått[0].id: indicator id 'unga' is already used at "
        "målområden[0].mål[0].indikatorer[0]"
    )


def test_duplicate_keys_at_every_level() -> None:
    """Repeated keys are errors, each with its path, not silently overwritten."""
    text = plan_text("år: 2019\n") + "målområden:\n  - titel: A\n    titel: B\n"
    with pytest.raises(PlanSyntaxError) as caught:
        malstyrning.loads_plan(text, filename="plan.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "plan.yaml:5:1: år: duplicate key 'år' (first on line 4)",
        "plan.yaml:8:5: målområden[0].titel: duplicate key 'titel' (first on line 7)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plan: [unclosed\n", "plan.yaml:2:1:"),
        (
            plan_text("risker:\n  - {risk: R, sannolikhet: 2\n  - {risk: S}\n"),
            "plan.yaml:7:5: expected ',' or '}', but got '{' (while parsing a flow mapping on line 6); "
            "close the '{' from line 6 with '}', or separate its items with ','",
        ),
        (  # '>' inside a '[' left open: the opener's line, not '[' in quotes or comments
            plan_text("vision: 'Ett [bättre' # och [fler\nmålområden: [Trygg\nbeskrivning: >-\n  Text\n"),
            "plan.yaml:7:14: found character '>' that cannot start any token; "
            "the '[' from line 6 is not closed",
        ),
        (
            plan_text("risker: [{risk: R} {risk: S}]\n"),
            "close the '[' from line 5 with ']', or separate its items with ','",
        ),
        ("plan: P\n\tår: 2018\n", "indent with spaces, not tabs"),
        ("", "the file is empty"),
        ("- a\n- b\n", "expected a mapping of keys (plan:, år:, ...), got a list"),
        ("just text\n", "got the text 'just text'"),
        (plan_text("regler: {nära: 2}\n"), "regler.nära: must be at most 1, got 2"),
        (plan_text("risker: [{risk: R, sannolikhet: 5}]\n"), "must be at most 4"),
        (plan_text("år: 2018.5\n").replace("år: 2018\n", "", 1), "expected a year between 1900 and 2200"),
        (plan_text("målområden: {titel: A}\n"), "målområden: expected a list"),
        (plan_text("kvalitetsgarantier: [{titel: G, uppfylld: kanske}]\n"), "expected true or false"),
        (plan_text("målområden: [{titel: 2018}]\n"), "expected text, got 2018"),
    ],
)
def test_bad_input_gives_a_located_message(text: str, expected: str) -> None:
    """Syntax errors, tabs, empty files and wrong types: one clear line each."""
    found = problems(text)
    assert any(expected in line for line in found), found
    assert all(line.startswith("plan.yaml:") for line in found)


def test_unreadable_files(tmp_path: Path, write_plan: Any) -> None:
    """Missing files, directories and non-UTF-8 files are PlanFileError, with the file name."""
    with pytest.raises(PlanFileError, match="no such file"):
        malstyrning.load_plan(tmp_path / "nope.yaml")
    with pytest.raises(PlanFileError, match="is a directory"):
        malstyrning.load_plan(tmp_path)
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(plan_text().encode("latin-1"))
    with pytest.raises(PlanFileError, match="not UTF-8"):
        malstyrning.load_plan(latin1)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Files saved by Windows editors start with a BOM; that is fine."""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + plan_text().encode())
    assert malstyrning.load_plan(path).year == 2018


def test_validation_error_is_a_plan_error() -> None:
    """One base class catches everything."""
    with pytest.raises(malstyrning.MalstyrningError):
        malstyrning.loads_plan("plan: P\n")
    assert issubclass(PlanValidationError, malstyrning.PlanError)


@pytest.mark.parametrize("careful", [False, True], ids=["fast", "careful"])
def test_text_utf8_cannot_hold_is_refused_located(careful: bool) -> None:
    """A `"\\udcff"` escape gives a lone surrogate, which no report can write: refused where it stands."""
    text = plan_text('vision: "Tyresö \\udcff"\nmålområden:\n  - {titel: Arbete, "\\ud800": 1}\n')
    if careful:
        text = "# a\tcomment the fast reader leaves to the careful one\n" + text
    with pytest.raises(malstyrning.PlanValidationError) as raised:
        malstyrning.loads_plan(text, filename="p.yaml")
    shift = int(careful)
    problems = [(p.line, p.column, p.path, p.message) for p in raised.value.problems]
    assert problems == [
        (
            5 + shift,
            9,
            "vision",
            "expected text, got the character U+DCFF, which is not text (a lone surrogate); "
            "write the character itself",
        ),
        (
            7 + shift,
            5,
            "målområden[0]",
            "expected text, got the key '\\ud800', with a character that is not text (a lone surrogate)",
        ),
    ]


@pytest.mark.parametrize("title", ['"Indikator D" extra', "[Indikator] D"])
def test_parser_words_in_swedish_say_what_the_parser_says(title: str) -> None:
    """Text after a quoted or bracketed title is not an indentation error: the Swedish says what the
    parser found ("här ska blocket sluta"), and leaves the indentation to the hints that check columns."""
    text = plan_text(f"målområden:\n  - id: a\n    titel: {title}\n")
    with malstyrning.use_language("sv"), pytest.raises(malstyrning.PlanSyntaxError) as raised:
        malstyrning.loads_plan(text, filename="p.yaml")
    (problem,) = raised.value.problems
    assert problem.message.startswith("här ska blocket sluta, men här står ett värde"), problem.message
    assert "indragen" not in problem.message


def test_libyamls_parser_words_in_swedish() -> None:
    from malstyrning._load._fastyaml import _parser_words

    with malstyrning.use_language("sv"):
        assert _parser_words("did not find expected key") == "här ska stå en nyckel"
        assert _parser_words("did not find expected '-' indicator") == "här ska stå ett '-'"
