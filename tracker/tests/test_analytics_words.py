"""Analytics speak the seeker's language: no "0 ÷ 0", "No data yet" where a rate has none."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.models import Status

from .factories import make_application

pytestmark = pytest.mark.django_db


def test_a_new_seeker_sees_no_data_yet_instead_of_a_division(alice_client):
    """Guards "0 ÷ 0": with nothing sent, each rate says "No data yet" and when it will show."""
    html = alice_client.get(reverse("tracker:analytics")).content.decode()
    assert "÷" not in html
    assert html.count("No data yet") == 5
    assert "Shows once you have sent an application." in html


def test_rates_are_explained_in_words(alice, alice_client):
    applied = timezone.localdate() - dt.timedelta(days=10)
    make_application(alice, status=Status.APPLIED, applied_on=applied)
    make_application(alice, status=Status.REJECTED, applied_on=applied, company="Globex")
    html = alice_client.get(reverse("tracker:analytics") + "?preset=all").content.decode()
    assert "÷" not in html
    assert "1 of 2 sent got an answer." in html
    assert "An answer is an interview, an offer or a rejection." in html
