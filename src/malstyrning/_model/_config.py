"""A kommun repository's settings (``malstyrning.toml`` at its root): the kommun's
name, where its plans live, and the rules every plan starts from."""

from __future__ import annotations

from pydantic import Field

from ._plan import MunicipalityCode, Rules, Text, _Model

__all__ = ["KommunConfig"]


class KommunConfig(_Model):
    """``malstyrning.toml``: every key optional."""

    municipality: Text | None = Field(None, alias="kommun", description="Kommunens namn, t.ex. Tyresö")
    plans: Text = Field(
        "plans", alias="planer", description="Mappen med planerna, från filens mapp: plans/<år>/<nämnd>.yaml"
    )
    rules: Rules | None = Field(
        None,
        alias="regler",
        description="Bedömningsregler som varje plan utgår från; planens egna regler går före",
    )
    kolada_municipality: MunicipalityCode | None = Field(
        None, alias="kolada_kommun", description='Kommunens id i Kolada, t.ex. "0138"'
    )
