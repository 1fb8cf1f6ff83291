"""One seam per outside service: only its seam module imports the service's SDK.

Every .py file of the product is parsed with ``ast`` (imports inside functions count too).
Not product code, so not checked:

- test code (``tests/`` directories, ``conftest.py``): it stands in for the services
  (tests/fakes/), creates the test bucket and signs webhook payloads as Stripe would;
- ``bench/`` and ``scripts/``: tools that play the services' part or drive them from outside;
- ``deploy/``: the images that run the services themselves (e.g. creating the bucket);
- anything that is not ours (``.venv``, ``node_modules``, ``var``, hidden folders).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The SDK's top-level module -> the only files that may import it.
SEAMS: dict[str, frozenset[str]] = {
    "stripe": frozenset({"billing/stripe_gateway.py"}),
    "anthropic": frozenset({"careercopilot/ai/anthropic/call.py"}),
    "boto3": frozenset({"careercopilot/storage.py"}),
    "botocore": frozenset({"careercopilot/storage.py"}),
}
NOT_PRODUCT_DIRS = frozenset({"tests", "bench", "scripts", "deploy", "node_modules", "var", "docs"})
NOT_PRODUCT_FILES = frozenset({"conftest.py"})


def product_files(root: Path = ROOT) -> list[Path]:
    found = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if any(p.startswith(".") or p in NOT_PRODUCT_DIRS for p in parts[:-1]):
            continue
        if path.name not in NOT_PRODUCT_FILES:
            found.append(path)
    return sorted(found)


def imported_modules(source: str) -> set[str]:
    """Top-level names of every module the source imports (absolute imports only)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def leaks(root: Path = ROOT) -> list[str]:
    """``path: sdk`` for every import of an SDK outside its seam."""
    found = []
    for path in product_files(root):
        relative = path.relative_to(root).as_posix()
        for sdk in sorted(imported_modules(path.read_text()) & SEAMS.keys()):
            if relative not in SEAMS[sdk]:
                found.append(f"{relative}: {sdk}")
    return found


def test_outside_services_are_imported_only_by_their_seam():
    """Guards the seams: Stripe through billing/stripe_gateway.py, Claude through
    careercopilot/ai/anthropic/call.py, S3 through careercopilot/storage.py."""
    assert leaks() == []


def test_every_seam_module_exists_and_imports_an_sdk_it_wraps():
    wraps: dict[str, set[str]] = {}
    for sdk, seams in SEAMS.items():
        for seam in seams:
            wraps.setdefault(seam, set()).add(sdk)
    for seam, sdks in wraps.items():
        assert imported_modules((ROOT / seam).read_text()) & sdks, seam


def test_the_check_sees_every_kind_of_import_and_skips_only_what_is_not_product(tmp_path):
    """The check itself: plain, dotted, from- and function-level imports are all found."""
    sources = {
        "billing/views/pay.py": "import stripe\n",
        "courses/video/store.py": "from botocore.exceptions import ClientError\n",
        "resumes/upload.py": "def f():\n    import boto3.session\n",
        "careercopilot/ai/tutor.py": "from anthropic import Anthropic\n",
        "careercopilot/ai/anthropic/call.py": "import anthropic\n",
        "accounts/local.py": "from .stripe import thing\n",  # a relative import is ours
        "billing/tests/test_pay.py": "import stripe\n",
        "tests/fakes/s3.py": "import boto3\n",
        "bench/load.py": "import stripe\n",
        "deploy/images/s3-createbucket.py": "import boto3\n",
        "conftest.py": "import boto3\n",
        ".venv/lib/stripe/__init__.py": "import stripe\n",
    }
    for name, source in sources.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source)

    assert leaks(tmp_path) == [
        "billing/views/pay.py: stripe",
        "careercopilot/ai/tutor.py: anthropic",
        "courses/video/store.py: botocore",
        "resumes/upload.py: boto3",
    ]
