"""The API answers what its OpenAPI schema says: one error shape, declared status codes,
strict input types. Each test guards a contract failure schemathesis found."""

import json

import pytest

from tracker import services
from tracker.models import Contact, Interview, Status

from .factories import make_application

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def token(alice) -> str:
    return services.api_token_create(user=alice, name="Script")[1]


def send(client, method, path, token, body=None, raw: str | None = None):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None or raw is not None:
        kwargs.update(data=raw if raw is not None else json.dumps(body))
        kwargs["content_type"] = "application/json"
    return getattr(client, method)(f"{API}{path}", **kwargs)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"} and isinstance(body["detail"], str)
    assert all(set(e) == {"field", "message"} for e in body["errors"])
    return body


def test_input_errors_name_the_field_in_the_one_error_shape(client, token):
    """Guards the 422 body: it was pydantic's [{"loc","msg","type"}] list."""
    body = assert_error_shape(send(client, "post", "/applications", token, {"company": "x"}), 422)
    assert body["errors"] == [{"field": "body.position", "message": "Field required"}]
    assert "position" in body["detail"]


def test_every_error_status_answers_the_one_shape(alice, client, token):
    """Guards 400, 401, 404 and 409 bodies; 400 was not declared at all."""
    app = make_application(alice)
    assert_error_shape(send(client, "patch", f"/applications/{app.pk}", token, raw="{"), 400)
    assert_error_shape(send(client, "get", "/applications", "cct_wrong"), 401)
    assert_error_shape(send(client, "get", "/applications/999999", token), 404)
    body = assert_error_shape(
        send(client, "post", f"/applications/{app.pk}/move", token, {"status": "saved"}), 409
    )
    assert "already" in body["detail"]


def test_a_path_id_that_is_not_a_number_is_a_json_422(client, token):
    """Guards /applications/null: Django's HTML 404 page answered an operation declared JSON."""
    body = assert_error_shape(send(client, "get", "/applications/null", token), 422)
    assert body["errors"][0]["field"] == "path.application_id"


def test_a_body_that_is_not_an_object_is_refused(alice, client, token):
    """Guards PATCH with a JSON array, which was read as an empty patch and answered 200."""
    app = make_application(alice)
    body = assert_error_shape(send(client, "patch", f"/applications/{app.pk}", token, [1]), 422)
    assert "JSON object" in body["detail"]


@pytest.mark.parametrize(
    "field, value",
    [("deadline", 0), ("excitement", "4"), ("salary_min", True), ("applied_on", "1")],
)
def test_input_types_are_strict_like_the_schema(client, token, field, value):
    """Guards lax parsing: 0 was read as 1970-01-01 and "4" as the number 4."""
    body = {"company": "Acme", "position": "SRE", field: value}
    response = send(client, "post", "/applications", token, body)
    assert assert_error_shape(response, 422)["errors"][0]["field"] == f"body.{field}"


def test_a_whole_float_is_an_integer_as_json_schema_says(client, token):
    response = send(
        client, "post", "/applications", token, {"company": "A", "position": "B", "excitement": 4.0}
    )
    assert response.status_code == 201 and response.json()["excitement"] == 4


def test_salary_range_is_checked_with_a_clear_message(client, token):
    body = {"company": "A", "position": "B", "salary_min": 10, "salary_max": 5}
    error = assert_error_shape(send(client, "post", "/applications", token, body), 422)
    assert "salary_min cannot exceed salary_max" in error["detail"]


def test_a_patch_past_the_stored_salary_range_names_no_database_constraint(alice, client, token):
    """Guards a PATCH of salary_min alone above the stored salary_max: the 422 named the
    database constraint ("tracker_app_salary_range") instead of saying what is wrong."""
    app = make_application(alice, salary_min=50, salary_max=60)
    response = send(client, "patch", f"/applications/{app.pk}", token, {"salary_min": 90})
    error = assert_error_shape(response, 422)
    text = json.dumps(error)
    assert "salary" in text.lower() and "tracker_app" not in text and "onstraint" not in text
    app.refresh_from_db()
    assert (app.salary_min, app.salary_max) == (50, 60)


def test_blank_company_is_refused_as_the_schema_states(client, token):
    """Guards a company of spaces: the schema allowed it and the server refused it."""
    schema = client.get(f"{API}/openapi.json").json()
    company = schema["components"]["schemas"]["ApplicationIn"]["properties"]["company"]
    assert company["minLength"] == 1 and "pattern" in company
    assert (
        send(client, "post", "/applications", token, {"company": " ", "position": "B"}).status_code
        == 422
    )


def test_responses_list_their_enum_values_in_the_schema(client):
    """Guards response fields documented as plain strings: a client generated from the
    schema could not know the statuses, work modes, contact roles or interview kinds."""
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]

    def values(schema: str, field: str) -> set[str]:
        prop = schemas[schema]["properties"][field]
        return set(prop.get("enum") or [v for alt in prop["anyOf"] for v in alt.get("enum", [])])

    assert values("ApplicationOut", "status") == set(Status.values)
    assert "remote" in values("ApplicationOut", "work_mode")
    assert values("StatusChangeOut", "from_status") == {"", *Status.values}
    assert values("ContactOut", "role") and values("InterviewOut", "kind")


def test_nul_in_a_query_is_a_422_not_a_500(client, token):
    """Guards ?q=%00, which reached PostgreSQL and failed there (500)."""
    assert_error_shape(send(client, "get", "/applications?q=a%00b", token), 422)


def test_an_offset_postgresql_cannot_store_is_converted_to_utc(alice, client, token):
    """Guards "-17:54": a valid RFC 3339 offset PostgreSQL refuses (500); stored as UTC."""
    app = make_application(alice)
    body = {
        "application_id": app.pk,
        "starts_at": "2026-05-04T09:00:00-17:54",
        "ends_at": "2026-05-04T10:00:00-17:54",
    }
    response = send(client, "post", "/interviews", token, body)
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2026-05-05T02:54:00Z"


def test_linking_a_strangers_application_is_a_404(alice, bob, client):
    """Guards a 422 where every other unknown id is a 404."""
    bob_token = services.api_token_create(user=bob, name="Bob")[1]
    app = make_application(alice, status=Status.APPLIED)
    response = send(
        client, "post", "/contacts", bob_token, {"name": "x", "application_ids": [app.pk]}
    )
    assert_error_shape(response, 404)
    assert not Contact.objects.exists() and not Interview.objects.exists()


def test_every_operation_declares_auth_and_its_error_answers(client):
    schema = client.get(f"{API}/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "422"} <= codes, (method, path, codes)
            if "{" in path:
                assert "404" in codes, (method, path)
            if "requestBody" in operation:
                assert "400" in codes, (method, path)
            assert operation.get("security"), (method, path)
            for code, answer in operation["responses"].items():
                if code.startswith(("4", "5")):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorOut"), (method, path, code)


def test_null_work_mode_in_a_patch_empties_it(alice, client, token):
    """Guards "work_mode": null, which the schema allows and PostgreSQL refused (500)."""
    app = make_application(alice, work_mode="remote")
    response = send(client, "patch", f"/applications/{app.pk}", token, {"work_mode": None})
    assert response.status_code == 200, response.content
    assert response.json()["work_mode"] == ""
