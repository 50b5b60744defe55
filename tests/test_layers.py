"""The architecture, checked: one package per layer, imports pointing one way.

    _cli                        the command line: only the public API
      │
    malstyrning (__init__.pyi)  the public API, assembled from the layers below
      │
    _edit  _report  _lint       changing plan files; results for people; weak spots
      │
    _load  _engine  _sources    reading plans; the assessment rules; outside data
      │
    _model                      the plan's types, words and numbers
      │
    _i18n                       the language of messages
      │
    _errors  _version

A module imports a lower layer only through that layer's package (``from
.._load import load_plan``), never a module inside it, and never a name
that starts with ``_``. Layers on one level do not import each other. Every
import counts, also one inside a function or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

SOURCE = ROOT / "src"
PACKAGE = SOURCE / "malstyrning"

LEVEL = {
    "_errors": 0,
    "_version": 0,
    "_i18n": 1,
    "_model": 2,
    "_load": 3,
    "_engine": 3,
    "_sources": 3,
    "_edit": 4,
    "_report": 4,
    "_lint": 4,
    "": 5,  # `import malstyrning`: the public API
    "_cli": 6,
    "__main__": 7,
}

# The engine is pure: values in, results out. These would let it do I/O.
ENGINE_FORBIDDEN = {"os", "io", "pathlib", "shutil", "subprocess", "socket", "httpx", "tempfile"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "malstyrning._load._io"
    target: str  # the imported module, e.g. "malstyrning._model"
    names: tuple[str, ...]  # names taken from it (empty for `import x`)
    file: Path
    line: int
    text: str

    def where(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line}: {self.text}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(name: str) -> bool:
    return (SOURCE / name.replace(".", "/") / "__init__.py").is_file()


def is_module(name: str) -> bool:
    return is_package(name) or (SOURCE / (name.replace(".", "/") + ".py")).is_file()


def imports_of(path: Path, text: str | None = None) -> list[Import]:
    """Every import in the file at ``path`` (or in ``text``, as if it were that
    file), wherever it stands, made absolute."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    found: list[Import] = []
    for node in ast.walk(ast.parse("\n".join(lines), str(path))):
        text = lines[node.lineno - 1].strip() if isinstance(node, ast.stmt) else ""
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(name, alias.name, (), path, node.lineno, text))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = tuple(alias.name for alias in node.names)
            submodules = [n for n in names if is_module(f"{base}.{n}")]
            for sub in submodules:  # `from . import _careful` imports a module
                found.append(Import(name, f"{base}.{sub}", (), path, node.lineno, text))
            rest = tuple(n for n in names if n not in submodules)
            if rest or not submodules:
                found.append(Import(name, base, rest, path, node.lineno, text))
    return found


def component(module: str) -> str:
    """``malstyrning._load._io`` → ``_load``; ``malstyrning`` → ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def violations(imports: list[Import]) -> list[str]:
    found: list[str] = []
    for imp in imports:
        if imp.source == "malstyrning":  # the public API assembles the layers (lazily)
            continue
        here = component(imp.source)
        if here == "_engine" and imp.target.split(".")[0] in ENGINE_FORBIDDEN:
            found.append(f"{imp.where()}: the engine does no I/O; it may not import {imp.target}")
        if imp.target.split(".")[0] != "malstyrning":
            continue
        there = component(imp.target)
        if private := [n for n in imp.names if n.startswith("_") and not n.endswith("__")]:
            found.append(f"{imp.where()}: imports the private name(s) {', '.join(private)}")
        if here == there:
            continue
        if here == "_cli" and there != "":
            found.append(f"{imp.where()}: the CLI uses only the public API (`import malstyrning`)")
        elif LEVEL[there] >= LEVEL[here]:
            relation = "beside" if LEVEL[there] == LEVEL[here] else "above"
            what = there or "the public API"
            found.append(f"{imp.where()}: {here} may not import {what}, a layer {relation} it")
        elif imp.target.count(".") > 1:
            found.append(
                f"{imp.where()}: import {there}'s names from its package "
                f"(malstyrning.{there}), not from its module {imp.target}"
            )
    return found


def all_imports() -> list[Import]:
    return [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in imports_of(path)]


def test_every_module_belongs_to_a_layer() -> None:
    """Each module of the package sits in a known layer; a new folder must be placed."""
    unplaced = {component(module_name(p)) for p in PACKAGE.rglob("*.py")} - set(LEVEL)
    assert unplaced == set()


def test_imports_follow_the_layers() -> None:
    """No import runs up or across the layers, reaches inside another layer's
    package, or takes another module's private name."""
    assert violations(all_imports()) == []


def test_no_import_cycles() -> None:
    """No module imports, directly or through others, a module that imports it."""
    graph: dict[str, set[str]] = {}
    for imp in all_imports():
        if imp.target.startswith("malstyrning") and imp.target != imp.source:
            graph.setdefault(imp.source, set()).add(imp.target)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        ("_engine/_x.py", "from .._load import load_plan", "_engine may not import _load, a layer beside it"),
        ("_model/_x.py", "from .._report import label", "_model may not import _report, a layer above it"),
        ("_report/_x.py", "from .._engine._results import Assessment", "not from its module"),
        ("_lint.py", "from ._load import located as _l, _private", "private name(s) _private"),
        ("_cli/_x.py", "from malstyrning._edit import rollover", "only the public API"),
        ("_edit/_x.py", "import malstyrning", "_edit may not import the public API"),
        ("_engine/_x.py", "def f():\n    import os", "the engine does no I/O"),
    ],
)
def test_a_backward_import_is_named_with_its_line(file: str, line: str, expected: str) -> None:
    """The check itself: each kind of wrong import is reported with its file and line."""
    found = violations(imports_of(PACKAGE / file, line + "\n"))
    assert len(found) == 1
    assert found[0].startswith(f"src/malstyrning/{file}:")
    assert expected in found[0]
