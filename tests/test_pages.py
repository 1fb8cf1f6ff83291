import pytest
from django.test import Client
from django.urls import reverse

from billing.plans import PLANS

pytestmark = pytest.mark.django_db


def test_landing_page_invites_sign_up(client: Client):
    response = client.get(reverse("landing"))
    assert response.status_code == 200
    assert reverse("account_signup") in response.content.decode()


def test_pricing_page_lists_every_plan_from_the_one_definition(client: Client):
    html = client.get(reverse("pricing")).content.decode()
    for plan in PLANS.values():
        assert plan.name in html
        if not plan.is_free:
            assert f"${plan.monthly_price}" in html
    assert "Unlimited" in html  # Premium's unlimited entitlements


def test_dashboard_requires_sign_in(client: Client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_signed_in_visitor_is_sent_from_landing_to_dashboard(client: Client, django_user_model):
    user = django_user_model.objects.create_user(email="alice@example.com", password="x-Pass-12345")
    client.force_login(user)
    assert client.get(reverse("landing")).url == reverse("dashboard")
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Welcome, alice" in response.content.decode()


def test_unknown_url_renders_the_friendly_404_page(client: Client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.content.decode()


def test_server_error_page_renders_without_request_context(client: Client):
    from careercopilot.views import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(client: Client):
    policy = client.get(reverse("landing"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_base_layout_has_skip_link_and_htmx_csrf_header(client: Client):
    html = client.get(reverse("landing")).content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert 'hx-headers=\'{"X-CSRFToken"' in html
    assert 'id="main"' in html
