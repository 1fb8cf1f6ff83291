"""IDOR matrix: every route of the whole URL conf (apps, allauth, the API) that takes an
object id is tried with an object of Alice's.

- Bob, a signed-in stranger (not enrolled in Alice's course, not staff), gets 404 on GET
  and POST (405 where the method does not exist): never the object, never a redirect.
- Anonymous visitors get the sign-in redirect (pages) or 401 (the API).
- Alice herself reaches each one (so a registry entry that points at nothing cannot pass).
- A route with an id that is neither in idor_registry.REGISTRY nor in its ALLOW_LIST fails.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from careercopilot.api import api
from tracker import services as tracker_services

from .conftest import signed_in
from .idor_registry import ALLOW_LIST, REGISTRY
from .urlwalk import Route, routes

pytestmark = pytest.mark.django_db

POST_DATA = {
    "name": "Hacked",
    "body": "Hacked",
    "content": "Hacked",
    "text": "Hacked",
    "status": "rejected",
    "answer": "a b c d e f",
    "question": "q",
    "at_seconds": "1",
}
LOGIN = "/accounts/login/"
# A valid body, so the request reaches the ownership check (a body that fails the schema
# gets 422 before any lookup, the same for every id).
API_BODIES = {"api:move_application": {"status": "rejected"}}


def id_routes() -> list[Route]:
    return [r for r in routes() if r.params and not r.is_admin]


def page_routes() -> list[Route]:
    return [r for r in id_routes() if not r.is_api and r.name in REGISTRY]


def api_methods() -> dict[str, list[str]]:
    """API url name → its HTTP methods, from django-ninja's own operation table."""
    api.urls  # noqa: B018 - binds the routers
    methods: dict[str, list[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = f"api:{operation.view_func.__name__}"
                methods.setdefault(name, []).extend(operation.methods)
    return methods


def test_every_route_with_an_id_has_an_ownership_test():
    problems = []
    names = set()
    for route in id_routes():
        names.add(route.name)
        if route.name not in REGISTRY and route.name not in ALLOW_LIST:
            problems.append(
                f"new route {route.name} (/{route.template}) has no ownership test: "
                "add it to tests/security/idor_registry.py"
            )
    for stale in sorted((set(REGISTRY) | set(ALLOW_LIST)) - names):
        problems.append(f"{stale} is in tests/security/idor_registry.py but no longer a route")
    assert not problems, "\n".join(problems)


def _rolled_back(call):
    """Runs a mutating request and undoes it, so the next route still finds its object."""

    class Undo(Exception):
        pass

    response = None
    try:
        with transaction.atomic():
            response = call()
            raise Undo
    except Undo:
        pass
    return response


def test_strangers_get_404_and_anonymous_visitors_the_sign_in_page(
    alice, bob, world, stripe_catalog
):
    world._stripe = stripe_catalog
    bob_client = signed_in(bob)
    # MFA pages ask for the password again first (for any id); Bob gives it, so they
    # answer with their ownership check.
    assert (
        bob_client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code
        == 302
    )
    alice_client = signed_in(alice)
    anonymous = Client()
    failures = []
    for route in page_routes():
        url = route.url(REGISTRY[route.name](world))
        # Bob: 404 (or 405 for a method the route does not have), and a 404 at least once.
        got = {
            "GET": bob_client.get(url).status_code,
            "POST": bob_client.post(url, POST_DATA).status_code,
            "htmx POST": bob_client.post(url, POST_DATA, HTTP_HX_REQUEST="true").status_code,
        }
        if set(got.values()) - {404, 405} or 404 not in got.values():
            failures.append(f"bob on {route.name} {url}: {got}")
        # Anonymous: the sign-in page, for both methods.
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            if response.status_code == 405:
                continue
            if response.status_code != 302 or not response["Location"].startswith(LOGIN):
                failures.append(
                    f"anonymous {method.upper()} {route.name} {url}: {response.status_code} "
                    f"{response.get('Location', '')}"
                )
        # Alice: her own object is there (the registry entry names something real).
        status = alice_client.get(url).status_code
        if status == 405:
            status = _rolled_back(lambda url=url: alice_client.post(url, POST_DATA)).status_code
        if status in (404, 500):
            failures.append(f"alice on her own {route.name} {url}: {status}")
    assert not failures, "\n".join(failures)


def test_api_strangers_get_404_and_anonymous_callers_401(alice, bob, world, alice_client):
    _token, alice_raw = tracker_services.api_token_create(user=alice, name="alice")
    _token, bob_raw = tracker_services.api_token_create(user=bob, name="bob")
    methods = api_methods()
    as_alice = Client(headers={"authorization": f"Bearer {alice_raw}"})
    as_bob = Client(headers={"authorization": f"Bearer {bob_raw}"})
    anonymous = Client()
    failures = []
    api_routes = [r for r in id_routes() if r.is_api]
    assert api_routes, "the API has routes with ids"
    for route in api_routes:
        url = route.url(REGISTRY[route.name](world))
        for method in methods[route.name]:
            call = method.lower()
            kwargs = {}
            if call != "get":
                kwargs = {
                    "data": API_BODIES.get(route.name, {}),
                    "content_type": "application/json",
                }
            status = getattr(as_bob, call)(url, **kwargs).status_code
            if status != 404:
                failures.append(f"bob {method} {url}: {status}")
            for who, client in (("anonymous", anonymous), ("session cookie", alice_client)):
                status = getattr(client, call)(url, **kwargs).status_code
                if status != 401:
                    failures.append(f"{who} {method} {url}: {status} (API auth is the token)")
            own = _rolled_back(lambda c=call, u=url, k=kwargs: getattr(as_alice, c)(u, **k))
            if own.status_code in (404, 500):
                failures.append(f"alice {method} {url}: {own.status_code}")
    assert not failures, "\n".join(failures)


def test_admin_routes_refuse_strangers(alice, bob, world):
    """Non-staff users and anonymous visitors never get past the admin's sign-in, on any
    admin route; instructors' scoping is tested in courses/tests/test_admin_scoping.py."""
    bob_client = signed_in(bob)
    anonymous = Client()
    failures = []
    admin_routes = [r for r in routes() if r.is_admin and r.name != "admin:login"]
    for route in admin_routes:
        url = route.url({"object_id": world.application.pk, "pk": world.course.pk})
        # Bob ends on the admin sign-in, which refuses non-staff users (403).
        response = bob_client.get(url, follow=True)
        if response.status_code not in (403, 404):
            failures.append(f"bob GET {url}: {response.status_code} {response.redirect_chain}")
        # Anonymous visitors end on the sign-in page.
        response = anonymous.get(url, follow=True)
        if response.status_code != 404 and response.request["PATH_INFO"] != LOGIN:
            failures.append(
                f"anonymous GET {url}: {response.status_code} {response.redirect_chain}"
            )
    assert len(admin_routes) > 100
    assert not failures, "\n".join(failures)
