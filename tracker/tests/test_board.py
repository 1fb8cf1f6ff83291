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
    assert "0d in stage" in html


def test_board_cards_have_a_keyboard_move_menu_with_every_other_status(alice, alice_client):
    app = make_application(alice, status=Status.APPLIED)
    html = alice_client.get(reverse("tracker:board")).content.decode()
    assert (
        f'Move to…<span class="visually-hidden"> ({app.position} at {app.company})</span>' in html
    )
    assert html.count('name="status" value="phone_screen"') == 1
    assert 'name="status" value="applied"' not in html


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
