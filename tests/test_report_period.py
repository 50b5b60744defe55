"""The follow-up reports during the year: the tertialrapport and the delårsrapport.

`report PLAN --period 2016-T2` (or `--rapport delår`, or the calendar's
default) writes what the law asks a delårsrapport to say: per indicator its
value at the period's end, its year-end forecast and the forecast's label; per
goal whether it is expected to be met (beside a stated `angiven_prognos`); the
economy's full-year forecast against budget. Every format is read back here for
plans/2016-delar.yaml at tertial 1 and 2; plans/2018.yaml, which has no value
for 2018 yet, says so plainly and judges nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import GOLDEN, PLANS, plan_text
from malstyrning import Language
from malstyrning._cli import app
from malstyrning._report._build import Report, build_report

pytest.importorskip("jinja2")
pytest.importorskip("pygal")
docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

from malstyrning._report._docx import render_docx  # noqa: E402 (after the extras are known to be there)
from malstyrning._report._html import render_html  # noqa: E402
from malstyrning._report._markdown import render_markdown  # noqa: E402
from malstyrning._report._xlsx import render_xlsx  # noqa: E402
from test_html import CHROMIUM, _page_widths, parse  # noqa: E402

PLAN = PLANS / "2016-delar.yaml"
DAY = dt.date(2016, 9, 30)
PERIODS = ("2016-T1", "2016-T2")

MOTTAGNA = "Mottagna nyanlända, antal hittills i år"
BOSTAD = "Nyanlända som fått bostad inom två månader, andel"
STOD = "Hushåll med försörjningsstöd"
JOBB = "Välfärdsanställningar som leder till fortsatt anställning, andel"

TITLE = {
    ("2016-T1", "sv"): "Tertialrapport 2016",
    ("2016-T2", "sv"): "Delårsrapport 2016",
    ("2016-T1", "en"): "Four-month report 2016",
    ("2016-T2", "en"): "Interim report 2016",
}
PERIOD = {
    ("2016-T1", "sv"): "Januari–april 2016",
    ("2016-T2", "sv"): "Januari–augusti 2016",
    ("2016-T1", "en"): "January–April 2016",
    ("2016-T2", "en"): "January–August 2016",
}
# Each indicator's forecast cell: its value and basis, and its label.
FORECAST: dict[tuple[str, Language], dict[str, tuple[str, str]]] = {
    ("2016-T1", "sv"): {
        MOTTAGNA: ("110 (angiven prognos)", "✓ Värde uppnått"),
        BOSTAD: ("64 % (senaste läget från jan–apr)", "✗ Långt ifrån värde"),
        STOD: ("83 (senaste läget från jan–apr)", "≈ Nära värde"),
        JOBB: ("22 % (senaste läget från jan–apr)", "✗ Långt ifrån värde"),
    },
    ("2016-T2", "sv"): {
        MOTTAGNA: ("110 (angiven prognos)", "✓ Värde uppnått"),
        BOSTAD: ("61 % (senaste läget från jan–aug)", "✗ Långt ifrån värde"),
        STOD: ("80 (senaste läget från jan–aug)", "≈ Nära värde"),
        JOBB: ("25 % (senaste läget från jan–aug)", "≈ Nära värde"),
    },
    ("2016-T1", "en"): {
        MOTTAGNA: ("110 (stated forecast)", "✓ Target reached"),
        BOSTAD: ("64% (latest level carried forward from Jan–Apr)", "✗ Far from target"),
        STOD: ("83 (latest level carried forward from Jan–Apr)", "≈ Close to target"),
        JOBB: ("22% (latest level carried forward from Jan–Apr)", "✗ Far from target"),
    },
    ("2016-T2", "en"): {
        MOTTAGNA: ("110 (stated forecast)", "✓ Target reached"),
        BOSTAD: ("61% (latest level carried forward from Jan–Aug)", "✗ Far from target"),
        STOD: ("80 (latest level carried forward from Jan–Aug)", "≈ Close to target"),
        JOBB: ("25% (latest level carried forward from Jan–Aug)", "≈ Close to target"),
    },
}
# Each goal's forecast; the first goal's stated angiven_prognos ("bedöms uppfyllas") differs.
GOAL_FORECAST = {
    ("2016-T1", "sv"): ("✓ Bedöms i hög grad uppfyllas", "≈ Bedöms delvis uppfyllas"),
    ("2016-T2", "sv"): ("✓ Bedöms i hög grad uppfyllas", "✓ Bedöms i hög grad uppfyllas"),
    ("2016-T1", "en"): ("✓ Expected to be largely met", "≈ Expected to be partly met"),
    ("2016-T2", "en"): ("✓ Expected to be largely met", "✓ Expected to be largely met"),
}
STATED = {"sv": "Bedöms uppfyllas", "en": "Expected to be met"}
DIFFERS = {"sv": "avviker från den beräknade", "en": "differs from the computed one"}
# The economy's line: the full-year forecast against budget, and the utfall so far where
# the plan has one (at tertial 2: January–August; none for tertial 1).
_FORECAST_LINE = {
    "sv": "Helårsprognos 2016, Resultat: 400 tkr mot budget 0 tkr; avvikelse (budget − prognos) -400 tkr.",
    "en": (
        "Full-year forecast 2016, Resultat: 400 tkr against a budget of 0 tkr; "
        "variance (budget − forecast) -400 tkr."
    ),
}
ECONOMY = {
    ("2016-T1", "sv"): _FORECAST_LINE["sv"],
    ("2016-T1", "en"): _FORECAST_LINE["en"],
    ("2016-T2", "sv"): _FORECAST_LINE["sv"] + " Utfall jan–aug 2016: -100 tkr.",
    ("2016-T2", "en"): _FORECAST_LINE["en"] + " Actual Jan–Aug 2016: -100 tkr.",
}
RESULT_ROW = {  # the economy table's result row: budget, (utfall so far,) forecast, avvikelse
    "2016-T1": ["**0**", "**400**", "**-400**"],
    "2016-T2": ["**0**", "**-100**", "**400**", "**-400**"],
}
CASES = [(period, lang) for period in PERIODS for lang in ("sv", "en")]


@functools.cache
def report(period: str, lang: Language = "sv", plan: Path = PLAN) -> Report:
    loaded = malstyrning.load_plan(plan)
    return build_report(loaded, malstyrning.assess(loaded, period=period), lang=lang, generated=DAY)


def markdown_rows(text: str) -> dict[str, list[str]]:
    """Every table row of a Markdown report by its first cell: its cells."""
    rows: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("| "):
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows[cells[0]] = cells
    return rows


# -- what is gathered -----------------------------------------------------------


@pytest.mark.parametrize(("period", "lang"), CASES)
def test_the_title_and_period_come_from_the_calendar(period: str, lang: Language) -> None:
    built = report(period, lang)
    assert render_markdown(built).startswith(f"# {TITLE[period, lang]}: Arbetsmarknadsenheten\n")
    assert built.period == period
    assert built.forecasts


def test_the_plans_own_title_wins_and_a_calendar_name_of_its_own_is_kept(tmp_path: Path) -> None:
    """`rapport: {titel: ...}` is the title at any period; a report in the plan's
    calendar whose name is no kind of report is titled by that name and the year."""
    text = PLAN.read_text(encoding="utf-8")
    titled = tmp_path / "titled.yaml"
    titled.write_text(text + "rapport: {titel: Delårsrapport januari–augusti 2016}\n", encoding="utf-8")
    assert render_markdown(report("2016-T2", "sv", titled)).startswith(
        "# Delårsrapport januari–augusti 2016:"
    )
    own = tmp_path / "own.yaml"
    own.write_text(text.replace("namn: Delårsrapport", "namn: Delårsbokslut"), encoding="utf-8")
    assert render_markdown(report("2016-T2", "en", own)).startswith("# Delårsbokslut 2016:")
    # A period the calendar has no report for (a month) makes a delårsrapport.
    assert render_markdown(report("2016-05", "sv")).startswith("# Delårsrapport 2016:")


def test_a_value_for_an_earlier_period_says_which(write_plan: Any) -> None:
    """At tertial 2, an indicator whose latest value is tertial 1's shows it in the
    year's column as "(jan–apr)", and forecasts from it."""
    path = write_plan(
        plan_text(
            """\
            målområden:
              - titel: A
                mål:
                  - titel: M
                    indikatorer:
                      - {id: i, titel: Andel, enhet: "%", riktning: öka, ingångsvärde: {värde: 50, år: 2017},
                         målvärde: 60, utfall: {2018-T1: 55}}
            """
        )
    )
    rows = markdown_rows(render_markdown(report("2018-T2", "sv", path)))
    assert rows["Andel"][3] == "55 % (jan–apr)"
    assert rows["Andel"][6] == "55 % (senaste läget från jan–apr) ≈ Nära värde"


