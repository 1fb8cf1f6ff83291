"""Courses journey in two browsers: the instructor builds a rubric and publishes an
assignment in the admin; the student joins by code, writes an essay, uploads a file and
submits; the instructor grades with the rubric and releases; the student sees the grade,
the feedback and a notification."""

import datetime as dt
import re

import pymupdf
import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from courses import services
from courses.models import Submission, SubmissionState

from .axe import serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in_page(browser: Browser, live_server, user, errors: list[str]) -> Page:
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    # The admin theme has no icon link, so Chromium asks for /favicon.ico: answer it.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_assignment_cycle_from_rubric_to_released_grade(live_server, browser: Browser, tmp_path):
    errors: list[str] = []
    instructor = UserFactory(
        email="coach@example.com",
        name="Casey Coach",
        roles=[Role.INSTRUCTOR],
        timezone="America/New_York",
    )
    TOTP.activate(instructor, pyotp.random_base32())  # staff pass the admin's MFA check
    student = UserFactory(email="priya@example.com", name="Priya Patel", timezone="Europe/London")
    course = services.course_create(
        created_by=instructor, title="Career Launch", code="CAR-101", section_name="Morning"
    )
    join_code = course.sections.get().join_code_display

    # 1. The instructor writes a rubric and an assignment in the admin, and publishes it.
    coach = signed_in_page(browser, live_server, instructor, errors)
    coach.goto(f"{live_server.url}/admin/courses/rubric/add/")
    coach.select_option("#id_course", label=str(course))
    coach.fill("#id_title", "Summary rubric")
    coach.fill('[name="criteria-0-title"]', "Clarity")
    for index, (title, points) in enumerate((("Excellent", "6"), ("Good", "4"), ("Weak", "1"))):
        coach.fill(f'[name="criteria-0-levels-{index}-title"]', title)
        coach.fill(f'[name="criteria-0-levels-{index}-points"]', points)
    coach.fill('[name="criteria-1-title"]', "Evidence")
    for index, (title, points) in enumerate((("Strong", "4"), ("Thin", "2"))):
        coach.fill(f'[name="criteria-1-levels-{index}-title"]', title)
        coach.fill(f'[name="criteria-1-levels-{index}-points"]', points)
    coach.locator('button[name="_save"]').click()
    expect(coach.get_by_text("Summary rubric").first).to_be_visible()

    coach.goto(f"{live_server.url}/admin/courses/assignment/add/")
    coach.select_option("#id_course", label=str(course))
    coach.fill("#id_title", "Rewrite your summary")
    editor = coach.locator("trix-editor")
    editor.click()
    editor.type("Three sentences: who you are, a result with a number, the role you want.")
    coach.check("#id_publish")
    coach.fill("#id_points_possible", "10")
    coach.select_option("#id_rubric", label="CAR-101 · Summary rubric")
    coach.check("#id_allow_file")
    due = timezone.localtime(timezone.now() + dt.timedelta(days=2), instructor_zone(instructor))
    coach.fill('[name="due_at_0"]', due.strftime("%Y-%m-%d"))
    coach.fill('[name="due_at_1"]', "17:00:00")
    coach.locator('button[name="_save"]').click()
    expect(coach.get_by_text("is published")).to_be_visible()

    # 2. The student joins with the code, writes, uploads a file and submits.
    desk = signed_in_page(browser, live_server, student, errors)
    desk.goto(f"{live_server.url}/courses/")
    desk.get_by_label("Course code").fill(join_code.lower())
    desk.get_by_role("button", name="Join").click()
    expect(desk.get_by_role("heading", name="Career Launch")).to_be_visible()
    expect(desk.get_by_role("link", name="Rewrite your summary")).to_be_visible()
    desk.get_by_role("link", name="Rewrite your summary").click()
    expect(desk.get_by_text("Not started")).to_be_visible()
    expect(desk.locator("time").first).to_contain_text("22:00 GMT")  # 17:00 New York, in London
    assert serious_axe_violations(desk) == []
    desk.get_by_label("Your essay").fill(
        "Analyst with four years of turning messy data into decisions; cut reporting time by 90%."
    )
    expect(desk.locator("#essay-word-count")).to_have_text("15 words")
    desk.get_by_role("button", name="Save draft").click()
    expect(desk.get_by_text("Draft saved.")).to_be_visible()
    pdf = tmp_path / "summary.pdf"
    document = pymupdf.open()
    document.new_page().insert_text((72, 72), "My résumé summary, as a PDF.")
    document.save(pdf)
    desk.get_by_label("Add a file").set_input_files(str(pdf))
    desk.get_by_role("button", name="Upload file").click()
    expect(desk.get_by_text("summary.pdf added to your draft")).to_be_visible()
    desk.get_by_role("button", name="Submit", exact=True).click()
    expect(desk.get_by_text("Attempt 1 submitted")).to_be_visible()
    expect(desk.locator(".cc-status").first).to_have_text("Submitted")

    # 3. The instructor grades with the rubric (the total adds up live) and releases.
    coach.goto(f"{live_server.url}/admin/courses/assignment/")
    coach.get_by_role("link", name="Grade", exact=True).first.click()
    expect(coach.get_by_text("Needs grading").first).to_be_visible()
    coach.get_by_role("link", name="Priya Patel").click()
    expect(coach.get_by_text("turning messy data into decisions")).to_be_visible()
    expect(coach.get_by_text("summary.pdf")).to_be_visible()
    coach.locator("label.cc-level", has_text="Excellent").click()
    coach.locator("label.cc-level", has_text="Thin").click()
    expect(coach.locator("[data-rubric-total]")).to_have_text("8")
    expect(coach.locator("#score")).to_have_value("8")
    expect(coach.locator("[data-final]")).to_have_text("8")
    coach.get_by_label("Feedback to the student").fill("Great number. Name the role you want.")
    coach.get_by_label("Release the grade to the student when saving").check()
    coach.get_by_role("button", name="Save", exact=True).click()
    expect(coach.get_by_text("Saved Priya Patel: 8 and released.")).to_be_visible()
    submission = Submission.objects.get(student=student)
    assert submission.state == SubmissionState.RETURNED and submission.score == 8

    # 4. The student sees the grade, the feedback and a notification.
    desk.reload()
    expect(desk.get_by_role("heading", name="Your grade")).to_be_visible()
    expect(desk.locator(".cc-grade .stat")).to_contain_text("8")
    expect(desk.get_by_text("Great number. Name the role you want.")).to_be_visible()
    desk.goto(f"{live_server.url}/me/notifications/")
    expect(desk.get_by_text(re.compile("Grade released: Rewrite your summary"))).to_be_visible()
    assert errors == []


def instructor_zone(user):
    from courses.timeutils import zone_of

    return zone_of(user)
