"""The API keeps its OpenAPI contract.

schemathesis (the OpenAPI property tester) runs against the live schema of a live server
on PostgreSQL, with a real full-access token: examples, coverage and fuzzing phases and
every check (undocumented status codes or content types, responses that break their
schema, schema-valid requests refused, schema-violating ones accepted, 500s, auth that
is ignored). Bounded by tracker/tests/schemathesis.toml (fixed seed, 25 cases per
operation and phase). It must report 0 failures.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from careercopilot import ratelimit
from resumes.builder.services import built_create
from tracker import services

from .factories import make_application, make_contact, make_interview

RESUME = {"basics": {"name": "Alice"}, "skills": [{"name": "Python"}]}
CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture
def alice_data(transactional_db, alice) -> str:
    """A token, and one object of each kind for the path ids to find."""
    for _ in range(3):
        application = make_application(alice)
        make_interview(application)
        make_contact(alice)
        built_create(user=alice, name=f"Resume {application.pk}", document=RESUME)
    return services.api_token_create(user=alice, name="Contract test")[1]


def test_schemathesis_finds_no_failure_on_any_operation(
    live_server, alice_data, client, tmp_path, monkeypatch
):
    # The capture endpoints are exercised, not throttled (the limit has its own test).
    monkeypatch.setitem(ratelimit.LIMITS, "capture", (10**6, 60))
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(CONFIG),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {alice_data}",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    operations = sum(len(methods) for methods in paths.values())
    assert f"Tested: {operations}" in result.stdout, summary  # every operation ran
    assert "Failures:" not in result.stdout, summary
