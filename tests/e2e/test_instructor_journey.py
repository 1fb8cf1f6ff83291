"""The instructor, end to end in the admin of the production-like site: sign in with the
authenticator code, build a rubric and publish an assignment with it, grade a demo
submission on the grading screen with the keyboard only (Tab, Space, arrow keys, Enter),
reading the AI grader's measurements, release it, then export the
gradebook as CSV and read it."""

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import Page, expect

from .journey import (
    DEMO_TOTP_SECRET,
    accessible,
    active_element,
    demo_login,
    sign_in,
    tab_until,
)

pytestmark = pytest.mark.browser

TO_GRADE = "Cover letter for a target role"  # demo: nine submissions waiting for a grade
STUDENT = "Aisha Bello"  # handed in on time, so no late penalty
NEW_ASSIGNMENT = "Portfolio walkthrough"


def test_instructor_builds_an_assignment_grades_by_keyboard_releases_and_exports(
    prod_site, page: Page, console_errors
):
    url = prod_site.url
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, url, *demo_login("instructor"), totp_secret=DEMO_TOTP_SECRET, path="/admin/")
    expect(page.get_by_text("Site administration")).to_be_visible()
    accessible(page, "admin index")

    # 1. A rubric, then a published assignment that uses it.
    page.goto(f"{url}/admin/courses/rubric/add/")
    page.select_option("#id_course", label="CCL-101 · Career Launch Bootcamp")
    page.fill("#id_title", "Portfolio rubric")
    page.fill('[name="criteria-0-title"]', "Story")
    for index, (title, points) in enumerate((("Compelling", "6"), ("Clear", "4"), ("Thin", "1"))):
        page.fill(f'[name="criteria-0-levels-{index}-title"]', title)
        page.fill(f'[name="criteria-0-levels-{index}-points"]', points)
    page.fill('[name="criteria-1-title"]', "Evidence")
    for index, (title, points) in enumerate((("Strong", "4"), ("Some", "2"))):
        page.fill(f'[name="criteria-1-levels-{index}-title"]', title)
        page.fill(f'[name="criteria-1-levels-{index}-points"]', points)
    accessible(page, "rubric form")
    page.locator('button[name="_save"]').click()
    expect(page.get_by_text("Portfolio rubric").first).to_be_visible()

    page.goto(f"{url}/admin/courses/assignment/add/")
    page.select_option("#id_course", label="CCL-101 · Career Launch Bootcamp")
    page.fill("#id_title", NEW_ASSIGNMENT)
    editor = page.locator("trix-editor")
    editor.click()
    editor.type("Record five minutes walking us through one project you are proud of.")
    page.check("#id_publish")
    page.fill("#id_points_possible", "10")
    page.select_option("#id_rubric", label="CCL-101 · Portfolio rubric")
    page.check("#id_allow_video")
    due = dt.date.today() + dt.timedelta(days=7)
    page.fill('[name="due_at_0"]', due.isoformat())
    page.fill('[name="due_at_1"]', "17:00:00")
    accessible(page, "assignment form")
    page.locator('button[name="_save"]').click()
    expect(page.get_by_text("is published")).to_be_visible()

    # 2. Grade one submission with the keyboard only, and release it.
    page.goto(f"{url}/admin/courses/assignment/")
    page.locator("tr", has_text=TO_GRADE).get_by_role("link", name="Grade", exact=True).click()
    expect(page.get_by_text("Needs grading").first).to_be_visible()
    accessible(page, "grading list")
    page.get_by_role("link", name=STUDENT).click()
    expect(page.get_by_role("heading", name=STUDENT)).to_be_visible()
    expect(page.get_by_test_id("essay")).to_be_visible()
    accessible(page, "grading screen")

    # A new assignment has no graded essays yet: the AI grader offers its measurements only,
    # no level. Every level is chosen on the rubric, keyboard only throughout.
    expect(page.get_by_test_id("ai-status")).to_contain_text(
        "Level suggestions start at 15 graded essays"
    )
    expect(page.get_by_role("button", name=re.compile("^Use suggestion"))).to_have_count(0)
    first = page.locator("fieldset[data-criterion]").first
    group = first.locator("input[type=radio]").first.get_attribute("name")
    tab_until(
        page, lambda el, group=group: el["type"] == "radio" and el["name"] == group, limit=200
    )
    page.keyboard.press("Space")
    expect(first.locator("input[type=radio]:checked")).to_have_count(1)
    points = float(first.locator("[data-criterion-points]").input_value())
    # Written work: Evidence 10/7/4/0, Tailoring 5/3/1, Mechanics 5/3/1.
    group = first.locator("input[type=radio]").first.get_attribute("name")
    for key in ("ArrowDown", "Space", "ArrowRight"):  # 7 + 5 + 3
        radio = tab_until(
            page, lambda el, group=group: el["type"] == "radio" and el["name"] != group, limit=40
        )
        group = radio["name"]
        page.keyboard.press(key)
        assert active_element(page)["checked"], f"{key} did not choose a level in {group}"
    total = f"{points + 15:g}"
    expect(page.locator("[data-rubric-total]")).to_have_text(total)
    expect(page.locator("#score")).to_have_value(total)
    expect(page.locator("[data-final]")).to_have_text(total)
    tab_until(page, lambda el: el["id"] == "feedback")
    page.keyboard.type("Specific and well argued. Cut the first paragraph.")
    tab_until(page, lambda el: el["name"] == "release")
    page.keyboard.press("Space")
    assert active_element(page)["checked"]
    tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "Save")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Saved {STUDENT}: {total} and released.")).to_be_visible()
    expect(page.locator("#feedback")).to_have_value(
        "Specific and well argued. Cut the first paragraph."
    )

    # 3. The gradebook, and its CSV export.
    page.get_by_role("link", name="Gradebook").click()
    expect(page.get_by_role("heading", name="Gradebook")).to_be_visible()
    accessible(page, "gradebook")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("gradebook-ccl-101-")
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))  # noqa: SIM115
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Student", "Email", "Section"]
    assert f"{TO_GRADE} (30)" in header
    assert f"{NEW_ASSIGNMENT} (10)" in header
    aisha = next(row for row in body if row[0] == STUDENT)
    assert aisha[header.index(f"{TO_GRADE} (30)")] == total
    assert aisha[header.index(f"{NEW_ASSIGNMENT} (10)")] == ""
    assert len(body) >= 12  # the demo class
    assert console_errors == []
