"""The chat page offers one way to start a conversation, not two buttons doing the same."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resumes import services

pytestmark = pytest.mark.django_db


def test_without_a_conversation_there_is_one_start_button(alice_client):
    """Guards the duplicate: "New conversation" in the header beside "Start a conversation"."""
    html = alice_client.get(reverse("resumes:chat")).content.decode()
    assert html.count(f'action="{reverse("resumes:chat_new")}"') == 1
    assert "Start a conversation" in html and "New conversation" not in html


def test_in_a_conversation_the_header_offers_a_new_one(alice, alice_client):
    thread = services.thread_create(user=alice)
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert html.count(f'action="{reverse("resumes:chat_new")}"') == 1
    assert "New conversation" in html and "Start a conversation" not in html
