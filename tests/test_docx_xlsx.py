"""The follow-up report as Word and Excel files, read back with python-docx and openpyxl.

The Word document mirrors the 2017 follow-up (seed 002): a heading per focus
area and goal, and per goal a real table "Titel | Utfall 2015 | Utfall 2016 |
Utfall 2017 | Mål 2017 | Bedömning | Trend". The workbook is for filtering and
pivoting: numbers stored as numbers, one column per outcome year.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import sys
from typing import Any

import pytest

import malstyrning
from conftest import PLANS, plan_text
from malstyrning import Language
from malstyrning._report._build import Report, build_report
from malstyrning._report._docx import render_docx
from malstyrning._report._xlsx import render_xlsx

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

GENERATED = dt.date(2018, 2, 15)

SOMMARJOBB = "Arbetscentrum - Antal som fick sommarjobb"
NEET = "Arbetscentrum - andel av kommunens ungdomar som varken studerar eller arbetar (16-20 år)"
SICK_LEAVE = "Den totala sjukfrånvaron inom verksamhetsområdet (%)"


def report_of(plan: malstyrning.Plan, *, lang: Language = "sv", years: int = 3) -> Report:
    assessment = malstyrning.assess(plan)
    return build_report(plan, assessment, years=years, lang=lang, generated=GENERATED)


def plan_2017() -> malstyrning.Plan:
    return malstyrning.load_plan(PLANS / "2017.yaml")


def open_docx(report: Report) -> Any:
    return docx.Document(io.BytesIO(render_docx(report)))


@functools.cache
def _docx_2017_bytes(lang: Language) -> bytes:
    return render_docx(report_of(plan_2017(), lang=lang))


def docx_2017(lang: Language = "sv") -> Any:
    """The 2017 Word report, rendered once per language (its charts take a while), read afresh."""
    return docx.Document(io.BytesIO(_docx_2017_bytes(lang)))


def open_xlsx(report: Report) -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


def headings(document: Any) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]


def table_rows(document: Any) -> list[list[str]]:
    """Every row of every table, as cell texts."""
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def row_starting(document: Any, first: str) -> list[str]:
    rows = [row for row in table_rows(document) if row and row[0].split("\n")[0] == first]
    assert rows, f"no table row starts with {first!r}"
    return rows[0]


def paragraph_texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


# -- Word ----------------------------------------------------------------------


def test_docx_has_a_heading_1_per_focus_area_and_a_heading_per_goal_by_depth() -> None:
    """Focus areas are Heading 1; top-level goals Heading 2, the nämndmål under them Heading 3."""
    report = report_of(plan_2017())
    found = headings(open_docx(report))
    for area in report.areas:
        assert ("Heading 1", area.title) in found
        for goal in area.goals:
            assert (f"Heading {2 + goal.depth}", goal.result.title) in found
    assert ("Heading 3", "Antal sommarjobb för ungdomar ska öka") in found
    assert found[0] == ("Title", "Verksamhetsberättelse 2017")


def test_docx_goal_headings_below_the_third_level_stay_heading_4() -> None:
    """Goals nested deeper than two levels keep Heading 4, indented, so the outline stays usable."""
    plan = malstyrning.loads_plan(
        plan_text(
            """
            målområden:
              - titel: Område
                mål:
                  - titel: Nivå ett
                    mål:
                      - titel: Nivå två
                        mål:
                          - titel: Nivå tre
                            mål:
                              - titel: Nivå fyra
            """
        )
    )
    found = headings(open_docx(report_of(plan)))
    assert ("Heading 2", "Nivå ett") in found
    assert ("Heading 3", "Nivå två") in found
    assert ("Heading 4", "Nivå tre") in found
    assert ("Heading 4", "Nivå fyra") in found


def test_docx_indicator_table_has_the_follow_up_columns() -> None:
    """Each goal's indicators are a real Word table with the seed's columns, years from the report."""
    document = docx_2017()
    header = ["Titel", "Utfall 2015", "Utfall 2016", "Utfall 2017", "Mål 2017", "Bedömning", "Trend"]
    assert header in table_rows(document)


def test_docx_sommarjobb_row_matches_the_follow_up() -> None:
    """The sommarjobb row reads 108, 102, 158, target 200, Nära värde, as in the 2017 follow-up;
    the bedömning has its symbol, as in the HTML and Markdown reports."""
    row = row_starting(docx_2017(), SOMMARJOBB)
    # angiven_* agree; the plan's arrows mean improvement (trendpil: förbättring), so the
    # arrow is the improvement and no word is added beside it.
    stated = ["≈ Nära värde (som angiven)", "↗ Ökad (som angiven)"]
    assert row == [SOMMARJOBB, "108", "102", "158", "200", *stated]


def test_docx_missing_outcome_shows_its_reason() -> None:
    """A missing outcome's cell holds the plan's reason, as the follow-up prints it."""
    row = row_starting(docx_2017(), NEET)
    assert row[1:3] == ["10 %", "9 %"]
    assert row[3] == "Finns ingen statistik framtaget för året."
    # No target value, only a level to hold: the direction stands in the Mål column.
    assert row[4] == "Bibehåll"


def test_docx_numbers_are_in_swedish_notation() -> None:
    """Decimal comma and a space before % in Swedish; thousands separated by a space."""
    document = docx_2017()
    assert row_starting(document, SICK_LEAVE)[1:5] == ["6,8 %", "4,32 %", "1,18 %", "4 %"]
    assert row_starting(document, "Ekonomiskt resultat")[1:4] == ["1 164 tkr", "524 tkr", "-1 684 tkr"]


def test_docx_in_english() -> None:
    """With lang en: English headings, labels and number notation; titles stay as written."""
    document = docx_2017("en")
    rows = table_rows(document)
    assert [
        "Title",
        "Outcome 2015",
        "Outcome 2016",
        "Outcome 2017",
        "Target 2017",
        "Assessment",
        "Trend",
    ] in rows
    stated = ["≈ Close to target (as stated)", "↗ Increased (as stated)"]
    assert row_starting(document, SOMMARJOBB)[5:] == stated
    assert row_starting(document, SICK_LEAVE)[1:3] == ["6.8%", "4.32%"]
    assert row_starting(document, "Ekonomiskt resultat")[1] == "1,164 tkr"
    assert headings(document)[0] == ("Title", "Annual follow-up report 2017")
    assert ("Heading 1", "Summary") in headings(document)
    assert document.core_properties.language == "en-GB"


def test_docx_title_block_names_organisation_municipality_plan_year_and_date() -> None:
    """The title block says whose report it is, of which plan, for which year, made when."""
    texts = paragraph_texts(docx_2017())
    for line in (
        "Organisation: Arbete och integration",
        "Kommun: Tyresö",
        "Plan: Verksamhetsplan 2017",
        "Bedömningsår: 2017",
        "Skapad: 2018-02-15",
    ):
        assert line in texts


def test_docx_summary_counts_goals_and_indicators_per_label() -> None:
    """The summary table counts goals and indicators per bedömning, every label listed."""
    report = report_of(plan_2017())
    rows = table_rows(open_docx(report))
    summary = report.assessment.summary
    assert ["Bedömning", "Antal"] in rows
    assert ["Mål", "Mål"] in rows  # a merged group row
    assert ["✓ Helt uppfyllt", str(summary.goals[malstyrning.GoalStatus.FULLY])] in rows
    assert ["– Ej bedömd", "0"] in rows
    assert ["✓ Värde uppnått", str(summary.indicators[malstyrning.IndicatorStatus.REACHED])] in rows
    assert ["≈ Nära värde", "2"] in rows


def test_docx_goal_shows_computed_trend_and_stated_assessment_and_marks_disagreement() -> None:
    """Per goal: computed bedömning, trend and the stated one; a stated one that differs is marked."""
    document = docx_2017()
    rows = table_rows(document)
    assert ["Beräknad bedömning", "Trend", "Angiven bedömning"] in rows
    assert ["✓ I hög grad uppfyllt", "Förbättrad", "✓ I hög grad uppfyllt"] in rows
    # ekonomisk-ram: computed Ej uppfyllt, people said Delvis uppfyllt.
    assert ["✗ Ej uppfyllt", "Försämrad", "≈ Delvis uppfyllt (avviker från den beräknade)"] in rows
    texts = paragraph_texts(document)
    assert any(t.startswith("Kommentar: Medarbetarnas sjukfrånvaro är lägre än fyra procent") for t in texts)
    assert "Strategiskt mål" in texts


def test_docx_assignments_guarantees_and_risks() -> None:
    """Uppdrag with status and comment, kvalitetsgarantier met or not, and the risk plan."""
    document = docx_2017()
    found = headings(document)
    for heading in ("Uppdrag", "Kvalitetsgarantier", "Risk- och kontrollplan"):
        assert ("Heading 1", heading) in found
    rows = table_rows(document)
    assert ["Titel", "Status", "Kommentar"] in rows
    assert row_starting(document, "Ta fram en integrationsstrategi")[1] == "✓ Genomförd"
    assert row_starting(document, "Konkurrensutsättning")[1:] == ["–", ""]
    assert row_starting(
        document, "Den som anvisats till arbetscentrum får tid hos en handläggare inom två veckor."
    )[1:] == ["✓ Ja", "Garantierna är uppfyllda"]
    risk = row_starting(document, "R1")
    assert risk[1].startswith("Svårigheter att finna bostäder")
    assert risk[4] == "Avdelningschef"
    # The risks have no scores: no score columns, and words instead of an empty matrix.
    assert len(risk) == 5
    texts = paragraph_texts(document)
    assert "Riskmatris: sannolikhet × konsekvens" in texts
    assert (
        "Ingen risk har både sannolikhet och konsekvens angivna, så det finns ingen riskmatris att visa."
        in texts
    )
    assert not any(t.rows[0].cells[0].text.startswith("Konsekvens ↑") for t in document.tables)
    assert any(t.startswith("R1 – Kommentar: Ovanstående risk kalkylerades för 2017.") for t in texts)


RISKS = """
risker:
  - risk: Bostadsbrist
    sannolikhet: 3
    konsekvens: 4
  - risk: Personalbrist
    sannolikhet: 3
    konsekvens: 4
  - risk: IT-avbrott
    sannolikhet: 1
    konsekvens: 2
  - risk: Okänd
