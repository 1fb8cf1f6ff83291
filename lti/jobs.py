"""Background work against the platform: the roster sync (NRPS) and grade passback (AGS).

Both are job rows (careercopilot.jobs): a page shows their state and error, and a failed
row can be retried. A platform that is down or busy (connection error, HTTP 429 or 5xx)
is tried again with backoff, up to ``MAX_TRIES`` times; anything else fails at once with
the platform's answer, for an admin to read.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import requests
from django.db import transaction
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService

from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import UserFacingError, enqueue, reset_for_retry, run_job
from courses.models import CourseRole, Enrollment, Submission
from courses.services import enrollment_add

from . import roles as role_map
from .models import GradePassback, LtiContext, LtiIdentity, LtiLineItem, RosterSync
from .services import identity_for
from .toolconf import service_connector

MAX_TRIES = 4
AUTO_SYNC_EVERY = timedelta(hours=1)
TRANSIENT = "The platform did not answer"


class PlatformBusy(UserFacingError):
    """Worth trying again later."""


def _call(fn):
    """Runs a platform call, turning its failures into messages for the row."""
    try:
        return fn()
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise PlatformBusy(f"{TRANSIENT} ({type(exc).__name__}).") from exc
    except LtiServiceException as exc:
        status = getattr(exc, "response", None)
        code = getattr(status, "status_code", 0)
        if code == 429 or code >= 500:
            raise PlatformBusy(f"{TRANSIENT} (HTTP {code}).") from exc
        raise UserFacingError(f"The platform refused the request (HTTP {code}).") from exc
    except LtiException as exc:
        raise UserFacingError(f"The platform's answer could not be used: {exc}") from exc


def retry_later(row, task) -> bool:
    """After a run: a row failed by a busy platform goes back to the queue with backoff."""
    from careercopilot.queueing import send

    row.refresh_from_db()
    if row.state != JobState.FAILED or not row.error.startswith(TRANSIENT):
        return False
    if row.attempts >= MAX_TRIES:
        return False
    with transaction.atomic():
        reset_for_retry(row)
    send(task, row.pk, countdown=min(30 * 2 ** (row.attempts - 1), 600))
    return True


# --- Roster sync (Names and Role Provisioning Services) -----------------------------------


def roster_sync_request(*, context: LtiContext, requested_by=None) -> RosterSync:
    """Queues a sync unless one is already waiting."""
    with transaction.atomic():
        pending = context.roster_syncs.filter(state=JobState.PENDING).first()
        if pending is not None:
            return pending
        if not context.memberships_url:
            raise UserFacingError("The platform has not offered its class list for this course.")
        row = RosterSync.objects.create(context=context, requested_by=requested_by)
        enqueue(row)
    return row


def roster_sync_soon(*, context: LtiContext, requested_by=None) -> RosterSync | None:
    """After a teacher's launch: a sync, unless one ran within ``AUTO_SYNC_EVERY``."""
    recent = context.roster_syncs.filter(created_at__gte=timezone.now() - AUTO_SYNC_EVERY)
    if not context.memberships_url or recent.exists():
        return None
    return roster_sync_request(context=context, requested_by=requested_by)


def roster_sync_run(*, sync_id: int) -> bool:
    def work(row: RosterSync):
        context = LtiContext.objects.select_related("platform", "course").get(pk=row.context_id)
        service = NamesRolesProvisioningService(
            service_connector(context.platform),
            {"context_memberships_url": context.memberships_url},
        )
        members = _call(service.get_members)

        def apply() -> None:
            row.added, row.updated, row.removed = roster_apply(context=context, members=members)

        return apply

    return run_job(RosterSync, sync_id, work)


