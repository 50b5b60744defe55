"""The plan's report kind and title (rapport), narrative sections and tables of numbers (avsnitt)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

import malstyrning
from conftest import PLANS
from malstyrning._report._labels import format_number
from test_report_text import FORMATS, normal

DAY = dt.date(2026, 11, 23)
HEAD = "plan: P\norganisation: O\når: 2018\n"
SECTIONS = """avsnitt:
  - id: ekonomi
    titel: Ekonomi
    plats: efter
    text: |
      Första stycket
      fortsätter.

      - en punkt
      - två punkter
        och mer
    tabeller:
      - titel: Driftbudget
        enhet: tkr
        radrubrik: Verksamhet
        kolumner: [Budget 2018, Utfall 2018, {titel: Avvikelse, skillnad: [Utfall 2018, Budget 2018]}]
        rader:
          - {titel: Intäkter}
          - {titel: A, värden: ["1 000", 900, ~]}
          - {titel: Summa, värden: [1000, 900, -100], summa: ja}
"""


TABLE = "avsnitt:\n  - titel: A\n    tabeller:\n"


def loads(text: str) -> malstyrning.Plan:
    return malstyrning.loads_plan(text)


def report(text: str, lang: malstyrning.Language = "sv") -> malstyrning.Report:
    plan = loads(text)
    return malstyrning.build_report(plan, malstyrning.assess(plan), lang=lang, generated=DAY)


def rendered(built: malstyrning.Report, fmt: malstyrning.ReportFormat) -> bytes:
    data = malstyrning.render_report(built, fmt)
    assert isinstance(data, bytes)
    return data


def problem(text: str) -> str:
    with pytest.raises(malstyrning.PlanValidationError) as caught:
        loads(text)
    return str(caught.value)


def test_a_misspelt_kind_is_refused_with_a_hint() -> None:
    """rapport.typ takes the five words; a near miss names the word meant."""
    message = problem(HEAD + "rapport: {typ: delårsraport}\n")
    assert "rapport.typ" in message
    assert "menade du 'delårsrapport'?" in message


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("rapport: {typ: delårsrapport, rubrik: X}\n", "okänd nyckel 'rubrik'"),
        ('rapport: {titel: "Rapport\\nrad två"}\n', "ska vara en rubrik på en rad"),
        ('rapport: {titel: "  "}\n', "rapport.titel: ska vara en text, men är tom"),
        ("avsnitt:\n  - {titel: A, text: B, plats: mitten}\n", "avsnitt[0].plats"),
        ("avsnitt:\n  - {titel: A}\n", "ett avsnitt behöver 'text', 'tabeller' eller båda"),
        ("avsnitt:\n  - {titel: A, txt: B}\n", "menade du 'text'?"),
        ("avsnitt:\n  - {id: a, titel: A, text: B}\n  - {id: a, titel: C, text: D}\n", "avsnittets id 'a'"),
        (
            TABLE + "      - {titel: T, kolumner: [X, Y], rader: [{titel: R, värden: [1]}]}\n",
            "raden 'R' har 1 värden, men tabellen har 2 kolumner",
        ),
        (
            TABLE + "      - {titel: T, kolumner: [X, {titel: D, skillnad: [X, Z]}]}\n",
            "skillnad nämner 'Z'",
        ),
        (
            "avsnitt:\n  - titel: A\n    tabeller:\n      - titel: T\n"
            "        kolumner: [X, Y, {titel: D, skillnad: [X, Y]}]\n"
            "        rader: [{titel: R, värden: [823, 619, 205]}]\n",
            "raden 'R': D är 205, men X − Y är 204",
        ),
        (
            TABLE + "      - {titel: T, kolumner: [X], rader: [{titel: R, värden: [tio]}]}\n",
            "ska vara ett tal",
        ),
        (TABLE + "      - {titel: T, kolumner: [X, X]}\n", "två kolumner heter 'X'"),
        (
            TABLE + "      - {titel: T, kolumner: [X, Y, {titel: D, skillnad: [X, X]}]}\n",
            "kolumnen 'D': skillnad nämner 'X' två gånger",
        ),
        (
            TABLE + "      - titel: T\n        kolumner: [X, Y, {titel: D, skillnad: [X, Y]}, "
            "{titel: E, skillnad: [D, X]}]\n",
            "kolumnen 'E': skillnad nämner 'D', som själv är en skillnad",
        ),
    ],
)
def test_bad_sections_and_tables_are_refused(body: str, words: str) -> None:
    """Unknown keys, places, empty sections, duplicate ids, ragged rows, a wrong difference: errors."""
    assert words in problem(HEAD + body)


def test_a_stated_difference_that_matches_is_accepted_and_a_blank_one_is_worked_out() -> None:
    """Avvikelse = Utfall − Budget: checked where stated, computed where the plan leaves ~."""
    built = report(HEAD + SECTIONS)
    (section,) = built.sections
    table = section.tables[0]
    blank, row, total = table.lines
    assert blank.subheading
    assert all(cell.value is None for cell in blank.cells)
    assert [cell.value for cell in row.cells] == [1000, 900, -100]
    assert [cell.computed for cell in row.cells] == [False, False, True]
    assert total.total
    assert not total.cells[2].computed


def test_text_is_paragraphs_and_lists() -> None:
    """Blank lines part paragraphs; line breaks inside one are spaces; "- " lines make a list."""
    (section,) = report(HEAD + SECTIONS).sections
    assert [(block.items, block.bullets) for block in section.blocks] == [
        (("Första stycket fortsätter.",), False),
        (("en punkt", "två punkter och mer"), True),
    ]


@pytest.mark.parametrize(
    ("rapport", "sv", "en"),
    [
        ("", "Verksamhetsberättelse 2018", "Annual follow-up report 2018"),
        ("rapport: {typ: delårsrapport}\n", "Delårsrapport 2018", "Interim report 2018"),
        ("rapport: {typ: tertialrapport}\n", "Tertialrapport 2018", "Four-month report 2018"),
        ("rapport: {typ: återrapportering}\n", "Återrapportering 2018", "Progress report 2018"),
        ("rapport: {typ: verksamhetsplan}\n", "Verksamhetsplan 2018", "Operational plan 2018"),
        ("rapport: {titel: Delår jan–aug 2018}\n", "Delår jan–aug 2018", "Delår jan–aug 2018"),
    ],
)
def test_the_title_comes_from_the_kind_or_the_plans_title(rapport: str, sv: str, en: str) -> None:
    """Markdown heading, HTML <h1> and <title>, Word title and property, Excel property."""
    docx = pytest.importorskip("docx")
    openpyxl = pytest.importorskip("openpyxl")
    languages: tuple[tuple[malstyrning.Language, str], ...] = (("sv", sv), ("en", en))
    for lang, title in languages:
        built = report(HEAD + rapport, lang)
        markdown = str(malstyrning.render_report(built, "md"))
        assert markdown.startswith(f"# {title}: O\n")
        html = str(malstyrning.render_report(built, "html"))
        assert f"<title>{title} – O</title>" in html
        assert f"<h1>{title}</h1>" in html
        document = docx.Document(io.BytesIO(rendered(built, "docx")))
        assert document.paragraphs[0].text == title
        assert document.paragraphs[0].style.name == "Title"
        assert document.core_properties.title == f"{title} – O"
        workbook = openpyxl.load_workbook(io.BytesIO(rendered(built, "xlsx")))
        assert workbook.properties.title == f"{title} – O"


def test_a_plan_is_titled_by_its_own_year_whichever_year_is_assessed() -> None:
    """plans/2018.yaml assessed for 2017 is still "Verksamhetsplan 2018"."""
    plan = malstyrning.load_plan(PLANS / "2018.yaml")
    built = malstyrning.build_report(plan, malstyrning.assess(plan, year=2017), generated=DAY)
    assert str(malstyrning.render_report(built, "md")).startswith("# Verksamhetsplan 2018: ")


def test_sections_stand_where_plats_puts_them() -> None:
    """före: before the first målområde; efter: before the uppdrag; sist: after the risks."""
    text = (
        HEAD + "målområden:\n  - titel: Området\n    mål: [{titel: M}]\n"
        "uppdrag: [{titel: Uppdraget}]\nrisker: [{risk: Risken}]\n"
        "avsnitt:\n  - {titel: Sist, text: s, plats: sist}\n  - {titel: Före, text: f}\n"
        "  - {titel: Efter, text: e, plats: efter}\n"
    )
    markdown = str(malstyrning.render_report(report(text), "md"))
    order = ["## Sammanfattning", "## Före", "## Området", "## Efter", "## Uppdrag", "## Risk", "## Sist"]
    places = [markdown.index(heading) for heading in order]
    assert places == sorted(places)


def economy_numbers(plan_file: str) -> list[str]:
    """Every number of the plan's tables, and every heading, as the Swedish report prints them."""
    plan = malstyrning.load_plan(PLANS / plan_file)
    shown: list[str] = []
    for section in plan.sections:
        for table in section.tables:
            shown += [table.title, *(column.title for column in table.columns)]
            for row in table.rows:
                shown.append(row.title)
                shown += [format_number(value) for value in row.values if value is not None]
    return shown


