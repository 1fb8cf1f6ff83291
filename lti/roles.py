"""Platform roles to course roles.

Only context roles count (LIS v2 membership vocabulary, full URIs or the short names
LTI allows). System and institution roles (a platform administrator, say) never grant
anything here: nothing in a launch reaches our site-wide admin."""

from __future__ import annotations

from courses.models import CourseRole

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
TEACHING_ASSISTANT = MEMBERSHIP + "Instructor#TeachingAssistant"

_CONTEXT_ROLES = {
    "Administrator": CourseRole.INSTRUCTOR,
    "ContentDeveloper": CourseRole.INSTRUCTOR,
    "Instructor": CourseRole.INSTRUCTOR,
    "Learner": CourseRole.STUDENT,
}

RANK = {CourseRole.STUDENT: 0, CourseRole.TA: 1, CourseRole.INSTRUCTOR: 2}


def _context_role(uri: str) -> str | None:
    if uri == TEACHING_ASSISTANT:
        return CourseRole.TA
    if uri.startswith(MEMBERSHIP):
        name = uri[len(MEMBERSHIP) :]
    elif "/" in uri or "#" in uri:
        return None  # system, institution or a vocabulary we do not know
    else:
        name = uri
    if "#" in name:  # a sub-role: Learner#..., Instructor#Grader ...
        name = name.split("#", 1)[0]
    return _CONTEXT_ROLES.get(name)


def course_role(roles: list[str]) -> str | None:
    """The highest course role among the platform's roles; None if it sent none we map."""
    found = [r for r in (_context_role(str(uri)) for uri in roles or []) if r]
    return max(found, key=RANK.__getitem__) if found else None


def is_raise(current: str, wanted: str) -> bool:
    return RANK[wanted] > RANK[current]
