"""A client generated from the live OpenAPI schema works against the real API.

openapi-python-client generates a typed Python package from /api/v1/openapi.json served
by a live server (generation must report no warning); the tests import it and drive real
flows with real tokens: applications, contacts, interviews, a capture with a capture-only
token (refused everywhere else with a typed 403), and the resume endpoints. Every
answer must parse into the generated models (``raise_on_unexpected_status``: a status
the schema does not declare fails), so the schema's types, formats and statuses are what
the server sends.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from resumes.builder.services import built_create
from tracker import services
from tracker.models import ApiToken, Application

from .capture_corpus import FIXTURES

PACKAGE = "careercopilot_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
RESUME = {
    "basics": {"name": "Alice Example", "email": "alice@example.com"},
    "work": [{"name": "Acme", "position": "Engineer", "startDate": "2020-01"}],
    "skills": [{"name": "Python"}],
}


@pytest.fixture(scope="module")
def generated(live_server, tmp_path_factory) -> ModuleType:
    """The client package, generated from the live schema and imported."""
    root = tmp_path_factory.mktemp("generated")
    config = root / "config.yaml"
    config.write_text(f"package_name_override: {PACKAGE}\n")
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [
            str(GENERATOR),
            "generate",
            "--url",
            f"{live_server.url}/api/v1/openapi.json",
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(root / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
        cwd=root,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower() and "error" not in output.lower(), output
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def operation(tag: str, name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")


def models() -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.models")


def client_for(generated: ModuleType, live_server, token: str):
    return generated.AuthenticatedClient(
        base_url=live_server.url, token=token, raise_on_unexpected_status=True
    )


@pytest.fixture
def alice_token(transactional_db, alice) -> str:
    return services.api_token_create(user=alice, name="Generated client")[1]


def test_generated_client_tracks_an_application_with_contacts_and_interviews(
    generated, live_server, alice_token, alice
):
    """Guards the tracker routes' schema: bodies, dates, nullable fields, 201/204 and the
    one error shape all parse into the generated types."""
    m = models()
    api = client_for(generated, live_server, alice_token)
    create = operation("job_tracker", "tracker_api_create_application")
    created = create.sync(
        client=api,
        body=m.ApplicationIn(
            company="Acme",
            position="Backend Engineer",
            posting_url="https://jobs.example.com/acme/42",
            salary_min=90_000,
            salary_max=120_000,
            deadline=dt.date(2027, 1, 31),
            tags=["python", "remote"],
            status=m.ApplicationInStatus.APPLIED,
        ),
    )
    assert isinstance(created, m.ApplicationOut)
    assert (created.company, created.status, created.deadline) == (
        "Acme",
        "applied",
        dt.date(2027, 1, 31),
    )
    assert sorted(created.tags) == ["python", "remote"]
    assert isinstance(created.created_at, dt.datetime) and created.created_at.tzinfo

    listing = operation("job_tracker", "tracker_api_list_applications").sync(client=api)
    assert isinstance(listing, m.PagedApplicationOut)
    assert listing.count == 1 and [a.id for a in listing.items] == [created.id]

    read = operation("job_tracker", "tracker_api_get_application").sync(created.id, client=api)
    assert isinstance(read, m.ApplicationOut) and read.position == "Backend Engineer"

    updated = operation("job_tracker", "tracker_api_update_application").sync(
        created.id,
        client=api,
        body=m.ApplicationPatch(location="Berlin", posting_url=None, salary_max=130_000),
    )
    assert isinstance(updated, m.ApplicationOut)
    assert (updated.location, updated.posting_url, updated.salary_max) == ("Berlin", "", 130_000)
    refused = operation("job_tracker", "tracker_api_update_application").sync_detailed(
        created.id, client=api, body=m.ApplicationPatch(salary_min=200_000)
    )
    assert refused.status_code == 422 and isinstance(refused.parsed, m.ErrorOut)
    assert refused.parsed.detail and refused.parsed.errors

    moved = operation("job_tracker", "tracker_api_move_application").sync(
        created.id, client=api, body=m.MoveIn(status=m.MoveInStatus.PHONE_SCREEN, note="Call")
    )
    assert isinstance(moved, m.ApplicationOut) and moved.status == "phone_screen"
    timeline = operation("job_tracker", "tracker_api_application_timeline").sync(
        created.id, client=api
    )
    assert [(c.to_status, c.note) for c in timeline][-1] == ("phone_screen", "Call")
    assert all(isinstance(c, m.StatusChangeOut) for c in timeline)

    contact = operation("job_tracker", "tracker_api_create_contact").sync(
        client=api,
        body=m.ContactIn(
            name="Riley Recruiter",
            email="riley@acme.example.com",
            role=m.ContactInRole.RECRUITER,
            application_ids=[created.id],
        ),
    )
    assert isinstance(contact, m.ContactOut) and contact.application_ids == [created.id]
    contact = operation("job_tracker", "tracker_api_update_contact").sync(
        contact.id, client=api, body=m.ContactPatch(phone="+49 30 1234567")
    )
    assert isinstance(contact, m.ContactOut) and contact.phone == "+49 30 1234567"
    contacts = operation("job_tracker", "tracker_api_list_contacts").sync(client=api)
    assert isinstance(contacts, m.PagedContactOut) and [c.name for c in contacts.items] == [
        "Riley Recruiter"
    ]

    starts = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)
    interview = operation("job_tracker", "tracker_api_create_interview").sync(
        client=api,
        body=m.InterviewIn(
            application_id=created.id,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=45),
            kind=m.InterviewInKind.PHONE,
        ),
    )
    assert isinstance(interview, m.InterviewOut)
    assert (interview.starts_at, interview.kind) == (starts, "phone")
    interview = operation("job_tracker", "tracker_api_update_interview").sync(
        interview.id, client=api, body=m.InterviewPatch(notes="Bring the portfolio")
    )
    assert isinstance(interview, m.InterviewOut) and interview.notes == "Bring the portfolio"
    same_time = operation("job_tracker", "tracker_api_create_interview").sync_detailed(
        client=api, body=m.InterviewIn(application_id=created.id, starts_at=starts, ends_at=starts)
    )
    assert same_time.status_code == 422 and isinstance(same_time.parsed, m.ErrorOut)
    assert [e.field for e in same_time.parsed.errors] == ["body.ends_at"]

    deleted = operation("job_tracker", "tracker_api_delete_application").sync_detailed(
        created.id, client=api
    )
    assert deleted.status_code == 204
    gone = operation("job_tracker", "tracker_api_get_application").sync_detailed(
        created.id, client=api
    )
    assert gone.status_code == 404 and isinstance(gone.parsed, m.ErrorOut)
    assert not Application.objects.filter(user=alice).exists()


def test_generated_client_captures_with_a_capture_only_token(
    generated, live_server, transactional_db, alice
):
    """Guards the capture routes' schema and the scope: a capture-only token parses and
    saves a posting, and every other route answers it with a typed 403."""
    m = models()
    secret = services.api_token_create(user=alice, name="Ext", scope=ApiToken.Scope.CAPTURE)[1]
    api = client_for(generated, live_server, secret)
    url = "https://jobs.ashbyhq.com/tessellate/frontend"
    html = (FIXTURES / "ashby_remote.html").read_text()

    found = operation("job_capture", "tracker_capture_api_capture_parse").sync(
        client=api, body=m.CapturePageIn(url=url, html=html)
    )
    assert isinstance(found, m.CapturedOut)
    assert (found.title, found.company, found.remote, found.tracked) == (
        "Senior Frontend Engineer",
        "Tessellate",
        True,
        False,
    )
    assert found.source == m.CapturedOutSource.JSONLD
    assert (found.salary_min, found.salary_max) == (165_000, 205_000)

    save = operation("job_capture", "tracker_capture_api_capture_save")
    body = m.CaptureSaveIn(
        url=found.url,
        title=found.title,
        company=found.company,
        location="Remote, United States",
        remote=found.remote,
        salary_min=found.salary_min,
        salary_max=found.salary_max,
        salary_currency=found.salary_currency,
    )
    first = save.sync_detailed(client=api, body=body)
    assert first.status_code == 201 and isinstance(first.parsed, m.CaptureSavedOut)
    assert first.parsed.created is True
    again = save.sync_detailed(client=api, body=body)
    assert again.status_code == 200 and again.parsed.created is False
    assert again.parsed.application_id == first.parsed.application_id
    app = Application.objects.get(user=alice)
    assert (app.position, app.location) == ("Senior Frontend Engineer", "Remote, United States")

    for refused in (
        operation("job_tracker", "tracker_api_list_applications").sync_detailed(client=api),
        operation("job_tracker", "tracker_api_get_application").sync_detailed(app.pk, client=api),
        operation("resumes", "resumes_api_list_resumes").sync_detailed(client=api),
    ):
        assert refused.status_code == 403 and isinstance(refused.parsed, m.ErrorOut)
        assert "only capture" in refused.parsed.detail


def test_generated_client_reads_resume_versions_and_json_resume(
    generated, live_server, alice_token, alice
):
    """Guards the resume routes' schema: the versions list and the JSON Resume export."""
    m = models()
    api = client_for(generated, live_server, alice_token)
    master = built_create(user=alice, name="Backend", document=RESUME)
    tailored = built_create(
        user=alice, name="Backend for Acme", document=RESUME, source="tailored", base=master
    )

    versions = operation("resumes", "resumes_api_list_resumes").sync(client=api)
    assert isinstance(versions, m.PagedResumeVersionOut) and versions.count == 2
    by_id = {v.id: v for v in versions.items}
    assert by_id[tailored.pk].base_id == master.pk
    assert by_id[master.pk].source == m.ResumeVersionOutSource.SCRATCH

    one = operation("resumes", "resumes_api_get_resume").sync(tailored.pk, client=api)
    assert isinstance(one, m.ResumeVersionOut) and one.name == "Backend for Acme"

    exported = operation("resumes", "resumes_api_export_json_resume").sync(master.pk, client=api)
    document = exported.to_dict()
    assert document["$schema"].endswith("/v1.0.0/schema.json")
    assert document["basics"]["name"] == "Alice Example"
    assert document["work"][0]["name"] == "Acme"
