"""LTI launches: who signs in, which course they reach and with which role.

- A person is found by (platform, sub) only. A new one gets an account of their own with
  a placeholder address (the platform's email is kept on the link, never used to match).
- A platform context maps to one course. An instructor's first launch creates it; a
  learner launching into a context with no course yet is told to wait for the instructor.
- A launch enrols with the role the platform sends, but never raises a role someone
  already holds in the course (a learner whose claims now say Instructor is refused):
  role changes arrive by the roster sync, which asks the platform server to server.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from courses.models import Assignment, Course, CourseRole, Enrollment
from courses.services import course_create, enrollment_add

from . import roles as role_map
from .models import Deployment, LtiContext, LtiIdentity, LtiLineItem, Platform

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINK_REQUEST = "LtiDeepLinkingRequest"
PLACEHOLDER_DOMAIN = "lti.careercopilot.invalid"


class LaunchRefused(Exception):
    """A launch we will not honour; ``title`` and the message are shown to the person."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title = title
        self.message = message


@dataclass(frozen=True)
class LaunchResult:
    user: User
    context: LtiContext
    role: str
    url: str


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _name(claims: dict) -> str:
    name = claims.get("name") or " ".join(
        p for p in (claims.get("given_name"), claims.get("family_name")) if p
    )
    return str(name or "")[:150]


def identity_for(*, platform: Platform, sub: str, claims: dict) -> LtiIdentity:
    """The account linked to (platform, sub); created on first sight."""
    if not sub:
        raise LaunchRefused("This launch has no user", "The platform did not say who you are.")
    identity = LtiIdentity.objects.select_related("user").filter(platform=platform, sub=sub).first()
    email = str(claims.get("email") or "")[:254]
    name = _name(claims)
    if identity is None:
        digest = hashlib.sha256(f"{platform.pk}:{sub}".encode()).hexdigest()[:24]
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=f"{digest}@{PLACEHOLDER_DOMAIN}", name=name, email_categories=[]
                )
                identity = LtiIdentity.objects.create(
                    platform=platform, sub=sub, user=user, email=email, name=name
                )
        except IntegrityError:  # a parallel launch linked them first
            identity = LtiIdentity.objects.select_related("user").get(platform=platform, sub=sub)
    elif (identity.email, identity.name) != (email, name) and (email or name):
        identity.email, identity.name = email or identity.email, name or identity.name
        identity.save(update_fields=["email", "name"])
    return identity


def _context_for(
    *, platform: Platform, deployment: Deployment, claims: dict, user: User, role: str
) -> LtiContext:
    context_claim = claims.get(CLAIM + "context") or {}
    context_id = str(context_claim.get("id") or "")
    if not context_id:
        raise LaunchRefused(
            "This link is not in a course", "Add Career Copilot to a course on your platform."
        )
    context = (
        LtiContext.objects.select_related("course")
        .filter(platform=platform, context_id=context_id)
        .first()
    )
    if context is None:
        if role == CourseRole.STUDENT:
            raise LaunchRefused(
                "This course is not set up yet",
                "Your instructor has not opened this course in Career Copilot yet. Try again "
                "after they have.",
            )
        title = str(context_claim.get("title") or context_claim.get("label") or "Course")[:200]
        with transaction.atomic():
            course = course_create(
                created_by=user, title=title, code=str(context_claim.get("label") or "")[:32]
            )
            context, _ = LtiContext.objects.get_or_create(
                platform=platform,
                context_id=context_id,
                defaults={"deployment": deployment, "title": title, "course": course},
            )
    return context


def _services_from_claims(context: LtiContext, claims: dict) -> None:
    nrps = claims.get(NRPS_CLAIM) or {}
    ags = claims.get(AGS_CLAIM) or {}
    changed = {}
    if nrps.get("context_memberships_url"):
        changed["memberships_url"] = nrps["context_memberships_url"]
    if ags.get("lineitems"):
        changed["lineitems_url"] = ags["lineitems"]
        changed["ags_scopes"] = list(ags.get("scope") or [])
    changed = {k: v for k, v in changed.items() if getattr(context, k) != v}
    if changed:
        for field, value in changed.items():
            setattr(context, field, value)
        context.save(update_fields=list(changed))


