"""The JSON Schema of the plan format, generated from the models.

Editors that speak JSON Schema (VS Code's YAML extension and other users of
yaml-language-server) use it for completion, hover help in Swedish and
validation while a plan is typed. The schema is generated from the pydantic
models in :mod:`malstyrning._model._plan`; what pydantic cannot see is added here,
driven by the validators the models actually use:

- the shorthand forms the loader accepts (``målvärde: 200``, ``utfall: {2017:
  3.7}``, ``prognos: {2018: 110}``, an activity written as a plain string,
  ``kolada: N00914``);
- numbers written in Swedish notation (``"3,20 %"``, ``"1 164"``), years as
  mapping keys, periods (``2018-T1``) as keys of ``utfall`` and as a report's
  ``period``, ``ja``/``nej`` flags, four-digit municipality ids;
- the Swedish words of ``riktning``, ``typ``, ``status`` ... (matched without
  regard to case, as the loader does), and the other words a field accepts
  (``angiven_prognos: bedöms uppfyllas``);
- ``null`` for every optional key (``kommentar:`` with nothing after it);
- Swedish titles and descriptions for every definition.

The schema never refuses a plan the loader accepts. It is looser in a few
places that JSON Schema cannot express (unique ids, a ``riktning`` that
contradicts the target, a range check on a number written as text): run
``malstyrning validate`` for the full check.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import CoreSchema, PydanticOmit, core_schema

from ._numbers import GROUP_SEPARATORS, MINUS_SIGNS
from ._plan import FIRST_YEAR, LAST_YEAR, SWEDISH_WORDS, VALUE_KINDS, Plan

__all__ = ["SCHEMA_ID", "plan_schema"]

# What GenerateJsonSchema.generate_inner takes (pydantic names it only for type checkers).
_CoreSchemaOrField = (
    core_schema.CoreSchema
    | core_schema.ModelField
    | core_schema.DataclassField
    | core_schema.TypedDictField
    | core_schema.ComputedField
)

SCHEMA_ID = "https://malstyrning.invalid/schema/plan.schema.json"
"""The schema's ``$id``: a name, not an address to fetch it from."""

