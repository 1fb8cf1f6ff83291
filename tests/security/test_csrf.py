"""CSRF is enforced on every POST route of the whole URL conf (apps, allauth, the admin).

A signed-in browser session posting without the CSRF token gets 403 everywhere, except
the documented exemptions below, which do not authenticate by the session cookie.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tracker import services as tracker_services

from .conftest import signed_in
from .urlwalk import resolves_to, routes

pytestmark = pytest.mark.django_db

EXEMPT = {
    "billing:webhook": "Stripe calls it; each event is verified by its Stripe-Signature header",
    "lti:login": "LTI platforms post it cross-site; it only starts the signed OIDC exchange",
    "lti:launch": "LTI platforms post it cross-site; the signed id_token (state, nonce) is checked",
    "lti:continue": "opened from a framed launch; a signed one-time token is the credential",
    "lti:deep_link_pick": "inside the platform's frame; the server-side launch id is the credential",
    "lti:register_finish": "inside the platform's frame; a signed one-use registration link",
}
API_REASON = "the API authenticates by bearer token only (checked below), never by cookie"


def test_every_post_route_refuses_a_request_without_the_csrf_token(alice):
    browser = signed_in(alice, enforce_csrf_checks=True)
    failures, checked = [], 0
    for route in routes():
        if route.name in EXEMPT or route.is_api:
            continue
        url = route.url()
        assert resolves_to(route, url), f"could not build a URL for {route.name}: {url}"
        response = browser.post(url, {"name": "x"})
        checked += 1
        if response.status_code != 403:
            failures.append(f"{route.name} {url}: {response.status_code}")
    assert checked > 300
    assert not failures, "POST without a CSRF token was not refused:\n" + "\n".join(failures)


def test_the_sign_in_form_itself_needs_the_token(alice):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"login": alice.email, "password": "x"})
    assert response.status_code == 403


def test_the_api_ignores_the_session_cookie(alice):
    """The API is exempt from CSRF because a cookie never authenticates it: a signed-in
    browser session gets 401 on every API route, and only the bearer token works."""
    browser = signed_in(alice, enforce_csrf_checks=True)
    api_routes = [
        r
        for r in routes()
        if r.is_api and r.name not in ("api:openapi-json", "api:openapi-view", "api:api-root")
    ]
    assert api_routes
    for route in api_routes:
        url = route.url()
        for method in ("get", "post", "patch", "delete"):
            body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
            response = getattr(browser, method)(url, **body)
            assert response.status_code in (401, 405), (
                f"{method.upper()} {url}: {response.status_code}"
            )
    _token, raw = tracker_services.api_token_create(user=alice, name="ext")
    token_client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})
    response = token_client.post(
        "/api/v1/applications",
        {"company": "Acme", "position": "Dev"},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_the_stripe_webhook_refuses_unsigned_events(fake_stripe):
    response = Client(enforce_csrf_checks=True).post(
        "/billing/webhook/", data="{}", content_type="application/json"
    )
    assert response.status_code == 400
