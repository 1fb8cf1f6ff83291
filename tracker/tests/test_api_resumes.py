"""/api/v1/resumes: resume versions and their JSON Resume export, for full-access tokens
and their owner only."""

import pytest

from resumes.builder import services as builder
from tracker import services
from tracker.models import ApiToken

pytestmark = pytest.mark.django_db

API = "/api/v1"
DOCUMENT = {
    "basics": {"name": "Alice Example", "email": "alice@example.com"},
    "work": [{"name": "Acme", "position": "Engineer", "startDate": "2020-01"}],
    "skills": [{"name": "Python"}],
}


def get(client, path, token):
    return client.get(f"{API}{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def master(alice):
    return builder.built_create(user=alice, name="Backend", document=DOCUMENT)


def test_resume_versions_list_and_export_as_json_resume(alice, client, master):
    token = services.api_token_create(user=alice, name="Script")[1]
    listing = get(client, "/resumes", token).json()
    assert listing["count"] == 1
    assert (
        listing["items"][0] | {"id": master.pk, "name": "Backend", "source": "scratch"}
        == listing["items"][0]
    )
    exported = get(client, f"/resumes/{master.pk}/json-resume", token)
    assert exported.status_code == 200
    document = exported.json()
    assert document["$schema"].endswith("/v1.0.0/schema.json")
    assert document["basics"]["name"] == "Alice Example"
    assert document["work"][0]["name"] == "Acme"


def test_bob_gets_404_on_alices_resume_versions(bob, client, master):
    token = services.api_token_create(user=bob, name="Bob")[1]
    assert get(client, f"/resumes/{master.pk}", token).status_code == 404
    assert get(client, f"/resumes/{master.pk}/json-resume", token).status_code == 404
    assert get(client, "/resumes", token).json()["count"] == 0


def test_a_capture_only_token_reads_no_resume(alice, client, master):
    token = services.api_token_create(user=alice, name="Ext", scope=ApiToken.Scope.CAPTURE)[1]
    for path in ("/resumes", f"/resumes/{master.pk}", f"/resumes/{master.pk}/json-resume"):
        response = get(client, path, token)
        assert response.status_code == 403 and "only capture" in response.json()["detail"]
