"""Output that cannot be hijacked, and that reads as a planner expects.

Text from a plan, a CSV file or Kolada reaches the terminal in every command's
output, and never as a control sequence or as rich markup; the Markdown report
shows titles and comments as text in a renderer with HTML enabled; no line of
any command's output ends in a space; ``--help`` speaks in metavars.
"""

from __future__ import annotations

import csv as csv_module
import json
import os
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, plan_text
from kolada_server import kolada_row
from malstyrning._cli import COMMANDS, app

# Every way text has been seen to act on a terminal or on rich: CSI (7-bit
# and C1), OSC (a window title, a link), BEL, a carriage return and a
# backspace that overwrite, a bidirectional override, rich markup that
# crashed `import` after it had written ("[/]") and rich's emoji codes.
HOSTILE = (
    "A\x1b[2J\x1b[31mB\x1b]0;pwned\x07\x1b]8;;http://x\x1b\\L\x9b1mC\rD\x08E\u202eF\x00\x7f"
    "[/][bold]G[/bold]:thumbs_up:"
)
VISIBLE_MARKUP = "[/][bold]G[/bold]:thumbs_up:"
# An id as a CSV file may give it: escape sequences and markup, no NUL or carriage return.
CSV_ID = "fri[/]\x1b[31m\x9b2J\u202e[bold]x:thumbs_up:"


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` that act on a terminal (newline and tab aside)."""
    return [
        f"U+{ord(char):04X}"
        for char in text
        if char not in "\n\t" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Cs"}
    ]


def hostile_plan(tmp_path: Path) -> Path:
    name = json.dumps(HOSTILE)  # a YAML double-quoted scalar, written with JSON's escapes
    text = plan_text(
        f"""\
        kolada_kommun: "0138"
        vision: {name}
        målområden:
          - titel: {name}
            beskrivning: {name}
            mål:
              - titel: {name}
                kommentar: {name}
                indikatorer:
                  - id: {json.dumps("id[/]" + HOSTILE)}
                    titel: {name}
                    enhet: {name}
                    riktning: öka
                    ingångsvärde: {{värde: 1, år: 2016}}
                    målvärde: 10
                    utfall: {{2016: 2, 2017: {{saknas: {name}}}}}
                    kolada: {{kpi: N00914}}
                  - id: {json.dumps(CSV_ID)}
                    titel: {name}
                    utfall: {{2017: 3}}
                aktiviteter:
                  - {{titel: {name}, ansvarig: {name}, kommentar: {name}}}
        """
    ).replace("organisation: Testnämnden", f"organisation: {name}")
    path = tmp_path / "plan\x1b[2J.yaml"  # a file name is text from outside too
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str | Path, columns: int = 100) -> Any:
    # color=True: as on a terminal, where click would not strip anything itself.
    return CliRunner().invoke(
        app, [str(arg) for arg in args], env={"COLUMNS": str(columns), "TERM": "dumb"}, color=True
    )


def hostile_runs(tmp_path: Path) -> list[tuple[str, Any]]:
    """Every command, fed hostile text, and what it printed."""
    plan = hostile_plan(tmp_path)
    ident = "id[/]" + HOSTILE
    csv = tmp_path / "utfall.csv"
    with csv.open("w", encoding="utf-8", newline="") as file:
        writer = csv_module.writer(file)
        writer.writerows([["indikator", "år", "värde", "kommentar"], [CSV_ID, "2018", "4", HOSTILE]])
    saved = tmp_path / "kolada.json"
    rows = [kolada_row("N00914", "0138", 2015, T=None, status=HOSTILE)]
    saved.write_text(json.dumps({"values": rows, "count": 1, "next_url": None}), encoding="utf-8")
    broken = tmp_path / "broken\x1b[2J.yaml"
    broken.write_text(plan_text(f"{json.dumps(HOSTILE)}: 1\n"), encoding="utf-8")
    runs = [
        ("assess", invoke("assess", plan)),
        ("assess json", invoke("assess", plan, "--format", "json")),
        ("assess en", invoke("assess", plan, "--lang", "en")),
        ("show", invoke("show", plan, ident)),
        ("show unknown", invoke("show", plan, HOSTILE)),
        ("explain", invoke("explain", plan, ident)),
        ("explain json", invoke("explain", plan, ident, "--format", "json")),
        ("explain unknown", invoke("explain", plan, HOSTILE)),
        ("history", invoke("history", plan, ident)),
        ("history json", invoke("history", plan, ident, "--format", "json")),
        ("history md", invoke("history", plan, ident, "--format", "md")),
        ("history unknown", invoke("history", plan, HOSTILE)),
        ("history folder", invoke("history", tmp_path, ident)),
        ("due", invoke("due", plan, "--on", "2018-06-01")),
        ("due json", invoke("due", plan, "--on", "2018-06-01", "--format", "json")),
        ("diff", invoke("diff", PLANS / "2018.yaml", plan)),
        ("diff md", invoke("diff", PLANS / "2018.yaml", plan, "--format", "md")),
        ("diff json", invoke("diff", PLANS / "2018.yaml", plan, "--format", "json")),
        ("site", invoke("site", plan, "-o", tmp_path / "site\x1b[2J")),
        ("site broken", invoke("site", broken, "-o", tmp_path / "site2")),
        ("validate", invoke("validate", plan, broken)),
        ("lint", invoke("lint", plan, broken)),
        ("report", invoke("report", plan)),
        ("record", invoke("record", plan, ident, "2018", "5", "--kommentar", HOSTILE)),
        ("record unknown", invoke("record", plan, HOSTILE, "2018", "5")),
        ("status unknown", invoke("status", plan, HOSTILE, "pågående", "--text", HOSTILE)),
        ("status bad", invoke("status", plan, HOSTILE, HOSTILE, "--till", HOSTILE)),
        ("import", invoke("import", plan, csv, "--dry-run")),
        ("import kolada", invoke("import", plan, "--kolada-file", saved, "--dry-run")),
        ("rollover", invoke("rollover", plan, "--to", "2019", "-o", tmp_path / "ny\x1b[2J.yaml")),
        ("init", invoke("init", tmp_path / "init\x1b[2J.yaml", "--organisation", HOSTILE)),
        ("schema", invoke("schema", "-o", tmp_path / "schema\x1b[2J.json")),
    ]
    # An id with markup, written for real: the table is printed after the plan is written,
    # where "[/]" crashed. (Its kommentar is markup only: what a YAML file may hold is
    # the writer's business, and a located refusal is a fine answer for the rest.)
    with csv.open("w", encoding="utf-8", newline="") as file:
        writer = csv_module.writer(file)
        writer.writerows([["indikator", "år", "värde", "kommentar"], [CSV_ID, "2018", "4", VISIBLE_MARKUP]])
    runs.append(("import written", invoke("import", plan, csv)))
    return runs


def test_hostile_text_never_reaches_the_terminal(tmp_path: Path) -> None:
    """Through every command: no control character in stdout or stderr, the
    markup shown as written, no traceback, and the commands that should succeed do."""
    runs = hostile_runs(tmp_path)
    assert {name.split()[0] for name, _ in runs} == set(COMMANDS)
    for name, result in runs:
        out = result.stdout + result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.exception)
        assert not unprintable(out), (name, unprintable(out), out)
        assert "Traceback" not in out, name
        if name in {
            "assess",
            "assess en",
            "show",
            "explain",
            "history",
            "history md",
            "import written",
            "report",
        }:
            assert result.exit_code == 0, (name, out)
            assert "[/]" in out.replace("\\", ""), (name, out)  # in the report: \\[/\\]
        assert result.exit_code in (0, 1, 2), (name, out)
    assert dict(runs)["site"].exit_code == 0  # a site of ids with markup and control characters
    written = dict(runs)["import written"].stdout
    assert (
        "fri[/]\\u001b[31m\\u009b2J\\u202e[bold]x:thumbs_up:" in written
    )  # markup and emoji codes as written
    kolada = dict(runs)["import kolada"]
    assert "\\u001b[2J" in kolada.stdout + kolada.stderr  # Kolada's own text, shown escaped


def test_escapes_are_shown_on_a_pipe_too(tmp_path: Path) -> None:
    """On a pipe click stripped escape sequences before they could be escaped: a plan
    named "e\\x1b[31m.yaml" was reported as "e.yaml", and "wrote o.md" named no file."""
    plan = tmp_path / "e\x1b[31m.yaml"
    plan.write_text(plan_text("verksamhetsmått:\n  - {id: d, titel: D}\n"), encoding="utf-8")
    report = tmp_path / "o\x1b[1m.md"
    # CliRunner's color=False is click's pipe: it would strip what it takes for colour.
    piped = CliRunner().invoke(app, ["record", str(plan), "d", "2019", "1", "--lang", "en"])
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == f"{tmp_path}/e\\u001b[31m.yaml: d 2019: 1\n"
    # A real pipe, through the console script's module.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "MALSTYRNING_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "malstyrning", "report", str(plan), "-o", str(report)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == f"wrote {tmp_path}/o\\u001b[1m.md\n"
    assert report.exists()


def test_json_output_escapes_what_json_leaves_raw(tmp_path: Path) -> None:
    """`assess --format json`: a C1 control (which JSON writes raw) is escaped as JSON does it, so
    the document still reads back the same."""
    result = invoke("assess", hostile_plan(tmp_path), "--format", "json")
    assert result.exit_code == 0
    assert "\x9b" not in result.stdout
    document = json.loads(result.stdout)
    assert document["plan"]["organisation"] == HOSTILE


@given(st.text())
def test_printable_text_acts_on_nothing_and_reads_back_in_json(text: str) -> None:
    """Whatever the text, printable() leaves no character that acts on a terminal, keeps the
    rest, and writes the others as JSON escapes (a JSON string reads back the same)."""
    shown = malstyrning.printable(text)
    assert not unprintable(shown.replace("\n", "\\n").replace("\t", "\\t"))
    assert "\n" not in shown
    if "\\" not in text and '"' not in text:
        assert json.loads(f'"{shown}"') == text
    assert malstyrning.printable(text, newlines=True).count("\n") == text.count("\n")


def test_printable_examples() -> None:
    assert malstyrning.printable("Röd\x1b[31m titel") == "Röd\\u001b[31m titel"
    assert malstyrning.printable("a\rb\u202ec\U000e0041") == "a\\u000db\\u202ec\\udb40\\udc41"
    assert (
        malstyrning.printable("👩\u200d👩\u200d👧 Tyresö\u00a0kommun")
        == "👩\u200d👩\u200d👧 Tyresö\u00a0kommun"
    )


# --- the Markdown report ------------------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klicka](javascript:alert(1))",
    "<javascript:alert(1)>",
    "![bild](http://x/y.png)",
    "# Rubrik",
    "```\nkod\n```",
    "| a | b |",
    "- punkt",
    "1. punkt",
    "    indraget",
    "---",
    "> citat",
    "<div onclick=x>a</div>",
    "&lt;b&gt; &amp;",
    "**fet** _kursiv_ ~~struken~~ `kod`",
    "a\\",
    "slut #",
]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _attack_plan(attack: str) -> malstyrning.Plan:
    name = json.dumps(attack)
    return malstyrning.loads_plan(
        plan_text(
            f"""\
            vision: {name}
            målområden:
              - titel: {name}
                beskrivning: {name}
                mål:
                  - titel: {name}
                    kommentar: {name}
                    indikatorer:
                      - {{id: i, titel: {name}, enhet: {name}, riktning: öka, ingångsvärde: 1,
                          målvärde: 10, utfall: {{2017: 2, 2018: {{saknas: {name}}}}}}}
                    aktiviteter:
                      - {{titel: {name}, ansvarig: {name}, kommentar: {name}}}
            uppdrag:
              - {{titel: {name}, kommentar: {name}}}
            kvalitetsgarantier:
              - {{titel: {name}, kommentar: {name}}}
            risker:
              - {{risk: {name}, åtgärder: {name}, kontrollinsatser: {name}, ansvar: {name}}}
            """
        ).replace("organisation: Testnämnden", f"organisation: {name}")
    )


def _report(attack: str, fmt: malstyrning.ReportFormat) -> str:
    plan = _attack_plan(attack)
    built = malstyrning.build_report(plan, malstyrning.assess(plan, year=2018))
    rendered = malstyrning.render_report(built, fmt)
    assert isinstance(rendered, str)
    return rendered


def _markdown_renderer(markdown_it: Any) -> Any:
    """CommonMark with raw HTML allowed, and GitHub's tables and strikethrough."""
    return markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _safe_report_tags() -> tuple[set[str], set[str]]:
    """The elements and attributes the report has of its own (a plan of plain words)."""
    markdown_it = pytest.importorskip("markdown_it")
    parser = _Elements()
    parser.feed(_markdown_renderer(markdown_it).render(_report("ord", "md")))
    return parser.tags, parser.attributes


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_report_shows_the_plans_text_as_text(attack: str) -> None:
    """Rendered by markdown-it-py with HTML enabled (and GitHub's tables), the report has no element
    or attribute the plan's text asked for, and the text reads as written."""
    markdown_it = pytest.importorskip("markdown_it")
    tags, attributes = _safe_report_tags()
    rendered = _markdown_renderer(markdown_it).render(_report(attack, "md"))
    parser = _Elements()
    parser.feed(rendered)
    assert parser.tags <= tags, parser.tags - tags
    assert parser.attributes <= attributes, parser.attributes - attributes
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', rendered))
    # The text reads as written (its line breaks as spaces), at least once for each place it is in.
    written = " ".join(part for part in attack.split("\n") if part.strip())
    shown = " ".join("".join(parser.text).split())
    assert shown.count(" ".join(written.split())) >= 10, shown


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_report_escapes_the_plans_text(attack: str) -> None:
    """The HTML report has no element or attribute from the plan's text either."""
    pytest.importorskip("jinja2")
    parser = _Elements()
    parser.feed(_report(attack, "html"))
    reference = _Elements()
    reference.feed(_report("ord", "html"))
    assert parser.tags <= reference.tags, parser.tags - reference.tags
    assert parser.attributes <= reference.attributes, parser.attributes - reference.attributes
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', _report(attack, "html")))


def test_markdown_report_escapes_control_characters() -> None:
    assert unprintable(_report(HOSTILE, "md")) == []


# --- labels that say why ----------------------------------------------------------------------------

WHY = {
    malstyrning.Reason.NO_OUTCOME: ("Inget värde angivet", "No value given"),
    malstyrning.Reason.NO_TARGET: ("Ej bedömd: inget målvärde", "Not assessed: no target"),
    malstyrning.Reason.NO_DIRECTION: ("Ej bedömd: ingen riktning", "Not assessed: no direction"),
    malstyrning.Reason.NO_BASELINE: (
        "Ej bedömd: inget målvärde eller ingångsvärde",
        "Not assessed: no target or starting value",
    ),
}
INDICATORS = {
    malstyrning.Reason.NO_OUTCOME: "{id: i, titel: I, ingångsvärde: 1, målvärde: 10}",
    malstyrning.Reason.NO_TARGET: "{id: i, titel: I, utfall: {2018: 5}}",
    malstyrning.Reason.NO_DIRECTION: "{id: i, titel: I, målvärde: 10, utfall: {2018: 5}}",
    malstyrning.Reason.NO_BASELINE: "{id: i, titel: I, riktning: öka, utfall: {2017: 4, 2018: 5}}",
}


def _one_indicator(indicator: str, tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    body = "målområden:\n  - titel: A\n    mål:\n      - titel: G\n        indikatorer:\n"
    body += f"          - {indicator}\n"
    path.write_text(plan_text(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("reason", list(INDICATORS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_not_assessed_says_why(reason: malstyrning.Reason, lang: str, tmp_path: Path) -> None:
    """Each reason an indicator is not assessed has its own words, in `assess`, `show` and the
    report; an outcome without a target is not "Inget värde angivet"."""
    plan = _one_indicator(INDICATORS[reason], tmp_path)
    loaded = malstyrning.load_plan(plan)
    assert malstyrning.assess(loaded, year=2018).areas[0].goals[0].indicators[0].reason is reason
    words = WHY[reason][lang == "en"]
    assess = invoke("assess", plan, "--year", "2018", "--lang", lang)
    assert any(line.strip(" │├└─").startswith(words) for line in assess.stdout.splitlines()), assess.stdout
    show = invoke("show", plan, "i", "--year", "2018", "--lang", lang)
    assert words in show.stdout
    report = invoke("report", plan, "--year", "2018", "--lang", lang)
    assert words in report.stdout


# The reasons that arise only at a period within the year (assess --period), each made by one indicator
# of a plan for 2018 assessed at 2018-T2; the bedömning's words (for no_forecast: the indicator's
# own, as the text output shows no forecast it cannot make).
PERIOD_WHY = {
    malstyrning.Reason.NO_VALUE_YET: ("Inget utfall i år ännu", "No value this year yet"),
    malstyrning.Reason.PARTIAL_YEAR: ("Hittills i år: se prognosen", "So far this year: see the forecast"),
    malstyrning.Reason.NO_FORECAST: ("Inget utfall i år ännu", "No value this year yet"),
}
NOTHING_THIS_YEAR = "{id: i, titel: I, ingångsvärde: 1, målvärde: 10, utfall: {2017: 5}}"
PERIOD_INDICATORS = {
    malstyrning.Reason.NO_VALUE_YET: NOTHING_THIS_YEAR,
    malstyrning.Reason.PARTIAL_YEAR: (
        "{id: i, titel: I, periodvärde: ackumulerat, ingångsvärde: {värde: 60, år: 2017}, målvärde: 100, "
        "utfall: {2017: 60, 2018-T1: 41, 2018-T2: 82}}"
    ),
    malstyrning.Reason.NO_FORECAST: NOTHING_THIS_YEAR,
}


def test_every_reason_is_shown_by_a_test() -> None:
    """Each Reason is made and looked for in the output, for a year or at a period."""
    assert set(INDICATORS) | set(PERIOD_INDICATORS) == set(malstyrning.Reason)


@pytest.mark.parametrize("reason", list(PERIOD_INDICATORS))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_not_assessed_at_a_period_says_why(reason: malstyrning.Reason, lang: str, tmp_path: Path) -> None:
    """At a period within the year, `assess --period` says why an indicator is not judged: no value
    this year yet, or a count so far this year (judged by its forecast, shown below it); the reason in
    full under it; and the JSON carries the code, no_forecast on a forecast that cannot be made."""
    plan = _one_indicator(PERIOD_INDICATORS[reason], tmp_path)
    result = malstyrning.assess(malstyrning.load_plan(plan), period="2018-T2").areas[0].goals[0].indicators[0]
    shown = invoke("assess", plan, "--period", "2018-T2", "--format", "json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)["areas"][0]["goals"][0]["indicators"][0]
    assessed = invoke("assess", plan, "--period", "2018-T2", "--lang", lang)
    assert assessed.exit_code == 0, assessed.output
    lines = [line.strip(" │├└─") for line in assessed.stdout.splitlines()]
    words = PERIOD_WHY[reason][lang == "en"]
    assert any(line.startswith(words) for line in lines), assessed.stdout
    text = " ".join(" ".join(lines).split())  # the reason in full may wrap
    forecast = "Forecast" if lang == "en" else "Prognos"
    language: malstyrning.Language = "en" if lang == "en" else "sv"
    if reason is malstyrning.Reason.NO_FORECAST:
        assert result.forecast is not None
        assert result.forecast.reason is reason
        assert data["forecast"]["reason"] == reason.value
        assert data["forecast"]["value"] is None
        assert forecast not in text  # no line for a forecast that cannot be made
        assert malstyrning.label(malstyrning.Reason.NO_VALUE_YET, language) in text
    else:
        assert result.reason is reason
        assert data["reason"] == reason.value
        assert malstyrning.label(reason, language) in text
    if reason is malstyrning.Reason.PARTIAL_YEAR:
        # 82 at the end of August, as a whole year: 82 × 12 / 8 = 123 against the target 100.
        scaled = "scaled to the whole year" if lang == "en" else "uppräknad till helår"
        assert f"{forecast} 2018: 123 ({scaled}" in text
        assert data["forecast"] == {
            "status": "reached",
            "value": 123.0,
            "basis": "scaled",
            "period": "2018-T2",
            "method": "progress",
            "progress": 1.575,  # (123 − 60) / (100 − 60)
            "reason": None,
            "comment": None,
            "year": 2018,
        }


def test_every_reason_has_its_own_words() -> None:
    """Every Reason: a label that says why, and a bedömning of its own in both languages."""
    from malstyrning._report._labels import status_label

    for lang in ("sv", "en"):
        shown = set()
        for reason in malstyrning.Reason:
            result = malstyrning.assess_indicator(
                malstyrning.Indicator.model_validate({"id": "i", "titel": "I"}), year=2018
            )
            result = type(result)(**{**{f: getattr(result, f) for f in result.__slots__}, "reason": reason})
            assert malstyrning.label(reason, lang)
            shown.add(status_label(result, lang))
        assert len(shown) == len(malstyrning.Reason)


def _parts(line: str) -> list[str]:
    words = line.strip(" │├└─")
    return [re.sub(r"[^\w ]", "", part).strip().casefold() for part in words.split(" · ")]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml", *INDICATORS.values()])
def test_the_same_words_never_twice_on_one_line(plan: str, lang: str, tmp_path: Path) -> None:
    """No part of a line of `assess` (parts are joined by " · ") says what another already says:
    not "Inget värde angivet · - Inget värde angivet"."""
    path = PLANS / plan if plan.endswith(".yaml") else _one_indicator(plan, tmp_path)
    result = invoke("assess", path, "--lang", lang)
    assert result.exit_code == 0
    for line in result.stdout.splitlines():
        parts = [part for part in _parts(line) if part]
        for i, part in enumerate(parts):
            others = parts[:i] + parts[i + 1 :]
            assert not any(part in other for other in others), line


def test_the_numbers_are_not_dim() -> None:
    """On a colour terminal, the line with ingångsvärde · utfall · mål is printed plainly."""
    import io

    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=200)
    malstyrning.print_assessment(
        malstyrning.assess(malstyrning.load_plan(PLANS / "2018.yaml")), console=console
    )
    numbers = [line for line in out.getvalue().splitlines() if "ingångsvärde 10 % (2014)" in line]
    assert numbers
    for line in numbers:
        before = line[: line.index("ingångsvärde")]
        assert re.findall(r"\x1b\[[0-9;]*m", before)[-1] == "\x1b[0m", repr(
            line
        )  # after the dim guide: plain


# --- no trailing spaces ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 100])
def test_no_line_of_any_command_ends_in_a_space(columns: int, tmp_path: Path) -> None:
    """Every command's output, at 80 and 100 columns: no line ends in a space."""
    plan = tmp_path / "2018.yaml"
    plan.write_bytes((PLANS / "2018.yaml").read_bytes())
    csv = tmp_path / "utfall.csv"
    csv.write_text("indikator,år,värde\nsommarjobb,2018,170\n", encoding="utf-8")
    action_plan = tmp_path / "handlingsplan.yaml"
    action_plan.write_bytes((PLANS / "2020-handlingsplan.yaml").read_bytes())
    runs = {
        "assess": invoke("assess", plan, columns=columns),
        "assess 2017": invoke("assess", PLANS / "2017.yaml", "--lang", "en", columns=columns),
        "assess json": invoke("assess", plan, "-f", "json", columns=columns),
        "validate": invoke("validate", plan, PLANS / "2017.yaml", columns=columns),
        "lint": invoke("lint", plan, columns=columns),
        "report": invoke("report", plan, columns=columns),
        "show": invoke("show", PLANS / "2017.yaml", "sommarjobb", columns=columns),
        "explain": invoke("explain", PLANS / "2017.yaml", "fler-sommarjobb", columns=columns),
        "explain 2018": invoke("explain", plan, "unga-neet", "--lang", "en", columns=columns),
        "history": invoke("history", PLANS / "tyreso", "unga-neet", columns=columns),
        "history md": invoke(
            "history", PLANS / "tyreso", "sommarjobb", "-f", "md", "--lang", "en", columns=columns
        ),
        "due": invoke("due", PLANS / "2020-handlingsplan.yaml", "--on", "2021-10-01", columns=columns),
        "diff": invoke("diff", PLANS / "2017.yaml", plan, columns=columns),
        "diff md": invoke("diff", PLANS / "2017.yaml", plan, "-f", "md", columns=columns),
        "site": invoke("site", plan, "-o", tmp_path / "site", columns=columns),
        "import": invoke("import", plan, csv, columns=columns),
        "record": invoke("record", plan, "sommarjobb", "2019", "180", columns=columns),
        "status": invoke("status", action_plan, "crm-verktyg", "pågående", "--text", "x", columns=columns),
        "rollover": invoke("rollover", plan, "--to", "2019", "-o", tmp_path / "ny.yaml", columns=columns),
        "init": invoke("init", "-", columns=columns),
        "schema": invoke("schema", columns=columns),
    }
    assert {name.split()[0] for name in runs} == set(COMMANDS)
    for name, result in runs.items():
        assert result.exit_code in (0, 1), (name, result.stdout, result.stderr)
        for line in (result.stdout + result.stderr).splitlines():
            assert line == line.rstrip(), (name, line)


# --- --help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_reads_as_a_planner_expects(command: str) -> None:
    """No typer type (<bool>, <list[Path]>) and no {PLAN} or [[VALUE]] in any --help; the usage
    line names the arguments as the docs do."""
    result = invoke("--lang", "en", *([command] if command else []), "--help")
    assert result.exit_code == 0
    for bad in ("{", "<list", "<bool>", "[[", "<path>", "<str>", "<int>"):
        assert bad not in result.stdout, (command, bad, result.stdout)
    usage = {
        "assess": "assess [OPTIONS] PLAN",
        "validate": "validate [OPTIONS] PLAN...",
        "record": "record [OPTIONS] PLAN INDICATOR YEAR [VALUE]",
        "import": "import [OPTIONS] PLAN [FILE.csv]",
        "init": "init [OPTIONS] [PATH]",
    }
    if command in usage:
        lines = [line.strip() for line in result.stdout.splitlines() if "Usage:" in line]
        assert lines[0].endswith(f" {usage[command]}"), result.stdout
