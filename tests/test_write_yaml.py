"""Writes at the YAML level: exactly the named value changes, or a located refusal (issue 11).

Anchors, aliases and merge keys; quoted year keys; mixed line ends; text any
YAML reader reads back; ASCII numbers; value_text parsed, never spliced; and a
property test over generated hostile plans for record, import and rollover.
"""

from __future__ import annotations

import difflib
import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import malstyrning
from conftest import plan_text
from malstyrning import OutcomeUpdate

pytestmark = pytest.mark.usefixtures("english")

LOCATED = re.compile(r"\bline \d+")


def write(tmp_path: Path, body: str, *, name: str = "2018.yaml") -> Path:
    path = tmp_path / name
    path.write_text(plan_text(body), encoding="utf-8")
    return path


SHARED = """\
verksamhetsmått:
  - id: a
    titel: A
    utfall: &u {2016: 1, 2017: 2}
  - id: b
    titel: B
    utfall: *u
"""


def test_record_on_an_aliased_utfall_is_refused_with_the_alias_line(tmp_path: Path) -> None:
    """`utfall: *u` in b: a write would change a too; refused, naming the alias's line."""
    path = write(tmp_path, SHARED)
    before = path.read_bytes()
    with pytest.raises(malstyrning.UpdateError, match=r"line 11: .*'b' is shared .*alias on line 11"):
        malstyrning.record_outcome(path, "b", 2018, 3)
    with pytest.raises(malstyrning.UpdateError, match=r"line 11: .*'a' is shared"):
        malstyrning.record_outcome(path, "a", 2018, 3)
    assert path.read_bytes() == before
    # Nothing to change is no change: the same value is fine.
    assert malstyrning.record_outcome(path, "b", 2017, 2).kind is malstyrning.UpdateKind.UNCHANGED


MERGED = """\
verksamhetsmått:
  - &bas
    id: a
    titel: A
    utfall: {2016: 1}
  - <<: *bas
    id: b
    titel: B
"""


def test_record_on_inherited_utfall_does_not_replace_it(tmp_path: Path) -> None:
    """b takes utfall from a through `<<`: a new utfall in b would hide a's; refused, located."""
    path = write(tmp_path, MERGED)
    before = path.read_bytes()
    with pytest.raises(malstyrning.UpdateError, match=r"line 10: .*'b' is taken from line 9 .*'<<'"):
        malstyrning.record_outcome(path, "b", 2018, 3)
    # a's utfall is merged into b: a change of a's outcomes would reach b too.
    with pytest.raises(malstyrning.UpdateError, match=r"line 10: .*'a' is also taken .*line 10"):
        malstyrning.record_outcome(path, "a", 2018, 3)
    assert path.read_bytes() == before


def test_record_on_a_merging_indicator_with_its_own_utfall_is_written(tmp_path: Path) -> None:
    """The docs' example: b merges a but writes its own utfall; both can be recorded."""
    path = write(tmp_path, MERGED + "    utfall: {2016: 5}\n")
    malstyrning.record_outcome(path, "a", 2018, 3)
    malstyrning.record_outcome(path, "b", 2018, 4)
    plan = malstyrning.load_plan(path)
    a, b = plan.indicators()
    assert {y: o.value for y, o in a.outcomes.items()} == {2016: 1, 2018: 3}
    assert {y: o.value for y, o in b.outcomes.items()} == {2016: 5, 2018: 4}


