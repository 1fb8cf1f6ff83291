"""Structured resumes from outside: JSON Resume v1.0.0 (validated, nothing lost, exported
back identically), a LinkedIn data export ZIP (a background job), and an upload's text."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError

from careercopilot.jobs.models import JobState
from resumes.builder import importers, services
from resumes.builder.models import BuilderJob, BuiltResume
from resumes.builder.schema import DocumentInvalid, validate
from tracker.tests.factories import make_application

pytestmark = pytest.mark.django_db

FULL = {
    "basics": {
        "name": "Ana Ruiz",
        "label": "Backend engineer",
        "image": "",
        "email": "ana@example.com",
        "phone": "+1 415 555 0100",
        "url": "https://ana.example.com",
        "summary": "Backend engineer.",
        "location": {
            "address": "1 Main St",
            "postalCode": "94607",
            "city": "Oakland",
            "countryCode": "US",
            "region": "California",
        },
        "profiles": [{"network": "GitHub", "username": "ana", "url": "https://github.com/ana"}],
    },
    "work": [
        {
            "name": "Acme Corp",
            "location": "Oakland",
            "description": "Payments",
            "position": "Senior Engineer",
            "url": "https://acme.example",
            "startDate": "2019-03",
            "endDate": "2024-01-31",
            "summary": "Payments team.",
            "highlights": ["Cut latency 40%"],
            "x-team-size": 6,
        }
    ],
    "volunteer": [
        {
            "organization": "Code Club",
            "position": "Mentor",
            "url": "https://codeclub.example",
            "startDate": "2020",
            "endDate": "2021",
            "summary": "Taught.",
            "highlights": ["Ran 30 sessions"],
        }
    ],
    "education": [
        {
            "institution": "UC Davis",
            "url": "https://ucdavis.edu",
            "area": "Computer Science",
            "studyType": "Bachelor",
            "startDate": "2011",
            "endDate": "2015",
            "score": "3.8",
            "courses": ["CS101 - Algorithms"],
        }
    ],
    "awards": [
        {
            "title": "Hackathon winner",
            "date": "2018-05",
            "awarder": "Acme",
            "summary": "First place",
        }
    ],
    "certificates": [
        {
            "name": "AWS Developer",
            "date": "2021-05-01",
            "issuer": "Amazon",
            "url": "https://aws.example",
        }
    ],
    "publications": [
        {
            "name": "Queues",
            "publisher": "Blog",
            "releaseDate": "2020-01",
            "url": "https://blog.example",
            "summary": "On queues",
        }
    ],
    "skills": [{"name": "Python", "level": "Expert", "keywords": ["Django", "Celery"]}],
    "languages": [{"language": "Spanish", "fluency": "Native"}],
    "interests": [{"name": "Cycling", "keywords": ["Touring"]}],
    "references": [{"name": "Jo Boss", "reference": "Great engineer."}],
    "projects": [
        {
            "name": "Queue",
            "description": "A job queue",
            "highlights": ["500 stars"],
            "keywords": ["Redis"],
            "startDate": "2019",
            "endDate": "2020",
            "url": "https://q.example",
            "roles": ["Maintainer"],
            "entity": "Open source",
            "type": "application",
        }
    ],
    "meta": {
        "canonical": "https://ana.example.com/resume.json",
        "version": "v1.0.0",
        "lastModified": "2024-01-01T10:00:00",
    },
    "x-custom": {"anything": [1, 2, 3]},
}


def test_json_resume_round_trips_without_loss(alice):
    """Guards JSON Resume import/export: every field of every section (and fields of our
    own, unknown to the schema) comes back identical."""
    data = json.dumps({"$schema": "https://example.com/schema.json", **FULL}).encode()
    resume = services.built_import_json(user=alice, name="", data=data)
    exported = json.loads(importers.to_json_resume(resume.document))
    assert exported.pop("$schema").endswith("v1.0.0/schema.json")
    assert exported == FULL
    assert resume.name == "Ana Ruiz" and resume.source == BuiltResume.Source.JSON_RESUME


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"basics": {"email": "not-an-email"}}, "basics.email: this is not an email address"),
        ({"work": [{"startDate": "March 2020"}]}, "work[1].startDate: use a date like"),
        ({"skills": [{"keywords": "Python"}]}, "skills[1].keywords: Input should be a valid list"),
        ({"basics": {"url": "ana.example.com"}}, "basics.url: use a full address"),
    ],
)
def test_an_invalid_json_resume_says_where_and_stores_nothing(alice, document, message):
    with pytest.raises(importers.ImportProblem) as caught:
        services.built_import_json(user=alice, name="x", data=json.dumps(document).encode())
    assert any(line.startswith(message) for line in caught.value.errors), caught.value.errors
    assert not BuiltResume.objects.exists()


def test_broken_json_names_the_line(alice):
    with pytest.raises(importers.ImportProblem, match="line 2, column"):
        services.built_import_json(user=alice, name="x", data=b'{"basics":\n  {"name": }}')


def _linkedin_zip(**overrides) -> bytes:
    files = {
        "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
        "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
        'Ben,Okafor,,,,Data analyst,"Analyst who likes SQL.",,,"Leeds, United Kingdom",,'
        '"[PORTFOLIO:https://ben.example.org]",\n',
        "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On\n"
        'Globex,Data Analyst,"Built Tableau dashboards for 120 managers\n- Wrote SQL models",'
        "Leeds,Jan 2020,\n"
        "Hooli,Junior Analyst,Forecast demand,London,May 2018,Dec 2019\n",
        "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
        "University of Leeds,2017,2018,,MSc Statistics,\n",
        "Skills.csv": "Name\nSQL\nTableau\nPython\n",
        "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\n"
        "old@example.org,Yes,No,\nben@example.org,Yes,Yes,\n",
        "Languages.csv": "Name,Proficiency\nFrench,Professional working proficiency\n",
        **overrides,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            if text is not None:
                archive.writestr(f"Basic_LinkedInDataExport/{name}", text)
    return buffer.getvalue()


def test_linkedin_export_becomes_a_resume_in_a_background_job(alice, on_commit):
    with on_commit():
        job = services.linkedin_import_request(user=alice, name="", data=_linkedin_zip())
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    document = job.resume.document
    assert document["basics"] == {
        "name": "Ben Okafor",
        "label": "Data analyst",
        "summary": "Analyst who likes SQL.",
        "location": {"city": "Leeds, United Kingdom"},
        "url": "https://ben.example.org",
        "email": "ben@example.org",
    }
    assert document["work"][0] == {
        "name": "Globex",
        "position": "Data Analyst",
        "location": "Leeds",
        "startDate": "2020-01",
        "highlights": ["Built Tableau dashboards for 120 managers", "Wrote SQL models"],
    }
    assert document["work"][1]["endDate"] == "2019-12"
    assert document["education"] == [
        {
            "institution": "University of Leeds",
            "studyType": "MSc Statistics",
            "startDate": "2017",
            "endDate": "2018",
        }
    ]
    assert [s["name"] for s in document["skills"]] == ["SQL", "Tableau", "Python"]
    assert document["languages"][0]["language"] == "French"
    assert job.resume.source == BuiltResume.Source.LINKEDIN


def test_a_zip_that_is_not_a_linkedin_export_fails_with_a_clear_error(alice, on_commit):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("holiday.txt", "photos")
    with on_commit():
        job = services.linkedin_import_request(user=alice, name="", data=buffer.getvalue())
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "does not look like a LinkedIn data export" in job.error
    assert not BuiltResume.objects.exists()


def test_a_file_that_is_not_a_zip_is_refused_before_queueing(alice):
    with pytest.raises(ValidationError, match="not a ZIP"):
        services.linkedin_import_request(user=alice, name="", data=b"%PDF-1.7")
    assert not BuilderJob.objects.exists()


def test_an_uploaded_resume_becomes_a_draft_to_confirm(alice, alice_version):
    resume = services.built_from_version(user=alice, version=alice_version)
    document = resume.document
    assert resume.source == BuiltResume.Source.UPLOAD
    assert document["basics"].get("email")
    assert document["work"] and all(job.get("startDate") for job in document["work"])
    assert any(job.get("highlights") for job in document["work"])
    assert "basics" in resume.tailor_report["unconfirmed"]
    services.built_confirm_section(resume=resume, section="basics")
    resume.refresh_from_db()
    assert "basics" not in resume.tailor_report["unconfirmed"]
    validate(document)  # a valid JSON Resume


def test_validate_reports_paths_for_inline_errors():
    with pytest.raises(DocumentInvalid) as caught:
        validate({"work": [{}, {"endDate": "soon"}]})
    assert caught.value.where == [
        (("work", 1, "endDate"), "use a date like 2021, 2021-04 or 2021-04-30")
    ]


def test_demo_seeds_a_structured_and_a_tailored_resume(alice, alice_version):
    from resumes.builder import demo

    application = make_application(
        alice,
        company="Acme Cloud",
        position="Backend Engineer",
        description="Python, Django, PostgreSQL and REST APIs; mentor engineers.",
    )
    tailored = demo.seed(user=alice, version=alice_version, application=application)
    assert tailored.base.source == BuiltResume.Source.UPLOAD
    assert tailored.application == application and tailored.proposals


def test_the_linkedin_zip_is_not_kept_after_the_import(alice, on_commit):
    """Guards privacy: the export holds more than a resume, so it is deleted once read."""
    with on_commit():
        job = services.linkedin_import_request(user=alice, name="", data=_linkedin_zip())
    stored = BuilderJob.objects.get(pk=job.pk)
    storage = BuilderJob._meta.get_field("source_file").storage
    assert stored.state == JobState.DONE and stored.source_file.name == ""
    assert not storage.exists(job.source_file.name)
