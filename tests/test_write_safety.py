"""Writes never lose data: killed writers, concurrent writers, and round trips.

The tests that kill or race writers run the command-line tool in subprocesses
(``python -m malstyrning``); every wait on them is bounded by a timeout.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

import malstyrning
from conftest import PLANS, ROOT
from malstyrning import Outcome, OutcomeUpdate, UpdateKind
from malstyrning._edit import _record, _rollover, _write
from malstyrning._edit._write import lock_path, plan_lock
from test_record import FILES, restore

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="flock and SIGKILL are POSIX")

CSV = ROOT / "tests" / "data" / "utfall.csv"
PLAN = "2018.yaml"
NEXT = "2019.yaml"  # rollover's output
TIMEOUT = 60  # seconds: the longest any one subprocess may take before the test fails

# The writing commands under test, run in a folder holding PLAN and utfall.csv.
COMMANDS: dict[str, list[str]] = {
    "record-new": ["record", PLAN, "sommarjobb", "2018", "190"],
    "record-replace": ["record", PLAN, "sommarjobb", "2017", "160", "--replace"],
    "record-missing": ["record", PLAN, "unga-neet", "2018", "--saknas", "Enkät sker vartannat år"],
    "import": ["import", PLAN, "utfall.csv"],
    "rollover": ["rollover", PLAN, "--to", "2019", "-o", NEXT],
}
SEED = 2018
# Temporary files a killed write may leave: `.2018.yaml.<random>.tmp`.
TEMPORARY = re.compile(r"^\.(2018|2019)\.yaml\.[^.]+\.tmp$")


def run_cli(folder: Path, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the command-line tool to completion in ``folder``."""
    return subprocess.run(
        [sys.executable, "-m", "malstyrning", *arguments],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def start_cli(folder: Path, arguments: list[str], *, prelude: str | None = None) -> subprocess.Popen[str]:
    """Start the command-line tool in ``folder``; ``prelude``, a script, runs first if given."""
    command = [sys.executable, "-m", "malstyrning", *arguments]
    if prelude is not None:
        command = [sys.executable, "-c", prelude, *arguments]
    return subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def written_file(command: str) -> str:
    """The file ``command`` writes."""
    return NEXT if command == "rollover" else PLAN


def reset(folder: Path, original: bytes) -> None:
    """Put the plan back as it was and remove rollover's output."""
    (folder / PLAN).write_bytes(original)
    (folder / NEXT).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What each command writes when it runs to the end, computed in this process."""
    versions = {}
    scratch = tmp_path_factory.mktemp("versions")
    for command, arguments in COMMANDS.items():
        shutil.copyfile(PLANS / PLAN, scratch / PLAN)
        (scratch / NEXT).unlink(missing_ok=True)
        path = scratch / PLAN
        if command == "import":
            malstyrning.import_csv(path, CSV)
        elif command == "rollover":
            malstyrning.rollover(path, to=2019, output=scratch / NEXT)
        else:
            indicator, year = arguments[2], int(arguments[3])
            if command == "record-missing":
                malstyrning.record_outcome(path, indicator, year, missing=arguments[5])
            else:
                value, digits = malstyrning.value_from_text(arguments[4])
                malstyrning.record_outcome(path, indicator, year, value, value_text=digits, replace=True)
        versions[command] = (scratch / written_file(command)).read_bytes()
        malstyrning.loads_plan(versions[command].decode("utf-8"))  # each new version is a valid plan
    return versions


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a copy of plans/2018.yaml and a CSV of outcomes to import."""
    shutil.copyfile(PLANS / PLAN, tmp_path / PLAN)
    shutil.copyfile(CSV, tmp_path / "utfall.csv")
    return tmp_path


def check_after(folder: Path, command: str, old: bytes, new: bytes, *, completed: bool) -> None:
    """The plan (or rollover's output) is the old version or the new one, byte for byte."""
    plan = (folder / PLAN).read_bytes()
    if command == "rollover":
        assert plan == old, "rollover never touches its source"
        output = folder / NEXT
        assert output.exists() or not completed
        if output.exists():
            assert output.read_bytes() == new, "the new plan is complete, or absent"
    else:
        assert plan in (old, new), f"{command}: the plan is neither the old nor the new version"
        if completed:
            assert plan == new


def kill_during_the_write(folder: Path, command: str, delay: float, old: bytes, new: bytes) -> str:
    """Run ``command``, kill it (SIGKILL) ``delay`` seconds after its temporary file appears, and
    check what it left; returns where the kill landed: "mid-write" (the temporary file is still
    there, so the kill came before the rename), "after the rename", or "completed" (too late)."""
    before = set(os.listdir(folder))
    process = start_cli(folder, COMMANDS[command])
    deadline = time.monotonic() + TIMEOUT
    # Watch without pausing: the write is over in moments.
    while process.poll() is None and not any(
        TEMPORARY.match(name) for name in set(os.listdir(folder)) - before
    ):
        assert time.monotonic() < deadline, f"{command} did not write within {TIMEOUT} s"
    if delay:
        time.sleep(delay)
    process.kill()  # nothing happens if it has ended
    _, errors = process.communicate(timeout=TIMEOUT)
    assert process.returncode in (0, -signal.SIGKILL), errors
    completed = process.returncode == 0

    check_after(folder, command, old, new, completed=completed)
    left = set(os.listdir(folder)) - before - {NEXT}
    temporary = {name for name in left if TEMPORARY.match(name)}
    assert left - temporary <= {f".{PLAN}.lock", f".{NEXT}.lock"}, left
    assert len(temporary) <= (0 if completed else 1), temporary
    target = folder / written_file(command)
    written = target.exists() and target.read_bytes() == new
    if completed:
        assert not lock_path(target).exists(), "a finished write removes its lock"
        return "completed"
    if temporary:
        assert not written, "a temporary file is left only by a kill before the rename"
        return "mid-write"
    assert written, "a kill after the temporary file appeared, which it did not leave, is after the rename"
    return "after the rename"


# Kills aimed at the write: every other one as soon as the temporary file
# appears, the others up to LATE seconds later, until each kind of command has
# been killed NEEDED times mid-write and NEEDED times after the rename.
LATE = 0.02
NEEDED = 5
MAX_TRIALS = 40  # per kind of command: a healthy run needs about 12


@pytest.mark.slow  # about 10 s: some 35 writers started and killed, one at a time
@posix_only
def test_writers_killed_during_the_write_leave_the_old_or_the_new_file(
    folder: Path, versions: dict[str, bytes]
) -> None:
    """Writers killed at random moments of their write leave the old file or the new one, byte for byte."""
    # record, import and rollover are killed (SIGKILL) until kills have demonstrably landed
    # between the temporary file's creation and the rename, and after it; each kill leaves at
    # most a temporary file (never the plan), and the next write works. What this adds to
    # test_kill_at_each_step_of_a_write: real signals at arbitrary instructions of the
    # unpatched code (inside the temporary file's write and fsync, the digest check, the
    # folder sync, the lock's release), not at a few patched calls.
    old = (folder / PLAN).read_bytes()
    rng = random.Random(SEED)
    landed: Counter[tuple[str, str]] = Counter()
    for kind in ("record", "import", "rollover"):
        commands = [command for command in COMMANDS if command.split("-")[0] == kind]
        for trial in range(MAX_TRIALS):
            if min(landed[kind, "mid-write"], landed[kind, "after the rename"]) >= NEEDED:
                break
            command = commands[trial % len(commands)]
            reset(folder, old)
            delay = rng.uniform(0, LATE) if trial % 2 else 0.0
            landed[kind, kill_during_the_write(folder, command, delay, old, versions[command])] += 1
        assert landed[kind, "mid-write"] >= NEEDED, f"{kind}: too few kills landed mid-write: {landed}"
        assert landed[kind, "after the rename"] >= NEEDED, f"{kind}: too few kills after the rename: {landed}"
    print(f"\nwhere the kills landed: {dict(sorted(landed.items()))}")  # shown with -s

    # The leftovers of all those kills do not get in the way of the next write.
    assert any(TEMPORARY.match(name) for name in os.listdir(folder))
    for command in ("record-new", "rollover"):
        reset(folder, old)
        result = run_cli(folder, COMMANDS[command])
        assert result.returncode == 0, result.stderr
        check_after(folder, command, old, versions[command], completed=True)


# A prelude that kills the process (SIGKILL) at the COUNT-th call of a function,
# just before or just after it runs, then runs the command-line tool.
KILL_AT = """
import os, signal, sys
name, when, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
module_name, _, attribute = name.rpartition(".")
module = __import__(module_name)
real = getattr(module, attribute)
calls = 0
def wrapper(*args, **kwargs):
    global calls
    calls += 1
    if calls == count and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = real(*args, **kwargs)
    if calls == count and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(module, attribute, wrapper)
sys.argv = ["malstyrning", *sys.argv[4:]]
from malstyrning._cli import run
run()
"""

# (function, before or after it, which call, whether the new version is then on disk)
KILL_POINTS = {
    "lock-taken": ("fcntl.flock", "after", 1, False),
    "temporary-written": ("os.fsync", "before", 1, False),
    "before-rename": ("os.replace", "before", 1, False),
    "after-rename": ("os.replace", "after", 1, True),
    "folder-sync": ("os.fsync", "before", 2, True),
}


@posix_only
@pytest.mark.parametrize(
    ("command", "point"),
    [
        *[("record-new", point) for point in KILL_POINTS],
        ("import", "before-rename"),
        ("import", "after-rename"),
        ("rollover", "lock-taken"),
        ("rollover", "before-rename"),
        ("rollover", "after-rename"),
    ],
)
def test_kill_at_each_step_of_a_write(
    folder: Path, versions: dict[str, bytes], command: str, point: str
) -> None:
    """A writer killed at each step of the write leaves the old file up to the rename and
    the new one from it on; what it leaves behind (a lock file, a temporary file) is never
    the plan and does not stop the next write."""
    old = (folder / PLAN).read_bytes()
    new = versions[command]
    function, when, call, renamed = KILL_POINTS[point]
    process = start_cli(folder, [function, when, str(call), *COMMANDS[command]], prelude=KILL_AT)
    _, errors = process.communicate(timeout=TIMEOUT)
    assert process.returncode == -signal.SIGKILL, errors
    target = folder / written_file(command)
    if renamed:
        assert target.read_bytes() == new
    elif command == "rollover":
        assert not target.exists()
    else:
        assert target.read_bytes() == old
    check_after(folder, command, old, new, completed=renamed)
    left = [name for name in os.listdir(folder) if TEMPORARY.match(name)]
    assert len(left) == (1 if point in ("temporary-written", "before-rename") else 0), left

    if not renamed:  # the next write goes through, and cleans up its lock file
        result = run_cli(folder, COMMANDS[command])
        assert result.returncode == 0, result.stderr
        assert target.read_bytes() == new
        assert not lock_path(target).exists()


# Waits for the start signal after the imports, so the writers really race.
AT_THE_SIGNAL = """
import pathlib, sys, time
ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
from malstyrning._cli import run
ready.touch()
deadline = time.monotonic() + 60
while not go.exists() and time.monotonic() < deadline:
    time.sleep(0.002)
sys.argv = ["malstyrning", *sys.argv[3:]]
run()
"""
WRITERS = 8
ROUNDS = 3
REFUSED = ("another malstyrning is writing", "changed on disk")


@posix_only
# Each round is a new race; one runs every time, the others in CI (a second each).
@pytest.mark.parametrize(
    "round_", [0, *(pytest.param(round_, marks=pytest.mark.slow) for round_ in range(1, ROUNDS))]
)
def test_concurrent_records_all_land(folder: Path, round_: int) -> None:
    """Eight processes recording different outcomes into one plan at the same moment: every
    one that exits 0 has its outcome in the file; one that fails exits 1 with a clear
    message and wrote nothing. (With the lock, all of them succeed.)"""
    ids = [indicator.id for indicator in malstyrning.load_plan(folder / PLAN).indicators()][:WRITERS]
    assert len(ids) == WRITERS
    year = 2030 + round_
    go = folder / "go"
    processes = []
    for number, ident in enumerate(ids):
        ready = folder / f"ready-{number}"
        arguments = [str(ready), str(go), "record", PLAN, ident, str(year), str(100 + number)]
        processes.append(start_cli(folder, arguments, prelude=AT_THE_SIGNAL))
    try:
        deadline = time.monotonic() + TIMEOUT
        while not all((folder / f"ready-{n}").exists() for n in range(WRITERS)):
            assert time.monotonic() < deadline, "the writers did not start"
            assert all(p.poll() is None for p in processes), "a writer ended before the start"
            time.sleep(0.01)
        go.touch()
        finished = []
        for process in processes:
            _, errors = process.communicate(timeout=TIMEOUT)
            finished.append((process.returncode, errors))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate(timeout=TIMEOUT)

    plan = malstyrning.load_plan(folder / PLAN)
    indicators = {indicator.id: indicator for indicator in plan.indicators()}
    for number, (ident, (code, errors)) in enumerate(zip(ids, finished, strict=True)):
        outcome = indicators[ident].outcomes.get(year)
        if code == 0:
            assert outcome is not None, f"{ident}: exit 0 but its outcome was lost"
            assert outcome.value == 100 + number
        else:
            assert code == 1, errors
            assert any(message in errors for message in REFUSED), errors
            assert outcome is None
    assert not lock_path(folder / PLAN).exists()
    assert [code for code, _ in finished] == [0] * WRITERS, "the lock lets every writer through in turn"


@posix_only
def test_waiting_writer_gives_up_with_a_clear_message(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While another writer holds the plan's lock past the timeout, record refuses (exit 1)
    naming the plan, and writes nothing."""
    from typer.testing import CliRunner

    from malstyrning._cli import app

    path = folder / PLAN
    before = path.read_bytes()
    monkeypatch.setattr(_write, "LOCK_TIMEOUT", 0.0)
    with plan_lock(path), plan_lock(folder / NEXT):
        with pytest.raises(malstyrning.ConcurrentEditError, match="another malstyrning is writing"):
            malstyrning.record_outcome(path, "sommarjobb", 2018, 190)
        with pytest.raises(malstyrning.ConcurrentEditError, match="another malstyrning is writing"):
            malstyrning.rollover(path, to=2019, output=folder / NEXT)  # its output's lock
        refused = CliRunner().invoke(app, ["record", str(path), "sommarjobb", "2018", "190"])
        # A dry run writes nothing, so it does not wait for the lock.
        (dry,) = malstyrning.apply_updates(path, [OutcomeUpdate("sommarjobb", 2018, 190)], dry_run=True)
    assert refused.exit_code == 1
    assert f"another malstyrning is writing {path}" in refused.stderr
    assert "nothing was written" in refused.stderr
    assert dry.kind is UpdateKind.NEW
    assert path.read_bytes() == before
    assert not (folder / NEXT).exists()


def _lock_is_held(path: Path) -> bool:
    try:
        with plan_lock(path, timeout=0):
            return False
    except malstyrning.ConcurrentEditError:
        return True


@posix_only
def test_lock_spans_the_read_and_the_write(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """record holds the plan's lock from reading the plan to renaming the new file over it;
    rollover holds its output's lock."""
    path = folder / PLAN
    held: list[tuple[str, bool]] = []
    real_read, real_write = _write.read_snapshot, _write.write_atomic  # as _record uses them
    real_write_file = _write.write_file  # as _rollover uses it

    def reading(target: Any) -> Any:
        held.append(("read", _lock_is_held(path)))
        return real_read(target)

    def writing(snapshot: Any, text: str, *, to: Any = None) -> None:
        written = Path(to) if to is not None else snapshot.path
        held.append((f"write {written.name}", _lock_is_held(written)))
        real_write(snapshot, text, to=to)

    def writing_file(target: Any, data: bytes, **options: Any) -> None:
        held.append((f"write {Path(target).name}", _lock_is_held(Path(target))))
        real_write_file(target, data, **options)

    monkeypatch.setattr(_record, "read_snapshot", reading)
    monkeypatch.setattr(_record, "write_atomic", writing)
    monkeypatch.setattr(_rollover, "write_file", writing_file)
    malstyrning.record_outcome(path, "sommarjobb", 2018, 190)
    malstyrning.rollover(path, to=2019)
    assert held == [
        ("read", True),
        ("write 2018.yaml", True),
        ("write 2019.yaml", True),
    ]
    assert not _lock_is_held(path), "released afterwards"
    assert sorted(os.listdir(folder)) == [PLAN, NEXT, "utfall.csv"], "no lock file is left"


@posix_only
def test_lock_is_released_when_the_update_fails(folder: Path) -> None:
    """A refused update (unknown id, existing outcome) lets go of the lock and leaves no lock file."""
    path = folder / PLAN
    with pytest.raises(malstyrning.UpdateError):
        malstyrning.record_outcome(path, "sommarjob", 2018, 1)
    with pytest.raises(malstyrning.UpdateError):
        malstyrning.record_outcome(path, "sommarjobb", 2017, 1)
    with pytest.raises(malstyrning.UpdateError):
        malstyrning.rollover(path, to=2017)
    assert not _lock_is_held(path)
    assert not lock_path(path).exists()


@posix_only
def test_lock_file_left_by_a_killed_writer_is_harmless(folder: Path) -> None:
    """A lock file nobody holds (its writer was killed) does not block the next write, which removes it."""
    path = folder / PLAN
    lock_path(path).touch()
    malstyrning.record_outcome(path, "sommarjobb", 2018, 190)
    assert not lock_path(path).exists()
    assert malstyrning.load_plan(path).indicators()[0].outcomes


@posix_only
def test_waiter_on_a_removed_lock_file_starts_over(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that opened the lock file just before the holder removed it does not count
    the stale file as the lock: it takes the lock on the new file instead."""
    import fcntl

    path = folder / PLAN
    holder = ExitStack()
    holder.enter_context(plan_lock(path))
    real_flock = fcntl.flock

    def holder_lets_go_first(descriptor: int, operation: int) -> None:
        holder.close()  # removes the file this waiter has open, then unlocks it
        real_flock(descriptor, operation)

    monkeypatch.setattr(fcntl, "flock", holder_lets_go_first)
    with plan_lock(path, timeout=0):
        monkeypatch.setattr(fcntl, "flock", real_flock)
        assert lock_path(path).exists(), "the lock held is the lock file's, not a removed one's"
        assert _lock_is_held(path)
    assert not lock_path(path).exists()


# -- Round trips: recording a value and then the old one back restores the exact bytes.


def _corpus() -> dict[str, str]:
    """Every plan the project has: plans/, the tests' files, and the docs' examples with outcomes.

    Texts have ``\\n`` line ends; each test writes them as is and as Windows would.
    """
    found = {}
    files = [*sorted(PLANS.glob("*.yaml")), *sorted((ROOT / "tests").rglob("*.yaml"))]
    for path in files:  # tests/hostile/ too: any of its files that is a valid plan
        try:
            text = path.read_bytes().decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
            malstyrning.loads_plan(text)
        except (UnicodeDecodeError, malstyrning.PlanError):
            continue  # broken on purpose, or not a plan
        found[path.relative_to(ROOT).as_posix()] = text
    for page in sorted((ROOT / "docs").glob("*.md")):
        for number, block in enumerate(
            re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        ):
            try:
                plan = malstyrning.loads_plan(block)
            except malstyrning.PlanError:
                continue
            if any(i.outcomes or i.comparisons for i in plan.indicators()):
                found[f"docs/{page.name}#{number}"] = block
    return found


CORPUS = _corpus()
IN_TEST_RECORD = {path.relative_to(ROOT).as_posix() for path in FILES}


def _write_variant(tmp_path: Path, text: str, variant: str) -> Path:
    """``text`` written as is ("lf") or as Windows would ("crlf-bom")."""
    path = tmp_path / "plan.yaml"
    data = text.encode("utf-8")
    if variant == "crlf-bom":
        data = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    path.write_bytes(data)
    return path


def _cases(variants: tuple[str, ...], *, skip_covered: bool = False) -> list[Any]:
    cases = []
    for name in CORPUS:
        for variant in variants:
            if skip_covered and variant == "lf" and name in IN_TEST_RECORD:
                continue  # test_record's round trip covers these
            cases.append(pytest.param(name, variant, id=f"{name}-{variant}"))
    return cases


def test_corpus_has_the_plans() -> None:
    """The round trips below see plans/ and the unusual test plan, and the docs' examples."""
    assert IN_TEST_RECORD.issubset(CORPUS)
    assert any(name.startswith("docs/") for name in CORPUS)


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        # The CRLF + BOM variants rewrite a whole plan in a second encoding: CI runs them.
        pytest.param(*case.values, marks=pytest.mark.slow, id=case.id)
        if case.values[1] == "crlf-bom"
        else case
        for case in _cases(("lf", "crlf-bom"), skip_covered=True)
    ],
)
def test_record_then_record_back_restores_bytes(tmp_path: Path, name: str, variant: str) -> None:
    """For every outcome: record a different value, then the old one back (as printed) → the same bytes."""
    path = _write_variant(tmp_path, CORPUS[name], variant)
    original = path.read_bytes()
    count = 0
    for indicator in malstyrning.load_plan(path).indicators():
        for year, outcome in indicator.outcomes.items():
            first = malstyrning.record_outcome(path, indicator.id, year, 12345, replace=True)
            assert first.kind is UpdateKind.CHANGED
            assert first.old is not None
            restore(path, indicator.id, year, outcome, first.old)
            assert path.read_bytes() == original, (indicator.id, year)
            count += 1
    assert count > 0 or name.startswith("docs/")


@pytest.mark.parametrize(("name", "variant"), _cases(("lf", "crlf-bom")))
def test_comparison_values_round_trip(tmp_path: Path, name: str, variant: str) -> None:
    """For every jämförelse value: write a different one, then the old one back → the same bytes."""
    path = _write_variant(tmp_path, CORPUS[name], variant)
    original = path.read_bytes()
    for indicator in malstyrning.load_plan(path).indicators():
        for series, values in indicator.comparisons.items():
            for year, value in values.items():
                change = OutcomeUpdate(indicator.id, year, value=12345, series=series)
                (first,) = malstyrning.apply_updates(path, [change])
                assert (first.kind, first.old is not None) == (UpdateKind.CHANGED, True)
                back = OutcomeUpdate(indicator.id, year, value=value, series=series, value_text=first.old)
                malstyrning.apply_updates(path, [back])
                assert path.read_bytes() == original, (indicator.id, series, year)


@pytest.mark.parametrize(("name", "variant"), _cases(("lf",)))  # the slowest: as is only
def test_import_then_import_back_restores_bytes(tmp_path: Path, name: str, variant: str) -> None:
    """Every outcome and jämförelse value changed in one import, then all the old ones imported
    back in one import → the same bytes."""
    path = _write_variant(tmp_path, CORPUS[name], variant)
    original = path.read_bytes()
    plan = malstyrning.load_plan(path)
    changes: list[OutcomeUpdate] = []
    backs: list[tuple[str, int, Outcome | tuple[str, float]]] = []  # an outcome, or (series, value)
    for indicator in plan.indicators():
        for year, outcome in indicator.outcomes.items():
            changes.append(OutcomeUpdate(indicator.id, year, value=12345))
            backs.append((indicator.id, year, outcome))
        for series, values in indicator.comparisons.items():
            for year, value in values.items():
                changes.append(OutcomeUpdate(indicator.id, year, value=12345, series=series))
                backs.append((indicator.id, year, (series, value)))
    if not changes:
        pytest.skip("no outcomes")
    results = malstyrning.apply_updates(path, changes)
    assert all(r.kind is UpdateKind.CHANGED and r.old is not None for r in results)
    restoring = []
    for (ident, year, was), result in zip(backs, results, strict=True):
        assert result.old is not None
        if isinstance(was, tuple):
            series, value = was
            restoring.append(OutcomeUpdate(ident, year, value=value, series=series, value_text=result.old))
        else:
            plain = was.comment is None and was.value is not None
            restoring.append(
                OutcomeUpdate(
                    ident,
                    year,
                    value=was.value,
                    missing=was.missing,
                    comment=was.comment,
                    value_text=result.old if plain else None,
                )
            )
    malstyrning.apply_updates(path, restoring)
    assert path.read_bytes() == original


def test_rollover_into_a_missing_folder_is_refused(folder: Path) -> None:
    """A rollover whose output folder does not exist says so, and writes nothing."""
    with pytest.raises(malstyrning.UpdateError, match="no such folder"):
        malstyrning.rollover(folder / PLAN, to=2019, output=folder / "missing" / NEXT)
    assert sorted(os.listdir(folder)) == [PLAN, "utfall.csv"]
