"""The command line's own arguments: --years and --jämförelse of `import`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import malstyrning
from malstyrning._cli import app
from malstyrning._cli._write import parse_comparisons, parse_years

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2017", [2017]),
        ("2015-2017", [2015, 2016, 2017]),
        ("2015–2017", [2015, 2016, 2017]),
        ("2015,2017", [2015, 2017]),
        (" 2017 , 2010-2011,2017", [2010, 2011, 2017]),
    ],
)
def test_parse_years(text: str, years: list[int]) -> None:
    """Years are given as one year, a range, a comma list, or a mix; returned sorted and once each."""
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "got nothing"),
        ("17", "expected years"),
        ("2015-", "expected years"),
        ("2015,,2017", "expected years"),
        ("tjugo", "expected years"),
        ("2017-2015", "ends before it starts"),
        ("1800-1801", "between 1900 and 2200"),
    ],
)
def test_parse_years_refuses(text: str, message: str) -> None:
    """Anything else is a ValueError saying what was expected."""
    with pytest.raises(ValueError, match=message):
        parse_years(text)


def test_parse_comparisons() -> None:
    """`NAME=ID` items (or comma lists of them) become an ordered mapping."""
    assert parse_comparisons(["riket=0000", " Stockholm = 0180,län=0100"]) == {
        "riket": "0000",
        "Stockholm": "0180",
        "län": "0100",
    }
    assert parse_comparisons([]) == {}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["riket"], "expected NAME=MUNICIPALITY"),
        (["=0000"], "expected NAME=MUNICIPALITY"),
        (["riket=0000", "riket=0001"], "given twice"),
    ],
)
def test_parse_comparisons_refuses(items: list[str], message: str) -> None:
    """A bad item is a ValueError naming it (kolada_updates checks the ids: below)."""
    with pytest.raises(ValueError, match=message):
        parse_comparisons(items)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--years", "2017-2015"], "the range '2017-2015' ends before it starts; write 2015-2017"),
        (["--jämförelse", "riket"], "expected NAME=MUNICIPALITY such as riket=0000, got 'riket'"),
        (
            ["--jämförelse", "riket=0"],
            """jämförelse 'riket': expected a four-digit municipality id such as "0000", got '0'""",
        ),
    ],
)
def test_a_bad_argument_exits_2_with_its_message(option: list[str], message: str, tmp_path: Path) -> None:
    """A bad --years or --jämförelse is a usage error: exit 2, the message alone, nothing asked or written."""
    path = tmp_path / "plan.yaml"
    text = "plan: P\norganisation: O\når: 2018\nkolada_kommun: '0138'\n"
    text += "verksamhetsmått:\n  - {id: a, titel: A, kolada: N00914}\n"
    path.write_text(text, encoding="utf-8")
    arguments = ["import", str(path), "--kolada", "--kolada-url", "http://127.0.0.1:9/v3", *option]
    result = CliRunner().invoke(app, arguments)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert path.read_text(encoding="utf-8") == text


def test_the_parsers_are_not_public() -> None:
    """parse_years and parse_comparisons read command-line text: they belong to the CLI, not the API."""
    assert not {"parse_years", "parse_comparisons"} & set(dir(malstyrning))


@pytest.mark.parametrize("text", ["2018.0", "2018,0", "2018e0", "+2018", " 2018", "２０１８", "1_999"])
@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["record", "{plan}", "a", "{year}", "4"], "'YEAR'"),
        (["assess", "{plan}", "--year={year}"], "'--year' / '-y'"),
        (["report", "{plan}", "--year={year}"], "'--year' / '-y'"),
        (["show", "{plan}", "a", "--year={year}"], "'--year' / '-y'"),
        (["init", "-", "--year={year}"], "'--year' / '-y'"),
        (["rollover", "{plan}", "--to={year}"], "'--to'"),
    ],
)
def test_a_year_is_plain_digits(text: str, command: list[str], shown: str, tmp_path: Path) -> None:
    """`record p.yaml a 2018.0 4` and `assess --year 2018.0` were taken as 2018 (typer's
    int is lax), while a CSV row with 2018.0 is refused: the command line refuses it too."""
    path = tmp_path / "plan.yaml"
    plan = "plan: P\norganisation: O\når: 2018\nverksamhetsmått:\n  - {id: a, titel: A, utfall: {2018: 1}}\n"
    path.write_text(plan, encoding="utf-8")
    arguments = [word.format(plan=path, year=text) for word in command]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 2, result.output
    expected = f"Error: Invalid value for {shown}: expected a year such as 2018, got {text!r}"
    assert result.stderr.splitlines()[-1] == expected
    assert path.read_text(encoding="utf-8") == plan


@pytest.mark.parametrize("text", ["3.0", "3,0", "+3", "-1", "３"])
def test_report_years_is_plain_digits(text: str) -> None:
    result = CliRunner().invoke(app, ["report", "plans/2018.yaml", f"--years={text}"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--years': expected a whole number such as 3, got {text!r}"
    )


def test_a_year_in_plain_digits_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "plan: P\norganisation: O\når: 2018\nverksamhetsmått:\n  - {id: a, titel: A}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["record", str(path), "a", "2019", "4"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(app, ["report", str(path), "--years", "2", "--year", "2019"]).exit_code == 0


@pytest.mark.parametrize(
    ("command", "start"),
    [
        (["report", "{plan}", "-o", "-"], "# Annual follow-up report 2017"),
        (["report", "{plan}", "-o", "-", "--format", "html"], "<!DOCTYPE html>"),
        (["schema", "-o", "-"], "{"),
    ],
)
def test_output_dash_is_standard_output(
    command: list[str], start: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o -` prints, as `init -` does: no file called "-" appears."""
    plan = str(Path("plans/2017.yaml").resolve())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [part.format(plan=plan) for part in command])
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith(start)
    assert list(tmp_path.iterdir()) == []


def test_output_dash_refuses_a_binary_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = str(Path("plans/2017.yaml").resolve())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", plan, "-o", "-", "--format", "docx"])
    assert result.exit_code == 2
    assert "docx" in result.stderr
    assert list(tmp_path.iterdir()) == []
