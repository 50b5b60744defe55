"""Shared helpers: small plans and indicators written the way planners write them."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import malstyrning

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
GOLDEN = ROOT / "tests" / "golden"
UPDATE_GOLDEN = "MALSTYRNING_UPDATE_GOLDEN"


def make_indicator(**keys: Any) -> malstyrning.Indicator:
    """An indicator from Swedish keys; ``id`` and ``titel`` are filled in."""
    data: dict[str, Any] = {"id": "i", "titel": "Indikator"}
    data.update({_swedish(k): v for k, v in keys.items()})
    return malstyrning.Indicator.model_validate(data)


def _swedish(key: str) -> str:
    # Python keyword arguments cannot carry å/ä/ö; tests write them plainly.
    return {
        "ingangsvarde": "ingångsvärde",
        "malvarde": "målvärde",
        "gransvarde": "gränsvärde",
        "jamforelse": "jämförelse",
    }.get(key, key)


def plan_text(body: str = "") -> str:
    """A minimal valid plan, with ``body`` (YAML, dedented) appended."""
    head = "plan: Verksamhetsplan 2018\norganisation: Testnämnden\nkommun: Tyresö\når: 2018\n"
    return head + textwrap.dedent(body)


def assert_matches_golden(name: str, text: str) -> None:
    """``text`` is tests/golden/``name`` byte for byte.

    With MALSTYRNING_UPDATE_GOLDEN set, the file is rewritten with ``text`` and
    the test fails saying so: a regeneration never passes as a green run, so
    the diff gets reviewed before the tests are run again without the variable.
    """
    golden = GOLDEN / name
    if os.environ.get(UPDATE_GOLDEN):
        before = golden.read_text(encoding="utf-8") if golden.exists() else None
        golden.write_text(text, encoding="utf-8")
        change = "unchanged" if before == text else "changed: review the diff"
        pytest.fail(f"{UPDATE_GOLDEN} is set: rewrote tests/golden/{name} ({change}); run again without it")
    assert text == golden.read_text(encoding="utf-8")


@pytest.fixture
def write_plan(tmp_path: Path) -> Any:
    """Write YAML text to a file and return its path."""

    def write(text: str, name: str = "plan.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="also run the tests marked slow (CI does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without --run-slow, tests marked slow are skipped, and the summary (-ra) says how to run them."""
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: only with --run-slow (CI runs them)")
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(skip)


# The default run ("quick") tries 60 examples a property, to stay well under its 90
# seconds on this 2-core machine with some 100 properties; CI loads "ci" (.ci/run sets
# HYPOTHESIS_PROFILE), 500. "thorough" searches harder still; with --run-slow it took
# 21 minutes on this 2-core machine (1,000 examples: 9), too long for every CI run.
settings.register_profile("quick", max_examples=60)
settings.register_profile("ci", max_examples=500)
settings.register_profile("thorough", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))


@pytest.fixture(autouse=True)
def _no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the default language (Swedish), whatever the developer's shell sets."""
    monkeypatch.delenv("MALSTYRNING_LANG", raising=False)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, as with ``MALSTYRNING_LANG=en`` (for tests that read English messages).

    Use it per module with ``pytestmark = pytest.mark.usefixtures("english")``.
    """
    monkeypatch.setenv("MALSTYRNING_LANG", "en")
