"""Quotas (D5): entitlement_consume checks and consumes atomically, per billing period."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from billing.models import Usage
from billing.plans import FREE, PREMIUM, PRO
from billing.selectors import entitlement_state, plan_for_user, usage_for_user
from billing.services import QuotaExceeded, entitlement_consume, entitlement_release

from .factories import grant, stripe_subscriber

STRIPE_KEY = "sk_test_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4"


@pytest.fixture
def billing_on(settings):
    settings.STRIPE_TEST_SECRET_KEY = STRIPE_KEY
    return settings


@pytest.mark.django_db
def test_free_user_gets_exactly_the_free_allowance_then_a_clear_message(alice):
    for n in range(1, FREE.ai_analyses + 1):
        allowance = entitlement_consume(user=alice, feature="ai_analyses")
        assert allowance.used == n
        assert allowance.remaining == FREE.ai_analyses - n

    with pytest.raises(QuotaExceeded) as excinfo:
        entitlement_consume(user=alice, feature="ai_analyses")

    exc = excinfo.value
    assert exc.limit == 5 and exc.used == 5 and exc.plan is FREE
    assert exc.upgrade_url == reverse("pricing")
    assert "You have used all 5 AI match analyses included in the Free plan" in exc.message
    assert "resets on" in exc.message
    assert Usage.objects.get(user=alice, feature="ai_analyses").used == 5  # nothing overdrawn


@pytest.mark.django_db
def test_message_offers_the_upgrade_when_billing_is_configured(alice, billing_on):
    entitlement_consume(user=alice, feature="cover_letters", amount=2)
    with pytest.raises(QuotaExceeded) as excinfo:
        entitlement_consume(user=alice, feature="cover_letters")
    assert "Upgrade to Pro for 30 cover letters a month." in excinfo.value.message
    assert excinfo.value.upgrade_plan is PRO


@pytest.mark.django_db
def test_message_without_billing_points_to_an_administrator(alice):
    entitlement_consume(user=alice, feature="resumes")
    with pytest.raises(QuotaExceeded) as excinfo:
        entitlement_consume(user=alice, feature="resumes")
    assert "ask an administrator" in excinfo.value.message


@pytest.mark.django_db
def test_a_request_larger_than_what_is_left_consumes_nothing(alice):
    entitlement_consume(user=alice, feature="chat_messages", amount=18)
    with pytest.raises(QuotaExceeded):
        entitlement_consume(user=alice, feature="chat_messages", amount=3)
    assert entitlement_consume(user=alice, feature="chat_messages", amount=2).remaining == 0


@pytest.mark.django_db
def test_unlimited_plans_never_run_out_but_usage_is_still_counted(alice):
    grant(alice, PREMIUM.code)
    for _ in range(3):
        allowance = entitlement_consume(user=alice, feature="ai_analyses", amount=100)
    assert allowance.limit is None and allowance.remaining is None
    assert allowance.used == 300


@pytest.mark.django_db
def test_unknown_features_and_amounts_are_programming_errors(alice):
    with pytest.raises(ValueError):
        entitlement_consume(user=alice, feature="video_minutes")
    with pytest.raises(ValueError):
        entitlement_consume(user=alice, feature="ai_analyses", amount=0)


@pytest.mark.django_db
def test_release_gives_units_back_but_never_below_zero(alice):
    allowance = entitlement_consume(user=alice, feature="ai_analyses", amount=2)
    entitlement_release(user=alice, feature="ai_analyses", period_start=allowance.period_start)
    assert Usage.objects.get(user=alice).used == 1
    entitlement_release(user=alice, feature="ai_analyses", amount=5)
    assert Usage.objects.get(user=alice).used == 0


@pytest.mark.django_db
def test_usage_resets_with_each_calendar_month_on_free(alice):
    state = entitlement_state(alice)
    assert state.period.start.day == 1 and state.period.start.hour == 0
    last_month = (state.period.start - dt.timedelta(days=1)).replace(day=1)
    Usage.objects.create(user=alice, feature="ai_analyses", period_start=last_month, used=5)

    assert entitlement_consume(user=alice, feature="ai_analyses").used == 1


@pytest.mark.django_db
def test_paid_usage_counts_in_the_stripe_period_and_rolls_over_if_renewal_is_late(
    alice, billing_on
):
    start = timezone.now() - dt.timedelta(days=40)  # the stored period ended 10 days ago
    stripe_subscriber(alice, PRO.code, period_start=start)

    state = entitlement_state(alice)

    assert state.plan is PRO and state.source == "stripe"
    assert state.period.start > start and state.period.start <= timezone.now() < state.period.end
    assert state.period.start.day == start.day or state.period.start.day >= 28
    assert entitlement_consume(user=alice, feature="ai_analyses").limit == 100


@pytest.mark.django_db
def test_usage_bars_show_each_feature_against_the_plan(alice):
    entitlement_consume(user=alice, feature="ai_analyses", amount=4)
    lines = {line.feature: line for line in usage_for_user(alice)}
    assert lines["ai_analyses"].used == 4 and lines["ai_analyses"].percent == 80
    assert lines["resumes"].used == 0 and lines["resumes"].limit == 1
    grant(alice, PREMIUM.code)
    assert all(line.unlimited for line in usage_for_user(alice))


@pytest.mark.django_db
def test_plan_for_user_is_free_without_billing_even_for_a_stripe_subscriber(alice):
    stripe_subscriber(alice, PRO.code)
    assert plan_for_user(alice) is FREE  # D7: no Stripe keys, everyone on Free


@pytest.mark.django_db
def test_plan_for_user_takes_the_better_of_stripe_and_an_admin_grant(alice, billing_on):
    stripe_subscriber(alice, PRO.code)
    assert plan_for_user(alice) is PRO
    grant(alice, PREMIUM.code)
    assert plan_for_user(alice) is PREMIUM
    assert plan_for_user(alice).claude_engine


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_consumers_against_a_quota_of_five_exactly_five_succeed(alice):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locking (make test runs it there)")
    workers = 20
    barrier = threading.Barrier(workers)
    results: list[str] = []
    lock = threading.Lock()

    def consume():
        try:
            barrier.wait(timeout=10)
            try:
                entitlement_consume(user=alice, feature="ai_analyses")
                outcome = "ok"
            except QuotaExceeded:
                outcome = "quota"
            with lock:
                results.append(outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=consume) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(results) == workers
    assert results.count("ok") == FREE.ai_analyses == 5
    assert results.count("quota") == 15
    assert Usage.objects.get(user=alice, feature="ai_analyses").used == 5


def test_plans_word_their_allowances_for_the_pricing_page():
    assert FREE.entitlement_lines() == [
        "5 AI match analyses per month",
        "2 cover letters per month",
        "10 interview preps and practice answers per month",
        "20 career chat messages per month",
        "1 resume upload per month",
        "200 MB of storage for your files",
    ]
    assert PREMIUM.entitlement_lines()[0] == "Unlimited AI match analyses"
    assert PREMIUM.entitlement_lines()[-1] == "10 GB of storage for your files"


def test_quota_message_template_and_usage_tag_render(alice):
    for _ in range(5):
        entitlement_consume(user=alice, feature="ai_analyses")
    with pytest.raises(QuotaExceeded) as excinfo:
        entitlement_consume(user=alice, feature="ai_analyses")
    html = Template("{% load billing %}{% quota_exceeded exc %}{% usage_bars user %}").render(
        Context({"exc": excinfo.value, "user": alice})
    )
    assert excinfo.value.message in html and 'href="/pricing/"' in html
    assert "5 of 5" in html and 'value="5" max="5"' in html
