import datetime as dt
import json
import re
import zoneinfo

import pytest
from django.urls import URLPattern, get_resolver, reverse

from resumes.builder.services import built_create
from tracker import services
from tracker.models import ApiToken, Application, Contact, Interview, Status

from .factories import make_application, make_contact, make_interview

pytestmark = pytest.mark.django_db

API = "/api/v1"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def alice_token(alice) -> str:
    return services.api_token_create(user=alice, name="Extension")[1]


@pytest.fixture
def bob_token(bob) -> str:
    return services.api_token_create(user=bob, name="Bob's script")[1]


def call(client, method, path, token, data=None, **extra):
    kwargs = {**bearer(token), **extra}
    if data is not None:
        kwargs.update(data=json.dumps(data), content_type="application/json")
    return getattr(client, method)(f"{API}{path}", **kwargs)


def test_token_is_shown_once_stored_hashed_and_works(alice, alice_client, client):
    response = alice_client.post(reverse("tracker:token_create"), {"name": "Chrome extension"})
    html = response.content.decode()
    raw = re.search(r'value="(cct_[^"]+)"', html).group(1)
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=alice)
    assert raw not in (token.token_hash, token.hint) and len(token.token_hash) == 64
    assert raw not in alice_client.get(reverse("tracker:settings")).content.decode()

    response = call(client, "get", "/applications", raw)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_gets_401(alice, alice_client, client, alice_token):
    assert call(client, "get", "/applications", alice_token).status_code == 200
    token = ApiToken.objects.get(user=alice)
    alice_client.post(reverse("tracker:token_revoke", args=[token.pk]))
    response = call(client, "get", "/applications", alice_token)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header", [None, "Bearer", "Bearer nope", "Bearer cct_forged", "Token cct_x"]
)
def test_missing_or_bad_tokens_get_401(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    assert client.get(f"{API}/applications", **extra).status_code == 401


def test_session_login_alone_does_not_open_the_api(alice_client):
    assert alice_client.get(f"{API}/applications").status_code == 401


def test_application_round_trip(alice, client, alice_token):
    response = call(
        client,
        "post",
        "/applications",
        alice_token,
        {
            "company": "Acme",
            "position": "SRE",
            "status": "applied",
            "tags": ["remote"],
            "posting_url": "https://acme.test/1",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    app_id = body["id"]
    assert (body["status"], body["tags"], body["days_in_stage"]) == ("applied", ["remote"], 0)

    response = call(
        client,
        "post",
        f"/applications/{app_id}/move",
        alice_token,
        {"status": "phone_screen", "note": "Recruiter call"},
    )
    assert response.status_code == 200 and response.json()["status"] == "phone_screen"
    timeline = call(client, "get", f"/applications/{app_id}/timeline", alice_token).json()
    assert [(s["from_status"], s["to_status"]) for s in timeline] == [
        ("", "applied"),
        ("applied", "phone_screen"),
    ]

    response = call(
        client,
        "patch",
        f"/applications/{app_id}",
        alice_token,
        {"notes": "Bring portfolio", "archived": True},
    )
    assert response.json()["notes"] == "Bring portfolio" and response.json()["archived"] is True
    assert call(client, "delete", f"/applications/{app_id}", alice_token).status_code == 204
    assert not Application.objects.exists()


def test_invalid_input_gets_422_with_the_reason_and_writes_nothing(alice, client, alice_token):
    response = call(
        client,
        "post",
        "/applications",
        alice_token,
        {"company": "Acme", "position": "SRE", "posting_url": "file:///etc/passwd"},
    )
    assert response.status_code == 422
    assert "posting_url" in response.json()["detail"]
    app = make_application(alice, status=Status.APPLIED)
    response = call(
        client, "post", f"/applications/{app.pk}/move", alice_token, {"status": "accepted"}
    )
    assert response.status_code == 409
    assert "Only an offer can be accepted" in response.json()["detail"]
    assert call(client, "post", "/applications", alice_token, {"company": "x"}).status_code == 422
    assert Application.objects.count() == 1


def test_list_is_paginated_and_filtered(alice, client, alice_token):
    for i in range(55):
        make_application(
            alice, company=f"Co {i:02d}", status=Status.APPLIED if i % 2 else Status.SAVED
        )
    page = call(client, "get", "/applications?sort=company", alice_token).json()
    assert page["count"] == 55 and len(page["items"]) == 50
    page2 = call(client, "get", "/applications?sort=company&page=2", alice_token).json()
    assert [a["company"] for a in page2["items"]] == [f"Co {i}" for i in range(50, 55)]
    applied = call(client, "get", "/applications?status=applied&page_size=100", alice_token).json()
    assert applied["count"] == 27


def test_contacts_and_interviews_round_trip(alice, client, alice_token):
    alice.timezone = "Europe/Paris"
    alice.save()
    app = make_application(alice, status=Status.PHONE_SCREEN)
    response = call(
        client,
        "post",
        "/contacts",
        alice_token,
        {"name": "Sam", "email": "sam@acme.test", "application_ids": [app.pk]},
    )
    assert response.status_code == 201 and response.json()["application_ids"] == [app.pk]
    contact_id = response.json()["id"]
    assert (
        call(client, "patch", f"/contacts/{contact_id}", alice_token, {"role": "referrer"}).json()[
            "role"
        ]
        == "referrer"
    )

    response = call(
        client,
        "post",
        "/interviews",
        alice_token,
        {
            "application_id": app.pk,
            "kind": "phone",
            "starts_at": "2026-12-01T10:00",
            "ends_at": "2026-12-01T10:30",
        },
    )
    assert response.status_code == 201, response.content
    interview = Interview.objects.get()
    assert interview.starts_at == dt.datetime(
        2026, 12, 1, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")
    )
    response = call(
        client,
        "patch",
        f"/interviews/{interview.pk}",
        alice_token,
        {"starts_at": "2026-12-01T11:00:00Z", "ends_at": "2026-12-01T10:00:00Z"},
    )
    assert response.status_code == 422
    listing = call(client, "get", f"/interviews?application_id={app.pk}", alice_token).json()
    assert listing["count"] == 1 and listing["items"][0]["uid"] == str(interview.uid)
    assert call(client, "delete", f"/interviews/{interview.pk}", alice_token).status_code == 204
    assert call(client, "delete", f"/contacts/{contact_id}", alice_token).status_code == 204
    assert not Contact.objects.exists()


def api_patterns() -> list[URLPattern]:
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api"
    )
    return [p for p in resolver.url_patterns if isinstance(p, URLPattern)]


def test_bob_gets_404_on_every_api_route_with_alices_ids(alice, bob, client, bob_token):
    app = make_application(alice, status=Status.APPLIED)
    contact = make_contact(alice)
    interview = make_interview(app)
    resume = built_create(user=alice, name="Backend", document={"basics": {"name": "Alice"}})
    ids = {
        "application_id": app.pk,
        "contact_id": contact.pk,
        "interview_id": interview.pk,
        "resume_id": resume.pk,
    }
    routes_with_ids = [p for p in api_patterns() if p.pattern.converters]
    assert {frozenset(p.pattern.converters) for p in routes_with_ids} == {
        frozenset([k]) for k in ids
    }
    for pattern in routes_with_ids:
        path = "/" + str(pattern.pattern).replace("<int:", "<")
        for name, value in ids.items():
            path = path.replace(f"<{name}>", str(value))
        for method in ("get", "post", "patch", "delete"):
            body = (
                None
                if method in ("get", "delete")
                else {"status": "rejected", "name": "x", "notes": "x"}
            )
            response = call(client, method, path, bob_token, body)
            assert response.status_code in (404, 405), (
                f"{method.upper()} {path}: {response.status_code}"
            )
    # Bob cannot attach an interview or a contact to Alice's application either.
    starts = "2026-12-01T10:00:00Z"
    assert (
        call(
            client,
            "post",
            "/interviews",
            bob_token,
            {"application_id": app.pk, "starts_at": starts, "ends_at": "2026-12-01T11:00:00Z"},
        ).status_code
        == 404
    )
    assert (
        call(
            client, "post", "/contacts", bob_token, {"name": "x", "application_ids": [app.pk]}
        ).status_code
        == 404
    )
    assert call(client, "get", "/applications", bob_token).json()["count"] == 0
    app.refresh_from_db()
    assert (
        app.status == Status.APPLIED
        and Interview.objects.count() == 1
        and Contact.objects.count() == 1
    )


def test_openapi_schema_and_docs_page(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["title"] == "Career Copilot API"
    for path in (
        "/api/v1/applications",
        "/api/v1/applications/{application_id}/move",
        "/api/v1/contacts",
        "/api/v1/interviews",
    ):
        assert path in schema["paths"], path
    assert (
        "BearerAuth" in json.dumps(schema["components"]["securitySchemes"])
        or schema["components"]["securitySchemes"]
    )
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn." not in html


def test_null_in_a_patch_clears_optional_text_and_is_refused_for_required(
    alice, client, alice_token
):
    """Guards a PATCH with "company": null, which was a database error (500) instead of a clear."""
    app = make_application(alice)
    contact = Contact.objects.create(user=alice, name="Sam", company="Acme", notes="met at a fair")
    path = f"/contacts/{contact.pk}"
    response = call(client, "patch", path, alice_token, {"company": None, "notes": None})
    assert response.status_code == 200, response.content
    assert response.json()["company"] == "" and response.json()["notes"] == ""
    assert call(client, "patch", path, alice_token, {"name": None}).status_code == 422
    contact.refresh_from_db()
    assert (contact.name, contact.company) == ("Sam", "")

    interview = Interview.objects.create(
        application=app,
        starts_at=dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 1, 1, 11, tzinfo=dt.UTC),
        location="Room 4",
    )
    response = call(client, "patch", f"/interviews/{interview.pk}", alice_token, {"location": None})
    assert response.status_code == 200, response.content
    interview.refresh_from_db()
    assert interview.location == ""
