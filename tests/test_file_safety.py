"""Every write is safe for the file system it lands in: links, owners, modes, odd paths, full disks.

What each write path guarantees is in docs/writes.md. Each test here failed
before issue 11 was fixed (on cca713d), as its docstring says why.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, ROOT
from malstyrning import OutcomeUpdate, UpdateKind
from malstyrning._cli import app
from malstyrning._edit._write import lock_path, plan_lock

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="links, modes and owners are POSIX")
as_root = pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() != 0, reason="giving a file another owner needs root"
)
pytestmark = [posix_only, pytest.mark.usefixtures("english")]

runner = CliRunner()
CSV = ROOT / "tests" / "data" / "utfall.csv"
OTHER = 4242  # a uid and gid that is not the test's own


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a copy of plans/2018.yaml."""
    shutil.copyfile(PLANS / "2018.yaml", tmp_path / "2018.yaml")
    return tmp_path


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail the test, instead of hanging the run, if a write blocks (opening a named pipe waits
    for the other end); a blocked open is interrupted by the alarm, whose exception ends it."""

    def hung(*_: Any) -> None:
        raise TimeoutError("a write blocked for 30 s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def invoke(*arguments: str | Path) -> Any:
    return runner.invoke(app, [str(argument) for argument in arguments])


def leftovers(folder: Path) -> list[str]:
    """Temporary and lock files left in ``folder``."""
    return sorted(name for name in os.listdir(folder) if name.endswith((".tmp", ".lock")))


# Each way the command line writes a plan in place: (name, arguments after the plan).
PLAN_WRITES = {
    "record": ["sommarjobb", "2018", "190"],
    "import": [str(CSV)],
}


def plan_write(name: str, plan: Path) -> list[str]:
    command = name.split("-", maxsplit=1)[0]
    return [command, str(plan), *(a.replace("{plan}", str(plan)) for a in PLAN_WRITES[name])]


# -- Symbolic links and hard links.


@pytest.mark.parametrize("name", PLAN_WRITES)
def test_a_symlinked_plan_is_written_through_the_link(folder: Path, name: str) -> None:
    """The real plan gets the update and the link stays a link (before: the link became a
    regular file with the update, and the real plan kept the old text)."""
    real = folder / "2018.yaml"
    link = folder / "plan.yaml"
    link.symlink_to(real.name)
    before = real.read_bytes()
    result = invoke(*plan_write(name, link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == real.name
    assert real.read_bytes() != before
    assert leftovers(folder) == []


def test_a_symlink_in_another_folder_writes_the_real_file_in_its_own(tmp_path: Path) -> None:
    """A link to a plan in another folder: the temporary file and the rename happen beside the
    real plan, and the lock is the real plan's, whatever name is used."""
    plans, work = tmp_path / "plans", tmp_path / "work"
    plans.mkdir()
    work.mkdir()
    real = plans / "2018.yaml"
    shutil.copyfile(PLANS / "2018.yaml", real)
    link = work / "plan.yaml"
    link.symlink_to(real)
    assert lock_path(link) == lock_path(real) == plans / ".2018.yaml.lock"
    with (
        plan_lock(real),
        pytest.raises(malstyrning.ConcurrentEditError, match="another malstyrning"),
        plan_lock(link, timeout=0),
    ):
        pass
    malstyrning.record_outcome(link, "sommarjobb", 2018, 190)
    assert link.is_symlink()
    (sommarjobb,) = [i for i in malstyrning.load_plan(real).indicators() if i.id == "sommarjobb"]
    assert sommarjobb.outcomes[2018].value == 190
    assert os.listdir(work) == ["plan.yaml"]
    assert sorted(os.listdir(plans)) == ["2018.yaml"]


@pytest.mark.parametrize("name", PLAN_WRITES)
def test_a_hard_linked_plan_is_refused(folder: Path, name: str) -> None:
    """A plan with a second hard link is refused, exit 2, both names keep the same, old text
    (before: the rename cut the plan off from its other name, which kept the old text)."""
    plan = folder / "2018.yaml"
    other = folder / "copy.yaml"
    os.link(plan, other)
    before = plan.read_bytes()
    result = invoke(*plan_write(name, plan))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{plan}: has 2 hard links; replacing it would leave the other names")
    assert result.stderr.count("\n") == 1
    assert os.path.samefile(plan, other)
    assert plan.read_bytes() == before
    assert leftovers(folder) == []


