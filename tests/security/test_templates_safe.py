"""No user content reaches a page unescaped.

1. A grep over every template and Python file of the project for the ways around Django's
   autoescaping (|safe, |safeseq, {% autoescape off %}, mark_safe(, SafeString(). Each
   use must be in ALLOWED below, with the reason it is safe; a new one fails until it is
   reviewed and listed, and a listed one that is gone fails too (the list stays true).
2. Pages rendered with script payloads in the user's own content show them as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "var", ".git", "tests", "migrations"}
PATTERN = re.compile(
    r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off\s*%}|\bmark_safe\(|\bSafeString\(|{%\s*filter[^%]*\bsafe\b"
)

# (path, a piece of the line) → why it is safe
ALLOWED: dict[tuple[str, str], str] = {
    ("courses/richtext.py", "return mark_safe(sanitise(html))"): (
        "course descriptions and instructions are cleaned with nh3 against a tag/attribute "
        "allow-list when saved and again when rendered"
    ),
    ("courses/admin/gradebook.py", "return mark_safe(  # noqa: S308"): (
        "gradebook cells built in Python: every text, title and URL goes through escape()"
    ),
    ("careercopilot/admin_rendering.py", "return mark_safe(html.replace(PK_MARK"): (
        "an admin list row's checkbox: Unfold's own rendered widget with the row's primary "
        "key put in through escape()"
    ),
    ("templates/partials/field.html", "{{ field.help_text|safe }}"): (
        "help texts are written in the forms' code, never taken from users (Django's own "
        "form templates render help_text the same way)"
    ),
    ("templates/tracker/email/digest.txt", "{% autoescape off %}"): (
        "a text/plain email body: no HTML context, escaping would show &amp; to the reader"
    ),
    ("templates/courses/email/invitation.txt", "{% autoescape off %}"): (
        "a text/plain email body: no HTML context"
    ),
    ("templates/accounts/email/notification.txt", "{% autoescape off %}"): (
        "a text/plain email body: no HTML context"
    ),
}


def project_files():
    for path in ROOT.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if (
            path.is_file()
            and path.suffix in (".py", ".html", ".txt", ".xml", ".md")
            and (path.suffix == ".py" or "templates" in path.parts)
        ):
            yield path


def find_escapes() -> list[tuple[str, int, str]]:
    found = []
    for path in project_files():
        rel = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if PATTERN.search(line):
                found.append((rel, number, line.strip()))
    return found


def test_every_way_around_autoescaping_is_reviewed():
    found = find_escapes()
    unreviewed = [
        f"{path}:{number}: {line}"
        for path, number, line in found
        if not any(path == p and piece in line for p, piece in ALLOWED)
    ]
    assert not unreviewed, (
        "unescaped output that is not in tests/security/test_templates_safe.py ALLOWED "
        "(escape it, or sanitise it and list it with the reason):\n" + "\n".join(unreviewed)
    )
    stale = [
        f"{p}: {piece}"
        for p, piece in ALLOWED
        if not any(path == p and piece in line for path, _n, line in found)
    ]
    assert not stale, "ALLOWED lists uses that are gone:\n" + "\n".join(stale)


def test_plain_text_templates_with_autoescape_off_are_only_sent_as_text():
    for (path, piece), _reason in ALLOWED.items():
        if "autoescape off" in piece:
            assert path.endswith(".txt"), path


PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


@pytest.mark.django_db
def test_script_payloads_in_user_content_are_shown_as_text(alice, alice_client, world):
    from accounts.services import notify
    from courses.models import CourseComment, ModerationStatus
    from tracker.tests.factories import make_application

    alice.headline = PAYLOAD
    alice.save(update_fields=["headline"])
    app = make_application(alice, company=PAYLOAD, position=PAYLOAD, notes=PAYLOAD)
    notify(user=alice, title=PAYLOAD, body=PAYLOAD, send_email=False)
    post = world.post
    post.body = PAYLOAD
    post.save(update_fields=["body"])
    CourseComment.objects.create(
        post=post, author=alice, body=PAYLOAD, status=ModerationStatus.PUBLISHED
    )
    pages = [
        reverse("tracker:board"),
        reverse("tracker:application_list"),
        reverse("tracker:application_detail", args=[app.pk]),
        reverse("accounts:profile"),
        reverse("accounts:notifications"),
        reverse("courses:feed", args=[world.course.pk]),
        reverse("dashboard"),
    ]
    for url in pages:
        html = alice_client.get(url).content.decode()
        assert "<script>alert(" not in html, url
        assert "<img src=x onerror" not in html, url
        assert "&lt;script&gt;alert(" in html, f"{url} does not show the content at all"
