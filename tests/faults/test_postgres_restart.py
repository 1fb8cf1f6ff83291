"""PostgreSQL restarts (``pg_ctl restart -m fast``) while users browse and write: the site
recovers by itself, a request caught by the restart gets the 500 page (never a traceback),
and every write the site acknowledged is in the database afterwards.

The site is production-like (tests/support/prodserver.py: gunicorn, DEBUG off) on a
private PostgreSQL cluster that this test starts and restarts; the shared one is untouched.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import psycopg
import pytest
import requests

from tests.faults.support import PostgresCluster
from tests.support.prodserver import TEMPLATE_PREFIX, ProdSite
from tests.support.prodsite_inputs import migrations_digest, services_env
from tests.support.webforms import csrf_headers, form_fields, sign_in

pytestmark = pytest.mark.faults

SITE = "cc_faults_pg"
SEEKER = ("seeker@demo.careercopilot.dev", "demo-seeker-2026!")
PAGES = ["/dashboard/", "/tracker/", "/tracker/applications/", "/resumes/", "/courses/"]
BROWSERS = 4
RESTART_AFTER = 3.0  # seconds of load (after signing in) before the restart
RECOVERED_WITHIN = 5.0  # seconds after the restart by which every request succeeds again
LOAD_AFTER = 8.0  # seconds of load after the restart


def migrated_template() -> str:
    """The URL of the migrated schema prodserver keeps on the shared server (built once)."""
    shared = services_env()["DATABASE_URL"]
    template = f"{TEMPLATE_PREFIX}{migrations_digest()}"
    admin = shared.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
    if not found:  # the first production-like start of this schema builds it
        ProdSite(name=f"{SITE}_template", with_worker=False, with_stripe=False).start().stop()
    return shared.rsplit("/", 1)[0] + f"/{template}"


@dataclass
class Outcome:
    at: float
    what: str
    status: int  # 0: no HTTP answer at all
    body: str = ""


@dataclass
class Load:
    base_url: str
    outcomes: list[Outcome] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # companies of acknowledged writes
    stop: threading.Event = field(default_factory=threading.Event)
    signed_in: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(0))

    def browse(self, number: int) -> None:
        session = requests.Session()
        try:
            sign_in(session, self.base_url, *SEEKER, timeout=30)
        except RuntimeError as exc:
            self.outcomes.append(Outcome(time.monotonic(), "login", 0, str(exc)))
            return
        finally:
            self.signed_in.release()
        step = 0
        while not self.stop.is_set():
            step += 1
            if step % 3 == 0:
                self._write(session, f"Restart Co {number}-{step}")
            else:
                self._get(session, PAGES[(number + step) % len(PAGES)])

    def probe(self) -> None:
        """A load balancer's health probe: no cookies, every 0.2 s."""
        while not self.stop.is_set():
            self._record("probe", lambda: requests.get(f"{self.base_url}/health/", timeout=30))
            time.sleep(0.2)

    def _record(self, what: str, call) -> requests.Response | None:
        try:
            response = call()
        except requests.RequestException:
            self.outcomes.append(Outcome(time.monotonic(), what, 0))
            return None
        self.outcomes.append(Outcome(time.monotonic(), what, response.status_code, response.text))
        return response

    def _get(self, session, path: str) -> None:
        self._record(path, lambda: session.get(self.base_url + path, timeout=30))

    def _write(self, session, company: str) -> None:
        url = f"{self.base_url}/tracker/applications/new/"
        form = session.get(url, timeout=30)
        if form.status_code != 200:
            self.outcomes.append(Outcome(time.monotonic(), "new form", form.status_code, form.text))
            return
        fields = form_fields(form.text, "/tracker/applications/new/")
        fields.update(company=company, position="Analytics Engineer")
        response = self._record(
            "create application",
            lambda: session.post(
                url, data=fields, headers=csrf_headers(session), allow_redirects=False, timeout=30
            ),
        )
        if response is not None and response.status_code == 302:
            self.created.append(company)


def test_site_recovers_by_itself_after_postgres_restarts_under_load():
    template = migrated_template()
    cluster = PostgresCluster().start()
    site = None
    try:
        cluster.create_database(SITE)
        cluster.restore_from(template, SITE)
        site = ProdSite(
            name=SITE,
            gunicorn_workers=2,
            with_worker=False,
            with_stripe=False,
            extra_env={"DATABASE_URL": cluster.url(SITE)},
        ).start()
        load = Load(site.url)
        browsers = [
            threading.Thread(target=load.browse, args=(n,), daemon=True) for n in range(BROWSERS)
        ] + [threading.Thread(target=load.probe, daemon=True)]
        for browser in browsers:
            browser.start()
        for _ in range(BROWSERS):  # everyone signed in before the restart
            assert load.signed_in.acquire(timeout=120)
        time.sleep(RESTART_AFTER)
        cluster.restart()
        restarted = time.monotonic()
        time.sleep(LOAD_AFTER)
        load.stop.set()
        for browser in browsers:
            browser.join(timeout=60)
        web_log = site.log("web")
        with psycopg.connect(cluster.url(SITE)) as conn:
            stored = {
                row[0]
                for row in conn.execute(
                    "SELECT company FROM tracker_application WHERE company LIKE 'Restart Co %%'"
                )
            }
    finally:
        if site is not None:
            site.stop()
        cluster.stop()

    outcomes = load.outcomes
    errors = web_log[web_log.find("Traceback") - 200 :][:6000] if "Traceback" in web_log else ""
    assert len(outcomes) > 50, f"too little load to mean anything: {outcomes[:5]}\n{errors}"
    assert all(o.status != 0 for o in outcomes), [o for o in outcomes if o.status == 0][:3]
    print("outcomes:", Counter((o.what == "probe", o.status) for o in outcomes))  # with -s
    probes = [o for o in outcomes if o.what == "probe"]
    assert probes and {o.status for o in probes} <= {200, 503}, {o.status for o in probes}
    for o in probes:
        if o.status == 503:  # names the database, and only the database
            checks = json.loads(o.body)["checks"]
            assert checks["db"]["status"].startswith("error"), checks
            assert checks["cache"]["status"] == "ok", checks
    failed = [o for o in outcomes if o.status >= 500 and o.what != "probe"]
    for o in failed:  # the error page, as production shows it: no traceback, no internals
        assert o.status == 500, (o.what, o.status)
        assert "Something went wrong on our side" in o.body, o.body[:500]
        for leak in ("Traceback", "OperationalError", "psycopg", "File &quot;", 'File "'):
            assert leak not in o.body, (o.what, leak)
    late = [o for o in outcomes if o.at > restarted + RECOVERED_WITHIN]
    assert late and all(o.status < 400 for o in late), [
        (o.what, o.status) for o in late if o.status >= 400
    ]
    # Nothing acknowledged is lost.
    assert load.created and set(load.created) <= stored
    assert "OperationalError" in web_log  # the failures were logged, with their cause
