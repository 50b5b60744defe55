"""The återrapportering report: one report back of an action plan, as its document
tells it (`report_back`, `build_report(report_back=...)`, `report --återrapportering`)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning import ActivityStatus, DueReason, GoalStatus
from malstyrning._cli import app

TABY = PLANS / "2020-handlingsplan.yaml"
runner = CliRunner()

# A plan of three report backs with an item started before the second, one
# moved on between the second and the third, and concluding comments.
SCHEDULE = """\
typ: handlingsplan
plan: Handlingsplan
organisation: Nämnden
år: 2021
slutår: 2022
återrapportering:
  - {datum: 2021-03, punkter: [a]}
  - {datum: 2021-09, punkter: [b]}
  - {datum: 2022-03, namn: Tredje, punkter: [c], text: "Allt går enligt plan.\\n\\n- en punkt"}
  - {datum: 2022-09}
uppdrag:
  - id: a
    titel: Alfa
    rapporter:
      - {datum: 2021-03-10, status: pågående, text: Igång}
      - {datum: 2022-02-01, status: pågående, text: Fortfarande igång}
  - id: b
    titel: Beta
    rapporter:
      - {datum: 2021-09-10, status: genomförd, text: Klart}
  - id: c
    titel: Gamma
    rapporter:
      - {datum: 2021-11-01, status: framflyttad, till: 2022-09, skäl: Väntar på beslut}
  - id: d
    titel: Delta  # started after the second report back: not "started earlier" at the third
    rapporter:
      - {datum: 2021-12-01, status: pågående}
  - id: e
    titel: Epsilon
    rapporter:
      - {datum: 2021-05-01, status: pågående}
      - {datum: 2022-01-10, status: framflyttad, till: 2022-09, skäl: Resurser}
