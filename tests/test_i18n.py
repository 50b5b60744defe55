"""One language per run: the choice of language for messages."""

from __future__ import annotations

import threading

import pytest

import malstyrning
from malstyrning._i18n import tr


def test_swedish_by_default() -> None:
    assert malstyrning.current_language() == "sv"
    assert tr("a {x}", "ett {x}", x=1) == "ett 1"


def test_the_environment_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALSTYRNING_LANG", "en")
    assert tr("a {x}", "ett {x}", x=1) == "a 1"
    monkeypatch.setenv("MALSTYRNING_LANG", "fr")  # not a language we speak: the default
    assert malstyrning.current_language() == "sv"


def test_use_language_wins_over_the_environment_and_is_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALSTYRNING_LANG", "sv")
    with malstyrning.use_language("en"):
        assert tr("yes", "ja") == "yes"
        with malstyrning.use_language("sv"):
            assert tr("yes", "ja") == "ja"
        assert tr("yes", "ja") == "yes"
    assert tr("yes", "ja") == "ja"


def test_a_thread_keeps_its_own_language() -> None:
    seen: list[str] = []
    with malstyrning.use_language("en"):
        thread = threading.Thread(target=lambda: seen.append(malstyrning.current_language()))
        thread.start()
        thread.join()
    assert seen == ["sv"]


def test_an_unknown_language_is_refused() -> None:
    with (
        pytest.raises(malstyrning.InvalidArgumentError, match="'sv' eller 'en'"),
        malstyrning.use_language("fr"),  # type: ignore[arg-type]
    ):
        pass
