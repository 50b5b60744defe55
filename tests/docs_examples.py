"""The examples of README.md and docs/*.md, read from the pages and run as a reader would.

A page's examples are its fenced code blocks of these kinds, in page order:

- a block with ``$ `` lines (a terminal session): each ``$ malstyrning ...``
  command is run, and the lines after it, up to the next ``$`` line or the
  end of the block, are its whole output (standard output and standard
  error, as a terminal shows them). ``$ echo $?`` and the line after it give
  the exit code of the command before. A command may end in a pipeline
  (``| head -4``): the command's standard output goes through it, run by
  bash, and its standard error follows. Words with ``*`` are expanded as a
  shell would.
- a ``python`` block that starts with an import: it is run (``exec``); when
  the next block is a plain one (```` ``` ```` with nothing between but blank
  lines), that block is its whole standard output.
- a ``sh`` block followed by a plain block: run by bash, the plain block its
  whole output.
- a block right after ``<!-- file: NAME -->``: its text is written to NAME
  (later examples use it).

A block right after ``<!-- not run: REASON -->`` is skipped, and a ``$``
block with any command other than malstyrning's and ``echo $?`` must be so
marked: nothing is left out silently. Other blocks (YAML, JSON, synopses,
message lists) are not examples.

Each page runs in a fresh copy of the repository's ``plans/``,
``tests/data/`` and ``schema/``, all its examples in page order in that one
copy, at the width the page states once ("Examples ... are shown at 80
columns"), without colour, in the default language. Kolada is the local
:class:`FakeKolada` (``MALSTYRNING_KOLADA_URL``), serving :data:`KOLADA_ROWS`.

Commands run in-process (typer's runner) by default, or as real processes
(the console script's ``run()``) with ``subprocess=True``; the slow tests check
that both give the same output.
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kolada_server import FakeKolada, Row, kolada_row

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
UPDATE_DOCS = "MALSTYRNING_UPDATE_DOCS"
COPIED = ["plans", "tests/data", "schema"]
DEFAULT_WIDTH = 80  # for a page with only Python examples, which need no width

WIDTH = re.compile(r"[Ee]xamples\b[^.]{0,40}?\sare\s+shown\s+at\s+(\d+)\s+columns")
FENCE = re.compile(r"^( *)```(\S*)\s*$")
MARKER = re.compile(r"^<!-- (not run|file): (.+?) -->$")
PIPE = re.compile(r"\s\|\s")

# What the fake Kolada holds (docs/kolada.md describes it): N00914, ekonomiskt
# bistånd, for Tyresö (0138), the whole country (0000) and Stockholm (0180).
KOLADA_ROWS: list[Row] = [
    kolada_row("N00914", "0138", 2015, T=4.3, K=4.0, M=4.6),
    kolada_row("N00914", "0138", 2016, T=4.1, K=3.6, M=4.6),
    kolada_row("N00914", "0138", 2017, status="Bortfall", T=None, K=None, M=None),
    kolada_row("N00914", "0000", 2015, T=6.1, K=5.9, M=6.3),
    kolada_row("N00914", "0000", 2016, T=6.2, K=6.0, M=6.4),
    kolada_row("N00914", "0180", 2015, T=5.3, K=5.0, M=5.6),
    kolada_row("N00914", "0180", 2016, T=5.2, K=4.9, M=5.5),
    kolada_row("N00914", "0180", 2017, T=5.0, K=4.8, M=5.2),
]


@dataclass
class Block:
    """A fenced code block: its fence lines' indices in the page, language and text."""

    start: int
    end: int
    lang: str
    lines: list[str]
    marker: tuple[str, str] | None  # ("not run", reason) or ("file", name)


@dataclass
class Example:
    """One thing to run, what the page says it prints, and where that stands in the page."""

    kind: str  # "command", "python", "shell", "file"
    line: int  # 1-based line of the command or block in the page
    text: str
    shown: list[str] | None  # None: the page shows no output (a python block without one)
    span: tuple[int, int] | None  # lines [a, b) of the page that hold `shown`
    code: int | None = None  # the exit code shown by `$ echo $?`
    code_line: int | None = None  # its index in the page
    file: str | None = None  # for a "file" example: the name its text is written to


@dataclass
class Outcome:
    """What running an example gave."""

    output: list[str]
    code: int | None = None
    error: str | None = None  # a traceback, or why it could not run


@dataclass
class Page:
    name: str
    lines: list[str]
    blocks: list[Block]
    width: int | None
    examples: list[Example] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


