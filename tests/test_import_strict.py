"""Issue 11, imports: a CSV file is read strictly, and an import parses the plan a bounded number of times.

Strict: a row with more cells than the header (a decimal comma that split a
value), a row with both `värde` and `saknas`, an indicator and year given
twice, and a column given twice are errors, each with its physical line. Fast:
the updates of an import are planned on one parse of the plan (rounds, see
`set_outcomes`), and a property test checks that this writes the same text as
writing the updates one after the other did.
"""

from __future__ import annotations

import io
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning import OutcomeUpdate
from malstyrning._cli import app
from malstyrning._edit import _nodes as nodes
from malstyrning._edit import _outcomes, _record
from test_write_yaml import ODD_TEXT, hostile_plans

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", target)
    return target


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "utfall.csv"
    path.write_text(text, encoding="utf-8")
    return path


def problems(plan: Path, csv: Path) -> list[str]:
    """The problems import_csv reports, as `file:line: message` without the file; the plan untouched."""
    before = plan.read_bytes()
    with pytest.raises(malstyrning.DataFileError) as caught:
        malstyrning.import_csv(plan, csv)
    assert plan.read_bytes() == before
    return [str(problem).removeprefix(f"{csv}:") for problem in caught.value.problems]


# --- strict rows ---------------------------------------------------------------------------------------


def test_a_decimal_comma_that_split_a_value_is_an_error(plan: Path, tmp_path: Path) -> None:
    """`sommarjobb,2018,3,5` in a comma-separated file was imported as 3: now an error with its line."""
    csv = write_csv(tmp_path, "indikator,år,värde\nsommarjobb,2017,158\nsommarjobb,2018,3,5\n")
    (message,) = problems(plan, csv)
    assert message.startswith("3: 4 cells where the header has 3; a decimal comma splits a value")


def test_empty_cells_after_the_header_are_no_error(plan: Path, tmp_path: Path) -> None:
    """Spreadsheets pad rows with empty cells (`a;b;c;;`): those are not extra values."""
    csv = write_csv(tmp_path, "indikator;år;värde\nsommarjobb;2018;190;;\n")
    (result,) = malstyrning.import_csv(plan, csv)
    assert result.update.value == 190


def test_a_row_with_both_value_and_reason_is_an_error(plan: Path, tmp_path: Path) -> None:
    csv = write_csv(tmp_path, "indikator;år;värde;saknas\nsommarjobb;2018;190;Ingen mätning\n")
    assert problems(plan, csv) == ["2: both a värde and a saknas reason; give one of them"]


def test_an_outcome_given_twice_is_an_error(plan: Path, tmp_path: Path) -> None:
    """The same indicator and year twice: the second row is refused, naming the first."""
    csv = write_csv(
        tmp_path, "indikator;år;värde\nsommarjobb;2018;190\nunga-neet;2018;3\nsommarjobb;2018;200\n"
    )
    assert problems(plan, csv) == ["4: sommarjobb 2018 is given twice (first on line 2); keep one row"]


@pytest.mark.parametrize(
    "header", ["indikator;år;värde;värde", "indikator;år;värde;utfall", "id;indikator;år;värde"]
)
def test_a_column_given_twice_is_an_error(plan: Path, tmp_path: Path, header: str) -> None:
    csv = write_csv(tmp_path, f"{header}\nsommarjobb;2018;190;191\n")
    (message,) = problems(plan, csv)
    assert message.startswith("1: columns ")
    assert "keep one of them" in message


def test_lines_are_physical_lines(plan: Path, tmp_path: Path) -> None:
    """A quoted kommentar over three lines: the next rows are reported on the lines an editor shows."""
    csv = write_csv(
        tmp_path,
        'indikator;år;värde;kommentar\nsommarjobb;2018;190;"rad ett\nrad två\nrad tre"\nsommarjobb;20x8;1;\n'
        "okänd;2018;1;\n",
    )
    assert [message.split(":")[0] for message in problems(plan, csv)] == ["5", "6"]


