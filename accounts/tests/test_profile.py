import pytest
from django.urls import reverse

from accounts.models import NotificationCategory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Alice Archer",
    "headline": "Analyst moving into analytics engineering",
    "target_roles": "Data Analyst, Analytics Engineer, data analyst",
    "locations": "Berlin; Remote",
    "skills": "SQL, Python,  dbt ,",
    "salary_min": "70000",
    "salary_max": "90000",
    "salary_currency": "eur",
    "timezone": "Europe/Berlin",
    "email_categories": [NotificationCategory.TRACKER, NotificationCategory.COURSES],
}


def test_profile_page_shows_the_form_and_links_to_security_pages(alice_client):
    response = alice_client.get(reverse("accounts:profile"))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("account_email", "account_change_password", "mfa_index"):
        assert f'href="{reverse(name)}"' in html
    assert '<option value="Europe/Berlin">' in html
    assert "style=" not in html


def test_saving_the_profile_turns_comma_lists_into_lists(alice_client, alice):
    response = alice_client.post(reverse("accounts:profile"), VALID, follow=True)
    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    assert "Your profile is saved." in response.content.decode()
    alice.refresh_from_db()
    assert alice.target_roles == ["Data Analyst", "Analytics Engineer"]
    assert alice.locations == ["Berlin", "Remote"]
    assert alice.skills == ["SQL", "Python", "dbt"]
    assert (alice.salary_min, alice.salary_max, alice.salary_currency) == (70000, 90000, "EUR")
    assert alice.timezone == "Europe/Berlin"
    assert alice.email_categories == [NotificationCategory.TRACKER, NotificationCategory.COURSES]
    assert alice.wants_email_for(NotificationCategory.TRACKER)
    assert not alice.wants_email_for(NotificationCategory.ACCOUNT)


def test_saved_lists_show_again_as_comma_separated_text(alice_client, alice):
    alice_client.post(reverse("accounts:profile"), VALID)
    html = alice_client.get(reverse("accounts:profile")).content.decode()
    assert 'value="Data Analyst, Analytics Engineer"' in html


def test_unticking_every_email_category_turns_email_off(alice_client, alice):
    data = {**VALID, "email_categories": []}
    alice_client.post(reverse("accounts:profile"), data)
    alice.refresh_from_db()
    assert alice.email_categories == []


def test_salary_minimum_above_maximum_shows_error_next_to_the_field_and_keeps_input(
    alice_client, alice
):
    data = {**VALID, "salary_min": "95000", "salary_max": "60000"}
    response = alice_client.post(reverse("accounts:profile"), data)
    html = response.content.decode()
    assert response.status_code == 200
    error = html.split('id="id_salary_max"')[1].split("</div>")[0]
    assert 'id="id_salary_max_error"' in error
    assert "at least the minimum" in error
    assert 'value="95000"' in html and 'value="60000"' in html
    assert 'value="Data Analyst, Analytics Engineer, data analyst"' in html
    alice.refresh_from_db()
    assert alice.salary_min is None and alice.headline == ""


def test_unknown_time_zone_shows_error_next_to_the_field_and_keeps_other_input(alice_client, alice):
    data = {**VALID, "timezone": "Mars/Olympus_Mons"}
    response = alice_client.post(reverse("accounts:profile"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_timezone_error"' in html
    assert "Choose a time zone from the list" in html
    assert 'value="Analyst moving into analytics engineering"' in html
    alice.refresh_from_db()
    assert alice.timezone == "UTC"


def test_currency_must_be_a_three_letter_code(alice_client):
    response = alice_client.post(reverse("accounts:profile"), {**VALID, "salary_currency": "euro"})
    html = response.content.decode()
    assert 'id="id_salary_currency_error"' in html
    assert 'value="euro"' in html


def test_profile_requires_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
