import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.models import Application, Status

from .factories import make_application

pytestmark = pytest.mark.django_db

VALID = {
    "company": "Globex",
    "position": "Platform Engineer",
    "posting_url": "https://jobs.example.com/42",
    "location": "Berlin",
    "work_mode": "hybrid",
    "salary_min": "70000",
    "salary_max": "90000",
    "salary_currency": "EUR",
    "source": "LinkedIn",
    "applied_on": "",
    "deadline": "",
    "excitement": "4",
    "description": "Build things",
    "notes": "Met them at a meetup",
    "tags": "python, remote-friendly",
    "status": "saved",
}


def test_create_application_with_all_fields(alice, alice_client):
    response = alice_client.post(reverse("tracker:application_create"), VALID)
    app = Application.objects.get(user=alice)
    assert response.status_code == 302 and response.url == app.get_absolute_url()
    assert (app.company, app.work_mode, app.salary_min, app.salary_currency, app.excitement) == (
        "Globex",
        "hybrid",
        70000,
        "EUR",
        4,
    )
    assert sorted(t.name for t in app.tags.all()) == ["python", "remote-friendly"]
    assert app.status_changes.get().to_status == Status.SAVED


def test_create_as_applied_records_the_status_and_date(alice, alice_client):
    alice_client.post(reverse("tracker:application_create"), {**VALID, "status": "applied"})
    app = Application.objects.get(user=alice)
    assert app.status == Status.APPLIED
    assert app.applied_on == timezone.localdate()


