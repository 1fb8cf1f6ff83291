import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker import services
from tracker.csv_format import parse_date, spreadsheet_safe
from tracker.models import Application, CsvImport, ExportJob, Status, StatusChange

from .factories import make_application, make_interview

pytestmark = pytest.mark.django_db

HUNTR = (
    "Company,Job Title,Job URL,List,Date Applied,Location,Salary,Notes\n"
    "Acme,Data Engineer,https://acme.test/jobs/1,Applied,2026-03-02,Berlin,€60k - €75k,Referred by Ana\n"
    "Globex,SRE,https://globex.test/9,Interviewing,03/10/2026,Remote,,\n"
    "Initech,Analyst,,Wishlist,,,,\n"
)
TEAL = (
    "Job Position,Company,Status,Date Saved,Date Applied,Deadline,Excitement,Min. Salary,Max. Salary,URL,Tags\n"
    'Backend Dev,Hooli,Offer,2026-01-01,2026-01-05,,5,120000,140000,https://hooli.test,"python, remote"\n'
)


def upload(client, content: bytes, name="apps.csv"):
    return client.post(
        reverse("tracker:import_upload"), {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_huntr_export_preview_then_confirm(alice, alice_client):
    response = upload(alice_client, HUNTR.encode())
    csv_import = CsvImport.objects.get(user=alice)
    assert response.url == reverse("tracker:import_preview", args=[csv_import.pk])
    preview = alice_client.get(response.url)
    html = preview.content.decode()
    assert "3 ready, 0 with errors" in html
    assert "Job Title" in html and "Position" in html
    assert not Application.objects.exists(), "nothing is written before confirming"

    response = alice_client.post(reverse("tracker:import_confirm", args=[csv_import.pk]))
    assert response.status_code == 302
    apps = {a.company: a for a in Application.objects.filter(user=alice)}
    assert apps["Acme"].status == Status.APPLIED
    assert apps["Acme"].applied_on == dt.date(2026, 3, 2)
    assert (apps["Acme"].salary_min, apps["Acme"].salary_max, apps["Acme"].salary_currency) == (
        60000,
        75000,
        "EUR",
    )
    assert apps["Globex"].status == Status.TECHNICAL
    assert apps["Globex"].applied_on == dt.date(2026, 3, 10)
    assert apps["Initech"].status == Status.SAVED and apps["Initech"].applied_on is None
    assert StatusChange.objects.filter(application__user=alice).count() == 3
    assert all(a.status_changes.get().to_status == a.status for a in apps.values())


def test_teal_export_with_tags_and_excitement(alice, alice_client):
    upload(alice_client, TEAL.encode())
    csv_import = CsvImport.objects.get()
    alice_client.post(reverse("tracker:import_confirm", args=[csv_import.pk]))
    app = Application.objects.get()
    assert (app.position, app.status, app.excitement, app.salary_max) == (
        "Backend Dev",
        Status.OFFER,
        5,
        140000,
    )
    assert sorted(t.name for t in app.tags.all()) == ["python", "remote"]


@pytest.mark.parametrize(
    "encoded",
    [
        "Company,Position\nCafé Müller,Barista\n".encode(),
        "\ufeffCompany,Position\nCafé Müller,Barista\n".encode(),
        "Company,Position\nCafé Müller,Barista\n".encode("latin-1"),
        "Company;Position\nCafé Müller;Barista\n".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "latin1", "semicolons-cp1252"],
)
def test_encodings_and_delimiters(alice, alice_client, encoded):
    upload(alice_client, encoded)
    alice_client.post(reverse("tracker:import_confirm", args=[CsvImport.objects.get().pk]))
    assert Application.objects.get().company == "Café Müller"


def test_rows_with_errors_are_listed_and_block_the_import(alice, alice_client):
    content = (
        b"Company,Position,Status,Date Applied,URL,Excitement\n"
        b"Acme,Dev,Applied,2026-01-02,https://acme.test,3\n"
        b",Dev,Applied,2026-01-02,,\n"
        b"Globex,QA,Dreaming,2026-02-30,javascript:alert(1),9\n"
    )
    upload(alice_client, content)
    csv_import = CsvImport.objects.get()
    html = alice_client.get(
        reverse("tracker:import_preview", args=[csv_import.pk])
    ).content.decode()
    assert "1 ready, 2 with errors" in html
    assert "Company is missing." in html
    assert "Unknown status" in html
    assert "is not a date we understand" in html
    assert "must start with http:// or https://" in html
    assert "Excitement must be a number from 1 to 5." in html

    response = alice_client.post(
        reverse("tracker:import_confirm", args=[csv_import.pk]), follow=True
    )
    assert "2 rows have errors" in response.content.decode()
    assert not Application.objects.exists()

    alice_client.post(
        reverse("tracker:import_confirm", args=[csv_import.pk]), {"skip_invalid": "1"}
    )
    assert list(Application.objects.values_list("company", flat=True)) == ["Acme"]


def test_import_without_ticking_skip_answers_inline_beside_the_button(alice, alice_client):
    """Guards the silent import button: the box is not browser-required any more, and
    pressing Import without it shows the preview again with the reason beside the button."""
    upload(alice_client, b"Company,Position,Status\nAcme,Dev,Applied\n,Dev,Applied\n")
    csv_import = CsvImport.objects.get()
    url = reverse("tracker:import_preview", args=[csv_import.pk])
    html = alice_client.get(url).content.decode()
    assert 'name="skip_invalid" value="1">' in html  # no "required": the click reaches us
    response = alice_client.post(reverse("tracker:import_confirm", args=[csv_import.pk]))
    assert response.status_code == 422
    html = response.content.decode()
    assert 'role="alert" data-testid="import-error">1 row has errors' in html
    assert "Tick the box above to import the other 1." in html
    assert 'aria-describedby="confirm-error"' in html
    assert not Application.objects.exists()


def test_importing_the_same_file_twice_is_refused(alice, alice_client):
    upload(alice_client, HUNTR.encode())
    first = CsvImport.objects.get()
    alice_client.post(reverse("tracker:import_confirm", args=[first.pk]))
    response = alice_client.post(reverse("tracker:import_confirm", args=[first.pk]), follow=True)
    assert Application.objects.count() == 3

    upload(alice_client, HUNTR.encode())
    second = CsvImport.objects.filter(state="preview").get()
    html = alice_client.get(reverse("tracker:import_preview", args=[second.pk])).content.decode()
    assert "You already imported this file" in html
    assert "Already in your tracker" in html
    response = alice_client.post(reverse("tracker:import_confirm", args=[second.pk]), follow=True)
    assert "already imported" in response.content.decode()
    assert Application.objects.count() == 3


def test_duplicate_rows_within_a_file(alice, alice_client):
    upload(
        alice_client, b"Company,Position,Date Applied\nAcme,Dev,2026-01-02\nacme,dev,2026-01-02\n"
    )
    preview = services.csv_import_preview(csv_import=CsvImport.objects.get())
    assert preview.error_rows[0].errors == ["Same as row 2."]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"Company,Position\n", "no rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "looks binary"),
        (b"Name,Email\nAna,ana@example.com\n", "No column for Company and Position"),
    ],
)
def test_malformed_files_get_a_clear_message(alice, alice_client, content, message):
    response = upload(alice_client, content)
    if response.status_code == 302:
        response = alice_client.get(response.url)
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_too_many_rows_is_refused(alice, alice_client, monkeypatch):
    monkeypatch.setattr(services.importing, "MAX_ROWS", 2)
    response = upload(alice_client, b"Company,Position\na,b\nc,d\ne,f\n")
    assert "import at most 2 at a time" in response.content.decode()


