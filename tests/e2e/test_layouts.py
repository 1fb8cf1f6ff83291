"""Every main page of every role, on a phone (390 x 844) and on a laptop (1366 x 900), on the
production-like site with the demo data: nothing is wider than the screen, axe-core finds no
serious or critical violation, and on the phone every control is a 44 px touch target.

Each page's full-length screenshot is saved as ``test-results/layouts/<role>-<page>-<width>.png``
(CI keeps test-results/ as an artefact), so one look shows the one visual language. The
visitor's and the seeker's pages are checked again on a phone in the dark theme
(``...-390-dark.png``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .axe import serious_axe_violations
from .journey import DEMO_TOTP_SECRET, demo_login, sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "layouts"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
TOUCH_TARGET = 44  # px

DEMO_IDS = """
import json
from courses.models import Assignment, Course, Video
from resumes.models import BuiltResume, MatchAnalysis, ResumeVersion
from tracker.models import Application, Contact
seeker = "seeker@demo.careercopilot.dev"
course = Course.objects.get(code="CCL-101")
assignments = Assignment.objects.filter(course=course).order_by("pk")
print(json.dumps({
    "application": Application.objects.filter(user__email=seeker).order_by("pk")[0].pk,
    "contact": Contact.objects.filter(user__email=seeker).order_by("pk")[0].pk,
    "version": ResumeVersion.objects.filter(resume__user__email=seeker).order_by("pk")[0].pk,
    "analysis": MatchAnalysis.objects.filter(user__email=seeker).order_by("pk")[0].pk,
    "built": BuiltResume.objects.filter(user__email=seeker, source="upload").order_by("pk")[0].pk,
    "tailored": BuiltResume.objects.filter(user__email=seeker, source="tailored").order_by("pk")[0].pk,
    "course": course.pk,
    "assignment": assignments[0].pk,
    "to_grade": assignments.get(title="Cover letter for a target role").pk,
    "video_assignment": assignments.get(title="60-second elevator pitch").pk,
    "video": Video.objects.filter(course=course, owner__email="student@demo.careercopilot.dev")
    .order_by("pk")[0].pk,
}))
"""


def main_pages(ids: dict) -> dict[str, list[tuple[str, str]]]:
    """(name, path) of every main page, per role."""
    course = ids["course"]
    return {
        "visitor": [
            ("landing", "/"),
            ("pricing", "/pricing/"),
            ("sign-in", "/accounts/login/"),
            ("sign-up", "/accounts/signup/"),
            ("password-reset", "/accounts/password/reset/"),
        ],
        "seeker": [
            ("dashboard", "/dashboard/"),
            ("board", "/tracker/"),
            ("applications", "/tracker/applications/"),
            ("application", f"/tracker/applications/{ids['application']}/"),
            ("application-new", "/tracker/applications/new/"),
            ("capture", "/tracker/capture/"),
            ("contacts", "/tracker/contacts/"),
            ("contact", f"/tracker/contacts/{ids['contact']}/"),
            ("interviews", "/tracker/interviews/"),
            ("calendar", "/tracker/calendar/"),
            ("reminders", "/tracker/reminders/"),
            ("analytics", "/tracker/analytics/"),
            ("import", "/tracker/import/"),
            ("export", "/tracker/export/"),
            ("tracker-settings", "/tracker/settings/"),
            ("resumes", "/resumes/"),
            ("resume-version", f"/resumes/versions/{ids['version']}/"),
            ("match-new", "/resumes/match/"),
            ("match", f"/resumes/match/{ids['analysis']}/"),
            ("fit", "/resumes/fit/"),
            ("letters", "/resumes/letters/"),
            ("interview-prep", "/resumes/interview/"),
            ("chat", "/resumes/chat/"),
            ("builder", "/resumes/builder/"),
            ("builder-resume", f"/resumes/builder/{ids['built']}/"),
            ("builder-tailored", f"/resumes/builder/{ids['tailored']}/"),
            ("billing", "/billing/"),
            ("profile", "/me/profile/"),
            ("notifications", "/me/notifications/"),
            ("privacy", "/me/privacy/"),
            ("emails", "/accounts/email/"),
            ("password", "/accounts/password/change/"),
            ("two-factor", "/accounts/2fa/"),
            ("sessions", "/accounts/sessions/"),
        ],
        "student": [
            ("dashboard", "/dashboard/"),
            ("courses", "/courses/"),
            ("course", f"/courses/{course}/"),
            ("assignment", f"/courses/{course}/assignments/{ids['assignment']}/"),
            ("video-assignment", f"/courses/{course}/assignments/{ids['video_assignment']}/"),
            ("grades", f"/courses/{course}/grades/"),
            ("feed", f"/courses/{course}/feed/"),
            ("tutor", f"/courses/{course}/tutor/"),
            ("peer-reviews", f"/courses/{course}/peer-reviews/"),
            ("outcomes", f"/courses/{course}/outcomes/"),
            ("video", f"/courses/videos/{ids['video']}/"),
            ("calendar", "/tracker/calendar/"),
        ],
        "instructor": [
            ("teaching", "/courses/teaching/"),  # their home: where sign-in lands
            ("library", f"/courses/teaching/{course}/library/"),
            ("dashboard", "/dashboard/"),  # sends them to the teaching home
            ("courses", "/courses/"),
            ("feed", f"/courses/{course}/feed/"),
            ("video", f"/courses/videos/{ids['video']}/"),
            ("admin", "/admin/"),
            ("gradebook", f"/admin/courses/course/{course}/gradebook/"),
            ("course-analytics", f"/admin/courses/course/{course}/analytics/"),
            ("grading", f"/admin/courses/assignment/{ids['to_grade']}/grading/"),
            ("assignments", "/admin/courses/assignment/"),
            ("moderation", "/admin/courses/coursepost/"),
        ],
        "admin": [
            ("admin", "/admin/"),
            ("users", "/admin/accounts/user/"),
            ("revenue", "/admin/billing/billingaccount/metrics/"),
            ("moderation", "/admin/courses/coursepost/"),
            ("ai-calls", "/admin/careercopilot/aicall/"),
        ],
    }


# Overflow: the page scrolls sideways, or a visible element ends right of the screen (an
# element inside a box that scrolls or clips counts only as far as that box shows it).
WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    found.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px`);
  }
  const clips = (el) => getComputedStyle(el).overflowX !== "visible";
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || !el.checkVisibility({ visibilityProperty: true })) continue;
    let right = box.right;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (clips(up)) right = Math.min(right, up.getBoundingClientRect().right);
    }
    const parent = el.parentElement;
    const parentOut = parent && parent !== document.body && parent.dataset.ccOut === "1";
    if (right > width + 1) {
      el.dataset.ccOut = "1";
      if (!parentOut) found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ends at ${Math.round(right)}px`);
    }
  }
  return found.slice(0, 5);
}"""

