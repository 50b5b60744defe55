"""The hostile corpus: broken and malicious plan files, each refused cleanly.

``tests/hostile/`` holds the files, numbered, and ``expected.yaml`` with what
each must print; the few that are too big to keep in the repository (deep
nesting, a 50 MB file) are made here. Every one is validated by the command
line in a child process with a memory cap, as a planner would run it: exit
code 2, no traceback, and every line ``file:line:column: path: message`` (a
problem with the file as a whole has no line). The corpus is not timed (no
timed tests); ``timeout`` only keeps a hang from stalling the run.

The last test is the other side: any plan the model can hold, written out as
YAML, loads back as the same plan.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import malstyrning
from conftest import PLANS
from malstyrning import PlanFileError
from malstyrning._report._printable import one_line

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED: dict[str, list[str]] = YAML(typ="safe").load((HOSTILE / "expected.yaml").read_text("utf-8"))
MEMORY_CAP = 500 * 2**20
LINE = re.compile(r"^[^:]+(:\d+(:\d+)?)?: .+")
HEAD = "plan: Verksamhetsplan 2018\norganisation: Socialnämnden\når: 2018\n"


def _write_text(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _write_50_mb(path: Path) -> None:
    # A plan's beginning, then a sparse extension: 50 MB on paper, nothing on
    # disk. Were it read, the zero bytes would give a different message.
    with path.open("wb") as file:
        file.write(HEAD.encode())
        file.truncate(50 * 2**20)


# Too big or too silly to keep as files: made in tmp_path for the test.
GENERATED: dict[str, Callable[[Path], None]] = {
    "64-nesting-5000-flow-lists.yaml": _write_text(HEAD + "vision: " + "[" * 5000 + "]" * 5000 + "\n"),
    "65-nesting-5000-flow-mappings.yaml": _write_text(
        HEAD + "regler: " + "{nära: " * 5000 + "1" + "}" * 5000 + "\n"
    ),
    "66-nesting-5000-block-lists.yaml": _write_text(HEAD + "målområden:\n  " + "- " * 5000 + "x\n"),
    "67-nesting-5000-goals.yaml": _write_text(
        HEAD + "målområden:\n  - titel: A\n    mål: " + "[{titel: G, mål: " * 5000 + "[]" + "}]" * 5000 + "\n"
    ),
    "68-size-50-mb.yaml": _write_50_mb,
}
CORPUS = sorted(path.name for path in HOSTILE.glob("*.yaml") if path.name != "expected.yaml")


def test_every_case_has_its_expected_errors() -> None:
    """expected.yaml names exactly the corpus files and the generated cases."""
    assert len(CORPUS) + len(GENERATED) >= 40
    assert sorted(EXPECTED) == sorted([*CORPUS, *GENERATED])
    assert all(EXPECTED.values())


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    import resource  # POSIX only: on Windows the corpus runs without a memory cap

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _validate(name: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "MALSTYRNING_MAX_BYTES"}
    env["MALSTYRNING_LANG"] = "en"  # the expected messages are English (run before `english` applies)
    return subprocess.run(
        [sys.executable, "-m", "malstyrning", "validate", name],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        env=env,
        preexec_fn=None if sys.platform == "win32" else _limit_memory,
    )


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every file of the corpus validated in a process of its own, a few at a time: each
    process mostly starts Python, so running them side by side halves the wait."""
    generated = tmp_path_factory.mktemp("generated")
    for name, make in GENERATED.items():
        make(generated / name)
    jobs = [(name, HOSTILE) for name in CORPUS] + [(name, generated) for name in GENERATED]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = pool.map(lambda job: _validate(*job), jobs)
        return {name: result for (name, _), result in zip(jobs, results, strict=True)}


