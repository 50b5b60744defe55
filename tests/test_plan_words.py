"""The plan's own words: how its trend arrows read (``regler.trendpil``) and its
label words (``etiketter``), in the model, the engine and every output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import malstyrning
from conftest import PLANS, make_indicator, plan_text
from malstyrning import Change, Improvement, Rules, TrendArrow

IMPROVEMENT = Rules.model_validate({"trendpil": "förbättring"})
DIRECTION = Rules.model_validate({"trendpil": "riktning"})


def assess_one(rules: Rules | None, **keys: Any) -> malstyrning.IndicatorResult:
    return malstyrning.assess_indicator(make_indicator(**keys), year=2017, rules=rules)


def problems(text: str) -> list[str]:
    with pytest.raises(malstyrning.PlanError) as caught:
        malstyrning.loads_plan(text, filename="plan.yaml")
    return [problem.message for problem in caught.value.problems]


# -- The model ---------------------------------------------------------------------------


def test_trendpil_reads_its_words_and_defaults_to_riktning() -> None:
    """riktning and förbättring are the words; no rule means riktning, at every level."""
    assert IMPROVEMENT.arrow is TrendArrow.IMPROVEMENT
    assert DIRECTION.arrow is TrendArrow.DIRECTION
    assert Rules().arrow is None
    assert malstyrning.effective_rules().arrow is TrendArrow.DIRECTION
    assert malstyrning.effective_rules(IMPROVEMENT).arrow is TrendArrow.IMPROVEMENT
    assert malstyrning.effective_rules(IMPROVEMENT, Rules()).arrow is TrendArrow.IMPROVEMENT
    assert malstyrning.effective_rules(IMPROVEMENT, DIRECTION).arrow is TrendArrow.DIRECTION


def test_an_unknown_trendpil_word_names_the_words() -> None:
    """A misspelt rule is refused with the words it can be."""
    (message,) = problems(plan_text("regler: {trendpil: förbätring}\n"))
    assert "riktning | förbättring" in message


def test_etiketter_are_read_by_group_and_code() -> None:
    """Each group's keys are the plan's words for the codes; what is left out is None."""
    plan = malstyrning.loads_plan(
        plan_text(
            """\
            etiketter:
              indikator: {värde uppnått: Uppfyllt, nära värde: "  Delvis uppfyllt  "}
              mål: {helt uppfyllt: Helt uppfyllt, ej bedömd: Ej mätbart}
              trend: {ökad: ↗ Förbättrad, inget värde angivet: Data saknas}
              förbättring: {försämrad: Negativ utveckling}
            """
        )
    )
    labels = plan.labels
    assert labels is not None
    assert (labels.indicator.reached, labels.indicator.close, labels.indicator.far) == (
        "Uppfyllt",
        "Delvis uppfyllt",  # the spaces around a word are dropped
        None,
    )
    assert (labels.goal.fully, labels.goal.not_assessed) == ("Helt uppfyllt", "Ej mätbart")
    assert (labels.trend.increased, labels.trend.none) == ("↗ Förbättrad", "Data saknas")
    assert labels.improvement.worsened == "Negativ utveckling"
    assert malstyrning.loads_plan(plan_text()).labels is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "etiketter: {indikator: {värde_uppnått: Uppfyllt}}",
            "okänd nyckel 'värde_uppnått'; menade du 'värde uppnått'?",
        ),
        ("etiketter: {indkator: {}}", "okänd nyckel 'indkator'; menade du 'indikator'?"),
        ("etiketter: {mål: {helt uppfylt: Helt}}", "menade du 'helt uppfyllt'?"),
        ('etiketter: {mål: {helt uppfyllt: "Helt\\nuppfyllt"}}', "ska vara en etikett på en rad"),
        (f"etiketter: {{mål: {{helt uppfyllt: {'x' * 61}}}}}", "får vara högst 60 tecken, men här står 61"),
        ("etiketter: {mål: {helt uppfyllt: '   '}}", "ska vara en text, men är tom"),
        ("etiketter: {mål: {helt uppfyllt: 3}}", "ska vara en text"),
        (
            "etiketter: {mål: {helt uppfyllt: Klart, delvis uppfyllt: klart}}",
            "ordet 'klart' står för både 'helt uppfyllt' och 'delvis uppfyllt'",
        ),
    ],
)
def test_bad_etiketter_are_refused_with_what_is_wrong(body: str, expected: str) -> None:
    """Unknown keys get a did-you-mean; words are text on one line, short and distinct."""
    messages = problems(plan_text(body + "\n"))
    assert any(expected in message for message in messages), messages


def test_a_word_of_exactly_the_limit_is_accepted() -> None:
    """60 characters is the most a label may have."""
    word = "x" * malstyrning.LABEL_MAX_LENGTH
    plan = malstyrning.loads_plan(plan_text(f"etiketter: {{mål: {{helt uppfyllt: {word}}}}}\n"))
    assert plan.labels is not None
    assert plan.labels.goal.fully == word


# -- The arrow ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "baseline", "value", "number", "arrow_by_improvement"),
    [
        ("öka", 100, 150, Change.INCREASED, Change.INCREASED),  # rose, improved
        ("öka", 100, 50, Change.DECREASED, Change.DECREASED),  # fell, worsened
        ("minska", 4.32, 1.18, Change.DECREASED, Change.INCREASED),  # fell, improved: sick leave
        ("minska", 3.4, 3.7, Change.INCREASED, Change.DECREASED),  # rose, worsened: unemployment
        ("minska", 5, 5, Change.UNCHANGED, Change.UNCHANGED),
    ],
)
def test_the_arrow_under_both_rules(
    direction: str, baseline: float, value: float, number: Change, arrow_by_improvement: Change
) -> None:
    """riktning: the arrow is the number's change; förbättring: the improvement's. The
    trend itself is the same under both rules, and so is the JSON's trend.direction."""
    keys: dict[str, Any] = {"riktning": direction, "ingangsvarde": {"värde": baseline, "år": 2016}}
    by_number = assess_one(None, utfall={2017: value}, **keys)
    by_improvement = assess_one(IMPROVEMENT, utfall={2017: value}, **keys)
    assert by_number.arrow_change is number
    assert by_improvement.arrow_change is arrow_by_improvement
    assert by_number.trend == by_improvement.trend
    assert by_number.trend.direction is number
    assert (by_number.arrow, by_improvement.arrow) == (TrendArrow.DIRECTION, TrendArrow.IMPROVEMENT)
    assert dataclasses.replace(by_improvement, arrow=TrendArrow.DIRECTION) == by_number


