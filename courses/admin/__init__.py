"""The instructor's workplace: courses, people, assignments, rubrics and grading, each
scoped to the courses the signed-in instructor or TA teaches (see ``scoping``)."""

from . import assignments, courses, moderation, submissions  # noqa: F401  (registers the admins)
