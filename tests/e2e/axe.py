"""Run axe-core (vendored in `tests/e2e/vendor/axe-core/`) in a page of the app and report what
it finds against WCAG 2.1 A and AA.

`violations(page)` injects axe into the page (once per document) and returns every violation as
an `AxeViolation`; `serious(found)` keeps the ones a test must fail on (impact serious or
critical); `describe(found)` prints them with the elements concerned, for the failure message.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from tests.e2e.browser import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE_DIR = ROOT / "tests" / "e2e" / "vendor" / "axe-core"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
FAILING_IMPACTS = ("serious", "critical")

_RUN = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations'],
    });
    return result.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
        summaries: v.nodes.map(n => n.failureSummary || ''),
    }));
}"""


@dataclass(frozen=True)
class AxeViolation:
    id: str
    impact: str | None
    help: str
    targets: tuple[str, ...]
    summaries: tuple[str, ...]


@cache
def axe_source() -> str:
    """The vendored axe-core, after checking it is the pinned file."""
    data = (AXE_DIR / "axe.min.js").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != AXE_SHA256:
        raise AssertionError(
            f"{AXE_DIR / 'axe.min.js'} is not axe-core {AXE_VERSION} (sha256 {digest})"
        )
    return data.decode("utf-8")


def violations(page: Page, tags: tuple[str, ...] = WCAG_TAGS) -> list[AxeViolation]:
    """axe's violations of `tags` in the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source())
    found: list[dict[str, Any]] = page.evaluate(_RUN, list(tags))
    return [
        AxeViolation(v["id"], v["impact"], v["help"], tuple(v["targets"]), tuple(v["summaries"]))
        for v in found
    ]


def serious(found: list[AxeViolation]) -> list[AxeViolation]:
    return [v for v in found if v.impact in FAILING_IMPACTS]


def describe(found: list[AxeViolation], limit: int = 5) -> str:
    """One paragraph per violation: id, impact, what it means, the first elements concerned."""
    parts = []
    for v in found:
        lines = [f"{v.id} ({v.impact}): {v.help}; {len(v.targets)} element(s)"]
        for target, summary in list(zip(v.targets, v.summaries, strict=True))[:limit]:
            lines.append(f"  - ...{target[-140:]}: {' '.join(summary.split())[:300]}")
        parts.append("\n".join(lines))
    return "\n".join(parts)
