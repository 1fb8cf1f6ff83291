import pytest
from django.urls import reverse

from .factories import PASSWORD
from .helpers import link_from_mail, sign_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Brand-New-Passphrase-77"


def test_password_reset_by_email_link_sets_a_new_password_and_the_old_one_stops_working(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the email is queued on commit
        response = client.post(reverse("account_reset_password"), {"email": alice.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    reset_path = link_from_mail(mailoutbox[0], "/accounts/password/reset/key/")

    # allauth moves the key out of the URL into the session, then shows the form.
    form_page = client.get(reset_path, follow=True)
    assert form_page.status_code == 200
    set_password_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_path
    done = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    client.logout()
    assert sign_in(client, alice.email, PASSWORD).status_code == 200  # form error, not signed in
    assert "_auth_user_id" not in client.session
    response = sign_in(client, alice.email, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_password_reset_for_unknown_email_reveals_nothing(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")