"""


def test_docx_risk_matrix_places_each_risk_number_by_likelihood_and_consequence() -> None:
    """A 4×4 sannolikhet × konsekvens matrix drawn as the HTML and Markdown reports draw it:
    likelihood along the bottom, consequence up the side (4 at the top), risk numbers in cells."""
    document = open_docx(report_of(malstyrning.loads_plan(plan_text(RISKS))))
    assert "Riskmatris: sannolikhet × konsekvens" in paragraph_texts(document)
    matrix = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Konsekvens ↑"))
    cells = [[cell.text for cell in row.cells] for row in matrix.rows]
    assert cells[0][0] == "Konsekvens ↑ / Sannolikhet →"
    assert len(cells) == 5
    assert all(len(row) == 5 for row in cells)
    assert cells[0][1:] == ["1", "2", "3", "4"]  # likelihood
    assert [row[0] for row in cells[1:]] == ["4", "3", "2", "1"]  # consequence
    assert cells[1][3] == "R1, R2"  # likelihood 3, consequence 4
    assert cells[3][1] == "R3"  # likelihood 1, consequence 2
    assert sum(bool(text) for row in cells[1:] for text in row[1:]) == 2
    assert "Utan sannolikhet och konsekvens: R4" in paragraph_texts(document)
    # The risk table gets the score columns.
    assert row_starting(document, "R1")[5:] == ["3", "4"]
    assert row_starting(document, "R4")[5:] == ["–", "–"]


def test_docx_measures_and_activities() -> None:
    """Verksamhetsmått get a table of outcomes and trend (no target column); activities one with status."""
    document = open_docx(report_of(malstyrning.load_plan(PLANS / "2018.yaml")))
    assert ("Heading 1", "Verksamhetsmått") in headings(document)
    measure = row_starting(document, "Arbetslösa 16-64 år, både öppet och i arbetsmarknadsåtgärder - andel")
    assert measure[1:] == ["3,2 %", "3,4 %", "3,7 %", "↗ Ökad, försämrad"]
    assert ["Aktivitet", "Ansvarig", "Klart", "Status", "Kommentar"] in table_rows(document)


def test_docx_activity_status_and_target_for_another_year() -> None:
    """An activity's status is its label; a target header names the year all its targets are for."""
    plan = malstyrning.loads_plan(
        plan_text(
            """
            målområden:
              - titel: Område
                mål:
                  - titel: Målet
                    aktiviteter:
                      - titel: Ringa alla
                        ansvarig: Enhetschef
                        status: försenad
                        klart: 2018-06-30
                    indikatorer:
                      - id: a
                        titel: Antal
                        målvärde: {värde: 50, år: 2019}
                        ingångsvärde: {värde: 10, år: 2016}
                        utfall: {2017: 20, 2018: 30}
            """
        )
    )
    document = open_docx(report_of(plan, years=2))
    assert ["Ringa alla", "Enhetschef", "2018-06-30", "! Försenad", ""] in table_rows(document)
    assert ["Titel", "Utfall 2017", "Utfall 2018", "Mål 2019", "Bedömning", "Trend"] in table_rows(document)
    assert row_starting(document, "Antal")[1:4] == ["20", "30", "50"]


