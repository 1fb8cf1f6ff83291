import pytest
from django.urls import reverse

from tracker.demo import seed_demo_applications
from tracker.models import Application, Interview, Status, StatusChange
from tracker.selectors.analytics import analytics_for_user

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_status_with_consistent_history(alice):
    assert seed_demo_applications(user=alice, count=60, seed=1) == 60
    apps = Application.objects.filter(user=alice)
    assert set(apps.values_list("status", flat=True)) == set(Status.values)
    for app in apps.prefetch_related("status_changes"):
        steps = list(app.status_changes.all())
        assert steps[0].from_status == ""
        assert steps[-1].to_status == app.status
        assert [s.changed_at for s in steps] == sorted(s.changed_at for s in steps)
        assert all(b.from_status == a.to_status for a, b in zip(steps, steps[1:], strict=False))
        assert (app.applied_on is None) == (app.status == Status.SAVED)
    assert Interview.objects.filter(application__user=alice).exists()
    assert alice.tracker_contacts.exists()
    result = analytics_for_user(alice, start=None, end=None)
    assert (
        result.sent > 40 and result.interviewed > 0 and result.median_days_to_response is not None
    )


def test_demo_seeding_is_idempotent_unless_topping_up(alice):
    seed_demo_applications(user=alice, count=20)
    assert seed_demo_applications(user=alice, count=20) == 0
    assert Application.objects.filter(user=alice).count() == 20
    assert seed_demo_applications(user=alice, count=5, top_up=True) == 5
    assert StatusChange.objects.filter(application__user=alice, from_status="").count() == 25


def test_demo_pages_render(alice, alice_client):
    seed_demo_applications(user=alice, count=60)
    for name in (
        "tracker:board",
        "tracker:application_list",
        "tracker:analytics",
        "tracker:reminders",
        "tracker:interview_list",
    ):
        assert alice_client.get(reverse(name)).status_code == 200
    app = Application.objects.filter(user=alice, status=Status.FINAL).first()
    assert alice_client.get(reverse("tracker:application_detail", args=[app.pk])).status_code == 200


def test_seed_demo_hook(alice):
    from tracker.demo import seed

    seed(users={"seeker": alice}, log=lambda line: None)
    assert Application.objects.filter(user=alice).count() == 60


def test_seed_demo_command_gives_a_user_exactly_n_applications(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", applications=25, email="bench@example.com", stdout=out)
    assert "25 applications created, 25 in total" in out.getvalue()
    call_command("seed_demo", applications=30, email="bench@example.com", stdout=out)
    assert Application.objects.filter(user__email="bench@example.com").count() == 30
    assert (
        StatusChange.objects.filter(
            application__user__email="bench@example.com", from_status=""
        ).count()
        == 30
    )
