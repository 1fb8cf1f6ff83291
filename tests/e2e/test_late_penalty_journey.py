"""The late penalty on the grading screen, in a real browser on the production-like site:
the instructor grades a LATE cover letter; each score typed shows the raw score, the
penalty and the final score that courses/policy.py gives (the floor and the waiver too),
and the grade saved is the one shown."""

import json
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from courses.policy import late_penalty, points_text

from .journey import DEMO_TOTP_SECRET, accessible, demo_login, sign_in

pytestmark = pytest.mark.browser

TO_GRADE = "Cover letter for a target role"
STUDENT = "Chen Wei"  # handed the cover letter in six hours late (demo data)

LATE_SUBMISSION = """
import json
from courses.models import Submission
s = Submission.objects.select_related("assignment").get(
    assignment__title="Cover letter for a target role", student__name="Chen Wei"
)
a = s.assignment
print(json.dumps({
    "days": s.days_late, "points": str(a.points_possible),
    "percent": str(a.late_penalty_percent), "floor": str(a.late_penalty_floor_percent),
}))
"""
SAVED = """
from courses.models import Submission
s = Submission.objects.get(assignment__title="Cover letter for a target role", student__name="Chen Wei")
print(s.score_raw, s.late_penalty, s.score)
"""


def shown_by_policy(late: dict, raw: str, *, waived: bool = False) -> tuple[str, str, str]:
    scored = late_penalty(
        raw=Decimal(raw),
        points_possible=Decimal(late["points"]),
        days=late["days"],
        percent_per_day=Decimal(late["percent"]),
        floor_percent=Decimal(late["floor"]),
        waived=waived,
    )
    penalty = f"−{points_text(scored.penalty)}" if scored.penalty else "0"
    return points_text(scored.raw), penalty, points_text(scored.final)


def expect_breakdown(page: Page, values: tuple[str, str, str]) -> None:
    raw, penalty, final = values
    expect(page.locator("[data-raw]")).to_have_text(raw)
    expect(page.locator("[data-penalty]")).to_have_text(penalty)
    expect(page.locator("[data-final]")).to_have_text(final)


def test_the_grading_screen_shows_the_policys_penalty_for_a_late_submission(
    prod_site, page: Page, console_errors
):
    url = prod_site.url
    late = json.loads(prod_site.shell(LATE_SUBMISSION).strip().splitlines()[-1])
    assert late["days"] >= 1 and Decimal(late["percent"]) > 0  # a late one, with a penalty
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in(page, url, *demo_login("instructor"), totp_secret=DEMO_TOTP_SECRET, path="/admin/")

    page.goto(f"{url}/admin/courses/assignment/")
    page.locator("tr", has_text=TO_GRADE).get_by_role("link", name="Grade", exact=True).click()
    page.locator("nav.cc-filters").get_by_role("link", name="Late").click()
    page.get_by_role("link", name=STUDENT).click()
    expect(page.get_by_role("heading", name=STUDENT)).to_be_visible()
    expect(page.get_by_text(f"late by {late['days']} day")).to_be_visible()

    score = page.locator("#score")
    # A full score, one the penalty takes part of, one the floor stops, and a decimal one.
    for raw in (late["points"], "20", "16", "14.5"):
        score.fill(raw)
        expect_breakdown(page, shown_by_policy(late, raw))
    assert shown_by_policy(late, "20")[1] != "0"  # the journey saw a real deduction

    score.fill("20")
    waive = page.get_by_label("Waive the late penalty")
    waive.check()
    expect_breakdown(page, shown_by_policy(late, "20", waived=True))
    waive.uncheck()
    raw, penalty, final = shown_by_policy(late, "20")
    expect_breakdown(page, (raw, penalty, final))
    accessible(page, "grading screen with a late submission")

    page.get_by_role("button", name="Save", exact=True).click()
    deduction = penalty.lstrip("−")
    expect(
        page.get_by_text(f"Saved {STUDENT}: {final} ({raw} − {deduction} late penalty)")
    ).to_be_visible()
    saved = prod_site.shell(SAVED).strip().splitlines()[-1].split()
    assert [points_text(Decimal(v)) for v in saved] == [raw, deduction, final]
    assert console_errors == []
