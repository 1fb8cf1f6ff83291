"""Career Copilot started like production, on 127.0.0.1, for browser journeys, fault tests
and load tests. No Django imports here: the site runs in its own processes.

    from tests.support.prodserver import ProdSite

    site = ProdSite(name="cc_e2e").start()      # or: with ProdSite(...) as site:
    try:
        page.goto(site.url + "/accounts/login/")
        users = site.shell("from accounts.models import User; print(User.objects.count())")
    finally:
        site.stop()

What ``start()`` builds
-----------------------
- **PostgreSQL**: its own database ``name`` on the shared test server (``scripts/services.sh``,
  port 54329), dropped and re-created. The schema comes from the real migration history:
  the first start migrates a fresh database (about a minute: dj-stripe's history) and keeps
  it as a template, ``cc_template_<hash of the migration files>``; later starts clone the
  template in a second, then ``migrate`` still runs (a no-op unless something is new).
- **Redis**: the shared server, but its own two databases (broker, cache), flushed on start.
  Chosen from ``name`` (``redis_db``, ``redis_db + 1``), so other suites' workers never take
  this site's tasks. Pass ``extra_env={"REDIS_URL": ...}`` to use a throwaway Redis (the
  cache then uses its database 1 unless ``REDIS_CACHE_URL`` is given too).
- **S3**: its own private bucket on the shared S3-compatible server (moto), created if
  missing, with the CORS rule a real bucket needs for the browser's presigned POST uploads.
- **Static files**: ``collectstatic`` with WhiteNoise's compressed manifest storage, as in
  the image. Compressing every file (brotli, gzip) costs a minute of CPU, so the result is
  kept under ``var/e2e/`` per hash of the static sources and installed packages, and reused
  as ``STATIC_ROOT`` while nothing changes.
- **Stripe**: the local fake (``tests/fakes/stripe_server.py``) in a thread of this process,
  with ``STRIPE_API_HOST`` pointing the site at it, webhooks delivered to
  ``<url>/billing/webhook/`` and the plans synced (``billing_sync_plans``). ``.stripe`` is the
  ``FakeStripe`` (``deliveries``, ``deliver(event)``, ``webhook_delay``, ...).
- **Email**: Django's file backend into ``.mail_dir``; ``.emails(to=...)`` parses them.
- **AI**: no Anthropic key, so the local engine.
- **Demo data**: ``seed_demo --allow-production`` (the demo logins in accounts/demo.py;
  ``demo_totp_code`` refuses to run in production, so compute staff codes with pyotp from
  ``accounts.demo.DEMO_TOTP_SECRET``).
- **Processes**, each in its own process group with a log under ``.log_dir``:
  ``gunicorn careercopilot.wsgi -c gunicorn.conf.py`` (``gunicorn_workers`` x
  ``gunicorn_threads`` gthread), ``celery worker`` on the default, ai and video queues
  (``with_worker``), and optionally ``celery beat`` (``with_beat``).

Settings are production's (``DJANGO_ENV=production``: DEBUG off, manifest static files,
HSTS, strict CSP) with one documented difference, needed to serve plain HTTP on 127.0.0.1:
``SECURE_SSL_REDIRECT``, ``SESSION_COOKIE_SECURE`` and ``CSRF_COOKIE_SECURE`` are false and
account emails link with ``http``.

API (stable: fault and load tests build on it)
----------------------------------------------
``ProdSite(name="cc_e2e", gunicorn_workers=2, with_worker=True, extra_env={}, *,
gunicorn_threads=4, worker_concurrency=2, with_beat=False, with_stripe=True,
redis_db=None, keep_files=False)``

- ``.start() -> ProdSite`` / ``.stop()`` (idempotent; also a context manager)
- ``.url``: ``http://127.0.0.1:<port>``; ``.port``
- ``.env``: the environment every process of the site runs with (a dict; copy it to run
  your own ``manage.py``/``celery`` commands against the same site)
- ``.manage(*args, timeout=300) -> str``: runs ``manage.py`` with ``.env``; returns stdout,
  raises ``RuntimeError`` (with the output) on a non-zero exit
- ``.shell(code) -> str``: ``manage.py shell -c code``
- ``.kill_worker()``: SIGKILL to the worker's whole process group (main process and pool
  children, as an out-of-memory kill would); ``.start_worker()`` starts a fresh one and
  waits until it is ready; ``.stop_worker()`` is the warm shutdown; ``.worker_running``
- ``.kill_web()`` / ``.start_web()``: the same for gunicorn
- ``.mail_dir``: the file backend's folder; ``.emails(to=None)`` -> list of
  ``email.message.EmailMessage``, oldest first
- ``.log_dir``; ``.log(name)`` -> the text of ``web``, ``worker`` or ``beat``'s log
- ``.stripe``: the ``FakeStripe`` (None with ``with_stripe=False``)
- ``.database_url``, ``.redis_url``, ``.bucket``, ``.timings`` (seconds per start step)
"""

