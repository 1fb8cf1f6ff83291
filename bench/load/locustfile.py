"""The load scenario: job seekers (who are also students of the demo course) using the site.

Each simulated user signs in through the login form as its own seeded user (see seed.py),
then, with 1-2 s of thinking between actions:

- 70 % page views: dashboard, board, applications table, analytics, course page;
- 20 % writes: move an application on the board (htmx), save a note on an application
  (its edit form), post a comment in the course feed;
- 10 % match analyses on the local engine through Celery: submit, then poll the status
  fragment every second (as the page does) until it is done.

Every request is appended to $LOAD_SAMPLES as a JSON line (start time, category, name,
milliseconds, status, error) so that bench/load/run.py computes exact percentiles per
category. $LOAD_MANIFEST is seed.py's output; $LOAD_USER_OFFSET picks the slice of users.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.support.webforms import csrf_headers, form_fields  # noqa: E402

MANIFEST = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text())
SAMPLES = open(os.environ["LOAD_SAMPLES"], "a", buffering=1)  # noqa: SIM115 - for the run
_next_user = itertools.count(int(os.environ.get("LOAD_USER_OFFSET", "0")))
POLL_SECONDS = 1.0
AI_TIMEOUT = 120.0
MOVE_TO = ["applied", "phone_screen", "technical", "final", "rejected", "ghosted"]
JOB = (
    "Senior Analytics Engineer at {company}. You will own our dbt project and SQL models, "
    "build pipelines in Python and Airflow on Snowflake, define metrics with finance and "
    "product, and keep dashboards in Looker fast and trusted. Requirements: 4+ years of SQL, "
    "dbt, data modelling, testing, Git and code review; Spark is a plus. Ref {ref}."
)


@events.request.add_listener
def record(request_type, name, response_time, response_length, exception, **kwargs):
    category = name.split(":", 1)[0]
    status = getattr(kwargs.get("response"), "status_code", 0)
    SAMPLES.write(
        json.dumps(
            {
                "t": time.time() - response_time / 1000,
                "category": category,
                "name": name,
                "ms": round(response_time, 2),
                "status": status,
                "error": str(exception)[:200] if exception else "",
            }
        )
        + "\n"
    )


def _fail(response, message: str) -> None:
    response.failure(f"{message} (HTTP {response.status_code})")


class Seeker(HttpUser):
    wait_time = between(1, 2)

    def on_start(self) -> None:
        # Over HTTPS (the deploy stack, bench/load/two_nodes.py): trust its certificate, and
        # send the Origin a browser sends, which Django checks on POSTs.
        if os.environ.get("LOAD_CA_BUNDLE"):
            self.client.verify = os.environ["LOAD_CA_BUNDLE"]
        self.client.headers["Origin"] = self.host.rstrip("/")
        index = next(_next_user) % len(MANIFEST["users"])
        me = MANIFEST["users"][index]
        self.version = me["version"]
        self.applications = {pk: status for pk, status in me["applications"]}
        if me.get("cookies"):  # signed in through the form already (run.py): same session
            host = urlsplit(self.host).hostname
            for name, value in me["cookies"].items():
                self.client.cookies.set(name, value, domain=host, path="/")
            return
        page = self.client.get("/accounts/login/", name="login:form")
        fields = form_fields(page.text, "/accounts/login/")
        fields.update(login=me["email"], password=MANIFEST["password"])
        with self.client.post(
            "/accounts/login/",
            data=fields,
            name="login:submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                _fail(response, "login refused")

    # --- 70 %: page views ---------------------------------------------------------------------
    def _page(self, path: str, name: str) -> None:
        with self.client.get(path, name=f"page:{name}", catch_response=True) as response:
            if response.status_code != 200 or "Sign in" in response.text[:3000]:
                _fail(response, "page not shown")

    @task(14)
    def dashboard(self) -> None:
        self._page("/dashboard/", "dashboard")

    @task(14)
    def board(self) -> None:
        self._page("/tracker/", "board")

    @task(14)
    def table(self) -> None:
        self._page("/tracker/applications/", "table")

    @task(14)
    def analytics(self) -> None:
        self._page("/tracker/analytics/", "analytics")

    @task(14)
    def course(self) -> None:
        self._page(f"/courses/{MANIFEST['course_id']}/", "course")

    # --- 20 %: writes ---------------------------------------------------------------------------
    @task(8)
    def move(self) -> None:
        pk, status = random.choice(list(self.applications.items()))
        target = random.choice([s for s in MOVE_TO if s != status])
        with self.client.post(
            f"/tracker/board/{pk}/move/",
            data={"status": target},
            headers={**csrf_headers(self.client), "HX-Request": "true"},
            name="write:move application",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "Moved" not in response.headers.get("HX-Trigger", ""):
                _fail(response, "move not saved")
            else:
                self.applications[pk] = target

    @task(6)
    def note(self) -> None:
        pk = random.choice(list(self.applications))
        form = self.client.get(f"/tracker/applications/{pk}/edit/", name="write:note form")
        fields = form_fields(form.text, f"/tracker/applications/{pk}/edit/")
        fields["notes"] = f"Called the recruiter; next step in a week. ({uuid.uuid4().hex[:6]})"
        with self.client.post(
            f"/tracker/applications/{pk}/edit/",
            data=fields,
            headers=csrf_headers(self.client),
            name="write:save note",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                _fail(response, "note not saved")

    @task(6)
    def comment(self) -> None:
        with self.client.post(
            f"/courses/feed/posts/{MANIFEST['post_id']}/comments/",
            data={"body": random.choice(COMMENTS)},
            headers=csrf_headers(self.client),
            name="write:post comment",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "#comment-" not in response.headers.get(
                "Location", ""
            ):
                _fail(response, "comment not saved")

    # --- 10 %: AI analyses through Celery ---------------------------------------------------------
    @task(10)
    def analyse(self) -> None:
        started = time.time()
        with self.client.post(
            "/resumes/match/",
            data={
                "version": self.version,
                "job_title": "Senior Analytics Engineer",
                "company": random.choice(["Northwind", "Globex", "Initech"]),
                # A new posting each time: no cached result, a real analysis in the worker.
                "job_description": JOB.format(company="Globex", ref=uuid.uuid4().hex),
            },
            headers=csrf_headers(self.client),
            name="ai:submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/resumes/match/" not in location:
                _fail(response, "analysis not queued")
                return
        pk = location.rstrip("/").rsplit("/", 1)[-1]
        while True:
            time.sleep(POLL_SECONDS)
            with self.client.get(
                location,
                headers={"HX-Request": "true", "HX-Target": f"job-matchanalysis-{pk}"},
                name="ai:poll",
                catch_response=True,
            ) as poll:
                if poll.status_code == 286:  # htmx "stop polling": the analysis is finished
                    if "job-failed" in poll.text:
                        _fail(poll, "analysis failed")
                    break
                if poll.status_code != 200:
                    _fail(poll, "status not shown")
                    return
            if time.time() - started > AI_TIMEOUT:
                events.request.fire(
                    request_type="AI",
                    name="ai:submit to ready",
                    response_time=(time.time() - started) * 1000,
                    response_length=0,
                    exception=TimeoutError("analysis not ready in time"),
                )
                return
        events.request.fire(
            request_type="AI",
            name="ai:submit to ready",
            response_time=(time.time() - started) * 1000,
            response_length=0,
            exception=None,
        )


COMMENTS = [
    "Practised my STAR story about the migration project.",
    "Rewrote my summary to lead with numbers, thanks for the tip.",
    "Did two mock interviews; the second went much better.",
    "Working on a 60-second pitch for the analytics role.",
]