def test_without_a_desired_direction_there_is_no_improvement_arrow() -> None:
    """A number that rose with nothing saying which way is better: no arrow by improvement."""
    result = assess_one(IMPROVEMENT, utfall={2016: 4, 2017: 5})
    assert result.trend.direction is Change.INCREASED
    assert result.trend.improvement is Improvement.NONE
    assert result.arrow_change is Change.NONE


def test_an_indicator_overrides_the_plans_trendpil() -> None:
    """regler: {trendpil: riktning} on one indicator keeps its arrow by the number."""
    plan = malstyrning.loads_plan(
        plan_text(
            """\
            regler: {trendpil: förbättring}
            verksamhetsmått:
              - {id: a, titel: A, riktning: minska, ingångsvärde: {värde: 5, år: 2016}, utfall: {2017: 4}}
              - id: b
                titel: B
                riktning: minska
                ingångsvärde: {värde: 5, år: 2016}
                utfall: {2017: 4}
                regler: {trendpil: riktning}
            """
        )
    )
    result = malstyrning.assess(plan, year=2017)
    assert result.rules.arrow is TrendArrow.IMPROVEMENT
    a, b = result.measures
    assert (a.arrow, a.arrow_change) == (TrendArrow.IMPROVEMENT, Change.INCREASED)
    assert (b.arrow, b.arrow_change) == (TrendArrow.DIRECTION, Change.DECREASED)
    data = json.loads(malstyrning.to_json(result))
    assert data["rules"]["arrow"] == "improvement"
    trends = [m["trend"] for m in data["measures"]]
    assert [(trend["arrow"], trend["shown"], trend["direction"]) for trend in trends] == [
        ("improvement", "increased", "decreased"),
        ("direction", "decreased", "decreased"),
    ]


@given(
    st.sampled_from(["öka", "minska", "bibehåll"]),
    st.integers(-1000, 1000),
    st.integers(-1000, 1000),
    st.one_of(st.none(), st.integers(-1000, 1000)),
    st.sampled_from([0, 0.5, 3]),
)
def test_with_forbattring_the_arrow_is_up_exactly_when_improved(
    direction: str, baseline: int, value: int, target: int | None, tolerance: float
) -> None:
    """For any indicator: with förbättring the arrow is ↗ iff improved, ↘ iff worsened;
    with riktning it is the number's change; the trend is the same under both."""
    keys: dict[str, Any] = {
        "riktning": direction,
        "ingangsvarde": {"värde": baseline, "år": 2016},
        "utfall": {2017: value},
        "tolerans": tolerance,
    }
    if target is not None and direction != "bibehåll":
        target = max(target, baseline) if direction == "öka" else min(target, baseline)
    if target is not None:
        keys["malvarde"] = target
    by_improvement = assess_one(IMPROVEMENT, **keys)
    by_number = assess_one(DIRECTION, **keys)
    improvement = by_improvement.trend.improvement
    assert (by_improvement.arrow_change is Change.INCREASED) == (improvement is Improvement.IMPROVED)
    assert (by_improvement.arrow_change is Change.DECREASED) == (improvement is Improvement.WORSENED)
    assert (by_improvement.arrow_change is Change.UNCHANGED) == (improvement is Improvement.UNCHANGED)
    assert by_number.arrow_change is by_number.trend.direction
    assert by_number.trend == by_improvement.trend