"""


def taby() -> malstyrning.Plan:
    return malstyrning.load_plan(TABY)


def schedule() -> malstyrning.Plan:
    return malstyrning.loads_plan(SCHEDULE, filename="s.yaml")


def test_the_last_report_back_of_tabys_plan() -> None:
    back = malstyrning.report_back(taby(), "2022-03")
    assert (back.number, back.count, back.date) == (4, 4, dt.date(2022, 3, 31))
    assert back.previous is not None
    assert back.previous.key == "2021-09"
    assert [(line.item.id, line.reason) for line in back.due] == [
        ("aktivitetskrav", DueReason.SCHEDULED),
        ("crm-verktyg", DueReason.SCHEDULED),
        ("utvardering-foretag", DueReason.SCHEDULED),
        ("kombinationsutbildningar", DueReason.SCHEDULED),
        ("uppfoljningsforum", DueReason.MOVED_HERE),  # moved from September 2021
    ]
    forum = back.due[-1]
    assert forum.status is ActivityStatus.DONE
    assert forum.move is not None
    assert forum.move.date == dt.date(2021, 9, 15)
    assert back.moved == ()
    assert back.started == ()
    # After the plan's last year: the last year is assessed beside it.
    assert str(back.period) == "2021"


def test_the_third_report_back_moves_the_forum_on() -> None:
    back = malstyrning.report_back(taby(), "2021-09")
    assert [(line.item.id, line.status) for line in back.due] == [
        ("uppfoljningsforum", ActivityStatus.POSTPONED)
    ]
    assert back.moved == ()  # due here: its status says where it moved
    # Within the plan's years: the values known at the month's end.
    assert str(back.period) == "2021-09"


def test_a_report_back_is_named_by_its_id_its_datum_or_its_month() -> None:
    plan = schedule()
    assert malstyrning.report_back(plan, "2022-03").number == 3
    back = malstyrning.report_back(plan, plan.follow_ups[2])
    assert [(line.item.id, line.status) for line in back.due] == [("c", ActivityStatus.POSTPONED)]
    due = back.due[0].report  # c is due here and moved on: its status says so
    assert due is not None
    assert (due.moved_to, due.reason) == ("2022-09", "Väntar på beslut")
    assert [line.item.id for line in back.moved] == ["e"]  # moved on, and not due here
    moved = back.moved[0].move
    assert moved is not None
    assert (moved.moved_to, moved.reason) == ("2022-09", "Resurser")
    # Alfa was pågående on the day of the report back before (2021-09-30), and is not due now.
    assert [(line.item.id, line.status) for line in back.started] == [("a", ActivityStatus.ONGOING)]
    assert back.started[0].report is not None
    assert back.started[0].report.text == "Fortfarande igång"
    first = malstyrning.report_back(plan, "2021-03")
    assert first.previous is None
    assert first.started == ()
    assert first.moved == ()


def test_reports_after_its_day_are_not_read() -> None:
    back = malstyrning.report_back(schedule(), "2021-03")
    alfa = back.due[0]
    assert alfa.report is not None
    assert alfa.report.text == "Igång"


def test_an_unknown_report_back_names_those_the_plan_has() -> None:
    with pytest.raises(malstyrning.InvalidArgumentError, match=r"den har 2020-09, .*Menade du '2022-03'\?"):
        malstyrning.report_back(taby(), "2022-04")
    with pytest.raises(malstyrning.InvalidArgumentError, match="ingen återrapportering att rapportera"):
        malstyrning.report_back(malstyrning.load_plan(PLANS / "2018.yaml"), "2022-03")
    stranger = malstyrning.FollowUp.model_validate({"datum": "2030-01"})
    with pytest.raises(malstyrning.InvalidArgumentError):
        malstyrning.report_back(taby(), stranger)


def test_goals_judged_from_items_read_them_on_the_day_asked() -> None:
    plan = taby()
    at_year_end = malstyrning.assess(plan, year=2021)
    in_march = malstyrning.assess(plan, year=2021, as_of=dt.date(2022, 3, 31))
    before = at_year_end.areas[0].goals[0].items
    after = in_march.areas[0].goals[0].items
    assert before is not None
    assert after is not None
    assert (before.done, after.done) == (0, 2)
    assert in_march.areas[0].goals[0].status is GoalStatus.LARGELY
    with pytest.raises(malstyrning.ArgumentTypeError):
        malstyrning.assess(plan, as_of="2022-03-31")  # type: ignore[arg-type]


def markdown(plan: malstyrning.Plan, when: str, lang: malstyrning.Language = "sv") -> str:
    back = malstyrning.report_back(plan, when)
    result = malstyrning.assess(plan, period=back.period, as_of=back.date)
    built = malstyrning.build_report(plan, result, report_back=back, lang=lang, generated=dt.date(2026, 1, 1))
    return malstyrning.render_report(built, "md")  # type: ignore[return-value]


def test_the_document_has_its_parts_in_order() -> None:
    text = markdown(taby(), "2022-03")
    assert text.startswith("# Återrapportering mars 2022: Gymnasie- och näringslivsnämnden")
    parts = [
        "## Bakgrund",
        "Den återrapporteras 4 gånger: september 2020, mars 2021, september 2021 och mars 2022. "
        "Detta är den fjärde och sista återrapporteringen.",
        "Den beslutades av Gymnasie- och näringslivsnämnden den 2020-02-20.",
        "## Återrapportering mars 2022",
        "### Tydlig tillämpning av aktivitetskrav för samtliga biståndstagare (aktivitetskrav)",
        "Status: ✓ Genomförd (rapporterad 2022-03-16)",
        "### Inrättandet av mångkompetent uppföljningsforum (uppfoljningsforum)",
        "Flyttad hit från september 2021 (2021-09-15): Verksamheten var inne i en fas",
        "## Stärkt integration",
        "✓ I hög grad uppfyllt (punkter: 2 av 3 genomförda, 1 i tid, 0 sena)",
    ]
    where = [text.index(part) for part in parts]
    assert where[3:] == sorted(where[3:])
    assert where[0] < where[3]
    assert "Framflyttat sedan" not in text
    assert "Kort status" not in text


def test_moved_started_and_comments_have_their_sections() -> None:
    text = markdown(schedule(), "2022-03")
    assert "# Tredje: Nämnden" in text
    assert "Detta är den tredje återrapporteringen." in text
    assert (
        "## Framflyttat sedan förra återrapporteringen\n\n"
        "- Epsilon (e): flyttad till 2022-09 den 2022-01-10 – skäl: Resurser" in text
    )
    assert (
        "## Kort status för tidigare påbörjade punkter\n\n"
        "- Alfa (a): … Pågående (2022-02-01) – Fortfarande igång" in text
    )
    assert "## Sammanfattande kommentarer\n\nAllt går enligt plan.\n\n- en punkt" in text
    english = markdown(schedule(), "2022-03", lang="en")
    assert "This is the third report back." in english
    assert "## Moved since the last report back" in english


def test_a_report_back_with_nothing_due_says_so() -> None:
    text = markdown(taby(), "2020-09")
    assert "# Återrapportering september 2020" in text
    assert "Inga punkter ska återrapporteras denna gång." in text
    assert "Detta är den första återrapporteringen." in text


def test_the_command_writes_it_in_every_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(TABY), "--återrapportering", "2022-03"])
    assert result.exit_code == 0, result.output
    assert "### Utveckla ett Customer Relationship Management-verktyg (crm-verktyg)" in result.output
    html = tmp_path / "b.html"
    assert (
        runner.invoke(app, ["report", str(TABY), "--aterrapportering", "2022-03", "-o", str(html)]).exit_code
        == 0
    )
    page = html.read_text(encoding="utf-8")
    assert "<h3>Inrättandet av mångkompetent uppföljningsforum (uppfoljningsforum)</h3>" in page
    assert 'id="section-report-back-background"' in page

    docx = pytest.importorskip("docx")
    word = tmp_path / "b.docx"
    assert (
        runner.invoke(app, ["report", str(TABY), "--återrapportering", "2022-03", "-o", str(word)]).exit_code
        == 0
    )
    headings = [(p.style.name, p.text) for p in docx.Document(str(word)).paragraphs if p.style is not None]
    assert ("Heading 1", "Bakgrund") in headings
    assert (
        "Heading 2",
        "Kombinationsutbildningar inom svenska för invandrare (sfi) (kombinationsutbildningar)",
    ) in headings

    openpyxl = pytest.importorskip("openpyxl")
    sheet = tmp_path / "b.xlsx"
    assert (
        runner.invoke(app, ["report", str(TABY), "--återrapportering", "2022-03", "-o", str(sheet)]).exit_code
        == 0
    )
    book = openpyxl.load_workbook(io.BytesIO(sheet.read_bytes()))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any(
        "\n\nInrättandet av mångkompetent uppföljningsforum (uppfoljningsforum)\nStatus: ✓" in c
        for c in cells
    )
    assert "punkter: 2 av 3 genomförda, 1 i tid, 0 sena" in cells


@pytest.mark.slow
def test_the_command_writes_it_as_pdf(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "b.pdf"
    result = runner.invoke(app, ["report", str(TABY), "--återrapportering", "2022-03", "-o", str(out)])
    assert result.exit_code == 0, result.output
    words = "".join(page.extract_text() for page in pypdf.PdfReader(str(out)).pages)
    assert "Flyttad hit från september 2021" in words


def test_the_command_refuses_what_does_not_fit() -> None:
    unknown = runner.invoke(app, ["report", str(TABY), "--återrapportering", "2022-04"])
    assert unknown.exit_code == 2
    assert "Menade du '2022-03'?" in unknown.output
    both = runner.invoke(app, ["report", str(TABY), "--återrapportering", "2022-03", "--year", "2021"])
    assert both.exit_code == 2
    assert "utelämna --year, --period, --rapport" in both.output


_DAYS = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2022, 12, 31))
_STATUS = st.sampled_from(["pågående", "genomförd", "försenad", "framflyttad", "ej påbörjad"])
_MONTHS = ["2021-03", "2021-09", "2022-03", "2022-09"]


@st.composite
def _plans(draw: st.DrawFn) -> malstyrning.Plan:
    items = []
    for n in range(draw(st.integers(1, 5))):
        reports = []
        for _ in range(draw(st.integers(0, 3))):
            status = draw(_STATUS)
            report = {"datum": draw(_DAYS).isoformat(), "status": status}
            if status == "framflyttad":
                report["till"] = draw(st.sampled_from(_MONTHS))
            reports.append(report)
        items.append({"id": f"p{n}", "titel": f"Punkt {n}", "rapporter": reports})
    ids = [item["id"] for item in items]
    follow_ups = [
        {"datum": month, "punkter": draw(st.lists(st.sampled_from(ids), unique=True))} for month in _MONTHS
    ]
    data = {
        "typ": "handlingsplan",
        "plan": "P",
        "organisation": "O",
        "år": 2021,
        "slutår": 2022,
        "uppdrag": items,
        "återrapportering": follow_ups,
    }
    return malstyrning.Plan.model_validate(data)


@settings(max_examples=max(30, settings().max_examples // 3), deadline=None)
@given(_plans(), st.sampled_from(_MONTHS))
def test_a_report_back_keeps_its_promises(plan: malstyrning.Plan, month: str) -> None:
    back = malstyrning.report_back(plan, month)
    day = back.date
    listed = back.follow_up.items
    due_ids = [line.item.id for line in back.due]
    # Every listed item once, first and in order; the rest were moved here by a report made by its day.
    assert due_ids[: len(listed)] == list(listed)
    assert len(set(due_ids)) == len(due_ids)
    for line in back.due[len(listed) :]:
        assert line.reason is DueReason.MOVED_HERE
        assert line.move is not None
        assert line.move.moved_to == month
        assert line.move.date <= day
    # What it says of each item is what was known on its day.
    for line in (*back.due, *back.moved, *back.started):
        assert line.status == line.item.current_status(day)
        assert line.report is None or line.report.date <= day
    since = back.previous.date if back.previous is not None else dt.date.min
    for line in back.moved:
        assert line.move is not None
        assert line.move.status is ActivityStatus.POSTPONED
        assert since < line.move.date <= day
    # Moved here means: its latest move made by the day names this report back.
    for line in back.due[len(listed) :]:
        assert line.item.latest_move(day) is line.move
    # Moved on: to another report back, since the one before; the latest such move.
    for line in back.moved:
        assert line.move is not None
        assert line.move.moved_to != month
    # None left out, and no item in two lists.
    for item in plan.items():
        moves = [r for r in item.reports if r.status is ActivityStatus.POSTPONED and since < r.date <= day]
        if any(r.moved_to != month for r in moves) and item.id not in due_ids:
            assert item.id in {line.item.id for line in back.moved}
    ids = [[line.item.id for line in part] for part in (back.due, back.moved, back.started)]
    assert len({i for part in ids for i in part}) == sum(len(part) for part in ids)
    for line in back.started:
        assert back.previous is not None
        assert line.item.current_status(back.previous.date) is ActivityStatus.ONGOING
    # `due` on the report back's own day lists the same items for it.
    on_the_day = malstyrning.due(plan, on=day)
    assert on_the_day.follow_up is back.follow_up
    assert [item.id for item in on_the_day.items] == due_ids


# The reviewer's cases: an item moved twice, one never listed, one moved here and
# then on, a move to this very report back.
MOVES = """\
typ: handlingsplan
plan: Flyttar
organisation: Nämnden
år: 2021
återrapportering:
  - {datum: 2021-03, punkter: [x]}
  - {id: juni, datum: 2021-06}
  - {datum: 2021-09}
  - {datum: 2021-12}