# -- Owners and modes.


@pytest.mark.parametrize("name", PLAN_WRITES)
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o2664])
def test_the_mode_is_kept(folder: Path, name: str, mode: int) -> None:
    """The rewritten plan keeps its mode, set-group-id bit included."""
    plan = folder / "2018.yaml"
    plan.chmod(mode)
    assert invoke(*plan_write(name, plan)).exit_code == 0
    assert stat.S_IMODE(plan.stat().st_mode) == mode


@as_root
@pytest.mark.parametrize("name", PLAN_WRITES)
def test_the_owner_and_group_are_kept(folder: Path, name: str) -> None:
    """A plan owned by another user and group keeps them when root rewrites it (before: it
    became root's)."""
    plan = folder / "2018.yaml"
    os.chown(plan, OTHER, OTHER)
    assert invoke(*plan_write(name, plan)).exit_code == 0
    assert (plan.stat().st_uid, plan.stat().st_gid) == (OTHER, OTHER)


@as_root
def test_an_owner_that_cannot_be_kept_is_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the system does not let the writer give the new file the plan's owner (as for
    anyone but root), nothing is written, rather than the owner silently changing."""
    plan = folder / "2018.yaml"
    os.chown(plan, OTHER, OTHER)
    before = plan.read_bytes()

    def refuse(*args: Any) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", refuse)
    result = invoke("record", plan, "sommarjobb", "2018", "190")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{plan}: belongs to another user or group (uid {OTHER}, gid {OTHER}), which writing it would "
        "change; nothing was written. Let its owner update it\n"
    )
    assert plan.read_bytes() == before
    assert (plan.stat().st_uid, plan.stat().st_gid) == (OTHER, OTHER)
    assert leftovers(folder) == []


@pytest.mark.parametrize("name", PLAN_WRITES)
def test_a_write_protected_plan_is_refused(folder: Path, name: str) -> None:
    """A read-only (0444) plan is not rewritten, even by root: exit 2, the reason, the plan as it
    was (before: the rename replaced it, since the folder was writable)."""
    plan = folder / "2018.yaml"
    before = plan.read_bytes()
    plan.chmod(0o444)
    result = invoke(*plan_write(name, plan))
    assert (result.exit_code, result.stderr) == (
        2,
        f"{plan}: the file is write-protected (mode 0444); nothing was written. "
        "Make it writable first if it should change\n",
    )
    assert plan.read_bytes() == before
    assert stat.S_IMODE(plan.stat().st_mode) == 0o444
    assert leftovers(folder) == []


def test_a_write_protected_plan_is_refused_in_swedish_too(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal speaks the run's language (Swedish by default)."""
    monkeypatch.delenv("MALSTYRNING_LANG")
    plan = folder / "2018.yaml"
    plan.chmod(0o444)
    result = invoke("record", plan, "sommarjobb", "2018", "190")
    assert result.exit_code == 2
    assert "filen är skrivskyddad (rättigheter 0444); inget sparades" in result.stderr


def test_a_dry_run_of_a_write_protected_plan_still_shows_the_changes(folder: Path) -> None:
    """A dry run writes nothing, so a read-only plan is no reason to refuse it."""
    plan = folder / "2018.yaml"
    plan.chmod(0o444)
    result = invoke("import", plan, CSV, "--dry-run")
    assert result.exit_code == 0, result.output


# -- The lock's sidecar file.


