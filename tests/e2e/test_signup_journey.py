import re

from playwright.sync_api import Page, expect

from .axe import serious_axe_violations

PASSWORD = "Correct-Horse-Battery-42"


def _verification_link(mailoutbox) -> str:
    assert mailoutbox, "no verification email was sent"
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body)
    assert match, mailoutbox[-1].body
    return match.group(0)


def test_new_user_signs_up_verifies_logs_in_and_sees_a_notification_in_the_bell(
    live_server, page: Page, mailoutbox, console_errors
):
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Get started").click()

    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile(r"Password \(again\)|Confirm password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("verify your email", re.I))).to_be_visible()

    link = _verification_link(mailoutbox).replace("http://testserver", live_server.url)
    link = re.sub(r"^https?://[^/]+", live_server.url, link)
    page.goto(link)
    page.get_by_role("button", name=re.compile("confirm", re.I)).click()

    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()

    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()
    bell = page.get_by_role("link", name=re.compile(r"Notifications, 1 unread"))
    expect(bell).to_be_visible()
    expect(bell.locator(".badge")).to_have_text("1")
    assert serious_axe_violations(page) == []

    bell.click()
    expect(page.get_by_text(re.compile("Welcome to Career Copilot", re.I)).first).to_be_visible()
    assert console_errors == []


def test_public_pages_have_no_serious_accessibility_violations(
    live_server, page: Page, console_errors
):
    for path in ("/", "/pricing/", "/accounts/login/", "/accounts/signup/"):
        page.goto(f"{live_server.url}{path}")
        assert serious_axe_violations(page) == [], path
    assert console_errors == []
