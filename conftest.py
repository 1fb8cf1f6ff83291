"""Fixtures shared by every app's tests.

- The S3 bucket is created once per run when S3 storage is configured.
- Celery runs tasks eagerly (in-process) unless a test is marked `real_worker`.
- `celery_worker_process` starts a real worker on the real Redis broker and test database.
- `throwaway_redis` starts a private redis-server that a test may stop.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.processes import (
    RedisServer,
    database_url,
    env_without,
    stop_process,
    tail,
    wait_until,
)

BASE_DIR = Path(__file__).resolve().parent
WORKER_READY_TIMEOUT = 60


# --- Billing: dj-stripe's schema in the test database --------------------------------------
def pytest_configure(config):
    """Builds dj-stripe's tables from one generated migration of its current models.

    Its own migration history costs ~75 s per fresh database (one migration removes 514
    fields); this takes ~5 s. `billing/tests/test_djstripe_schema.py` checks that the
    generated migration still matches dj-stripe's models, and the migrate smoke step of
    scripts/test.sh still runs the real history.
    """
    from django.conf import settings

    settings.MIGRATION_MODULES = {
        **settings.MIGRATION_MODULES,
        "djstripe": "billing.tests.djstripe_schema.migrations",
    }


@pytest.fixture(scope="session", autouse=True)
def s3_bucket() -> str | None:
    """Creates the media bucket on the S3-compatible server when S3 storage is on."""
    bucket = os.environ.get("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return None
    import boto3
    from botocore.exceptions import ClientError

    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
    )
    try:
        s3.head_bucket(Bucket=bucket)
    except ClientError:
        s3.create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache: no test inherits them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Personas: alice owns the data, bob is a stranger who must get 404 on all of it.
@pytest.fixture
def alice(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(email="alice@example.com", name="Alice Archer")


@pytest.fixture
def bob(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(email="bob@example.com", name="Bob Baker")


@pytest.fixture
def alice_client(alice):
    from django.test import Client

    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob):
    from django.test import Client

    client = Client()
    client.force_login(bob)
    return client


@pytest.fixture(autouse=True)
def celery_eager(request: pytest.FixtureRequest) -> Iterator[None]:
    """Unit tests run tasks in-process; `@pytest.mark.real_worker` tests use the broker."""
    from careercopilot.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    eager = request.node.get_closest_marker("real_worker") is None
    app.conf.task_always_eager = eager
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@dataclass
class CeleryWorker:
    process: subprocess.Popen
    log_path: Path
    mail_dir: Path  # the worker's outgoing email (file backend), one file per message

    def log(self) -> str:
        """Everything the worker has logged so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path: Path) -> Iterator[CeleryWorker]:
    """A real `celery worker` process on the real Redis broker and the pytest database.

    Tests using it see committed data only (it pulls in `transactional_db`), and must be
    marked `real_worker` so that `.delay()` goes to the broker instead of running eagerly.
    """
    from django.db import connection

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs a real Redis broker: set REDIS_URL (`make test` does)")
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the worker process must share the test database")

    from careercopilot.celery import app

    app.control.purge()  # messages left by an interrupted run must not reach this worker

    mail_dir = tmp_path / "worker-mail"
    mail_dir.mkdir()
    log_path = tmp_path / "celery-worker.log"
    env = env_without(
        "CELERY_TASK_ALWAYS_EAGER",
        "EMAIL_URL",
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=redis_url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        LOG_FORMAT="plain",
        LOG_LEVEL="INFO",
    )
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "careercopilot",
        "worker",
        "--pool",
        "solo",
        "--queues",
        "default,ai,video",
        "--hostname",
        f"pytest-{uuid.uuid4().hex[:8]}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    worker = CeleryWorker(process=process, log_path=log_path, mail_dir=mail_dir)

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited ({process.returncode}):\n{tail(log_path)}")
        return " ready." in worker.log()

    try:
        wait_until(ready, timeout=WORKER_READY_TIMEOUT, interval=0.2, what="the celery worker")
    except TimeoutError:
        stop_process(process)
        raise TimeoutError(f"celery worker not ready:\n{tail(log_path)}") from None
    try:
        yield worker
    finally:
        # Stopped before transactional_db flushes, so no worker connection holds the database.
        stop_process(process, timeout=20)


@pytest.fixture
def fake_claude(settings):
    """The real anthropic SDK against the local fake Messages API (`tests/fakes/`)."""
    from tests.fakes.anthropic_server import FAKE_API_KEY, FakeAnthropic

    with FakeAnthropic() as fake:
        settings.ANTHROPIC_API_KEY = FAKE_API_KEY
        settings.ANTHROPIC_BASE_URL = fake.url
        settings.AI_ENGINE = "anthropic"
        settings.AI_ANTHROPIC_MAX_RETRIES = 0
        settings.AI_ANTHROPIC_TIMEOUT = 5.0
        yield fake


@pytest.fixture
def throwaway_redis() -> Iterator[RedisServer]:
    """A private redis-server on a free port: `.url`, and `.stop()` to take it down mid-test."""
    try:
        server = RedisServer().start()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()
