"""The checks of `make deploy-check`, against the local compose stack that
scripts/deploy_check.sh has started (see deploy/stack.py). Each step says what it saw and
stops the check with a clear message when something is wrong.

1. The image: runs as a non-root user, holds no build tools, no tests and no .env; its
   size; `manage.py check --deploy --fail-level WARNING` inside it.
2. The journey through the balancer: /health/, seed_demo, sign in as the demo seeker,
   upload a resume and wait until its analysis (text, skills, quality checks) is done, then
   a match analysis against a job.
3. A web node killed: pages keep coming through the balancer, and the session works on
   either node (sessions live in PostgreSQL); the node restarts and serves again.
4. The `ai` worker killed mid-analysis (an OCR-heavy upload): nothing is lost, and the job
   finishes once the worker is back (the beat sweep sends it again after its lease).
5. Metrics: /metrics through the balancer refuses a scrape without the token, and with it
   shows requests by view, queue depths and job rows; the `ai` worker's own endpoint shows
   the analyses it ran.
6. Backup and restore: pg_dump (deploy/backup.sh), the database volume destroyed, a new
   one restored; every table has the same rows, and the same session still signs in to
   pages that show the same data.
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.stack import ROOT as STACK_ROOT  # noqa: E402
from deploy.stack import Stack, StackError, wait_for  # noqa: E402
from resumes.tests.samples import JOB, page_image, text_pdf  # noqa: E402
from tests.support.webforms import csrf_headers  # noqa: E402

IMAGE = "careercopilot:latest"
SEEKER = "seeker@demo.careercopilot.dev"
SEEKER_PASSWORD = "demo-seeker-2026!"  # noqa: S105 - the public demo login (accounts/demo.py)
APP_SERVICES = ["balancer", "web", "web2", "worker", "worker-ai", "worker-video", "beat"]
JOB_TIMEOUT = 240  # a job whose worker was killed waits for its lease and the next sweep

_began = time.monotonic()


def say(message: str) -> None:
    print(f"    [{time.monotonic() - _began:5.0f}s] {message}", flush=True)


def fail(message: str) -> None:
    raise StackError(message)


# --- 1. The image ----------------------------------------------------------------------------
IMAGE_AUDIT = r"""
[ "$(id -u)" != 0 ] || echo "runs as root"
for tool in gcc cc c++ make npm node git; do
  command -v "$tool" >/dev/null && echo "has a build tool: $tool"
done
[ ! -e /opt/venv/bin/pip ] || echo "has pip in /opt/venv"
find /app \( -name tests -type d -o -name conftest.py -o -name 'test_*.py' -o -name bench \) \
  -print | sed 's/^/has /' | head -n 5
