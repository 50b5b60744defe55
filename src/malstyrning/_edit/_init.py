"""A new plan to fill in: what ``malstyrning init`` writes.

The plan is a commented template (``templates/plan.yaml``) in Swedish with
every section of the format. As written it is a valid plan with no lint
findings, so a planner starts from something that passes the checks and
replaces the examples one by one.
"""

from __future__ import annotations

import datetime as dt
from string import Template

from .._errors import InvalidArgumentError
from .._i18n import tr
from .._model import checked_year

__all__ = ["DEFAULT_SCHEMA_REF", "new_kommun_files", "new_plan_text"]

DEFAULT_SCHEMA_REF = "../schema/plan.schema.json"
"""Where a new plan's ``yaml-language-server`` line looks for the schema: the
``schema/`` folder beside ``plans/``, the layout of a plans repository."""


def new_plan_text(
    *,
    organisation: str = "Nämndens eller verksamhetens namn",
    year: int | None = None,
    municipality: str | None = None,
    schema: str = DEFAULT_SCHEMA_REF,
) -> str:
    """A new, commented plan in Swedish with every section, ready to fill in.

    ``year`` defaults to the current year; ``municipality`` (``kommun``) is
    left as a comment when not given. ``schema`` is the path or URL of the
    JSON Schema named on the first line, for editors. The text is a valid plan.
    Raises :class:`InvalidArgumentError` (a ``ValueError``) for an empty name, a year outside 1900–2200
    (:class:`ArgumentTypeError` for one that is not an ``int``) or a schema reference with white space in it.
    """
    year = dt.date.today().year if year is None else checked_year(year, "year")
    if not schema or any(c.isspace() for c in schema):
        raise InvalidArgumentError(
            tr(
                "the schema reference must be a path or URL without spaces, got {schema!r}",
                "hänvisningen till schemat ska vara en sökväg eller adress utan mellanslag, men här står "
                "{schema!r}",
                schema=schema,
            )
        )
    kommun_line = "# kommun: Kommunens namn" if municipality is None else f"kommun: {_scalar(municipality)}"
    from importlib import resources  # noqa: PLC0415  (the CLI imports this module for every command: see below)

    template = resources.files(__package__).joinpath("templates", "plan.yaml").read_text(encoding="utf-8")
    return Template(template).substitute(
        schema=schema,
        year=year,
        baseline_year=year - 1,
        next_year=year + 1,
        organisation=_scalar(organisation),
        kommun_line=kommun_line,
    )


def new_kommun_files(
    municipality: str, *, year: int | None = None, organisation: str = "Nämndens namn"
) -> dict[str, str]:
    """A new kommun repository to fill in, as relative paths and their texts:
    ``malstyrning.toml`` (the kommun's name, ``planer = "plans"``), the council's
    goals for ``year`` (``plans/<year>/kommunfullmaktige.yaml``, plan id ``kf``)
    and one nämnd's plan serving them (``plans/<year>/namnd.yaml``, its
    ``organisation`` given, its plans naming ``schema/plan.schema.json``). Every plan is
    valid and the folder assesses as a kommun. Raises as :func:`new_plan_text`.
    """
    year = dt.date.today().year if year is None else checked_year(year, "year")
    name = _scalar(municipality)
    from importlib import resources  # noqa: PLC0415  (as in new_plan_text)

    folder = resources.files(__package__).joinpath("templates")
    fields = {
        "schema": "../../schema/plan.schema.json",
        "year": year,
        "baseline_year": year - 1,
        "kommun_line": f"kommun: {name}",
        "organisation": _scalar(organisation),
    }
    toml_name = municipality.replace("\\", "\\\\").replace('"', '\\"')
    return {
        "malstyrning.toml": (
            "# malstyrning: kommunens inställningar. Varje kommando hittar filen genom att\n"
            "# leta uppåt från planen eller mappen det får.\n\n"
            f'kommun = "{toml_name}"\n'
            'planer = "plans"          # plans/<år>/<nämnd>.yaml\n\n'
            "# Bedömningsregler som varje plan utgår från (planens egna regler går före).\n"
            "# Nycklar med å, ä eller ö skrivs inom citattecken.\n"
            "# [regler]\n"
            '# metod = "framsteg"\n'
            '# "nära" = 0.5\n'
        ),
        f"plans/{year}/kommunfullmaktige.yaml": Template(
            folder.joinpath("kommunfullmaktige.yaml").read_text(encoding="utf-8")
        ).substitute(fields),
        f"plans/{year}/namnd.yaml": Template(
            folder.joinpath("namnd.yaml").read_text(encoding="utf-8")
        ).substitute(fields),
    }


def _scalar(text: str) -> str:
    """``text`` as a YAML value: plain when it reads back as itself, else double-quoted."""
    if not text.strip():
        raise InvalidArgumentError(
            tr("expected a name, got an empty string", "ska vara ett namn, men är tomt")
        )
    # Here, not at the top: the CLI imports this module on every command (for
    # new_plan_text's default schema, shown in `init --help`), and ruamel.yaml
    # is slow to import.
    from ruamel.yaml.error import YAMLError  # noqa: PLC0415

    from .._load import round_trip_yaml  # noqa: PLC0415

    try:
        if round_trip_yaml().load(f"key: {text}\n") == {"key": text}:
            return text
    except YAMLError:
        pass
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'
