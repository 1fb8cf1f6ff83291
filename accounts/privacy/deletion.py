"""Deleting an account (A6).

The Stripe subscription is cancelled first; if that fails nothing is deleted. Then, in one
transaction, what other people need is moved to a nameless stand-in account and stripped
of the user's words (``holdings.ANONYMISE``), every stored object is queued for deletion,
and the user row is deleted, which removes the rest (``DELETE``) and clears the links of
rows that stay (``DETACH``). A task deletes the queued objects and retries until the
storage confirms each is gone.
"""

from __future__ import annotations

import logging
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction

from careercopilot.queueing import send_on_commit

from ..models import StoredObjectDeletion
from .export import _file_fields, rows_for
from .holdings import DELETE, HOLDINGS

logger = logging.getLogger(__name__)

STANDIN_DOMAIN = "deleted.invalid"
STANDIN_NAME = "Deleted account"
REMOVED_NOTICE = "[Deleted with its author's account.]"


class DeletionRefused(Exception):
    """The account cannot be deleted right now; the message says why and what to do."""


def is_standin(user) -> bool:
    return bool(user.email) and user.email.endswith("@" + STANDIN_DOMAIN)


def _standin():
    """A nameless, inactive account that holds what others need after one deletion."""
    standin = get_user_model()(
        email=f"deleted-{uuid.uuid4().hex[:12]}@{STANDIN_DOMAIN}",
        name=STANDIN_NAME,
        is_active=False,
    )
    standin.set_unusable_password()
    standin.email_categories = []
    standin.save()
    return standin


def stored_names(user) -> list[str]:
    """The stored objects that go with the account: every file of a row it deletes."""
    names: set[str] = set()
    for holding in HOLDINGS:
        if holding.on_delete != DELETE:
            continue
        rows = rows_for(holding, user)
        for field in _file_fields(rows.model):
            names.update(n for n in rows.exclude(**{field: ""}).values_list(field, flat=True) if n)
    return sorted(names)


def _anonymise(user) -> int:
    """Moves what others need to a stand-in; returns how many rows it now holds."""
    from courses.models import (
        CourseComment,
        CoursePost,
        CourseRole,
        Enrollment,
        EssaySuggestion,
        PeerReview,
        Submission,
        SubmissionFile,
        SubmissionVersion,
        VideoComment,
    )

    Enrollment.objects.filter(user=user).exclude(role=CourseRole.STUDENT).delete()
    submissions = Submission.objects.filter(student=user)
    kept = (
        submissions.exists()
        or Enrollment.objects.filter(user=user).exists()
        or PeerReview.objects.filter(reviewer=user).exists()
        or CoursePost.objects.filter(author=user).exists()
        or CourseComment.objects.filter(author=user).exists()
        or VideoComment.objects.filter(author=user).exclude(video__owner=user).exists()
    )
    if not kept:
        return 0
    standin = _standin()
    EssaySuggestion.objects.filter(submission__student=user).delete()
    SubmissionFile.objects.filter(submission__student=user).delete()
    SubmissionVersion.objects.filter(submission__student=user).update(text="")
    moved = submissions.update(student=standin, draft_text="")
    moved += Enrollment.objects.filter(user=user).update(user=standin)
    moved += PeerReview.objects.filter(author=user).update(author=standin)
    moved += PeerReview.objects.filter(reviewer=user).update(reviewer=standin)
    moved += CoursePost.objects.filter(author=user).update(author=standin, body=REMOVED_NOTICE)
    moved += CourseComment.objects.filter(author=user).update(author=standin, body=REMOVED_NOTICE)
    moved += (
        VideoComment.objects.filter(author=user).exclude(video__owner=user).update(author=standin)
    )
    return moved


def account_delete(*, user, request=None) -> int:
    """Deletes ``user``'s account; returns how many stored objects are queued for deletion."""
    from billing.services.accounts import subscription_cancel_for_user

    from .. import tasks

    try:
        subscription_cancel_for_user(user=user)
    except Exception as exc:
        logger.warning("account deletion stopped: the subscription was not cancelled (%s)", exc)
        raise DeletionRefused(
            "We could not cancel your subscription with Stripe, so nothing was deleted. "
            "Please try again in a few minutes."
        ) from exc
    with transaction.atomic():
        names = stored_names(user)
        moved = _anonymise(user)
        StoredObjectDeletion.objects.bulk_create(
            StoredObjectDeletion(name=name, reason="account deleted") for name in names
        )
        _audit_deletion(user, request=request, objects=len(names), moved=moved)
        user.delete()
    send_on_commit(tasks.stored_objects_delete)
    return len(names)


def _audit_deletion(user, *, request, objects: int, moved: int) -> None:
    from .. import audit

    audit.record(
        audit.AuditAction.ACCOUNT_DELETED,
        actor=user,
        subject=user,
        request=request,
        account_id=user.pk,
        stored_objects=objects,
        rows_kept_anonymised=moved,
    )
