"""Job capture in a real browser: the unpacked extension and the bookmarklet.

A local "job board" (a plain HTTP server on 127.0.0.1, another site than the tracker on
localhost) serves saved posting pages from tracker/tests/fixtures/postings/. Chromium
loads extension/ unpacked; the test clicks its toolbar button on the posting's tab
(DevTools ``Extensions.triggerAction``, which grants activeTab as a click does), then
drives the popup page for that tab: the fields are read, confirmed and saved, and the
application is in the tracker. The bookmarklet is clicked on a posting the same way a
user would, and its new tab confirms and saves.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from tracker import services
from tracker.capture.bookmarklet import bookmarklet_source
from tracker.models import ApiToken, Application
from tracker.tests.capture_corpus import FIXTURES

from .conftest import CHROMIUM, CHROMIUM_ARGS, listen_for_errors
from .journey import accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTENSION = Path(__file__).resolve().parents[2] / "extension"
TIMEOUT = 15_000


def unpacked_extension_id(path: Path) -> str:
    """Chromium's id for an unpacked extension: its absolute path's SHA-256, a-p coded."""
    digest = hashlib.sha256(str(path).encode()).hexdigest()[:32]
    return "".join(chr(ord("a") + int(char, 16)) for char in digest)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def job_board() -> Iterator[str]:
    """The saved posting pages, served on 127.0.0.1 (the tracker is on localhost)."""
    handler = functools.partial(_Quiet, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def seeker(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(email="casey.capture@example.com", name="Casey Capture")


def sign_in_cookie(context: BrowserContext, user, site: str) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])


@pytest.fixture
def extension_browser(playwright, tmp_path) -> Iterator[BrowserContext]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; run scripts/bootstrap.sh --test as root.")
    args = [arg for arg in CHROMIUM_ARGS if arg != "--headless"]
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        headless=True,  # Chromium's new headless mode runs extensions
        args=[
            *args,
            f"--disable-extensions-except={EXTENSION}",
            f"--load-extension={EXTENSION}",
            "--enable-unsafe-extension-debugging",  # DevTools may click the toolbar button
        ],
        viewport={"width": 1200, "height": 900},
    )
    yield context
    context.close()


def click_toolbar_button(context: BrowserContext, extension_id: str, tab_url: str) -> None:
    """What a click on the extension's button does: opens its popup for that tab and
    grants it activeTab there."""
    cdp = context.browser.new_browser_cdp_session()
    tabs = cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
    tab = next(t for t in tabs if t["url"] == tab_url)
    cdp.send("Extensions.triggerAction", {"id": extension_id, "targetId": tab["targetId"]})
    cdp.detach()


def test_extension_captures_a_posting_into_the_tracker(
    extension_browser: BrowserContext, live_server, job_board, seeker
):
    context = extension_browser
    errors: list[str] = []
    extension_id = unpacked_extension_id(EXTENSION)
    _token, secret = services.api_token_create(
        user=seeker, name="Chromium extension", scope=ApiToken.Scope.CAPTURE
    )

    # 1. Options: the tracker's address and a capture-only token.
    options = context.new_page()
    listen_for_errors(options, errors)
    options.goto(f"chrome-extension://{extension_id}/options.html")
    options.get_by_label("Career Copilot address").fill(live_server.url)
    options.get_by_label("Personal access token").fill(secret)
    options.get_by_role("button", name="Save and check").click()
    expect(options.get_by_role("status")).to_contain_text("Connected", timeout=TIMEOUT)
    accessible(options, "extension options")

    # 2. A posting on the job board; the user clicks the extension's button there.
    posting_url = f"{job_board}/ashby_remote.html?utm_source=newsletter"
    job = context.new_page()
    job.goto(posting_url)
    expect(job).to_have_title("Senior Frontend Engineer @ Tessellate")
    click_toolbar_button(context, extension_id, posting_url)

    # 3. The popup for that tab (as a page, to drive it): fields read, confirmed, saved.
    tab_id = options.evaluate(
        """async (url) => (await chrome.tabs.query({})).find((t) => t.url === url).id""",
        posting_url,
    )
    popup = context.new_page()
    listen_for_errors(popup, errors)
    popup.goto(f"chrome-extension://{extension_id}/popup.html?tab={tab_id}")
    expect(popup.get_by_label("Job title")).to_have_value(
        "Senior Frontend Engineer", timeout=TIMEOUT
    )
    expect(popup.get_by_label("Company")).to_have_value("Tessellate")
    expect(popup.get_by_label("Location")).to_have_value("United States")
    expect(popup.get_by_label("Remote job")).to_be_checked()
    expect(popup.get_by_label("From")).to_have_value("165000")
    expect(popup.get_by_label("To", exact=True)).to_have_value("205000")
    expect(popup.get_by_text("JSON-LD")).to_be_visible()
    accessible(popup, "extension popup")
    popup.get_by_label("Location").fill("Remote, United States")
    popup.get_by_role("button", name="Save to tracker").click()
    expect(popup.get_by_text("Saved to your tracker.")).to_be_visible(timeout=TIMEOUT)

    app = Application.objects.get(user=seeker)
    assert (app.position, app.company, app.location) == (
        "Senior Frontend Engineer",
        "Tessellate",
        "Remote, United States",
    )
    assert app.work_mode == "remote" and (app.salary_min, app.salary_max) == (165000, 205000)
    assert app.posting_url == f"{job_board}/ashby_remote.html"
    expect(popup.get_by_role("link", name="Open it in the tracker")).to_have_attribute(
        "href", f"{live_server.url}{app.get_absolute_url()}"
    )

    # 4. The same posting again: the popup says it is tracked, and saving updates it.
    popup.reload()
    expect(popup.get_by_text("You already track this job")).to_be_visible(timeout=TIMEOUT)
    popup.get_by_role("button", name="Update in tracker").click()
    expect(popup.get_by_text("already in your tracker: updated")).to_be_visible(timeout=TIMEOUT)
    assert Application.objects.filter(user=seeker).count() == 1

    # 5. The application in the tracker.
    sign_in_cookie(context, seeker, live_server.url)
    tracker = context.new_page()
    tracker.goto(f"{live_server.url}/tracker/applications/")
    tracker.get_by_role("link", name="Tessellate", exact=True).click()
    expect(tracker.get_by_role("heading", name="Senior Frontend Engineer")).to_be_visible()
    assert errors == []


def test_bookmarklet_sends_the_posting_to_a_confirmation_tab(
    browser, live_server, job_board, seeker
):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    errors: list[str] = []
    sign_in_cookie(context, seeker, live_server.url)
    job: Page = context.new_page()
    job.goto(f"{job_board}/lever_jsonld.html")
    # The user's bookmark, clicked on the posting (a javascript: link runs in the page).
    receive_url = f"{live_server.url}/tracker/capture/bookmarklet/"
    job.evaluate(
        """(source) => {
            const link = document.createElement("a");
            link.href = "javascript:" + encodeURIComponent(source);
            link.id = "bookmark";
            link.textContent = "Save to Career Copilot";
            document.body.prepend(link);
        }""",
        bookmarklet_source(receive_url),
    )
    with job.expect_popup() as opened:
        job.click("#bookmark")
    tab = opened.value
    listen_for_errors(tab, errors)
    expect(tab.get_by_role("heading", name="Check the job before saving")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(tab.get_by_label("Job title")).to_have_value("Staff Data Engineer")
    expect(tab.get_by_label("Company")).to_have_value("Brightwave Analytics")
    accessible(tab, "capture confirmation")
    tab.get_by_role("button", name="Save to my tracker").click()
    expect(tab.get_by_role("heading", name="Staff Data Engineer")).to_be_visible(timeout=TIMEOUT)
    app = Application.objects.get(user=seeker)
    assert (app.company, app.salary_min, app.salary_max) == ("Brightwave Analytics", 190000, 240000)
    assert app.source == "Company website" and app.posting_url == f"{job_board}/lever_jsonld.html"
    tab.goto(f"{live_server.url}/tracker/capture/")
    accessible(tab, "capture page")
    tab.goto(f"{live_server.url}/tracker/settings/#capture")
    expect(tab.get_by_role("button", name="Save to Career Copilot")).to_be_visible()
    accessible(tab, "tracker settings")
    assert errors == []
    context.close()
