"""The local compose stack of the deploy check, driven from this machine. No Django here.

scripts/deploy_check.sh starts it (docker-compose.yml + deploy/compose.local.yml on the
private engine) and exports what this module reads: DOCKER_HOST, COMPOSE_FILE,
COMPOSE_PROJECT_NAME, the secrets and the DEPLOY_* ports. Used by scripts/deploy_check.py
and bench/load/two_nodes.py:

    stack = Stack.from_environment()
    stack.wait_site()
    session = stack.session()
    stack.sign_in(session, "seeker@demo.careercopilot.dev", "demo-seeker-2026!")
    stack.kill("web"); stack.start("web"); stack.wait_healthy("web")
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.webforms import sign_in  # noqa: E402


class StackError(RuntimeError):
    pass


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.5):
    """Polls `condition` until it returns something true; returns that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise StackError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Stack:
    https_port: int
    postgres_port: int
    tls_dir: Path
    postgres_password: str
    env: dict[str, str]

    @classmethod
    def from_environment(cls) -> Stack:
        env = dict(os.environ)
        for name in ("DOCKER_HOST", "COMPOSE_FILE", "COMPOSE_PROJECT_NAME", "DEPLOY_TLS_DIR"):
            if not env.get(name):
                raise StackError(f"{name} is not set: run this through scripts/deploy_check.sh")
        return cls(
            https_port=int(env.get("DEPLOY_HTTPS_PORT", "55443")),
            postgres_port=int(env.get("DEPLOY_POSTGRES_PORT", "55432")),
            tls_dir=Path(env["DEPLOY_TLS_DIR"]),
            postgres_password=env["POSTGRES_PASSWORD"],
            env=env,
        )

    # --- docker-compose -----------------------------------------------------------------
    @property
    def project(self) -> str:
        return self.env["COMPOSE_PROJECT_NAME"]

    def compose(self, *args: str, input: bytes | None = None, timeout: float = 600) -> str:
        done = subprocess.run(  # noqa: S603 - our own fixed command
            ["docker-compose", *args],  # noqa: S607 - Debian's docker-compose on PATH
            cwd=ROOT,
            env=self.env,
            input=input,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            output = (done.stdout + done.stderr).decode(errors="replace")
            raise StackError(f"docker-compose {' '.join(args)} failed:\n{output[-3000:]}")
        return done.stdout.decode(errors="replace")

    def docker(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(  # noqa: S603 - our own fixed command
            ["/usr/bin/docker", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise StackError(f"docker {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def container(self, service: str) -> str:
        return f"{self.project}_{service}_1"

    def kill(self, service: str) -> None:
        """SIGKILL to the service's container, as a crash or a lost machine would."""
        self.docker("kill", self.container(service))

    def start(self, service: str) -> None:
        self.docker("start", self.container(service))

    def health(self, service: str) -> str:
        return self.docker(
            "inspect",
            "-f",
            "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
            self.container(service),
        ).strip()

    def wait_healthy(self, service: str, timeout: float = 180) -> None:
        wait_for(
            lambda: self.health(service) in ("healthy", "running"),
            timeout=timeout,
            what=f"{service} to be healthy",
        )

    def manage(self, *args: str, service: str = "web", timeout: float = 600) -> str:
        return self.compose("exec", "-T", service, "python", "manage.py", *args, timeout=timeout)

    def logs(self, service: str, tail: int = 200) -> str:
        return self.compose("logs", "--no-color", f"--tail={tail}", service)

    # --- HTTPS through the balancer -----------------------------------------------------
    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def cert(self) -> str:
        return str(self.tls_dir / "cert.pem")

    def session(self) -> requests.Session:
        session = requests.Session()
        session.trust_env = False  # else REQUESTS_CA_BUNDLE would replace `verify`
        session.verify = self.cert
        session.headers["Origin"] = self.url  # as a browser sends it on every POST
        return session

    def site_healthy(self) -> bool:
        try:
            return requests.get(f"{self.url}/health/", verify=self.cert, timeout=10).ok
        except requests.RequestException:
            return False

    def wait_site(self, timeout: float = 300) -> None:
        wait_for(self.site_healthy, timeout=timeout, what="/health/ through the balancer")

    def sign_in(self, session: requests.Session, email: str, password: str) -> None:
        try:
            sign_in(session, self.url, email, password, timeout=60)
        except RuntimeError as exc:
            raise StackError(str(exc)) from None

    # --- PostgreSQL ---------------------------------------------------------------------
    def connect(self) -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.postgres_port,
            user="careercopilot",
            password=self.postgres_password,
            dbname="careercopilot",
            autocommit=True,
            connect_timeout=5,
        )

    def sql(self, query: str, params: list | tuple = ()) -> list[tuple]:
        with self.connect() as conn:
            return conn.execute(query, params).fetchall()

    def row_counts(self) -> dict[str, int]:
        """Rows in every table of the database (exact counts)."""
        with self.connect() as conn:
            tables = [
                name
                for (name,) in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
            return {
                name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608 - names from pg_tables
                for name in tables
            }
