"""Load-test users for bench/load, created inside the site under test (after seed_demo).

Run by bench/load/run.py through ``manage.py shell``; prints one JSON line (the manifest
the locust users read): each user's email, the ids of their applications with their
status, their resume version, and the course and feed post they comment on.

Every user is a seeker and a student of the demo course, on Premium (no quota in the
way), with APPLICATIONS tracked applications and the demo seeker's resume (text already
read, so analyses can start at once). They share one password hash: hashing it once per
user would cost minutes of CPU before the test.
"""

from __future__ import annotations

import datetime as dt
import json
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

DOMAIN = "load.careercopilot.test"
PASSWORD = "load-user-2026!"  # noqa: S105 - a public benchmark login
APPLICATIONS = 15
STATUSES = ["saved", "applied", "phone_screen", "technical", "final", "rejected", "ghosted"]
COMPANIES = ["Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne"]
ROLES = ["Analytics Engineer", "Data Analyst", "BI Developer", "Data Engineer"]


def seed(count: int) -> dict:
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from accounts.services import user_set_roles
    from billing.services import plan_grant
    from courses.demo import COURSE_CODE
    from courses.models import Course, CoursePost, CourseRole
    from courses.services import enrollment_add
    from resumes.models import Resume, ResumeVersion
    from tracker.models import Application, StatusChange

    rng = random.Random(2026)
    course = Course.objects.get(code=COURSE_CODE)
    instructor = course.enrollments.filter(role=CourseRole.INSTRUCTOR).first().user
    demo_version = (
        ResumeVersion.objects.filter(resume__user__email="seeker@demo.careercopilot.dev")
        .order_by("-number")
        .first()
    )
    description = (
        "We are hiring an analytics engineer to own our dbt models and SQL pipelines. "
        "You will work with Python, Airflow, Snowflake and Looker, write tests, review "
        "pull requests and partner with product and finance on metrics definitions."
    )
    password = make_password(PASSWORD)
    until = timezone.now() + dt.timedelta(days=30)
    now = timezone.now()
    manifest: dict = {"password": PASSWORD, "course_id": course.pk, "users": []}
    with transaction.atomic():
        post = CoursePost.objects.create(
            course=course,
            author=instructor,
            body="Load test thread: share one thing you practised for interviews this week.",
        )
        manifest["post_id"] = post.pk
        for i in range(count):
            email = f"load{i:03d}@{DOMAIN}"
            User.objects.filter(email=email).delete()
            user = User.objects.create(email=email, name=f"Load User {i}", password=password)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            user_set_roles(user=user, roles=["seeker", "student"])
            plan_grant(user=user, plan_code="premium", until=until, note="Load test")
            enrollment_add(course=course, user=user, role=CourseRole.STUDENT)
            apps = Application.objects.bulk_create(
                Application(
                    user=user,
                    company=rng.choice(COMPANIES),
                    position=rng.choice(ROLES),
                    status=rng.choice(STATUSES),
                    description=description,
                    applied_on=None,
                    created_at=now - dt.timedelta(days=rng.randint(1, 80)),
                )
                for _ in range(APPLICATIONS)
            )
            for app in apps:
                if app.status != "saved":
                    app.applied_on = app.created_at.date()
            Application.objects.bulk_update(apps, ["applied_on"])
            StatusChange.objects.bulk_create(
                StatusChange(application=a, to_status=a.status, changed_at=a.created_at)
                for a in apps
            )
            resume = Resume.objects.create(user=user, name="My resume", is_default=True)
            version = ResumeVersion.objects.create(
                resume=resume,
                number=1,
                file=demo_version.file.name,
                file_kind=demo_version.file_kind,
                original_filename=demo_version.original_filename,
                size_bytes=demo_version.size_bytes,
                sha256=demo_version.sha256,
                page_count=demo_version.page_count,
                text=demo_version.text,
                text_sha256=demo_version.text_sha256,
                sections=demo_version.sections,
                skills=demo_version.skills,
                quality=demo_version.quality,
                state=demo_version.state,
                progress=100,
                started_at=now,
                finished_at=now,
            )
            manifest["users"].append(
                {
                    "email": email,
                    "version": version.pk,
                    "applications": [[a.pk, a.status] for a in apps],
                }
            )
    return manifest


def main(count: int) -> None:
    print(json.dumps(seed(count)))  # noqa: T201 - read by bench/load/run.py
