"""Where the machine's CPU goes during a load run, per part of the site: the web node
(gunicorn), the Celery worker, PostgreSQL, Redis, S3 (moto) and the load generator (locust),
from the kernel's per-process CPU times (psutil). On 2 shared cores this, not a single
page's speed, says what limits the number of users.
"""

from __future__ import annotations

import resource
import time
from dataclasses import dataclass

import psutil

PARTS = (
    ("web (gunicorn)", "gunicorn"),
    ("worker (Celery)", "celery"),
    ("PostgreSQL", "postgres"),
    ("Redis", "redis-server"),
    ("S3 (moto)", "moto"),
)
LOAD_GENERATOR = "load generator (locust)"


def _part(process: psutil.Process) -> str | None:
    try:
        command = " ".join(process.cmdline()) or process.name()
    except psutil.Error:
        return None
    return next((name for name, needle in PARTS if needle in command), None)


@dataclass
class Snapshot:
    seconds: float  # monotonic clock
    busy: float  # CPU seconds of the whole machine, all cores, not idle
    processes: dict[int, tuple[str, float]]  # pid -> (part, CPU seconds)
    children: float  # CPU seconds of reaped children (locust, run as a subprocess)


def snapshot() -> Snapshot:
    processes = {}
    for process in psutil.process_iter():
        part = _part(process)
        if part is None:
            continue
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        # A process's own time while it lives, its parent's children_* once reaped (the
        # PostgreSQL backends of closed connections, recycled worker processes).
        own = times.user + times.system + times.children_user + times.children_system
        processes[process.pid] = (part, own)
    total = psutil.cpu_times()
    idle = total.idle + getattr(total, "iowait", 0.0)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Snapshot(
        time.monotonic(),
        sum(total) - idle,
        processes,
        children.ru_utime + children.ru_stime,
    )


def cores_used(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """Cores each part kept busy on average between the snapshots, with "other" for the
    rest of the machine and "all" for its total."""
    wall = after.seconds - before.seconds
    used = {name: 0.0 for name, _ in PARTS}
    for pid, (part, cpu) in after.processes.items():
        then = before.processes.get(pid)
        used[part] += cpu - (then[1] if then and then[0] == part else 0.0)
    used[LOAD_GENERATOR] = after.children - before.children
    everything = after.busy - before.busy
    used["other"] = max(everything - sum(used.values()), 0.0)
    used["all"] = everything
    return {name: seconds / wall for name, seconds in used.items()}