def test_a_failure_while_writing_rolls_back_everything(alice, alice_client, monkeypatch):
    upload(alice_client, HUNTR.encode())
    csv_import = CsvImport.objects.get()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(StatusChange.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        services.csv_import_confirm(csv_import=csv_import)
    assert not Application.objects.exists()
    assert CsvImport.objects.get().state == "preview"


def test_date_formats():
    assert parse_date("2026-03-02") == dt.date(2026, 3, 2)
    assert parse_date("2026-03-02T10:00:00Z") == dt.date(2026, 3, 2)
    assert parse_date("03/10/2026") == dt.date(2026, 3, 10)
    assert parse_date("25/10/2026") == dt.date(2026, 10, 25)
    assert parse_date("Mar 5, 2026") == dt.date(2026, 3, 5)
    assert parse_date("") is None


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_formula_like_cells_are_neutralised(value):
    assert spreadsheet_safe(value).startswith("'")


def test_csv_export_through_the_task_neutralises_formulas(
    alice, alice_client, django_capture_on_commit_callbacks
):
    make_application(
        alice, company='=HYPERLINK("http://evil")', position="@SUM(1)", notes="-2+3", tags=["x"]
    )
    make_application(alice, company="Archived Co").__class__.objects.filter(
        company="Archived Co"
    ).update(archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("tracker:export_create"), {"format": "csv"})
    job = ExportJob.objects.get()
    assert response.url == reverse("tracker:export_detail", args=[job.pk])
    assert job.state == "done" and job.row_count == 1
    download = alice_client.get(reverse("tracker:export_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Company", "Position", "Status"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][1] == "'@SUM(1)"
    assert "'-2+3" in rows[1]
    assert "Archived Co" not in text


def test_json_export_includes_history_interviews_and_archived_when_asked(
    alice, alice_client, django_capture_on_commit_callbacks
):
    app = make_application(alice, status=Status.APPLIED)
    services.application_move(application=app, to_status=Status.PHONE_SCREEN)
    make_interview(app)
    services.application_archive(application=make_application(alice, company="Old"))
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            reverse("tracker:export_create"), {"format": "json", "include_archived": "on"}
        )
    job = ExportJob.objects.get()
    payload = json.loads(
        b"".join(
            alice_client.get(reverse("tracker:export_download", args=[job.pk])).streaming_content
        )
    )
    assert len(payload["applications"]) == 2
    first = next(a for a in payload["applications"] if a["company"] == "Acme")
    assert [step["to"] for step in first["timeline"]] == ["applied", "phone_screen"]
    assert len(first["interviews"]) == 1


def test_export_status_partial_polls_until_done_and_failed_exports_can_be_retried(
    alice, alice_client, monkeypatch, django_capture_on_commit_callbacks
):
    from tracker.services import exporting

    def broken(job, progress):
        raise ValueError("boom")

    monkeypatch.setattr(exporting, "build_csv", broken)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("tracker:export_create"), {"format": "csv"})
    job = ExportJob.objects.get()
    assert job.state == "failed" and "Please retry" in job.error
    partial = alice_client.get(
        reverse("tracker:export_detail", args=[job.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET=f"export-{job.pk}",
    )
    assert partial.status_code == 286  # htmx: swap, then stop polling
    assert "Retry" in partial.content.decode()
    assert alice_client.get(reverse("tracker:export_download", args=[job.pk])).status_code == 404

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("tracker:export_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.state == "done"


def test_pending_export_page_polls(alice, alice_client):
    job = ExportJob.objects.create(user=alice)
    html = alice_client.get(reverse("tracker:export_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
