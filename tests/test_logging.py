"""Every request leaves one JSON log line carrying its request id, echoed in X-Request-ID."""

import json

import pytest

from tests.support.logs import site_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """This test's log output as parsed JSON lines."""
    with site_log() as output:
        yield lambda: [json.loads(line) for line in output().splitlines()]


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "careercopilot.request"]


def test_request_logs_a_json_line_with_request_id_path_status_and_duration(client, log_lines):
    response = client.get("/pricing/")

    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32  # a fresh uuid4 hex
    (line,) = request_lines(log_lines())
    assert line["request_id"] == request_id
    assert line["path"] == "/pricing/"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO"


def test_a_valid_incoming_request_id_is_reused(client, log_lines):
    response = client.get("/pricing/", headers={"X-Request-ID": "lb-7f3a9c-0001"})

    assert response["X-Request-ID"] == "lb-7f3a9c-0001"
    (line,) = request_lines(log_lines())
    assert line["request_id"] == "lb-7f3a9c-0001"


def test_an_invalid_incoming_request_id_is_replaced(client, log_lines):
    response = client.get("/pricing/", headers={"X-Request-ID": "bad id\nwith newline"})

    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32
    (line,) = request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]


def test_error_responses_are_logged_with_their_status(client, log_lines):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    (line,) = request_lines(log_lines())
    assert line["status"] == 404
    assert line["path"] == "/no-such-page/"
