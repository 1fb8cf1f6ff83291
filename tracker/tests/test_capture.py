"""Job capture: the paste page, the bookmarklet's landing page, the capture API with its
capture-only tokens, and one application per posting."""

from __future__ import annotations

import json
import re

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from careercopilot import ratelimit
from tracker import services
from tracker.capture.bookmarklet import bookmarklet_source
from tracker.models import ApiToken, Application, Status

from .capture_corpus import FIXTURES
from .factories import make_application

pytestmark = pytest.mark.django_db

API = "/api/v1/capture"
GREENHOUSE = (FIXTURES / "greenhouse_jsonld.html").read_text()
GREENHOUSE_URL = "https://job-boards.greenhouse.io/lumenrobotics/jobs/5123456004?gh_src=linkedin"
WAREHOUSE = (FIXTURES / "workday_hourly.html").read_text()


def confirm_fields(response) -> dict:
    """The confirmation form's fields as the page renders them (what a user would send)."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return data


@pytest.fixture
def capture_token(alice) -> str:
    return services.api_token_create(user=alice, name="Extension", scope=ApiToken.Scope.CAPTURE)[1]


@pytest.fixture
def full_token(alice) -> str:
    return services.api_token_create(user=alice, name="Script")[1]


def api_post(client, path, token, data, **extra):
    return client.post(
        f"{API}{path}",
        data=json.dumps(data),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        **extra,
    )


# --- The page: paste, confirm, save ---------------------------------------------------------


def test_pasted_page_is_shown_for_confirmation_then_saved(alice, alice_client):
    """Guards the paste way in end to end: parse (nothing stored), confirm, save."""
    response = alice_client.post(
        reverse("tracker:capture"), {"url": GREENHOUSE_URL, "page": GREENHOUSE}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Senior Backend Engineer"' in html and 'value="Lumen Robotics"' in html
    assert "job posting data (JSON-LD)" in html
    assert not Application.objects.filter(user=alice).exists()

    response = alice_client.post(reverse("tracker:capture_save"), confirm_fields(response))
    app = Application.objects.get(user=alice)
    assert response.status_code == 302 and response["Location"] == app.get_absolute_url()
    assert (app.position, app.company, app.location) == (
        "Senior Backend Engineer",
        "Lumen Robotics",
        "San Francisco, CA",
    )
    assert (app.salary_min, app.salary_max, app.salary_currency) == (185000, 225000, "USD")
    assert app.posting_url == "https://job-boards.greenhouse.io/lumenrobotics/jobs/5123456004"
    assert app.source == "Greenhouse" and app.status == Status.SAVED
    assert "autonomous inspection robots" in app.description


def test_pay_per_hour_is_kept_in_the_notes(alice, alice_client):
    response = alice_client.post(reverse("tracker:capture"), {"page": WAREHOUSE})
    alice_client.post(reverse("tracker:capture_save"), confirm_fields(response))
    app = Application.objects.get(user=alice)
    assert (app.salary_min, app.salary_max) == (22, 26)
    assert "Pay as posted: 22–26 USD an hour." in app.notes


def test_capturing_a_tracked_posting_updates_it_instead_of_duplicating(alice, alice_client):
    """Guards one application per posting: another form of the same address (case,
    tracking parameters, trailing slash) updates the tracked application."""
    existing = make_application(
        alice,
        company="Lumen",
        position="Backend Engineer",
        posting_url="https://Job-Boards.Greenhouse.io/lumenrobotics/jobs/5123456004/?utm_source=x",
        notes="Referred by Sam.",
        status=Status.APPLIED,
        tags=["robots"],
    )
    response = alice_client.post(
        reverse("tracker:capture"), {"url": GREENHOUSE_URL, "page": GREENHOUSE}
    )
    assert "You already track this job" in response.content.decode()
    alice_client.post(reverse("tracker:capture_save"), confirm_fields(response))

    assert Application.objects.filter(user=alice).count() == 1
    existing.refresh_from_db()
    assert (existing.position, existing.company) == ("Senior Backend Engineer", "Lumen Robotics")
    assert existing.status == Status.APPLIED and existing.notes == "Referred by Sam."
    assert [t.name for t in existing.tags.all()] == ["robots"]


def test_another_users_posting_is_not_theirs_to_update(alice, bob, alice_client):
    make_application(
        bob, posting_url="https://job-boards.greenhouse.io/lumenrobotics/jobs/5123456004"
    )
    response = alice_client.post(
        reverse("tracker:capture"), {"url": GREENHOUSE_URL, "page": GREENHOUSE}
    )
    assert "You already track this job" not in response.content.decode()
    alice_client.post(reverse("tracker:capture_save"), confirm_fields(response))
    assert Application.objects.filter(user=alice).count() == 1
    assert Application.objects.filter(user=bob).get().company == "Acme"


def test_missing_fields_are_asked_for_and_nothing_is_lost(alice, alice_client):
    response = alice_client.post(
        reverse("tracker:capture"), {"page": "We are hiring!\n\nBring your best ideas."}
    )
    fields = confirm_fields(response)
    fields.update(company="", description="My notes about the job, kept.")
    response = alice_client.post(reverse("tracker:capture_save"), fields)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter the company" in html and "My notes about the job, kept." in html
    assert not Application.objects.filter(user=alice).exists()


def test_an_empty_paste_gets_a_clear_message(alice_client):
    response = alice_client.post(reverse("tracker:capture"), {"url": "ftp://x", "page": "   "})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Paste the job posting" in html and "starting with http://" in html


def test_capture_pages_need_sign_in(client):
    for name in ("tracker:capture", "tracker:capture_bookmarklet"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(reverse("tracker:capture_save"), {"title": "x"}).status_code == 302
    assert not Application.objects.exists()


def test_saving_needs_the_csrf_token(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    response = browser.post(
        reverse("tracker:capture_save"), {"title": "T", "company": "C", "salary_period": "year"}
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_capture_is_rate_limited(alice, alice_client):
    limit = ratelimit.LIMITS["capture"][0]
    for _ in range(limit):
        ratelimit.record(user_id=alice.pk, action="capture")
    response = alice_client.post(reverse("tracker:capture"), {"page": GREENHOUSE})
    assert response.status_code == 429


def test_saving_can_start_a_match_against_the_default_resume(
    alice, alice_client, django_capture_on_commit_callbacks
):
    from resumes import services as resume_services
    from resumes.models import MatchAnalysis
    from resumes.tests import samples

    response = alice_client.post(reverse("tracker:capture"), {"page": GREENHOUSE})
    assert "Upload a resume" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        resume_services.resume_upload(
            user=alice, name="CV", filename="cv.pdf", data=samples.text_pdf()
        )
    response = alice_client.post(reverse("tracker:capture"), {"page": GREENHOUSE})
    fields = confirm_fields(response)
    assert fields.get("start_match") == "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("tracker:capture_save"), fields)
    analysis = MatchAnalysis.objects.get(user=alice)
    assert response["Location"] == analysis.get_absolute_url()
    assert analysis.application == Application.objects.get(user=alice)
    assert analysis.company == "Lumen Robotics"


# --- The bookmarklet -----------------------------------------------------------------------


def test_settings_offer_a_bookmarklet_for_this_site(alice_client):
    html = alice_client.get(reverse("tracker:settings")).content.decode()
    href = re.search(r'href="(javascript:[^"]+)"[^>]*data-bookmarklet', html).group(1)
    assert "http://testserver" in href and reverse("tracker:capture_bookmarklet") in href


def test_bookmarklet_posts_only_to_our_origin_after_our_tab_says_ready():
    source = bookmarklet_source("https://cc.example/tracker/capture/bookmarklet/")
    assert 'var o="https://cc.example"' in source
    assert "e.source!==w||e.origin!==o" in source
    assert 'w.postMessage({type:"careercopilot:page",url:location.href,html:h},o)' in source
    assert "fetch(" not in source and "submit(" not in source  # no cross-site request


def test_bookmarklet_landing_page_keeps_its_opener_and_posts_with_csrf(alice_client, client):
    response = alice_client.get(reverse("tracker:capture_bookmarklet"))
    assert response["Cross-Origin-Opener-Policy"] == "unsafe-none"
    html = response.content.decode()
    assert 'action="/tracker/capture/"' in html and "csrfmiddlewaretoken" in html
    assert "capture_receive.js" in html
    assert (
        alice_client.get(reverse("tracker:capture"))["Cross-Origin-Opener-Policy"] == "same-origin"
    )
    assert alice_client.post(reverse("tracker:capture_bookmarklet")).status_code == 405


# --- Tokens and the API ------------------------------------------------------------------------


def test_settings_create_a_capture_only_token(alice, alice_client):
    response = alice_client.post(
        reverse("tracker:token_create"), {"name": "Chrome", "scope": "capture"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice)
    assert token.scope == ApiToken.Scope.CAPTURE
    assert "Job capture only" in alice_client.get(reverse("tracker:settings")).content.decode()


def test_extension_flow_parse_then_save_then_update(alice, client, capture_token):
    """Guards the extension's calls with a capture-only token: parse says what it found
    and whether it is tracked; save creates (201), then updates (200), never duplicates."""
    response = api_post(
        client, "/parse", capture_token, {"url": GREENHOUSE_URL, "html": GREENHOUSE}
    )
    assert response.status_code == 200, response.content
    found = response.json()
    assert (found["title"], found["company"], found["source"], found["tracked"]) == (
        "Senior Backend Engineer",
        "Lumen Robotics",
        "jsonld",
        False,
    )
    assert found["url"] == "https://job-boards.greenhouse.io/lumenrobotics/jobs/5123456004"

    body = {
        k: found[k]
        for k in (
            "url",
            "title",
            "company",
            "location",
            "remote",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "deadline",
            "description",
        )
    }
    response = api_post(client, "/save", capture_token, body)
    assert response.status_code == 201, response.content
    saved = response.json()
    app = Application.objects.get(user=alice)
    assert saved["application_id"] == app.pk and saved["created"] is True
    assert saved["application_url"] == f"http://testserver{app.get_absolute_url()}"

    again = api_post(
        client,
        "/parse",
        capture_token,
        {"url": GREENHOUSE_URL + "&utm_medium=x", "html": GREENHOUSE},
    )
    assert again.json()["tracked"] is True
    response = api_post(client, "/save", capture_token, {**body, "title": "Staff Backend Engineer"})
    assert response.status_code == 200 and response.json()["created"] is False
    assert Application.objects.get(user=alice).position == "Staff Backend Engineer"


def test_api_save_reports_why_no_match_started(alice, client, capture_token):
    response = api_post(
        client, "/save", capture_token, {"title": "Cook", "company": "Diner", "start_match": True}
    )
    assert response.status_code == 201
    assert response.json()["match_id"] is None
    assert "Upload a resume first" in response.json()["match_error"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "  ", "company": "Acme"}, "title"),
        ({"title": "T", "company": "Acme", "url": "javascript:alert(1)"}, "url"),
        ({"title": "T", "company": "Acme", "salary_currency": "dollars"}, "salary_currency"),
        ({"title": "T", "company": "Acme", "salary_min": 9, "salary_max": 5}, "salary"),
    ],
)
def test_api_save_refuses_bad_fields_with_a_422(alice, client, capture_token, body, field):
    response = api_post(client, "/save", capture_token, body)
    assert response.status_code == 422
    assert field in json.dumps(response.json())
    assert not Application.objects.exists()


def test_session_cookie_alone_does_not_open_the_capture_api(alice_client):
    response = api_post(alice_client, "/parse", "", {"html": GREENHOUSE})
    assert response.status_code == 401


def api_patterns() -> list[URLPattern]:
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


# The schema and its docs page describe the API and hold no user data; the root only
# exists for reversing URLs (404 for everyone).
PUBLIC = {"openapi-json", "openapi-view", "api-root"}
CAPTURE_ROUTES = {"capture/parse", "capture/save"}


def test_capture_only_token_is_refused_on_every_other_api_route(
    alice, client, capture_token, full_token
):
    """Guards the scope on every route of the API, present and future: with a
    capture-only token, every method of every route but the capture ones is 403 (or 405
    where the method does not exist); the capture routes work."""
    app = make_application(alice)
    params = {"application_id": app.pk, "contact_id": 1, "interview_id": 1, "resume_id": 1}
    routes = set()
    failures = []
    for pattern in api_patterns():
        route = str(pattern.pattern)
        routes.add(route)
        if pattern.name in PUBLIC:
            continue
        url = "/api/v1/" + route
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(params[m.group(1)]), url)
        for method in ("get", "post", "put", "patch", "delete"):
            body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
            response = getattr(client, method)(
                url, HTTP_AUTHORIZATION=f"Bearer {capture_token}", **body
            )
            if route in CAPTURE_ROUTES:
                if method == "post" and response.status_code not in (200, 201, 422):
                    failures.append(f"{method} {url}: {response.status_code}")
                continue
            if response.status_code not in (403, 405):
                failures.append(f"{method} {url}: {response.status_code}")
            if response.status_code == 403:
                assert "insufficient_scope" in response["WWW-Authenticate"]
                assert "only capture jobs" in response.json()["detail"]
    assert CAPTURE_ROUTES <= routes and len(routes) > 10
    assert not failures, failures
    Application.objects.filter(user=alice).delete()
    # A full-access token still reaches everything, the capture routes included.
    assert (
        client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {full_token}").status_code
        == 200
    )
    assert api_post(client, "/parse", full_token, {"html": GREENHOUSE}).status_code == 200


def test_extension_origins_get_cors_and_web_pages_do_not(client, capture_token):
    """Guards CORS: the extension's origin may call (preflight, answers and errors carry
    the header); a web page's origin gets no CORS header, so its script reads nothing."""
    for origin in (
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "moz-extension://1b2c3d4e-uuid",
    ):
        preflight = client.options(
            f"{API}/save",
            HTTP_ORIGIN=origin,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
        )
        assert preflight.status_code == 204
        assert preflight["Access-Control-Allow-Origin"] == origin
        assert "Authorization" in preflight["Access-Control-Allow-Headers"]
        response = api_post(
            client, "/parse", capture_token, {"html": GREENHOUSE}, HTTP_ORIGIN=origin
        )
        assert response["Access-Control-Allow-Origin"] == origin
        refused = api_post(client, "/parse", "cct_wrong", {"html": GREENHOUSE}, HTTP_ORIGIN=origin)
        assert refused.status_code == 401 and refused["Access-Control-Allow-Origin"] == origin
    for origin in ("https://evil.example", "null"):
        response = api_post(
            client, "/parse", capture_token, {"html": GREENHOUSE}, HTTP_ORIGIN=origin
        )
        assert "Access-Control-Allow-Origin" not in response
        assert "Access-Control-Allow-Origin" not in client.options(
            f"{API}/parse", HTTP_ORIGIN=origin
        )
    assert "Access-Control-Allow-Origin" not in client.options(
        "/api/v1/applications", HTTP_ORIGIN="chrome-extension://x"
    )


def test_oversized_pages_are_refused_with_a_clear_422(client, capture_token):
    response = api_post(client, "/parse", capture_token, {"html": "x" * 3_000_001})
    assert response.status_code == 422
    assert "html" in json.dumps(response.json())


def test_capture_api_is_rate_limited_with_a_clear_429(alice, client, capture_token):
    for _ in range(ratelimit.LIMITS["capture"][0]):
        ratelimit.record(user_id=alice.pk, action="capture")
    response = api_post(client, "/save", capture_token, {"title": "Cook", "company": "Diner"})
    assert response.status_code == 429
    assert "Too many captures" in response.json()["detail"]
    assert not Application.objects.exists()