@pytest.mark.parametrize(
    ("rules", "stated", "disagrees"),
    [
        (None, "↗ Ökad", True),  # the number fell: "↗ Ökad" read as the number's direction differs
        (IMPROVEMENT, "↗ Ökad", False),  # read as improvement, it agrees
        (IMPROVEMENT, "↘ Minskad", True),
        (None, "↘ Minskad", False),
    ],
)
def test_a_stated_trend_is_read_as_the_plan_reads_arrows(
    rules: Rules | None, stated: str, disagrees: bool
) -> None:
    """Falling sick leave stated "↗ Ökad": a disagreement only where arrows follow the number."""
    result = assess_one(
        rules,
        riktning="minska",
        ingangsvarde={"värde": 4.32, "år": 2016},
        utfall={2017: 1.18},
        angiven_trend=stated,
    )
    assert result.trend_disagrees is disagrees


# -- The outputs -------------------------------------------------------------------------

WORDS_PLAN = plan_text(
    """\
    regler: {trendpil: förbättring}
    etiketter:
      indikator: {värde uppnått: Uppfyllt, långt ifrån värde: Ej uppfyllt, inget värde angivet: Ej mätbart}
      mål: {helt uppfyllt: Fullt ut, ej bedömd: Ej mätbart}
      trend: {ökad: ↗ Förbättrad, minskad: ↘ Försämrad, inget värde angivet: "Data | saknas"}
      förbättring: {förbättrad: Positiv utveckling}
    målområden:
      - titel: Område
        mål:
          - id: sjuk
            titel: Låg sjukfrånvaro
            indikatorer:
              - id: sjukfranvaro
                titel: Sjukfrånvaro
                enhet: "%"
                riktning: minska
                ingångsvärde: {värde: 4.32, år: 2016}
                målvärde: 4
                utfall: {2016: 4.32, 2017: 1.18}
                angiven_trend: ↗ Ökad
          - id: tomt
            titel: Inget mätt
            indikatorer:
              - {id: utan-mal, titel: Utan mål, utfall: {2017: 3}}
    """
)


def words_assessment() -> malstyrning.Assessment:
    return malstyrning.assess(malstyrning.loads_plan(WORDS_PLAN), year=2017)


def terminal(assessment: malstyrning.Assessment, lang: malstyrning.Language = "sv") -> str:
    out = io.StringIO()
    malstyrning.print_assessment(assessment, lang=lang, console=Console(file=out, width=200))
    return out.getvalue()


