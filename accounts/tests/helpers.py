"""Small helpers for driving the real sign-in flows in tests."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from .factories import PASSWORD


def sign_in(client: Client, email: str, password: str = PASSWORD):
    """Post the real allauth login form."""
    return client.post(reverse("account_login"), {"login": email, "password": password})


def link_from_mail(message, path_fragment: str) -> str:
    match = re.search(rf"https?://[^/\s]+(\S*{re.escape(path_fragment)}\S*)", message.body)
    assert match, message.body
    return match.group(1)


def reauthenticate(client: Client, password: str = PASSWORD):
    """allauth asks for the password again before MFA changes."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response