def blocks(lines: list[str]) -> list[Block]:
    """Every fenced block of a page (indented ones in list items too)."""
    found = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, lang = opening.groups()
        j = i + 1
        while j < len(lines) and lines[j].strip() != "```":
            j += 1
        before = i - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        marker = MARKER.match(lines[before].strip()) if before >= 0 else None
        body = [
            line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in lines[i + 1 : j]
        ]
        found.append(Block(i, j, lang, body, (marker[1], marker[2]) if marker else None))
        i = j + 1
    return found


def read_page(name: str) -> Page:
    """Parse a page into its examples, in order."""
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    found = blocks(lines)
    width = WIDTH.search("\n".join(lines))
    page = Page(name, lines, found, int(width[1]) if width else None)
    for index, block in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        output_block = (
            following
            if following is not None
            and following.lang in {"", "text"}
            and following.marker is None
            and all(not line.strip() for line in lines[block.end + 1 : following.start])
            and not any(line.startswith("$ ") for line in following.lines)
            else None
        )
        if block.marker and block.marker[0] == "not run":
            page.skipped.append((block.start + 1, block.marker[1]))
            continue
        if block.marker and block.marker[0] == "file":
            text = "\n".join(block.lines) + "\n"
            page.examples.append(Example("file", block.start + 1, text, None, None, file=block.marker[1]))
            continue
        if any(line.startswith("$ ") for line in block.lines):
            page.examples.extend(_session(block))
        elif block.lang == "python" and re.match(r"(import|from) ", "\n".join(block.lines)):
            page.examples.append(_with_output(block, "python", output_block))
        elif block.lang == "sh" and output_block is not None:
            page.examples.append(_with_output(block, "shell", output_block))
    return page


def _with_output(block: Block, kind: str, output: Block | None) -> Example:
    text = "\n".join(block.lines) + "\n"
    if output is None:
        return Example(kind, block.start + 1, text, None, None)
    return Example(kind, block.start + 1, text, output.lines, (output.start + 1, output.end))


def _session(block: Block) -> list[Example]:
    """The commands of a `$` block, each with its output lines and exit code."""
    found: list[Example] = []
    body = block.lines
    i = 0
    while i < len(body):
        line = body[i]
        if not line.startswith("$ "):
            raise AssertionError(f"line {block.start + 2 + i}: output before any `$` command: {line!r}")
        j = i + 1
        while j < len(body) and not body[j].startswith("$ "):
            j += 1
        at = block.start + 1 + i  # index of the `$` line in the page
        if line == "$ echo $?":
            if not found or j - i != 2 or found[-1].code is not None:
                raise AssertionError(f"line {at + 1}: `$ echo $?` must follow a command and show one code")
            found[-1].code = int(body[i + 1])
            found[-1].code_line = at + 1
        else:
            found.append(Example("command", at + 1, line[2:], body[i + 1 : j], (at + 1, at + 1 + j - i - 1)))
        i = j
    return found