uppdrag:
  - id: x
    titel: Flyttad två gånger
    rapporter:
      - {datum: 2021-03-10, status: framflyttad, till: juni, skäl: Första}
      - {datum: 2021-06-20, status: framflyttad, till: 2021-09, skäl: Andra}
  - id: y
    titel: Aldrig listad
    rapporter:
      - {datum: 2021-05-02, status: framflyttad, till: 2021-09, skäl: Ny}
  - id: z
    titel: Hit och vidare
    rapporter:
      - {datum: 2021-05-02, status: framflyttad, till: 2021-09}
      - {datum: 2021-08-01, status: framflyttad, till: 2021-12}
  - id: w
    titel: Tidigt flyttad
    rapporter:
      - {datum: 2021-02-01, status: framflyttad, till: 2021-12}
"""


def test_moved_here_names_where_it_was_due_and_a_later_move_takes_it_on() -> None:
    plan = malstyrning.loads_plan(MOVES, filename="m.yaml")
    back = malstyrning.report_back(plan, "2021-09")
    assert [line.item.id for line in back.due] == ["x", "y"]  # z moved on to December
    x, y = back.due
    assert x.moved_from is not None
    assert x.moved_from.key == "juni"  # where the first move had sent it
    assert y.moved_from is None  # due at none before
    assert [line.item.id for line in back.moved] == ["z"]  # on to December, not here
    text = markdown(plan, "2021-09")
    assert "Flyttad hit från juni 2021 (2021-06-20): Andra" in text
    assert "Flyttad hit 2021-05-02: Ny" in text
    assert "- Hit och vidare (z): flyttad till 2021-12 den 2021-08-01" in text
    june = markdown(plan, "juni")
    # x was moved to June, then on before June's day: not due there, moved on.
    assert "Inga punkter ska återrapporteras denna gång." in june
    assert "- Flyttad två gånger (x): flyttad till 2021-09 den 2021-06-20 – skäl: Andra" in june
    first = markdown(plan, "2021-03")
    assert "Status: » Framflyttad till juni (rapporterad 2021-03-10)" in first  # x, listed here
    # No report back before: "Framflyttat", not "sedan förra".
    assert "## Framflyttat\n\n- Tidigt flyttad (w): flyttad till 2021-12 den 2021-02-01\n" in first
    december = malstyrning.report_back(plan, "2021-12")
    assert [line.item.id for line in december.due] == ["z", "w"]
    # `due` agrees: in August, z is due in December, not in September.
    august = malstyrning.due(plan, on=dt.date(2021, 8, 15))
    assert [item.id for item in august.items] == ["x", "y"]


def test_ordinals_past_ten() -> None:
    months = "".join(f"  - {{datum: {2021 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}}}\n" for m in range(1, 25))
    plan = malstyrning.loads_plan(
        f"plan: P\norganisation: O\når: 2021\nslutår: 2022\nåterrapportering:\n{months}", filename="p.yaml"
    )
    assert "Detta är den 21:a återrapporteringen." in markdown(plan, "2022-09")
    assert "Detta är den 23:e återrapporteringen." in markdown(plan, "2022-11")
    assert "This is the 22nd report back." in markdown(plan, "2022-10", lang="en")
    assert "This is the 24th and last report back." in markdown(plan, "2022-12", lang="en")


def test_a_plan_section_named_like_a_part_keeps_its_text() -> None:
    text = SCHEDULE + "avsnitt:\n  - {id: report-back-items, titel: Eget, text: Denna text skrev planen.}\n"
    assert "Denna text skrev planen." in markdown(malstyrning.loads_plan(text), "2022-03")


def test_report_back_names_must_be_clear() -> None:
    doubled = SCHEDULE.replace("  - {datum: 2021-03, punkter: [a]}", "  - {datum: 2021-03, punkter: [a, a]}")
    with pytest.raises(malstyrning.PlanValidationError, match=r"punkter\[1\]: 'a' står redan i punkter"):
        malstyrning.loads_plan(doubled)
    twice = SCHEDULE.replace("  - {datum: 2022-09}", "  - {datum: 2022-09}\n  - {datum: 2022-09}")
    with pytest.raises(
        malstyrning.PlanValidationError, match="återrapporteringens id '2022-09' används redan"
    ):
        malstyrning.loads_plan(twice)
    one_month = SCHEDULE.replace("  - {datum: 2022-09}", "  - {datum: 2022-09-01}\n  - {datum: 2022-09-30}")
    plan = malstyrning.loads_plan(one_month)
    with pytest.raises(malstyrning.InvalidArgumentError, match="anger 2 återrapporteringar"):
        malstyrning.report_back(plan, "2022-09")
    assert malstyrning.report_back(plan, "2022-09-30").number == 5


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(malstyrning.ArgumentTypeError):
        malstyrning.assess(taby(), as_of=dt.datetime(2022, 3, 31, 12))


def test_a_report_back_within_the_year_does_not_say_nothing_is_assessed() -> None:
    text = markdown(taby(), "2020-09")
    assert "ingenting är bedömt" not in text


def test_status_refuses_a_report_back_already_past(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(TABY.read_bytes())
    with pytest.raises(malstyrning.InvalidArgumentError, match="före 2022-01-01"):
        malstyrning.record_status(
            path, "crm-verktyg", "framflyttad", moved_to="2021-09", date=dt.date(2022, 1, 1)
        )
    assert path.read_bytes() == TABY.read_bytes()


def test_status_refuses_a_report_back_the_plan_does_not_have(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(TABY.read_bytes())
    before = path.read_bytes()
    with pytest.raises(malstyrning.InvalidArgumentError, match="Menade du '2022-03'"):
        malstyrning.record_status(path, "crm-verktyg", "framflyttad", moved_to="2022-04")
    assert path.read_bytes() == before  # nothing written
    malstyrning.record_status(
        path, "crm-verktyg", "framflyttad", moved_to="2022-03", date=dt.date(2022, 1, 1)
    )
    # And the plan is none the worse.
    assert [f.rule for f in malstyrning.lint_plan(path)] == [f.rule for f in malstyrning.lint_plan(TABY)]


def test_lint_finds_a_move_to_a_report_back_the_plan_does_not_have() -> None:
    text = SCHEDULE.replace("till: 2022-09, skäl: Väntar", "till: 2022-10, skäl: Väntar")
    found = [
        f for f in malstyrning.lint_text(text, filename="s.yaml") if f.rule == "moved-to-unknown-report-back"
    ]
    assert [(f.line, f.path) for f in found] == [(24, "uppdrag[2].rapporter[0].till")]
    assert "'2022-10'" in found[0].message
    assert not [f for f in malstyrning.lint_text(SCHEDULE) if f.rule == "moved-to-unknown-report-back"]


def test_assess_json_carries_the_items_as_of_its_day() -> None:
    data = malstyrning.assessment_to_dict(malstyrning.assess(taby(), year=2021))
    assert data["items_as_of"] == "2021-12-31"
    forum = next(item for item in data["items"] if item["id"] == "uppfoljningsforum")
    assert forum["status"] == "postponed"  # the March 2022 report is after the day
    assert [r["date"] for r in forum["reports"]] == ["2021-09-15"]
    assert forum["reports"][0]["moved_to"] == "2022-03"
    assert (forum["kind"], forum["goals"], forum["decided"]["date"]) == (
        "activity",
        ["egenforsorjning"],
        "2020-02-20",
    )
    later = malstyrning.assessment_to_dict(malstyrning.assess(taby(), year=2021, as_of=dt.date(2022, 3, 31)))
    forum = next(item for item in later["items"] if item["id"] == "uppfoljningsforum")
    assert forum["status"] == "done"
    assert len(forum["reports"]) == 2
    assert [item["id"] for item in later["items"]] == [item.id for item in taby().items()]
