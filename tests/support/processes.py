"""Helpers for tests that start real local processes (no Django imports here)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the database Django's connection uses (the test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(
    condition: Callable[[], bool], *, timeout: float, interval: float = 0.1, what: str
) -> None:
    """Polls `condition` until it is true; raises TimeoutError naming `what` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def stop_process(process: subprocess.Popen, *, timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL after `timeout`; waits so no zombie is left."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


@dataclass
class RedisServer:
    """A private redis-server on its own port, without persistence."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
            + ["--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: port_answers(self.port), timeout=10, what=f"redis on :{self.port}")
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log file, for failure messages."""
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def env_without(*names: str, **overrides: str) -> dict[str, str]:
    """A copy of os.environ without `names`, with `overrides` applied."""
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(overrides)
    return env


# --- Process groups (a server and the children it forks) -----------------------------------
def group_members(pgid: int) -> list[int]:
    """Live processes in process group ``pgid`` (from /proc)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def signal_group(pgid: int, sig: int) -> None:
    for pid in group_members(pgid):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def kill_group(process: subprocess.Popen | None) -> None:
    """SIGKILL to the whole process group of ``process``; waits until none is left."""
    if process is None:
        return
    signal_group(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    wait_until(lambda: not group_members(process.pid), timeout=10, what="the killed processes")


def stop_group(process: subprocess.Popen, *, timeout: float) -> None:
    """SIGTERM to the group, SIGKILL to what is left after ``timeout``; reaps the leader."""
    signal_group(process.pid, signal.SIGTERM)
    try:
        wait_until(lambda: not group_members(process.pid), timeout=timeout, what="shutdown")
    except TimeoutError:
        signal_group(process.pid, signal.SIGKILL)
    stop_process(process, timeout=10)