find /app \( -name .env -o -name '.env.*' \) ! -name .env.example -print | sed 's/^/has /'
find /app -name '*.crt' -print | sed 's/^/has /'
true
"""


def check_image(stack: Stack) -> None:
    size = int(stack.docker("image", "inspect", "-f", "{{.Size}}", IMAGE))
    user = stack.docker("image", "inspect", "-f", "{{.Config.User}}", IMAGE).strip()
    if user in ("", "root", "0"):
        fail(f"the image runs as {user or 'root'}")
    problems = stack.compose("exec", "-T", "web", "sh", "-c", IMAGE_AUDIT).strip()
    if problems:
        fail(f"the image is not clean:\n{problems}")
    say(f"image {IMAGE}: {size / 1e6:.0f} MB, user {user}, no build tools, tests or .env")
    output = stack.manage("check", "--deploy", "--fail-level", "WARNING")
    say(f"check --deploy inside the image: {output.strip().splitlines()[-1]}")


# --- 2. The journey --------------------------------------------------------------------------
def post_form(session, stack: Stack, path: str, fields: dict, files=None):
    """Submits a form of the page at `path` (which sets the CSRF cookie) as a browser would."""
    session.get(f"{stack.url}{path}", timeout=30).raise_for_status()
    return session.post(
        f"{stack.url}{path}",
        data=fields,
        files=files,
        headers={"Referer": f"{stack.url}{path}", **csrf_headers(session)},
        allow_redirects=False,
        timeout=60,
    )


def upload_resume(session, stack: Stack, name: str, filename: str, data: bytes) -> int:
    files = {"file": (filename, data, "application/pdf")}
    response = post_form(session, stack, "/resumes/", {"name": name}, files=files)
    found = re.search(r"/resumes/versions/(\d+)/", response.headers.get("Location", ""))
    if response.status_code != 302 or not found:
        fail(f"the upload of {filename} was refused: HTTP {response.status_code}")
    return int(found.group(1))


def wait_job(session, stack: Stack, path: str, target: str, table: str, pk: int) -> float:
    """Polls the status fragment as the page does (htmx, every second) until it stops
    polling (HTTP 286); then the row must be done. Returns the seconds it took."""
    started = time.monotonic()

    def finished() -> bool:
        response = session.get(
            f"{stack.url}{path}", headers={"HX-Request": "true", "HX-Target": target}, timeout=30
        )
        if response.status_code not in (200, 286):
            fail(f"{path} answered HTTP {response.status_code} while polling")
        return response.status_code == 286

    wait_for(finished, timeout=JOB_TIMEOUT, interval=1, what=f"{path} to finish")
    state, error = stack.sql(f"SELECT state, error FROM {table} WHERE id = %s", [pk])[0]  # noqa: S608 - our table names
    if state != "done":
        fail(f"{path} finished as {state}: {error}")
    return time.monotonic() - started


def journey(stack: Stack):
    stack.wait_site()
    say("/health/ answers 200 through the balancer")
    stack.manage("seed_demo", "--allow-production")
    say("seed_demo done")
    session = stack.session()
    stack.sign_in(session, SEEKER, SEEKER_PASSWORD)
    dashboard = session.get(f"{stack.url}/dashboard/", timeout=30)
    if dashboard.status_code != 200 or "Sam" not in dashboard.text:
        fail(f"the dashboard after sign-in: HTTP {dashboard.status_code}")
    say(f"signed in as {SEEKER}; the dashboard shows")

    version = upload_resume(session, stack, "Deploy check", "deploy-check.pdf", text_pdf())
    path = f"/resumes/versions/{version}/"
    seconds = wait_job(
        session, stack, path, f"job-resumeversion-{version}", "resumes_resumeversion", version
    )
    page = session.get(f"{stack.url}{path}", timeout=30).text
    for expected in ("Skills found", "Quality checks", "Django", "Jane Doe"):
        if expected not in page:
            fail(f"the analysed resume's page lacks {expected!r}")
    say(f"resume uploaded and analysed in {seconds:.1f} s (skills, quality, text shown)")

    fields = {
        "version": version,
        "job_title": "Senior Backend Engineer",
        "company": "Acme Data",
        "job_description": JOB,
    }
    response = post_form(session, stack, "/resumes/match/", fields)
    found = re.search(r"/resumes/match/(\d+)/", response.headers.get("Location", ""))
    if response.status_code != 302 or not found:
        fail(f"the match analysis was refused: HTTP {response.status_code}")
    analysis = int(found.group(1))
    path = f"/resumes/match/{analysis}/"
    seconds = wait_job(
        session, stack, path, f"job-matchanalysis-{analysis}", "resumes_matchanalysis", analysis
    )
    score = re.search(r'data-testid="match-score">(\d+)<', session.get(f"{stack.url}{path}").text)
    if not score:
        fail("the finished match analysis shows no score")
    say(f"match analysis done in {seconds:.1f} s: score {score.group(1)}/100")
    return session, version


# --- Metrics -------------------------------------------------------------------------------
AI_WORKER_METRICS_PORT = 55092  # deploy/compose.local.yml
WEB_PORTS = (55081, 55082)  # deploy/compose.local.yml


def metric_lines(text: str, name: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(name + "{")]


def metrics_scraped(stack: Stack) -> None:
    token = os.environ["METRICS_TOKEN"]
    refused = stack.session().get(f"{stack.url}/metrics", timeout=30)
    if refused.status_code != 401:
        fail(f"/metrics without the token answered HTTP {refused.status_code}, not 401")
    scrape = stack.session()
    scrape.headers["Authorization"] = f"Bearer {token}"
    through_balancer = scrape.get(f"{stack.url}/metrics", timeout=30)
    if through_balancer.status_code != 200:
        fail(f"/metrics with the token answered HTTP {through_balancer.status_code}")
    # Counters are per node: Prometheus scrapes each node, as here (plain HTTP, no redirect).
    text = "".join(
        scrape.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text for port in WEB_PORTS
    )
    wanted = {
        "careercopilot_http_requests_total": 'view="dashboard"',
        "careercopilot_http_request_duration_seconds_bucket": 'view="resumes:version_detail"',
        "careercopilot_celery_queue_messages": 'queue="ai"',
        "careercopilot_jobs": 'kind="resumes.MatchAnalysis"',
    }
    for name, label in wanted.items():
        if not any(label in line for line in metric_lines(text, name)):
            fail(f"/metrics of the web nodes lacks {name}{{{label}}}")
    worker = scrape.get(f"http://127.0.0.1:{AI_WORKER_METRICS_PORT}/metrics", timeout=30).text
    runs = [
        line
        for line in metric_lines(worker, "careercopilot_celery_tasks_total")
        if 'task="resumes.tasks.analysis_run"' in line and 'outcome="success"' in line
    ]
    if not runs:
        fail("the ai worker's /metrics shows no successful resumes.tasks.analysis_run")
    say(
        f"/metrics: 401 without the token; requests, queues and jobs on the web nodes; "
        f"the ai worker's tasks ({float(runs[0].rsplit(' ', 1)[-1]):.0f} analyses)"
    )


# --- 3. A web node killed --------------------------------------------------------------------
def node_serves(stack: Stack, session, port: int) -> bool:
    """The node answers the signed-in dashboard by itself (as the balancer would ask it)."""
    import requests

    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    try:
        response = requests.get(
            f"http://127.0.0.1:{port}/dashboard/",
            headers={
                "Cookie": cookie,
                "Host": f"127.0.0.1:{stack.https_port}",
                "X-Forwarded-Proto": "https",
            },
            allow_redirects=False,
            timeout=10,
        )
    except requests.RequestException:
        return False
    return response.status_code == 200 and "Sam" in response.text


def web_node_killed(stack: Stack, session) -> None:
    ports = {
        "web": int(stack.env.get("DEPLOY_WEB1_PORT", "55081")),
        "web2": int(stack.env.get("DEPLOY_WEB2_PORT", "55082")),
    }
    for service, port in ports.items():
        if not node_serves(stack, session, port):
            fail(f"{service} does not serve the signed-in dashboard by itself")
    stack.kill("web")
    failed = 0
    for _ in range(20):
        response = session.get(f"{stack.url}/tracker/applications/", timeout=30)
        failed += response.status_code != 200
    if failed:
        fail(f"with web killed, {failed} of 20 page views through the balancer failed")
    say("web killed: 20 of 20 page views served by web2, same session")
    stack.start("web")
    stack.wait_healthy("web")
    if not node_serves(stack, session, ports["web"]):
        fail("the restarted web node does not serve the signed-in dashboard")
    say("web restarted and serves the same session again")


# --- 4. The ai worker killed mid-analysis ----------------------------------------------------
def scanned_resume(pages: int) -> bytes:
    """A scan of `pages` pages (no text layer): OCR keeps the ai worker busy for seconds."""
    import pymupdf

    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page()
        page.insert_image(page.rect, stream=page_image(dpi=200))
    out = io.BytesIO(doc.tobytes())
    doc.close()
    return out.getvalue()


def ai_worker_killed(stack: Stack, session) -> None:
    versions = [
        upload_resume(session, stack, f"Scan {n}", f"scan-{n}.pdf", scanned_resume(3))
        for n in (1, 2)
    ]

    def running() -> list[int]:
        return [
            pk
            for (pk,) in stack.sql(
                "SELECT id FROM resumes_resumeversion WHERE id = ANY(%s) AND state = 'running'",
                [versions],
            )
        ]

    caught = wait_for(running, timeout=120, interval=0.2, what="an upload's OCR to start")
    stack.kill("worker-ai")
    killed = time.monotonic()
    time.sleep(3)
    still = running()
    if not set(caught) & set(still):
        fail(f"the killed worker's job {caught} did not stay running (it finished first?)")
    say(f"worker-ai killed while resume version {caught[0]} was being read (OCR)")
    stack.start("worker-ai")
    for pk in versions:
        wait_job(
            session,
            stack,
            f"/resumes/versions/{pk}/",
            f"job-resumeversion-{pk}",
            "resumes_resumeversion",
            pk,
        )
    attempts = stack.sql("SELECT attempts FROM resumes_resumeversion WHERE id = %s", [caught[0]])
    say(
        f"worker-ai back: both uploads done {time.monotonic() - killed:.0f} s after the kill "
        f"(the interrupted one in {attempts[0][0]} attempts)"
    )


# --- 5. Backup and restore -------------------------------------------------------------------
def signed_in_data(stack: Stack, session, version: int) -> dict[str, list[str]]:
    """What the seeker's pages show: the applications table and the analysed resume."""
    table = session.get(f"{stack.url}/tracker/applications/", timeout=30)
    resume = session.get(f"{stack.url}/resumes/versions/{version}/", timeout=30)
    for response in (table, resume):
        if response.status_code != 200 or 'name="password"' in response.text:
            fail(f"{response.url} is not a signed-in page (HTTP {response.status_code})")
    return {
        "applications": re.findall(r'aria-label="Select ([^"]+)"', table.text),
        "skills": re.findall(r'<li class="chip">([^<]+)</li>', resume.text),
        "resume text": re.findall(r'<pre class="ats-text"[^>]*>(.*?)</pre>', resume.text, re.S),
    }


