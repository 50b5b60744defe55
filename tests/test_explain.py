"""explain: every step that gave an indicator or a goal its label."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, plan_text
from malstyrning._cli import app
from malstyrning._report._explain_text import explanation_lines
from malstyrning._report._labels import floor_percent

runner = CliRunner()


def lines(plan: malstyrning.Plan, ident: str, lang: malstyrning.Language = "sv", **kw: Any) -> list[str]:
    return explanation_lines(malstyrning.explain(plan, ident, **kw), lang)


def one(body: str, year: int = 2017) -> tuple[malstyrning.Explanation, list[str]]:
    """A plan with one goal and the indicator `i` given by ``body`` (its keys, indented)."""
    text = plan_text(
        "regler:\n  nära: 0.6\nmålområden:\n  - id: a\n    titel: A\n    mål:\n"
        "      - id: g\n        titel: G\n        indikatorer:\n          - id: i\n            titel: I\n"
        + body
    )
    plan = malstyrning.loads_plan(text)
    explanation = malstyrning.explain(plan, "i", year=year)
    return explanation, explanation_lines(explanation)


def keys(*lines: str) -> str:
    """The indicator's keys, one a line, indented as ``one`` places them."""
    return "".join(f"            {line}\n" for line in lines)


GOAL_G = "målområden:\n  - id: a\n    titel: A\n    mål:\n      - id: g\n        titel: G\n"


def kinds(explanation: malstyrning.Explanation) -> list[str]:
    return [step.kind.value for step in explanation.steps]


def test_sommarjobb_progress_arithmetic() -> None:
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    said = lines(plan, "sommarjobb", year=2017)
    assert any(
        s.startswith("(158 − 102) / (200 − 102) = 57,1 % ≥ 50 % → Nära värde (nära 50 %: standard")
        for s in said
    )
    assert "Värde som används: 158 (2017)." in said
    assert "Trendpil: förbättring (planens regler)." in said
    assert said[-1] == "Resultat: Nära värde."
    english = lines(plan, "sommarjobb", "en", year=2017)
    assert any(s.startswith("(158 − 102) / (200 − 102) = 57.1% ≥ 50% → Close to target") for s in english)


def test_rule_layers_are_named() -> None:
    explanation, said = one(
        "            regler: {metod: måluppfyllelse}\n            riktning: öka\n"
        "            målvärde: 100\n            utfall: {2017: 70}\n"
    )
    rules = {
        s.facts["rule"]: s.facts["layer"] for s in explanation.steps if s.kind is malstyrning.StepKind.RULE
    }
    # måluppfyllelse from the indicator resets the plan's nära to the method's default.
    assert rules == {"method": "indicator", "near": "default", "trend": "default", "arrow": "default"}
    assert "Metod: måluppfyllelse (indikatorns regler)." in said
    assert any(s.startswith("70 / 100 = 70 % < 80 % → Långt ifrån värde") for s in said)
    _, said = one(keys("riktning: öka", "ingångsvärde: 0", "målvärde: 100", "utfall: {2017: 65}"))
    assert "Nära: 60 % (planens regler)." in said
    assert any(
        s.startswith("(65 − 0) / (100 − 0) = 65 % ≥ 60 % → Nära värde (nära 60 %: planens regler)")
        for s in said
    )


def test_fulfilment_fallback_start_past_target() -> None:
    explanation, said = one(
        "            riktning: minska\n            ingångsvärde: {värde: 1.18, år: 2016}\n"
        "            målvärde: 4\n            utfall: {2017: 5}\n"
    )
    assert "fulfilment" in kinds(explanation)
    assert any("Ingångsvärdet är redan vid eller förbi målvärdet" in s for s in said)
    # minska: målvärde / utfall, against the plan's nära 0,6 (explicit: it applies after the fallback)
    assert any(s.startswith("4 / 5 = 80 % ≥ 60 % → Nära värde") for s in said)


