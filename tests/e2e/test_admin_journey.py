"""The site administrator, end to end in the admin of the production-like site: sign in with
the authenticator code, work the moderation queue (approve one flagged feed post, remove
another; the author is told), and read the revenue metrics."""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from .journey import DEMO_TOTP_SECRET, accessible, demo_login, sign_in

pytestmark = pytest.mark.browser

FLAGGED_POSTS = """
import json
from accounts.models import User
from courses.models import Course
from courses.services import feed
course = Course.objects.get(code="CCL-101")
author = User.objects.get(email="student@demo.careercopilot.dev")
fine = feed.post_create(
    course=course, author=author, body="My notes from the mock interview are shit, honestly: www.example.org/notes"
)
spam = feed.post_create(
    course=course, author=author, body="BUY NOW!!! Cheap followers for your LinkedIn, click here"
)
print(json.dumps({"course": course.pk, "statuses": [fine.status, spam.status]}))
"""

METRICS = """
import json
from billing.metrics import billing_metrics
m = billing_metrics()
print(json.dumps({"subscribers": m.subscribers, "mrr": f"{m.mrr:.2f}", "grants": m.active_grants}))
"""


def run_action(page: Page, row_text: str, action: str) -> None:
    """Ticks one row of the changelist and runs an admin action on it."""
    page.locator("#result_list tr", has_text=row_text).locator("input.action-select").check()
    page.locator('select[name="action"]').select_option(label=action)
    page.get_by_role("button", name=re.compile("^Run$|^Go$")).click()


def test_admin_moderates_the_feed_and_reads_revenue_metrics(prod_site, page: Page, console_errors):
    url = prod_site.url
    posts = json.loads(prod_site.shell(FLAGGED_POSTS))
    assert posts["statuses"] == ["pending", "pending"]  # profanity; spam phrases and capitals
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in(page, url, *demo_login("admin"), totp_secret=DEMO_TOTP_SECRET, path="/admin/")
    expect(page.get_by_text("Site administration")).to_be_visible()
    accessible(page, "admin index")

    # 1. The moderation queue shows what is pending review, with the reasons.
    page.goto(f"{url}/admin/courses/coursepost/")
    notes = page.locator("#result_list tr", has_text="My notes from the mock interview")
    spam = page.locator("#result_list tr", has_text="Cheap followers")
    expect(notes).to_contain_text("profanity")
    expect(spam).to_contain_text("spam phrase")
    accessible(page, "moderation queue")

    run_action(page, "My notes from the mock interview", "Approve (publish)")
    expect(page.get_by_text("1 item(s) approved.")).to_be_visible()
    run_action(page, "Cheap followers", "Remove and notify the author")
    expect(page.get_by_text("1 item(s) removed.")).to_be_visible()
    expect(page.locator("#result_list tr", has_text="Cheap followers")).to_have_count(0)
    expect(page.locator("#result_list tr", has_text="My notes from the mock")).to_have_count(0)

    # The class sees the approved post and never the removed one.
    page.goto(f"{url}/courses/{posts['course']}/feed/")
    expect(page.locator("article", has_text="My notes from the mock interview")).to_be_visible()
    expect(page.locator("article", has_text="Cheap followers")).to_have_count(0)
    told = prod_site.shell(
        "from accounts.models import Notification;"
        "print(Notification.objects.filter(user__email='student@demo.careercopilot.dev',"
        " title='Your post in Career Launch Bootcamp was removed').count())"
    )
    assert told.strip() == "1"  # the author is told

    # 2. Revenue metrics: the figures the billing service computes, on the page.
    expected = json.loads(prod_site.shell(METRICS))
    page.goto(f"{url}/admin/billing/billingaccount/metrics/")
    expect(page.locator('[data-metric="subscribers"]')).to_have_text(str(expected["subscribers"]))
    expect(page.locator('[data-metric="mrr"]')).to_have_text(f"${expected['mrr']}")
    expect(page.locator('[data-metric="grants"]')).to_have_text(str(expected["grants"]))
    assert expected["grants"] >= 1  # the demo seeker's granted Pro
    expect(page.get_by_text("Subscribers per plan")).to_be_visible()
    expect(page.get_by_role("cell", name="All paid plans")).to_be_visible()
    accessible(page, "revenue metrics")
    assert console_errors == []
