"""Throwaway services for the fault tests: each test breaks its own copy, never the shared ones.

- ``MotoServer``: an S3-compatible server (moto) on a free port.
- ``PostgresCluster``: a private PostgreSQL cluster (initdb in a temporary folder, its own
  port), restartable with ``pg_ctl restart -m fast``.
- ``Worker``: a real ``celery worker`` process (prefork) on a given broker and the test
  database, that a test may SIGKILL (the whole process group, as an out-of-memory kill
  would) and start again.
- ``celery_broker(url)``: points this process's Celery producer at another broker.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tests.support.processes import (
    database_url,
    env_without,
    free_port,
    kill_group,
    port_answers,
    stop_group,
    stop_process,
    tail,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]


# --- S3 --------------------------------------------------------------------------------------
@dataclass
class MotoServer:
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> MotoServer:
        binary = Path(sys.executable).parent / "moto_server"
        if not binary.exists():
            raise FileNotFoundError(f"{binary} is missing (pip install 'moto[server]')")
        self.process = subprocess.Popen(
            [str(binary), "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: port_answers(self.port), timeout=30, what=f"moto on :{self.port}")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            wait_until(lambda: not port_answers(self.port), timeout=10, what="moto to stop")

    def create_bucket(self, name: str) -> None:
        import boto3

        boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ).create_bucket(Bucket=name)


# --- PostgreSQL --------------------------------------------------------------------------------
def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    if not found:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    return found[-1]


@dataclass
class PostgresCluster:
    """A private cluster; as root its commands run as the ``postgres`` user (like
    scripts/services.sh). Password auth over TCP: postgres/postgres."""

    port: int = field(default_factory=free_port)
    directory: Path | None = None

    @property
    def admin_url(self) -> str:
        return self.url("postgres")

    def url(self, database: str) -> str:
        return f"postgres://postgres:postgres@127.0.0.1:{self.port}/{quote(database)}"

    @property
    def log_path(self) -> Path:
        assert self.directory is not None
        return self.directory / "postgres.log"

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(_pg_bin() / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(
            command, cwd="/", capture_output=True, text=True, timeout=timeout, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}\n"
                f"{tail(self.log_path) if self.directory else ''}"
            )

    def start(self) -> PostgresCluster:
        self.directory = Path(tempfile.mkdtemp(prefix="cc-faults-pg-"))
        pwfile = self.directory / "pw"
        pwfile.write_text("postgres\n")
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.directory / "data"),
            "-U",
            "postgres",
            f"--pwfile={pwfile}",
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        pwfile.unlink()
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        assert self.directory is not None
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.directory / "data"),
            "-l",
            str(self.log_path),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            *extra,
            action,
        )

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection is cut, then the server is back."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if self.directory is None:
            return
        with contextlib.suppress(RuntimeError):
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory = None

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

    def restore_from(self, source_url: str, database: str) -> None:
        """Copies ``source_url``'s schema and rows into ``database`` (pg_dump | psql)."""
        dump = subprocess.run(
            [str(_pg_bin() / "pg_dump"), "--no-owner", "--no-acl", source_url],
            capture_output=True,
            check=True,
            timeout=300,
        ).stdout
        subprocess.run(
            [str(_pg_bin() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url(database)],
            input=dump,
            capture_output=True,
            check=True,
            timeout=300,
        )


# --- Celery ------------------------------------------------------------------------------------
@contextlib.contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """This process sends tasks to ``url`` (not eagerly) inside the block."""
    from kombu import pools

    from careercopilot.celery import app

    # The broker URL is read live from Django's settings unless set on the app: put back
    # what was set before (if anything), never the value read inside an overridden test.
    had_url, previous_url = "broker_url" in app.conf.changes, app.conf.changes.get("broker_url")
    previous_eager = app.conf.task_always_eager

    def reset_pools() -> None:
        pools.reset()  # closes and forgets every pooled broker connection of this process
        app._after_fork()  # and the app's cached connection and producer pools

    reset_pools()
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        reset_pools()
        if had_url:
            app.conf.broker_url = previous_url
        else:
            app.conf.changes.pop("broker_url", None)
        app.conf.task_always_eager = previous_eager


@dataclass
class Worker:
    """``celery worker`` (prefork) on ``broker_url`` and the test database."""

    broker_url: str
    log_path: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    concurrency: int = 1
    process: subprocess.Popen | None = None
    _offset: int = 0

    def start(self) -> Worker:
        from django.db import connection

        env = env_without(
            "CELERY_TASK_ALWAYS_EAGER",
            "EMAIL_URL",
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=self.broker_url,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            LOG_FORMAT="plain",
            LOG_LEVEL="INFO",
            OMP_THREAD_LIMIT="1",
            **self.extra_env,
        )
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "careercopilot",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(self.concurrency),
            "--queues",
            "default,ai,video",
            "--hostname",
            f"faults-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ]
        self._offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log_file:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def ready() -> bool:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited:\n{tail(self.log_path)}")
            return " ready." in self.log()[self._offset :]

        wait_until(ready, timeout=90, interval=0.2, what="the celery worker")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the whole process group: the main process and its pool child."""
        kill_group(self.process)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process, timeout=30)
        self.process = None
