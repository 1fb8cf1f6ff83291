"""Hostile launches: each is refused with a page that says why (403, never a 500), and
nobody is signed in."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user
from django.test import Client

from courses.models import CourseRole, Enrollment
from lti.models import LtiContext

from .conftest import launch, login_step, register, start_platform
from .fake_platform import INSTRUCTOR, LEARNER, FakePlatform

pytestmark = pytest.mark.django_db


def assert_refused(response, client: Client, words: bytes) -> None:
    assert response.status_code == 403, response.content[:300]
    assert words in response.content
    assert not get_user(client).is_authenticated


def test_an_expired_launch_is_refused(fake, registered):
    client = Client()
    response, _, _ = launch(client, fake, sub="t1", roles=[INSTRUCTOR], expires_in=-60)
    assert_refused(response, client, b"This launch has expired")


def test_a_replayed_launch_is_refused(fake, registered):
    """Guards the nonce being used once: pylti1p3 alone accepts the same form twice."""
    client = Client()
    first, token, state = launch(client, fake, sub="t1", roles=[INSTRUCTOR])
    assert first.status_code == 302
    attacker = Client()
    attacker.cookies = client.cookies  # the same browser state, replayed
    client.logout()
    replay = attacker.post("/lti/launch/", {"id_token": token, "state": state})
    assert_refused(replay, attacker, b"This launch was already used")


def test_a_nonce_we_never_issued_is_refused(fake, registered):
    client = Client()
    state, _nonce = login_step(client, fake)
    token = fake.id_token(sub="t1", roles=[INSTRUCTOR], nonce="made-up")
    response = client.post("/lti/launch/", {"id_token": token, "state": state})
    assert_refused(response, client, b"This launch was not started here")


def test_a_launch_for_another_audience_is_refused(fake, registered):
    client = Client()
    response, _, _ = launch(client, fake, sub="t1", roles=[INSTRUCTOR], aud="another-tool")
    assert_refused(response, client, b"This launch is not for Career Copilot")


def test_several_audiences_without_our_authorised_party_are_refused(fake, registered):
    client = Client()
    response, _, _ = launch(
        client, fake, sub="t1", roles=[INSTRUCTOR], aud=["another-tool", fake.client_id]
    )
    assert_refused(response, client, b"This launch is not for Career Copilot")


def test_a_launch_signed_with_another_platforms_key_is_refused(fake, registered):
    """Guards the signature check: platform B's key (and kid) cannot sign for platform A."""
    with start_platform(client_id="other-client") as other:
        register(other, name="Moodle")
        client = Client()
        response, _, _ = launch(
            client, fake, sub="t1", roles=[INSTRUCTOR], key_pem=other.private_pem, kid=other.kid
        )
        assert_refused(response, client, b"This launch is not signed by your platform")


def test_a_forged_signature_with_the_platforms_kid_is_refused(fake, registered):
    other = FakePlatform(tool_jwks=dict)
    client = Client()
    response, _, _ = launch(client, fake, sub="t1", roles=[INSTRUCTOR], key_pem=other.private_pem)
    assert_refused(response, client, b"This launch is not signed by your platform")


def test_an_unregistered_deployment_is_refused(fake, registered):
    fake.deployment_id = "dep-unknown"
    client = Client()
    response, _, _ = launch(client, fake, sub="t1", roles=[INSTRUCTOR])
    assert_refused(response, client, b"This deployment is not registered")


def test_a_learner_whose_claims_now_say_instructor_is_refused(fake, registered):
    """Guards role escalation: a launch never raises a role held in the course."""
    launch(Client(), fake, sub="t1", roles=[INSTRUCTOR])
    launch(Client(), fake, sub="s1", roles=[LEARNER])
    client = Client()
    response, _, _ = launch(client, fake, sub="s1", roles=[INSTRUCTOR, LEARNER])

    assert_refused(response, client, b"Your role was not changed")
    course = LtiContext.objects.get().course
    assert course.enrollments.get(user__lti_identities__sub="s1").role == CourseRole.STUDENT


def test_system_administrator_roles_grant_nothing(fake, registered):
    """Guards the site admin: platform-wide roles never map to a course or site role."""
    client = Client()
    response, _, _ = launch(
        client,
        fake,
        sub="root",
        roles=["http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"],
    )
    assert_refused(response, client, b"No course role")
    assert not Enrollment.objects.exists()


def test_a_learner_cannot_open_the_content_picker(fake, registered):
    launch(Client(), fake, sub="t1", roles=[INSTRUCTOR])
    client = Client()
    response, _, _ = launch(
        client, fake, sub="s1", roles=[LEARNER], message_type="LtiDeepLinkingRequest"
    )
    assert_refused(response, client, b"Only instructors place content")


def test_a_link_to_another_platforms_assignment_is_refused(fake, registered):
    """Guards platform scoping: a placed link names an id; it must be this context's."""
    from courses.tests.factories import make_assignment, make_course

    elsewhere = make_assignment(make_course(title="Elsewhere"))
    launch(Client(), fake, sub="t1", roles=[INSTRUCTOR])
    client = Client()
    response, _, _ = launch(
        client, fake, sub="t1", roles=[INSTRUCTOR], custom={"target": f"assignment:{elsewhere.pk}"}
    )
    assert response.status_code == 403 and b"This link points elsewhere" in response.content


def test_a_launch_without_login_state_is_refused(fake, registered):
    client = Client()
    token = fake.id_token(sub="t1", roles=[INSTRUCTOR], nonce="n")
    response = client.post("/lti/launch/", {"id_token": token})
    assert_refused(response, client, b"Your browser lost this launch")


def test_a_garbage_token_gets_the_page_not_a_500(fake, registered):
    client = Client()
    state, _ = login_step(client, fake)
    response = client.post("/lti/launch/", {"id_token": "not.a.jwt", "state": state})
    assert response.status_code == 403 and b"could not be checked" in response.content


def test_an_unknown_deep_link_choice_id_is_refused(db):
    response = Client().post("/lti/deep-link/lti1p3-launch-nope/", {"item": "course:1"})
    assert response.status_code == 403 and b"This choice has expired" in response.content


def test_login_initiation_for_another_site_is_refused(fake, registered):
    response = Client().get(
        "/lti/login/",
        {
            "iss": fake.issuer,
            "client_id": fake.client_id,
            "login_hint": "h",
            "target_link_uri": "https://evil.example/lti/launch/",
        },
    )
    assert response.status_code == 400 and b"not for Career Copilot" in response.content
