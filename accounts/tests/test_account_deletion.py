"""Delete my account (A6): re-authentication and confirmation, the Stripe subscription
cancelled, every row and stored object gone, only anonymised grades and what others need
kept."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, StoredObjectDeletion
from accounts.privacy import deletion
from accounts.privacy.storage import stored_objects_delete
from accounts.tests.factories import UserFactory
from billing.tests.helpers import customer_for
from billing.tests.stripe_fixtures import *  # noqa: F403 - fixtures
from courses.models import CoursePost, Enrollment, PeerReview, Submission, VideoComment

from .privacy_support import make_holder

pytestmark = pytest.mark.django_db
PASSWORD = "a long and unusual passphrase 42"


def _signed_in(user) -> Client:
    """A client that signed in and then confirmed its password again (allauth counts only
    an explicit re-authentication as recent)."""
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def _confirm(user) -> dict:
    return {"email": user.email.upper(), "understood": "on"}


def _rows_pointing_at(user_pk: int) -> dict[str, int]:
    """Every row of every model whose foreign key still names this user id."""
    user_model = get_user_model()
    left = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                count = model.objects.filter(**{field.attname: user_pk}).count()
                if count:
                    left[f"{model._meta.label}.{field.name}"] = count
    return left


def test_deletion_needs_a_fresh_password_and_the_typed_email(client, settings):
    user = UserFactory()
    client.force_login(user)  # signed in long ago, as far as allauth knows
    url = reverse("accounts:account_delete")
    page = client.get(url)
    assert page.status_code == 200 and b"What is kept, and why" in page.content
    assert b"Grades in courses you took" in page.content

    response = client.post(url, _confirm(user))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert get_user_model().objects.filter(pk=user.pk).exists()

    fresh = _signed_in(user)
    wrong = fresh.post(url, {"email": "someone@else.com", "understood": "on"})
    assert b"not the email address of this account" in wrong.content
    unticked = fresh.post(url, {"email": user.email})
    assert b"Tick the box" in unticked.content
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_a_suspended_post_is_replayed_after_reauthentication(client):
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    response = client.post(reverse("accounts:account_delete"), _confirm(user))
    reauth = response["Location"]
    with_password = client.post(reauth, {"password": PASSWORD})
    assert with_password.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()


def test_deleting_removes_every_row_and_object_and_keeps_anonymised_grades(
    django_capture_on_commit_callbacks,
):
    holder = make_holder(UserFactory(email="jane@example.com"))
    user, pk = holder.user, holder.user.pk
    names = deletion.stored_names(user)
    assert len(names) >= 3 and all(default_storage.exists(n) for n in names)
    client = _signed_in(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:account_delete"), _confirm(user))
    assert response.status_code == 302

    assert _rows_pointing_at(pk) == {}
    assert not any(default_storage.exists(n) for n in names)
    assert not StoredObjectDeletion.objects.exists()
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out

    graded = Submission.objects.get(pk=holder.submission.pk)
    standin = graded.student
    assert deletion.is_standin(standin) and not standin.is_active
    assert not standin.has_usable_password() and "jane" not in standin.email
    assert graded.score == holder.submission.score and graded.released_at is not None
    assert graded.feedback == "Clear and honest."
    assert list(graded.versions.values_list("text", flat=True)) == [""]
    assert not graded.files.exists()
    assert Enrollment.objects.filter(user=standin).exists()
    assert PeerReview.objects.get(reviewer=standin).overall_comment == "Strong opening."
    assert CoursePost.objects.get(author=standin).body == deletion.REMOVED_NOTICE
    assert VideoComment.objects.get(author=standin).body == "Nice pace."

    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_DELETED)
    assert event.actor is None and event.detail["account_id"] == pk
    assert "jane" not in str(event.detail) + event.object_repr


def test_deletion_cancels_the_subscription_first(
    stripe_catalog, django_capture_on_commit_callbacks
):
    user = UserFactory()
    sub = stripe_catalog.subscription_create(
        customer=customer_for(user), price="careercopilot_pro_monthly"
    )
    client = _signed_in(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:account_delete"), _confirm(user))
    assert stripe_catalog.get("subscription", sub["id"])["status"] == "canceled"
    assert not get_user_model().objects.filter(pk=user.pk).exists()


def test_nothing_is_deleted_when_stripe_cannot_cancel(stripe_catalog):
    user = UserFactory()
    stripe_catalog.subscription_create(
        customer=customer_for(user), price="careercopilot_pro_monthly"
    )
    client = _signed_in(user)
    stripe_catalog.stop()  # Stripe unreachable
    page = client.post(reverse("accounts:account_delete"), _confirm(user))
    assert b"nothing was deleted" in page.content
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_objects_the_storage_fails_to_delete_stay_queued_and_are_retried(settings):
    from django.core.files.base import ContentFile
    from storages.backends.s3 import S3Storage

    name = default_storage.save("privacy/doomed.txt", ContentFile(b"x"))
    StoredObjectDeletion.objects.create(name=name, reason="account deleted")
    unreachable = S3Storage(
        bucket_name=settings.AWS_STORAGE_BUCKET_NAME, endpoint_url="http://127.0.0.1:9"
    )

    assert stored_objects_delete(storage=unreachable) == 1
    row = StoredObjectDeletion.objects.get()
    assert row.attempts == 1 and row.last_error
    assert default_storage.exists(name)
    assert stored_objects_delete() == 0
    assert not default_storage.exists(name)
