"""One indicator across plan years: load_plans, indicator_history, the history command, show on a folder."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import malstyrning
from conftest import PLANS
from malstyrning._cli import app

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages


def invoke(*args: object) -> Result:
    return CliRunner().invoke(app, [str(arg) for arg in args], env={"COLUMNS": "80", "TERM": "dumb"})


def plan_text(year: int, indicators: str, *, organisation: str = "Arbete och integration") -> str:
    """A small plan of ``year`` with the indicators given (YAML list items, indented 10)."""
    head = f"""\
        plan: Verksamhetsplan {year}
        organisation: {organisation}
        år: {year}
        målområden:
          - titel: Område
            mål:
              - id: mal
                titel: Ett mål
                indikatorer:
        """
    return textwrap.dedent(head) + textwrap.indent(textwrap.dedent(indicators), " " * 10)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    """The real plans of 2017 and 2018, alone in a folder."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("2017.yaml", "2018.yaml"):
        shutil.copyfile(PLANS / name, folder / name)
    return folder


# --- the real pair ------------------------------------------------------------------------------


def test_the_real_pair_renamed_by_title_only(pair: Path) -> None:
    """Tyresö 2017 → 2018: "Arbetscentrum - ..." became "Arbete och integration - ...", ids kept."""
    plans = malstyrning.load_plans(pair)
    assert [(path.name, plan.year) for path, plan in plans] == [("2017.yaml", 2017), ("2018.yaml", 2018)]
    history = malstyrning.indicator_history(plans, "unga-neet")
    assert [(e.plan_year, e.id) for e in history.entries] == [(2017, "unga-neet"), (2018, "unga-neet")]
    assert [(o.year, o.value, o.plan_year) for o in history.outcomes] == [
        (2015, 10.0, 2018),
        (2016, 9.0, 2018),
        (2017, None, 2018),
    ]
    assert history.outcomes[-1].missing is not None  # 2017: no statistics
    assert history.conflicts == ()
    (rename,) = history.renames
    assert rename.plan_year == 2018
    assert rename.previous_ids == ()
    assert rename.previous_title is not None
    assert rename.previous_title.startswith("Arbetscentrum - ")
    assert rename.title.startswith("Arbete och integration - ")
    first, second = history.entries
    # 2017: a direction target (→ Oförändrad); 2018: a target of 0 %.
    assert (first.direction, first.result.target) == (malstyrning.Direction.MAINTAIN, None)
    assert second.result.target == 0
    # 2017 (regler: saknat_ingångsvärde: föregående_utfall): 2016's 9 against 2015's 10, to keep.
    assert first.result.status is malstyrning.IndicatorStatus.FAR
    assert second.result.status is malstyrning.IndicatorStatus.FAR


def test_every_renamed_indicator_of_the_pair_kept_its_id(pair: Path) -> None:
    """Each 2018 "Arbete och integration - X" whose 2017 title is "Arbetscentrum - X" has the
    same id in both plans: plans/2018.yaml needs no tidigare_id."""
    old, new = (plan for _, plan in malstyrning.load_plans(pair))
    old_by_title = {i.title.removeprefix("Arbetscentrum - "): i.id for i in old.indicators()}
    renamed = [i for i in new.indicators() if i.title.startswith("Arbete och integration - ")]
    matched = {
        i.id: old_by_title[i.title.removeprefix("Arbete och integration - ")]
        for i in renamed
        if i.title.removeprefix("Arbete och integration - ") in old_by_title
    }
    assert matched == {ident: ident for ident in ("unga-neet", "inflytande-delaktighet", "sommarjobb")}
    assert all(not i.previous_ids for i in new.indicators())


def test_an_indicator_that_became_a_measure(pair: Path) -> None:
    """arbetslosa-andel: a goal's indicator in 2017, a verksamhetsmått in 2018: one series."""
    history = malstyrning.indicator_history(malstyrning.load_plans(pair), "arbetslosa-andel")
    assert [e.plan_year for e in history.entries] == [2017, 2018]
    assert [o.value for o in history.outcomes] == [3.2, 3.4, 3.7]
    assert history.renames == ()