# -- Markdown ---------------------------------------------------------------------


@pytest.mark.parametrize(("period", "lang"), CASES)
def test_markdown_shows_value_forecast_and_labels(period: str, lang: Language) -> None:
    text = render_markdown(report(period, lang))
    rows = markdown_rows(text)
    words = "Period"
    assert rows[words] == [words, PERIOD[period, lang]]
    month = {"2016-T1": "apr", "2016-T2": "aug"}[period]
    month = month if lang == "sv" else month.capitalize()
    head = rows["Titel" if lang == "sv" else "Title"]
    assert head[3:] == (
        [f"Utfall jan–{month} 2016", "Mål 2016", "Bedömning", "Prognos 2016", "Trend"]
        if lang == "sv"
        else [f"Outcome Jan–{month} 2016", "Target 2016", "Assessment", "Forecast 2016", "Trend"]
    )
    for title, (value, label) in FORECAST[period, lang].items():
        assert rows[title][6] == f"{value} {label}", title
    first, second = GOAL_FORECAST[period, lang]
    forecast = "Prognos 2016" if lang == "sv" else "Forecast 2016"
    stated = "Angiven prognos" if lang == "sv" else "Stated forecast"
    differs = DIFFERS[lang]
    assert f"- **{forecast}:** {first}\n- **{stated}:** {STATED[lang]} ⚠ *{differs}*\n" in text
    assert f"- **{forecast}:** {second}\n" in text
    assert f"\n{ECONOMY[period, lang]}\n" in text
    full_year = "Helårsprognos 2016" if lang == "sv" else "Full-year forecast 2016"
    assert rows["**Resultat**"][1:] == RESULT_ROW[period]
    assert full_year in rows[""]
    if period == "2016-T2":
        assert ("Utfall jan–aug 2016" if lang == "sv" else "Actual Jan–Aug 2016") in rows[""]