from __future__ import annotations

import atexit
import email
import email.policy
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib
from email.message import EmailMessage
from pathlib import Path

from .processes import free_port, kill_group, stop_group, tail, wait_until
from .prodsite_inputs import (
    ROOT,
    SERVICES,
    migrations_digest,
    services_env,
    static_digest,
    with_path,
)

CACHE_DIR = ROOT / "var" / "e2e"
TEMPLATE_PREFIX = "cc_template_"
TEMPLATE_LOCK = 7_402_113  # pg_advisory_lock key: one template build at a time
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")  # a database and a bucket name
READY_TIMEOUT = 90
# Inherited variables that would change what the site runs on; the site sets its own.
_OWN_VARIABLES = re.compile(
    r"^(DJANGO_.*|DEBUG|SECRET_KEY|ALLOWED_HOSTS|CSRF_.*|SESSION_.*|SECURE_.*|SITE_URL|"
    r"STATE_DIR|STATIC_ROOT|MEDIA_ROOT|STATICFILES_BACKEND|DATABASE_URL|CONN_MAX_AGE|"
    r"REDIS_.*|CELERY_.*|AWS_.*|EMAIL_.*|DEFAULT_FROM_EMAIL|ANTHROPIC_.*|AI_.*|STRIPE_.*|"
    r"ACCOUNT_.*|ADMIN_REQUIRES_MFA|LOG_.*|PORT|WEB_CONCURRENCY|GUNICORN_.*|"
    r"FORWARDED_ALLOW_IPS|(GOOGLE|GITHUB)_CLIENT_.*)$"
)
# dj-stripe accepts keys of the form (sk|pk|rk)_(test|live)_[A-Za-z0-9]{24,}.
STRIPE_TEST_KEY = "sk_test_51ProdSiteCareerCopilotKey000000"
STRIPE_WEBHOOK_SECRET = "whsec_prodSiteCareerCopilotSecret0000"  # noqa: S105 - a test value