@pytest.mark.parametrize("plan_file", ["2017.yaml", "2018.yaml"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_number_of_the_tables_is_in_the_report(fmt: str, plan_file: str) -> None:
    """Each table's title, column and row headings and each stated number appear in the format."""
    plan = malstyrning.load_plan(PLANS / plan_file)
    shown = FORMATS[fmt](malstyrning.build_report(plan, malstyrning.assess(plan), generated=DAY))
    for words in economy_numbers(plan_file):
        assert normal(words) in shown, words


@pytest.mark.parametrize("plan_file", ["2017.yaml", "2018.yaml"])
def test_the_tables_sheet_holds_every_number(plan_file: str) -> None:
    """Excel's Tabeller sheet: one row per number, numbers as numbers, computed ones marked."""
    openpyxl = pytest.importorskip("openpyxl")
    plan = malstyrning.load_plan(PLANS / plan_file)
    built = malstyrning.build_report(plan, malstyrning.assess(plan), generated=DAY)
    workbook = openpyxl.load_workbook(io.BytesIO(rendered(built, "xlsx")))
    sheet = workbook["Tabeller"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    stated = [
        (table.title, row.title, column.title, value)
        for section in plan.sections
        for table in section.tables
        for row in table.rows
        for column, value in zip(table.columns, row.values or [None] * len(table.columns), strict=True)
        if value is not None
    ]
    economy = malstyrning.assess(plan).economy
    assert economy is not None  # both plans have an ekonomi: its table is on the sheet too
    figures = {"budget": "Budget", "prognos": "Prognos", "utfall": "Utfall"}
    stated += [
        (economy.title or "", line.title, f"{figures[kind]} {year}", value)
        for line in economy.lines
        for kind, year in economy.columns()
        if (value := {"budget": line.budget, "prognos": line.forecast, "utfall": line.actual}[kind].get(year))
        is not None
    ]
    got = {
        (table, row, column, value)
        for _, table, _, _, _, row, _, column, value, computed in rows
        if value is not None and not computed  # no value: a subheading's row
    }
    assert got == set(stated)
    # Radnr keeps rows apart and in order: the 2017 Resultaträkning has "Övrigt" twice.
    for section in plan.sections:
        for table in section.tables:
            if table.title == economy.title:
                continue
            listed = sorted({(number, row) for _, name, _, _, number, row, *_ in rows if name == table.title})
            expected = [
                (number, row.title)
                for number, row in enumerate(table.rows, start=1)
                if not row.values or any(value is not None for value in row.values)
            ]
            assert listed == expected


def test_the_2017_follow_up_works_out_the_avvikelse_it_leaves_empty() -> None:
    """Driftsredovisning: Förvaltningsgemensamt 542 − 505 = 37, printed though the report leaves it blank."""
    plan = malstyrning.load_plan(PLANS / "2017.yaml")
    markdown = str(
        malstyrning.render_report(malstyrning.build_report(plan, malstyrning.assess(plan), generated=DAY))
    )
    assert "| Förvaltningsgemensamt | 542 | 505 | 37 |" in markdown
    assert "| **Gemensamt** | **823** | **619** | **204** |" in markdown


def test_html_table_numbers_are_right_aligned_and_scroll_in_their_box() -> None:
    """Number cells carry class num; each table sits in a .table-wrap that scrolls below 40rem."""
    html = str(malstyrning.render_report(report(HEAD + SECTIONS), "html"))
    table = html[html.index('<div class="table-wrap" role="region"') :]
    assert table.index('<table class="numbers"') < table.index("</div>")
    table = table[: table.index("</table>")]
    assert table.count('<td class="num') == 9
    assert '<th scope="col" class="num">Avvikelse</th>' in table
    assert '<tr class="total">' in table
