import json

import pytest
from django.urls import reverse

from tracker.models import Status
from tracker.selectors.applications import BOARD_CARDS_PER_COLUMN

from .factories import make_application

pytestmark = pytest.mark.django_db


def test_board_shows_every_status_column_with_counts(alice, alice_client):
    make_application(alice, company="Acme", status=Status.APPLIED)
    make_application(alice, company="Globex", status=Status.GHOSTED)
    html = alice_client.get(reverse("tracker:board")).content.decode()
    for status in Status:
        assert f'id="column-{status.value}"' in html
    assert "Acme" in html and "Globex" in html
    assert "New in stage today" in html
    assert '<span class="visually-hidden">Applied: </span>1<' in html  # the column's count


def test_board_cards_have_a_keyboard_move_menu_with_every_other_status(alice, alice_client):
    app = make_application(alice, status=Status.APPLIED)
    html = alice_client.get(reverse("tracker:board")).content.decode()
    assert (
        f'Move to…<span class="visually-hidden"> ({app.position} at {app.company})</span>' in html
    )
    assert html.count('type="submit" name="status" value="phone_screen"') == 1
    assert 'type="submit" name="status" value="applied"' not in html


def test_htmx_move_returns_both_columns_out_of_band_and_a_toast(alice, alice_client):
    app = make_application(alice, company="Acme", status=Status.APPLIED)
    response = alice_client.post(
        reverse("tracker:board_move", args=[app.pk]),
        {"status": Status.PHONE_SCREEN},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="column-applied"' in html and 'id="column-phone_screen"' in html
    assert html.count('hx-swap-oob="true"') == 2
    assert html.index("Acme") > html.index('id="column-phone_screen"')
    assert json.loads(response["HX-Trigger"])["toast"]["level"] == "success"
    assert json.loads(response["HX-Trigger-After-Settle"])["tracker:moved"] == {"id": app.pk}
    app.refresh_from_db()
    assert app.status == Status.PHONE_SCREEN


def test_refused_drag_rerenders_the_source_column_and_shows_the_reason(alice, alice_client):
    app = make_application(alice, company="Acme", status=Status.APPLIED)
    response = alice_client.post(
        reverse("tracker:board_move", args=[app.pk]),
        {"status": Status.ACCEPTED},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    trigger = json.loads(response["HX-Trigger"])["toast"]
    assert trigger["level"] == "error" and "Only an offer can be accepted" in trigger["message"]
    html = response.content.decode()
    assert html.index("Acme") < html.index('id="column-accepted"')
    app.refresh_from_db()
    assert app.status == Status.APPLIED


def test_move_without_javascript_redirects_back_to_the_board(alice, alice_client):
    app = make_application(alice, status=Status.APPLIED)
    response = alice_client.post(
        reverse("tracker:board_move", args=[app.pk]), {"status": Status.REJECTED}
    )
    assert response.status_code == 302 and response.url == reverse("tracker:board")


def test_long_columns_show_the_newest_cards_and_link_to_the_rest(alice, alice_client):
    for i in range(BOARD_CARDS_PER_COLUMN + 3):
        make_application(alice, company=f"Co{i}", status=Status.SAVED)
    response = alice_client.get(reverse("tracker:board"))
    column = next(c for c in response.context["columns"] if c.status == Status.SAVED)
    assert column.count == BOARD_CARDS_PER_COLUMN + 3
    assert len(column.cards) == BOARD_CARDS_PER_COLUMN
    assert "3 more in the table" in response.content.decode()


def test_cards_show_a_stable_company_avatar_and_the_next_date(alice, alice_client):
    """Huntr-style cards: initials with one colour per company, the next interview first,
    else the deadline, in the one date format."""
    import datetime as dt

    from tracker.display import avatar_tone

    from .factories import make_interview

    first = make_application(
        alice, company="Acme Cloud", status=Status.APPLIED, deadline=dt.date(2099, 1, 5)
    )
    make_application(
        alice, company="acme  cloud", status=Status.SAVED, deadline=dt.date(2099, 1, 9)
    )
    make_interview(first, starts_at=dt.datetime(2099, 1, 3, 14, 5, tzinfo=dt.UTC))
    html = alice_client.get(reverse("tracker:board")).content.decode()
    tone = avatar_tone("Acme Cloud")
    assert html.count(f'<span class="avatar avatar-{tone}" aria-hidden="true">AC</span>') == 2
    assert "Interview 3 Jan 2099, 14:05" in html
    assert "Deadline 9 Jan 2099" in html and "Deadline 5 Jan 2099" not in html


def test_quick_add_puts_the_application_in_that_column(alice, alice_client):
    response = alice_client.post(
        reverse("tracker:board_quick_add"),
        {"status": Status.PHONE_SCREEN, "company": " Initech ", "position": "QA Lead"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="column-phone_screen"' in html and 'hx-swap-oob="true"' in html
    assert "Initech" in html and "QA Lead" in html
    assert json.loads(response["HX-Trigger"])["toast"]["level"] == "success"
    app = alice.applications.get()
    assert (app.company, app.position, app.status) == ("Initech", "QA Lead", Status.PHONE_SCREEN)
    assert app.status_changes.count() == 1


def test_quick_add_without_a_company_says_why_and_saves_nothing(alice, alice_client):
    response = alice_client.post(
        reverse("tracker:board_quick_add"),
        {"status": Status.SAVED, "company": "", "position": "QA Lead"},
        HTTP_HX_REQUEST="true",
    )
    toast = json.loads(response["HX-Trigger"])["toast"]
    assert (toast["level"], toast["message"]) == ("error", "Type the company's name.")
    assert "hx-swap-oob" not in response.content.decode()  # the form keeps what was typed
    assert not alice.applications.exists()


def test_quick_add_is_a_csrf_protected_post(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(reverse("tracker:board_quick_add")).status_code == 405
    url = reverse("tracker:board_quick_add")
    assert client.post(url, {"status": "saved", "company": "A", "position": "B"}).status_code == 403
    assert not alice.applications.exists()
