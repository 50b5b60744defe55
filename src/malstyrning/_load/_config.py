"""Finding and reading a kommun repository's ``malstyrning.toml``: from a plan
file or folder upwards to the file system's root, as git and ruff find theirs."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .._errors import ConfigError, Problem
from .._i18n import tr
from .._model import KommunConfig, Plan, Rules, SiteSettings

__all__ = ["CONFIG_NAME", "find_config", "load_config", "with_config"]

CONFIG_NAME = "malstyrning.toml"


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``malstyrning.toml`` in ``start`` (a file's folder, or a folder;
    default: the current directory) or a folder above it; None when there is none."""
    here = Path(start) if start is not None else Path.cwd()
    here = here.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: str | os.PathLike[str]) -> KommunConfig:
    """Read ``malstyrning.toml`` at ``path``.

    Raises :class:`ConfigError` with every problem: a file that cannot be read,
    TOML that is not valid (at its line and column), an unknown key (with the
    nearest one), a value of the wrong kind.
    """
    name = os.fspath(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ConfigError([Problem(name, None, None, "", why)]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line, column = (int(found[1]), int(found[2])) if found else (None, None)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        bad = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        key = bad.split("=")[0].strip()
        if key and not key.startswith(("[", '"', "'")) and not key.isascii():
            # TOML's bare keys are ASCII: nära, på_väg must be quoted.
            message += tr(
                '; a key with å, ä or ö is written in quotes: "{key}" = ...',
                '; en nyckel med å, ä eller ö skrivs inom citattecken: "{key}" = ...',
                key=key,
            )
        raise ConfigError(
            [
                Problem(
                    name,
                    line,
                    column,
                    "",
                    tr("not valid TOML: {why}", "inte giltig TOML: {why}", why=message),
                )
            ]
        ) from None
    try:
        return KommunConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(
            [_problem(name, text, detail) for detail in error.errors(include_url=False)]
        ) from None


def _problem(name: str, text: str, detail: Any) -> Problem:
    loc = tuple(str(part) for part in detail["loc"])
    path = ".".join(loc)
    line = _line_of(text, loc)
    if detail["type"] == "extra_forbidden":
        key = loc[-1]
        allowed = _keys(loc[:-1])
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        message = tr("unknown key {key!r}", "okänd nyckel {key!r}", key=key)
        if near:
            message += tr("; did you mean {hint!r}?", "; menade du {hint!r}?", hint=near[0])
        else:
            message += tr("; the keys are {keys}", "; nycklarna är {keys}", keys=", ".join(allowed))
        return Problem(name, line, 1 if line else None, path, message)
    from ._careful import error_message  # noqa: PLC0415  (ruamel.yaml: only when there is a problem)

    return Problem(name, line, 1 if line else None, path, error_message(detail))


def _keys(loc: tuple[str, ...]) -> list[str]:
    """The keys allowed at ``loc``: the file's, or a table's (``regler``, ``webbplats``)."""
    tables: dict[str, Any] = {"regler": Rules, "webbplats": SiteSettings}
    model: Any = tables.get(loc[0], KommunConfig) if loc else KommunConfig
    return [field.alias or key for key, field in model.model_fields.items()]


def _line_of(text: str, loc: tuple[str, ...]) -> int | None:
    """The line of the key at the end of ``loc``, within its [table] when it has one."""
    if not loc:
        return None
    table = ".".join(loc[:-1])
    in_table = not table
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.strip("[]").strip() == table
            continue
        key = re.escape(loc[-1])
        if in_table and re.match(rf"(?:{key}|\"{key}\"|'{key}')\s*=", stripped):
            return number
    return None


def with_config(plan: Plan, config: KommunConfig | None) -> Plan:
    """``plan`` with ``config``'s rules under its own (a rule the plan sets wins)
    and the config's kommun and Kolada id where the plan gives none."""
    if config is None:
        return plan
    update: dict[str, Any] = {}
    if config.rules is not None:
        base = config.rules.model_dump(by_alias=True, exclude_none=True)
        own = plan.rules.model_dump(by_alias=True, exclude_none=True)
        update["rules"] = Rules.model_validate({**base, **own})
    if plan.municipality is None and config.municipality is not None:
        update["municipality"] = config.municipality
    if plan.kolada_municipality is None and config.kolada_municipality is not None:
        update["kolada_municipality"] = config.kolada_municipality
    return plan.model_copy(update=update) if update else plan