def words_report(lang: malstyrning.Language = "sv") -> malstyrning.Report:
    plan = malstyrning.loads_plan(WORDS_PLAN)
    return malstyrning.build_report(
        plan, malstyrning.assess(plan, year=2017), lang=lang, generated=dt.date(2018, 2, 15)
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_terminal_prints_the_plans_words(lang: malstyrning.Language) -> None:
    """The tree and the summary counts use the plan's words, in either language."""
    out = terminal(words_assessment(), lang)
    assert "Uppfyllt · ↗ Förbättrad" in out  # the sick leave fell: improved, the plan's word
    assert "(trend som angiven)" in out or "(trend as stated)" in out  # "↗ Ökad" stated agrees
    assert "Fullt ut · trend: Positiv utveckling" in out  # the plan's word as it writes it
    assert "Ej mätbart: inget målvärde" in out or "Ej mätbart: no target" in out
    summary = out[out.index("Sammanfattning" if lang == "sv" else "Summary") :]
    assert "Fullt ut" in summary
    assert "Uppfyllt" in summary
    assert "Helt uppfyllt" not in out
    assert "Värde uppnått" not in out
    assert "Target reached" not in out
    # The codes the plan leaves out keep their default words.
    assert ("Nära värde" if lang == "sv" else "Close to target") in summary


def test_without_etiketter_the_terminal_is_unchanged() -> None:
    """The default words, and no word about the arrows, when the plan says nothing."""
    plain = WORDS_PLAN.replace("regler: {trendpil: förbättring}\n", "")
    plain = plain[: plain.index("etiketter:")] + plain[plain.index("målområden:") :]
    out = terminal(malstyrning.assess(malstyrning.loads_plan(plain), year=2017))
    assert "Värde uppnått · ↘ Minskad, förbättrad  ≠ angiven trend: ↗ Ökad" in out
    assert "trendpilen" not in out
    assert "Helt uppfyllt" in out


def test_markdown_prints_the_plans_words_escaped() -> None:
    """The Markdown report: the plan's words in tables, headings and counts; a pipe in a
    word is escaped so it cannot split a table cell."""
    markdown = str(malstyrning.render_report(words_report(), "md"))
    assert "✓ Uppfyllt" in markdown
    assert "↗ Förbättrad" in markdown
    assert "Fullt ut" in markdown
    assert "Positiv utveckling" in markdown
    assert "trendpilen visar förbättring" in markdown
    assert "Värde uppnått" not in markdown
    assert "Helt uppfyllt" not in markdown
    for line in markdown.splitlines():
        if line.startswith("| Sjukfrånvaro"):
            assert line.endswith("| ✓ Uppfyllt | ↗ Förbättrad (som angiven) |"), line
    # utan-mal has no desired direction: no arrow by improvement, the plan's word for none,
    # its pipe escaped.
    assert "| Data \\| saknas |" in markdown
    assert "Data | saknas" not in markdown


def test_html_prints_the_plans_words() -> None:
    """The HTML report's badges, trend cells and counts use the plan's words."""
    html = str(malstyrning.render_report(words_report(), "html"))
    assert "Uppfyllt" in html
    assert "↗ Förbättrad" in html
    assert "Fullt ut" in html
    assert "trendpilen visar förbättring" in html
    assert "Värde uppnått" not in html
    assert "Helt uppfyllt" not in html


def test_english_reports_keep_the_plans_words() -> None:
    """--lang en: English headings, the plan's own words for its labels."""
    markdown = str(malstyrning.render_report(words_report("en"), "md"))
    assert "Assessment" in markdown
    assert "✓ Uppfyllt" in markdown
    assert "Target reached" not in markdown
    assert "trend arrows show improvement" in markdown


def test_show_prints_the_plans_words() -> None:
    """The terminal chart's last line: the plan's words for the bedömning and the arrow."""
    chart = malstyrning.render_indicator_chart(words_report(), "sjukfranvaro")
    assert chart.splitlines()[-1].startswith("Bedömning: Uppfyllt · Trend: ↗ Förbättrad")


def test_json_keeps_codes_and_adds_the_plans_words() -> None:
    """Codes stay codes; the plan's words are under labels, by code."""
    data = json.loads(malstyrning.to_json(words_assessment()))
    assert data["labels"] == {
        "indicator": {"reached": "Uppfyllt", "far": "Ej uppfyllt", "not_assessed": "Ej mätbart"},
        "goal": {"fully": "Fullt ut", "not_assessed": "Ej mätbart"},
        "trend": {"increased": "↗ Förbättrad", "decreased": "↘ Försämrad", "none": "Data | saknas"},
        "improvement": {"improved": "Positiv utveckling"},
    }
    (goal, _) = data["areas"][0]["goals"]
    assert goal["status"] == "fully"
    assert goal["indicators"][0]["trend"]["direction"] == "decreased"
    assert goal["indicators"][0]["trend"]["shown"] == "increased"
    assert goal["indicators"][0]["trend_disagrees"] is False


def test_label_takes_a_plans_words_explicitly() -> None:
    """malstyrning.label(code, labels=...) for callers that print their own output."""
    labels = words_assessment().labels
    assert malstyrning.label(malstyrning.IndicatorStatus.REACHED, labels=labels) == "Uppfyllt"
    assert malstyrning.label(malstyrning.IndicatorStatus.REACHED, "en", labels=labels) == "Uppfyllt"
    assert malstyrning.label(malstyrning.IndicatorStatus.CLOSE, "en", labels=labels) == "Close to target"
    assert malstyrning.label(malstyrning.IndicatorStatus.REACHED) == "Värde uppnått"  # no words: default


def test_the_2017_plan_reads_arrows_as_improvement() -> None:
    """plans/2017.yaml says trendpil: förbättring; plans/2018.yaml, with no arrows in its
    source, keeps the default."""
    assert malstyrning.load_plan(PLANS / "2017.yaml").rules.arrow is TrendArrow.IMPROVEMENT
    assert malstyrning.load_plan(PLANS / "2018.yaml").rules.arrow is None
