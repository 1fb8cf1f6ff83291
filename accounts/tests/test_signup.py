import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import Notification, User
from accounts.roles import Role
from accounts.selectors import user_roles

from .helpers import link_from_mail, sign_in

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-Horse-Battery-42"


def _sign_up(client, email="dana@example.com"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_sends_verification_email_then_verified_user_reaches_dashboard(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the email is queued on commit
        response = _sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dana@example.com"]
    assert mailoutbox[0].subject.startswith("[Career Copilot]")

    confirm_path = link_from_mail(mailoutbox[0], "/accounts/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    confirmed = client.post(confirm_path)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="dana@example.com").verified

    response = sign_in(client, "dana@example.com", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user.email == "dana@example.com"


def test_confirming_the_email_creates_one_unread_welcome_notification(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client)
    client.post(link_from_mail(mailoutbox[0], "/accounts/confirm-email/"))
    user = User.objects.get(email="dana@example.com")
    welcome = Notification.objects.get(user=user)
    assert welcome.title == "Welcome to Career Copilot"
    assert welcome.read_at is None
    assert welcome.url == reverse("accounts:profile")


def test_unverified_user_cannot_sign_in_and_is_sent_to_verification_page(client, mailoutbox):
    _sign_up(client)
    mailoutbox.clear()
    client.logout()

    response = sign_in(client, "dana@example.com", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302


def test_new_sign_ups_are_seekers(client):
    _sign_up(client)
    user = User.objects.get(email="dana@example.com")
    assert user_roles(user) == {Role.SEEKER}
    assert not user.is_staff


def test_sign_up_with_mismatched_passwords_keeps_email_and_shows_error_next_to_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "dana@example.com", "password1": PASSWORD, "password2": "something-else-42"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="dana@example.com"' in html
    assert 'id="id_password2_error"' in html
    assert 'aria-invalid="true"' in html
    assert not User.objects.filter(email="dana@example.com").exists()


def test_sign_in_and_sign_up_pages_render_labelled_fields_in_the_site_layout(client):
    for name in ("account_login", "account_signup", "account_reset_password"):
        response = client.get(reverse(name))
        html = response.content.decode()
        assert response.status_code == 200, name
        assert 'class="auth-layout auth-entrance"' in html, name
        assert '<label for="id_email"' in html or '<label for="id_login"' in html, name
        assert "style=" not in html, name
        assert 'rel="stylesheet" href="/static/accounts/accounts.css"' in html, name
        # Google/GitHub appear only when their client ids are configured (none in tests).
        assert "provider-list" not in html, name


def test_email_change_page_has_no_inline_styles(client, alice):
    client.force_login(alice)
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    assert "style=" not in response.content.decode()
