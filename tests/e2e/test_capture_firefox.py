"""Job capture in Firefox: the unpacked extension, loaded as a temporary add-on.

Debian's Firefox ESR runs headless under WebDriver BiDi (tests/e2e/firefox_bidi.py).
extension/ is installed the way about:debugging's "Load Temporary Add-on…" does; the
test enters the tracker's address and a capture-only token in the options, opens a saved
posting from a local "job board" (127.0.0.1, another site than the tracker on
localhost), clicks the extension's button for that tab (the browser action's own
trigger, which grants activeTab as a click does), and drives the popup page for that tab:
the fields are read, confirmed and saved, and the application is in the tracker. It runs
what Chromium's test runs, in Firefox: the ``browser`` namespace, Firefox's MV3 activeTab
and scripting, extension storage, and CORS from a ``moz-extension://`` origin. It also
guards the options page keeping what the user typed: Firefox's storage can answer after
the page is shown, and the stored (empty) settings used to wipe the typed address.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker import services
from tracker.models import ApiToken, Application
from tracker.tests.capture_corpus import FIXTURES

from .firefox_bidi import FIREFOX, Firefox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXTENSION = Path(__file__).resolve().parents[2] / "extension"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def job_board() -> Iterator[str]:
    """The saved posting pages, served on 127.0.0.1 (the tracker is on localhost)."""
    handler = functools.partial(_Quiet, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def firefox() -> Iterator[Firefox]:
    if not FIREFOX:
        pytest.fail("Firefox not found (firefox-esr); run scripts/bootstrap.sh --test as root.")
    browser = Firefox()
    browser.command("session.subscribe", events=["log.entryAdded"])
    yield browser
    browser.close()


def click_toolbar_button(firefox: Firefox, extension_id: str, tab_url: str) -> None:
    """What a click on the extension's button in that tab does: the browser action runs
    (its popup opens) and the extension gets activeTab there."""
    firefox.evaluate(
        firefox.chrome_window(),
        f"""(async () => {{
            const {{ ExtensionParent }} = ChromeUtils.importESModule(
                "resource://gre/modules/ExtensionParent.sys.mjs");
            const extension = WebExtensionPolicy.getByID({json.dumps(extension_id)}).extension;
            const win = Services.wm.getMostRecentWindow("navigator:browser");
            win.gBrowser.selectedTab = win.gBrowser.tabs.find(
                (tab) => tab.linkedBrowser.currentURI.spec === {json.dumps(tab_url)});
            await ExtensionParent.apiManager.global.browserActionFor(extension)
                .triggerAction(win);
            return true;
        }})()""",
    )


def fill(firefox: Firefox, context: str, values: dict[str, str]) -> None:
    firefox.evaluate(
        context,
        f"""Object.entries({json.dumps(values)}).map(([id, value]) => {{
            const field = document.getElementById(id);
            field.value = value;
            field.dispatchEvent(new Event("input", {{ bubbles: true }}));
            return id;
        }})""",
    )


def click(firefox: Firefox, context: str, selector: str) -> None:
    firefox.evaluate(context, f"document.querySelector({json.dumps(selector)}).click() || true")


def text_of(selector: str) -> str:
    return f"((document.querySelector({json.dumps(selector)}) || {{}}).textContent || '')"


@pytest.fixture
def seeker(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(email="frankie.firefox@example.com", name="Frankie Firefox")


def test_firefox_loads_the_extension_and_captures_a_posting(
    firefox: Firefox, live_server, job_board, seeker
):
    _token, secret = services.api_token_create(
        user=seeker, name="Firefox extension", scope=ApiToken.Scope.CAPTURE
    )
    extension_id = firefox.install_temporary_addon(EXTENSION)
    assert extension_id == "job-capture@careercopilot.app"  # the manifest's gecko id
    host = firefox.evaluate(
        firefox.chrome_window(),
        f"WebExtensionPolicy.getByID({json.dumps(extension_id)}).mozExtensionHostname",
    )
    base = f"moz-extension://{host}"

    # 1. Options: the tracker's address and a capture-only token, checked against it.
    options = firefox.new_tab(f"{base}/options.html")
    fill(firefox, options, {"server": live_server.url, "token": secret})
    click(firefox, options, "#check")
    status = firefox.wait_for(
        options, f"{text_of('#status')}.includes('Connected') && {text_of('#status')}"
    )
    assert "the token works for capturing jobs" in status

    # 2. A posting on the job board; the user clicks the extension's button there.
    posting_url = f"{job_board}/ashby_remote.html?utm_source=newsletter"
    job = firefox.new_tab(posting_url)
    assert firefox.evaluate(job, "document.title") == "Senior Frontend Engineer @ Tessellate"
    click_toolbar_button(firefox, extension_id, posting_url)

    # 3. The popup for that tab (as a page, to drive it): fields read, confirmed, saved.
    tab_id = firefox.evaluate(
        options,
        f"browser.tabs.query({{}}).then((tabs) => tabs.find((t) => t.url === {json.dumps(posting_url)}).id)",
    )
    popup = firefox.new_tab(f"{base}/popup.html?tab={tab_id}")
    firefox.wait_for(popup, "document.getElementById('title').value")
    fields = firefox.evaluate(
        popup,
        """(() => {
            const el = document.getElementById("capture-form").elements;
            return {title: el.title.value, company: el.company.value,
                    location: el.location.value, remote: el.remote.checked,
                    salary_min: el.salary_min.value, salary_max: el.salary_max.value,
                    source: document.getElementById("source").textContent};
        })()""",
    )
    assert fields["title"] == "Senior Frontend Engineer"
    assert (fields["company"], fields["location"], fields["remote"]) == (
        "Tessellate",
        "United States",
        True,
    )
    assert (fields["salary_min"], fields["salary_max"]) == ("165000", "205000")
    assert "JSON-LD" in fields["source"]
    fill(firefox, popup, {"location": "Remote, United States"})
    click(firefox, popup, "#save")
    firefox.wait_for(popup, f"{text_of('#done-message')}.includes('Saved to your tracker.')")

    app = Application.objects.get(user=seeker)
    assert (app.position, app.company, app.location) == (
        "Senior Frontend Engineer",
        "Tessellate",
        "Remote, United States",
    )
    assert app.work_mode == "remote" and (app.salary_min, app.salary_max) == (165000, 205000)
    assert app.posting_url == f"{job_board}/ashby_remote.html"
    link = firefox.evaluate(popup, "document.getElementById('open-application').href")
    assert link == f"{live_server.url}{app.get_absolute_url()}"

    # 4. The same posting again: the popup says it is tracked, and saving updates it.
    firefox.command("browsingContext.reload", context=popup, wait="complete")
    firefox.wait_for(popup, "!document.getElementById('tracked').hidden")
    assert firefox.evaluate(popup, text_of("#save")) == "Update in tracker"
    click(firefox, popup, "#save")
    firefox.wait_for(
        popup, f"{text_of('#done-message')}.includes('already in your tracker: updated')"
    )
    assert Application.objects.filter(user=seeker).count() == 1

    # No script error or CSP violation in the extension's pages (the saved posting's own
    # scripts point at its job board's CDN, which a test never reaches).
    firefox.command("browsingContext.getTree")  # collects the log entries sent meanwhile
    errors = [
        event["params"]
        for event in firefox.events
        if event.get("method") == "log.entryAdded"
        and event["params"].get("level") == "error"
        and event["params"]["source"].get("context") in (options, popup)
    ]
    assert errors == []