def test_docx_uses_built_in_styles_only() -> None:
    """Every table is 'Table Grid' and headings are the built-in ones, so they paste into any template."""
    document = docx_2017()
    assert {table.style.name for table in document.tables} == {"Table Grid"}
    assert {name for name, _ in headings(document)} <= {
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Heading 4",
    }
    assert document.core_properties.language == "sv-SE"


# -- Excel ---------------------------------------------------------------------


SHEETS = [
    "Översikt",
    "Målområden",
    "Mål",
    "Indikatorer",
    "Utfall",
    "Jämförelser",
    "Aktiviteter",
    "Uppdrag",
    "Rapporter",  # the uppdrag's and activities' dated reports, one row each
    "Kvalitetsgarantier",
    "Risk- och kontrollplan",
    "Avsnitt",
    "Tabeller",
]


def sheet_rows(sheet: Any) -> list[dict[str, Any]]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def indicator_rows(sheet: Any) -> dict[str, dict[str, Any]]:
    return {row["Id"]: row for row in sheet_rows(sheet)}


def test_xlsx_indicator_sheet_stores_numbers_as_numbers_one_column_per_year() -> None:
    """Sheet Indikatorer: one row per indicator, one column per outcome year, numbers as numbers."""
    workbook = open_xlsx(report_of(plan_2017()))
    assert workbook.sheetnames == SHEETS
    sheet = workbook["Indikatorer"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Område",
        "Mål-id",
        "Mål",
        "Id",
        "Titel",
        "Enhet",
        "Riktning",
        "Ingångsvärde",
        "Ingångsår",
        "Utfall 2015",
        "Utfall 2016",
        "Utfall 2017",
        "Målvärde",
        "Målår",
        "Bedömning",
        "Statuskod",
        "Skäl att inte bedöma",
        "Trend",
        "Förbättring",
        "Angiven bedömning",
        "Avviker",
        "Angiven trend",
        "Trend avviker",
        "Källa",
        "Kommentar",
        "Kommentar till ingångsvärde",
        "Kommentar till målvärde",
        "Anmärkningar",
    ]
    rows = indicator_rows(sheet)
    assert len(rows) == len(report_of(plan_2017()).assessment.indicators())
    jobs = rows["sommarjobb"]
    assert [jobs["Utfall 2015"], jobs["Utfall 2016"], jobs["Utfall 2017"]] == [108, 102, 158]
    for key in ("Utfall 2015", "Utfall 2016", "Utfall 2017", "Målvärde", "Ingångsvärde"):
        assert isinstance(jobs[key], (int, float))
        assert not isinstance(jobs[key], bool)
    assert rows["sjukfranvaro-total"]["Utfall 2016"] == pytest.approx(4.32)
    assert rows["ekonomiskt-resultat"]["Utfall 2017"] == -1684
    assert jobs["Bedömning"] == "Nära värde"
    assert jobs["Statuskod"] == "close"
    assert jobs["Trend"] == "↗ Ökad"
    assert jobs["Förbättring"] == "Förbättrad"
    assert jobs["Område"] == "Blomstrande näringsliv"
    assert jobs["Mål-id"] == "fler-sommarjobb"


