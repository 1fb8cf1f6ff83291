"""What the production-like site is built from: the shared services' addresses, and the
digests that key its cached database template and collected static files."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "scripts" / "services.sh"


def services_env() -> dict[str, str]:
    """The variables ``scripts/services.sh env`` prints (the shared test services)."""
    output = subprocess.run(
        ["bash", str(SERVICES), "env"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "CC_DB_NAME"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(re.findall(r"^export (\w+)=(.*)$", output, re.M))


def migrations_digest() -> str:
    """A hash of every migration file of the project's apps and of the pinned packages."""
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("*/migrations/*.py")) + [ROOT / "requirements.txt"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def static_digest() -> str:
    """A hash of the project's static sources and of every installed package's version."""
    import importlib.metadata

    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("static/**/*"), *ROOT.glob("*/static/**/*")]):
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    versions = sorted(f"{d.name}=={d.version}" for d in importlib.metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()[:12]


def with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))
