"""`malstyrning diff`: what changed between plan versions, in governance terms."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, ROOT
from malstyrning import DiffState, DiffSubject, OutcomeChangeKind
from malstyrning._cli import app

runner = CliRunner()

BASE = """\
plan: Verksamhetsplan 2018
organisation: Nämnden
år: 2018
målområden:
  - titel: Arbete
    mål:
      - id: lag-arbetsloshet
        titel: Låg arbetslöshet
        indikatorer:
          - id: neet
            titel: Unga som varken studerar eller arbetar
            enhet: '%'
            riktning: minska
            ingångsvärde: {värde: 9, år: 2016}
            målvärde: 7
            utfall: {2016: 9, 2017: 8.5}
        aktiviteter:
          - id: jobbtorg
            titel: Jobbtorg
            status: pågående
      - titel: Fler sommarjobb
        indikatorer:
          - id: sommarjobb
            titel: Antal sommarjobb
            riktning: öka
            utfall: {2017: 158}
"""


def plan(text: str = BASE) -> malstyrning.Plan:
    return malstyrning.loads_plan(text)


def changed(*replacements: tuple[str, str]) -> malstyrning.Plan:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return plan(text)


def nodes(
    new: malstyrning.Plan, old: malstyrning.Plan | None = None
) -> dict[str | None, malstyrning.NodeDiff]:
    found = malstyrning.diff_plans(old or plan(), new)
    return {node.id: node for node in found.nodes}


def fields(node: malstyrning.NodeDiff) -> dict[str, tuple[object, object]]:
    return {change.key: (change.old, change.new) for change in node.fields}


# --- the real plans ---------------------------------------------------------------------------------


def test_2017_to_2018_says_what_the_issue_says() -> None:
    """Between the 2017 follow-up and the 2018 plan: "Arbetscentrum" became "Arbete och
    integration", arbetslosa-andel moved from the goal to the verksamhetsmått, the
    sick-leave split was dropped, and unga-neet's "→ Oförändrad" became a target of 0 %."""
    found = malstyrning.diff_plans(
        malstyrning.load_plan(PLANS / "2017.yaml"), malstyrning.load_plan(PLANS / "2018.yaml")
    )
    by_id = {node.id: node for node in found.nodes}
    neet = by_id["unga-neet"]
    assert neet.old_title is not None
    assert neet.old_title.startswith("Arbetscentrum - andel")
    assert neet.title.startswith("Arbete och integration - andel")
    assert fields(neet)["riktning"] == (malstyrning.Direction.MAINTAIN, malstyrning.Direction.DECREASE)
    assert fields(neet)["målvärde"] == (None, 0.0)
    renamed = [n.id for n in found.nodes if n.old_title and n.old_title.startswith("Arbetscentrum")]
    assert renamed == ["unga-neet", "inflytande-delaktighet", "sommarjobb"]
    moved = by_id["arbetslosa-andel"]
    assert moved.moved_from == malstyrning.DiffPlace(
        DiffSubject.GOAL, "lag-arbetsloshet", moved.moved_from.title if moved.moved_from else ""
    )
    assert moved.moved_to is not None
    assert moved.moved_to.kind is DiffSubject.PLAN
    removed = [
        n.id for n in found.nodes if n.state is DiffState.REMOVED and n.subject is DiffSubject.INDICATOR
    ]
    assert removed == ["sjukfranvaro-kort", "sjukfranvaro-lang"]
    added = {n.id for n in found.nodes if n.state is DiffState.ADDED and n.subject is DiffSubject.INDICATOR}
    assert added == {
        "chef-gor-delaktig",
        "dela-kunskaper",
        "medarbetarindex",
        "forbattrar-rutiner",
        "bosatta-bosattningslagen",
    }
    assert {(f.key, f.old, f.new) for f in found.fields} >= {("år", "2017", "2018")}
    text = malstyrning.format_diff(found, "en")
    assert "moved from goal lag-arbetsloshet to the key figures (verksamhetsmått)" in text
    assert "målvärde: (none) → 0%" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_a_plan_against_itself_has_no_differences() -> None:
    same = malstyrning.load_plan(PLANS / "2018.yaml")
    found = malstyrning.diff_plans(same, malstyrning.load_plan(PLANS / "2018.yaml"))
    assert not found.changed
    assert malstyrning.format_diff(found, "en") == "No differences in goals, indicators or outcomes.\n"
    assert malstyrning.diff_to_dict(found)["changed"] is False