def test_a_number_beyond_a_float_is_refused_with_its_line(plan: Path, tmp_path: Path) -> None:
    """`value_from_text("1" * 400)` returned inf; in a CSV the row is refused, with its line."""
    with pytest.raises(malstyrning.InvalidArgumentError, match="too large"):
        malstyrning.value_from_text("1" * 400)
    csv = write_csv(tmp_path, f"indikator,år,värde\nsommarjobb,2018,{'1' * 400}\n")
    assert problems(plan, csv) == ["2: värde: the number is too large"]


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 10**400])
def test_an_update_holds_a_finite_float(value: float) -> None:
    """Through the API too: no outcome of infinity, NaN or an int no float can hold."""
    with pytest.raises(malstyrning.InvalidArgumentError, match="float's range"):
        OutcomeUpdate("sommarjobb", 2018, value=value)


def test_record_refuses_a_number_beyond_a_float(plan: Path) -> None:
    before = plan.read_bytes()
    result = CliRunner().invoke(app, ["record", str(plan), "sommarjobb", "2018", "1" * 400])
    assert result.exit_code == 2
    assert "too large" in result.stderr
    assert plan.read_bytes() == before


# --- one parse ------------------------------------------------------------------------------------------


def count_parses(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the plan's parses during an import: ruamel.yaml's compose and the plan reader."""
    counts = {"compose": 0, "load": 0}

    def counted(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(_outcomes, "compose", counted("compose", _outcomes.compose))  # type: ignore[attr-defined]
    monkeypatch.setattr(_record, "loads_plan", counted("load", _record.loads_plan))  # type: ignore[attr-defined]
    return counts


def bare_plan(indicators: int) -> str:
    """A plan of ``indicators`` measures; the even ones have outcomes, the odd ones none."""
    lines = ["plan: P", "organisation: O", "år: 2018", "verksamhetsmått:"]
    for number in range(indicators):
        lines += [f"  - id: m{number}", f"    titel: Mått {number}"]
        if number % 2 == 0:
            lines += ["    utfall:", "      2015: 1", "      2016: 2"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("years", [2, 40])
def test_an_import_parses_the_plan_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, years: int
) -> None:
    """1,000 rows took 42 s: the plan was parsed again for every row. Now the count of
    parses does not grow with the rows: 2 or 40 years of 10 indicators, the same."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(bare_plan(10), encoding="utf-8")
    rows = [
        f"m{n};{2000 + year};{n},{year};" + ("Kommentar" if year % 3 else "")
        for n in range(10)
        for year in range(years)
    ]
    csv = write_csv(tmp_path, "indikator;år;värde;kommentar\n" + "\n".join(rows) + "\n")
    counts = count_parses(monkeypatch)
    results = malstyrning.import_csv(plan, csv)
    assert len(results) == 10 * years
    # Read once, compose twice (a round that makes the odd measures' utfall, then the rest),
    # read the first round's text, and read the result to check it before writing.
    assert counts == {"compose": 2, "load": 3}
    outcomes = {i.id: i.outcomes for i in malstyrning.load_plan(plan).indicators()}
    assert outcomes["m3"][2000 + years - 1].value == float(f"3.{years - 1}")
    assert len(outcomes["m3"]) == years


def test_many_rows_print_as_plain_columns(tmp_path: Path) -> None:
    """Over 1,000 rows the table is not rich's (about 0.5 ms a row) but the same columns, unwrapped."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(bare_plan(11), encoding="utf-8")
    rows = [f"m{n};{1950 + year};{year}" for n in range(11) for year in range(100)]
    csv = write_csv(tmp_path, "indikator;år;värde\n" + "\n".join(rows) + "\n")
    result = CliRunner().invoke(app, ["import", str(plan), str(csv), "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "indicator  series  year  before  after  change"
    assert lines[1] == "m0         utfall  1950          0      new"
    assert lines[66] == "m0         utfall  2015  1       65     changed"
    assert len(lines) == 1 + 1100 + 1


def test_plain_columns_are_rich_s_layout(capsys: pytest.CaptureFixture[str]) -> None:
    """The plain columns are the rich table's lines without their trailing spaces."""
    from rich.console import Console
    from rich.table import Table

    from malstyrning._cli import _write

    rows = [
        ("sjukfrånvaro", "utfall", "2018", "", "3.20", "new"),
        ("ö", "riket", "2017", "158", "saknas: x", "changed"),
    ]
    table = Table(box=None, pad_edge=False)
    for heading in _write._headings():
        table.add_column(heading)
    for row in rows:
        table.add_row(*row)
    console = Console(file=io.StringIO(), width=200, highlight=False)
    console.print(table)
    expected = [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]
    _write._print_columns(rows)
    assert capsys.readouterr().out.splitlines() == expected


# --- the same text as one update after the other ------------------------------------------------------

_CONTAINERS = [
    "",  # no utfall
    "    utfall:\n",  # utfall: (null)
    "    utfall: {}\n",
    "    utfall: {2016: 1}\n",
    "    utfall:\n      2014: 1\n      2017: {värde: 2, kommentar: K}\n",
    "    jämförelse:\n      riket:\n        2016: 5\n",
    "    jämförelse: {riket: {2015: 5}}\n",
]


@st.composite
def plans_and_updates(draw: st.DrawFn) -> tuple[str, list[OutcomeUpdate]]:
    shapes = draw(st.lists(st.sampled_from(_CONTAINERS), min_size=1, max_size=4))
    text = "plan: P\norganisation: O\når: 2018\nverksamhetsmått:\n" + "".join(
        f"  - id: m{n}\n    titel: Mått {n}\n{shape}" for n, shape in enumerate(shapes)
    )
    update = st.builds(
        lambda n, year, value, series, comment, missing: OutcomeUpdate(
            f"m{n}",
            year,
            value=None if missing and series is None else value,
            missing="Ingen mätning" if missing and series is None else None,
            comment=comment if series is None else None,
            series=series,
        ),
        st.integers(0, len(shapes) - 1),
        st.integers(2013, 2019),
        st.sampled_from([1.0, 2.0, 3.5]),
        st.sampled_from([None, None, "riket", "län"]),
        st.sampled_from([None, None, "Preliminärt", "K"]),
        st.booleans(),
    )
    return text, draw(st.lists(update, min_size=1, max_size=12))


@settings(
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    # Each example writes a plan once per update: half the profile's examples (CI: 250).
    max_examples=max(30, settings().max_examples // 2),
)
@given(plans_and_updates())
def test_many_updates_at_once_write_what_one_after_the_other_wrote(
    case: tuple[str, list[OutcomeUpdate]],
) -> None:
    """set_outcomes on all updates gives the same text and results as on each in turn
    (what apply_updates did before: parse, write one, parse again)."""
    text, updates = case
    reload = malstyrning.loads_plan
    together, results = _outcomes.set_outcomes(text, reload(text), updates, replace=True, reload=reload)
    alone = text
    expected = []
    for update in updates:
        alone, (result,) = _outcomes.set_outcomes(alone, reload(alone), [update], replace=True, reload=reload)
        expected.append(result)
    assert together == alone
    assert results == expected


# --- many updates at once keep every guarantee of one ---------------------------------------------------


def test_a_key_added_after_an_empty_utfall_stays_in_its_indicator(tmp_path: Path) -> None:
    """`utfall:` with nothing after it, then another indicator: a `jämförelse` added to the
    first went into the second (the parser puts the empty value at the next token), and the
    check before writing refused the import. Now it is the first indicator's, also after a comment."""
    for empty in ["    utfall:\n", "    utfall:   # inga än\n\n"]:
        plan = tmp_path / "plan.yaml"
        text = (
            "plan: P\norganisation: O\når: 2018\nverksamhetsmått:\n"
            f"  - id: m0\n    titel: Mått 0\n{empty}  - id: m1\n    titel: Mått 1\n"
        )
        plan.write_text(text, encoding="utf-8")
        updates = [OutcomeUpdate("m0", 2016, value=4.0, series="riket"), OutcomeUpdate("m1", 2016, value=5.0)]
        malstyrning.apply_updates(plan, updates)
        after = {i.id: i for i in malstyrning.load_plan(plan).indicators()}
        assert after["m0"].comparisons == {"riket": {2016: 4.0}}
        assert after["m1"].comparisons == {}
        assert after["m1"].outcomes[2016].value == 5.0
        written = plan.read_text(encoding="utf-8")
        kept = text.index(empty) + len(empty.split("\n", maxsplit=1)[0])  # to the end of `utfall:`'s line
        assert written.startswith(text[:kept])
        assert "  - id: m1\n    titel: Mått 1\n" in written


SHARED_AND_MERGED = """\
plan: P
organisation: O
år: 2018
verksamhetsmått:
  - &bas
    id: a
    titel: A
    utfall: &u {2016: 1}
  - id: b
    titel: B
    utfall: *u
  - <<: *bas
    id: c
    titel: C
  - id: d
    titel: D
    utfall:
      2016: 1
"""


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("a", r"line 11: .*'a' is shared .*alias on line 11 \(anchor on line 8\)"),
        ("b", r"line 11: .*'b' is shared .*alias on line 11 \(anchor on line 8\)"),
        ("c", r"line 12: .*'c' is taken from line 8 through the merge key '<<' on line 12"),
    ],
)
def test_an_import_refuses_what_a_record_refuses(tmp_path: Path, ident: str, message: str) -> None:
    """Among many rows planned on one parse, one that would change a second place is refused
    with its line, as `record` refuses it, and nothing is written."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(SHARED_AND_MERGED, encoding="utf-8")
    before = plan.read_bytes()
    rows = [f"d;{year};{year - 2000}" for year in range(2010, 2019)] + [f"{ident};2018;7"]
    csv = write_csv(tmp_path, "indikator;år;värde\n" + "\n".join(rows) + "\n")
    with pytest.raises(malstyrning.UpdateError, match=message):
        malstyrning.import_csv(plan, csv)
    assert plan.read_bytes() == before


def test_many_new_years_at_one_place_keep_each_line_s_end(tmp_path: Path) -> None:
    """New years spliced at one place in one pass: in year order, each line with the line end
    of the line it joins, in a file of CRLF and LF lines."""
    lines = ["plan: P", "organisation: O", "år: 2018", "verksamhetsmått:", "  - id: m", "    titel: M"]
    lines += ["    utfall:", "      2010: 1", "      2016: 2", "  - id: n", "    titel: N"]
    text = "".join(line + ("\r\n" if n % 2 else "\n") for n, line in enumerate(lines))
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(text.encode())
    updates = [OutcomeUpdate("m", year, value=float(year - 2000)) for year in (2014, 2012, 2018, 2017, 2011)]
    malstyrning.apply_updates(plan, updates)
    after = plan.read_bytes().decode()
    assert after == text.replace(
        "      2010: 1\r\n      2016: 2\n",
        "      2010: 1\r\n      2011: 11\n      2012: 12\n      2014: 14\n      2016: 2\n"
        "      2017: 17\n      2018: 18\n",
    )


@given(st.from_regex(nodes._SIMPLE, fullmatch=True))
def test_render_scalar_s_short_path_writes_what_the_long_one_does(value: str) -> None:
    """Words and digits are written plain without asking two YAML readers: only where
    asking them gives plain text too."""
    assume(value.lower() not in nodes._WORDS)
    assert nodes.render_scalar(value) == value
    assert nodes._reads_back(value)


MERGING = """\
plan: P
organisation: O
år: 2018
verksamhetsmått:
  - &bas
    id: a
    titel: A
  - <<: *bas
    id: b
    titel: B