# A process per file (some 9 s in all), so CI runs it: a plain run keeps under 90 s. Every
# run still reads the corpus in process (tests/test_hostile.py::test_corpus_located_alike).
@pytest.mark.slow
@pytest.mark.parametrize("name", [*CORPUS, *GENERATED])
def test_hostile_file_is_refused_cleanly(
    name: str, validated: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    """`malstyrning validate` exits with 2 and located messages only, within 500 MB."""
    result = validated[name]
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "a refused file always says why"
    for line in lines:
        assert LINE.match(line), line
        assert line.startswith(f"{name}:"), line
    for expected in EXPECTED[name]:
        assert any(expected in line for line in lines), (expected, lines)


def test_size_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """max_bytes, then MALSTYRNING_MAX_BYTES, then 10 MB decide the largest plan read."""
    path = tmp_path / "plan.yaml"
    path.write_bytes((PLANS / "2018.yaml").read_bytes())
    size = path.stat().st_size
    monkeypatch.delenv("MALSTYRNING_MAX_BYTES", raising=False)
    assert malstyrning.load_plan(path).year == 2018
    with pytest.raises(PlanFileError, match=f"the file is {size} bytes, more than the limit of 1000 bytes"):
        malstyrning.load_plan(path, max_bytes=1000)
    monkeypatch.setenv("MALSTYRNING_MAX_BYTES", "1000")
    with pytest.raises(PlanFileError, match="set MALSTYRNING_MAX_BYTES to raise it"):
        malstyrning.load_plan(path)
    assert malstyrning.load_plan(path, max_bytes=size).year == 2018  # the argument wins
    with pytest.raises(PlanFileError, match="more than the limit of 1000 bytes"):
        malstyrning.loads_plan(path.read_text("utf-8"))
    monkeypatch.setenv("MALSTYRNING_MAX_BYTES", "lots")
    with pytest.raises(PlanFileError, match="MALSTYRNING_MAX_BYTES must be a whole number of bytes"):
        malstyrning.load_plan(path)


def test_size_limit_counts_bytes_not_characters() -> None:
    """loads_plan measures text as UTF-8: å, ä and ö are two bytes each."""
    text = "plan: " + "å" * 600 + "\n"
    with pytest.raises(PlanFileError, match="the file is 1207 bytes"):
        malstyrning.loads_plan(text, max_bytes=1000)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_endless_file_is_read_only_up_to_the_limit() -> None:
    """A device has no size to check first: reading stops just past the limit."""
    with pytest.raises(PlanFileError, match="the file is larger than the limit of 1 MB"):
        malstyrning.load_plan("/dev/zero", max_bytes=2**20)


def test_limits_leave_room_for_real_plans() -> None:
    """Goals nested 90 deep and a few hundred merged keys are still read."""
    goal = "{titel: G}"
    for _ in range(90):
        goal = "{titel: G, mål: [" + goal + "]}"
    plan = malstyrning.loads_plan(HEAD + "målområden: [{titel: A, mål: [" + goal + "]}]\n")
    assert plan.areas[0].goals[0].goals[0].title == "G"
    first = "verksamhetsmått:\n  - &mall {id: m, titel: Mått, enhet: '%', riktning: öka, utfall: {2017: 1}}\n"
    copies = "".join(f"  - {{<<: *mall, id: m{i}}}\n" for i in range(300))
    assert len(malstyrning.loads_plan(HEAD + first + copies).measures) == 301


# --- Round trip: every plan the model can hold survives being written as YAML.

words = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=12
).filter(str.strip)
lines = st.one_of(words, st.lists(words, min_size=2, max_size=3).map("\n".join))
years = st.integers(1900, 2200)
numbers = st.one_of(
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    # The ends of a float's range: shares past it, differences of 600 digits.
    st.sampled_from([5e-324, -5e-324, 1e-300, 1.7976931348623157e308, -1.7976931348623157e308, 1e300]),
)
weights = st.floats(min_value=0, max_value=1e6, allow_nan=False)
letters = st.text("abcdefghijklmnopqrstuvwxyzåäö-", min_size=1, max_size=8)


def optional(strategy: st.SearchStrategy[Any], key: str) -> st.SearchStrategy[dict[str, Any]]:
    """``{key: value}`` or ``{}``: an optional key, given or not."""
    return st.one_of(st.just({}), strategy.map(lambda value: {key: value}))


