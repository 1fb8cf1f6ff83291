"""State changes of applications: create, edit, move through the pipeline, archive, delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from careercopilot.timezones import user_today

from ..models import Application, Status, StatusChange, Tag

__all__ = [
    "BULK_ACTIONS",
    "MoveError",
    "application_archive",
    "application_create",
    "application_delete",
    "application_mark_followed_up",
    "application_move",
    "application_unarchive",
    "application_update",
    "applications_bulk_apply",
    "move_problem",
    "tags_get_or_create",
]


EDITABLE_FIELDS = (
    "company",
    "position",
    "posting_url",
    "location",
    "work_mode",
    "salary_min",
    "salary_max",
    "salary_currency",
    "source",
    "applied_on",
    "deadline",
    "description",
    "notes",
    "excitement",
)


class MoveError(ValidationError):
    """A move the pipeline does not allow; the message is meant for the user."""


def _clean_tag_names(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())[:40]
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def tags_get_or_create(*, user, names: Iterable[str]) -> list[Tag]:
    """The user's tags with these names (case-insensitive), creating the missing ones."""
    wanted = _clean_tag_names(names)
    if not wanted:
        return []

    def existing() -> dict[str, Tag]:
        lowered = [name.lower() for name in wanted]
        rows = Tag.objects.annotate(lname=Lower("name")).filter(user=user, lname__in=lowered)
        return {tag.name.lower(): tag for tag in rows}

    found = existing()
    missing = [Tag(user=user, name=name) for name in wanted if name.lower() not in found]
    if missing:
        Tag.objects.bulk_create(missing, ignore_conflicts=True)
        found = existing()
    return [found[name.lower()] for name in wanted if name.lower() in found]


def _validate_fields(application: Application) -> None:
    application.full_clean(exclude=["user", "status", "tags"])


@transaction.atomic
def application_create(
    *,
    user,
    data: dict[str, Any],
    tags: Sequence[str] | None = None,
    status: str = Status.SAVED,
    note: str = "",
    at: dt.datetime | None = None,
) -> Application:
    """Creates an application and the first step of its timeline."""
    if status not in Status.values:
        raise MoveError(f"“{status}” is not a status.")
    at = at or timezone.now()
    application = Application(user=user, status=status, created_at=at, **_pick(data))
    if status != Status.SAVED and application.applied_on is None:
        application.applied_on = user_today(user, at)
    _validate_fields(application)
    application.save()
    if tags:
        application.tags.set(tags_get_or_create(user=user, names=tags))
    StatusChange.objects.create(
        application=application, from_status="", to_status=status, changed_at=at, note=note
    )
    return application


@transaction.atomic
def application_update(
    *, application: Application, data: dict[str, Any], tags: Sequence[str] | None = None
) -> Application:
    """Edits the descriptive fields. The status only changes through ``application_move``."""
    for field, value in _pick(data).items():
        setattr(application, field, value)
    _validate_fields(application)
    application.save()
    if tags is not None:
        application.tags.set(tags_get_or_create(user=application.user, names=tags))
    return application


def _pick(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key in EDITABLE_FIELDS}


def _last_change(application: Application) -> StatusChange | None:
    return application.status_changes.order_by("-changed_at", "-id").first()


def move_problem(
    application: Application, to_status: str, *, reached: set[str] | None = None
) -> str | None:
    """Why this move is not allowed, or None when it is."""
    if to_status not in Status.values:
        return f"“{to_status}” is not a status."
    label = Status(to_status).label
    if application.is_archived:
        return "This application is archived. Restore it before moving it."
    if application.status == to_status:
        return f"It is already in {label}."
    if to_status == Status.SAVED and application.applied_on is not None:
        return "An application that was sent can't go back to Saved."
    if to_status == Status.ACCEPTED:
        if reached is None:
            reached = set(application.status_changes.values_list("to_status", flat=True))
        if Status.OFFER not in reached and application.status != Status.OFFER:
            return "Only an offer can be accepted: move it to Offer first."
    return None


@transaction.atomic
def application_move(
    *, application: Application, to_status: str, note: str = "", at: dt.datetime | None = None
) -> StatusChange:
    """Moves an application to another status and records the step in its timeline."""
    # Lock the row so two concurrent moves cannot both read the same "from" status.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    problem = move_problem(locked, to_status)
    if problem:
        raise MoveError(problem, code="invalid_move")
    at = at or timezone.now()
    last = _last_change(locked)
    if last and at < last.changed_at:
        raise MoveError(
            "A move can't be dated before the previous step of the timeline.", code="invalid_move"
        )
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise MoveError("A move can't be dated in the future.", code="invalid_move")
    change = StatusChange.objects.create(
        application=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_at=at,
        note=note[:500],
    )
    locked.status = to_status
    update_fields = ["status", "updated_at"]
    if to_status != Status.SAVED and locked.applied_on is None:
        locked.applied_on = user_today(locked.user, at)
        update_fields.append("applied_on")
    locked.save(update_fields=update_fields)
    application.status, application.applied_on = locked.status, locked.applied_on
    return change


@transaction.atomic
def application_archive(*, application: Application) -> Application:
    if application.archived_at is None:
        application.archived_at = timezone.now()
        application.save(update_fields=["archived_at", "updated_at"])
    return application


@transaction.atomic
def application_unarchive(*, application: Application) -> Application:
    if application.archived_at is not None:
        application.archived_at = None
        application.save(update_fields=["archived_at", "updated_at"])
    return application


@transaction.atomic
def application_delete(*, application: Application) -> None:
    application.delete()


@transaction.atomic
def application_mark_followed_up(
    *, application: Application, on: dt.date | None = None
) -> Application:
    """Restarts the follow-up clock: the next suggestion comes N days after this date."""
    application.followed_up_on = on or user_today(application.user)
    application.save(update_fields=["followed_up_on", "updated_at"])
    return application


BULK_ACTIONS = ("status", "archive", "unarchive", "delete")


@transaction.atomic
def applications_bulk_apply(*, user, ids: Sequence[int], action: str, status: str = "") -> int:
    """Applies one action to many of the user's applications: all of them, or none.

    A status change skips the ones already in that status; any other move that the
    pipeline forbids cancels the whole batch with a message naming the applications.
    """
    if action not in BULK_ACTIONS:
        raise ValidationError("Choose an action.")
    qs = Application.objects.filter(user=user, pk__in=list(ids)).select_for_update()
    applications = list(qs)
    if not applications:
        raise ValidationError("Select at least one application.")
    if action == "archive":
        return qs.filter(archived_at__isnull=True).update(
            archived_at=timezone.now(), updated_at=timezone.now()
        )
    if action == "unarchive":
        return qs.filter(archived_at__isnull=False).update(
            archived_at=None, updated_at=timezone.now()
        )
    if action == "delete":
        count = len(applications)
        Application.objects.filter(pk__in=[a.pk for a in applications]).delete()
        return count
    if status not in Status.values:
        raise ValidationError("Choose the status to move them to.")
    to_move = [a for a in applications if a.status != status]
    reached: dict[int, set[str]] = {}
    for app_id, to in StatusChange.objects.filter(application__in=to_move).values_list(
        "application_id", "to_status"
    ):
        reached.setdefault(app_id, set()).add(to)
    problems = [
        f"{a}: {problem}"
        for a in to_move
        if (problem := move_problem(a, status, reached=reached.get(a.pk, set())))
    ]
    if problems:
        raise MoveError(["Nothing was changed."] + problems[:10], code="invalid_move")
    for application in to_move:
        application_move(application=application, to_status=status, note="Bulk change")
    return len(to_move)
