"""Hostile and broken input: always a located PlanError, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import malstyrning
from conftest import PLANS, ROOT, plan_text
from malstyrning._load._careful import careful_load
from malstyrning._load._fastyaml import fast_load
from malstyrning._load._io import _fast

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

HOSTILE = ROOT / "tests" / "hostile"

INDICATOR = """\
målområden:
  - titel: A
    mål:
      - titel: G
        indikatorer:
          - id: i
            titel: T
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            plan_text("målområden:\n  - <<: {titel: 5}\n    id: z\n"),
            "plan.yaml:6:5: målområden[0].titel: expected text, got 5",
            id="error-in-merged-key",
        ),
        pytest.param(
            plan_text("målområden:\n  - <<: {titel: A, bogus: 1}\n"),
            "målområden[0].bogus: unknown key 'bogus'",
            id="unknown-merged-key",
        ),
        pytest.param(
            plan_text(
                "målområden: [{titel: A, mål: [{titel: G, aktiviteter: [{titel: x, klart: 2018-02-30}]}]}]\n"
            ),
            "klart: no such date: '2018-02-30'",
            id="impossible-date",
        ),
        pytest.param(
            plan_text(INDICATOR + "            utfall: {2017: 1, 2017.0: 2}\n"),
            "duplicate key '2017.0'",
            id="duplicate-key-written-differently",
        ),
        pytest.param(
            plan_text(INDICATOR + "            utfall: {2017: 1, '2017': 2}\n"),
            "utfall: year 2017 is given twice (as 2017 and '2017')",
            id="year-as-number-and-text",
        ),
        pytest.param(
            plan_text(INDICATOR + "            utfall:\n              2017:\n"),
            "plan.yaml:13:15: målområden[0].mål[0].indikatorer[0].utfall.2017: expected a number",
            id="empty-value-points-at-its-key",
        ),
        pytest.param(
            plan_text(INDICATOR + "            ingångsvärde: {värde: 3,7, år: 2016}\n"),
            'inside { } a decimal comma must be quoted, e.g. {värde: "3,7"}',
            id="decimal-comma-in-flow-mapping",
        ),
        pytest.param(
            plan_text("true: x\n"),
            "plan.yaml:5:1: true: unexpected key true",
            id="boolean-key",
        ),
        pytest.param(plan_text("null: x\n"), "unexpected key null", id="null-key"),
        pytest.param(plan_text("kommun: \x07\n"), "plan.yaml:5:9: character", id="control-character"),
        pytest.param(
            plan_text("målområden:\n" + "".join(f"{'  ' * i}- mål:\n" for i in range(400))),
            "nested too deeply",
            id="deep-nesting",
        ),
        pytest.param(
            plan_text("kvalitetsgarantier: [{titel: G, uppfylld: yes}]\n"),
            "expected true or false (ja/nej), got 'yes'",
            id="yaml-1.1-boolean",
        ),
        pytest.param(
            plan_text("risker: [{risk: R, sannolikhet: true}]\n"),
            "expected a whole number 1–4, got True",
            id="boolean-score",
        ),
        pytest.param(
            plan_text("målområden: [{titel: A, mål: [{titel: G, aktiviteter: [{titel: x, klart: 0}]}]}]\n"),
            "expected a date (YYYY-MM-DD), got 0",
            id="number-as-date",
        ),
        pytest.param("plan: P\n---\nplan: Q\n", "expected a single document", id="two-documents"),
        pytest.param(plan_text("kommun: -_\n"), "a value cannot be read as YAML", id="malformed-number"),
    ],
)
def test_bad_input_is_a_located_plan_error(text: str, expected: str) -> None:
    """Each hostile input gives a PlanError whose messages contain the expected line."""
    with pytest.raises(malstyrning.PlanError) as caught:
        malstyrning.loads_plan(text, filename="plan.yaml")
    lines = [str(problem) for problem in caught.value.problems]
    assert lines, "a PlanError always says what is wrong"
    assert any(expected in line for line in lines), lines


def test_empty_optional_keys_mean_absent() -> None:
    """`kommentar:`, `regler:` or `utfall:` with nothing after them are simply not given."""
    plan = malstyrning.loads_plan(
        plan_text(
            "regler:\n" + INDICATOR + "            kommentar:\n            utfall:\n            regler:\n"
        )
    )
    indicator = plan.indicators()[0]
    assert (indicator.comment, indicator.outcomes, indicator.rules) == (None, {}, None)


def test_swedish_yes_and_no() -> None:
    """uppfylld accepts ja and nej as well as true and false."""
    plan = malstyrning.loads_plan(
        plan_text("kvalitetsgarantier: [{titel: A, uppfylld: ja}, {titel: B, uppfylld: Nej}]\n")
    )
    assert [g.met for g in plan.guarantees] == [True, False]


def test_model_round_trip() -> None:
    """A loaded plan dumped to Python data validates back to an equal plan."""
    for path in PLANS.glob("*.yaml"):
        plan = malstyrning.load_plan(path)
        assert malstyrning.Plan.model_validate(plan.model_dump()) == plan


