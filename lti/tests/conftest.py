from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from lti import keys
from lti.models import Deployment, Platform

from .fake_platform import FakePlatform


@pytest.fixture(autouse=True)
def no_teaching_mfa(settings):
    """Launch tests follow the course pages; the MFA gate has its own tests."""
    settings.ADMIN_REQUIRES_MFA = False
    settings.SITE_URL = "http://testserver"


def start_platform(client_id: str = "tool-client") -> FakePlatform:
    published = {}
    platform = FakePlatform(tool_jwks=lambda: published, client_id=client_id)
    platform.publish_tool_keys = lambda: published.update(keys.jwks())
    platform.publish_tool_keys()
    return platform


def register(fake: FakePlatform, name: str = "Canvas") -> Platform:
    platform = Platform.objects.create(name=name, **fake.registration())
    Deployment.objects.create(platform=platform, deployment_id=fake.deployment_id)
    return platform


@pytest.fixture
def fake(db):
    with start_platform() as platform:
        yield platform


@pytest.fixture
def registered(fake):
    return register(fake)


def login_step(client: Client, fake: FakePlatform) -> tuple[str, str]:
    """OIDC login initiation: returns (state, nonce) the platform receives."""
    response = client.get(
        "/lti/login/",
        {
            "iss": fake.issuer,
            "client_id": fake.client_id,
            "login_hint": "hint",
            "lti_message_hint": "msg",
            "target_link_uri": "http://testserver/lti/launch/",
        },
    )
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(fake.url + "/auth")
    query = parse_qs(urlsplit(response["Location"]).query)
    return query["state"][0], query["nonce"][0]


def launch(client: Client, fake: FakePlatform, **claims):
    """A full launch: login initiation, then the signed id_token posted back."""
    state, nonce = login_step(client, fake)
    token = fake.id_token(nonce=nonce, **claims)
    return client.post("/lti/launch/", {"id_token": token, "state": state}), token, state