class ProdSite:
    """A production-like Career Copilot on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        name: str = "cc_e2e",
        gunicorn_workers: int = 2,
        with_worker: bool = True,
        extra_env: dict[str, str] | None = None,
        *,
        gunicorn_threads: int = 4,
        worker_concurrency: int = 2,
        with_beat: bool = False,
        with_stripe: bool = True,
        redis_db: int | None = None,
        keep_files: bool = False,
    ) -> None:
        if not NAME_PATTERN.match(name):
            raise ValueError(f"name must match {NAME_PATTERN.pattern} (it names a database)")
        self.name = name
        self.gunicorn_workers = gunicorn_workers
        self.gunicorn_threads = gunicorn_threads
        self.with_worker = with_worker
        self.worker_concurrency = worker_concurrency
        self.with_beat = with_beat
        self.with_stripe = with_stripe
        self.extra_env = dict(extra_env or {})
        # Even databases 2..14 for the broker, the next one for the cache (0/1: the suite's).
        self.redis_db = (
            redis_db if redis_db is not None else 2 + 2 * (zlib.crc32(name.encode()) % 7)
        )
        self.keep_files = keep_files
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.bucket = f"{name.replace('_', '-')}-media"
        self.env: dict[str, str] = {}
        self.timings: dict[str, float] = {}
        self.stripe = None
        self.database_url = ""
        self.redis_url = ""
        self._dir: Path | None = None
        self._processes: dict[str, subprocess.Popen] = {}
        self._started = False

    # --- paths ----------------------------------------------------------------------------
    @property
    def work_dir(self) -> Path:
        assert self._dir is not None, "call start() first"
        return self._dir

    @property
    def mail_dir(self) -> Path:
        return self.work_dir / "mail"

    @property
    def log_dir(self) -> Path:
        return self.work_dir / "logs"

    def log(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # --- lifecycle --------------------------------------------------------------------------
    def __enter__(self) -> ProdSite:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> ProdSite:
        if self._started:
            return self
        self._started = True
        atexit.register(self.stop)
        self._dir = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        for sub in ("mail", "logs", "state"):
            (self._dir / sub).mkdir()
        try:
            self._step(
                "services",
                lambda: subprocess.run(
                    ["bash", str(SERVICES), "up"], cwd=ROOT, check=True, capture_output=True
                ),
            )
            self._configure()
            self._step("database", self._database)
            self._step("redis", self._flush_redis)
            self._step("bucket", self._create_bucket)
            self._step("migrate", lambda: self.manage("migrate", "--noinput"))
            self._step("collectstatic", self._collectstatic)
            if self.stripe is not None:
                self._step("billing_sync_plans", lambda: self.manage("billing_sync_plans"))
            self._step("seed_demo", lambda: self.manage("seed_demo", "--allow-production"))
            self._step("processes", self._start_processes)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if not self._started:
            return
        self._started = False
        for name in ("beat", "worker", "web"):
            process = self._processes.pop(name, None)
            if process is not None:
                stop_group(process, timeout=20)
        if self.stripe is not None:
            self.stripe.stop()
        if self._dir is not None and not self.keep_files:
            shutil.rmtree(self._dir, ignore_errors=True)

    def _step(self, name: str, action) -> None:
        started = time.monotonic()
        action()
        self.timings[name] = round(time.monotonic() - started, 2)

    # --- configuration ------------------------------------------------------------------------
    def _configure(self) -> None:
        shared = services_env()
        self.database_url = with_path(shared["DATABASE_URL"], f"/{self.name}")
        self.redis_url = with_path(shared["REDIS_URL"], f"/{self.redis_db}")
        env = {k: v for k, v in os.environ.items() if not _OWN_VARIABLES.match(k)}
        env.update(
            DJANGO_ENV="production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CSRF_TRUSTED_ORIGINS=f"{self.url},http://localhost:{self.port}",
            SITE_URL=self.url,
            # Plain HTTP on 127.0.0.1: no TLS in front (see .env.example).
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            ACCOUNT_DEFAULT_HTTP_PROTOCOL="http",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            REDIS_CACHE_URL=with_path(shared["REDIS_URL"], f"/{self.redis_db + 1}"),
            AWS_STORAGE_BUCKET_NAME=self.bucket,
            AWS_S3_ENDPOINT_URL=shared["AWS_S3_ENDPOINT_URL"],
            AWS_ACCESS_KEY_ID=shared["AWS_ACCESS_KEY_ID"],
            AWS_SECRET_ACCESS_KEY=shared["AWS_SECRET_ACCESS_KEY"],
            AWS_S3_REGION_NAME=shared["AWS_S3_REGION_NAME"],
            STATE_DIR=str(self.work_dir / "state"),
            EMAIL_URL="filemail://",  # production requires EMAIL_URL; files in EMAIL_FILE_PATH
            EMAIL_FILE_PATH=str(self.mail_dir),
            LOG_LEVEL="INFO",
            OMP_THREAD_LIMIT="1",
            PYTHONUNBUFFERED="1",
            PORT=str(self.port),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(self.gunicorn_workers),
            GUNICORN_THREADS=str(self.gunicorn_threads),
        )
        if self.with_stripe:
            from tests.fakes.stripe_server import FakeStripe

            self.stripe = FakeStripe(
                webhook_url=f"{self.url}/billing/webhook/", webhook_secret=STRIPE_WEBHOOK_SECRET
            ).start()
            env.update(
                STRIPE_TEST_SECRET_KEY=STRIPE_TEST_KEY,
                STRIPE_WEBHOOK_SECRET=STRIPE_WEBHOOK_SECRET,
                STRIPE_API_HOST=self.stripe.url,
            )
        env.update(self.extra_env)
        self.database_url = self.extra_env.get("DATABASE_URL", self.database_url)
        if "REDIS_URL" in self.extra_env:  # e.g. a throwaway Redis that a fault test stops
            self.redis_url = self.extra_env["REDIS_URL"]
            if "REDIS_CACHE_URL" not in self.extra_env:
                env["REDIS_CACHE_URL"] = with_path(self.redis_url, "/1")
        self.env = env

    def _collectstatic(self) -> None:
        """Reuses the collected files of the same sources, or collects and keeps them."""
        cached = CACHE_DIR / f"static-{static_digest()}"
        if not (cached / "staticfiles.json").exists():
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            building = Path(tempfile.mkdtemp(prefix="static-", dir=CACHE_DIR))
            self.env["STATIC_ROOT"] = str(building)
            self.manage("collectstatic", "--noinput", "-v0", timeout=900)
            try:
                building.rename(cached)
            except OSError:  # another run kept the same files first
                shutil.rmtree(building, ignore_errors=True)
            for old in CACHE_DIR.glob("static-*"):
                if old != cached and old.stat().st_mtime < time.time() - 3600:
                    shutil.rmtree(old, ignore_errors=True)
        self.env["STATIC_ROOT"] = str(cached)

    def _start_processes(self) -> None:
        """gunicorn, the worker and beat start together; each is waited for."""
        web = self._spawn_web()
        worker = self._spawn_worker() if self.with_worker else None
        beat = self._spawn_beat() if self.with_beat else None
        self._wait("web", web, self._healthy)
        if worker is not None:
            self._wait_worker(*worker)
        if beat is not None:
            self._wait_beat(*beat)

    # --- PostgreSQL ---------------------------------------------------------------------------
    def _database(self) -> None:
        """Clones the migrated template (building it first if this schema has none)."""
        import psycopg

        if "DATABASE_URL" in self.extra_env:  # the caller's own server: migrate it, no template
            self.manage("migrate", "--noinput", timeout=900)
            return
        admin_url = with_path(self.database_url, "/postgres")
        template = f"{TEMPLATE_PREFIX}{migrations_digest()}"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (TEMPLATE_LOCK,))
            try:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (template,)
                ).fetchone()
                if exists:
                    conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                    conn.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{template}"')
                    return
                subprocess.run(
                    ["bash", str(SERVICES), "resetdb", self.name],
                    cwd=ROOT,
                    check=True,
                    capture_output=True,
                )
                started = time.monotonic()
                self.manage("migrate", "--noinput", timeout=900)
                self.timings["migrate_template"] = round(time.monotonic() - started, 2)
                conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{self.name}"')
                conn.execute(f'ALTER DATABASE "{template}" WITH IS_TEMPLATE true')
                self._drop_old_templates(conn, keep=template)
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (TEMPLATE_LOCK,))

    @staticmethod
    def _drop_old_templates(conn, *, keep: str) -> None:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
            (f"{TEMPLATE_PREFIX}%", keep),
        ).fetchall()
        for (old,) in rows:
            try:
                conn.execute(f'ALTER DATABASE "{old}" WITH IS_TEMPLATE false')
                conn.execute(f'DROP DATABASE "{old}"')
            except Exception:  # noqa: BLE001,S110 - in use by another run: leave it
                pass

    # --- Redis and S3 ---------------------------------------------------------------------------
    def _flush_redis(self) -> None:
        import redis

        for url in (self.env["REDIS_URL"], self.env["REDIS_CACHE_URL"]):
            client = redis.Redis.from_url(url, socket_timeout=5)
            client.flushdb()
            client.close()

    def _create_bucket(self) -> None:
        import boto3
        from botocore.exceptions import ClientError

        s3 = boto3.client(
            "s3",
            endpoint_url=self.env["AWS_S3_ENDPOINT_URL"],
            region_name=self.env["AWS_S3_REGION_NAME"],
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        )
        try:
            s3.head_bucket(Bucket=self.bucket)
        except ClientError:
            s3.create_bucket(Bucket=self.bucket)
        # What a real bucket needs for the browser's direct (presigned POST) video uploads.
        s3.put_bucket_cors(
            Bucket=self.bucket,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedOrigins": [self.url],
                        "AllowedMethods": ["GET", "HEAD", "POST"],
                        "AllowedHeaders": ["*"],
                        "MaxAgeSeconds": 600,
                    }
                ]
            },
        )

    # --- commands -------------------------------------------------------------------------------
    def manage(self, *args: str, timeout: float = 300) -> str:
        """Runs ``manage.py *args`` against this site; returns its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
            )
        return result.stdout

    def shell(self, code: str) -> str:
        """Runs Python code in ``manage.py shell`` against this site; returns its stdout."""
        return self.manage("shell", "--no-imports", "-c", code)

    def emails(self, to: str | None = None) -> list[EmailMessage]:
        """Messages the site has sent (file backend), oldest first; only to ``to`` if given."""
        messages: list[EmailMessage] = []
        files = sorted(self.mail_dir.glob("*.log"), key=lambda p: (p.stat().st_mtime, p.name))
        for path in files:
            for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
                if chunk.strip():
                    messages.append(
                        email.message_from_string(chunk.lstrip("\n"), policy=email.policy.default)
                    )
        if to is not None:
            messages = [m for m in messages if to.lower() in str(m.get("To", "")).lower()]
        return messages

    # --- processes ------------------------------------------------------------------------------
    def _spawn(self, name: str, command: list[str]) -> tuple[subprocess.Popen, int]:
        log_path = self.log_dir / f"{name}.log"
        offset = log_path.stat().st_size if log_path.exists() else 0
        with log_path.open("ab") as log_file:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop or kill it whole
            )
        self._processes[name] = process
        return process, offset

    def _wait(self, name: str, process: subprocess.Popen, ready) -> None:
        def check() -> bool:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{name} exited ({process.returncode}):\n{tail(self.log_dir / f'{name}.log')}"
                )
            return ready()

        try:
            wait_until(check, timeout=READY_TIMEOUT, interval=0.2, what=name)
        except TimeoutError:
            raise TimeoutError(
                f"{name} not ready after {READY_TIMEOUT}s:\n{tail(self.log_dir / f'{name}.log')}"
            ) from None

    def start_web(self) -> None:
        """Starts gunicorn and waits until /health/ answers 200."""
        if not self.web_running:
            self._wait("web", self._spawn_web(), self._healthy)

    def _spawn_web(self) -> subprocess.Popen:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "careercopilot.wsgi:application",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
        ]
        return self._spawn("web", command)[0]

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/health/", timeout=5) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    @property
    def web_running(self) -> bool:
        process = self._processes.get("web")
        return process is not None and process.poll() is None

    def kill_web(self) -> None:
        """SIGKILL to gunicorn's whole process group (arbiter and workers)."""
        kill_group(self._processes.pop("web", None))

    def start_worker(self) -> None:
        """Starts a Celery worker on the default, ai and video queues; waits until ready."""
        if not self.worker_running:
            self._wait_worker(*self._spawn_worker())

    def _spawn_worker(self) -> tuple[subprocess.Popen, int]:
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "careercopilot",
            "worker",
            "--queues",
            "default,ai,video",
            "--concurrency",
            str(self.worker_concurrency),
            "--hostname",
            f"{self.name}-{secrets.token_hex(3)}@%h",
            "--loglevel",
            "INFO",
        ]
        return self._spawn("worker", command)

    def _wait_worker(self, process: subprocess.Popen, offset: int) -> None:
        self._wait("worker", process, lambda: " ready." in self.log("worker")[offset:])

    @property
    def worker_running(self) -> bool:
        process = self._processes.get("worker")
        return process is not None and process.poll() is None

    def kill_worker(self) -> None:
        """SIGKILL to the worker's whole process group: main process and pool children."""
        kill_group(self._processes.pop("worker", None))

    def stop_worker(self) -> None:
        """Warm shutdown: the worker finishes its running tasks, then exits."""
        process = self._processes.pop("worker", None)
        if process is not None:
            stop_group(process, timeout=60)

    def _spawn_beat(self) -> tuple[subprocess.Popen, int]:
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "careercopilot",
            "beat",
            "--schedule",
            str(self.work_dir / "state" / "celerybeat-schedule"),
            "--loglevel",
            "INFO",
        ]
        return self._spawn("beat", command)

    def _wait_beat(self, process: subprocess.Popen, offset: int) -> None:
        self._wait("beat", process, lambda: "beat: Starting" in self.log("beat")[offset:])