def test_xlsx_missing_outcome_is_an_empty_cell_with_the_reason_as_comment() -> None:
    """A missing outcome leaves its cell empty; the reason is the cell's comment."""
    sheet = open_xlsx(report_of(plan_2017()))["Indikatorer"]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Id")].value == "unga-neet")
    cell = row[header.index("Utfall 2017")]
    assert cell.value is None
    assert cell.comment is not None
    assert "Finns ingen statistik framtaget för året." in cell.comment.text
    assert row[header.index("Utfall 2016")].comment is None


def test_xlsx_years_are_every_outcome_year_in_the_plan() -> None:
    """The year columns are the union of all outcome years, measures included, not just the report's."""
    plan = malstyrning.loads_plan(
        plan_text(
            """
            målområden:
              - titel: Område
                mål:
                  - titel: Målet
                    indikatorer:
                      - id: a
                        titel: A
                        utfall: {2014: 1, 2016: 2}
            verksamhetsmått:
              - id: m
                titel: M
                utfall: {2018: 5}
            """
        )
    )
    sheet = open_xlsx(report_of(plan, years=1))["Indikatorer"]
    header = [cell.value for cell in sheet[1]]
    assert [h for h in header if h.startswith("Utfall")] == ["Utfall 2014", "Utfall 2016", "Utfall 2018"]
    rows = indicator_rows(sheet)
    assert rows["m"]["Område"] == "Verksamhetsmått"
    assert rows["m"]["Mål-id"] is None
    assert rows["m"]["Utfall 2018"] == 5
    assert rows["m"]["Utfall 2014"] is None


