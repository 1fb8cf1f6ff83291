"""Integers at and beyond 64 bits in every id of every route, and in the API's integer
query parameters, answer 404 or 422, never a 500 from the database."""

from __future__ import annotations

import pytest
from django.test import Client

from tracker import services as tracker_services

from .test_idor_matrix import api_methods
from .urlwalk import routes

pytestmark = pytest.mark.django_db

HUGE = ("9223372036854775808", "18446744073709551616", "99999999999999999999")
AT_LIMIT = "9223372036854775807"  # the largest id: valid, and nobody's


def _id_routes():
    return [r for r in routes() if r.params]


@pytest.mark.parametrize("value", (*HUGE, AT_LIMIT))
def test_every_id_route_answers_404_for_ids_at_and_beyond_64_bits(alice, value):
    from .conftest import signed_in

    staff = alice
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    client = signed_in(staff)
    _token, raw = tracker_services.api_token_create(user=alice, name="fuzz")
    api_client = Client(headers={"authorization": f"Bearer {raw}"})
    methods = api_methods()
    checked, failures = 0, []
    for route in _id_routes():
        params = {name: value for name in route.params}
        url = route.url(params)
        caller = api_client if route.is_api else client
        for method in methods.get(route.name, ["GET"]) if route.is_api else ["GET"]:
            response = getattr(caller, method.lower())(url)
            checked += 1
            if response.status_code >= 500:
                failures.append(f"{method} {url}: {response.status_code}")
    assert checked > 50, "the walk reached the routes with ids"
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/applications?page={}",
        "/api/v1/contacts?page={}",
        "/api/v1/interviews?page={}",
        "/api/v1/interviews?application_id={}",
        "/api/v1/applications?page_size={}",
    ],
)
def test_api_integer_query_parameters_beyond_64_bits_are_422(alice, path, value):
    _token, raw = tracker_services.api_token_create(user=alice, name="fuzz")
    response = Client(headers={"authorization": f"Bearer {raw}"}).get(path.format(value))

    assert response.status_code == 422


def test_api_bodies_with_ids_beyond_64_bits_are_422(alice):
    _token, raw = tracker_services.api_token_create(user=alice, name="fuzz")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    bodies = {
        "/api/v1/interviews": {
            "application_id": int(HUGE[2]),
            "starts_at": "2026-01-05T10:00",
            "ends_at": "2026-01-05T11:00",
        },
        "/api/v1/contacts": {"name": "Ann", "application_ids": [int(HUGE[0])]},
        "/api/v1/applications": {"company": "Acme", "title": "Analyst", "salary_min": int(HUGE[1])},
    }
    for path, body in bodies.items():
        response = api.post(path, data=body, content_type="application/json")
        assert response.status_code == 422, (path, response.content[:300])
