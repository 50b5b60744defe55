"""Importing outcomes from CSV: Swedish Excel files work, bad files change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS
from malstyrning import UpdateKind
from malstyrning._cli import app

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", target)
    return target


def write_csv(tmp_path: Path, text: str, *, bom: bool = False, name: str = "utfall.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.replace("\n", "\r\n").encode("utf-8"))
    return path


def test_swedish_excel_file(plan: Path, tmp_path: Path) -> None:
    """`;` separator, decimal comma, BOM, CRLF, a kommentar column: all read."""
    csv = write_csv(
        tmp_path,
        "indikator;år;värde;kommentar\n"
        "sjukfranvaro-total;2018;3,20 %;\n"
        "sommarjobb;2018;1 164;Preliminärt\n"
        "sommarjobb;2017;158;\n"
        "ekonomiskt-resultat;2018;-1 684;\n",
        bom=True,
    )
    results = malstyrning.import_csv(plan, csv)
    assert [r.kind for r in results] == [UpdateKind.NEW, UpdateKind.NEW, UpdateKind.UNCHANGED, UpdateKind.NEW]
    indicators = {i.id: i for i in malstyrning.load_plan(plan).indicators()}
    assert indicators["sjukfranvaro-total"].outcomes[2018].value == 3.2
    assert indicators["sommarjobb"].outcomes[2018].comment == "Preliminärt"
    assert indicators["ekonomiskt-resultat"].outcomes[2018].value == -1684
    assert "2018: 3.20" in plan.read_text(encoding="utf-8")


def test_comma_separated_file_with_decimal_points(plan: Path, tmp_path: Path) -> None:
    """A `,`-separated file takes a decimal point, and a saknas column gives reasons."""
    csv = write_csv(
        tmp_path, "indikator,år,värde,saknas\nsommarjobb,2018,190.5,\nunga-neet,2018,,Ingen statistik\n"
    )
    malstyrning.import_csv(plan, csv)
    indicators = {i.id: i for i in malstyrning.load_plan(plan).indicators()}
    assert indicators["sommarjobb"].outcomes[2018].value == 190.5
    assert indicators["unga-neet"].outcomes[2018].missing == "Ingen statistik"


def test_changed_values_are_replaced_and_reported(plan: Path, tmp_path: Path) -> None:
    """An import changes existing outcomes and says what they were."""
    csv = write_csv(tmp_path, "indikator;år;värde\nsommarjobb;2017;160\n")
    (result,) = malstyrning.import_csv(plan, csv)
    assert (result.kind, result.old) == (UpdateKind.CHANGED, "158")


def test_every_bad_row_is_reported_and_nothing_written(plan: Path, tmp_path: Path) -> None:
    """All or nothing: each bad row with its line number, and the plan untouched."""
    before = plan.read_bytes()
    csv = write_csv(
        tmp_path,
        "indikator;år;värde\n"
        "sommarjobb;2018;190\n"
        "sommarjobb;tjugo;190\n"
        "sommarjobb;2018;1.164\n"
        ";2018;3\n"
        "sommarjobb;2019;\n",
    )
    with pytest.raises(malstyrning.DataFileError) as caught:
        malstyrning.import_csv(plan, csv)
    lines = [str(p) for p in caught.value.problems]
    assert [p.line for p in caught.value.problems] == [3, 4, 5, 6]
    assert "år: expected a year such as 2018, got 'tjugo'" in lines[0]
    assert "ambiguous number '1.164'" in lines[1]
    assert plan.read_bytes() == before


def test_unknown_indicators_are_reported_with_lines(plan: Path, tmp_path: Path) -> None:
    """Unknown ids are errors too, with the row's line and the closest ids."""
    before = plan.read_bytes()
    csv = write_csv(tmp_path, "indikator;år;värde\nsommarjobb;2018;190\nsomarjobb;2018;1\nokänd;2018;2\n")
    with pytest.raises(malstyrning.DataFileError) as caught:
        malstyrning.import_csv(plan, csv)
    messages = [str(p) for p in caught.value.problems]
    assert messages[0] == f"{csv}:3: no indicator with id 'somarjobb'; did you mean 'sommarjobb'?"
    assert messages[1].startswith(f"{csv}:4: no indicator with id 'okänd'")
    assert plan.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"indikator;v\xe4rde\n", "not UTF-8"),
        (b"", "the file is empty"),
        ("id;värde\nx;1\n".encode(), "missing column(s) år"),
    ],
)
def test_unusable_files(plan: Path, tmp_path: Path, content: bytes, message: str) -> None:
    """Files that are not UTF-8, empty, or lack a column say so."""
    csv = tmp_path / "bad.csv"
    csv.write_bytes(content)
    with pytest.raises(malstyrning.DataFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        malstyrning.import_csv(plan, csv)


def test_cli_dry_run_shows_table_and_writes_nothing(plan: Path, tmp_path: Path) -> None:
    """`import --dry-run` shows new / changed / unchanged and leaves the file."""
    before = plan.read_bytes()
    csv = write_csv(
        tmp_path, "indikator;år;värde\nsommarjobb;2018;190\nsommarjobb;2017;160\nsommarjobb;2016;102\n"
    )
    result = CliRunner().invoke(app, ["import", str(plan), str(csv), "--dry-run"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "new" in result.output
    assert "changed" in result.output
    assert "unchanged" in result.output
    assert "1 new, 1 changed, 1 unchanged; would write 2 outcome(s) (dry run)" in result.output
    assert plan.read_bytes() == before


def test_cli_bad_rows_exit_2(plan: Path, tmp_path: Path) -> None:
    """Bad rows: one line each on stderr with file:line, exit code 2."""
    csv = write_csv(tmp_path, "indikator;år;värde\nsommarjobb;20x8;1\n")
    result = CliRunner().invoke(app, ["import", str(plan), str(csv)])
    assert result.exit_code == 2
    assert f"{csv}:2: år: expected a year" in result.stderr


def test_bad_rows_and_unknown_ids_together(plan: Path, tmp_path: Path) -> None:
    """A file with both bad rows and unknown ids lists all of them, in line order."""
    csv = write_csv(
        tmp_path, "indikator;år;värde\nsommarjobb;20x8;190\nsomarjobb;2018;1\nsommarjobb;2018;1.164\n"
    )
    with pytest.raises(malstyrning.DataFileError) as caught:
        malstyrning.import_csv(plan, csv)
    assert [p.line for p in caught.value.problems] == [2, 3, 4]
