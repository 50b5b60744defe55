"""The JSON Schema of the plan format: in step with the models, and accepting what the loader accepts."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from typer.testing import CliRunner

import malstyrning
from conftest import PLANS, ROOT, plan_text
from malstyrning._cli import app
from malstyrning._load import round_trip_yaml
from malstyrning._model._numbers import NumberFormatError, parse_number
from malstyrning._model._plan import FORECAST_WORDS
from malstyrning._model._schema import known_validator, plan_schema

pytestmark = pytest.mark.usefixtures("english")  # these tests read the English messages

SHIPPED = ROOT / "schema" / "plan.schema.json"
SCHEMA = plan_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_editor_sees_it(text: str) -> Any:
    """The YAML as JSON, as an editor validates it: mapping keys become strings (2017 → "2017")."""
    return json.loads(json.dumps(round_trip_yaml().load(text)))


def schema_errors(text: str) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(as_editor_sees_it(text))]


def test_shipped_schema_is_the_generated_one() -> None:
    """schema/plan.schema.json is plan_schema(); after a model change, regenerate it with
    `malstyrning schema -o schema/plan.schema.json`."""
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == SCHEMA, (
        "schema/plan.schema.json is stale: run malstyrning schema -o schema/plan.schema.json"
    )


def test_schema_is_a_valid_draft_2020_12_schema_with_an_id() -> None:
    """The meta-schema accepts it; it names its draft, its $id, and a Swedish title."""
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].endswith("/plan.schema.json")
    assert SCHEMA["title"] == "Verksamhetsplan"
    assert SCHEMA["required"] == ["plan", "organisation", "år"]
    assert SCHEMA["additionalProperties"] is False


@pytest.mark.parametrize("plan", ["2017.yaml", "2018.yaml", "2016-delar.yaml"])
def test_shipped_plans_validate(plan: str) -> None:
    """The real plans pass the schema, as they pass the loader."""
    assert schema_errors((PLANS / plan).read_text(encoding="utf-8")) == []


SHORTHANDS = plan_text("""\
    kolada_kommun: 138
    regler: {metod: Måluppfyllelse, nära: "0,75", trend: FÖREGÅENDE}
    rapporter:
      - {id: tertial, namn: Tertialrapport, period: 2018-t1, datum: 2018-05-31}
      - {id: delår, namn: Delårsrapport, period: "2018-T2"}
      - {id: år, namn: Verksamhetsberättelse, period: 2018, datum: 2019-02-28}
    målområden:
      - titel: A
        beskrivning:
        mål:
          - titel: G
            typ: "Strategiskt  Mål"
            bedömning: i hög grad uppfyllt
            angiven_prognos: Bedöms  i hög grad uppfyllas
            vikt: "1,5"
            aktiviteter:
              - Ett möte i månaden
              - {titel: Enkät, status: Pågående, klart: 2018-06-30, ansvarig: Anna}
            indikatorer:
              - id: i
                titel: I
                enhet: "%"
                riktning: Minska
                kolada: N00914
                ingångsvärde: "3,20 %"
                målvärde: {värde: 3, år: "2018"}
                tolerans: "0,1"
                utfall:
                  2015: 3.2
                  "2016": "3,4"
                  2017: {saknas: Ingen statistik}
                  2018-T1: "3,3"
                  2018-h1: {värde: 3.1}
                  2018-K3: {saknas: Ingen mätning}
                  2018-09: 3
                periodvärde: Läge
                prognos: {2018: "2,9", "2019": {värde: 2.8, kommentar: Enligt plan}}
                jämförelse:
                  riket: {2017: "7,5"}
                kommentar:
              - id: j
                titel: J
                riktning: increase
                ingångsvärde: "1 164"
                målvärde: "-1 684"
                kolada: {kpi: N00945, kön: K, kommun: "0180"}
    uppdrag:
      - {titel: U, status: genomförd}
    kvalitetsgarantier:
      - {titel: K, uppfylld: Ja}
      - {titel: L, uppfylld: false}
    verksamhetsmått:
      - {id: m, titel: M, utfall: {2017: 5}, vikt: 2}
      - id: n
        titel: N
        periodvärde: ackumulerat
        utfall: {2018-Q1: 12, 2018 - T 2: 30}
        prognos: {2018: 50}
    risker:
      - {risk: R, sannolikhet: 2, konsekvens: 4}
    """)


def test_shorthands_the_loader_accepts_validate() -> None:
    """Bare numbers, Swedish notation, string activities and kolada ids, quoted years, periods in
    utfall and rapporter, bare forecasts, words in any case (angiven_prognos's own words too),
    ja/nej, empty optional keys: all valid plans, so all valid against the schema."""
    malstyrning.loads_plan(SHORTHANDS)  # the loader's word
    assert schema_errors(SHORTHANDS) == []


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("målområden:\n  - titel: A\n    typo: x\n", ["målområden"]),
        ("målområden:\n  - titel: ''\n", ["målområden"]),
        ("verksamhetsmått:\n  - {id: m, titel: M, riktning: upp}\n", ["verksamhetsmått", 0]),
        ("verksamhetsmått:\n  - {id: m, titel: M, ingångsvärde: '1.164'}\n", ["verksamhetsmått", 0]),
        ("verksamhetsmått:\n  - {id: m, titel: M, utfall: {20017: 5}}\n", ["verksamhetsmått", 0]),
        ("verksamhetsmått:\n  - {id: m, titel: M, utfall: {2018-T4: 5}}\n", ["verksamhetsmått", 0]),
        ("verksamhetsmått:\n  - {id: m, titel: M, utfall: {2018-13: 5}}\n", ["verksamhetsmått", 0]),
        ("verksamhetsmått:\n  - {id: m, titel: M, prognos: {2018-T2: 5}}\n", ["verksamhetsmått", 0]),
        ("verksamhetsmått:\n  - {id: m, titel: M, periodvärde: summa}\n", ["verksamhetsmått", 0]),
        (
            "målområden:\n  - titel: A\n    mål:\n      - {titel: G, angiven_prognos: bedöms kanske}\n",
            ["målområden"],
        ),
        ("rapporter:\n  - {id: x, namn: X, period: 2018-T9}\n", ["rapporter", 0]),
        ("rapporter:\n  - {id: x, namn: X}\n", ["rapporter", 0]),
        ("verksamhetsmått:\n  - {titel: M}\n", ["verksamhetsmått", 0]),
        ("risker:\n  - {risk: R, sannolikhet: 5}\n", ["risker", 0, "sannolikhet"]),
        ("kvalitetsgarantier:\n  - {titel: K, uppfylld: yes}\n", ["kvalitetsgarantier", 0]),
        ("kolada_kommun: '138'\n", ["kolada_kommun"]),
    ],
)
def test_schema_refuses_what_the_loader_refuses(body: str, where: list[Any]) -> None:
    """Unknown keys, empty titles, unknown words, the ambiguous "1.164", impossible years, missing ids,
    scores above 4, YAML 1.1 booleans and three-digit municipality ids fail in the editor too."""
    text = plan_text(body)
    with pytest.raises(malstyrning.PlanValidationError):
        malstyrning.loads_plan(text)
    paths = [
        list(error.absolute_path) for error in _all_errors(VALIDATOR.iter_errors(as_editor_sees_it(text)))
    ]
    assert paths
    assert max(paths, key=len)[: len(where)] == where


def _all_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """Errors with those inside them (the options of an anyOf that did not match)."""
    for error in errors:
        yield error
        yield from _all_errors(error.context or ())


NUMBER_SAMPLES = [
    "3,7", "3,20 %", "3,20%", "85,00%", "1 164", "-1 684", "\u22121 684", "\u20131 684", "+5",
    "12 345 678,9", "1\u00a0164", "1\u202f164", " 7 ", "1.164", "1,164.5", "12,", "3,2,1", "1 16",
    "1234 567", "1  164", ",5", "1e3", "tvåhundra", "", "%", "5 %%",
]  # fmt: skip


@pytest.mark.parametrize("text", NUMBER_SAMPLES)
def test_number_pattern_agrees_with_the_parser(text: str) -> None:
    """A string is a number in the schema exactly when parse_number reads it (docs/plan-format.md)."""
    try:
        parse_number(text)
        accepted = True
    except NumberFormatError:
        accepted = False
    value_point = Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": "#/$defs/ValuePoint"})
    assert value_point.is_valid(text) == accepted


PERIOD_SAMPLES = [
    "2018-T1", "2018-t3", "2018-T01", "2018 - T 2", "2018-H2", "2018-Q4", "2018-K4", "2018-k1", "2018-05",
    "2018-5", "2018-12", " 2018-01 ", "2200-12", "1900-T1", "2018", "02018", "2018-T4", "2018-T0",
    "2018-H3", "2018-Q5", "2018-K0", "2018-13", "2018-00", "2018-012", "2018-M5", "2018-W1", "2018T1",
    "2018-", "18-T1", "1899-T3", "2201-01", "20017", "2018-T1-T2",
]  # fmt: skip


@pytest.mark.parametrize("text", PERIOD_SAMPLES)
def test_utfall_keys_agree_with_the_loader(text: str) -> None:
    """A text key of `utfall` (a year, or a period such as 2018-T1) is valid in the schema exactly
    when the loader reads it; and a report's `period` takes the same texts."""
    utfall = plan_text(f'verksamhetsmått:\n  - {{id: m, titel: M, utfall: {{"{text}": 5}}}}\n')
    report = plan_text(f'rapporter:\n  - {{id: r, namn: R, period: "{text}"}}\n')
    try:
        malstyrning.loads_plan(utfall)
        accepted = True
    except malstyrning.PlanValidationError:
        accepted = False
    assert (schema_errors(utfall) == []) == accepted
    try:
        malstyrning.loads_plan(report)
        accepted = True
    except malstyrning.PlanValidationError:
        accepted = False
    assert (schema_errors(report) == []) == accepted


def test_every_word_of_a_field_validates() -> None:
    """Each word the loader accepts for angiven_prognos (its own words and the goal labels), in any
    case, is valid in the schema; the words it offers for completion start with its own."""
    words = [w for variants in FORECAST_WORDS.values() for w in variants]
    for word in [*words, "helt uppfyllt", "ej bedömd", "fully"]:
        text = plan_text(
            f"målområden:\n  - titel: A\n    mål:\n      - {{titel: G, angiven_prognos: {word.upper()}}}\n"
        )
        malstyrning.loads_plan(text)
        assert schema_errors(text) == [], word
    offered = SCHEMA["$defs"]["Goal"]["properties"]["angiven_prognos"]["anyOf"][0]["enum"]
    assert offered[: len(words)] == words


def test_every_definition_has_a_swedish_title_and_description_and_every_key_a_description() -> None:
    """Hover help in Swedish: each definition and each key says what it is."""
    from malstyrning._model._schema import _SWEDISH

    definitions = {"Plan": SCHEMA, **SCHEMA["$defs"]}
    for name, definition in definitions.items():
        assert (definition["title"], definition["description"]) == _SWEDISH[name], name
        for key, prop in _properties(definition):
            assert prop.get("description"), f"{name}.{key}"


def _properties(definition: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for option in [definition, *definition.get("anyOf", ())]:
        yield from option.get("properties", {}).items()


def test_every_validator_of_the_models_is_known_to_the_schema() -> None:
    """A new before-validator (a new shorthand, say) must be taught to the schema, or the schema
    might refuse plans the loader accepts."""
    unknown = sorted(
        getattr(function, "__qualname__", repr(function))
        for function in _before_validators(malstyrning.Plan.__pydantic_core_schema__)
        if not known_validator(function)
    )
    assert unknown == []


def _before_validators(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):
        if node.get("type") == "function-before":
            function = node["function"]["function"]
            yield getattr(function, "__func__", function)
        for value in node.values():
            yield from _before_validators(value)
    elif isinstance(node, list):
        for value in node:
            yield from _before_validators(value)


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        yield from node.get("patternProperties", {})
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to compile ECMAScript patterns")
def test_patterns_are_valid_ecmascript_unicode_regular_expressions() -> None:
    """Editors run the patterns as JavaScript regular expressions (with the u flag)."""
    patterns = sorted(set(_patterns(SCHEMA)))
    script = "const ps = JSON.parse(process.argv[1]);\n"
    script += "for (const p of ps) new RegExp(p, 'u');\nconsole.log(ps.length)"
    result = subprocess.run(
        ["node", "-e", script, json.dumps(patterns)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(patterns)


runner = CliRunner()


def test_cli_prints_the_schema() -> None:
    """`malstyrning schema` prints the JSON, Swedish letters as they are."""
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    assert '"målområden"' in result.stdout
    assert result.stdout == SHIPPED.read_text(encoding="utf-8")


def test_cli_writes_the_schema_to_a_file(tmp_path: Path) -> None:
    """-o FILE writes the same JSON and says so; a folder that does not exist is exit 2."""
    target = tmp_path / "plan.schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert result.stdout == f"wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == SCHEMA
    missing = runner.invoke(app, ["schema", "--output", str(tmp_path / "no" / "such.json")])
    assert missing.exit_code == 2
    assert "no such folder" in missing.stderr


@pytest.mark.parametrize("text", [SHORTHANDS, (PLANS / "2018.yaml").read_text(encoding="utf-8")])
def test_schema_works_in_draft_7_editors_too(text: str) -> None:
    """Editors that know only draft 7 read the schema the same way: no keyword in it changed meaning."""
    from jsonschema import Draft7Validator

    assert list(Draft7Validator(SCHEMA).iter_errors(as_editor_sees_it(text))) == []
    wrong = as_editor_sees_it(text.replace("riktning: minska", "riktning: upp").replace("Minska", "upp"))
    assert not Draft7Validator(SCHEMA).is_valid(wrong)