def test_markdown_counts_so_far_are_not_judged_nor_compared() -> None:
    """A count so far this year (ackumulerat) is judged by its forecast: its own
    cell says so, and its trend says it is not compared (not "Inget värde angivet")."""
    rows = markdown_rows(render_markdown(report("2016-T2")))
    assert rows[MOTTAGNA][3] == "82 *(varav 39 på anvisning och räknas i avtalet)*"
    assert rows[MOTTAGNA][5] == "– Hittills i år: se prognosen"
    assert rows[MOTTAGNA][7] == "Ingen jämförelse"


# -- HTML ---------------------------------------------------------------------------


@functools.cache
def html_page(period: str, lang: Language = "sv") -> str:
    return render_html(report(period, lang))


@pytest.mark.parametrize(("period", "lang"), CASES)
def test_html_shows_value_forecast_and_labels(period: str, lang: Language) -> None:
    page = parse(html_page(period, lang))
    assert page.find("h1").text() == TITLE[period, lang]
    facts = page.find("dl", class_="facts").text()
    assert f"Period {PERIOD[period, lang]}" in facts
    assert page.find_all("p", class_="notice") == []  # the year has values
    by_title = {
        str(row.find("th").children[0]).strip(): row for row in page.find_all("tr") if row.attrs.get("id")
    }
    for title, (value, label) in FORECAST[period, lang].items():
        cell = by_title[title].find("td", class_="forecast-cell")
        assert cell.find("span", class_="badge").text() == label
        assert cell.find("span", class_="forecast-value").text() == value
    goal = page.find("article", id="goal-mottagande")
    first, _ = GOAL_FORECAST[period, lang]
    assert goal.find("div", class_="forecast").find("dd").text() == first
    stated = goal.find("div", class_="differs")
    assert stated.find("dd").text().startswith(f"✓ {STATED[lang]} ⚠")
    assert ECONOMY[period, lang] in page.find("section", id="section-ekonomi").text()


def test_html_chart_draws_the_period_values_and_the_forecast() -> None:
    """The year's values for tertials where they fall in the year, joined, and the
    forecast as a hollow dot at the year, named in the legend with its label."""
    page = parse(html_page("2016-T2"))
    chart = page.find("figure", id="chart-mottagna")
    svg = chart.find("svg")
    rings = [c for c in svg.find_all("circle") if "fill:#fff" in c.attrs.get("style", "")]
    assert len(rings) == 1
    printed = [node.text() for node in svg.find_all("text", class_="value")]
    assert {"41", "82", "110"} <= set(printed)
    legends = " ".join(node.text() for node in svg.find_all("text"))
    assert "○ Prognos 2016: 110 (✓ Värde uppnått)" in legends
    assert "● Utfall: – Hittills i år: se prognosen" in legends
    assert "Prognos 2016: ✓ Värde uppnått" in chart.find("figcaption").text()


