import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker import selectors, services
from tracker.models import Application, Status, StatusChange

from .factories import make_application

pytestmark = pytest.mark.django_db


def test_creating_an_application_records_the_first_step_of_its_timeline(alice):
    app = make_application(alice, status=Status.SAVED)
    [first] = selectors.application_timeline(app)
    assert (first.from_status, first.to_status) == ("", Status.SAVED)
    assert app.applied_on is None


def test_creating_a_sent_application_sets_its_applied_date(alice):
    app = make_application(alice, status=Status.APPLIED)
    assert app.applied_on == timezone.localdate()


def test_move_records_from_to_when_and_note(alice):
    app = make_application(alice, status=Status.APPLIED)
    change = services.application_move(
        application=app, to_status=Status.PHONE_SCREEN, note="Recruiter called"
    )
    app.refresh_from_db()
    assert app.status == Status.PHONE_SCREEN
    assert (change.from_status, change.to_status, change.note) == (
        Status.APPLIED,
        Status.PHONE_SCREEN,
        "Recruiter called",
    )
    assert [c.to_status for c in selectors.application_timeline(app)] == [
        Status.APPLIED,
        Status.PHONE_SCREEN,
    ]


def test_moving_from_saved_to_applied_fills_in_the_applied_date(alice):
    app = make_application(alice)
    services.application_move(application=app, to_status=Status.APPLIED)
    app.refresh_from_db()
    assert app.applied_on == timezone.localdate()


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (Status.APPLIED, Status.APPLIED, "already in Applied"),
        (Status.APPLIED, Status.SAVED, "can't go back to Saved"),
        (Status.FINAL, Status.ACCEPTED, "Only an offer can be accepted"),
        (Status.APPLIED, "hired", "is not a status"),
    ],
)
def test_invalid_moves_are_refused_with_a_clear_message_and_write_nothing(
    alice, start, target, message
):
    app = make_application(alice, status=start)
    with pytest.raises(services.MoveError) as excinfo:
        services.application_move(application=app, to_status=target)
    assert message in " ".join(excinfo.value.messages)
    app.refresh_from_db()
    assert app.status == start
    assert StatusChange.objects.filter(application=app).count() == 1


def test_an_offer_can_be_accepted_and_rejected_ones_can_be_revived(alice):
    app = make_application(alice, status=Status.FINAL)
    services.application_move(application=app, to_status=Status.OFFER)
    services.application_move(application=app, to_status=Status.ACCEPTED)
    other = make_application(alice, status=Status.APPLIED)
    services.application_move(application=other, to_status=Status.GHOSTED)
    services.application_move(
        application=other, to_status=Status.PHONE_SCREEN, note="They wrote back"
    )
    assert Application.objects.get(pk=other.pk).status == Status.PHONE_SCREEN


def test_archived_applications_must_be_restored_before_moving(alice):
    app = make_application(alice, status=Status.APPLIED)
    services.application_archive(application=app)
    with pytest.raises(services.MoveError, match="archived"):
        services.application_move(application=app, to_status=Status.PHONE_SCREEN)


def test_a_move_cannot_be_dated_before_the_previous_step(alice):
    now = timezone.now()
    app = make_application(alice, status=Status.APPLIED, at=now - dt.timedelta(days=3))
    with pytest.raises(services.MoveError, match="before the previous step"):
        services.application_move(
            application=app, to_status=Status.REJECTED, at=now - dt.timedelta(days=5)
        )


def test_days_in_stage_comes_from_the_latest_status_change(alice):
    now = timezone.now()
    app = make_application(alice, status=Status.APPLIED, at=now - dt.timedelta(days=10))
    services.application_move(
        application=app, to_status=Status.PHONE_SCREEN, at=now - dt.timedelta(days=4)
    )
    loaded = selectors.get_application_for_user(alice, app.pk)
    assert selectors.days_in_stage(loaded, now=now) == 4
    # An edit of other fields does not reset the clock.
    services.application_update(application=loaded, data={"notes": "Prepared questions"})
    assert selectors.days_in_stage(selectors.get_application_for_user(alice, app.pk), now=now) == 4


def test_current_status_always_matches_the_last_step_of_the_timeline(alice):
    app = make_application(alice, status=Status.SAVED)
    for target in (Status.APPLIED, Status.PHONE_SCREEN, Status.REJECTED, Status.TECHNICAL):
        services.application_move(application=app, to_status=target)
        app.refresh_from_db()
        assert selectors.application_timeline(app)[-1].to_status == app.status


def test_update_validates_fields_and_rejects_non_http_posting_urls(alice):
    app = make_application(alice)
    with pytest.raises(ValidationError) as excinfo:
        services.application_update(application=app, data={"posting_url": "javascript:alert(1)"})
    assert "posting_url" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.application_update(application=app, data={"salary_min": 200, "salary_max": 100})


def test_tags_are_reused_case_insensitively(alice):
    a = make_application(alice, tags=["Remote", "python"])
    b = make_application(alice, tags=["remote", "Go"])
    assert sorted(t.name for t in a.tags.all()) == ["Remote", "python"]
    assert sorted(t.name for t in b.tags.all()) == ["Go", "Remote"]
    assert alice.tracker_tags.count() == 3


def test_bulk_status_change_is_all_or_nothing(alice):
    applied = make_application(alice, status=Status.APPLIED)
    final = make_application(alice, status=Status.FINAL)
    with pytest.raises(services.MoveError) as excinfo:
        services.applications_bulk_apply(
            user=alice, ids=[applied.pk, final.pk], action="status", status=Status.ACCEPTED
        )
    assert "Nothing was changed." in excinfo.value.messages
    assert set(Application.objects.values_list("status", flat=True)) == {
        Status.APPLIED,
        Status.FINAL,
    }
    moved = services.applications_bulk_apply(
        user=alice, ids=[applied.pk, final.pk], action="status", status=Status.REJECTED
    )
    assert moved == 2
    assert set(Application.objects.values_list("status", flat=True)) == {Status.REJECTED}


def test_bulk_actions_only_touch_the_users_own_applications(alice, bob):
    mine = make_application(alice)
    theirs = make_application(bob)
    assert (
        services.applications_bulk_apply(user=alice, ids=[mine.pk, theirs.pk], action="delete") == 1
    )
    assert Application.objects.filter(pk=theirs.pk).exists()
    with pytest.raises(ValidationError):
        services.applications_bulk_apply(user=alice, ids=[theirs.pk], action="archive")


def test_bulk_archive_and_restore(alice):
    apps = [make_application(alice) for _ in range(3)]
    ids = [a.pk for a in apps]
    assert services.applications_bulk_apply(user=alice, ids=ids, action="archive") == 3
    assert selectors.applications_for_user(alice).count() == 0
    assert services.applications_bulk_apply(user=alice, ids=ids, action="unarchive") == 3
    assert selectors.applications_for_user(alice).count() == 3
