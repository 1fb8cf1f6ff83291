"""Helpers shared by the page benchmarks: environment, percentiles, machine, RESULTS.md."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"


def configure_environment(*, state_name: str, database: str, **extra_env: str) -> str:
    """Embedded settings except the database: PostgreSQL `database` when DATABASE_URL
    points at a server (created if missing), else SQLite. Returns a description."""
    for name in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "EMAIL_URL", "DJANGO_ENV"):
        os.environ.pop(name, None)
    os.environ["STATE_DIR"] = str(ROOT / "var" / state_name)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "false"
    os.environ.update(extra_env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careercopilot.settings")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
        _create_database(parts, database)
        return f"PostgreSQL ({parts.hostname}:{parts.port}/{database})"
    os.environ.pop("DATABASE_URL", None)
    return "SQLite (no DATABASE_URL set; the goals are for PostgreSQL)"


def _create_database(parts, database: str) -> None:
    import psycopg

    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({model}), "
        f"Python {platform.python_version()}"
    )


def write_results(heading: str, report: str) -> None:
    """Replaces the `## {heading}` section of bench/RESULTS.md, keeping the others."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: report + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + report + "\n"
    RESULTS.write_text(text)