"""


def test_a_refusal_another_row_mends_is_no_refusal(tmp_path: Path) -> None:
    """b merges a (`<<: *bas`), so a new `utfall` in a alone would be b's too: refused, with
    the line. An import that also gives b its own `utfall` changes only the named values:
    written, and checked so before writing."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(MERGING, encoding="utf-8")
    before = plan.read_bytes()
    with pytest.raises(
        malstyrning.UpdateError, match=r"line 8: the outcomes \(utfall\) of 'a' is also taken"
    ):
        malstyrning.apply_updates(plan, [OutcomeUpdate("a", 2016, value=1.0)])
    assert plan.read_bytes() == before
    malstyrning.apply_updates(
        plan, [OutcomeUpdate("a", 2016, value=1.0), OutcomeUpdate("b", 2016, value=2.0)]
    )
    after = {i.id: i.outcomes for i in malstyrning.load_plan(plan).indicators()}
    assert (after["a"][2016].value, after["b"][2016].value) == (1.0, 2.0)


@settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    # Each example imports twice into a whole plan: half the profile's examples (CI: 250).
    max_examples=max(30, settings().max_examples // 2),
)
@given(case=hostile_plans(), data=st.data())
def test_an_import_refuses_no_more_than_one_update_after_the_other(
    case: tuple[str, list[str]], data: st.DataObject
) -> None:
    """On generated plans with anchors, aliases, merge keys, quoted years and mixed line ends:
    when writing the updates one after the other succeeds, writing them at once does too, and
    writes the same text. (At once may also succeed where one after the other is refused: a
    merge key's refusal that a later update mends; apply_updates then checks the result.)"""
    text, _ = case
    try:
        plan = malstyrning.loads_plan(text)
    except malstyrning.PlanError:
        return
    known = [i.id for i in plan.indicators()]
    updates = []
    for _ in range(data.draw(st.integers(1, 6))):
        where = (data.draw(st.sampled_from(known)), data.draw(st.integers(2012, 2019)))
        series = data.draw(st.sampled_from([None, None, "riket"]))
        if series is not None or data.draw(st.booleans()):
            updates.append(OutcomeUpdate(*where, value=data.draw(st.integers(0, 9)), series=series))
        else:
            updates.append(OutcomeUpdate(*where, missing=data.draw(ODD_TEXT)))
    load = malstyrning.loads_plan
    alone, expected = text, []
    try:
        for update in updates:
            alone, (result,) = _outcomes.set_outcomes(alone, load(alone), [update], replace=True, reload=load)
            expected.append(result)
    except malstyrning.UpdateError:
        return
    together, results = _outcomes.set_outcomes(text, plan, updates, replace=True, reload=load)
    assert together == alone
    assert results == expected


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("source", ["kolada", "csv"])
def test_an_empty_import_says_there_was_nothing_to_import(
    plan: Path, tmp_path: Path, lang: str, source: str
) -> None:
    """`{"values": []}` (or a CSV file with only its header) printed a table's header over no rows."""
    (tmp_path / "k.yaml").write_text(
        "plan: P\norganisation: O\når: 2018\nkolada_kommun: '0138'\nverksamhetsmått:\n"
        "  - id: sjuk\n    titel: Sjukfrånvaro\n    kolada: {kpi: N00914}\n",
        encoding="utf-8",
    )
    (tmp_path / "empty.json").write_text('{"values": []}', encoding="utf-8")
    (tmp_path / "empty.csv").write_text("indikator,år,värde\n", encoding="utf-8")
    target = tmp_path / "k.yaml" if source == "kolada" else plan
    before = target.read_bytes()
    given = (
        ["--kolada-file", str(tmp_path / "empty.json")]
        if source == "kolada"
        else [str(tmp_path / "empty.csv")]
    )
    result = CliRunner().invoke(app, ["import", str(target), *given, "--lang", lang])
    assert result.exit_code == 0, result.output
    said = {"sv": "inget att importera; inget sparades", "en": "nothing to import; nothing was written"}[lang]
    assert result.stdout == f"{target}: {said}\n"
    assert target.read_bytes() == before