# --- tidigare_id --------------------------------------------------------------------------------


def test_tidigare_id_takes_one_id_or_a_list() -> None:
    one = malstyrning.loads_plan(plan_text(2018, "- {id: x, titel: X, tidigare_id: y}\n"))
    many = malstyrning.loads_plan(plan_text(2018, "- {id: x, titel: X, tidigare_id: [y, z]}\n"))
    assert one.indicators()[0].previous_ids == ("y",)
    assert many.indicators()[0].previous_ids == ("y", "z")
    with pytest.raises(malstyrning.PlanValidationError, match="tidigare_id"):
        malstyrning.loads_plan(plan_text(2018, "- {id: x, titel: X, tidigare_id: {a: 1}}\n"))


@pytest.fixture
def renamed(tmp_path: Path) -> Path:
    """y in 2016 and 2017; x (tidigare y) in 2018 and 2019, the rollover keeping tidigare_id."""
    folder = tmp_path / "plans"
    write(folder / "2016.yaml", plan_text(2016, "- {id: y, titel: Gamla, utfall: {2015: 1}}\n"))
    write(folder / "2017.yaml", plan_text(2017, "- {id: y, titel: Gamla, utfall: {2015: 1, 2016: 2}}\n"))
    write(
        folder / "2018.yaml",
        plan_text(2018, "- {id: x, tidigare_id: y, titel: Nya, målvärde: 5, utfall: {2017: 3}}\n"),
    )
    write(
        folder / "2019.yaml",
        plan_text(2019, "- {id: x, tidigare_id: y, titel: Nya, målvärde: 6, utfall: {2017: 3, 2018: 4}}\n"),
    )
    return folder


def test_tidigare_id_links_the_years_back_and_forth(renamed: Path) -> None:
    plans = malstyrning.load_plans(renamed)
    for asked in ("x", "y"):  # from the latest id back, or from the old id forward
        history = malstyrning.indicator_history(plans, asked)
        assert [(e.plan_year, e.id) for e in history.entries] == [
            (2016, "y"),
            (2017, "y"),
            (2018, "x"),
            (2019, "x"),
        ], asked
        assert [(o.year, o.value) for o in history.outcomes] == [(2015, 1), (2016, 2), (2017, 3), (2018, 4)]
        # One rename, in 2018: 2019's x continues 2018's x, though it still says tidigare_id: y.
        assert [(r.plan_year, r.id, r.previous_ids, r.previous_title, r.title) for r in history.renames] == [
            (2018, "x", ("y",), "Gamla", "Nya")
        ]
        assert [e.result.target for e in history.entries] == [None, None, 5, 6]


def test_an_indicator_replacing_two(tmp_path: Path) -> None:
    """c (tidigare [a, b]) continues both; a's history holds a and c, not b."""
    write(tmp_path / "2017.yaml", plan_text(2017, "- {id: a, titel: A}\n- {id: b, titel: B}\n"))
    write(tmp_path / "2018.yaml", plan_text(2018, "- {id: c, titel: C, tidigare_id: [a, b]}\n"))
    plans = malstyrning.load_plans(tmp_path)
    history = malstyrning.indicator_history(plans, "c")
    assert [(e.plan_year, e.id) for e in history.entries] == [(2017, "a"), (2017, "b"), (2018, "c")]
    assert [(r.id, r.previous_ids, r.previous_title) for r in history.renames] == [("c", ("a", "b"), None)]
    of_a = malstyrning.indicator_history(plans, "a")
    assert [e.id for e in of_a.entries] == ["a", "c"]


