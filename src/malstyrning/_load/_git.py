"""Plans in a folder, and plans as they were at a git revision (``malstyrning diff --git``).

A folder's plans are its ``*.yaml`` files, in it and its subfolders (not hidden
ones), keyed by their path relative to the folder with ``/`` between parts.
A plan at a revision is read with ``git show REV:./PATH`` in the folder of the
path (so any repository works, and nothing is written); a folder at a revision
lists its files with ``git ls-tree``. A revision or a file git does not know is
a :class:`PlanFileError`, named ``REV:PATH`` as git names it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .._errors import PlanFileError, Problem
from .._i18n import tr
from .._model import Plan
from ._folder import load_plans
from ._io import loads_plan

__all__ = ["load_plan_at", "load_plan_folder", "load_plan_folder_at"]


def load_plan_folder(folder: str | os.PathLike[str]) -> dict[str, Plan]:
    """Every plan in ``folder`` (see :func:`plan_files`), keyed by its path relative to it."""
    root = Path(folder)
    return {path.relative_to(root).as_posix(): plan for path, plan in load_plans(root)}


def load_plan_at(revision: str, path: str | os.PathLike[str]) -> Plan:
    """The plan at ``path`` as it was at git ``revision``, read with ``git show``
    in the repository ``path`` is in. Nothing is written."""
    where = Path(path)
    folder = where.parent if str(where.parent) else Path()
    name = f"{revision}:{os.fspath(path)}"
    _check_revision(revision, folder, name)
    raw = _git(["show", f"{revision}:./{where.name}"], folder, name)
    return _plan(raw, name)


def load_plan_folder_at(revision: str, folder: str | os.PathLike[str]) -> dict[str, Plan]:
    """Every plan file (``*.yaml``, not in hidden folders) under ``folder`` as it
    was at git ``revision``, keyed by its path relative to ``folder``."""
    root = Path(folder)
    name = f"{revision}:{os.fspath(folder)}"
    if not root.is_dir():
        raise PlanFileError([Problem(str(root), None, None, "", tr("is not a folder", "är inte en mapp"))])
    _check_revision(revision, root, name)
    listed = _git(["ls-tree", "-r", "-z", "--name-only", revision, "--", "."], root, name)
    found: dict[str, Plan] = {}
    for entry in sorted(listed.decode("utf-8", "surrogateescape").split("\0")):
        parts = entry.split("/")
        if entry.endswith(".yaml") and not any(part.startswith(".") for part in parts):
            file_name = f"{revision}:{(root / entry).as_posix()}"
            found[entry] = _plan(_git(["show", f"{revision}:./{entry}"], root, file_name), file_name)
    return found


def _check_revision(revision: str, folder: Path, name: str) -> None:
    if not revision or revision.startswith("-") or "\0" in revision:
        raise PlanFileError([Problem(name, None, None, "", _unknown_revision(revision))])
    if not _is_repository(folder):
        _git(["rev-parse", "--git-dir"], folder, name)  # raises, saying why (no git, no repository)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], folder, name)
    except PlanFileError:
        raise PlanFileError([Problem(name, None, None, "", _unknown_revision(revision))]) from None


def _unknown_revision(revision: str) -> str:
    return tr(
        "git knows no revision {revision!r}",
        "git känner ingen revision {revision!r}",
        revision=revision,
    )


def _is_repository(folder: Path) -> bool:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--git-dir"], capture_output=True, check=False
        )
    except OSError:
        return False
    return done.returncode == 0


def _git(arguments: list[str], folder: Path, name: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *arguments],
            capture_output=True,
            check=False,
            env={**os.environ, "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"},
        )
    except FileNotFoundError:
        message = tr("git is not installed (or not on PATH)", "git finns inte (eller inte i PATH)")
        raise PlanFileError([Problem(name, None, None, "", message)]) from None
    except OSError as error:
        raise PlanFileError([Problem(name, None, None, "", str(error))]) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = said[-1] if said else ""
        if "not a git repository" in why:
            message = tr("not in a git repository", "finns inte i ett git-förråd")
        elif "exists on disk, but not in" in why or "does not exist in" in why:
            message = tr("is not in that revision", "finns inte i den revisionen")
        else:
            message = tr("git failed: {why}", "git misslyckades: {why}", why=why)
        raise PlanFileError([Problem(name, None, None, "", message)])
    return done.stdout


def _plan(raw: bytes, name: str) -> Plan:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = tr(
            "the file is not UTF-8 text; save it as UTF-8",
            "filen är inte sparad som UTF-8; spara den som UTF-8",
        )
        raise PlanFileError([Problem(name, None, None, "", message)]) from None
    return loads_plan(text, filename=name)
