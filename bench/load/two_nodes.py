"""The load scenario (locustfile.py) against the deploy stack's balancer: one web node, then
two, then two with faults. Run by `make deploy-load` (scripts/deploy_check.sh --load), after
the deploy checks, on the running stack (deploy/stack.py); records bench/RESULTS.md under
"Two web nodes (deploy stack)".

1. Seeds POOL load users inside the stack (seed.py through `manage.py shell`) and signs each
   in once through the balancer's login form (from several loopback addresses, as users on
   different networks: sign-ins are rate-limited per IP).
2. One node: web2 stopped, USERS users for PHASE_SECONDS.
3. Two nodes: web2 started again, the same load.
4. Faults, two nodes, FAULT_SECONDS: half-way the `web` container is killed (SIGKILL) and
   started again RESTART_AFTER seconds later; then the `ai` worker container is killed
   while analyses run, and started again AI_DOWN_SECONDS later. Reports the requests that
   failed while the node was down, checks that every user's session still signs in, that
   every comment the users saw saved is in the database, and that every analysis they
   submitted finishes once the worker is back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.common import machine, percentile, write_results  # noqa: E402
from bench.load.run import LOCUST, WARMUP_SECONDS, FromAddress, Run, error_kinds  # noqa: E402
from deploy.stack import Stack, StackError, wait_for  # noqa: E402
from tests.support.webforms import sign_in  # noqa: E402

HEADING = "Two web nodes (deploy stack)"
USERS = 40
POOL = 3 * USERS  # each run signs in its own users (feed comments are rate-limited per user)
PHASE_SECONDS = 90
FAULT_SECONDS = 240
KILL_WEB_AT = FAULT_SECONDS // 2
RESTART_AFTER = 30
KILL_AI_AT = 180  # or as soon after as an analysis is running
AI_DOWN_SECONDS = 15
LOGIN_ADDRESSES = 16
FINISH_TIMEOUT = 300  # analyses interrupted by the worker kill wait for lease + sweep


class StackSite:
    """What bench/load/run.py's helpers need of a site: its URL and database."""

    def __init__(self, stack: Stack) -> None:
        self.url = stack.url
        self.database_url = (
            f"postgres://careercopilot:{stack.postgres_password}@127.0.0.1:"
            f"{stack.postgres_port}/careercopilot"
        )


def seed(stack: Stack, work: Path) -> Path:
    source = (ROOT / "bench" / "load" / "seed.py").read_text()
    output = stack.manage("shell", "-c", f"{source}\nmain({POOL})\n", timeout=900)
    manifest = json.loads(output.strip().splitlines()[-1])

    def login(numbered: tuple[int, dict]) -> None:
        number, user = numbered
        with stack.session() as session:
            session.mount("https://", FromAddress(f"127.0.0.{2 + number % LOGIN_ADDRESSES}"))
            sign_in(session, stack.url, user["email"], manifest["password"], timeout=120)
            user["cookies"] = {
                "sessionid": session.cookies["sessionid"],
                "csrftoken": session.cookies["csrftoken"],
            }

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(login, enumerate(manifest["users"])))
    path = work / "manifest.json"
    path.write_text(json.dumps(manifest))
    return path