def test_a_symlink_planted_as_the_lock_file_is_never_followed(folder: Path, tmp_path: Path) -> None:
    """A symbolic link planted where the lock file goes is refused (exit 2): the file it points
    at is neither opened, created nor removed, and the plan is left as it was (before: the link
    was followed, creating its target, and the lock taken on it)."""
    plan = folder / "2018.yaml"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    victim.chmod(0o600)
    created = tmp_path / "created-by-the-lock"
    before = plan.read_bytes()
    for target in (victim, created):
        lock_path(plan).symlink_to(target)
        stamp = victim.stat()
        result = invoke("record", plan, "sommarjobb", "2018", "190")
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"{lock_path(plan)}: the lock file is a link or not an ordinary file")
        assert lock_path(plan).is_symlink(), "the planted link is left for a person to look at"
        assert victim.read_text(encoding="utf-8") == "keep me\n"
        assert victim.stat().st_mtime_ns == stamp.st_mtime_ns
        assert stat.S_IMODE(victim.stat().st_mode) == 0o600
        assert not created.exists()
        assert plan.read_bytes() == before
        lock_path(plan).unlink()


@pytest.mark.usefixtures("no_hang")
def test_a_pipe_planted_as_the_lock_file_is_refused_without_waiting(folder: Path) -> None:
    """A named pipe where the lock file goes is refused at once (opening it to read would wait
    for a writer forever)."""
    plan = folder / "2018.yaml"
    os.mkfifo(lock_path(plan))
    with pytest.raises(malstyrning.OutputFileError, match="the lock file is a link or not an ordinary file"):
        malstyrning.record_outcome(plan, "sommarjobb", 2018, 190)


# -- Every output file: atomic, never the plan, never a device or a folder, --force to replace.


OUTPUTS: dict[str, Callable[[Path, Path], list[str]]] = {
    "report": lambda plan, out: ["report", str(plan), "-o", str(out), "-f", "md"],
    "rollover": lambda plan, out: ["rollover", str(plan), "--to", "2019", "-o", str(out)],
    "schema": lambda plan, out: ["schema", "-o", str(out)],
    "init": lambda plan, out: ["init", str(out)],
}


@pytest.mark.parametrize("command", OUTPUTS)
def test_an_existing_output_needs_force(folder: Path, command: str) -> None:
    """An existing output file is replaced only with --force (before: `report -o` and `schema -o`
    replaced it silently; `init` had no way to)."""
    out = folder / "out.yaml"
    out.write_text("mine\n", encoding="utf-8")
    refused = invoke(*OUTPUTS[command](folder / "2018.yaml", out))
    assert refused.exit_code == 1, refused.output
    assert "use --force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    forced = invoke(*OUTPUTS[command](folder / "2018.yaml", out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8") != "mine\n"
    assert leftovers(folder) == []


@pytest.mark.parametrize("command", ["report", "rollover"])
@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "hard link"])
def test_an_output_never_replaces_its_plan(folder: Path, spelling: str, command: str) -> None:
    """`report p.yaml -o p.yaml` and `rollover p.yaml -o p.yaml` are refused, even with --force,
    however the plan is named: exit 2, the plan intact (before: the report replaced the plan, and
    rollover, "in place", replaced this year's plan with next year's)."""
    plan = folder / "2018.yaml"
    out = {
        "same": plan,
        "dotted": folder / "." / ".." / folder.name / "2018.yaml",
        "symlink": folder / "link.md",
        "hard link": folder / "hard.md",
    }[spelling]
    if spelling == "symlink":
        out.symlink_to(plan)
    if spelling == "hard link":
        os.link(plan, out)
    before = plan.read_bytes()
    options = ["-f", "md"] if command == "report" else ["--to", "2019"]
    result = invoke(command, plan, "-o", out, "--force", *options)
    assert (result.exit_code, result.stderr) == (
        2,
        f"{out}: is the file being read, and is never overwritten; choose another file; "
        "nothing was written\n",
    )
    assert plan.read_bytes() == before
    assert leftovers(folder) == []


def _special_files(folder: Path) -> Iterator[tuple[str, Path]]:
    directory = folder / "a-folder"
    directory.mkdir()
    yield "folder", directory
    pipe = folder / "a-pipe"
    os.mkfifo(pipe)
    yield "pipe", pipe
    device = folder / "a-device"
    try:  # a copy of /dev/null, here, so that no test can ever replace the real one
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pass
    else:
        yield "device", device
    yield "dangling symlink loop", _loop(folder)


def _loop(folder: Path) -> Path:
    (folder / "loop-a").symlink_to("loop-b")
    (folder / "loop-b").symlink_to("loop-a")
    return folder / "loop-a"