# --- each kind of change ----------------------------------------------------------------------------


def test_renamed_indicator() -> None:
    node = nodes(changed(("titel: Antal sommarjobb", "titel: Sommarjobb, antal")))["sommarjobb"]
    assert (node.state, node.old_title, node.title) == (
        DiffState.CHANGED,
        "Antal sommarjobb",
        "Sommarjobb, antal",
    )


def test_targets_baselines_directions_weights_rules() -> None:
    node = nodes(
        changed(
            ("målvärde: 7", "målvärde: 6\n            vikt: 2\n            regler: {metod: måluppfyllelse}"),
            ("ingångsvärde: {värde: 9, år: 2016}", "ingångsvärde: {värde: 10, år: 2014}"),
            ("riktning: minska", "riktning: bibehåll"),
        )
    )["neet"]
    assert fields(node) == {
        "målvärde": (7.0, 6.0),
        "ingångsvärde": (9.0, 10.0),
        "ingångsvärde.år": ("2016", "2014"),
        "riktning": (malstyrning.Direction.DECREASE, malstyrning.Direction.MAINTAIN),
        "vikt": (1.0, 2.0),
        "regler.metod": (None, malstyrning.Method.FULFILMENT),
    }


def test_plan_rules_changed() -> None:
    found = malstyrning.diff_plans(plan(), changed(("år: 2018\n", "år: 2018\nregler: {nära: 0.8}\n")))
    assert [(f.key, f.old, f.new) for f in found.fields] == [("regler.nära", None, 0.8)]


def test_outcomes_added_corrected_removed_per_year_and_period() -> None:
    node = nodes(changed(("utfall: {2016: 9, 2017: 8.5}", "utfall: {2017: 8.0, 2018: 7.5, 2018-T1: 7.9}")))[
        "neet"
    ]
    assert [(o.when, o.kind, o.old, o.new) for o in node.outcomes] == [
        ("2016", OutcomeChangeKind.REMOVED, 9.0, None),
        ("2017", OutcomeChangeKind.CORRECTED, 8.5, 8.0),
        ("2018", OutcomeChangeKind.ADDED, None, 7.5),
        ("2018-T1", OutcomeChangeKind.ADDED, None, 7.9),
    ]
    text = malstyrning.format_diff(malstyrning.diff_plans(plan(), changed(("2017: 8.5", "2017: 8"))))
    assert "utfall 2017: 8,5 % → 8 % (rättat)" in text


def test_stated_judgements() -> None:
    node = nodes(
        changed(
            (
                "            målvärde: 7\n",
                "            målvärde: 7\n            angiven_bedömning: nära värde\n",
            ),
            (
                "        titel: Låg arbetslöshet\n",
                "        titel: Låg arbetslöshet\n        bedömning: delvis uppfyllt\n",
            ),
        )
    )
    assert fields(node["neet"]) == {"angiven_bedömning": (None, malstyrning.IndicatorStatus.CLOSE)}
    assert fields(node["lag-arbetsloshet"]) == {"bedömning": (None, malstyrning.GoalStatus.PARTLY)}


def test_moved_indicator_and_added_removed_goal() -> None:
    moved = BASE.replace(
        "        indikatorer:\n          - id: sommarjobb",
        "        indikatorer:\n          - id: sommarjobb",
    )
    # sommarjobb moves under lag-arbetsloshet; the goal without id it stood under is left empty
    text = moved.replace(
        "          - id: sommarjobb\n            titel: Antal sommarjobb\n            riktning: öka\n"
        "            utfall: {2017: 158}\n",
        "",
    ).replace(
        "        aktiviteter:",
        "          - id: sommarjobb\n            titel: Antal sommarjobb\n            riktning: öka\n"
        "            utfall: {2017: 158}\n        aktiviteter:",
    )
    node = nodes(plan(text))["sommarjobb"]
    assert node.moved_from is not None
    assert node.moved_to is not None
    assert (node.moved_from.kind, node.moved_from.id) == (DiffSubject.GOAL, "1.2")
    assert (node.moved_to.kind, node.moved_to.id) == (DiffSubject.GOAL, "lag-arbetsloshet")
    gone = nodes(plan(BASE.split("      - titel: Fler sommarjobb", maxsplit=1)[0]))
    assert gone["1.2"].state is DiffState.REMOVED
    assert gone["sommarjobb"].state is DiffState.REMOVED


