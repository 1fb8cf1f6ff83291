"""Dynamic registration: the platform opens our signed link with its configuration, we
register with it and record the platform; launches then work with no manual entry."""

from __future__ import annotations

import pytest
from django.test import Client

from lti import registration
from lti.models import Platform

from .conftest import launch
from .fake_platform import INSTRUCTOR

pytestmark = pytest.mark.django_db


def open_link(client: Client, link: str, fake, token: str | None = None):
    return client.get(
        link.removeprefix("http://testserver"),
        {
            "openid_configuration": fake.url + "/.well-known/openid-configuration",
            "registration_token": token or fake.registration_token,
        },
    )


def test_a_platform_registers_itself_through_our_link_and_can_launch(fake):
    link = registration.registration_link()
    client = Client()
    page = open_link(client, link, fake)
    assert page.status_code == 200 and fake.issuer.encode() in page.content

    done = client.post(
        link.removeprefix("http://testserver") + "finish/",
        {
            "openid_configuration": fake.url + "/.well-known/openid-configuration",
            "registration_token": fake.registration_token,
        },
    )

    assert done.status_code == 200 and b"Career Copilot is registered" in done.content
    sent = fake.registrations[0]
    assert sent["initiate_login_uri"] == "http://testserver/lti/login/"
    assert sent["jwks_uri"] == "http://testserver/lti/jwks/"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in sent["scope"]
    platform = Platform.objects.get()
    assert (platform.issuer, platform.client_id, platform.registered_dynamically) == (
        fake.issuer,
        fake.client_id,
        True,
    )
    assert platform.deployments.get().deployment_id == fake.deployment_id
    response, _, _ = launch(Client(), fake, sub="t1", roles=[INSTRUCTOR])
    assert response.status_code == 302


def test_a_registration_link_works_once(fake):
    link = registration.registration_link().removeprefix("http://testserver")
    form = {
        "openid_configuration": fake.url + "/.well-known/openid-configuration",
        "registration_token": fake.registration_token,
    }
    assert Client().post(link + "finish/", form).status_code == 200
    again = Client().post(link + "finish/", form)
    assert again.status_code == 400 and b"already used" in again.content


def test_a_forged_registration_link_is_refused(fake):
    response = open_link(Client(), "/lti/register/forged/", fake)
    assert response.status_code == 400 and b"registration link is not valid" in response.content
    assert not Platform.objects.exists()


def test_a_configuration_naming_another_issuer_is_refused(fake):
    fake.openid_configuration_issuer = "https://elsewhere.example"
    original = fake.openid_configuration
    fake.openid_configuration = lambda: {**original(), "issuer": "https://elsewhere.example"}
    response = open_link(Client(), registration.registration_link(), fake)
    assert response.status_code == 400 and b"incomplete" in response.content


def test_the_admin_hands_out_a_working_registration_link(fake, settings):
    from accounts.tests.factories import UserFactory

    settings.ADMIN_REQUIRES_MFA = False
    admin = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/lti/platform/registration-link/")
    assert page.status_code == 200
    link = page.context["link"]
    assert open_link(Client(), link, fake).status_code == 200