def test_maintain_and_direction_only_and_threshold() -> None:
    _, said = one(keys("riktning: bibehåll", "målvärde: 100", "tolerans: 2", "utfall: {2017: 101}"))
    assert any(s.startswith("Bibehåll 100: |101 − 100| = 1 ≤ 2 (tolerans) → Värde uppnått") for s in said)
    _, said = one(keys("riktning: öka", "ingångsvärde: {värde: 10, år: 2016}", "utfall: {2017: 8}"))
    assert any(
        s.startswith("Bara riktning, inget målvärde: förbättringen mot ingångsvärdet 8 − 10 = -2")
        for s in said
    )
    assert said[-1] == "Resultat: Långt ifrån värde."
    _, said = one(
        "            riktning: öka\n            ingångsvärde: 0\n            målvärde: 100\n"
        "            gränsvärde: 30\n            utfall: {2017: 40}\n"
    )
    threshold = "; indikatorns gränsvärde 30 avgör i stället för nära: 40 ≥ 30 → Nära värde"
    assert any(threshold in s for s in said)


def test_trend_sentence_says_the_change_once() -> None:
    """ "→ Oförändrad" is the whole trend: no arrow before it, no "oförändrad" after it."""
    _, said = one(
        keys("riktning: öka", "ingångsvärde: {värde: 10, år: 2016}", "målvärde: 20", "utfall: {2017: 10}")
    )
    assert "Trend mot ingångsvärdet: 10 (2016) → 10, förändring 0: → Oförändrad." in said
    _, said = one(
        keys("riktning: minska", "ingångsvärde: {värde: 10, år: 2016}", "målvärde: 5", "utfall: {2017: 8}")
    )
    assert "Trend mot ingångsvärdet: 10 (2016) → 8, förändring -2: ↘ Minskad, förbättrad." in said


def test_the_plans_own_label_words() -> None:
    """etiketter: the explanation ends in the word the plan's reports use."""
    text = plan_text(
        "etiketter: {indikator: {nära värde: Delvis uppfyllt}}\nmålområden:\n  - id: a\n    titel: A\n"
        "    mål:\n      - id: g\n        titel: G\n        indikatorer:\n          - id: i\n"
        "            titel: I\n"
        + keys("ingångsvärde: {värde: 0, år: 2016}", "målvärde: 100", "utfall: {2017: 60}")
    )
    said = lines(malstyrning.loads_plan(text), "i", year=2017)
    assert said[-1] == "Resultat: Delvis uppfyllt."


def test_not_assessed_and_missing_outcome() -> None:
    explanation, said = one(
        "            riktning: öka\n            utfall:\n              2016: 5\n"
        "              2017: {saknas: Ingen enkät}\n"
    )
    assert "Utfallet 2017 är markerat saknas (Ingen enkät): hoppas över." in said
    assert "Värde som används: 5 (2016), det senaste utfallet till och med 2017." in said
    assert "Kan inte bedömas: riktning utan ingångsvärde att jämföra med." in said
    assert explanation.status == "not_assessed"


def test_goal_roll_up() -> None:
    text = plan_text(
        GOAL_G + "        indikatorer:\n"
        "          - {id: x, titel: X, riktning: öka, målvärde: 10, utfall: {2017: 10}, vikt: 2}\n"
        "          - {id: y, titel: Y, riktning: öka, målvärde: 10, utfall: {2017: 1}}\n"
        "        mål:\n          - {id: h, titel: H}\n"
    )
    plan = malstyrning.loads_plan(text)
    explanation = malstyrning.explain(plan, "g", year=2017)
    said = explanation_lines(explanation)
    assert "Indikator x: Värde uppnått, poäng 1, vikt 2." in said
    assert "Mål h: Ej bedömd, räknas inte." in said
    assert any(s.startswith("Viktat medelvärde: 2 / 3 = 0,667") for s in said)
    assert said[-1] == "Resultat: I hög grad uppfyllt."
    assert explanation.status == malstyrning.assess(plan, year=2017).goals()[0].status.value


def test_unknown_id() -> None:
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    with pytest.raises(malstyrning.InvalidArgumentError, match="menade du 'sommarjobb'"):
        malstyrning.explain(plan, "sommarjobs")