def keys(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping of required keys (plain strategies) and optional ones (``optional``)."""
    return st.fixed_dictionaries(fields)


def merged(*parts: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(*parts).map(lambda dicts: {k: v for d in dicts for k, v in d.items()})


rules = merged(
    optional(st.sampled_from(["framsteg", "måluppfyllelse"]), "metod"),
    optional(st.floats(min_value=0.01, max_value=1), "nära"),
    optional(st.sampled_from(["ingångsvärde", "föregående"]), "trend"),
)
value_points = merged(keys(värde=numbers), optional(years, "år"), optional(lines, "kommentar"))
outcomes = st.one_of(
    merged(keys(värde=numbers), optional(lines, "kommentar")),
    merged(keys(saknas=lines), optional(lines, "kommentar")),
)
activities = merged(
    keys(titel=lines),
    optional(words, "ansvarig"),
    optional(st.sampled_from(["ej påbörjad", "pågående", "genomförd", "försenad", "avbruten"]), "status"),
    optional(st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)), "klart"),
    optional(lines, "kommentar"),
)
kolada = merged(
    keys(kpi=st.from_regex(r"[NU][0-9]{5}", fullmatch=True)),
    optional(st.sampled_from(["T", "K", "M"]), "kön"),
    optional(st.from_regex(r"[0-9]{4}", fullmatch=True), "kommun"),
)


def indicators(ident: str) -> st.SearchStrategy[dict[str, Any]]:
    return merged(
        keys(id=st.just(ident), titel=lines),
        optional(words, "enhet"),
        optional(words, "källa"),
        optional(st.sampled_from(["öka", "minska", "bibehåll"]), "riktning"),
        optional(value_points, "ingångsvärde"),
        optional(value_points, "målvärde"),
        optional(numbers, "gränsvärde"),
        optional(weights, "tolerans"),
        optional(weights, "vikt"),
        optional(st.dictionaries(years, outcomes, max_size=3), "utfall"),
        optional(
            st.dictionaries(words, st.dictionaries(years, numbers, max_size=2), max_size=2), "jämförelse"
        ),
        optional(st.lists(activities, max_size=2), "aktiviteter"),
        optional(lines, "kommentar"),
        optional(rules, "regler"),
        optional(kolada, "kolada"),
    )


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    """A valid plan as planners write it: Swedish keys, ids unique where they must be."""
    counter = iter(range(10**6))

    def fresh(kind: str) -> str:
        return f"{kind}-{draw(letters)}-{next(counter)}"  # unique, and never a derived "1.2"

    def goal(depth: int) -> dict[str, Any]:
        fields = draw(
            merged(
                keys(titel=lines),
                optional(st.sampled_from(["strategiskt mål", "nämndmål", "kvalitetsmål"]), "typ"),
                optional(lines, "beskrivning"),
                optional(st.sampled_from(["helt uppfyllt", "delvis uppfyllt", "ej bedömd"]), "bedömning"),
                optional(lines, "kommentar"),
                optional(weights, "vikt"),
                optional(st.lists(activities, max_size=2), "aktiviteter"),
            )
        )
        if draw(st.booleans()):
            fields["id"] = fresh("mål")
        fields["indikatorer"] = [draw(indicators(fresh("ind"))) for _ in range(draw(st.integers(0, 2)))]
        if depth < 2:
            fields["mål"] = [goal(depth + 1) for _ in range(draw(st.integers(0, 2)))]
        return fields

    plan = draw(
        merged(
            keys(plan=lines, organisation=words, år=years),
            optional(words, "kommun"),
            optional(lines, "vision"),
            optional(rules, "regler"),
            optional(st.from_regex(r"[0-9]{4}", fullmatch=True), "kolada_kommun"),
            optional(
                st.lists(
                    merged(
                        keys(titel=lines),
                        optional(st.sampled_from(["ej påbörjad", "genomförd"]), "status"),
                        optional(lines, "kommentar"),
                    ),
                    max_size=2,
                ),
                "uppdrag",
            ),
            optional(
                st.lists(
                    merged(
                        keys(titel=lines),
                        optional(st.booleans(), "uppfylld"),
                        optional(lines, "kommentar"),
                    ),
                    max_size=2,
                ),
                "kvalitetsgarantier",
            ),
            optional(
                st.lists(
                    merged(
                        keys(risk=lines),
                        optional(lines, "åtgärder"),
                        optional(lines, "kontrollinsatser"),
                        optional(words, "ansvar"),
                        optional(st.integers(1, 4), "sannolikhet"),
                        optional(st.integers(1, 4), "konsekvens"),
                        optional(lines, "kommentar"),
                    ),
                    max_size=2,
                ),
                "risker",
            ),
        )
    )
    areas = []
    for _ in range(draw(st.integers(0, 3))):
        area = draw(merged(keys(titel=lines), optional(lines, "beskrivning")))
        if draw(st.booleans()):
            area["id"] = fresh("område")
        area["mål"] = [goal(0) for _ in range(draw(st.integers(0, 2)))]
        areas.append(area)
    plan["målområden"] = areas
    plan["verksamhetsmått"] = [draw(indicators(fresh("mått"))) for _ in range(draw(st.integers(0, 2)))]
    return plan


def yaml_text(plan: malstyrning.Plan) -> str:
    """The plan as a YAML file: its JSON-ready dump (Swedish keys, English
    codes for words, dates as text) written out by a plain YAML dumper."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 10**6
    out = io.StringIO()
    yaml.dump(plan.model_dump(mode="json"), out)
    return out.getvalue()


@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
    # Each example is a whole plan, dumped and read back: a third of the profile's
    # examples (the CI profile: five times as many).
    max_examples=max(30, settings().max_examples // 3),
)
@given(plans())
def test_generated_plans_round_trip_through_yaml(data: dict[str, Any]) -> None:
    """Plan → YAML text → loads_plan gives the same Plan back."""
    plan = malstyrning.Plan.model_validate(data)
    assert malstyrning.loads_plan(yaml_text(plan), filename="generated.yaml") == plan


@pytest.mark.slow  # every report format for each example, PDF and Word's chart pictures included
@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
    # A PDF and a Word file with a picture per chart take a second or two an example:
    # a fifth of the profile's examples (the CI profile: 100).
    max_examples=max(20, settings().max_examples // 5),
)
@given(plans(), st.integers(1900, 2200), st.sampled_from(["sv", "en"]))
def test_every_valid_plan_assesses_and_renders_in_every_format(
    data: dict[str, Any], year: int, lang: Literal["sv", "en"]
) -> None:
    """Whatever a valid plan holds (values from 5e-324 to 1.8e308, so shares
    of any size), assessing it, showing it and linting it never fails:
    terminal, JSON, every report format, the chart of each indicator, lint."""
    from rich.console import Console

    plan = malstyrning.Plan.model_validate(data)
    assessment = malstyrning.assess(plan, year=year)
    out = io.StringIO()
    malstyrning.print_assessment(assessment, lang=lang, console=Console(file=out, width=100))
    assert one_line(plan.name) in out.getvalue()  # printed on one line, made printable
    assert json.loads(malstyrning.to_json(assessment), parse_constant=_not_json)["year"] == year
    report = malstyrning.build_report(plan, assessment, lang=lang, generated=dt.date(2026, 1, 1))
    for form in malstyrning.REPORT_FORMATS:
        assert malstyrning.render_report(report, form)
    for indicator in plan.indicators():
        assert indicator.title.splitlines()[0] in malstyrning.render_indicator_chart(report, indicator.id)
    findings = malstyrning.lint_text(yaml_text(plan), filename="generated.yaml")
    assert all(finding.line >= 1 for finding in findings)


def _not_json(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON (RFC 8259 has no NaN or infinity)")
