"""The billing page, Checkout (start, success, cancel), the portal and invoices."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.decorators import htmx_login_required

from ..models import IN_DUNNING
from ..plans import PAID_PLANS, PLANS
from ..selectors import (
    billing_enabled,
    entitlement_state,
    get_checkout_session_for_user,
    get_invoice_for_user,
    invoices_for_user,
    stripe_plan_applies,
    usage_for_user,
)
from ..services.checkout import NoBillingCustomer, checkout_start, portal_start
from ..storage import storage_usage
from ..stripe_gateway import BillingNotConfigured, StripeError

logger = logging.getLogger(__name__)

# How long the success page waits quietly before it says confirmation is slow.
SLOW_CONFIRMATION_SECONDS = 45
NOT_CONFIGURED = "Billing is not configured on this site, so everyone is on the Free plan."
PROVIDER_DOWN = "We couldn't reach our payment provider. Nothing was charged; please try again."


class _SeeOther(HttpResponseRedirect):
    status_code = 303


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Leave for Stripe: a client-side redirect for htmx, a 303 otherwise."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return _SeeOther(url)


def _back_home(request: HttpRequest) -> HttpResponse:
    return _go(request, reverse("billing:home"))


@htmx_login_required
@require_GET
def billing_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    enabled = billing_enabled()
    state = entitlement_state(user)
    account = state.account
    subscribed = bool(
        enabled
        and account
        and account.subscription_id
        and stripe_plan_applies(account, timezone.now())
    )
    context = {
        "billing_enabled": enabled,
        "state": state,
        "plan": state.plan,
        "account": account,
        "subscribed": subscribed,
        "in_grace": bool(subscribed and account.grace_until),
        "downgraded": bool(
            enabled
            and account
            and account.grace_until
            and not subscribed
            and account.subscription_status in IN_DUNNING
        ),
        "upgrades": [p for p in PAID_PLANS if p.rank > state.plan.rank] if enabled else [],
        "usage": usage_for_user(user, state=state),
        "storage": storage_usage(user, plan=state.plan),
        "invoices": invoices_for_user(user) if account and account.customer_id else [],
        "can_manage": bool(enabled and account and account.customer_id),
    }
    return render(request, "billing/home.html", context)


@htmx_login_required
@require_POST
def checkout(request: HttpRequest, plan_code: str) -> HttpResponse:
    plan = PLANS.get(plan_code)
    if plan is None or plan.is_free:
        raise Http404("No such plan.")
    if not billing_enabled():
        messages.info(request, NOT_CONFIGURED)
        return _back_home(request)
    # Stripe fills in the literal {CHECKOUT_SESSION_ID}: it must not be percent-encoded.
    success = request.build_absolute_uri(reverse("billing:checkout_success"))
    try:
        target = checkout_start(
            user=request.user,
            plan_code=plan.code,
            success_url=success + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(reverse("billing:checkout_cancelled")),
            portal_return_url=request.build_absolute_uri(reverse("billing:home")),
        )
    except BillingNotConfigured:
        messages.info(request, NOT_CONFIGURED)
        return _back_home(request)
    except (StripeError, LookupError):
        logger.exception("billing: could not start checkout for user %s", request.user.pk)
        messages.error(request, PROVIDER_DOWN)
        return _back_home(request)
    if target.to_portal:
        messages.info(request, "You already subscribe: change your plan in the billing portal.")
    return _go(request, target.url)


@htmx_login_required
@require_GET
def checkout_success(request: HttpRequest) -> HttpResponse:
    """Waits for the webhook to activate the plan; the redirect itself proves nothing."""
    session = get_checkout_session_for_user(request.user, request.GET.get("session_id", ""))
    state = entitlement_state(request.user)
    account = state.account
    active = bool(
        account
        and account.stripe_plan == session.plan
        and stripe_plan_applies(account, timezone.now())
    )
    waited = (timezone.now() - session.created_at).total_seconds()
    context = {
        "session": session,
        "plan": PLANS[session.plan],
        "active": active,
        "slow": not active and waited > SLOW_CONFIRMATION_SECONDS,
        "usage": usage_for_user(request.user, state=state) if active else [],
    }
    template = "billing/checkout_success.html"
    return render(request, f"{template}#status" if request.htmx else template, context)


@htmx_login_required
@require_GET
def checkout_cancelled(request: HttpRequest) -> HttpResponse:
    return render(request, "billing/checkout_cancelled.html", {"plans": PAID_PLANS})


@htmx_login_required
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    """The Stripe Billing Portal for the signed-in user's own customer, never anyone else's."""
    try:
        target = portal_start(
            user=request.user, return_url=request.build_absolute_uri(reverse("billing:home"))
        )
    except BillingNotConfigured:
        messages.info(request, NOT_CONFIGURED)
        return _back_home(request)
    except NoBillingCustomer:
        messages.info(request, "You have no subscription to manage yet: choose a plan first.")
        return _back_home(request)
    except StripeError:
        logger.exception("billing: could not open the portal for user %s", request.user.pk)
        messages.error(request, PROVIDER_DOWN)
        return _back_home(request)
    return _go(request, target.url)


@htmx_login_required
@require_GET
def invoice(request: HttpRequest, invoice_id: str) -> HttpResponse:
    """Stripe's hosted page for one of the user's own invoices."""
    found = get_invoice_for_user(request.user, invoice_id)
    url = (found.stripe_data or {}).get("hosted_invoice_url")
    if not url:
        raise Http404("This invoice has no page yet.")
    return redirect(url)
