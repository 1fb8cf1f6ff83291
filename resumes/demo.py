"""Demo data for resumes: the demo seeker's resume (a real PDF, read by the real
extraction), a match analysis and a cover letter for one of their saved jobs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile

from .models import CoverLetter, MatchAnalysis, Resume, ResumeVersion

DEMO_RESUME = """Sam Rivera
seeker@demo.careercopilot.dev | (415) 555-0134 | San Francisco, CA | github.com/samrivera

Summary
Full-stack engineer with 6 years of experience building web products in Python and React.

Experience
Senior Software Engineer, Brightwave - Feb 2021 - Present
- Built REST APIs in Django and PostgreSQL serving 1.5M requests a day
- Led a team of 4 engineers and mentored 2 new graduates
- Moved deployments to Docker on AWS with GitHub Actions, cutting release time by 70%
- Responsible for the reporting dashboards used by 300 customers
Software Engineer, Cobalt Labs - Jul 2018 - Jan 2021
- Built React and TypeScript front ends for an analytics product
- Wrote unit tests with pytest and Jest, raising coverage from 30% to 80%

Education
B.S. Computer Science, San Jose State University, 2018

Skills
Python, Django, PostgreSQL, React, TypeScript, AWS, Docker, Git, SQL
"""

DEMO_JOB = """Senior Backend Engineer
Acme Cloud - Remote

Requirements
- 5+ years of experience building backend services in Python
- Django or FastAPI, PostgreSQL and Redis
- AWS, Docker and Kubernetes in production
- CI/CD and automated testing
- Mentoring engineers and leading design reviews

Nice to have
- Kafka, Terraform
"""


def _pdf(text: str) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_textbox(pymupdf.Rect(50, 50, 560, 800), text, fontsize=10, fontname="helv")
    data = doc.tobytes()
    doc.close()
    return data


def seed(*, users: dict, log: Callable[[str], None]) -> None:
    from .services import analysis_run_now, letter_run_now, version_extract_run
    from .services.analyses import cache_key_for

    user = users.get("seeker")
    if user is None or Resume.objects.filter(user=user).exists():
        return
    data = _pdf(DEMO_RESUME)
    resume = Resume.objects.create(user=user, name="Software engineer", is_default=True)
    version = ResumeVersion(
        resume=resume,
        number=1,
        file_kind="pdf",
        original_filename="sam-rivera.pdf",
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        page_count=1,
    )
    version.file.save("upload", ContentFile(data), save=False)
    version.save()
    version_extract_run(version_id=version.pk)
    version.refresh_from_db()
    if not version.has_text:
        log(f"resumes: the demo resume could not be read ({version.error})")
        return

    from tracker.models import Application, Status

    app = (
        Application.objects.filter(user=user, status=Status.SAVED).exclude(description="").first()
        or Application.objects.filter(user=user).first()
    )
    description = app.description if app and len(app.description) >= 50 else DEMO_JOB
    title, company = (
        (app.position, app.company) if app else ("Senior Backend Engineer", "Acme Cloud")
    )
    analysis = MatchAnalysis.objects.create(
        user=user,
        version=version,
        application=app,
        job_title=title,
        company=company,
        job_description=description,
        cache_key=cache_key_for(version=version, job_description=description, engine="local"),
    )
    analysis_run_now(analysis_id=analysis.pk)
    letter = CoverLetter.objects.create(
        user=user,
        version=version,
        application=app,
        job_title=title,
        company=company,
        job_description=description,
    )
    letter_run_now(letter_id=letter.pk)
    from .builder.demo import seed as seed_builder

    seed_builder(user=user, version=version, application=app)
    analysis.refresh_from_db()
    log(
        f"resumes: a resume, a match analysis ({analysis.score}/100) and a cover letter for {user.email}"
    )
