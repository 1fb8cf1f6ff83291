"""Admin lists benchmark: 300 courses × 20 submissions.

Measures server time (Django test Client, in-process, DEBUG off) p50/p95 over N requests
of the main admin lists (submissions, assignments, courses, moderation queue, people, AI
calls, users) as a superuser, with the page size and query count, goal p95 ≤ 300 ms. Each
list is measured twice: as it is, and with the settings it had before the list-speed change
set back in-process (100 rows a page, a second count of the whole table, the joins it
lacked, and Unfold rendering headers, checkboxes, labels and icons again for every row),
which is the baseline printed beside it. Records the table under "## Admin lists" in
bench/RESULTS.md.

    bash scripts/services.sh up
    eval "$(bash scripts/services.sh env)"
    .venv/bin/python bench/admin_lists_bench.py         # -n 30 requests per list by default
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import warnings
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "cc_admin_lists_bench"
COURSES = 300
SUBMISSIONS = 20  # per course: 20 students hand in its assignment
HELD_POSTS = 3  # per course
WARMUP = 3
GOAL_MS = 300

from bench.common import configure_environment, machine, percentile, write_results  # noqa: E402

DATABASE = configure_environment(
    state_name="bench-admin-lists", database=BENCH_DB, ADMIN_REQUIRES_MFA="false"
)
warnings.filterwarnings("ignore")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from unfold import admin as unfold_admin  # noqa: E402
from unfold import utils as unfold_utils  # noqa: E402
from unfold.templatetags import unfold_list  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_set_roles  # noqa: E402
from careercopilot import admin_rendering  # noqa: E402
from careercopilot.ai.accounting import AICall  # noqa: E402
from courses.models import (  # noqa: E402
    Assignment,
    Course,
    CoursePost,
    CourseRole,
    Enrollment,
    ModerationStatus,
    Section,
    Submission,
    SubmissionState,
)

ADMIN = "bench-admin@example.com"
CODE_PREFIX = "ADMBENCH-"

# What each list had before the change (the baseline).
BEFORE = {
    Submission: {"list_select_related": ("student", "assignment__course")},
    Assignment: {"list_select_related": False},
    Course: {"list_select_related": False},
    CoursePost: {"list_select_related": False},
    Enrollment: {"list_select_related": ("user", "course", "section")},
    AICall: {"list_select_related": ("user",)},
    User: {"list_select_related": False},
}
LISTS = [
    ("submissions", Submission, "/admin/courses/submission/"),
    ("assignments", Assignment, "/admin/courses/assignment/"),
    ("courses", Course, "/admin/courses/course/"),
    ("moderation queue", CoursePost, "/admin/courses/coursepost/"),
    ("people (enrolments)", Enrollment, "/admin/courses/enrollment/"),
    ("AI calls", AICall, "/admin/careercopilot/aicall/"),
    ("users", User, "/admin/accounts/user/"),
]


def seed() -> User:
    user, created = User.objects.get_or_create(email=ADMIN, defaults={"name": "Bench Admin"})
    if created:
        user_set_roles(user=user, roles=[Role.ADMIN])
    if Course.objects.filter(code__startswith=CODE_PREFIX).exists():
        return user
    started = time.perf_counter()
    now = timezone.now()
    courses = Course.objects.bulk_create(
        Course(title=f"Bench course {i:03d}", code=f"{CODE_PREFIX}{i:03d}", created_by=user)
        for i in range(COURSES)
    )
    sections = Section.objects.bulk_create(Section(course=c, name="Main") for c in courses)
    students = User.objects.bulk_create(
        User(email=f"bench-list-student-{i:04d}@example.com", name=f"Student {i:04d}")
        for i in range(COURSES * 2)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            course=c,
            title=f"Essay for course {i:03d}",
            points_possible=Decimal(20),
            due_at=now - dt.timedelta(days=i % 30),
            published_at=now - dt.timedelta(days=40),
            publish_notified_at=now,
        )
        for i, c in enumerate(courses)
    )
    enrollments, submissions, posts = [], [], []
    for i, (course, section, assignment) in enumerate(
        zip(courses, sections, assignments, strict=True)
    ):
        members = [students[(i * 7 + k) % len(students)] for k in range(SUBMISSIONS)]
        for k, student in enumerate(members):
            enrollments.append(
                Enrollment(course=course, section=section, user=student, role=CourseRole.STUDENT)
            )
            graded = k % 3 != 0
            submissions.append(
                Submission(
                    assignment=assignment,
                    student=student,
                    attempt=1,
                    submitted_at=assignment.due_at - dt.timedelta(hours=k),
                    draft_text="An essay " * 40,
                    state=SubmissionState.RETURNED if graded else SubmissionState.SUBMITTED,
                    score_raw=Decimal(15) if graded else None,
                    score=Decimal(15) if graded else None,
                    graded_attempt=1 if graded else None,
                    graded_at=now if graded else None,
                )
            )
        posts += [
            CoursePost(
                course=course,
                author=members[p],
                body=f"Held post {p} in course {i}",
                status=ModerationStatus.PENDING,
                flag_reasons=["spam"],
            )
            for p in range(HELD_POSTS)
        ]
    Enrollment.objects.bulk_create(enrollments, batch_size=2000)
    Submission.objects.bulk_create(submissions, batch_size=2000)
    CoursePost.objects.bulk_create(posts, batch_size=2000)
    AICall.objects.bulk_create(
        (
            AICall(
                user=students[i % len(students)],
                feature="essay",
                engine="local",
                requested_engine="local",
                tokens_in=500,
                tokens_out=200,
            )
            for i in range(COURSES * SUBMISSIONS)
        ),
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return user


# Unfold's own per-row rendering, which careercopilot/admin_rendering.py replaces.
RENDERING_BEFORE = [
    (unfold_list, "result_headers", admin_rendering._result_headers),
    (unfold_admin.ModelAdmin, "action_checkbox", admin_rendering._action_checkbox),
    (unfold_list, "display_for_label", admin_rendering._display_for_label),
    (unfold_utils, "_boolean_icon", admin_rendering._boolean_icon),
]


@contextmanager
def settings_before(model):
    """The list's admin as it was before the list-speed changes."""
    model_admin = admin.site._registry[model]
    before = {"list_per_page": 100, "show_full_result_count": True, **BEFORE[model]}
    saved = {name: getattr(model_admin, name) for name in before}
    for name, value in before.items():
        setattr(model_admin, name, value)
    rendering = [(owner, name, getattr(owner, name)) for owner, name, _ in RENDERING_BEFORE]
    for owner, name, value in RENDERING_BEFORE:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(model_admin, name, value)
        for owner, name, value in rendering:
            setattr(owner, name, value)


