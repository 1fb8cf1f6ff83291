"""Runs axe-core (vendored in tests/e2e/assets/axe-core, MPL-2.0) inside the page."""

from pathlib import Path

from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parent / "assets" / "axe-core" / "axe.min.js"


def serious_axe_violations(page: Page) -> list[str]:
    # evaluate() runs through the DevTools protocol, so the page CSP does not block it.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
