"""Account pages obey the strict CSP: no inline scripts, no inline styles."""

import re

import pytest
from django.urls import reverse

from .factories import NotificationFactory
from .helpers import reauthenticate, sign_in

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def _assert_csp_clean(html: str, page: str) -> None:
    assert "style=" not in html, page
    assert not INLINE_SCRIPT.search(html), page
    assert not INLINE_HANDLER.search(html), page


PUBLIC_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_email_verification_sent",
]
SIGNED_IN_PAGES = [
    "accounts:profile",
    "accounts:notifications",
    "accounts:notification_bell",
    "account_email",
    "account_change_password",
    "mfa_index",
    "account_reauthenticate",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_account_pages_have_no_inline_scripts_or_styles(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    _assert_csp_clean(response.content.decode(), name)


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_account_pages_have_no_inline_scripts_or_styles(alice_client, alice, name):
    NotificationFactory(user=alice, url="/dashboard/")
    response = alice_client.get(reverse(name))
    assert response.status_code == 200
    _assert_csp_clean(response.content.decode(), name)


def test_mfa_setup_pages_have_no_inline_scripts_or_styles(client, alice):
    sign_in(client, alice.email)
    reauthenticate(client)
    for name in ("mfa_activate_totp", "mfa_add_webauthn"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        _assert_csp_clean(response.content.decode(), name)
