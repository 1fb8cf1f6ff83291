"""The web helpers exist once: one rate limiter (``careercopilot/ratelimit.py``), one
time-zone helper, one form-field partial and one templates root. Each test names the
copies it keeps from coming back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from careercopilot import ratelimit

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "tracker", "resumes", "billing", "courses", "careercopilot")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            yield path, path.read_text()


def test_only_the_shared_rate_limiter_counts_requests():
    """Guards against limiter copies (courses' uploads, join codes and feed each had one,
    with fixed windows): counting in the cache happens in careercopilot/ratelimit.py."""
    counting = re.compile(r"\bcache\.(incr|decr)\(")
    copies = [
        str(path.relative_to(ROOT))
        for path, text in _sources()
        if counting.search(text) and path != ROOT / "careercopilot" / "ratelimit.py"
    ]
    assert not copies, f"rate limits counted outside careercopilot/ratelimit.py: {copies}"


def test_a_limit_on_failures_is_checked_without_counting_the_check():
    """Guards the join-code limit on the shared limiter: only wrong codes count, and
    looking whether the limit is used up counts nothing."""
    limit, _window = ratelimit.LIMITS["join_failure"]
    for _ in range(limit - 1):
        ratelimit.record(user_id=424242, action="join_failure")
    for _ in range(5):
        assert not ratelimit.exhausted(user_id=424242, action="join_failure")
    ratelimit.record(user_id=424242, action="join_failure")
    assert ratelimit.exhausted(user_id=424242, action="join_failure")
    assert not ratelimit.exhausted(user_id=424243, action="join_failure")  # per user


def test_time_zones_are_resolved_in_one_module():
    """Guards against time-zone copies (courses, tracker and the middleware each had one):
    a user's zone comes from careercopilot/timezones.py."""
    copies = [
        str(path.relative_to(ROOT))
        for path, text in _sources()
        if "ZoneInfo(" in text and path != ROOT / "careercopilot" / "timezones.py"
    ]
    assert not copies, f"zones resolved outside careercopilot/timezones.py: {copies}"
    assert not list(ROOT.glob("*/timeutils.py"))


def test_every_form_field_uses_the_one_field_partial():
    """Guards against field-partial copies (accounts, tracker and courses each had one)."""
    roots = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    partials = sorted(
        str(path.relative_to(ROOT))
        for root in roots
        for path in root.rglob("field.html")
        if "allauth" not in path.parts  # allauth's own element, not a form-field partial
    )
    assert partials == ["templates/partials/field.html"]
    includes = set()
    for path in (ROOT / "templates").rglob("*.html"):
        includes.update(re.findall(r'{% include "([\w/]*field\.html)"', path.read_text()))
    assert includes == {"partials/field.html"}


def test_error_messages_are_joined_by_one_helper():
    """Guards against ``error_text`` copies (resumes, tracker and courses each had one)."""
    copies = [
        str(path.relative_to(ROOT))
        for path, text in _sources()
        if re.search(r"^def error_text\(", text, re.M)
    ]
    assert copies == ["careercopilot/web.py"]


def test_templates_live_in_one_root():
    """Guards against a second templates root (courses kept its admin pages in
    courses/templates/): every template of the product is under templates/."""
    assert settings.TEMPLATES[0]["DIRS"] == [ROOT / "templates"]
    roots = [
        str(path.relative_to(ROOT)) for app in APPS if (path := ROOT / app / "templates").exists()
    ]
    assert not roots, f"templates outside templates/: {roots}"
