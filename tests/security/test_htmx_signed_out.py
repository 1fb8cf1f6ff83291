"""A session that expired while a page was open: every route the page may fetch with htmx
(a poller, a fragment, a form posted by htmx) answers with a client redirect to the
sign-in page and back, never with the sign-in page swapped into the fragment.

The walk covers every route of our apps and of the admin, GET and POST, so a new
fragment endpoint behind plain ``login_required`` (or a stock admin guard) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from .urlwalk import resolves_to, routes

pytestmark = pytest.mark.django_db

OUR_APPS = ("accounts", "tracker", "resumes", "billing", "courses", "careercopilot")
PAGE = "/courses/7/feed/"  # the page the fragment was fetched from (HX-Current-URL)

# Background pollers on every page stop quietly instead, so the page a user is typing in
# is never taken away by a poll; the next click signs them in.
STOP_POLLING = {
    "accounts:notification_bell": "the bell in the header polls on every page",
}
# Routes that are public by design, or sign-in pages themselves.
PUBLIC = {"admin:login", "admin:logout"}

HX_TARGET = re.compile(r"""hx-(?:get|post|put|patch|delete)="\{% url '([\w:]+)'""")


def _ours(route) -> bool:
    if route.is_api or route.name in PUBLIC:
        return False
    if route.is_admin:
        return True
    module = getattr(route.callback, "__module__", "") or ""
    return module.split(".", 1)[0] in OUR_APPS


def _expired_session(user) -> Client:
    """A browser whose session cookie outlived its session on the server."""
    client = Client(headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{PAGE}"})
    client.force_login(user)
    client.session.flush()
    return client


def _signs_in_and_back(response, login_path: str) -> bool:
    target = response.headers.get("HX-Redirect", "")
    parts = urlsplit(target)
    return parts.path == login_path and parse_qs(parts.query).get("next") == [PAGE]


def _template_hx_targets() -> set[str]:
    """The URL names that templates fetch with hx-get/hx-post/..."""
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in OUR_APPS]
    names = set()
    for root in roots:
        for path in root.rglob("*.html"):
            names.update(HX_TARGET.findall(path.read_text()))
    return names


def test_every_htmx_route_sends_an_expired_session_to_sign_in(alice):
    client = _expired_session(alice)
    failures, redirected = [], set()
    for route in routes():
        if not _ours(route):
            continue
        url = route.url()
        assert resolves_to(route, url), f"could not build a URL for {route.name}: {url}"
        login_path = reverse("admin:login") if route.is_admin else reverse("account_login")
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if route.name in STOP_POLLING and response.status_code == 286:
                redirected.add(route.name)
                continue
            if _signs_in_and_back(response, login_path):
                redirected.add(route.name)
                continue
            location = response.headers.get("Location", "")
            if response.status_code in (301, 302) and "login" in location:
                failures.append(f"{method.upper()} {route.name} {url}: redirect to {location}")
            elif response.status_code == 200 and b'name="password"' in response.content:
                failures.append(f"{method.upper()} {route.name} {url}: sign-in page in the body")
    assert not failures, "signed-out htmx requests not sent to sign in:\n" + "\n".join(failures)
    assert len(redirected) > 150  # the walk reached the signed-in routes
    missed = _template_hx_targets() - redirected
    assert not missed, f"htmx targets in templates the walk did not see redirect: {missed}"


def test_a_signed_in_htmx_request_is_served(alice_client):
    response = alice_client.get(
        reverse("accounts:notification_bell"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "HX-Redirect" not in response.headers
