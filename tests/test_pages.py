import re
from pathlib import Path

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


def test_the_theme_follows_the_system_setting(client: Client):
    """Guards the dark theme: no page forces Pico's light theme any more."""
    html = client.get(reverse("landing")).content.decode()
    assert '<html lang="en">' in html
    assert "data-theme=" not in html
    assert '<meta name="color-scheme" content="light dark">' in html


def test_the_main_navigation_folds_behind_a_menu_button(alice_client):
    """Guards the phone navigation: one menu button controls the drawer of links."""
    html = alice_client.get(reverse("dashboard")).content.decode()
    assert 'aria-controls="site-menu" data-nav-toggle' in html
    assert 'aria-expanded="false"' in html
    menu = html.split('id="site-menu"', 1)[1]
    for name in ("tracker:board", "resumes:resume_list", "courses:list", "accounts:profile"):
        assert f'href="{reverse(name)}"' in menu


def test_the_footer_links_to_no_machine_health_page(client: Client, alice_client):
    """Guards the footer: its "Status" link showed raw health JSON to people."""
    for response in (client.get(reverse("landing")), alice_client.get(reverse("dashboard"))):
        footer = response.content.decode().split('class="container site-footer"', 1)[1]
        assert reverse("health") not in footer
        assert reverse("pricing") in footer


TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"


def test_no_breadcrumb_ends_with_a_dangling_slash():
    """Guards the breadcrumbs: they are lists whose separators CSS draws between items,
    never text that ends with "/"."""
    dangling = re.compile(r"</a>\s*/\s*(\{% endif %\})?\s*</p>")
    offenders = [
        str(path.relative_to(TEMPLATES_DIR))
        for path in TEMPLATES_DIR.rglob("*.html")
        if dangling.search(path.read_text())
    ]
    assert offenders == []


def test_profile_lets_a_long_email_wrap_after_the_at_sign(alice_client):
    """Guards the profile: the email broke mid-word in the narrow column."""
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert '<span class="email">alice@<wbr>example.com</span>' in html


LOCALE_EN = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"


def test_sign_in_pages_speak_in_sentence_case(client: Client):
    """Guards allauth's pages: their labels and buttons were in Title Case."""
    html = client.get(reverse("account_login")).content.decode()
    assert "Remember me" in html and "Remember Me" not in html
    html = client.get(reverse("account_reset_password")).content.decode()
    assert "Password reset" in html and "Password Reset" not in html


def test_the_compiled_english_catalog_matches_its_source():
    """Guards locale/en: the .mo Django reads must be compiled from the current .po."""
    import gettext

    source = (LOCALE_EN / "django.po").read_text()
    entries = re.findall(r'(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.*)"', source)
    expected = {(f"{ctx}\x04{msgid}" if ctx else msgid): msgstr for ctx, msgid, msgstr in entries}
    with (LOCALE_EN / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    assert {key: value for key, value in catalog.items() if key} == expected


def test_the_admin_shows_the_product_mark(rf, alice):
    """Guards one visual language: the admin carries the product's mark and favicon."""
    from django.contrib import admin
    from django.templatetags.static import static

    request = rf.get("/admin/")
    request.user = alice
    context = admin.site.each_context(request)
    assert context["site_icon"] == static("img/favicon.svg")
    assert [icon.href for icon in context["site_favicons"]] == [static("img/favicon.svg")]


def test_contact_list_rows_become_labelled_cards_on_a_phone(alice, alice_client):
    """Guards the contact list on a phone: each cell carries its column's label for the
    card layout under 640 px, and a long email wraps after the @."""
    from tracker.tests.factories import make_contact

    make_contact(alice, name="Dana Scully", company="FBI", email="dana.scully@example.org")
    html = alice_client.get(reverse("tracker:contact_list")).content.decode()
    assert 'class="striped table-cards"' in html
    for label in ("Role", "Company", "Email", "Applications"):
        assert f'data-label="{label}"' in html
    assert "dana.scully@<wbr>example.org</a>" in html