def test_xlsx_goal_sheet_has_a_row_per_goal_with_computed_and_stated_assessment() -> None:
    """Sheet Mål: every goal, nested ones with their parent, score as a number, disagreement flagged."""
    report = report_of(plan_2017())
    sheet = open_xlsx(report)["Mål"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Område",
        "Id",
        "Överordnat mål",
        "Typ",
        "Titel",
        "Bedömning",
        "Statuskod",
        "Poäng",
        "Angiven bedömning",
        "Avviker",
        "Trend",
        "Kommentar",
        "Beskrivning",
    ]
    rows = {
        row[1]: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert list(rows) == [goal.id for goal in report.assessment.goals()]
    money = rows["ekonomisk-ram"]
    assert money["Bedömning"] == "Ej uppfyllt"
    assert money["Statuskod"] == "not_met"
    assert money["Angiven bedömning"] == "Delvis uppfyllt"
    assert money["Avviker"] is True
    assert rows["inflytande"]["Överordnat mål"] == "lag-arbetsloshet"
    assert rows["lag-arbetsloshet"]["Överordnat mål"] is None
    assert rows["inflytande"]["Typ"] == "Nämndmål"
    assert isinstance(rows["fler-sommarjobb"]["Poäng"], (int, float))
    assert rows["lag-sjukfranvaro"]["Avviker"] is False
    assert rows["lag-sjukfranvaro"]["Kommentar"].startswith("Medarbetarnas sjukfrånvaro")


@pytest.mark.parametrize("plan_file", ["2017.yaml", "2018.yaml"])
def test_xlsx_headers_are_bold_frozen_and_filtered(plan_file: str) -> None:
    """Every sheet: bold header row, frozen below it, an auto-filter over the whole table, sane widths."""
    workbook = open_xlsx(report_of(malstyrning.load_plan(PLANS / plan_file)))
    assert workbook.sheetnames == SHEETS
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert all(cell.font.bold for cell in sheet[1])
        assert all(isinstance(cell.value, str) and cell.value for cell in sheet[1])
        widths = [dim.width for dim in sheet.column_dimensions.values()]
        assert len(widths) == sheet.max_column
        assert all(8 <= width <= 60 for width in widths)


EVERYTHING = """
vision: Ett gott liv
målområden:
  - id: omr
    titel: Område
    beskrivning: Områdets beskrivning
    mål:
      - id: g
        titel: Målet
        beskrivning: Målets beskrivning
        indikatorer:
          - id: a
            titel: A
            enhet: "%"
            källa: Enkäten
            kommentar: Indikatorns kommentar
            ingångsvärde: {värde: 81.5, år: 2016, kommentar: Ingångens kommentar}
            målvärde: {värde: 90, kommentar: Målets kommentar}
            utfall:
              2016: 81.5
              2017: {saknas: Ingen enkät}
              2018: {värde: 1234.25, kommentar: Preliminärt}
            jämförelse:
              Riket: {2016: 80, 2018: 82.5}
        aktiviteter:
          - {titel: Gör, ansvarig: Chefen, status: pågående, klart: 2018-06-30, kommentar: På gång}
uppdrag:
  - {titel: Utreda, status: genomförd, kommentar: Klart}
kvalitetsgarantier:
  - {titel: Svar inom en dag, uppfylld: false, kommentar: Inte alltid}
risker:
  - {risk: Brand, åtgärder: Larm, kontrollinsatser: Övning, ansvar: Chefen, sannolikhet: 2, konsekvens: 4,
     kommentar: Låg risk}
"""


def test_xlsx_every_kind_has_its_sheet_with_numbers_dates_and_flags_as_values() -> None:
    """Outcomes, comparisons, activities, uppdrag, garantier and risks as tables of values, not text."""
    workbook = open_xlsx(report_of(malstyrning.loads_plan(plan_text(EVERYTHING))))
    indicator = indicator_rows(workbook["Indikatorer"])["a"]
    assert indicator["Källa"] == "Enkäten"
    assert indicator["Kommentar"] == "Indikatorns kommentar"
    assert indicator["Kommentar till ingångsvärde"] == "Ingångens kommentar"
    assert indicator["Kommentar till målvärde"] == "Målets kommentar"
    assert sheet_rows(workbook["Målområden"]) == [
        {"Id": "omr", "Titel": "Område", "Beskrivning": "Områdets beskrivning"}
    ]
    assert sheet_rows(workbook["Mål"])[0]["Beskrivning"] == "Målets beskrivning"
    assert [
        (row["År"], row["Utfall"], row["Utfall saknas"], row["Kommentar"])
        for row in sheet_rows(workbook["Utfall"])
    ] == [
        (2016, 81.5, None, None),
        (2017, None, "Ingen enkät", None),
        (2018, 1234.25, None, "Preliminärt"),
    ]
    comparisons = workbook["Jämförelser"]
    assert [cell.value for cell in comparisons[1]][-3:] == ["Jämförelse", "2016", "2018"]
    assert [cell.value for cell in comparisons[2]][-3:] == ["Riket", 80, 82.5]
    (activity,) = sheet_rows(workbook["Aktiviteter"])
    assert activity["Mål-id"] == "g"
    assert activity["Aktivitet"] == "Gör"
    assert activity["Status"] == "Pågående"
    assert activity["Statuskod"] == "ongoing"
    assert activity["Klart"] == dt.datetime(2018, 6, 30)  # a date cell, read back as a datetime
    assert sheet_rows(workbook["Uppdrag"]) == [
        {
            "Nr": 1,
            "Uppdrag": "Utreda",
            "Status": "Genomförd",
            "Statuskod": "done",
            "Kommentar": "Klart",
            "Ansvarig": None,
            "Klart": None,
            "Id": None,
            "Start": None,
            "Samverkan": None,
            "Beslutad av": None,
            "Beslutsdatum": None,
            "Typ": None,
            "Finansiär": None,
        }
    ]
    assert sheet_rows(workbook["Kvalitetsgarantier"]) == [
        {"Nr": 1, "Garanti": "Svar inom en dag", "Uppfylld": False, "Kommentar": "Inte alltid"}
    ]
    (risk,) = sheet_rows(workbook["Risk- och kontrollplan"])
    assert risk == {
        "Nr": "R1",
        "Risk": "Brand",
        "Åtgärder": "Larm",
        "Kontrollinsatser": "Övning",
        "Ansvarig": "Chefen",
        "Sannolikhet": 2,
        "Konsekvens": 4,
        "Kommentar": "Låg risk",
    }
    overview = {row["Uppgift"]: row["Värde"] for row in sheet_rows(workbook["Översikt"])}
    assert overview["Vision"] == "Ett gott liv"
    assert overview["Bedömningsår"] == 2018
    assert overview["Mål: Ej bedömd"] + overview["Mål: Delvis uppfyllt"] + overview["Mål: Helt uppfyllt"] >= 0


def test_xlsx_numbers_are_numeric_cells_with_a_number_format() -> None:
    """Values are numbers (not text) shown with a number format: an indicator's values
    with the decimals its most precise one needs, years without a thousands separator."""
    workbook = open_xlsx(report_of(malstyrning.loads_plan(plan_text(EVERYTHING))))
    sheet = workbook["Indikatorer"]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    for name in ("Ingångsvärde", "Utfall 2016", "Utfall 2018", "Målvärde"):
        cell = row[header.index(name)]
        assert cell.data_type == "n"
        assert cell.number_format == "#,##0.00"  # 1 234,25 beside 81,50 and 90,00
    assert row[header.index("Utfall 2018")].value == 1234.25
    assert row[header.index("Ingångsår")].number_format == "0"
    outcome = workbook["Utfall"]["F2"]
    assert (outcome.value, outcome.data_type, outcome.number_format) == (81.5, "n", "#,##0.00")
    assert workbook["Utfall"]["E2"].number_format == "0"
    assert workbook["Jämförelser"]["G2"].number_format == "#,##0.0"
    assert workbook["Mål"]["H2"].number_format == "0%"
    assert workbook["Aktiviteter"]["I2"].number_format == "yyyy-mm-dd"  # Klart
    # Whole numbers without decimals.
    jobs = open_xlsx(report_of(plan_2017()))["Indikatorer"]
    header = [cell.value for cell in jobs[1]]
    (row,) = [r for r in jobs.iter_rows(min_row=2) if r[header.index("Id")].value == "sommarjobb"]
    assert row[header.index("Utfall 2017")].number_format == "#,##0"
    assert row[header.index("Utfall 2017")].data_type == "n"


def test_xlsx_long_text_wraps_in_a_taller_row() -> None:
    """A comment longer than its column wraps, top-aligned, and its row is tall enough to show it."""
    workbook = open_xlsx(report_of(plan_2017()))
    sheet = workbook["Mål"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("Kommentar") + 1
    cell = next(row[0] for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column) if row[0].value)
    assert len(cell.value) > 60
    assert cell.alignment.wrap_text
    assert sheet.row_dimensions[cell.row].height >= 15 * len(cell.value) / 66
    assert sheet.cell(row=cell.row, column=1).alignment.vertical == "top"
    assert not sheet["B2"].alignment.wrap_text  # a short id does not wrap


def test_xlsx_in_english() -> None:
    """With lang en: English sheet names, headings and labels; status codes stay the same."""
    workbook = open_xlsx(report_of(plan_2017(), lang="en"))
    assert workbook.sheetnames == [
        "Overview",
        "Focus areas",
        "Goals",
        "Indicators",
        "Outcomes",
        "Comparisons",
        "Activities",
        "Assignments",
        "Reports",
        "Service guarantees",
        "Risk and control plan",
        "Sections",
        "Tables",
    ]
    sheet = workbook["Indicators"]
    header = [cell.value for cell in sheet[1]]
    assert "Outcome 2017" in header
    assert "Starting value" in header
    assert "Status code" in header
    jobs = indicator_rows(sheet)["sommarjobb"]
    assert jobs["Assessment"] == "Close to target"
    assert jobs["Status code"] == "close"
    assert jobs["Direction"] == "increase"
    assert [cell.value for cell in workbook["Goals"][1]][:3] == ["Focus area", "Id", "Parent goal"]


# -- the optional extra --------------------------------------------------------


@pytest.mark.parametrize(("module", "render"), [("docx", render_docx), ("openpyxl", render_xlsx)])
def test_missing_report_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, module: str, render: Any
) -> None:
    """Without python-docx or openpyxl, rendering says which extra to install."""
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(
        ModuleNotFoundError, match=r"needs the 'report' extra: pip install 'malstyrning\[report\]'"
    ):
        render(report_of(plan_2017()))