def test_the_later_plan_wins_a_conflict(tmp_path: Path) -> None:
    write(tmp_path / "2017.yaml", plan_text(2017, "- {id: x, titel: X, utfall: {2015: 1, 2016: 5}}\n"))
    write(
        tmp_path / "2018.yaml",
        plan_text(2018, "- {id: x, titel: X, utfall: {2015: 1, 2016: 6, 2017: {saknas: Ingen enkät}}}\n"),
    )
    history = malstyrning.indicator_history(malstyrning.load_plans(tmp_path), "x")
    assert [(o.year, o.value, o.plan_year) for o in history.outcomes] == [
        (2015, 1, 2018),
        (2016, 6, 2018),
        (2017, None, 2018),
    ]
    (conflict,) = history.conflicts
    assert (conflict.year, conflict.kept.value, conflict.dropped.value) == (2016, 6, 5)
    assert conflict.dropped.file.endswith("2017.yaml")
    assert conflict.kept.file.endswith("2018.yaml")
    text = " ".join(malstyrning.format_history(history, "en").split())
    assert "2016: 5 in " in text
    assert "; the later plan's is used" in text
    assert "2017: Ingen enkät" in text


# --- a folder a year, a file a nämnd ----------------------------------------------------------------


@pytest.fixture
def kommun(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    write(
        folder / "2017" / "aoi.yaml", plan_text(2017, "- {id: neet, titel: NEET 2017, utfall: {2016: 9}}\n")
    )
    write(folder / "2018" / "aoi.yaml", plan_text(2018, "- {id: neet, titel: NEET, utfall: {2017: 8}}\n"))
    write(folder / "2018" / "skola.yaml", plan_text(2018, "- {id: neet, titel: Skolans NEET}\n"))
    write(folder / "2017" / "skola.yaml", plan_text(2017, "- {id: behoriga, titel: Behöriga}\n"))
    write(folder / ".git" / "x.yaml", "not: a plan\n")  # hidden: not read
    write(folder / "README.md", "# not read\n")
    return folder


def test_an_id_in_two_files_of_a_year_is_qualified_by_the_file(kommun: Path) -> None:
    plans = malstyrning.load_plans(kommun)
    assert [path.relative_to(kommun).as_posix() for path, _ in plans] == [
        "2017/aoi.yaml",
        "2017/skola.yaml",
        "2018/aoi.yaml",
        "2018/skola.yaml",
    ]
    with pytest.raises(
        malstyrning.InvalidArgumentError, match=r"several plans of 2018.*aoi:neet, skola:neet"
    ):
        malstyrning.indicator_history(plans, "neet")
    aoi = malstyrning.indicator_history(plans, "aoi:neet")
    assert [(e.plan_year, e.name, e.title) for e in aoi.entries] == [
        (2017, "aoi", "NEET 2017"),
        (2018, "aoi", "NEET"),
    ]
    assert [o.value for o in aoi.outcomes] == [9, 8]
    # skola's plan of 2017 has no neet: its series starts in 2018 (aoi's 2017 neet is another indicator).
    skola = malstyrning.indicator_history(plans, "skola:neet")
    assert [(e.plan_year, e.name) for e in skola.entries] == [(2018, "skola")]
    assert malstyrning.indicator_history(plans, "2018/skola:neet").entries == skola.entries  # by path
    result = invoke("history", kommun, "neet")
    assert result.exit_code == 2
    assert "aoi:neet, skola:neet" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_ids_suggest_close_ones(pair: Path) -> None:
    plans = malstyrning.load_plans(pair)
    with pytest.raises(malstyrning.InvalidArgumentError, match="did you mean 'sommarjobb'"):
        malstyrning.indicator_history(plans, "sommarjob")
    with pytest.raises(
        malstyrning.InvalidArgumentError, match="no plan has an indicator with id 'nope:unga'"
    ):
        malstyrning.indicator_history(plans, "nope:unga")
    result = invoke("history", pair, "sommarjob")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "did you mean 'sommarjobb'?" in result.stderr


# --- errors -------------------------------------------------------------------------------------


def test_a_broken_plan_is_located_never_a_traceback(pair: Path) -> None:
    bad = write(pair / "2019.yaml", plan_text(2019, "- {id: x, titel: X, målvärde: mycket}\n"))
    write(pair / "2020.yaml", "plan: [\n")
    with pytest.raises(malstyrning.PlanError) as caught:
        malstyrning.load_plans(pair)
    files = [problem.file for problem in caught.value.problems]
    assert str(bad) in files
    assert str(pair / "2020.yaml") in files
    result = invoke("history", pair, "unga-neet")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert f"{bad}:10:" in result.stderr  # file:line:column
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("where", "message"),
    [("nowhere", "No such file"), ("empty", "holds no plan file"), ("file.txt", "not a folder of plans")],
)
def test_what_is_not_a_folder_of_plans(tmp_path: Path, where: str, message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(malstyrning.PlanFileError, match=message.lower() if where == "nowhere" else message):
        malstyrning.load_plans(tmp_path / where)


# --- the command line ---------------------------------------------------------------------------


def test_history_in_every_format(pair: Path) -> None:
    text = invoke("history", pair, "sommarjobb")
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Arbete och integration - Antal som fick sommarjobb (sommarjobb)"
    assert lines[2].split() == ["Year", "Outcome", "Plan's", "target", "Assessment", "Trend"]
    assert lines[5].split()[:4] == ["2017", "158", "200", "Close"]
    assert "2018: title 'Arbetscentrum - Antal som fick sommarjobb' → 'Arbete och" in text.stdout
    assert max(len(line) for line in lines) <= 80
    swedish = invoke("history", pair, "sommarjobb", "--lang", "sv")
    assert "Namnbyten:" in swedish.stdout
    assert "Nära värde" in swedish.stdout

    data = json.loads(invoke("history", pair, "sommarjobb", "--format", "json").stdout)
    assert [p["plan_year"] for p in data["plans"]] == [2017, 2018]
    assert data["plans"][0]["status"] == "close"
    assert data["plans"][0]["status_label"] == "Close to target"
    assert data["plans"][1]["target"] == {"value": 200.0, "year": 2018}
    assert [o["year"] for o in data["outcomes"]] == [2015, 2016, 2017]
    assert data["renames"][0]["previous_title"] == "Arbetscentrum - Antal som fick sommarjobb"
    assert data["conflicts"] == []

    markdown = invoke("history", pair, "sommarjobb", "-f", "md").stdout
    assert markdown.startswith("## Arbete och integration - Antal som fick sommarjobb (sommarjobb)\n")
    assert "| 2017 | 158 | 200 | Close to target | ↗ Increased |" in markdown
    assert "**Renamed:**" in markdown

    one_file = invoke("history", pair / "2017.yaml", "sommarjobb", "-f", "json")  # one plan file
    assert [p["plan_year"] for p in json.loads(one_file.stdout)["plans"]] == [2017]


def test_show_draws_a_folder_and_a_file_as_before(pair: Path) -> None:
    result = invoke("show", pair, "sommarjobb")
    assert result.exit_code == 0, result.stderr
    assert "● Outcome   ═ The plan year's target" in result.stdout
    assert "2017: sommarjobb · Target 200 · Assessment: Close to target" in result.stdout
    assert "2018: renamed: 'Arbetscentrum - Antal som fick sommarjobb'" in result.stdout
    ticks = next(line for line in result.stdout.splitlines() if "2015" in line)
    assert ticks.split() == ["2015", "2016", "2017", "2018"]
    refused = invoke("show", pair, "sommarjobb", "--year", "2017")
    assert refused.exit_code == 2
    assert "a folder shows every plan year" in refused.stderr
    one = invoke("show", pair / "2017.yaml", "sommarjobb")
    assert one.exit_code == 0
    assert "Starting value 102 (2016)" in one.stdout


def test_rollover_keeps_ids_and_tidigare_id(renamed: Path) -> None:
    malstyrning.rollover(renamed / "2019.yaml", to=2020, output=renamed / "2020.yaml")
    new = malstyrning.load_plan(renamed / "2020.yaml").indicators()[0]
    assert (new.id, new.previous_ids) == ("x", ("y",))
    history = malstyrning.indicator_history(malstyrning.load_plans(renamed), "y")
    assert [(e.plan_year, e.id) for e in history.entries][-2:] == [(2019, "x"), (2020, "x")]
    assert [r.plan_year for r in history.renames] == [2018]
