"""Demo data for the job tracker: realistic applications with their whole history.

``seed_demo_applications(user=…, count=60)`` spreads applications over the last three
months across every status, each with a StatusChange history that follows the
pipeline, plus contacts, interviews, tags and deadlines. It writes in bulk, so it also
seeds the 10,000 applications of the benchmark quickly.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .models import (
    Application,
    Contact,
    ContactRole,
    Interview,
    InterviewKind,
    Status,
    StatusChange,
    Tag,
    WorkMode,
)

COMPANIES = [
    "Stripe",
    "Shopify",
    "Atlassian",
    "Datadog",
    "GitLab",
    "Cloudflare",
    "Figma",
    "Notion",
    "Canva",
    "Spotify",
    "Zalando",
    "Klarna",
    "Revolut",
    "Monzo",
    "Wise",
    "N26",
    "Adyen",
    "Booking.com",
    "Miro",
    "Personio",
    "Celonis",
    "HubSpot",
    "Twilio",
    "Elastic",
    "MongoDB",
    "Snowflake",
    "Databricks",
    "Confluent",
    "HashiCorp",
    "Grafana Labs",
    "Sentry",
    "PostHog",
    "Supabase",
    "Vercel",
    "Netlify",
    "DigitalOcean",
    "Linear",
    "Airtable",
    "Asana",
    "Zapier",
    "Intercom",
    "Pitch",
    "Contentful",
    "Babbel",
    "Delivery Hero",
    "HelloFresh",
    "Trade Republic",
    "SumUp",
    "Mollie",
    "Pleo",
    "Deel",
    "Remote",
    "Doist",
    "Automattic",
    "Mozilla",
    "JetBrains",
    "Ableton",
    "SoundCloud",
    "Hugging Face",
    "DeepL",
    "Raisin",
    "Tide",
    "GoCardless",
    "Checkout.com",
    "Lyst",
    "Ecosia",
    "Blinkist",
]
POSITIONS = [
    "Backend Engineer",
    "Senior Backend Engineer",
    "Python Developer",
    "Full-Stack Engineer",
    "Software Engineer, Platform",
    "Site Reliability Engineer",
    "Data Engineer",
    "Django Developer",
    "Senior Software Engineer, Payments",
    "Staff Engineer",
    "Frontend Engineer",
    "DevOps Engineer",
    "Machine Learning Engineer",
    "Engineering Manager",
    "API Engineer",
    "Developer Advocate",
]
SOURCES = (
    ["LinkedIn"] * 5
    + ["Company website"] * 3
    + ["Referral"] * 2
    + ["Indeed"] * 2
    + [
        "Recruiter",
        "Wellfound",
        "Hacker News",
        "Glassdoor",
    ]
)
LOCATIONS = [
    ("Berlin", "EUR"),
    ("London", "GBP"),
    ("Amsterdam", "EUR"),
    ("Remote (EU)", "EUR"),
    ("Dublin", "EUR"),
    ("New York", "USD"),
    ("Remote (US)", "USD"),
    ("Toronto", "CAD"),
    ("Stockholm", "SEK"),
    ("Munich", "EUR"),
]
TAGS = [
    "python",
    "remote",
    "fintech",
    "dream job",
    "startup",
    "visa sponsor",
    "series b",
    "climate",
]
FIRST = [
    "Ana",
    "Ben",
    "Chloé",
    "Dev",
    "Elif",
    "Femi",
    "Greta",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Lars",
    "Maya",
    "Noor",
]
LAST = [
    "Schmidt",
    "Okafor",
    "Rossi",
    "Patel",
    "Nakamura",
    "García",
    "Larsen",
    "Novak",
    "Haddad",
    "Kim",
]
NOTES = [
    "Great engineering blog; ask about their on-call rotation.",
    "Team of 8, Django monolith moving to services.",
    "Recruiter mentioned a take-home exercise.",
    "Salary band shared on the first call.",
    "",
    "",
]

# How often each final status appears, and the route an application takes to reach it.
WEIGHTS = {
    Status.SAVED: 12,
    Status.APPLIED: 28,
    Status.PHONE_SCREEN: 10,
    Status.TECHNICAL: 7,
    Status.FINAL: 5,
    Status.OFFER: 3,
    Status.ACCEPTED: 1,
    Status.REJECTED: 20,
    Status.WITHDRAWN: 5,
    Status.GHOSTED: 9,
}
INTERVIEW_PATH = [
    Status.PHONE_SCREEN,
    Status.TECHNICAL,
    Status.FINAL,
    Status.OFFER,
    Status.ACCEPTED,
]
STAGE_INTERVIEW = {
    Status.PHONE_SCREEN: InterviewKind.PHONE,
    Status.TECHNICAL: InterviewKind.TECHNICAL,
    Status.FINAL: InterviewKind.ONSITE,
}
SPAN_DAYS = 90


def _route(rng: random.Random, final: str) -> list[str]:
    if final == Status.SAVED:
        return [Status.SAVED]
    if final in INTERVIEW_PATH:
        return [Status.APPLIED, *INTERVIEW_PATH[: INTERVIEW_PATH.index(final) + 1]]
    if final == Status.APPLIED:
        return [Status.APPLIED]
    reached = rng.choice([0, 0, 0, 1, 1, 2]) if final != Status.GHOSTED else 0
    return [Status.APPLIED, *INTERVIEW_PATH[:reached], final]


def _statuses(rng: random.Random, count: int) -> list[str]:
    # Every status at least once (when there is room), then by weight.
    first = list(WEIGHTS)[: min(count, len(WEIGHTS))]
    rest = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=max(count - len(first), 0))
    return first + rest


@transaction.atomic
def seed_demo_applications(
    *,
    user,
    count: int = 60,
    seed: int | None = None,
    top_up: bool = False,
    now: dt.datetime | None = None,
) -> int:
    """Creates ``count`` applications for ``user`` and returns how many were created.

    Idempotent: a user who already has applications is left alone unless ``top_up``.
    """
    if not top_up and Application.objects.filter(user=user).exists():
        return 0
    rng = random.Random(seed if seed is not None else user.pk)  # noqa: S311 - demo data, not secrets
    now = now or timezone.now()
    start = now - dt.timedelta(days=SPAN_DAYS)
    tags = {name: Tag.objects.get_or_create(user=user, name=name)[0] for name in TAGS}

    plans = []
    for final in _statuses(rng, count):
        route = _route(rng, final)
        created = start + dt.timedelta(days=rng.uniform(0, SPAN_DAYS - 1), hours=rng.uniform(8, 11))
        steps, at = [], created
        for index, status in enumerate(route):
            if index:
                gap = 21 if status == Status.GHOSTED else rng.uniform(2, 9)
                at = at + dt.timedelta(days=gap, hours=rng.uniform(0, 6))
            steps.append((status, min(at, now - dt.timedelta(minutes=len(route) - index))))
        plans.append((route, steps, created))

    applications = []
    for route, steps, created in plans:
        company, position = rng.choice(COMPANIES), rng.choice(POSITIONS)
        location, currency = rng.choice(LOCATIONS)
        low = rng.randrange(50, 120) * 1000
        applied_at = next((at for status, at in steps if status == Status.APPLIED), None)
        final = route[-1]
        deadline = None
        if final == Status.SAVED and rng.random() < 0.6:
            deadline = (now + dt.timedelta(days=rng.randint(1, 14))).date()
        applications.append(
            Application(
                user=user,
                company=company,
                position=position,
                posting_url=f"https://jobs.example.com/{company.lower().replace(' ', '-').replace('.', '')}/{rng.randrange(1000, 9999)}",
                location=location,
                work_mode=WorkMode.REMOTE
                if location.startswith("Remote")
                else rng.choice([WorkMode.HYBRID, WorkMode.ONSITE]),
                salary_min=low,
                salary_max=low + rng.randrange(10, 40) * 1000,
                salary_currency=currency,
                source=rng.choice(SOURCES),
                applied_on=applied_at.date() if applied_at else None,
                deadline=deadline,
                description=f"We're hiring a {position} to join our team. You'll design, build and run services used by millions.",
                notes=rng.choice(NOTES),
                excitement=rng.choice([2, 3, 3, 4, 4, 5]),
                status=final,
                created_at=created,
            )
        )
    Application.objects.bulk_create(applications, batch_size=1000)

    changes, interviews, links = [], [], []
    through = Application.tags.through
    for application, (route, steps, _created) in zip(applications, plans, strict=True):
        previous = ""
        for status, at in steps:
            changes.append(
                StatusChange(
                    application=application, from_status=previous, to_status=status, changed_at=at
                )
            )
            if status in STAGE_INTERVIEW:
                begins = at + dt.timedelta(days=2)
                if status == route[-1] and begins < now:
                    begins = now + dt.timedelta(
                        days=rng.randint(1, 6)
                    )  # the next interview is still ahead
                begins = begins.replace(
                    hour=rng.choice([9, 10, 11, 14, 15, 16]), minute=0, second=0, microsecond=0
                )
                interviews.append(
                    Interview(
                        application=application,
                        kind=STAGE_INTERVIEW[status],
                        starts_at=begins,
                        ends_at=begins + dt.timedelta(minutes=rng.choice([30, 45, 60, 90])),
                        location="Video call"
                        if status != Status.FINAL
                        else f"{application.company} office",
                        meeting_url="https://meet.example.com/"
                        + "".join(rng.choices("abcdefghijk", k=10)),
                    )
                )
            previous = status
        for name in rng.sample(TAGS, k=rng.choice([0, 1, 1, 2])):
            links.append(through(application_id=application.pk, tag_id=tags[name].pk))
    StatusChange.objects.bulk_create(changes, batch_size=2000)
    Interview.objects.bulk_create(interviews, batch_size=2000)
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)

    contacts = []
    with_contacts = [
        a for a in applications if a.source in ("Referral", "Recruiter") or rng.random() < 0.15
    ]
    for application in with_contacts[: max(count // 3, 1)]:
        role = ContactRole.REFERRER if application.source == "Referral" else ContactRole.RECRUITER
        first, last = rng.choice(FIRST), rng.choice(LAST)
        contacts.append(
            (
                Contact(
                    user=user,
                    name=f"{first} {last}",
                    role=role,
                    company=application.company,
                    email=f"{first.lower()}.{last.lower()}@example.com",
                ),
                application,
            )
        )
    Contact.objects.bulk_create([c for c, _ in contacts], batch_size=1000)
    Contact.applications.through.objects.bulk_create(
        [Contact.applications.through(contact_id=c.pk, application_id=a.pk) for c, a in contacts],
        batch_size=2000,
    )
    return len(applications)


def seed(*, users: dict, log: Callable[[str], None]) -> None:
    """The ``seed_demo`` hook: about 60 applications for the demo seeker."""
    seeker = users.get("seeker")
    if seeker is None:
        return
    created = seed_demo_applications(user=seeker, count=60)
    log(
        f"tracker: {created} applications for {seeker.email}"
        if created
        else "tracker: demo applications exist"
    )


@transaction.atomic
def seed_applications_for_email(
    *, email: str, count: int, seed: int | None = None
) -> tuple[int, int]:
    """Gives the user with this email ``count`` generated applications (for benchmarks).

    Creates the user (without a usable password) when missing, and tops their
    applications up to ``count``; returns (created now, total).
    """
    from django.contrib.auth import get_user_model

    if count < 0:
        raise ValueError("The number of applications cannot be negative.")
    user, created_user = get_user_model().objects.get_or_create(email=email.strip().lower())
    if created_user:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    existing = Application.objects.filter(user=user).count()
    created = 0
    if count > existing:
        created = seed_demo_applications(user=user, count=count - existing, seed=seed, top_up=True)
    return created, existing + created
