"""The AI essay grader (E6) in the browser: the instructor sees a suggested level with its
rationale per criterion on the grading screen, and the keyboard-operable "Use all
suggestions" and "Use suggestion" buttons only select levels in the form. Nothing is
saved or released until the instructor saves: reloading shows the essay still ungraded."""

import pytest
from playwright.sync_api import Page, expect

from .journey import DEMO_TOTP_SECRET, accessible, active_element, demo_login, sign_in, tab_until

pytestmark = pytest.mark.browser

TO_GRADE = "Cover letter for a target role"  # demo: suggestions ready for each letter
STUDENT = "Hana Kobayashi"


def test_suggestions_preselect_levels_and_save_nothing(prod_site, page: Page, console_errors):
    url = prod_site.url
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"
    sign_in(page, url, *demo_login("instructor"), totp_secret=DEMO_TOTP_SECRET, path="/admin/")
    page.goto(f"{url}/admin/courses/assignment/")
    page.locator("tr", has_text=TO_GRADE).get_by_role("link", name="Grade", exact=True).click()
    page.get_by_role("link", name=STUDENT).click()
    expect(page.get_by_role("heading", name=STUDENT)).to_be_visible()

    suggestions = page.get_by_test_id("ai-suggestion")
    expect(suggestions).to_have_count(4)  # one per criterion of the "Written work" rubric
    expect(suggestions.first).to_contain_text("confidence")
    expect(page.locator("#grade-form input[type=radio]:checked")).to_have_count(0)
    accessible(page, "grading screen with suggestions")

    # Keyboard only: Tab to "Use all suggestions", press Enter.
    tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "Use all suggestions")
    page.keyboard.press("Enter")
    expect(page.locator("#grade-form input[type=radio]:checked")).to_have_count(4)
    expect(page.locator("#ai-announce")).to_contain_text("4 suggested levels selected")
    expect(page.locator("#score")).not_to_have_value("")  # the totals follow, as on a click

    # Reloading without saving: nothing was recorded.
    page.reload()
    expect(page.locator("#grade-form input[type=radio]:checked")).to_have_count(0)
    expect(page.get_by_text("Needs grading").first).to_be_visible()

    # One criterion at a time, also by keyboard.
    tab_until(page, lambda el: el["tag"] == "button" and el["text"].startswith("Use suggestion"))
    page.keyboard.press("Enter")
    assert active_element(page)["text"].startswith("Use suggestion")
    expect(page.locator("#grade-form input[type=radio]:checked")).to_have_count(1)
    expect(page.locator("#ai-announce")).to_contain_text("Save to keep it")
    assert console_errors == []
