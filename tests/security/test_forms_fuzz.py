"""Property tests: no input to the main forms and API endpoints causes a server error.

Hypothesis throws arbitrary text (any Unicode, NUL bytes, huge strings), numbers out of
range (negative, huge, NaN, infinity) and impossible dates at each one. A 4xx or a form
error is fine; a 500 (the test client re-raises it) or an ERROR log fails the test.
Runs are derandomised and kept small, so the whole file stays well under a minute.
"""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tracker import services as tracker_services

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "A" * 120_000,
    "-1",
    "-99999999999",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "0x1F",
    "2024-02-30",
    "9999-12-31T25:61",
    "0000-00-00",
    "-0001-01-01",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "{{ 7*7 }}{% debug %}",
    "\u202eexe.pdf",
    "\ud7ff\ufeff\uffff",
    "🙂" * 3000,
    "../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=1",
    "javascript:alert(1)",
]
chars = st.characters(blacklist_categories=("Cs",))
text = st.one_of(st.sampled_from(NASTY), st.text(chars, max_size=200))
number = st.one_of(
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
date = st.one_of(st.sampled_from(NASTY), st.dates().map(str), st.datetimes().map(str), text)


def form(**fields) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(fields)


def assert_no_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


@pytest.fixture
def fresh():
    """Each example starts without the rate-limit counters the previous ones consumed."""

    def reset():
        cache.clear()

    return reset


# --- Tracker -------------------------------------------------------------------------------

APPLICATION = form(
    company=text,
    position=text,
    posting_url=text,
    location=text,
    work_mode=text,
    salary_min=number,
    salary_max=number,
    salary_currency=text,
    source=text,
    applied_on=date,
    deadline=date,
    excitement=number,
    description=text,
    notes=text,
    tags=text,
    status=text,
)


def test_application_create_and_edit(alice_client, world, fresh, no_errors_logged):
    app = world.application

    @FUZZ
    @given(data=APPLICATION)
    @example(
        data={
            "company": "Acme\x00",
            "position": "Dev",
            "salary_min": "-1",
            "salary_max": "1e309",
            "applied_on": "2024-02-30",
            "excitement": "NaN",
            "tags": "a\x00b",
            "status": "applied",
        }
    )
    @example(
        data={
            "company": "Acme",
            "position": "Dev",
            "salary_min": "99999999999999999999999",
            "deadline": "-0001-01-01",
            "excitement": "99",
            "posting_url": "javascript:alert(1)",
        }
    )
    def run(data):
        fresh()
        assert_no_server_error(alice_client.post(reverse("tracker:application_create"), data))
        assert_no_server_error(
            alice_client.post(reverse("tracker:application_edit", args=[app.pk]), data)
        )

    run()


def test_move_bulk_and_list_filters(alice_client, world, fresh, no_errors_logged):
    app = world.application

    @FUZZ
    @given(
        status=text,
        note=text,
        action=text,
        ids=st.lists(number, max_size=3),
        q=text,
        sort=text,
        applied=date,
    )
    def run(status, note, action, ids, q, sort, applied):
        fresh()
        move = reverse("tracker:application_move", args=[app.pk])
        assert_no_server_error(alice_client.post(move, {"status": status, "note": note}))
        bulk = {"ids": ids, "action": action, "status": status}
        assert_no_server_error(alice_client.post(reverse("tracker:application_bulk"), bulk))
        query = {"q": q, "sort": sort, "status": status, "applied_from": applied, "page": note}
        assert_no_server_error(alice_client.get(reverse("tracker:application_list"), query))

    run()


def test_contact_and_interview_forms(alice_client, world, fresh, no_errors_logged):
    app = world.application

    @FUZZ
    @given(
        contact=form(
            name=text,
            role=text,
            company=text,
            email=text,
            phone=text,
            linkedin_url=text,
            notes=text,
        ),
        interview=form(
            kind=text, starts_at=date, ends_at=date, location=text, meeting_url=text, notes=text
        ),
    )
    def run(contact, interview):
        fresh()
        assert_no_server_error(alice_client.post(reverse("tracker:contact_create"), contact))
        url = reverse("tracker:interview_create", args=[app.pk])
        assert_no_server_error(alice_client.post(url, interview))

    run()


# --- Profile ---------------------------------------------------------------------------------


def test_profile(alice_client, fresh, no_errors_logged):
    @FUZZ
    @given(
        data=form(
            name=text,
            headline=text,
            target_roles=text,
            locations=text,
            skills=text,
            salary_min=number,
            salary_max=number,
            salary_currency=text,
            timezone=text,
            email_categories=st.lists(text, max_size=3),
        )
    )
    @example(
        data={
            "name": "A\x00",
            "salary_min": "-5",
            "salary_max": "1e309",
            "timezone": "../../etc",
            "skills": "a\x00,b",
            "email_categories": ["\x00"],
        }
    )
    def run(data):
        fresh()
        assert_no_server_error(alice_client.post(reverse("accounts:profile"), data))

    run()


# --- Resumes ---------------------------------------------------------------------------------


def test_job_description_match_letters_and_chat(alice_client, world, fresh, no_errors_logged):
    version, letter, thread = world.version, world.letter, world.thread

    @FUZZ
    @given(
        data=form(
            version=st.one_of(st.just(str(version.pk)), number),
            application=number,
            job_title=text,
            company=text,
            job_description=text,
        ),
        body=text,
    )
    def run(data, body):
        fresh()
        assert_no_server_error(alice_client.post(reverse("resumes:analysis_new"), data))
        url = reverse("resumes:letter_edit", args=[letter.pk])
        assert_no_server_error(alice_client.post(url, {"body": body}))
        url = reverse("resumes:chat_post", args=[thread.pk])
        assert_no_server_error(alice_client.post(url, {"content": body}))

    run()


# --- Courses ---------------------------------------------------------------------------------


def test_essay_feed_and_video_comments(alice_client, world, fresh, no_errors_logged):
    course, assignment, post, video = world.course, world.assignment, world.post, world.video

    @FUZZ
    @given(essay=text, body=st.one_of(st.just("Great answer"), text), parent=number, at=number)
    @example(essay="\x00", body="hi\x00", parent="99999999999999999999999", at="1")
    @example(essay="A" * 120_000, body="Great answer", parent="-1", at="nan")
    @example(essay="ok", body="Great answer", parent="0x1F", at="inf")
    def run(essay, body, parent, at):
        fresh()
        args = [course.pk, assignment.pk]
        assert_no_server_error(
            alice_client.post(reverse("courses:draft_save", args=args), {"text": essay})
        )
        assert_no_server_error(
            alice_client.post(reverse("courses:submit", args=args), {"text": essay})
        )
        url = reverse("courses:post_create", args=[course.pk])
        assert_no_server_error(alice_client.post(url, {"body": body}))
        url = reverse("courses:comment_create", args=[post.pk])
        assert_no_server_error(alice_client.post(url, {"body": body, "parent": parent}))
        url = reverse("courses:video_comment_add", args=[video.pk])
        assert_no_server_error(alice_client.post(url, {"body": body, "at_seconds": at}))
        assert_no_server_error(alice_client.get(reverse("courses:video", args=[video.pk])))
        assert_no_server_error(alice_client.get(reverse("courses:feed", args=[course.pk])))

    run()


def test_course_join_codes(alice_client, fresh, no_errors_logged):
    @FUZZ
    @given(code=text)
    def run(code):
        fresh()
        assert_no_server_error(alice_client.post(reverse("courses:join"), {"code": code}))

    run()


# --- The JSON API ----------------------------------------------------------------------------

json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


def payload(**fields: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Any subset of the fields, each either a plausible value (so the request gets past
    the other fields) or any JSON at all."""
    return st.fixed_dictionaries(
        {}, optional={k: st.one_of(v, json_value) for k, v in fields.items()}
    )


texts = st.lists(text, max_size=3)
iso = st.one_of(st.datetimes().map(lambda d: d.isoformat()), st.dates().map(str), text)
APPLICATION_FIELDS = dict(
    company=text,
    position=text,
    posting_url=text,
    location=text,
    work_mode=st.just(""),
    salary_min=st.integers(),
    salary_max=st.integers(),
    salary_currency=text,
    source=text,
    applied_on=iso,
    deadline=iso,
    description=text,
    notes=text,
    excitement=st.integers(),
    tags=texts,
    status=st.just("applied"),
    archived=st.booleans(),
)
CONTACT_FIELDS = dict(
    name=text,
    role=st.just("recruiter"),
    company=text,
    email=text,
    phone=text,
    linkedin_url=text,
    notes=text,
    application_ids=st.lists(st.integers(), max_size=3),
)
INTERVIEW_FIELDS = dict(
    application_id=st.integers(),
    kind=st.just("video"),
    starts_at=iso,
    ends_at=iso,
    location=text,
    meeting_url=text,
    notes=text,
)


def test_api_json_bodies(alice, world, fresh, client, no_errors_logged):
    _token, raw = tracker_services.api_token_create(user=alice, name="fuzz")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    app, contact, interview = world.application, world.contact, world.interview

    def call(method, url, body):
        data = body if isinstance(body, str) else json.dumps(body)
        response = getattr(client, method)(
            url, data=data, content_type="application/json", **headers
        )
        assert_no_server_error(response)

    @FUZZ
    @given(
        application=payload(**APPLICATION_FIELDS),
        contact_body=payload(**CONTACT_FIELDS),
        interview_body=payload(**INTERVIEW_FIELDS),
        move=payload(status=st.just("interviewing"), note=text),
        raw_body=st.one_of(text, st.just("{"), st.just('{"company": "\\u0000"}')),
        query=text,
    )
    @example(  # one nasty value per call, so nothing else refuses the request first
        application={"tags": ["a\x00", "b"]},
        contact_body={"notes": "x\x00"},
        interview_body={
            "notes": "\x00",
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T11:00",
        },
        move={"status": "interviewing", "note": "moved\x00"},
        raw_body='{"company": "A", "position": "B", "salary_min": NaN, "excitement": 1e400}',
        query="\x00",
    )
    @example(
        application={"salary_min": 2**70, "applied_on": "2024-02-30"},
        contact_body={"application_ids": [2**70, -1]},
        interview_body={
            "application_id": 2**70,
            "starts_at": "9999-12-31T23:59:59",
            "ends_at": "0001-01-01T00:00:00",
        },
        move={"status": "nope"},
        raw_body="[]",
        query="-" * 300,
    )
    def run(application, contact_body, interview_body, move, raw_body, query):
        fresh()
        call("post", "/api/v1/applications", {"company": "Acme", "position": "Dev", **application})
        call("patch", f"/api/v1/applications/{app.pk}", application)
        call("post", f"/api/v1/applications/{app.pk}/move", move)
        call("post", "/api/v1/contacts", {"name": "Riley", **contact_body})
        call("patch", f"/api/v1/contacts/{contact.pk}", contact_body)
        call("post", "/api/v1/interviews", {"application_id": app.pk, **interview_body})
        call("patch", f"/api/v1/interviews/{interview.pk}", interview_body)
        call("post", "/api/v1/applications", raw_body)
        response = client.get(
            "/api/v1/applications",
            {"q": query, "sort": query, "status": query, "page": query},
            **headers,
        )
        assert_no_server_error(response)

    run()
