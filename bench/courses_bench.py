"""Courses benchmark: a course with 300 students × 20 assignments.

Measures server time (Django test Client, in-process, DEBUG off) p50/p95 over N requests
of the gradebook page, its CSV export, the grading list and the grading screen (goals:
gradebook and CSV p95 ≤ 400 ms, grading screen p95 ≤ 150 ms), and records the query count
of each page. Prints a Markdown table and records it under "## Courses" in
bench/RESULTS.md.

Run it against the test services' PostgreSQL (its own database, created if missing and
seeded once):

    bash scripts/services.sh up
    eval "$(bash scripts/services.sh env)"
    .venv/bin/python bench/courses_bench.py            # -n 50 requests per page by default

Without DATABASE_URL it falls back to SQLite under var/bench-courses/ and says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "cc_courses_bench"
STUDENTS = 300
ASSIGNMENTS = 20
WARMUP = 3
GOALS = {"gradebook": 400, "gradebook CSV": 400, "grading screen": 150}
COURSE_CODE = "BENCH-300"


from bench.common import configure_environment, machine, percentile, write_results  # noqa: E402

DATABASE = configure_environment(
    state_name="bench-courses", database=BENCH_DB, ADMIN_REQUIRES_MFA="false"
)
warnings.filterwarnings("ignore")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_set_roles  # noqa: E402
from courses import services  # noqa: E402
from courses.models import (  # noqa: E402
    Assignment,
    Course,
    CourseRole,
    CriterionScore,
    Enrollment,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Submission,
    SubmissionState,
    SubmissionVersion,
)

INSTRUCTOR = "bench-instructor@example.com"


def seed() -> tuple[User, Course]:
    instructor, created = User.objects.get_or_create(
        email=INSTRUCTOR, defaults={"name": "Bench Coach"}
    )
    if created:
        user_set_roles(user=instructor, roles=[Role.INSTRUCTOR])
    course = Course.objects.filter(code=COURSE_CODE).first()
    if course is not None:
        return instructor, course
    started = time.perf_counter()
    course = services.course_create(created_by=instructor, title="Bench course", code=COURSE_CODE)
    section = course.sections.get()
    rubric = Rubric.objects.create(course=course, title="Bench rubric")
    levels = []
    for position in range(4):
        criterion = RubricCriterion.objects.create(
            rubric=rubric, position=position, title=f"C{position}"
        )
        levels.append(
            RubricLevel.objects.bulk_create(
                RubricLevel(criterion=criterion, position=i, title=f"L{i}", points=Decimal(5 - i))
                for i in range(4)
            )
        )
    users = User.objects.bulk_create(
        User(email=f"bench-student-{i:03d}@example.com", name=f"Student {i:03d}")
        for i in range(STUDENTS)
    )
    Enrollment.objects.bulk_create(
        Enrollment(course=course, user=u, section=section, role=CourseRole.STUDENT) for u in users
    )
    now = timezone.now()
    assignments = [
        Assignment.objects.create(
            course=course,
            title=f"Assignment {i + 1:02d}",
            rubric=rubric,
            points_possible=Decimal(20),
            due_at=now - dt.timedelta(days=40 - 2 * i),
            published_at=now - dt.timedelta(days=60),
            publish_notified_at=now,
            late_penalty_percent=Decimal(10),
            late_penalty_floor_percent=Decimal(50),
        )
        for i in range(ASSIGNMENTS)
    ]
    submissions = []
    for i, user in enumerate(users):
        for j, assignment in enumerate(assignments):
            if (i + j) % 10 == 0:
                continue  # missing
            graded = (i + j) % 4 != 0
            score = Decimal(8 + (i * 7 + j * 3) % 13) if graded else None
            submissions.append(
                Submission(
                    assignment=assignment,
                    student=user,
                    attempt=1,
                    submitted_at=assignment.due_at - dt.timedelta(hours=1),
                    is_late=(i + j) % 7 == 0,
                    days_late=1 if (i + j) % 7 == 0 else 0,
                    draft_text="An essay " * 80,
                    state=SubmissionState.RETURNED if graded else SubmissionState.SUBMITTED,
                    score_raw=score,
                    late_penalty=Decimal(0) if graded else None,
                    score=score,
                    graded_attempt=1 if graded else None,
                    graded_at=now if graded else None,
                    released_at=now if graded and j % 3 else None,
                )
            )
    Submission.objects.bulk_create(submissions, batch_size=2000)
    stored = list(Submission.objects.filter(assignment__course=course))
    SubmissionVersion.objects.bulk_create(
        (
            SubmissionVersion(
                submission=s,
                number=1,
                submitted_at=s.submitted_at,
                text=s.draft_text,
                is_late=s.is_late,
                days_late=s.days_late,
            )
            for s in stored
        ),
        batch_size=2000,
    )
    CriterionScore.objects.bulk_create(
        (
            CriterionScore(
                submission=s,
                criterion_id=criterion_levels[0].criterion_id,
                level=criterion_levels[1],
                points=criterion_levels[1].points,
            )
            for s in stored
            if s.score is not None
            for criterion_levels in levels
        ),
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"seeded {STUDENTS} students × {ASSIGNMENTS} assignments ({len(stored)} submissions) "
        f"in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )
    return instructor, course


def fetch(client: Client, path: str) -> int:
    response = client.get(path)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response.status_code


def timed(client: Client, path: str, requests: int) -> tuple[int, list[float], int]:
    status = 0
    for _ in range(WARMUP):
        status = fetch(client, path)
    settings.DEBUG = True  # count queries once
    reset_queries()
    fetch(client, path)
    queries = len(connection.queries)
    settings.DEBUG = False
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        status = fetch(client, path)
        timings.append((time.perf_counter() - started) * 1000)
    return status, timings, queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=50)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append("testserver")
    instructor, course = seed()
    client = Client()
    client.force_login(instructor)
    first = course.assignments.order_by("due_at").first()
    student = Submission.objects.filter(assignment=first, score__isnull=False).first().student
    cases = [
        ("gradebook", f"/admin/courses/course/{course.pk}/gradebook/"),
        ("gradebook CSV", f"/admin/courses/course/{course.pk}/gradebook.csv"),
        ("grading list", f"/admin/courses/assignment/{first.pk}/grading/"),
        ("grading screen", f"/admin/courses/assignment/{first.pk}/grading/{student.pk}/"),
        ("analytics", f"/admin/courses/course/{course.pk}/analytics/"),
    ]
    lines = [
        "## Courses",
        "",
        f"Measured {timezone.now():%Y-%m-%d %H:%M} UTC on {machine()}; database: {DATABASE}.",
        f"Data: one course with {STUDENTS} students × {ASSIGNMENTS} published assignments (4-criterion "
        "rubric), about 90 % handed in and 75 % of those graded. Server time per request (Django test "
        f"Client, in-process, DEBUG off), {args.requests} requests after {WARMUP} warm-ups; the query "
        "count is of one request.",
        "",
        "| page | status | queries | p50 ms | p95 ms | mean ms | goal p95 ms | goal |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ok = True
    for label, path in cases:
        status, timings, queries = timed(client, path, args.requests)
        p95 = percentile(timings, 95)
        goal = GOALS.get(label)
        verdict = "—" if goal is None else ("met" if p95 <= goal else "**missed**")
        ok = ok and status == 200 and (goal is None or p95 <= goal)
        lines.append(
            f"| {label} | {status} | {queries} | {percentile(timings, 50):.1f} | {p95:.1f} | "
            f"{statistics.fmean(timings):.1f} | {f'≤ {goal}' if goal else '—'} | {verdict} |"
        )
    lines += [
        "",
        'Run: `bash scripts/services.sh up && eval "$(bash scripts/services.sh env)" && .venv/bin/python bench/courses_bench.py`',
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_results("Courses", report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
