"""The AI essay grader (E6) in the browser: the instructor sees a suggested level with its
rationale per criterion on the grading screen, and the keyboard-operable "Use all
suggestions" and "Use suggestion" buttons only select levels in the form. Nothing is
saved or released until the instructor saves: reloading shows the essay still ungraded."""

import pytest
from playwright.sync_api import Page, expect

from .journey import DEMO_TOTP_SECRET, accessible, active_element, demo_login, sign_in, tab_until

pytestmark = pytest.mark.browser

TO_GRADE = "Cover letter (graded cohort)"
STUDENT = "Graded Student 15"
# Suggestions are learned from the instructor's own grading of the assignment: a cohort of
# 16 letters, 15 of them graded, teaches the model before the last one is suggested. Its own
# assignment, so the other journeys see the demo's letters as they are (none graded).
GRADED_COHORT = """
import time
from courses import demo, services
from courses.models import Assignment, CourseRole, EssaySuggestion, SubmissionVersion
from courses.services.ai_grading import essay_suggestion_request, essay_suggestion_run
from careercopilot.ai.local.essay_scorer import MIN_GRADED
letter = Assignment.objects.get(title="Cover letter for a target role", course__code="CCL-101")
cohort = demo._assignment(
    letter.course, title="Cover letter (graded cohort)", instructions=letter.instructions,
    due_at=letter.due_at, cutoff_at=letter.cutoff_at, rubric=letter.rubric, skills=[],
    points_possible=letter.points_possible,
)
teacher = letter.course.enrollments.filter(role=CourseRole.INSTRUCTOR).first().user
for i in range(MIN_GRADED + 1):
    student = demo._classmate(100 + i, f"Graded Student {i}", "UTC")
    services.enrollment_add(course=letter.course, user=student, role=CourseRole.STUDENT)
    depth = 1 + i % 4
    text = " ".join(demo.ESSAYS[(i + k) % len(demo.ESSAYS)] for k in range(depth))
    services.submission_save_draft(assignment=cohort, student=student, text=text)
    services.submission_submit(assignment=cohort, student=student)
    if i < MIN_GRADED:
        services.submission_grade(assignment=cohort, student=student, grader=teacher,
                                  criteria=demo._rate(cohort, [4 - depth] * 4), feedback="")
# The last letter's first suggestion came before any grading: the instructor asks again.
waiting = SubmissionVersion.objects.filter(submission__assignment=cohort,
                                          submission__graded_at__isnull=True)
for version in waiting:
    suggestion = essay_suggestion_request(version=version, requested_by=teacher, again=True)
    essay_suggestion_run(suggestion_id=suggestion.pk)  # or the worker, whichever is first
for _ in range(120):
    if not any(s.is_pending for s in EssaySuggestion.objects.filter(version__in=waiting)):
        break
    time.sleep(0.5)
print(EssaySuggestion.objects.filter(version__in=waiting, state="done").count())
"""


def test_suggestions_preselect_levels_and_save_nothing(prod_site, page: Page, console_errors):
    url = prod_site.url
    assert int(prod_site.shell(GRADED_COHORT).strip().splitlines()[-1]) > 0
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.on("dialog", lambda dialog: dialog.accept())  # "leave with unsaved changes?"
    sign_in(page, url, *demo_login("instructor"), totp_secret=DEMO_TOTP_SECRET, path="/admin/")
    page.goto(f"{url}/admin/courses/assignment/")
    page.locator("tr", has_text=TO_GRADE).get_by_role("link", name="Grade", exact=True).click()
    page.get_by_role("link", name=STUDENT, exact=True).click()
    expect(page.get_by_role("heading", name=STUDENT)).to_be_visible()

    suggestions = page.get_by_test_id("ai-suggestion")
    expect(suggestions).to_have_count(4)  # one per criterion of the "Written work" rubric
    expect(suggestions.first).to_contain_text("confidence")
    expect(page.get_by_test_id("ai-based-on")).to_have_text(
        "Based on 15 graded essays of this assignment."
    )
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