@pytest.mark.usefixtures("no_hang")
@pytest.mark.parametrize("command", OUTPUTS)
def test_an_output_that_is_not_a_regular_file_is_refused(folder: Path, command: str) -> None:
    """A folder, a pipe, a device node or a loop of links as the output is refused with exit 2,
    with or without --force, and left as it was (before: `report -o DEVICE --force`, and
    `rollover -o DEVICE --force`, renamed a new file over the device)."""
    for kind, special in _special_files(folder):
        before = os.lstat(special)
        for force in ([], ["--force"]):
            result = invoke(*OUTPUTS[command](folder / "2018.yaml", special), *force)
            assert result.exit_code == 2, (kind, force, result.output)
            assert "Traceback" not in result.output
            assert result.stderr.count("\n") == 1, result.stderr
            assert result.stderr.startswith(f"{special}: ")
            after = os.lstat(special)
            assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode), kind
    assert leftovers(folder) == []


def test_write_file_refuses_its_inputs_and_special_files(folder: Path) -> None:
    """The library's write_file: the same refusals, as OutputFileError (an OSError) with an errno."""
    plan = folder / "2018.yaml"
    with pytest.raises(malstyrning.OutputFileError) as caught:
        malstyrning.write_file(folder / "." / "2018.yaml", b"x", inputs=[plan])
    assert caught.value.errno == errno.EINVAL
    with pytest.raises(malstyrning.OutputFileError) as caught:
        malstyrning.write_file(folder, b"x")
    assert caught.value.errno == errno.EISDIR
    assert malstyrning.load_plan(plan).year == 2018


# -- A full disk, or any other failure of the system: one line, exit 1, the old file intact.


def _fail_with(code: int, function: str) -> Callable[..., Any]:
    real = getattr(os, function)

    def failing(descriptor: int, *args: Any) -> Any:
        if descriptor > 2:  # never the test's own standard streams
            raise OSError(code, os.strerror(code))
        return real(descriptor, *args)

    return failing


def _forced(make: Callable[[Path, Path], list[str]]) -> Callable[[Path, Path], list[str]]:
    return lambda plan, out: [*make(plan, out), "--force"]


EVERY_WRITE: dict[str, Callable[[Path, Path], list[str]]] = {
    "record": lambda plan, out: ["record", str(plan), "sommarjobb", "2018", "190"],
    "import": lambda plan, out: ["import", str(plan), str(CSV)],
    **{name: _forced(make) for name, make in OUTPUTS.items()},
}


@pytest.mark.parametrize(("function", "code"), [("write", errno.ENOSPC), ("fsync", errno.EIO)])
@pytest.mark.parametrize("command", EVERY_WRITE)
def test_a_failing_disk_leaves_the_old_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, command: str, function: str, code: int
) -> None:
    """A full disk (ENOSPC from the write) or an I/O error (EIO from the flush): one line naming
    the file, exit 1, the old file byte for byte, no temporary file (before: exit 2; and
    `schema -o` had truncated the old file before it failed)."""
    plan = folder / "2018.yaml"
    out = folder / "out.yaml"
    out.write_bytes(b"the old output\n")
    target = plan if command in ("record", "import") else out
    before = target.read_bytes()
    monkeypatch.setattr(os, function, _fail_with(code, function))
    result = invoke(*EVERY_WRITE[command](plan, out))
    assert (result.exit_code, result.stderr) == (1, f"{target}: {os.strerror(code)}\n")
    assert target.read_bytes() == before
    assert sorted(os.listdir(folder)) == ["2018.yaml", "out.yaml"]