def test_cli_text_json_and_unknown_id() -> None:
    plan = str(PLANS / "2017.yaml")
    text = runner.invoke(app, ["explain", plan, "sommarjobb"])
    assert text.exit_code == 0
    assert "57,1 % ≥ 50 % → Nära värde" in text.stdout
    assert max(len(line) for line in text.stdout.splitlines()) <= 80
    answer = runner.invoke(app, ["explain", plan, "fler-sommarjobb", "-f", "json", "--lang", "en"])
    data = json.loads(answer.stdout)
    assert data["status"] == "largely"
    assert data["steps"][-1] == {"step": "result", "status": "largely", "text": "Result: Largely met."}
    wrong = runner.invoke(app, ["explain", plan, "sommarjobs"])
    assert wrong.exit_code == 2
    assert "menade du 'sommarjobb'" in wrong.stderr


# -- properties: the explanation decides as the engine does -------------------------------

numbers = st.integers(-50, 150).map(float) | st.integers(-500, 1500).map(lambda n: n / 10)


@given(
    value=numbers,
    baseline=st.none() | numbers,
    target=st.none() | numbers,
    direction=st.none() | st.sampled_from(["öka", "minska", "bibehåll"]),
    threshold=st.none() | numbers,
    tolerance=st.sampled_from([0, 0.5, 2]),
    method=st.none() | st.sampled_from(["framsteg", "måluppfyllelse"]),
    near=st.none() | st.sampled_from([0.3, 0.5, 0.8]),
)
@example(
    value=55.0,
    baseline=10.0,
    target=100.0,
    direction="öka",
    threshold=None,
    tolerance=0,
    method=None,
    near=None,
)
@example(
    value=55.0,
    baseline=100.0,
    target=10.0,
    direction="minska",
    threshold=None,
    tolerance=0,
    method=None,
    near=None,
)
@example(
    value=8.0,
    baseline=10.0,
    target=None,
    direction="öka",
    threshold=None,
    tolerance=2,
    method=None,
    near=None,
)
def test_explanation_label_is_the_engines(**keys: Any) -> None:
    indicator: dict[str, Any] = {"id": "i", "titel": "I", "utfall": {2017: keys["value"]}}
    indicator["tolerans"] = keys["tolerance"]
    for key, name in (("baseline", "ingångsvärde"), ("target", "målvärde"), ("direction", "riktning")):
        if keys[key] is not None:
            indicator[name] = keys[key]
    if keys["threshold"] is not None:
        indicator["gränsvärde"] = keys["threshold"]
    rules = {k: v for k, v in (("metod", keys["method"]), ("nära", keys["near"])) if v is not None}
    if rules:
        indicator["regler"] = rules
    plan = malstyrning.loads_plan(
        plan_text(
            GOAL_G + "        indikatorer:\n          - " + json.dumps(indicator, ensure_ascii=False) + "\n"
        )
    )
    result = malstyrning.assess(plan, year=2017)
    explanation = malstyrning.explain(plan, "i", year=2017)
    assert explanation.status == result.indicators()[0].status.value
    assert explanation.steps[-1].facts["status"] == explanation.status
    goal = malstyrning.explain(plan, "g", year=2017)
    assert goal.status == result.goals()[0].status.value
    # The arithmetic sentence: its share recomputed from its own numbers.
    for sentence in explanation_lines(explanation):
        found = re.match(r"\((-?[\d,]+|\(-[\d,]+\)) − (\S+)\) / \((\S+) − \S+\) = (-?[\d ,]+) %", sentence)
        if found:
            x, b, t = (Decimal(n.strip("()").replace(",", ".")) for n in found.groups()[:3])
            share = float(Fraction((x - b) / (t - b)))
            assert floor_percent(share) == float(found.group(4).replace(" ", "").replace(",", "."))


def test_on_track_without_target_says_the_growth_the_desired_way() -> None:
    """minska: a rise of 8,8 % a year is -8,8 % the desired way, hence Försämring."""
    said = lines(malstyrning.load_plan(PLANS / "2017.yaml"), "arbetslosa-andel")
    sentence = next(s for s in said if s.startswith("I fas (FN:s SDG-metod)"))
    assert "= 8,8 % per år, -8,8 % i önskad riktning" in sentence
    assert sentence.endswith("→ Försämring.")


def test_trend_from_the_previous_outcome_says_why() -> None:
    said = lines(malstyrning.load_plan(PLANS / "2018.yaml"), "sjukfranvaro-total", year=2017)
    assert any(s.startswith("Trend mot föregående utfall (det finns inget ingångsvärde):") for s in said)