def test_invalid_form_shows_errors_next_to_fields_and_keeps_what_was_typed(alice_client):
    data = {
        **VALID,
        "company": "",
        "posting_url": "ftp://files.example.com/job",
        "salary_min": "100",
        "salary_max": "50",
    }
    response = alice_client.post(reverse("tracker:application_create"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "This field is required." in html
    assert "http:// or https://" in html
    assert "The maximum must be at least the minimum." in html
    assert 'value="Platform Engineer"' in html
    assert "Met them at a meetup" in html
    assert not Application.objects.exists()


def test_htmx_form_errors_swap_only_the_form(alice_client):
    response = alice_client.post(
        reverse("tracker:application_create"), {**VALID, "position": ""}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form")
    assert "<html" not in html


def test_htmx_create_redirects_on_the_client(alice, alice_client):
    response = alice_client.post(
        reverse("tracker:application_create"), VALID, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == Application.objects.get(user=alice).get_absolute_url()


def test_edit_keeps_status_and_updates_fields(alice, alice_client):
    app = make_application(alice, status=Status.APPLIED)
    data = {**VALID, "company": "Initech"}
    data.pop("status")
    response = alice_client.post(reverse("tracker:application_edit", args=[app.pk]), data)
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.company == "Initech" and app.status == Status.APPLIED


def test_detail_shows_timeline_days_in_stage_and_follow_up(alice, alice_client):
    now = timezone.now()
    app = make_application(
        alice, status=Status.APPLIED, at=now - dt.timedelta(days=9), notes="Call Sam"
    )
    html = alice_client.get(reverse("tracker:application_detail", args=[app.pk])).content.decode()
    assert "9 days in stage" in html
    assert "Time to follow up" in html
    assert "Call Sam" in html
    alice_client.post(reverse("tracker:application_follow_up", args=[app.pk]))
    html = alice_client.get(reverse("tracker:application_detail", args=[app.pk])).content.decode()
    assert "Time to follow up" not in html


def test_move_from_detail_page_and_invalid_move_message(alice, alice_client):
    app = make_application(alice, status=Status.APPLIED)
    url = reverse("tracker:application_move", args=[app.pk])
    alice_client.post(url, {"status": Status.PHONE_SCREEN})
    app.refresh_from_db()
    assert app.status == Status.PHONE_SCREEN
    response = alice_client.post(url, {"status": Status.ACCEPTED}, follow=True)
    assert "Only an offer can be accepted" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Status.PHONE_SCREEN


def test_move_requires_post(alice, alice_client):
    app = make_application(alice)
    assert alice_client.get(reverse("tracker:application_move", args=[app.pk])).status_code == 405


def test_archive_restore_and_delete(alice, alice_client):
    app = make_application(alice)
    alice_client.post(reverse("tracker:application_archive", args=[app.pk]))
    assert Application.objects.get(pk=app.pk).archived_at is not None
    alice_client.post(reverse("tracker:application_unarchive", args=[app.pk]))
    assert Application.objects.get(pk=app.pk).archived_at is None
    alice_client.post(reverse("tracker:application_delete", args=[app.pk]))
    assert not Application.objects.filter(pk=app.pk).exists()


# --- Table ----------------------------------------------------------------------------


@pytest.fixture
def table_data(alice):
    make_application(
        alice,
        company="Acme",
        position="Data Engineer",
        status=Status.APPLIED,
        work_mode="remote",
        tags=["python"],
        applied_on=dt.date(2026, 1, 5),
    )
    make_application(
        alice,
        company="Globex",
        position="Backend Developer",
        status=Status.REJECTED,
        work_mode="onsite",
        notes="great team, kubernetes",
        applied_on=dt.date(2026, 2, 1),
    )
    make_application(alice, company="Initech", position="SRE", status=Status.SAVED)
    return alice


def _companies(response) -> list[str]:
    return [app.company for app in response.context["page"].object_list]


def test_table_search_covers_company_position_and_notes(table_data, alice_client):
    url = reverse("tracker:application_list")
    assert _companies(alice_client.get(url, {"q": "acme"})) == ["Acme"]
    assert _companies(alice_client.get(url, {"q": "backend"})) == ["Globex"]
    assert _companies(alice_client.get(url, {"q": "kubernetes"})) == ["Globex"]


def test_table_filters_by_status_tag_work_mode_and_date(table_data, alice_client):
    url = reverse("tracker:application_list")
    assert sorted(_companies(alice_client.get(url, {"status": ["applied", "saved"]}))) == [
        "Acme",
        "Initech",
    ]
    assert _companies(alice_client.get(url, {"tag": "Python"})) == ["Acme"]
    assert _companies(alice_client.get(url, {"work_mode": "onsite"})) == ["Globex"]
    assert _companies(alice_client.get(url, {"applied_from": "2026-01-15"})) == ["Globex"]
    assert _companies(alice_client.get(url, {"applied_to": "2026-01-15"})) == ["Acme"]


def test_table_sorts_both_ways(table_data, alice_client):
    url = reverse("tracker:application_list")
    assert _companies(alice_client.get(url, {"sort": "company"})) == ["Acme", "Globex", "Initech"]
    assert _companies(alice_client.get(url, {"sort": "-company"})) == ["Initech", "Globex", "Acme"]
    response = alice_client.get(url, {"sort": "company"})
    assert 'aria-sort="ascending"' in response.content.decode()


def test_table_paginates(alice, alice_client):
    for i in range(30):
        make_application(alice, company=f"Company {i:02d}")
    url = reverse("tracker:application_list")
    first = alice_client.get(url, {"sort": "company"})
    assert len(first.context["page"].object_list) == 25
    last = alice_client.get(url, {"sort": "company", "page": 2})
    assert _companies(last) == [f"Company {i:02d}" for i in range(25, 30)]
    assert "Page 2 of 2" in last.content.decode()


def test_table_htmx_request_returns_only_the_table(table_data, alice_client):
    response = alice_client.get(
        reverse("tracker:application_list"),
        {"q": "acme"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="application-table",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="application-table"')
    assert "Acme" in html and "Globex" not in html


def test_archived_applications_are_hidden_unless_asked(table_data, alice_client, alice):
    Application.objects.filter(company="Acme").update(archived_at=timezone.now())
    url = reverse("tracker:application_list")
    assert "Acme" not in _companies(alice_client.get(url))
    assert _companies(alice_client.get(url, {"archived": "on"})) == ["Acme"]


def test_bulk_change_status_with_htmx_rerenders_table_with_a_toast(table_data, alice_client, alice):
    ids = list(
        Application.objects.filter(company__in=["Acme", "Initech"]).values_list("pk", flat=True)
    )
    response = alice_client.post(
        reverse("tracker:application_bulk"),
        {
            "ids": ids,
            "action": "status",
            "status": "withdrawn",
            "next": "/tracker/applications/?sort=company",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "2 applications moved to Withdrawn" in response["HX-Trigger"]
    assert set(Application.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        "withdrawn"
    }


def test_bulk_invalid_move_writes_nothing_and_says_why(table_data, alice_client):
    ids = list(Application.objects.values_list("pk", flat=True))
    response = alice_client.post(
        reverse("tracker:application_bulk"),
        {"ids": ids, "action": "status", "status": "accepted"},
        follow=True,
    )
    assert "Nothing was changed." in response.content.decode()
    assert not Application.objects.filter(status="accepted").exists()


def test_bulk_requires_a_selection_and_a_status(table_data, alice_client):
    response = alice_client.post(
        reverse("tracker:application_bulk"), {"action": "status"}, follow=True
    )
    assert "Select at least one application." in response.content.decode()


def test_bulk_delete(table_data, alice_client):
    ids = list(Application.objects.values_list("pk", flat=True))
    alice_client.post(reverse("tracker:application_bulk"), {"ids": ids, "action": "delete"})
    assert not Application.objects.exists()


def test_list_folds_the_status_filter_and_labels_each_cell_for_phones(alice, alice_client):
    """Guards the phone layout of the list: the eleven status boxes sit in one compact
    filter that counts what is ticked, and every cell carries the label a phone shows
    beside it when the rows become cards."""
    make_application(alice, company="Initech", status=Status.APPLIED)
    url = reverse("tracker:application_list")
    html = alice_client.get(
        url, {"status": ["applied", "offer"], "archived": "on"}
    ).content.decode()
    compact = html.split('<details class="filter-menu" data-checked-filter>', 1)[1].split(
        "</details>"
    )[0]
    assert compact.count('type="checkbox"') == len(Status) + 1  # and "Show archived"
    assert "3 selected" in compact
    html = alice_client.get(url).content.decode()
    assert "Any status" in html
    assert 'class="striped app-table table-cards"' in html
    for label in ("Position", "Status", "Applied", "Deadline", "Days in stage"):
        assert f'data-label="{label}"' in html
