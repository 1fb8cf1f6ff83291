"""Job tracker journey: add an application, move it by drag and by keyboard, see analytics change."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from tracker.models import Application, Status

from .axe import serious_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def sent_count(page: Page, live_server) -> int:
    page.goto(f"{live_server.url}/tracker/analytics/?preset=all")
    return int(page.locator('[data-metric="sent"]').inner_text())


def test_add_move_by_drag_and_keyboard_then_analytics_change(
    live_server, page: Page, console_errors, django_user_model
):
    user = django_user_model.objects.create_user(
        email="jo@example.com", password="Correct-Horse-Battery-42"
    )
    sign_in(page, live_server, user)
    assert sent_count(page, live_server) == 0

    # Add an application through the form.
    page.goto(f"{live_server.url}/tracker/applications/new/")
    page.get_by_label("Company").fill("Umbrella")
    page.get_by_label("Position").fill("Platform Engineer")
    page.get_by_label("Posting URL").fill("https://jobs.umbrella.test/42")
    page.get_by_role("button", name="Add application").click()
    expect(page.get_by_role("heading", name="Platform Engineer")).to_be_visible()
    app = Application.objects.get(user=user)
    assert app.status == Status.SAVED

    # Drag it from Saved to Applied.
    page.goto(f"{live_server.url}/tracker/")
    card = page.locator(f"#card-{app.pk}")
    expect(page.locator(f"#column-saved #card-{app.pk}")).to_be_visible()
    assert serious_axe_violations(page) == []
    source = card.locator(".board-card-meta").first.bounding_box()
    target = page.locator("#column-applied .board-cards").bounding_box()
    page.mouse.move(source["x"] + 10, source["y"] + 5)
    page.mouse.down()
    page.mouse.move(source["x"] + 30, source["y"] + 20, steps=5)
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 20, steps=15)
    page.mouse.up()
    expect(page.locator(f"#column-applied #card-{app.pk}")).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text(
        "Moved Platform Engineer at Umbrella to Applied"
    )
    expect(page.locator("#column-applied .pill").first).to_have_text("1")
    app.refresh_from_db()
    assert app.status == Status.APPLIED

    # Move it on with the keyboard: open "Move to…", tab to Phone screen, press Enter.
    toggle = page.locator(f"#card-{app.pk} summary")
    toggle.focus()
    page.keyboard.press("Enter")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Phone screen":
            break
    page.keyboard.press("Enter")
    expect(page.locator(f"#column-phone_screen #card-{app.pk}")).to_be_visible()
    expect(page.locator(f"#card-{app.pk} summary")).to_be_focused()
    app.refresh_from_db()
    assert app.status == Status.PHONE_SCREEN
    assert [c.to_status for c in app.status_changes.order_by("changed_at", "id")] == [
        "saved",
        "applied",
        "phone_screen",
    ]

    # Analytics count the new application as sent and interviewed.
    assert sent_count(page, live_server) == 1
    expect(page.locator('[data-status-count="phone_screen"]')).to_have_text("1")
    expect(page.get_by_text(re.compile(r"1 ÷ 1: interview rate"))).to_be_visible()
    expect(page.locator('canvas[data-chart="status"]')).to_be_visible()
    assert serious_axe_violations(page) == []
    assert console_errors == []