def _enrol(*, context: LtiContext, user: User, role: str) -> str:
    current = Enrollment.objects.filter(course=context.course, user=user).first()
    if current is not None and role_map.is_raise(current.role, role):
        raise LaunchRefused(
            "Your role was not changed",
            f"You take part in this course as {current.get_role_display().lower()}, and this "
            f"launch asked for more. Role changes arrive with the class list: ask the "
            f"instructor to sync the roster.",
        )
    if current is None or current.role != role:
        enrollment_add(course=context.course, user=user, role=role)
    return role


def target_for(*, context: LtiContext, claims: dict) -> tuple[str, Assignment | None]:
    """The page a resource link opens: its ``target`` custom parameter (set when it was
    placed by deep linking), checked against the context's own course."""
    target = str((claims.get(CLAIM + "custom") or {}).get("target") or "")
    course = context.course
    if not target or target == f"course:{course.pk}":
        return course.get_absolute_url(), None
    kind, _, pk = target.partition(":")
    if kind == "assignment" and pk.isdigit():
        assignment = Assignment.objects.filter(pk=int(pk), course=course).first()
        if assignment is not None:
            return assignment.get_absolute_url(), assignment
    raise LaunchRefused(
        "This link points elsewhere",
        "This link opens something that is not part of this course. Ask your instructor to "
        "place it again.",
    )


@transaction.atomic
def launch_accept(*, claims: dict, platform: Platform, deployment: Deployment) -> LaunchResult:
    """Signs in (by issuer and sub), maps the context to its course and enrols."""
    role = role_map.course_role(claims.get(CLAIM + "roles") or [])
    if role is None:
        raise LaunchRefused(
            "No course role",
            "The platform did not give you a role in this course (such as "
            "Learner or Instructor), so Career Copilot cannot open it.",
        )
    message_type = claims.get(CLAIM + "message_type")
    if message_type == DEEP_LINK_REQUEST and role == CourseRole.STUDENT:
        raise LaunchRefused(
            "Only instructors place content",
            "Placing Career Copilot content needs a teaching role in the course.",
        )
    identity = identity_for(platform=platform, sub=str(claims.get("sub") or ""), claims=claims)
    context = _context_for(
        platform=platform, deployment=deployment, claims=claims, user=identity.user, role=role
    )
    if context.platform_id != platform.pk:  # pragma: no cover - looked up by platform
        raise LaunchRefused("Wrong platform", "This course belongs to another platform.")
    _enrol(context=context, user=identity.user, role=role)
    _services_from_claims(context, claims)
    if message_type == DEEP_LINK_REQUEST:
        return LaunchResult(identity.user, context, role, "")
    url, assignment = target_for(context=context, claims=claims)
    lineitem = (claims.get(AGS_CLAIM) or {}).get("lineitem")
    if assignment is not None and lineitem:
        LtiLineItem.objects.update_or_create(
            context=context, assignment=assignment, defaults={"url": lineitem}
        )
    return LaunchResult(identity.user, context, role, url)


# --- Deep linking --------------------------------------------------------------------------


@dataclass(frozen=True)
class Placeable:
    key: str  # "course:1", "assignment:5"
    title: str
    kind: str  # "Course", "Assignment", "Video assignment"
    points: float | None = None


def deep_link_choices(*, course: Course) -> list[Placeable]:
    items = [Placeable(f"course:{course.pk}", course.title, "Course")]
    for assignment in course.assignments.order_by("position", "id"):
        kind = "Video assignment" if assignment.allow_video else "Assignment"
        items.append(
            Placeable(
                f"assignment:{assignment.pk}",
                assignment.title,
                kind,
                float(assignment.points_possible),
            )
        )
    return items


def deep_link_resource(*, course: Course, key: str):
    """The content item for one choice of this course (anything else is refused)."""
    from pylti1p3.deep_link_resource import DeepLinkResource
    from pylti1p3.lineitem import LineItem

    choice = next((c for c in deep_link_choices(course=course) if c.key == key), None)
    if choice is None:
        raise LaunchRefused("Not in this course", "Pick something from this course's list.")
    resource = (
        DeepLinkResource()
        .set_url(site_url(reverse("lti:launch")))
        .set_title(choice.title)
        .set_custom_params({"target": choice.key})
    )
    if choice.points is not None:
        resource.set_lineitem(
            LineItem()
            .set_label(choice.title)
            .set_score_maximum(choice.points)
            .set_resource_id(choice.key.replace(":", "-"))
        )
    return resource