def start_locust(stack: Stack, offset: int, seconds: int, manifest: Path, samples: Path):
    env = {
        **os.environ,
        "LOAD_MANIFEST": str(manifest),
        "LOAD_SAMPLES": str(samples),
        "LOAD_USER_OFFSET": str(offset),
        "LOAD_CA_BUNDLE": stack.cert,  # the balancer's self-signed certificate
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--host",
        stack.url,
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    return subprocess.Popen(  # noqa: S603 - our own fixed command
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def finish_locust(process, samples: Path, started: float, seconds: int) -> Run:
    output, _ = process.communicate(timeout=seconds + 180)
    text = output.decode(errors="replace")
    if "Traceback" in text:
        print(text[text.find("Traceback") :][:4000], file=sys.stderr)
    rows = [json.loads(line) for line in samples.read_text().splitlines() if line]
    return Run(USERS, seconds, rows, started, started + WARMUP_SECONDS)


def run_phase(stack, offset, seconds, manifest, work, name, events=()) -> tuple[Run, dict]:
    """Runs locust for `seconds`; `events` are (second, label, action) done meanwhile.
    Returns the run and the epoch time of each event."""
    samples = work / f"samples-{name}.jsonl"
    samples.unlink(missing_ok=True)
    started = time.time()
    process = start_locust(stack, offset, seconds, manifest, samples)
    times: dict[str, float] = {}
    for at, label, action in events:
        time.sleep(max(0.0, started + at - time.time()))
        times[label] = time.time()
        action()
        print(f"    {name}: {label} at {time.time() - started:.0f} s", flush=True)
    return finish_locust(process, samples, started, seconds), times


def cell(values: list[float]) -> str:
    if not values:
        return "— | — | —"
    return " | ".join(f"{percentile(values, p):.0f}" for p in (50, 95, 99))


def http(run: Run) -> list[dict]:
    return [s for s in run.measured if s["name"] != "ai:submit to ready"]


def sessions_still_signed_in(stack: Stack, manifest: Path) -> tuple[int, int]:
    users = json.loads(manifest.read_text())["users"]
    ok = 0
    for user in users:
        response = requests.get(
            f"{stack.url}/dashboard/",
            cookies=user["cookies"],
            verify=stack.cert,
            allow_redirects=False,
            timeout=30,
        )
        ok += response.status_code == 200
    return ok, len(users)


def data_kept(stack: Stack, manifest: Path, runs: list[Run], since: float) -> dict:
    """Saved comments against rows; submitted analyses against finished rows."""
    post = json.loads(manifest.read_text())["post_id"]
    saved = sum(
        1
        for run in runs
        for s in run.samples
        if s["name"] == "write:post comment" and not s["error"]
    )
    unanswered = sum(
        1 for run in runs for s in run.samples if s["name"] == "write:post comment" and s["error"]
    )
    submitted = sum(
        1 for run in runs for s in run.samples if s["name"] == "ai:submit" and not s["error"]
    )

    def settled():
        rows = stack.sql(
            "SELECT state, count(*) FROM resumes_matchanalysis "
            "WHERE created_at >= to_timestamp(%s) GROUP BY state",
            [since],
        )
        states = dict(rows)
        return states if not states.get("pending") and not states.get("running") else None

    print("    waiting for every submitted analysis to finish", flush=True)
    started = time.monotonic()
    states = wait_for(
        settled, timeout=FINISH_TIMEOUT, interval=2, what="every submitted analysis to finish"
    )
    return {
        "comments_saved": saved,
        "comments_unanswered": unanswered,
        "comments_in_db": stack.sql(
            "SELECT count(*) FROM courses_coursecomment WHERE post_id = %s", [post]
        )[0][0],
        "analyses_submitted": submitted,
        "analyses": states,
        "settle_seconds": time.monotonic() - started,
        "most_attempts": stack.sql(
            "SELECT coalesce(max(attempts), 0) FROM resumes_matchanalysis "
            "WHERE created_at >= to_timestamp(%s)",
            [since],
        )[0][0],
    }


def report(one: Run, two: Run, fault: Run, times: dict, kept: dict, sessions, timings) -> str:
    down_from = times["web killed"]
    up_at = times.get("web healthy", fault.started + fault.seconds)
    window = [s for s in fault.samples if down_from - 5 <= s["t"] <= up_at + 5]
    window_errors = [s for s in window if s["error"]]
    outside = [s for s in http(fault) if s["error"] and s not in window_errors]
    ai_timeouts = [s for s in fault.samples if s["name"] == "ai:submit to ready" and s["error"]]
    lines = [
        f"## {HEADING}",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}, by "
        "`make deploy-load`: the compose stack of `make deploy-check` (production image, "
        "nginx terminating TLS in front of two gunicorn nodes of 2 workers x 4 threads, one "
        "Celery worker per queue, beat, PostgreSQL, Redis, S3, all in containers) and the "
        f"locust scenario of `bench/load/` with {USERS} users. Everything, locust included, "
        "shares the same 2 cores (1-minute load average of the machine "
        f"{os.getloadavg()[0]:.1f} at the end), so these runs prove correctness "
        "(failover, sessions, no lost work), not capacity: a second node on the same cores "
        "adds no CPU.",
        "",
        "| run | requests/s | pages p50 / p95 / p99 ms | all requests p50 / p95 / p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, run in (("one node", one), ("two nodes", two), ("two nodes, faults", fault)):
        lines.append(
            f"| {label} ({run.seconds} s, first {WARMUP_SECONDS} s not measured) | "
            f"{run.requests_per_second:.1f} | {cell(run.ms('page')).replace(' | ', ' / ')} | "
            f"{cell([s['ms'] for s in http(run)]).replace(' | ', ' / ')} | "
            f"{len([s for s in http(run) if s['error']])} |"
        )
    lines += [
        "",
        f"Faults: `web` was killed (SIGKILL) {KILL_WEB_AT} s into the run and started again "
        f"{RESTART_AFTER} s later; it was back in the balancer "
        f"{up_at - down_from:.0f} s after the kill. Requests that failed from 5 s before "
        f"the kill to 5 s after it was healthy again: **{len(window_errors)}** of "
        f"{len(window)}"
        + (f" ({error_kinds(Run(0, 0, window_errors, 0, 0))})" if window_errors else "")
        + f"; failed requests outside that window: {len(outside)}"
        + (f" ({error_kinds(Run(0, 0, outside, 0, 0))})" if outside else "")
        + ".",
        f"Then the `ai` worker was killed {times['worker-ai killed'] - fault.started:.0f} s in, "
        f"while analyses {[pk for pk, _, _ in kept['interrupted']]} ran, and started again "
        f"{AI_DOWN_SECONDS} s later; they finished as {[(s, a) for _, s, a in kept['interrupted']]} "
        "(state, attempts: 2 for one the kill cut off, 1 for one that finished as it landed).",
        "",
        f"- Sessions survive: {sessions[0]} of {sessions[1]} load users' sessions still open "
        "the dashboard after the run (sessions live in PostgreSQL, not in a node).",
        f"- No data lost: {kept['comments_saved']} comments answered as saved, "
        f"{kept['comments_in_db']} in the database ({kept['comments_unanswered']} posts got "
        "an error instead of an answer; those the node had saved before its answer was lost "
        "are the difference).",
        f"- Work finishes: {kept['analyses_submitted']} match analyses submitted in the "
        f"three runs; their rows: {kept['analyses']} (the most attempts of one: "
        f"{kept['most_attempts']}); the last settled {kept['settle_seconds']:.0f} s after the "
        f"fault run ended. {len(ai_timeouts)} users stopped waiting for their analysis "
        "(the scenario gives up after 120 s; the interrupted job is sent again once its "
        "lease, 60 s here, has passed).",
        "",
    ]
    setup = ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
    lines += [f"Setup: {setup}. Run: `make deploy-load`."]
    return "\n".join(lines)


def main() -> int:
    stack = Stack.from_environment()
    site = StackSite(stack)
    began = time.monotonic()
    timings: dict[str, float] = {}
    since = time.time()
    with tempfile.TemporaryDirectory(prefix="cc-two-nodes-") as tmp:
        work = Path(tmp)
        manifest = seed(stack, work)
        timings["seeding and sign-in"] = time.monotonic() - began

        from bench.load.run import refresh_statuses

        mark = time.monotonic()
        stack.compose("stop", "web2")
        refresh_statuses(site, manifest)
        one, _ = run_phase(stack, 0, PHASE_SECONDS, manifest, work, "one node")
        stack.compose("start", "web2")
        stack.wait_healthy("web2")
        refresh_statuses(site, manifest)
        two, _ = run_phase(stack, USERS, PHASE_SECONDS, manifest, work, "two nodes")

        refresh_statuses(site, manifest)
        health: dict[str, float] = {}
        interrupted: list[int] = []

        def restart_web() -> None:
            stack.start("web")

            def healthy() -> None:
                stack.wait_healthy("web")
                health["web healthy"] = time.time()

            threading.Thread(target=healthy, daemon=True).start()

        def kill_ai_mid_analysis() -> None:
            running = "SELECT id FROM resumes_matchanalysis WHERE state = 'running'"
            wait_for(lambda: stack.sql(running), timeout=30, interval=0.1, what="an analysis")
            # An analysis takes about 0.1 s here: one seen running may finish before the kill
            # lands (then it shows 1 attempt); those still running after it were cut off.
            seen = [pk for (pk,) in stack.sql(running)]
            stack.kill("worker-ai")
            interrupted.extend(dict.fromkeys(seen + [pk for (pk,) in stack.sql(running)]))

        events = [
            (KILL_WEB_AT, "web killed", lambda: stack.kill("web")),
            (KILL_WEB_AT + RESTART_AFTER, "web started", restart_web),
            (KILL_AI_AT, "worker-ai killed", kill_ai_mid_analysis),
            (KILL_AI_AT + AI_DOWN_SECONDS, "worker-ai started", lambda: stack.start("worker-ai")),
        ]
        fault, times = run_phase(stack, 2 * USERS, FAULT_SECONDS, manifest, work, "faults", events)
        times.update(health)
        timings["three runs"] = time.monotonic() - mark
        kept = data_kept(stack, manifest, [one, two, fault], since)
        kept["interrupted"] = stack.sql(
            "SELECT id, state, attempts FROM resumes_matchanalysis WHERE id = ANY(%s)",
            [interrupted],
        )
        print("    checking every load user's session", flush=True)
        sessions = sessions_still_signed_in(stack, manifest)
    timings["total"] = time.monotonic() - began
    text = report(one, two, fault, times, kept, sessions, timings)
    print(text)
    write_results(HEADING, text)
    problems = []
    if sessions[0] != sessions[1]:
        problems.append(f"{sessions[1] - sessions[0]} sessions no longer sign in")
    # Every comment answered as saved is there; any more were posts whose answer was lost.
    if kept["comments_in_db"] < kept["comments_saved"]:
        problems.append("comments answered as saved are missing")
    if kept["comments_in_db"] > kept["comments_saved"] + kept["comments_unanswered"]:
        problems.append("more comments in the database than were posted")
    if set(kept["analyses"]) - {"done"}:
        problems.append(f"analyses did not all finish: {kept['analyses']}")
    if problems:
        print("two-node run FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StackError as exc:
        print(f"two-node run FAILED: {exc}", file=sys.stderr)
        sys.exit(1)