class Runner:
    """Runs a page's examples in order, in one fresh copy of the repository's files."""

    def __init__(self, workdir: Path, width: int, kolada_url: str, *, subprocess: bool = False) -> None:
        self.workdir = workdir
        self.width = width
        self.subprocess = subprocess
        self.env = {
            "COLUMNS": str(width),
            "NO_COLOR": "1",
            "TERM": "dumb",
            "MALSTYRNING_KOLADA_URL": kolada_url,
        }
        for name in COPIED:
            shutil.copytree(ROOT / name, workdir / name)

    def run(self, example: Example) -> Outcome:
        if example.kind == "file":
            assert example.file is not None
            (self.workdir / example.file).write_text(example.text, encoding="utf-8")
            return Outcome([])
        if example.kind == "python":
            return self._python(example.text)
        if example.kind == "shell":
            result = self._bash(example.text, None)
            return Outcome(_lines(result.stdout + result.stderr), result.returncode)
        return self._command(example.text)

    def _command(self, line: str) -> Outcome:
        parts = PIPE.split(line, maxsplit=1)
        words = shlex.split(parts[0], comments=True)
        if not words or words[0] != "malstyrning":
            return Outcome(
                [], error=f"not a malstyrning command: {line!r}; mark its block <!-- not run: ... -->"
            )
        args = [expanded for word in words[1:] for expanded in self._glob(word)]
        if self.subprocess:
            stdout, stderr, mixed, code, error = self._process(args, piped=len(parts) == 2)
        else:
            stdout, stderr, mixed, code, error = self._in_process(args)
        if error:
            return Outcome([], code, error)
        if len(parts) == 2:  # a pipeline: standard output through it, standard error beside
            piped = self._bash(parts[1], stdout)
            return Outcome(_lines(piped.stdout + piped.stderr + stderr), None)
        return Outcome(_lines(mixed), code)

    def _glob(self, word: str) -> list[str]:
        if not any(c in word for c in "*?["):
            return [word]
        matches = sorted(glob.glob(word, root_dir=self.workdir))
        return matches or [word]

    def _in_process(self, args: list[str]) -> tuple[str, str, str, int, str | None]:
        from typer.testing import CliRunner

        from malstyrning._cli import app

        with _cwd(self.workdir):
            result = CliRunner().invoke(app, args, env=self.env, prog_name="malstyrning")
        error = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            assert result.exc_info is not None
            error = "".join(traceback.format_exception(*result.exc_info))
        return result.stdout, result.stderr, result.output, result.exit_code, error

    def _process(self, args: list[str], *, piped: bool) -> tuple[str, str, str, int, str | None]:
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1"}
        # What the `malstyrning` console script runs, under its name (`python -m` would say
        # "python -m malstyrning" in a usage message).
        script = "import sys; sys.argv[0] = 'malstyrning'; from malstyrning._cli import run; run()"
        command = [sys.executable, "-c", script, *args]
        # One pipe for both streams, as a terminal shows them; apart only for a pipeline.
        result = subprocess.run(
            command,
            cwd=self.workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if piped else subprocess.STDOUT,
            check=False,
        )
        stdout, stderr = result.stdout.decode(), (result.stderr or b"").decode()
        mixed = stdout if not piped else stdout + stderr
        error = mixed if "Traceback (most recent call last)" in mixed else None
        return stdout, stderr, mixed, result.returncode, error

    def _bash(self, script: str, stdin: str | None) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            **self.env,
            "PYTHONPATH": str(ROOT / "src"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        return subprocess.run(
            ["bash", "-c", script],
            input=stdin if stdin is not None else "",
            cwd=self.workdir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def _python(self, code: str) -> Outcome:
        out = io.StringIO()
        saved = {name: os.environ.get(name) for name in self.env}
        os.environ.update(self.env)
        try:
            with _cwd(self.workdir), contextlib.redirect_stdout(out):
                exec(compile(code, "<docs example>", "exec"), {"__name__": "__main__"})
        except Exception:  # the example failed: say how, as the reader would see it
            return Outcome(_lines(out.getvalue()), error=traceback.format_exc())
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        return Outcome(_lines(out.getvalue()))


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _lines(text: str) -> list[str]:
    # Exact: a trailing space in the output is a difference (the docs have none).
    return text.splitlines()


@dataclass
class Mismatch:
    example: Example
    outcome: Outcome

    def __str__(self) -> str:
        import difflib

        example, outcome = self.example, self.outcome
        head = f"line {example.line}: {example.text.strip().splitlines()[0]}"
        if outcome.error:
            return f"{head}\n{outcome.error}"
        parts = [head]
        if example.shown is not None and outcome.output != example.shown:
            diff = difflib.unified_diff(example.shown, outcome.output, "shown", "printed", lineterm="", n=2)
            parts.append("\n".join(diff))
        if example.code is not None and outcome.code != example.code:
            parts.append(f"exit code: shown {example.code}, got {outcome.code}")
        return "\n".join(parts)


def run_page(page: Page, workdir: Path, *, subprocess: bool = False) -> list[tuple[Example, Outcome]]:
    """Run every example of ``page`` in order; each with what it gave."""
    width = page.width
    if width is None:
        assert not any(e.kind in {"command", "shell"} for e in page.examples), (
            f"{page.name} does not say at what width its examples are shown"
        )
        width = DEFAULT_WIDTH
    with FakeKolada(KOLADA_ROWS, page_size=100) as kolada:
        runner = Runner(workdir, width, kolada.url, subprocess=subprocess)
        return [(example, runner.run(example)) for example in page.examples]


def mismatches(results: list[tuple[Example, Outcome]]) -> list[Mismatch]:
    """The examples whose output or exit code is not what the page shows, or that failed."""
    return [
        Mismatch(example, outcome)
        for example, outcome in results
        if outcome.error
        or (example.shown is not None and outcome.output != example.shown)
        or (example.code is not None and outcome.code != example.code)
    ]


def rewrite(page: Page, results: list[tuple[Example, Outcome]]) -> bool:
    """Write each example's actual output (and exit code) into the page; True when it changed."""
    lines = list(page.lines)
    edits: list[tuple[int, int, list[str]]] = []
    for example, outcome in results:
        if outcome.error:
            continue
        if example.code_line is not None and outcome.code is not None:
            edits.append((example.code_line, example.code_line + 1, [str(outcome.code)]))
        if example.span is not None:
            start, end = example.span
            indent = re.match(r" *", lines[start - 1])[0] if start > 0 else ""  # type: ignore[index]
            edits.append((start, end, [indent + line if line else line for line in outcome.output]))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = new
    if lines == page.lines:
        return False
    (ROOT / page.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return True