_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a plan file, with Swedish descriptions.

    Generated from :class:`Plan`; ``schema/plan.schema.json`` in the
    repository is this schema, written by ``malstyrning schema -o``.
    """
    generated = Plan.model_json_schema(by_alias=True, mode="validation", schema_generator=_PlanSchema)
    _walk(generated, _tidy)
    for name, definition in [("Plan", generated), *generated.get("$defs", {}).items()]:
        if name in _SWEDISH:
            definition["title"], definition["description"] = _SWEDISH[name]
    return {"$schema": _DRAFT, "$id": SCHEMA_ID, **generated}


# --- Value schemas for the validators in _plan -----------------------------------------------


def _char_class(chars: str) -> str:
    # \uXXXX escapes read the same in Python's re and ECMAScript regular expressions.
    return "".join(f"\\u{ord(c):04x}" for c in chars)


_SEPARATOR = f"[{_char_class(GROUP_SEPARATORS)}]"
_SWEDISH_NUMBER = (
    rf"^\s*[+{_char_class(MINUS_SIGNS)}]?(\d{{1,3}}({_SEPARATOR}\d{{3}})+|\d+)(,\d+)?({_SEPARATOR}?%)?\s*$"
)
_YEAR = r"^\s*0*(19\d\d|2[01]\d\d|2200)\s*$"
# A period within a year, as Period.parse reads it: four digits of a year from
# FIRST_YEAR to LAST_YEAR, then tertial 1–3, halvår 1–2, kvartal 1–4 (Q or K) or month 1–12.
_PERIOD_PART = r"-\s*([tT]\s*0?[1-3]|[hH]\s*0?[12]|[qQkK]\s*0?[1-4]|0?[1-9]|1[0-2])"
_PERIOD = rf"^\s*(19\d\d|2[01]\d\d|2200)\s*{_PERIOD_PART}\s*$"
_YEAR_OR_PERIOD = rf"^\s*(19\d\d|2[01]\d\d|2200)\s*({_PERIOD_PART})?\s*$"

_NUMBER: JsonSchemaValue = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": _SWEDISH_NUMBER, "description": 'Svensk skrivning: "3,7", "1 164"'},
    ]
}
_TEXT: JsonSchemaValue = {"type": "string", "pattern": r"\S"}
_YEAR_VALUE: JsonSchemaValue = {
    "anyOf": [
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        {"type": "string", "pattern": _YEAR},
    ]
}
_PERIOD_VALUE: JsonSchemaValue = {
    "anyOf": [
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
        {
            "type": "string",
            "pattern": _YEAR_OR_PERIOD,
            "description": "Ett år (2018) eller en period: 2018-T1, 2018-H1, 2018-K1/2018-Q1, 2018-05",
        },
    ]
}
_MUNICIPALITY: JsonSchemaValue = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": 9999},
        {"type": "string", "pattern": r"^\s*\d{4}\s*$"},
    ]
}


def _caseless(word: str) -> str:
    """A pattern for ``word`` in any case, with any run of white space between its parts."""
    # Letters, spaces, the trend arrows and dashes keep the pattern valid
    # ECMAScript with no escapes ("-" is literal outside a character class).
    if not re.fullmatch(r"[\w \-–↗→↘]+", word):
        # The words are the model's own, not a caller's: this is a bug in
        # malstyrning, so deliberately not a MalstyrningError that a caller
        # would handle as an ordinary failure.
        raise RuntimeError(f"cannot make a pattern of {word!r}")
    parts = (
        "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else c for c in part)
        for part in word.split()
    )
    return r"\s+".join(parts)


def _words(words: list[str], codes: list[str]) -> JsonSchemaValue:
    """The Swedish ``words`` (offered for completion) or any of ``words`` and ``codes`` in any case."""
    alternatives = "|".join(_caseless(w) for w in [*words, *codes])
    return {"anyOf": [{"enum": words}, {"type": "string", "pattern": rf"^\s*({alternatives})\s*$"}]}


_FLAG: JsonSchemaValue = {"anyOf": [{"type": "boolean"}, *_words(["ja", "nej"], [])["anyOf"]]}

# What a value validated by each kind of field validator may look like (the
# kinds are registered in _plan.VALUE_KINDS). None: the validator checks a value
# of the type the inner schema describes. "word" is built per enum.
_BY_KIND: dict[str, JsonSchemaValue | None] = {
    "number": _NUMBER,
    "blank_or_number": {"anyOf": [*_NUMBER["anyOf"], {"type": "null"}]},
    "text": _TEXT,
    "label": _TEXT,  # the length and the one line are checked by the loader
    "heading": _TEXT,  # the one line is checked by the loader
    "year": _YEAR_VALUE,
    "period": _PERIOD_VALUE,
    "flag": _FLAG,
    "municipality": _MUNICIPALITY,
    "date": None,
    "date_or_month": {
        "type": "string",
        "pattern": r"^\s*\d{4}-\d{1,2}(-\d{2})?\s*$",
        "description": "Månad (ÅÅÅÅ-MM) eller dag (ÅÅÅÅ-MM-DD)",
    },
    "score": None,
    "distinct_years": None,
    "one_or_many": None,  # one id or a list: the field's WithJsonSchema says so
}


# Model-level "before" validators, by qualified name: the shorthands, and the
# one that reads an empty optional key as absent.
_SHORTHANDS = {
    "ValuePoint._bare_number": "värde",
    "Outcome._bare_number": "värde",
    "_Item._bare_title": "titel",
    "KoladaRef._bare_kpi": "kpi",
    "TableColumn._bare_title": "titel",
    "Forecast._bare_number": "värde",
    "GoalLink._written_as_text": "mål",
}
_EMPTY_MEANS_ABSENT = "_Model._empty_means_absent"

# One `utfall` mapping feeds two fields of an indicator: its year keys one
# (``_years_only``), its period keys the other (``_periods_only``). The schema
# describes the mapping once, as the year field's, with both kinds of keys.
_YEARS_OF_UTFALL = "_years_only"
_PERIODS_OF_UTFALL = "_periods_only"


def _function(schema: CoreSchema) -> Any:
    """The function of a function-before core schema, unwrapped from a bound method."""
    function = schema["function"]["function"]
    return getattr(function, "__func__", function)


def _before_validators(schema: CoreSchema) -> Iterator[Any]:
    """The functions of a chain of function-before core schemas, outermost first."""
    while schema["type"] == "function-before":
        yield _function(schema)
        schema = schema["schema"]


def known_validator(function: Any) -> bool:
    """Whether the schema knows what values the before-validator ``function`` accepts."""
    qualname = getattr(function, "__qualname__", "")
    return (
        function in VALUE_KINDS
        or qualname in _SHORTHANDS
        or qualname in {_EMPTY_MEANS_ABSENT, _YEARS_OF_UTFALL, _PERIODS_OF_UTFALL}
    )


# --- Swedish titles and descriptions, by definition name (the class name) ---------------------

_SWEDISH: dict[str, tuple[str, str]] = {
    "Plan": (
        "Verksamhetsplan",
        "En nämnds eller verksamhets verksamhetsplan för ett år: målområden med mål och indikatorer, "
        "särskilda uppdrag, kvalitetsgarantier, verksamhetsmått och risker. Kontrollera hela planen med "
        "`malstyrning validate`.",
    ),
    "Rules": (
        "Bedömningsregler",
        "Regler för bedömningen (regler). På planen gäller de alla indikatorer; på en indikator gäller de "
        "bara den. En utelämnad nyckel ärvs från planen eller får standardvärdet.",
    ),
    "OnTrackRules": (
        "Gränser för I fas",
        "Gränserna för bedömningen av om en indikator är i fas mot ett målvärde längre fram (regler.i_fas), "
        "FN:s och Statistics Canadas metod för SDG-framsteg: kvoten faktisk/behövd årlig förändring "
        "(0,95 / 0,6 / 0) och, utan målvärde, den årliga förändringen i önskad riktning (0,015 / 0,005 / 0). "
        "En utelämnad nyckel ärvs från planen eller får standardvärdet.",
    ),
    "ValuePoint": (
        "Värde",
        'Ett ingångsvärde eller målvärde: bara ett tal (`målvärde: 200`, `"3,7"`) eller '
        "{värde, år, kommentar}. Ett målvärde utan år gäller planens år.",
    ),
    "Outcome": (
        "Utfall",
        "Ett års eller en periods utfall: bara ett tal (`2017: 3.7`, `2018-T1: 41`), {värde: ...} "
        "eller {saknas: skäl} när utfall saknas.",
    ),
    "Forecast": (
        "Prognos",
        "Vad året väntas sluta på: bara ett tal (`2018: 110`) eller {värde, kommentar}.",
    ),
    "ReportDate": (
        "Rapport i kalendern",
        "En rapport under året: id, namn, perioden den gäller (2018-T1, 2018-T2 eller året 2018) "
        "och när den ska vara klar (datum).",
    ),
    "Activity": (
        "Aktivitet",
        "Vad som ska göras för att nå målet. En aktivitet kan skrivas som bara en text (titeln) eller "
        "med id, titel, ansvarig, status, typ (aktivitet, överenskommelse eller projekt), finansiär, "
        "start, klart, beslutad, samverkan, mål, rapporter och kommentar.",
    ),
    "Decision": ("Beslut", "Vem som beslutade uppdraget eller aktiviteten och när: {av, datum}."),
    "StatusReport": (
        "Statusrapport",
        "En daterad rapport om ett uppdrag eller en aktivitet: datum, status, text; framflyttad "
        "med till (återrapporteringen den flyttats till) och skäl.",
    ),
    "GoalLink": (
        "Bidrar till",
        "Ett mål i en annan plan som målet bidrar till: plan:mål (t.ex. kf:lag-arbetsloshet), "
        "eller {mål: kf:lag-arbetsloshet, vikt: 2}.",
    ),
    "FollowUp": (
        "Återrapportering",
        "När uppdrag och aktiviteter ska återrapporteras: datum (månad eller dag), namn och "
        "punkterna (id) som ska rapporteras då.",
    ),
    "KoladaRef": (
        "Nyckeltal i Kolada",
        "Var indikatorns utfall finns i Kolada: bara nyckeltalets id (`kolada: N00914`) "
        "eller {kpi, kön, kommun}.",
    ),
    "ChartSettings": (
        "Diagram",
        "Hur HTML-rapporten ritar indikatorns diagram: nollbaslinje (ja eller nej) låter y-axeln "
        "börja på noll eller inte; utan den börjar axeln på noll för enheten % och för antal.",
    ),
    "Labels": (
        "Etiketter",
        "Planens egna ord för bedömningar och trender, i stället för standardorden. Nycklarna är "
        "orden planen skriver för koderna (nära värde, helt uppfyllt, ökad ...); det som utelämnas "
        "får standardordet.",
    ),
    "IndicatorLabels": (
        "Etiketter för en indikators bedömning",
        "Planens ord för värde uppnått, nära värde, långt ifrån värde och inget värde angivet.",
    ),
    "GoalLabels": (
        "Etiketter för ett måls bedömning",
        "Planens ord för helt uppfyllt, i hög grad uppfyllt, delvis uppfyllt, ej uppfyllt och ej bedömd.",
    ),
    "TrendLabels": (
        "Etiketter för trendpilen",
        "Planens ord för pilen uppåt (ökad), oförändrad, pilen nedåt (minskad) och ingen trend "
        "(inget värde angivet). Med regler: {trendpil: förbättring} visar pilen uppåt en förbättring.",
    ),
    "ImprovementLabels": (
        "Etiketter för förbättring",
        "Planens ord för förbättrad, oförändrad, försämrad och ingen jämförelse.",
    ),
    "Gender": ("Kön", "Kön i Kolada: T (totalt), K (kvinnor) eller M (män)."),
    "Indicator": (
        "Indikator",
        "Hur ett mål mäts: titel, enhet, riktning, ingångsvärde, målvärde, utfall per år eller "
        "period och prognos.",
    ),
    "Goal": (
        "Mål",
        "Ett mål: strategiskt mål, nämndmål, kvalitetsmål eller verksamhetsmål, med indikatorer, "
        "aktiviteter och underordnade mål (ett nämndmål under ett strategiskt mål).",
    ),
    "FocusArea": ("Målområde", "Ett målområde med sina mål, t.ex. Blomstrande näringsliv."),
    "Assignment": (
        "Särskilt uppdrag",
        "Ett särskilt uppdrag från fullmäktige, eller en punkt i en handlingsplan: som en aktivitet, "
        "med id, ansvarig, status, start, klart, beslutad, samverkan, mål och daterade rapporter.",
    ),
    "Guarantee": ("Kvalitetsgaranti", "En kvalitetsgaranti (servicegaranti) och om den uppfylls."),
    "ReportKind": (
        "Rapportens typ",
        "verksamhetsberättelse, delårsrapport, tertialrapport, återrapportering eller verksamhetsplan.",
    ),
    "ReportSettings": (
        "Rapport",
        "Vilken sorts rapport planen ger (typ) och, om den ska heta något annat än typen och året, "
        "dess rubrik (titel).",
    ),
    "SectionPlace": ("Plats", "Var avsnittet står: före, efter eller sist."),
    "Section": (
        "Avsnitt",
        "Ett avsnitt med rubrik, text (stycken skilda av tomma rader, punktlistor med '- ') och "
        "tabeller, t.ex. Viktiga händelser, Ekonomi eller Sammanfattande bedömning.",
    ),
    "Economy": (
        "Ekonomi",
        "Driftbudgeten: rader med budget, prognos och utfall per år, i tkr; summarader kontrolleras "
        "och avvikelsen räknas ut.",
    ),
    "BudgetRow": (
        "Budgetrad",
        "En rad i driftbudgeten: rubrik, budget, prognos och utfall per år, och om den är en summa "
        "(av raderna ovanför eller av sina delar).",
    ),
    "Table": (
        "Tabell",
        "En tabell med tal, t.ex. driftbudget eller utfall per verksamhet: kolumner, rader med ett "
        "värde per kolumn, enhet och kommentar.",
    ),
    "TableColumn": (
        "Kolumn",
        "En kolumn: bara rubriken (`Budget 2018`) eller {titel, skillnad: [a, b]} för en kolumn som "
        "är a − b, t.ex. Avvikelse.",
    ),
    "TableRow": (
        "Rad",
        "En rad: rubrik, ett värde per kolumn (~ för tom ruta) och om den är en summarad.",
    ),
    "Risk": (
        "Risk",
        "En rad i risk- och kontrollplanen: risk, åtgärder, kontrollinsatser, ansvar, sannolikhet och "
        "konsekvens (1–4).",
    ),
}


# --- The generator ----------------------------------------------------------------------------


class _PlanSchema(GenerateJsonSchema):
    """pydantic's generator, taught what the models' validators accept."""

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        function = _function(schema)
        qualname = getattr(function, "__qualname__", "")
        if qualname == _PERIODS_OF_UTFALL:
            raise PydanticOmit  # the period keys are in the year field's `utfall`, below
        if qualname == _YEARS_OF_UTFALL:
            return self._with_period_keys(self.generate_inner(schema["schema"]))
        kind = VALUE_KINDS.get(function)
        if kind == "word":
            return self._word_schema(function, schema["schema"])
        replacement = _BY_KIND.get(kind) if kind is not None else None
        if replacement is not None:
            return dict(replacement)
        return super().function_before_schema(schema)

    def generate_inner(self, schema: _CoreSchemaOrField) -> JsonSchemaValue:
        # A plain validator of a known kind (a period) is described by its kind, not
        # by the simpler schema the model gives it for other tools (WithJsonSchema).
        if schema["type"] == "function-plain":
            replacement = _BY_KIND.get(VALUE_KINDS.get(_function(schema), ""))
            if replacement is not None:
                return dict(replacement)
        return super().generate_inner(schema)

    @staticmethod
    def _with_period_keys(years: JsonSchemaValue) -> JsonSchemaValue:
        """The mapping of years ``years`` also taking periods of a year as its keys."""
        by_year = years.get("patternProperties", {})
        if list(by_year) != [_YEAR]:
            raise RuntimeError(f"expected a mapping of years, got {years!r}")  # a bug, as in _caseless
        return {**years, "patternProperties": {_YEAR: by_year[_YEAR], _PERIOD: by_year[_YEAR]}}

    def _word_schema(self, function: Any, inner: CoreSchema) -> JsonSchemaValue:
        nullable = inner["type"] == "nullable"
        enum_schema = inner["schema"] if nullable else inner
        enum = enum_schema["cls"]
        words = [word for variants in SWEDISH_WORDS[enum].values() for word in variants]
        codes = [member.value for member in enum]
        # Words a field accepts beside its enum's own (angiven_prognos: "bedöms uppfyllas") are
        # offered first: they are the words written there. The validator's own table says which.
        accepted = inspect.getclosurevars(function).nonlocals.get("lookup", {})
        words = [word for word in accepted if word not in words and word not in codes] + words
        schema = _words(words, codes)
        if nullable:
            schema["anyOf"].append({"type": "null"})
        return schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        keys = schema.get("keys_schema")
        if (
            keys is not None
            and keys["type"] == "function-before"
            and VALUE_KINDS.get(_function(keys)) == "year"
        ):
            values = self.generate_inner(schema["values_schema"]) if "values_schema" in schema else {}
            return {"type": "object", "patternProperties": {_YEAR: values}, "additionalProperties": False}
        return super().dict_schema(schema)

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        validators = [getattr(f, "__qualname__", "") for f in _before_validators(schema["schema"])]
        required = set(json_schema.get("required", ()))
        for key, prop in json_schema.get("properties", {}).items():
            prop.setdefault("title", key[:1].upper() + key[1:])  # hover shows it as the heading
            if _EMPTY_MEANS_ABSENT in validators and key not in required:
                json_schema["properties"][key] = _allow_null(prop)
        shorthand = next((_SHORTHANDS[name] for name in validators if name in _SHORTHANDS), None)
        if shorthand is not None:
            json_schema = _with_shorthand(json_schema, shorthand)
        return json_schema


_ANNOTATIONS = ("title", "description", "default")


def _allow_null(prop: JsonSchemaValue) -> JsonSchemaValue:
    """``prop``, also accepting ``null`` (an empty value means the key is absent)."""
    if _accepts_null(prop):
        return prop
    if isinstance(prop.get("type"), str) and "anyOf" not in prop:
        return {**prop, "type": [prop["type"], "null"]}  # the other keywords apply to their type only
    annotations = {k: v for k, v in prop.items() if k in _ANNOTATIONS}
    rest = {k: v for k, v in prop.items() if k not in _ANNOTATIONS}
    options = rest["anyOf"] if list(rest) == ["anyOf"] else [rest]
    return {**annotations, "anyOf": [*options, {"type": "null"}]}


def _accepts_null(schema: JsonSchemaValue) -> bool:
    kind = schema.get("type")
    return (
        kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or any(map(_accepts_null, schema.get("anyOf", ())))
    )


def _without_null(schema: JsonSchemaValue) -> JsonSchemaValue:
    rest = {k: v for k, v in schema.items() if k not in _ANNOTATIONS}
    if "anyOf" in rest:
        options = [s for s in rest["anyOf"] if s.get("type") != "null"]
        rest["anyOf"] = options
        if len(options) == 1 and list(rest) == ["anyOf"]:
            return dict(options[0])
    return rest


def _with_shorthand(json_schema: JsonSchemaValue, field: str) -> JsonSchemaValue:
    """A model that also accepts the bare value of ``field`` in its place."""
    annotations = {k: v for k, v in json_schema.items() if k in _ANNOTATIONS}
    mapping = {k: v for k, v in json_schema.items() if k not in _ANNOTATIONS}
    bare = _without_null(json_schema["properties"][field])
    return {**annotations, "anyOf": [bare, mapping]}


# --- Tidying the generated schema -------------------------------------------------------------

# pydantic writes constraints that follow a before-validator under their Python names.
_CONSTRAINTS = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum"}
_SUBSCHEMA_MAPS = ("$defs", "properties", "patternProperties")
_SUBSCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SUBSCHEMAS = ("items", "additionalProperties", "propertyNames", "not")


def _walk(schema: JsonSchemaValue, visit: Callable[[JsonSchemaValue], None]) -> None:
    """Call ``visit`` on ``schema`` and on every schema inside it, innermost first."""
    for key in _SUBSCHEMA_MAPS:
        for inner in schema.get(key, {}).values():
            _walk(inner, visit)
    for key in _SUBSCHEMA_LISTS:
        for inner in schema.get(key, ()):
            _walk(inner, visit)
    for key in _SUBSCHEMAS:
        if isinstance(schema.get(key), dict):
            _walk(schema[key], visit)
    visit(schema)


def _tidy(schema: JsonSchemaValue) -> None:
    for python, json_name in _CONSTRAINTS.items():
        if python in schema:
            schema[json_name] = schema.pop(python)
    if "anyOf" in schema:  # flatten anyOf inside anyOf (a nullable number, say)
        flat: list[JsonSchemaValue] = []
        for option in schema["anyOf"]:
            flat.extend(option["anyOf"] if list(option) == ["anyOf"] else [option])
        schema["anyOf"] = flat
