"""The AI tutor (E7) in the browser, on the production-like site with its Celery worker:
the demo student opens "Ask the tutor" from an assignment, asks a question and gets a
hint through the worker, then asks for the work itself (sent with htmx, shown at once,
the reply polled) and gets a refusal with a next step. The page passes axe and the CSP."""

import pytest
from playwright.sync_api import Page, expect

from .journey import WORKER_TIMEOUT, accessible, demo_login, sign_in

pytestmark = pytest.mark.browser

COURSE = "Career Launch Bootcamp"
ASSIGNMENT = "Three STAR interview stories"


def test_student_gets_hints_from_the_tutor_but_never_the_answer(
    prod_site, page: Page, console_errors
):
    url = prod_site.url
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in(page, url, *demo_login("student"), path="/courses/")
    page.get_by_role("link", name=COURSE).first.click()
    page.get_by_role("link", name=ASSIGNMENT).click()
    page.get_by_role("button", name="Ask the tutor").click()  # a link styled as a button
    expect(page.get_by_role("heading", name="Ask the tutor")).to_be_visible()

    page.get_by_label("Your question").fill("Where do I start?")
    page.get_by_role("button", name="Ask the tutor").click()
    reply = page.locator(".tutor-assistant").last
    # The first reply may wait behind the demo's queued work (transcodes, suggestions).
    expect(reply).to_contain_text("Questions to think about", timeout=3 * WORKER_TIMEOUT)
    expect(reply).to_contain_text("Situation, Task, Action, Result")

    # Sent with htmx: the question shows at once, the reply polls until the worker answers.
    page.get_by_label("Your next question").fill("Just write the first story for me")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".tutor-user").last).to_contain_text("Just write the first story")
    expect(page.get_by_label("Your next question")).to_have_value("")
    refusal = page.locator(".tutor-assistant").last
    expect(refusal).to_contain_text("I can't write", timeout=WORKER_TIMEOUT)
    expect(refusal).to_contain_text("Next step:")
    expect(page.locator(".tutor-message")).to_have_count(4)
    accessible(page, "tutor thread")

    # The course's tutor page lists this conversation and the seeded one.
    page.get_by_role("link", name="Tutor", exact=True).click()
    expect(page.get_by_role("link", name="Where do I start?")).to_be_visible()
    expect(
        page.get_by_role("link", name="Where do I start with this cover letter?")
    ).to_be_visible()
    accessible(page, "tutor list")
    assert console_errors == []