def test_python_validation_checks_ids_too() -> None:
    """Plan.model_validate enforces unique indicator ids without the YAML layer."""
    data = {
        "plan": "P",
        "organisation": "O",
        "år": 2018,
        "verksamhetsmått": [{"id": "a", "titel": "A"}, {"id": "a", "titel": "B"}],
    }
    with pytest.raises(ValueError, match="indicator id 'a' is already used"):
        malstyrning.Plan.model_validate(data)


REAL = (PLANS / "2018.yaml").read_text(encoding="utf-8")
# Characters that break YAML in interesting ways.
NOISE = st.sampled_from([*":-{}[]&*!|>'\"%@`#,?\t\n ", "<<: ", "~", "null", "2017", "-1", "ö", "\x00"])


@settings(
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    # Each example reads a real plan twice, by both readers: a third of the profile's
    # examples (the CI profile: five times as many).
    max_examples=max(30, settings().max_examples // 3),
)
@given(st.integers(0, len(REAL) - 1), st.integers(0, 40), st.lists(NOISE, min_size=0, max_size=4))
def test_mutated_real_plan_never_crashes(position: int, cut: int, insert: list[str]) -> None:
    """Any edit of a real plan either loads or raises the library's own error type."""
    text = REAL[:position] + "".join(insert) + REAL[position + cut :]
    problems: tuple[malstyrning.Problem, ...] = ()
    try:
        malstyrning.loads_plan(text, filename="mutated.yaml")
    except malstyrning.PlanError as error:
        problems = error.problems or (malstyrning.Problem("", None, None, "", "no problems listed"),)
    assert all(str(p).startswith("mutated.yaml") for p in problems), problems


def careful_problems(text: str) -> tuple[malstyrning.Problem, ...] | None:
    try:
        careful_load(text, "mutated.yaml")
    except malstyrning.PlanError as error:
        return error.problems
    return None


def problems(text: str) -> tuple[malstyrning.Problem, ...] | None:
    try:
        malstyrning.loads_plan(text, filename="mutated.yaml")
    except malstyrning.PlanError as error:
        return error.problems
    return None


@settings(
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    # Each example reads a whole real plan twice: half the profile's examples (CI: 250).
    max_examples=max(30, settings().max_examples // 2),
)
@given(st.integers(0, len(REAL) - 1), st.integers(0, 40), st.lists(NOISE, min_size=0, max_size=4))
def test_fast_reader_locates_problems_as_the_careful_does(position: int, cut: int, insert: list[str]) -> None:
    """An invalid plan that libyaml reads is located from libyaml's marks; the
    problems, their lines, columns, paths and messages, are the careful reader's."""
    text = REAL[:position] + "".join(insert) + REAL[position + cut :]
    assert problems(text) == careful_problems(text)


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.yaml")), ids=lambda p: p.name)
def test_corpus_located_alike(path: Path) -> None:
    """Every hostile file that is UTF-8 is refused with exactly the careful reader's problems."""
    # Located from libyaml's marks where the fast reader reads the file, by the careful
    # reader itself where the fast one declines it.
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before either reader sees it (test_hostile_corpus checks how)")
    expected = careful_problems(text)
    assert expected, "every file of the corpus is refused"
    assert problems(text) == expected


def test_fast_locating_is_used() -> None:
    """A plan with a misspelt key is located without the careful reader."""
    text = REAL.replace("titel:", "tittel:", 1)
    assert fast_load(text) is not None
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        _fast(text, "mutated.yaml")
    assert any("did you mean 'titel'" in str(problem) for problem in caught.value.problems)
    assert caught.value.problems == careful_problems(text)


# A real plan made larger than the careful reader's comfortable size by a
# comment at the end, so line numbers stay those of the plan.
PADDING = "# " + "x" * 78 + "\n"


def large(text: str) -> str:
    return text + PADDING * (2**20 // len(PADDING) + 1)


@pytest.mark.parametrize(
    "edit",
    [
        ("    titel:", "    titel: [Oavslutad\n    titel:"),  # a syntax error
        ("    titel:", "    enhet: x\n    enhet: y\n    titel:"),  # a repeated key
    ],
)
def test_large_files_are_located_by_libyaml(edit: tuple[str, str]) -> None:
    """Above 1 MiB, syntax errors and repeated keys are located by libyaml in
    about a second (the careful reader takes seconds a megabyte): same line and
    column as the careful reader, and for a repeated key the same message."""
    text = REAL.replace(*edit, 1)
    expected = careful_problems(text)
    assert expected
    got = problems(large(text))
    assert got is not None
    assert len(got) == 1
    assert (got[0].line, got[0].column) == (expected[0].line, expected[0].column)
    if "duplicate" in expected[0].message:
        assert got == expected[:1]
    else:  # an unclosed '[': both readers' words end with what to do
        hint = "close the '[' from line"
        assert hint in expected[0].message
        assert hint in got[0].message


@pytest.mark.parametrize(
    "edit",
    [
        ("titel: Blomstrande näringsliv", "titel: Blomstrande\u2028näringsliv"),
        ("      Entreprenörsandan", "      \tEntreprenörsandan"),
    ],
)
def test_large_valid_plans_are_not_refused(edit: tuple[str, str]) -> None:
    """What libyaml refuses but the careful reader reads (a U+2028 in text, a
    tab inside a block scalar) is not reported for a large file either."""
    text = REAL.replace(*edit, 1)
    assert careful_problems(text) is None
    assert problems(large(text)) is None
