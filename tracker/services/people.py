"""Contacts (recruiters, referrers) and interviews."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from ..models import Application, Contact, Interview

__all__ = [
    "contact_create",
    "contact_delete",
    "contact_link",
    "contact_unlink",
    "contact_update",
    "interview_create",
    "interview_delete",
    "interview_update",
]


CONTACT_FIELDS = ("name", "role", "company", "email", "phone", "linkedin_url", "notes")
INTERVIEW_FIELDS = ("kind", "starts_at", "ends_at", "location", "meeting_url", "notes")


def _assign(instance, fields: Sequence[str], data: dict[str, Any]) -> None:
    """Sets the given fields; null for a text field that cannot be null clears it instead."""
    for key, value in data.items():
        if key not in fields:
            continue
        field = instance._meta.get_field(key)
        if value is None and not field.null and field.empty_strings_allowed and field.blank:
            value = ""
        setattr(instance, key, value)


def _own_applications(user, ids: Sequence[int]) -> list[Application]:
    applications = list(Application.objects.filter(user=user, pk__in=list(ids)))
    if len(applications) != len(set(ids)):
        raise ValidationError("One of the applications does not exist.")
    return applications


@transaction.atomic
def contact_create(*, user, data: dict[str, Any], application_ids: Sequence[int] = ()) -> Contact:
    contact = Contact(user=user, **{k: v for k, v in data.items() if k in CONTACT_FIELDS})
    contact.full_clean(exclude=["user", "applications"])
    contact.save()
    if application_ids:
        contact.applications.set(_own_applications(user, application_ids))
    return contact


@transaction.atomic
def contact_update(
    *, contact: Contact, data: dict[str, Any], application_ids: Sequence[int] | None = None
) -> Contact:
    _assign(contact, CONTACT_FIELDS, data)
    contact.full_clean(exclude=["user", "applications"])
    contact.save()
    if application_ids is not None:
        contact.applications.set(_own_applications(contact.user, application_ids))
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    contact.delete()


@transaction.atomic
def contact_link(*, contact: Contact, application: Application) -> None:
    if contact.user_id != application.user_id:
        raise ValidationError("That contact does not exist.")
    contact.applications.add(application)


@transaction.atomic
def contact_unlink(*, contact: Contact, application: Application) -> None:
    contact.applications.remove(application)


def _check_times(interview: Interview) -> None:
    if interview.starts_at and interview.ends_at and interview.ends_at <= interview.starts_at:
        raise ValidationError({"ends_at": "The interview must end after it starts."})


@transaction.atomic
def interview_create(*, application: Application, data: dict[str, Any]) -> Interview:
    interview = Interview(
        application=application, **{k: v for k, v in data.items() if k in INTERVIEW_FIELDS}
    )
    _check_times(interview)
    interview.full_clean(exclude=["application"])
    interview.save()
    return interview


@transaction.atomic
def interview_update(*, interview: Interview, data: dict[str, Any]) -> Interview:
    _assign(interview, INTERVIEW_FIELDS, data)
    _check_times(interview)
    interview.full_clean(exclude=["application"])
    # SEQUENCE tells calendar apps that this version replaces the one they hold.
    interview.sequence = F("sequence") + 1
    interview.save()
    interview.refresh_from_db(fields=["sequence"])
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    interview.delete()