def test_a_year_value_that_is_an_alias_is_replaced_where_the_alias_stands(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        verksamhetsmått:
          - {id: a, titel: A, utfall: {2016: &v 7}}
          - {id: b, titel: B, utfall: {2016: *v}}
        """,
    )
    malstyrning.record_outcome(path, "b", 2016, 9, replace=True)
    assert "utfall: {2016: &v 7}" in path.read_text(encoding="utf-8")
    assert "utfall: {2016: 9}" in path.read_text(encoding="utf-8")
    # At the anchor, the alias would change too: refused.
    path.write_text(path.read_text(encoding="utf-8").replace("{2016: 9}", "{2016: *v}"), encoding="utf-8")
    with pytest.raises(malstyrning.UpdateError, match=r"line 7: .*'a' is shared .*alias on line 7"):
        malstyrning.record_outcome(path, "a", 2016, 1, replace=True)


ALIASED_ACTIVITIES = """\
målområden:
  - titel: A
    mål:
      - titel: M
        bedömning: &b helt uppfyllt
        aktiviteter:
          - &a {titel: X, status: pågående}
          - *a
          - {titel: Y, status: &s genomförd}
          - {titel: Z, status: *s}
      - titel: N
        bedömning: *b
verksamhetsmått:
  - &bas
    id: a
    titel: A
    ingångsvärde: {värde: 1, år: 2015}
    utfall: {2016: 1}
  - <<: *bas
    id: b
    titel: B
    utfall: {'2016': 2, '2017': 3}
"""


def test_rollover_of_aliases_and_merge_keys(tmp_path: Path) -> None:
    """No AssertionError: shared activities reset once, alias values replaced at the alias,
    an inherited starting value given its own, quoted year keys read."""
    path = write(tmp_path, ALIASED_ACTIVITIES)
    result = malstyrning.rollover(path, to=2019)
    new = malstyrning.load_plan(result.path)
    a, b = new.indicators()
    assert a.baseline is not None
    assert (a.baseline.value, a.baseline.year) == (1, 2016)
    assert b.baseline is not None
    assert (b.baseline.value, b.baseline.year) == (3, 2017)
    goals = [g for area in new.areas for g in area.goals]
    assert all(g.stated_assessment is None for g in goals)
    statuses = [act.status for g in goals for act in g.activities]
    assert statuses == [malstyrning.ActivityStatus.NOT_STARTED] * 4


def test_rollover_refuses_an_anchor_it_would_remove(tmp_path: Path) -> None:
    """A goal's kommentar holds an anchor an indicator uses: removing it is refused, located."""
    path = write(
        tmp_path,
        """\
        målområden:
          - titel: A
            mål:
              - titel: M
                kommentar: &k Enkät
        verksamhetsmått:
          - {id: a, titel: A, källa: *k}
        """,
    )
    with pytest.raises(malstyrning.UpdateError, match=r"line 9: .*alias on line 11"):
        malstyrning.rollover(path, to=2019)
    assert not (tmp_path / "2019.yaml").exists()


def test_quoted_year_keys(tmp_path: Path) -> None:
    """`'2016': 1`: record --replace finds the year; rollover reads it."""
    path = write(tmp_path, "verksamhetsmått:\n  - id: a\n    titel: A\n    utfall:\n      '2016': 1\n")
    result = malstyrning.record_outcome(path, "a", 2016, 5, replace=True)
    assert (result.kind, result.old) == (malstyrning.UpdateKind.CHANGED, "1")
    assert "'2016': 5" in path.read_text(encoding="utf-8")
    rolled = malstyrning.load_plan(malstyrning.rollover(path, to=2019).path)
    baseline = rolled.indicators()[0].baseline
    assert baseline is not None
    assert (baseline.value, baseline.year) == (5, 2016)


def test_mixed_line_ends_are_kept_per_line(tmp_path: Path) -> None:
    """A file with CRLF and LF lines keeps each line's end; a new line takes its neighbour's."""
    text = plan_text("verksamhetsmått:\n  - id: a\n    titel: A\n    utfall:\n      2016: 1\n")
    lines = text.splitlines(keepends=True)
    mixed = "".join(line.replace("\n", "\r\n") if i % 2 else line for i, line in enumerate(lines))
    path = tmp_path / "2018.yaml"
    path.write_bytes(mixed.encode("utf-8"))
    malstyrning.record_outcome(path, "a", 2017, 2)
    after = path.read_bytes().decode("utf-8")
    assert after.startswith(mixed)  # every byte before kept, the LF lines too
    assert after[len(mixed) :] == "      2017: 2" + ("\r\n" if mixed.endswith("\r\n") else "\n")


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\x07", "\u200b", "\ufeff", "\x7f"])
def test_text_reads_back_identically_in_every_reader(tmp_path: Path, char: str) -> None:
    """A kommentar or saknas with NEL, LS, PS or a non-printing character comes back as written."""
    path = write(tmp_path, "verksamhetsmått:\n  - {id: a, titel: A}\n")
    comment = f"före{char}efter"
    malstyrning.record_outcome(path, "a", 2016, 1, comment=comment)
    malstyrning.record_outcome(path, "a", 2017, missing=comment)
    text = path.read_text(encoding="utf-8")
    assert char not in text.split("verksamhetsmått")[1]  # escaped, not raw
    outcomes = malstyrning.load_plan(path).indicators()[0].outcomes
    assert (outcomes[2016].comment, outcomes[2017].missing) == (comment, comment)
    for loaded in (YAML(typ="safe", pure=True).load(text), yaml.safe_load(text)):
        utfall = loaded["verksamhetsmått"][0]["utfall"]
        assert (utfall[2016]["kommentar"], utfall[2017]["saknas"]) == (comment, comment)


def test_numbers_are_written_in_ascii(tmp_path: Path) -> None:
    """A value typed in Arabic-Indic digits is written with ASCII digits."""
    path = write(tmp_path, "verksamhetsmått:\n  - {id: a, titel: A}\n")
    malstyrning.record_outcome(path, "a", 2016, 3.5, value_text="٣.٥")
    text = path.read_text(encoding="utf-8")
    assert "utfall: {2016: 3.5}" in text
    assert text.split("verksamhetsmått")[1].isascii()
    assert yaml.safe_load(text)["verksamhetsmått"][0]["utfall"] == {2016: 3.5}


@pytest.mark.parametrize(
    "value_text", ["1, 2019: 666", "1}\n2019: 666", "1 # x", "&a 1", "2", "0x1", "1e0", "yes", "'1', 2"]
)
def test_value_text_is_parsed_never_spliced(tmp_path: Path, value_text: str) -> None:
    """value_text that is not the value as one YAML scalar is refused; nothing is written."""
    path = write(tmp_path, "verksamhetsmått:\n  - {id: a, titel: A, utfall: {2016: 1}}\n")
    before = path.read_bytes()
    with pytest.raises(malstyrning.InvalidArgumentError, match="value_text"):
        malstyrning.record_outcome(path, "a", 2018, 1, value_text=value_text)
    assert path.read_bytes() == before


@pytest.mark.parametrize("value_text", ["1", "1.00", "'1'", '"1,0"', "'1 000'"])
def test_value_text_in_a_notation_the_plan_reads_is_kept(tmp_path: Path, value_text: str) -> None:
    path = write(tmp_path, "verksamhetsmått:\n  - {id: a, titel: A}\n")
    value = 1000.0 if "000" in value_text else 1.0
    malstyrning.record_outcome(path, "a", 2018, value, value_text=value_text)
    assert f"2018: {value_text}" in path.read_text(encoding="utf-8")


def test_large_and_small_numbers_read_back_in_yaml_1_1_too() -> None:
    for value in (1e20, 1e-05, -2.5e300, 123456789012345678.0):
        written = malstyrning.number_text(value)
        assert yaml.safe_load(written) == value
        assert YAML(typ="safe", pure=True).load(written) == value


# --- The proof: generated hostile plans ------------------------------------------------------

ODD = "\x85\u2028\u2029\u200b\ufeff\x07\t\u00a0é#:'\"{}[],&*!|>%@`-? \\"
ODD_TEXT = st.text(
    alphabet=st.sampled_from(list(string.ascii_letters[:6] + ODD)), min_size=1, max_size=8
).filter(lambda s: s.strip() != "")


@st.composite
def hostile_plans(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A valid plan text using anchors, aliases, merge keys, quoted keys, flow style,
    CRLF or mixed line ends and odd Unicode; and its indicator ids."""
    count = draw(st.integers(1, 4))
    lines = ["plan: Verksamhetsplan 2018", "organisation: Test", "år: 2018"]
    goals_lines = ["målområden:", "  - titel: A", "    mål:", "      - titel: M"]
    if draw(st.booleans()):
        goals_lines.append(
            "        bedömning: &b helt uppfyllt"
            if draw(st.booleans())
            else "        bedömning: helt uppfyllt"
        )
    goals_lines.append("        aktiviteter:")
    goals_lines.append("          - &akt {titel: X, status: pågående}")
    if draw(st.booleans()):
        goals_lines.append("          - *akt")
    goals_lines.append("          - titel: Y")
    goals_lines.append("            status: &st genomförd")
    goals_lines.append("          - {titel: Z, status: *st}")
    if any("&b" in line for line in goals_lines):
        goals_lines += ["      - titel: N", "        bedömning: *b"]
    lines += goals_lines
    lines.append("verksamhetsmått:")
    ids = []
    for n in range(count):
        ident = f"i{n}"
        ids.append(ident)
        style = draw(st.sampled_from(["block", "flow", "merge", "alias-utfall"] if n else ["block", "flow"]))
        years = draw(st.lists(st.integers(2014, 2018), unique=True, max_size=3))
        quoted = draw(st.booleans())

        def key(year: int, quoted: bool = quoted) -> str:
            return f"'{year}'" if quoted else str(year)

        comment = draw(ODD_TEXT)
        if style == "flow":
            utfall = ", ".join(f"{key(y)}: {y - 2000}" for y in years)
            lines.append(
                f"  - {{id: {ident}, titel: T{n}, kommentar: {_quoted(comment)}, utfall: {{{utfall}}}}}"
            )
        elif style == "block":
            lines += [
                f"  - &ind{n}",
                f"    id: {ident}",
                f"    titel: T{n}",
                f"    kommentar: {_quoted(comment)}",
            ]
            if years:
                lines.append(f"    utfall: &u{n}")
                for y in years:
                    value = f"&v{n}_{y} {y - 2000}" if draw(st.booleans()) else str(y - 2000)
                    lines.append(f"      {key(y)}: {value}")
        elif style == "merge":
            lines += [f"  - <<: *ind{_previous_block(lines)}", f"    id: {ident}", f"    titel: T{n}"]
            if draw(st.booleans()):
                lines.append(f"    utfall: {{{key(2017)}: 5}}")
        else:
            target = _previous_utfall(lines)
            lines += [f"  - id: {ident}", f"    titel: T{n}"]
            if target is not None:
                lines.append(f"    utfall: *u{target}")
    ends = draw(st.sampled_from(["lf", "crlf", "mixed"]))
    out = []
    for line in lines:
        end = "\n" if ends == "lf" or (ends == "mixed" and draw(st.booleans())) else "\r\n"
        out.append(line + end)
    return "".join(out), ids


def _quoted(text: str) -> str:
    from malstyrning._edit._nodes import double_quoted

    return double_quoted(text)


def _previous_block(lines: list[str]) -> int:
    found = [int(line.split("&ind")[1]) for line in lines if line.startswith("  - &ind")]
    return found[-1] if found else 0


def _previous_utfall(lines: list[str]) -> int | None:
    found = [int(line.split("&u")[1]) for line in lines if "utfall: &u" in line]
    return found[-1] if found else None


def _usable(text: str) -> malstyrning.Plan | None:
    try:
        return malstyrning.loads_plan(text.replace("\r\n", "\n"))
    except malstyrning.PlanError:
        return None


def _check(before: bytes, after: bytes, expected: malstyrning.Plan, path: Path, ident: str) -> None:
    """The re-read plan is ``expected``, and every changed byte lies within the
    indicator ``ident``'s own lines: the bytes outside the change are the old ones."""
    assert malstyrning.load_plan(path) == expected
    if before == after:  # the value was there already: nothing written
        return
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    at = before.index(f"id: {ident}".encode())
    start = before.rindex(b"\n  - ", 0, at) + 1
    following = re.search(rb"\n(  - |\S)", before[at:])
    end = at + following.start() + 1 if following else len(before)
    # Where an insertion is placed among equal bytes is ambiguous: a line of slack each way.
    start = before.rfind(b"\n", 0, max(start - 1, 0)) + 1
    end = len(before) if end == len(before) else before.find(b"\n", end) + 1 or len(before)
    assert start <= head
    assert len(before) - tail <= end


def _span(before: bytes, ident: str) -> tuple[int, int]:
    """The lines (0-based, end exclusive) of the indicator ``ident``, with a line of slack each way."""
    lines = before.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if f"id: {ident}".encode() in line)
    start = max(i for i in range(at + 1) if lines[i].startswith(b"  - "))
    end = next((i for i in range(at + 1, len(lines)) if re.match(rb"  - |\S", lines[i])), len(lines))
    return max(start - 1, 0), min(end + 1, len(lines))


def _changed_lines(before: bytes, after: bytes) -> list[tuple[int, int]]:
    """The ranges of ``before``'s lines that differ in ``after`` (an insertion: an empty range)."""
    matcher = difflib.SequenceMatcher(
        None, before.splitlines(keepends=True), after.splitlines(keepends=True), autojunk=False
    )
    return [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"]


def _only_within(before: bytes, after: bytes, spans: list[tuple[int, int]]) -> None:
    """Every line of ``before`` that ``after`` changes (and every insertion) lies in one of ``spans``:
    the bytes outside the change, line ends included, are the old ones."""
    allowed = {line for start, end in spans for line in range(start, end)}
    for i1, i2 in _changed_lines(before, after):
        # A replaced line must be allowed; an insertion, next to an allowed line.
        lines = range(i1, i2) if i2 > i1 else [i1 - 1, i1]
        assert all(n in allowed for n in lines) if i2 > i1 else any(n in allowed for n in lines), (i1, i2)


def _expected_after(plan: malstyrning.Plan, updates: list[OutcomeUpdate]) -> malstyrning.Plan:
    from malstyrning._edit._expect import map_plan

    def indicator(item: malstyrning.Indicator) -> malstyrning.Indicator:
        outcomes = dict(item.outcomes)
        for update in updates:
            if update.indicator == item.id:
                outcomes[update.year] = malstyrning.Outcome.model_validate(
                    {"värde": update.value, "saknas": update.missing, "kommentar": update.comment}
                )
        return item.model_copy(update={"outcomes": outcomes})

    return map_plan(plan, indicator=indicator)


def _refused_with_a_line(error: malstyrning.MalstyrningError) -> None:
    assert isinstance(error, malstyrning.UpdateError)
    assert not isinstance(error, malstyrning.OutcomeExistsError)
    assert LOCATED.search(str(error)), str(error)


@settings(
    max_examples=max(30, settings().max_examples // 3),  # the CI profile: five times as many
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    case=hostile_plans(),
    data=st.data(),
)
def test_every_write_changes_exactly_the_named_values_or_refuses_located(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, list[str]], data: Any
) -> None:
    """record, import (apply_updates) and rollover on generated hostile plans: a located
    refusal, or the re-read plan is the expected one and every byte outside the change is kept."""
    text, _ = case
    plan = _usable(text)
    if plan is None:
        return  # the generator made something the reader refuses: nothing to write into
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "2018.yaml"
    data_bytes = text.encode("utf-8")
    path.write_bytes(data_bytes)
    known = [i.id for i in plan.indicators()]

    # record
    ident = data.draw(st.sampled_from(known))
    year = data.draw(st.integers(2014, 2019))
    comment = data.draw(st.none() | ODD_TEXT)
    update = OutcomeUpdate(ident, year, value=data.draw(st.integers(-5, 50)), comment=comment)
    try:
        malstyrning.record_outcome(path, ident, year, update.value, comment=comment, replace=True)
    except malstyrning.MalstyrningError as error:
        _refused_with_a_line(error)
        assert path.read_bytes() == data_bytes
    else:
        _check(data_bytes, path.read_bytes(), _expected_after(plan, [update]), path, ident)

    # import: several updates at once
    path.write_bytes(data_bytes)
    updates = []
    for _ in range(data.draw(st.integers(1, 3))):
        where = (data.draw(st.sampled_from(known)), data.draw(st.integers(2014, 2019)))
        comment = data.draw(st.none() | ODD_TEXT)
        if data.draw(st.booleans()):
            updates.append(OutcomeUpdate(*where, value=data.draw(st.integers(0, 9)), comment=comment))
        else:
            updates.append(OutcomeUpdate(*where, missing=data.draw(ODD_TEXT), comment=comment))
    try:
        malstyrning.apply_updates(path, updates)
    except malstyrning.MalstyrningError as error:
        _refused_with_a_line(error)
        assert path.read_bytes() == data_bytes
    else:
        assert malstyrning.load_plan(path) == _expected_after(plan, updates)
        _only_within(data_bytes, path.read_bytes(), [_span(data_bytes, u.indicator) for u in updates])

    # rollover
    path.write_bytes(data_bytes)
    try:
        result = malstyrning.rollover(path, to=2019)
    except malstyrning.MalstyrningError as error:
        _refused_with_a_line(error)
        assert not (folder / "2019.yaml").exists()
    else:
        new = malstyrning.load_plan(result.path)
        assert new.year == 2019
        for old, rolled in zip(plan.indicators(), new.indicators(), strict=True):
            assert rolled.outcomes == old.outcomes
            latest = max((y for y, o in old.outcomes.items() if o.value is not None), default=None)
            if latest is not None:
                assert rolled.baseline is not None
                assert (rolled.baseline.value, rolled.baseline.year) == (old.outcomes[latest].value, latest)
            else:
                assert rolled.baseline == old.baseline
        assert path.read_bytes() == data_bytes
        # What rollover changes: the year and title, each indicator (its ingångsvärde),
        # activity statuses and stated bedömningar; every other line is kept as it was.
        lines = data_bytes.decode("utf-8").splitlines()
        edited = re.compile(r"^(plan|år):|status:|bedömning:")
        spans = [_span(data_bytes, i.id) for i in plan.indicators()]
        spans += [(n, n + 1) for n, line in enumerate(lines) if edited.search(line)]
        _only_within(data_bytes, result.path.read_bytes(), spans)