def timed(client: Client, path: str, requests: int) -> tuple[int, list[float], int, int]:
    for _ in range(WARMUP):
        client.get(path)
    settings.DEBUG = True  # count queries once
    reset_queries()
    response = client.get(path)
    queries, size = len(connection.queries), len(response.content)
    settings.DEBUG = False
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return response.status_code, timings, queries, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=30)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    client = Client()
    client.force_login(seed())
    lines = [
        "## Admin lists",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC on {machine()}; database: {DATABASE}.",
        f"Data: {COURSES} courses × {SUBMISSIONS} submissions ({COURSES * SUBMISSIONS} "
        f"submissions and enrolments, {COURSES * HELD_POSTS} held posts, "
        f"{COURSES * SUBMISSIONS} AI calls). Server time per request as a superuser (Django "
        f"test Client, in-process, DEBUG off), {args.requests} requests after {WARMUP} warm-ups. "
        "Before: the same list with the settings it had before the list-speed changes (100 rows "
        "a page, the whole table counted again, fewer joins, Unfold rendering headers, "
        "checkboxes, labels and icons for every row), set back in the same process.",
        "",
        "| list | rows a page | queries (before) | KB (before) | p50 ms | p95 ms (before) "
        "| goal p95 ms | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ok = True
    for label, model, path in LISTS:
        with settings_before(model):
            _, old_timings, old_queries, old_size = timed(client, path, args.requests)
        status, timings, queries, size = timed(client, path, args.requests)
        p95 = percentile(timings, 95)
        met = status == 200 and p95 <= GOAL_MS
        ok = ok and met
        lines.append(
            f"| {label} | {admin.site._registry[model].list_per_page} | {queries} ({old_queries}) "
            f"| {size / 1024:.0f} ({old_size / 1024:.0f}) | {percentile(timings, 50):.1f} "
            f"| {p95:.1f} ({percentile(old_timings, 95):.1f}) | ≤ {GOAL_MS} "
            f"| {'met' if met else '**missed**'} |"
        )
    lines += [
        "",
        'Run: `bash scripts/services.sh up && eval "$(bash scripts/services.sh env)" && '
        ".venv/bin/python bench/admin_lists_bench.py`",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_results("Admin lists", report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
