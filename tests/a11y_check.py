"""axe-core's accessibility checks of HTML pages, for tests to call.

``axe_violations(paths)`` runs tests/a11y/axe.mjs under node: each page is opened
in headless Chromium at 390 and 1280 px wide and checked against WCAG 2.0/2.1 A
and AA (colour contrast included). The calling test is skipped, saying why, when
node, the npm packages (``npm ci --prefix tests/a11y``) or Chromium are missing;
CI installs them (.ci/run). docs/accessibility.md tells how to run it by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

A11Y = Path(__file__).resolve().parent / "a11y"
SCRIPT = A11Y / "axe.mjs"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
WIDTHS = ("390", "1280")

# {page path: {width: [violation, ...]}}, a violation being axe's
# {"id", "impact", "help", "nodes": [{"target", "html", "summary"}]}.
Violations = dict[str, dict[str, list[dict[str, Any]]]]


def axe_available() -> str | None:
    """Why axe cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed (the accessibility checks run axe-core under node)"
    if not all((A11Y / "node_modules" / package).is_dir() for package in ("axe-core", "puppeteer-core")):
        return "axe-core is not installed: run npm ci --prefix tests/a11y"
    if not CHROMIUM.exists():
        return f"the accessibility checks need Chromium at {CHROMIUM} (CI installs it)"
    return None


def axe_run(paths: Iterable[Path]) -> dict[str, Any]:
    """The script's whole JSON answer for ``paths``; skips the test when axe cannot run."""
    why = axe_available()
    if why:
        pytest.skip(why)
    pages = [str(Path(path).resolve()) for path in paths]
    done = subprocess.run(
        ["node", str(SCRIPT), *pages],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
        env={**os.environ, "CHROMIUM": str(CHROMIUM)},
    )
    assert done.returncode == 0, f"axe.mjs failed ({done.returncode}):\n{done.stderr[-3000:]}"
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def axe_violations(paths: Iterable[Path]) -> Violations:
    """axe-core's violations on each page at each width: ``{path: {"390": [...], "1280": [...]}}``,
    the paths as given (resolved). Every list empty means the pages pass."""
    return violations_in(axe_run(paths))


def violations_in(answer: dict[str, Any]) -> Violations:
    """The violations of an :func:`axe_run` answer, by page and width."""
    return {
        page: {width: list(result["violations"]) for width, result in widths.items()}
        for page, widths in answer["pages"].items()
    }


def undecided_in(answer: dict[str, Any]) -> set[str]:
    """The rules axe could not decide on some element of some page (its "incomplete")."""
    results = [result for widths in answer["pages"].values() for result in widths.values()]
    return {rule for result in results for rule in result["needs_review"]}


def describe(violations: Violations) -> str:
    """The violations, one line each with the elements they were found on, for an assert message."""
    lines = []
    for page, widths in violations.items():
        for width, found in widths.items():
            for violation in found:
                where = f"{Path(page).name} at {width} px"
                lines.append(f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}")
                lines.extend(
                    f"    {' '.join(node['target'])}: {node['html'][:160]}" for node in violation["nodes"][:5]
                )
    return "\n".join(lines)
