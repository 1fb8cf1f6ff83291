"""Factories for tracker tests. Applications are created through the service, so every
one has the StatusChange history that the pages read."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from tracker import services
from tracker.models import Contact, Interview, Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"seeker{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password("Correct-Horse-Battery-42")


def make_application(
    user, *, status: str = Status.SAVED, at: dt.datetime | None = None, tags=(), **data
):
    data.setdefault("company", "Acme")
    data.setdefault("position", "Backend Engineer")
    return services.application_create(user=user, data=data, status=status, at=at, tags=list(tags))


def make_contact(user, **data) -> Contact:
    data.setdefault("name", "Riley Recruiter")
    return services.contact_create(user=user, data=data)


def make_interview(
    application, *, starts_at: dt.datetime | None = None, minutes: int = 45, **data
) -> Interview:
    starts_at = starts_at or timezone.now() + dt.timedelta(days=2)
    data.setdefault("kind", "video")
    return services.interview_create(
        application=application,
        data={"starts_at": starts_at, "ends_at": starts_at + dt.timedelta(minutes=minutes), **data},
    )


def bulk_applications(user, count: int, *, start: dt.date | None = None) -> None:
    """Many applications with a two-step history, written in bulk (for query-count tests)."""
    from tracker.models import PIPELINE, TERMINAL, Application, StatusChange, Tag

    statuses = [*PIPELINE[1:], *TERMINAL]
    start = start or timezone.localdate() - dt.timedelta(days=90)
    tag = Tag.objects.get_or_create(user=user, name="bulk")[0]
    apps = []
    for i in range(count):
        day = start + dt.timedelta(days=i % 90)
        apps.append(
            Application(
                user=user,
                company=f"Company {i}",
                position=f"Engineer {i}",
                status=statuses[i % len(statuses)],
                applied_on=day,
                source=["LinkedIn", "Referral", "Indeed"][i % 3],
                created_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC),
            )
        )
    Application.objects.bulk_create(apps)
    changes = []
    for app in apps:
        applied_at = app.created_at
        changes.append(
            StatusChange(
                application=app, from_status="", to_status="applied", changed_at=applied_at
            )
        )
        if app.status != "applied":
            changes.append(
                StatusChange(
                    application=app,
                    from_status="applied",
                    to_status=app.status,
                    changed_at=applied_at + dt.timedelta(days=3),
                )
            )
    StatusChange.objects.bulk_create(changes)
    Application.tags.through.objects.bulk_create(
        [Application.tags.through(application_id=app.pk, tag_id=tag.pk) for app in apps]
    )