def test_a_goal_without_id_is_matched_by_title_when_goals_are_inserted_before_it() -> None:
    """A goal inserted first shifts the derived ids: the old goal 1.2 is now 1.3, matched by its title."""
    inserted = changed(("    mål:\n", "    mål:\n      - titel: Ett nytt mål\n"))
    found = nodes(inserted)
    assert found["1.1"].state is DiffState.ADDED
    assert "1.3" not in found
    assert "1.2" not in found
    assert "sommarjobb" not in found  # its goal's derived id changed: not a move


def test_a_goal_without_id_renamed_in_place() -> None:
    node = nodes(changed(("titel: Fler sommarjobb", "titel: Många sommarjobb")))["1.2"]
    assert (node.subject, node.old_title) == (DiffSubject.GOAL, "Fler sommarjobb")


def test_activities_added_removed_status() -> None:
    node = nodes(changed(("status: pågående", "status: genomförd")))["jobbtorg"]
    assert fields(node) == {"status": (malstyrning.ActivityStatus.ONGOING, malstyrning.ActivityStatus.DONE)}
    added = nodes(
        changed(
            ("            status: pågående\n", "            status: pågående\n          - titel: Mässa\n")
        )
    )
    assert added[None].state is DiffState.ADDED
    assert added[None].title == "Mässa"


def test_plan_sets_added_and_removed() -> None:
    diffs = malstyrning.diff_plan_sets(
        {"a.yaml": plan(), "b.yaml": plan()}, {"b.yaml": plan(), "c.yaml": plan()}
    )
    assert [(d.name, d.state, d.changed) for d in diffs] == [
        ("a.yaml", DiffState.REMOVED, True),
        ("b.yaml", DiffState.CHANGED, False),
        ("c.yaml", DiffState.ADDED, True),
    ]
    text = malstyrning.format_diff(diffs, "en")
    assert text == "a.yaml: plan removed: Verksamhetsplan 2018\n\nc.yaml: plan added: Verksamhetsplan 2018\n"


# --- the command ------------------------------------------------------------------------------------


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "malstyrning", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "80"},
        check=False,
    )


def invoke(*args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "80"})