def backup_and_restore(stack: Stack, session, version: int) -> None:
    before = signed_in_data(stack, session, version)
    if not before["applications"] or not before["skills"]:
        fail("the seeker's pages show no applications or skills to compare")
    stack.compose("stop", *APP_SERVICES, timeout=300)
    counts = stack.row_counts()
    backup = STACK_ROOT / "var" / "deploy" / "backups" / "deploy-check.dump"
    backup.unlink(missing_ok=True)
    run_backup("dump", str(backup))
    say(
        f"backup: {backup.stat().st_size / 1e6:.1f} MB, {sum(counts.values())} rows in "
        f"{len(counts)} tables"
    )

    stack.compose("rm", "--stop", "-f", "postgres")
    volume = f"{stack.project}_postgres-data"
    stack.docker("volume", "rm", volume)
    if volume in stack.docker("volume", "ls", "-q").split():
        fail(f"the volume {volume} is still there")
    stack.compose("up", "-d", "--no-deps", "postgres")
    stack.wait_healthy("postgres")
    if stack.row_counts():
        fail("the new database volume is not empty")
    say("database volume destroyed; PostgreSQL started on a new, empty one")

    run_backup("restore", str(backup))
    restored = stack.row_counts()
    if restored != counts:
        diff = {
            t: (counts.get(t), restored.get(t))
            for t in counts.keys() | restored.keys()
            if counts.get(t) != restored.get(t)
        }
        fail(f"row counts differ after the restore (before, after): {diff}")
    say(f"restored: the same row count in each of the {len(restored)} tables")

    stack.compose("up", "-d", "--no-build", timeout=900)
    stack.wait_site()
    after = signed_in_data(stack, session, version)
    if after != before:
        fail(f"the signed-in pages differ after the restore:\n{before}\n{after}")
    say(
        f"the same session signs in after the restore: {len(after['applications'])} "
        f"applications and {len(after['skills'])} skills, as before"
    )


def run_backup(*args: str) -> None:
    done = subprocess.run(  # noqa: S603 - our own script
        ["bash", str(STACK_ROOT / "deploy" / "backup.sh"), *args],  # noqa: S607
        cwd=STACK_ROOT,
        env={**Stack.from_environment().env, "COMPOSE": "docker-compose"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        fail(f"deploy/backup.sh {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def main() -> int:
    stack = Stack.from_environment()
    try:
        check_image(stack)
        session, version = journey(stack)
        metrics_scraped(stack)
        web_node_killed(stack, session)
        ai_worker_killed(stack, session)
        backup_and_restore(stack, session, version)
    except StackError as exc:
        print(f"deploy check FAILED: {html.unescape(str(exc))}", file=sys.stderr)
        return 1
    say("all deploy checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