def roster_apply(*, context: LtiContext, members: list[dict]) -> tuple[int, int, int]:
    """The class list as the platform has it: members enrolled with their roles (raised or
    lowered: this list comes from the platform itself), students gone from it removed."""
    added = updated = 0
    present: set[int] = set()
    for member in members:
        if str(member.get("status", "Active")) != "Active":
            continue
        role = role_map.course_role(member.get("roles") or [])
        sub = str(member.get("user_id") or "")
        if role is None or not sub:
            continue
        identity = identity_for(platform=context.platform, sub=sub, claims=member)
        present.add(identity.user_id)
        current = Enrollment.objects.filter(course=context.course, user=identity.user).first()
        if current is None:
            enrollment_add(course=context.course, user=identity.user, role=role)
            added += 1
        elif current.role != role:
            enrollment_add(course=context.course, user=identity.user, role=role)
            updated += 1
    linked = LtiIdentity.objects.filter(platform=context.platform).values("user_id")
    gone = Enrollment.objects.filter(
        course=context.course, role=CourseRole.STUDENT, user_id__in=linked
    ).exclude(user_id__in=present)
    removed, _ = gone.delete()
    return added, updated, removed


# --- Grade passback (Assignment and Grade Services) ----------------------------------------


def passbacks_queue(*, submission_ids: list[int]) -> int:
    """A passback for each released grade whose course is linked to a platform that takes
    scores and whose student came from it; one waiting row per submission is enough."""
    submissions = Submission.objects.filter(
        pk__in=submission_ids, released_at__isnull=False, score__isnull=False
    ).select_related("assignment")
    contexts = {
        c.course_id: c
        for c in LtiContext.objects.filter(
            course_id__in={s.assignment.course_id for s in submissions}
        )
    }
    queued = 0
    for submission in submissions:
        context = contexts.get(submission.assignment.course_id)
        if context is None or not context.lineitems_url:
            continue
        if not LtiIdentity.objects.filter(
            platform_id=context.platform_id, user_id=submission.student_id
        ).exists():
            continue
        if submission.lti_passbacks.filter(state=JobState.PENDING).exists():
            continue
        enqueue(GradePassback.objects.create(submission=submission, context=context))
        queued += 1
    return queued


def grade_passback_run(*, passback_id: int) -> bool:
    def work(row: GradePassback):
        submission = Submission.objects.select_related("assignment").get(pk=row.submission_id)
        if submission.released_at is None or submission.score is None:
            return None  # hidden again meanwhile: nothing to send
        context = LtiContext.objects.select_related("platform").get(pk=row.context_id)
        identity = LtiIdentity.objects.get(platform=context.platform, user=submission.student)
        assignment = submission.assignment
        service = AssignmentsGradesService(
            service_connector(context.platform),
            {"scope": context.ags_scopes, "lineitems": context.lineitems_url},
        )
        known = LtiLineItem.objects.filter(context=context, assignment=assignment).first()
        if known is not None:
            lineitem = LineItem({"id": known.url})
        else:
            lineitem = _call(
                lambda: service.find_or_create_lineitem(
                    LineItem()
                    .set_label(assignment.title)
                    .set_score_maximum(float(assignment.points_possible))
                    .set_resource_id(f"assignment-{assignment.pk}"),
                    find_by="resource_id",
                )
            )
        grade = (
            Grade()
            .set_score_given(float(submission.score))
            .set_score_maximum(float(assignment.points_possible))
            .set_comment(submission.feedback)
            .set_activity_progress("Completed")
            .set_grading_progress("FullyGraded")
            .set_timestamp(timezone.now().isoformat())
            .set_user_id(identity.sub)
        )
        _call(lambda: service.put_grade(grade, lineitem))
        row.score_sent = Decimal(submission.score)
        row.comment_sent = submission.feedback

        def remember_line_item() -> None:
            if known is None and lineitem.get_id():
                LtiLineItem.objects.update_or_create(
                    context=context, assignment=assignment, defaults={"url": lineitem.get_id()}
                )

        return remember_line_item

    return run_job(GradePassback, passback_id, work)