def test_html_page_never_scrolls_sideways(tmp_path: Path) -> None:
    """The delårsrapport, one column wider than the year's report, at phone (360,
    390 px) and desktop (1280 px) width: never wider than the window, and at phone
    width the indicator tables' cards fit the screen (their box does not scroll)."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("headless Chromium test needs /usr/bin/chromium (CI installs it)")
    widths = (360, 390, 1280)
    sizes = _page_widths(tmp_path, html_page("2016-T2"), widths)
    assert [size["innerWidth"] for size in sizes] == list(widths)
    for width, size in zip(widths, sizes, strict=True):
        assert size["scrollWidth"] <= size["clientWidth"] <= size["innerWidth"], (width, size)
        if width < 640:
            assert size["boxScroll"] == 0, (width, size)


# -- Word -----------------------------------------------------------------------------


@functools.cache
def word(period: str, lang: Language = "sv") -> Any:
    return docx.Document(io.BytesIO(render_docx(report(period, lang))))


def table_rows(document: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


@pytest.mark.parametrize(("period", "lang"), [("2016-T1", "sv"), ("2016-T2", "sv"), ("2016-T2", "en")])
def test_word_shows_value_forecast_and_labels(period: str, lang: Language) -> None:
    document = word(period, lang)
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == TITLE[period, lang]
    assert f"Period: {PERIOD[period, lang]}" in paragraphs
    assert ECONOMY[period, lang] in paragraphs
    rows = table_rows(document)
    by_title = {row[0].split("\n")[0]: row for row in rows}
    forecast = "Prognos 2016" if lang == "sv" else "Forecast 2016"
    for title, (value, label) in FORECAST[period, lang].items():
        header = next(row for row in rows if forecast in row and row[0] in ("Titel", "Title"))
        assert by_title[title][header.index(forecast)] == f"{label}\n{value}", title
    goal_header = next(row for row in rows if row[-1] in ("Angiven prognos", "Stated forecast"))
    first, _ = GOAL_FORECAST[period, lang]
    goal = rows[rows.index(goal_header) + 1]
    assert goal[3:] == [
        first,
        f"✓ {STATED[lang]} ({DIFFERS[lang]})",
    ]
    assert document.core_properties.title == f"{TITLE[period, lang]} – Arbetsmarknadsenheten"


# -- Excel -------------------------------------------------------------------------------


def sheet_rows(book: Any, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("period", PERIODS)
def test_excel_has_forecast_columns(period: str) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report(period))))
    overview = {row["Uppgift"]: row["Värde"] for row in sheet_rows(book, "Översikt")}
    assert overview["Rapport"] == TITLE[period, "sv"]
    assert (overview["Period"], overview["Periodkod"]) == (PERIOD[period, "sv"], period)
    indicators = {row["Titel"]: row for row in sheet_rows(book, "Indikatorer")}
    for title, (value, label) in FORECAST[period, "sv"].items():
        row = indicators[title]
        assert f"{row['Prognos']:g}" == value.split()[0], title
        assert row["Prognosbedömning"] == label[2:]
        assert row["Utfallets period"] == period
    assert indicators[MOTTAGNA]["Prognosens grund"] == "angiven prognos"
    assert indicators[MOTTAGNA]["Prognoskommentar"].startswith("Prognosen för hela året")
    assert indicators[MOTTAGNA]["Utfall jan–apr 2016"] == 41
    goals = {row["Id"]: row for row in sheet_rows(book, "Mål")}
    first, second = GOAL_FORECAST[period, "sv"]
    assert (goals["mottagande"]["Prognos"], goals["egen-forsorjning"]["Prognos"]) == (first[2:], second[2:])
    assert (goals["mottagande"]["Angiven prognos"], goals["mottagande"]["Prognos avviker"]) == (
        STATED["sv"],
        True,
    )
    outcomes = sheet_rows(book, "Utfall")
    assert [(row["År"], row["Period"], row["Utfall"]) for row in outcomes if row["Id"] == "mottagna"] == [
        (2015, None, 60),
        (2016, "2016-T1", 41),
        (2016, "2016-T2", 82),
    ]
    sections = {row["Avsnitt"]: row["Text"] for row in sheet_rows(book, "Avsnitt")}
    assert sections["Ekonomi"] == ECONOMY[period, "sv"]


# -- PDF --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_pdf_says_the_same() -> None:
    pypdf = pytest.importorskip("pypdf")
    try:
        data = malstyrning.render_report(report("2016-T2"), "pdf")
    except malstyrning.MissingExtraError as error:
        pytest.skip(str(error))
    assert isinstance(data, bytes)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    assert "Delårsrapport 2016" in flat
    assert "Januari–augusti 2016" in flat
    assert "Bedöms i hög grad uppfyllas" in flat
    assert "110 (angiven prognos)" in flat


# -- no value yet: plans/2018.yaml at its first tertial --------------------------------------


def test_a_year_without_values_says_so_and_judges_nothing() -> None:
    """plans/2018.yaml's default is tertial 1, which has no value: every format says
    "Inga utfall för 2018 ännu" first, and no indicator or goal carries a judgement
    (no label of a status reached, close or far, no trend read from old values)."""
    built = report("2018-T1", "sv", PLANS / "2018.yaml")
    notice = (
        "Inga utfall för 2018 ännu. Tabellerna visar utgångsläget från tidigare år; "
        "ingenting är bedömt för 2018."
    )
    text = render_markdown(built)
    # The plan says rapport: {typ: verksamhetsplan}: before its year, the report is the plan.
    assert text.startswith("# Verksamhetsplan 2018: Arbete och integration\n")
    assert f"\n**{notice}**\n" in text
    judged = re.compile(
        r"Värde uppnått|Nära värde|Långt ifrån värde|uppfyllt|Ökad|Minskad|Förbättrad|Försämrad"
    )
    rows = markdown_rows(text)
    indicators = [row for row in rows.values() if len(row) == 8 and row[0] != "Titel"]
    assert len(indicators) == len(malstyrning.load_plan(PLANS / "2018.yaml").indicators())  # measures too
    for row in indicators:
        assert row[5] == "– Inget utfall i år ännu", row
        assert row[7] == "Ingen jämförelse", row
        assert not judged.search(" ".join(row[4:])), row
    assert not judged.search("\n".join(line for line in text.splitlines() if line.startswith("- **")))
    page = parse(render_html(built))
    assert page.find("p", class_="notice").text() == notice
    assert notice in [
        paragraph.text for paragraph in docx.Document(io.BytesIO(render_docx(built))).paragraphs
    ]
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(built)))
    assert notice in [row["Värde"] for row in sheet_rows(book, "Översikt")]


# -- the command line -----------------------------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("options", "title"),
    [
        ([], "Delårsrapport 2016"),  # the calendar's latest report with a value
        (["--rapport", "tertial"], "Tertialrapport 2016"),
        (["--period", "2016-T1"], "Tertialrapport 2016"),
        (["-p", "2016-T2", "--lang", "en"], "Interim report 2016"),
        (["--year", "2016"], "Verksamhetsberättelse 2016"),
    ],
)
def test_report_at_a_period_or_a_calendar_report(options: list[str], title: str) -> None:
    result = run("report", str(PLAN), *options)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"# {title}: Arbetsmarknadsenheten\n")


def test_report_refuses_two_choices_and_an_unknown_report() -> None:
    both = run("report", str(PLAN), "--year", "2016", "--period", "2016-T1")
    assert both.exit_code == 2
    assert "ange ett av --year, --period och --rapport" in both.stderr
    unknown = run("report", str(PLAN), "--rapport", "delar")
    assert unknown.exit_code == 2
    assert "Menade du 'delår'?" in unknown.stderr
    bad = run("report", str(PLAN), "--period", "2016-T4")
    assert bad.exit_code == 2


def test_report_of_2017_without_options_is_the_verksamhetsberattelse_as_before() -> None:
    """plans/2017.yaml's calendar default is the whole year: the report is the golden one."""
    result = run("report", str(PLANS / "2017.yaml"))
    assert result.exit_code == 0, result.output
    golden = (GOLDEN / "report_2017.md").read_text(encoding="utf-8")
    made = re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", result.output)
    assert made == re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", golden)


def test_report_of_2018_without_options_has_no_values_yet() -> None:
    result = run("report", str(PLANS / "2018.yaml"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Verksamhetsplan 2018: Arbete och integration\n")
    assert "**Inga utfall för 2018 ännu." in result.output


def test_a_plan_with_values_during_its_year_is_titled_by_the_calendar() -> None:
    """A verksamhetsplan keeps its title only while its year has no value: with one,
    the report at a period is the calendar's (Tertialrapport)."""
    text = (PLANS / "2018.yaml").read_text(encoding="utf-8")
    with_value = text.replace("            utfall:\n", "            utfall:\n              2018-T1: 5\n", 1)
    assert with_value != text
    plan = malstyrning.loads_plan(with_value)
    built = malstyrning.build_report(plan, malstyrning.assess(plan, period="2018-T1"), lang="sv")
    assert render_markdown(built).startswith("# Tertialrapport 2018: ")