# Controls smaller than a fingertip: buttons, menus, fields and navigation links.
SMALL_TARGETS = """(minimum) => {
  const found = [];
  const controls = document.querySelectorAll(
    "button, [role=button], summary, select, input:not([type=hidden],[type=checkbox],[type=radio],[type=file]), textarea, nav a"
  );
  for (const el of controls) {
    const box = el.getBoundingClientRect();
    if (!box.width || !el.checkVisibility({ visibilityProperty: true }) || el.closest(".visually-hidden")) continue;
    if (el.matches(".link-button, .toast-close")) continue;  // links in a line of text
    if (box.height < minimum - 0.5) found.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(box.height)}px`);
  }
  return found.slice(0, 5);
}"""


@pytest.fixture(scope="module")
def pages(prod_site) -> dict[str, list[tuple[str, str]]]:
    return main_pages(json.loads(prod_site.shell(DEMO_IDS)))


def check_pages(
    prod_site,
    browser: Browser,
    role: str,
    pages: list[tuple[str, str]],
    *,
    sizes=(PHONE, LAPTOP),
    scheme: str = "light",
):
    """Visits each page at each size; returns every problem found, page by page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=LAPTOP, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if role != "visitor":
        secret = DEMO_TOTP_SECRET if role in ("instructor", "admin") else ""
        sign_in(page, prod_site.url, *demo_login(role), totp_secret=secret, path=pages[0][1])
    problems: list[str] = []
    try:
        for size in sizes:
            page.set_viewport_size(size)
            for name, path in pages:
                errors.clear()
                response = page.goto(prod_site.url + path)
                page.wait_for_load_state("networkidle")
                where = f"{role} {name} at {size['width']}px"
                page.screenshot(
                    path=SCREENSHOTS / f"{role}-{name}-{size['width']}.png", full_page=True
                )
                if response is None or response.status != 200:
                    problems.append(f"{where}: HTTP {response and response.status}")
                    continue
                problems += [f"{where}: {found}" for found in page.evaluate(WIDER_THAN_THE_SCREEN)]
                problems += [f"{where}: axe {v}" for v in serious_axe_violations(page)]
                if size is PHONE and not path.startswith("/admin/"):
                    small = page.evaluate(SMALL_TARGETS, TOUCH_TARGET)
                    problems += [f"{where}: touch target {found}" for found in small]
                problems += [f"{where}: console {error}" for error in errors]
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("role", ["visitor", "seeker", "student", "instructor", "admin"])
def test_every_main_page_fits_the_screen_and_passes_axe(prod_site, browser, pages, role):
    """Guards the phone layouts and the accessibility of every main page of each role."""
    problems = check_pages(prod_site, browser, role, pages[role])
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ["visitor", "seeker"])
def test_the_dark_theme_keeps_every_page_readable(prod_site, browser, pages, role):
    """Guards the dark theme (the system setting): contrast and layout on a phone."""
    problems = check_pages(prod_site, browser, role, pages[role], sizes=(PHONE,), scheme="dark")
    assert problems == [], "\n".join(problems)