@pytest.mark.parametrize("form", ["text", "md", "json"])
def test_the_command_in_every_format(form: str) -> None:
    result = runner.invoke(
        app, ["diff", str(PLANS / "2017.yaml"), str(PLANS / "2018.yaml"), "-f", form, "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    if form == "json":
        data = json.loads(result.stdout)
        assert data["changed"] is True
        neet = next(n for n in data["plans"][0]["nodes"] if n["id"] == "unga-neet")
        assert {"key": "riktning", "old": "bibehåll", "new": "minska"} in neet["fields"]
    elif form == "md":
        assert result.stdout.startswith("### ")
        assert "- **Indicator** `unga-neet`: Arbete och integration" in result.stdout
        assert "  - `riktning`: bibehåll → minska" in result.stdout
    else:
        assert "Indicator unga-neet: Arbete och integration" in result.stdout


def test_exit_code_and_folders(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "sub").mkdir(parents=True)
    (new / "sub").mkdir(parents=True)
    (old / "sub" / "a.yaml").write_text(BASE, encoding="utf-8")
    (new / "sub" / "a.yaml").write_text(BASE.replace("2017: 8.5", "2017: 8"), encoding="utf-8")
    (new / "b.yaml").write_text(BASE, encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new), "--lang", "en"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "b.yaml: plan added: Verksamhetsplan 2018"
    assert "sub/a.yaml: Verksamhetsplan 2018" in result.stdout
    assert runner.invoke(app, ["diff", str(old), str(new), "--exit-code"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(old), str(old), "--exit-code"]).exit_code == 0


def test_bad_input_is_a_clean_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("plan: [\n", encoding="utf-8")
    cases = [
        (["diff", str(PLANS / "2018.yaml")], "GAMMAL NY"),
        (["diff", str(PLANS / "2018.yaml"), str(tmp_path / "missing.yaml")], "missing.yaml"),
        (["diff", str(PLANS / "2018.yaml"), str(broken)], "broken.yaml:"),
        (["diff", str(PLANS), str(PLANS / "2018.yaml")], "en mapp med en mapp"),
        (["diff", "--git-driver", "a", "b"], "sju argument"),
    ]
    for args, said in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert said in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output


# --- git --------------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@e", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "plans" / "gone.yaml").write_text(BASE, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    (tmp_path / "plans" / "a.yaml").write_text(BASE.replace("målvärde: 7", "målvärde: 6"), encoding="utf-8")
    (tmp_path / "plans" / "gone.yaml").unlink()
    return tmp_path


def test_git_revision_against_the_working_tree(repo: Path) -> None:
    one = malstyrning.diff_plans(
        malstyrning.load_plan_at("HEAD", repo / "plans" / "a.yaml"),
        malstyrning.load_plan(repo / "plans" / "a.yaml"),
    )
    assert fields(one.nodes[0]) == {"målvärde": (7.0, 6.0)}
    result = run("diff", "--git", "HEAD", "--lang", "en", cwd=repo)  # the current folder, recursively
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "plans/a.yaml: Verksamhetsplan 2018\n"
        "  Indicator neet: Unga som varken studerar eller arbetar\n"
        "    målvärde: 7% → 6%\n"
        "\n"
        "plans/gone.yaml: plan removed: Verksamhetsplan 2018\n"
    )
    single = run("diff", "--git", "HEAD", "plans/a.yaml", "-f", "json", cwd=repo)
    assert json.loads(single.stdout)["plans"][0]["name"] == "plans/a.yaml"


def test_git_errors_are_clean(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    for args, said in [
        (["--git", "nope", "plans/a.yaml"], "git knows no revision 'nope'"),
        (["--git", "HEAD", "plans/new.yaml"], "HEAD:plans/new.yaml: is not in that revision"),
        (["--git", "-x", "plans/a.yaml"], "git knows no revision '-x'"),
    ]:
        (repo / "plans" / "new.yaml").write_text(BASE, encoding="utf-8")
        result = run("diff", *args, "--lang", "en", cwd=repo)
        assert result.returncode == 2, (args, result.stderr)
        assert said in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    outside = tmp_path_factory.mktemp("outside")
    shutil.copy(PLANS / "2018.yaml", outside / "p.yaml")
    result = run("diff", "--git", "HEAD", "p.yaml", "--lang", "en", cwd=outside)
    assert result.returncode == 2
    assert "not in a git repository" in result.stderr, result.stderr


def test_git_diff_driver(repo: Path) -> None:
    """`git diff` with the driver configured as docs/cli.md says shows the governance diff."""
    (repo / ".gitattributes").write_text("*.yaml diff=malstyrning\n", encoding="utf-8")
    command = f"{sys.executable} -m malstyrning diff --git-driver --lang en"
    git(repo, "config", "diff.malstyrning.command", command)
    done = subprocess.run(
        ["git", "-C", str(repo), "diff", "--", "plans/a.yaml"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "GIT_PAGER": "cat"},
        check=True,
    )
    assert done.stdout == (
        "plans/a.yaml: Verksamhetsplan 2018\n"
        "  Indicator neet: Unga som varken studerar eller arbetar\n"
        "    målvärde: 7% → 6%\n"
    )
    gone = subprocess.run(
        ["git", "-C", str(repo), "diff", "--", "plans/gone.yaml"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "GIT_PAGER": "cat"},
        check=True,
    )
    assert gone.stdout == "plans/gone.yaml: plan removed: Verksamhetsplan 2018\n"
    # A rename (on by default in git) gives the driver nine arguments: one plan, two names.
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "before the rename")
    git(repo, "mv", "plans/a.yaml", "plans/b.yaml")
    text = (repo / "plans" / "b.yaml").read_text(encoding="utf-8")
    (repo / "plans" / "b.yaml").write_text(text.replace("6", "5", 1), encoding="utf-8")
    renamed = subprocess.run(
        ["git", "-C", str(repo), "diff", "HEAD", "-M", "--", "plans"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "GIT_PAGER": "cat"},
        check=True,
    )
    assert renamed.stdout.startswith("plans/a.yaml → plans/b.yaml: Verksamhetsplan 2018\n"), renamed.stdout
