"""Steps shared by the journeys on the production-like site (tests/support/prodserver.py).

The page CSP forbids eval, so nothing here uses ``wait_for_function``: waits are Playwright
``expect`` assertions with timeouts, or loops on the test side. ``page.evaluate`` runs
through the DevTools protocol, which the CSP does not govern.
"""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import Page, expect

from .axe import serious_axe_violations

# The public demo logins (accounts/demo.py; printed by seed_demo, listed in the README).
DEMO_DOMAIN = "demo.careercopilot.dev"
DEMO_TOTP_SECRET = "CAREERCOPILOTDEMOTOTPSECRET23456"  # noqa: S105 - public demo secret
WORKER_TIMEOUT = 60_000  # ms: work that goes through the Celery worker

_used_codes: dict[str, set[str]] = {}


def demo_login(role: str) -> tuple[str, str]:
    return f"{role}@{DEMO_DOMAIN}", f"demo-{role}-2026!"


def totp_code(secret: str, *, account: str) -> str:
    """The authenticator code, never one ``account`` has used: the site refuses a code
    twice, so this waits for the next 30-second step when the current one is spent."""
    used = _used_codes.setdefault(account, set())
    totp = pyotp.TOTP(secret)
    code = totp.now()
    while code in used:
        time.sleep(1)
        code = totp.now()
    used.add(code)
    return code


def accessible(page: Page, what: str = "") -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    violations = serious_axe_violations(page)
    assert violations == [], f"{what or page.url}: {violations}"


def sign_in(
    page: Page, url: str, email: str, password: str, *, totp_secret: str = "", path: str = "/"
) -> None:
    """Through the sign-in form (and the authenticator step when the account has one)."""
    page.goto(f"{url}/accounts/login/?next={path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
        page.get_by_label("Code").fill(totp_code(totp_secret, account=email))
        page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(f"{url}{path}")


def active_element(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {
                tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
                id: el.id || "", text: (el.innerText || el.value || "").trim().slice(0, 80),
                checked: !!el.checked,
            };
        }"""
    )


def tab_until(page: Page, matches, *, limit: int = 80, key: str = "Tab") -> dict:
    """Presses Tab (or ``key``) until the focused element ``matches(info)``; returns it."""
    for _ in range(limit):
        page.keyboard.press(key)
        info = active_element(page)
        if matches(info):
            return info
    raise AssertionError(f"{key} never reached the element; last focused: {info}")


def focus_is_inside(page: Page, selector: str) -> bool:
    return page.evaluate(
        "(selector) => !!document.activeElement.closest(selector)", selector
    )  # a selector string, not code: the CSP is not involved


def wait_for_email(site, *, to: str, subject: str, timeout: float = 30):
    """The first message to ``to`` whose subject contains ``subject``, waiting for the
    worker to send it (the site writes mail to files: ``site.emails``)."""
    deadline = time.monotonic() + timeout
    while True:
        for message in site.emails(to=to):
            if subject in str(message["Subject"]):
                return message
        if time.monotonic() > deadline:
            sent = [str(m["Subject"]) for m in site.emails(to=to)]
            raise AssertionError(f"no email {subject!r} to {to} after {timeout}s; sent: {sent}")
        time.sleep(0.5)


def verification_link(emails, url: str) -> str:
    assert emails, "no email was sent"
    body = emails[-1].get_content()
    match = re.search(rf"{re.escape(url)}/accounts/confirm-email/\S+/", body)
    assert match, f"no confirmation link to {url} in:\n{body}"
    return match.group(0)