HOSTILE = """
målområden:
  - titel: "Område\\x01 med\\x0ckontroll"
    mål:
      - titel: "=HYPERLINK(\\"http://example.com\\")"
        kommentar: "rad ett\\nrad två"
        indikatorer:
          - id: a
            titel: "Ind\\x00ikator"
            utfall: {2017: 1, 2018: {saknas: "skäl\\x02"}}
"""


def test_control_characters_in_plan_text_are_dropped_not_fatal() -> None:
    """Text Word and Excel cannot hold (control characters from quoted YAML) is left out, not an error."""
    report = report_of(malstyrning.loads_plan(plan_text(HOSTILE)))
    document = open_docx(report)
    assert ("Heading 1", "Område medkontroll") in headings(document)
    assert row_starting(document, "Indikator")[1:4] == ["–", "1", "skäl"]  # 2016, 2017, 2018
    sheet = open_xlsx(report)["Indikatorer"]
    assert indicator_rows(sheet)["a"]["Titel"] == "Indikator"


def test_xlsx_text_starting_with_equals_is_text_not_a_formula() -> None:
    """A title that looks like a formula is stored as text: opening the file runs nothing."""
    report = report_of(malstyrning.loads_plan(plan_text(HOSTILE)))
    sheet = open_xlsx(report)["Mål"]
    cell = sheet.cell(row=2, column=5)
    assert cell.value == '=HYPERLINK("http://example.com")'
    assert cell.data_type == "s"


def test_xlsx_overview_names_the_report_and_how_its_arrows_read() -> None:
    """The title (rapport) and the plan's trendpil, which every other format prints."""
    workbook = open_xlsx(report_of(plan_2017()))
    overview = {row["Uppgift"]: row["Värde"] for row in sheet_rows(workbook["Översikt"])}
    assert overview["Rapport"] == "Verksamhetsberättelse 2017"
    assert overview["Trendpil"] == "trendpilen visar förbättring"
    plain = open_xlsx(report_of(malstyrning.load_plan(PLANS / "2018.yaml")))
    overview = {row["Uppgift"]: row["Värde"] for row in sheet_rows(plain["Översikt"])}
    assert overview["Trendpil"] == "trendpilen visar talets riktning"