def test_schema_output_is_atomic(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`schema -o` writes a temporary file and renames it into place, as every output does."""
    renamed: list[tuple[str, str]] = []
    real_replace = os.replace

    def replace(source: Any, destination: Any) -> None:
        renamed.append((Path(source).name, Path(destination).name))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    assert invoke("schema", "-o", folder / "plan.schema.json").exit_code == 0
    [(temporary, final)] = renamed
    assert temporary.startswith(".plan.schema.json.")
    assert temporary.endswith(".tmp")
    assert final == "plan.schema.json"
    assert json.loads((folder / "plan.schema.json").read_text(encoding="utf-8")) == malstyrning.plan_schema()


@as_root
def test_a_replaced_output_keeps_its_owner_and_mode(folder: Path) -> None:
    """`report -o FILE --force` over another user's file keeps its owner, group and mode."""
    out = folder / "rapport.md"
    out.write_text("old\n", encoding="utf-8")
    os.chown(out, OTHER, OTHER)
    out.chmod(0o640)
    assert invoke("report", folder / "2018.yaml", "-o", out, "--force").exit_code == 0
    status = out.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (OTHER, OTHER, 0o640)
    assert out.read_text(encoding="utf-8").startswith("# ")


# -- Kolada: the decision "a null never overwrites a known outcome" is taken under the lock.


KOLADA_PLAN = """plan: P
organisation: O
år: 2018
kolada_kommun: "0138"
verksamhetsmått:
  - id: sjuk
    titel: Sjukfrånvaro
    kolada: N00914
"""
NULL_2017 = {
    "values": [
        {
            "kpi": "N00914",
            "municipality": "0138",
            "period": 2017,
            "values": [{"gender": "T", "count": 0, "status": "Bortfall", "value": None}],
        }
    ]
}


def test_an_outcome_recorded_while_kolada_is_asked_is_kept(tmp_path: Path) -> None:
    """A value recorded between Kolada's answer and the write is not replaced by Kolada's null
    (before: the rule was applied to the plan as read before the fetch, so the null replaced it)."""
    path = tmp_path / "plan.yaml"
    path.write_text(KOLADA_PLAN, encoding="utf-8")
    plan = malstyrning.load_plan(path)  # as `import --kolada` reads it: no outcome for 2017

    def answer(request: httpx.Request) -> httpx.Response:
        malstyrning.record_outcome(path, "sjuk", 2017, 4.2)  # someone records meanwhile
        return httpx.Response(200, json=NULL_2017)

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        updates = malstyrning.kolada_updates(plan, years=[2017], client=client)
    assert malstyrning.apply_updates(path, updates) == []
    assert malstyrning.load_plan(path).measures[0].outcomes[2017].value == 4.2


def test_cli_import_kolada_keeps_an_outcome_recorded_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same through `import --kolada-file`: the null is left out, the recorded value stays."""
    path = tmp_path / "plan.yaml"
    path.write_text(KOLADA_PLAN, encoding="utf-8")
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(NULL_2017), encoding="utf-8")
    fetch = malstyrning.kolada_updates

    def fetch_then_record(*args: Any, **kwargs: Any) -> list[OutcomeUpdate]:
        updates = fetch(*args, **kwargs)
        malstyrning.record_outcome(path, "sjuk", 2017, 4.2)
        return updates

    monkeypatch.setattr(malstyrning, "kolada_updates", fetch_then_record)
    result = invoke("import", path, "--kolada-file", saved)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{path}: nothing to import; nothing was written\n"
    assert malstyrning.load_plan(path).measures[0].outcomes[2017].value == 4.2
    # Without an outcome there, the null becomes saknas, as before.
    path.write_text(KOLADA_PLAN, encoding="utf-8")
    monkeypatch.setattr(malstyrning, "kolada_updates", fetch)
    assert invoke("import", path, "--kolada-file", saved).exit_code == 0
    assert malstyrning.load_plan(path).measures[0].outcomes[2017].missing == "Kolada: Bortfall"


def test_only_if_absent_is_decided_on_the_text_written(tmp_path: Path) -> None:
    """Within one batch, an update marked only_if_absent sees what the updates before it wrote."""
    path = tmp_path / "plan.yaml"
    path.write_text(KOLADA_PLAN, encoding="utf-8")
    results = malstyrning.apply_updates(
        path,
        [
            OutcomeUpdate("sjuk", 2017, value=3.0),
            OutcomeUpdate("sjuk", 2017, missing="Kolada: Bortfall", only_if_absent=True),
        ],
    )
    assert [r.kind for r in results] == [UpdateKind.NEW]
    assert malstyrning.load_plan(path).measures[0].outcomes[2017].value == 3.0
