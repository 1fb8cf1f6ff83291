"""Billing in the admin: accounts (grants, fraud review), the webhook inbox, usage,
subscriptions, and the metrics page (D6) at /admin/billing/billingaccount/metrics/."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from unfold.admin import ModelAdmin
from unfold.decorators import action, display
from unfold.views import UnfoldModelAdminViewMixin

from accounts import audit

from .metrics import billing_metrics
from .models import BillingAccount, CheckoutSession, SubscriptionRecord, Usage, WebhookEvent
from .plans import PAID_PLANS
from .selectors import billing_enabled, entitlement_state
from .services import plan_grant, plan_grant_revoke
from .services.accounts import fraud_flag_review
from .services.webhooks import webhook_event_retry

GRANT_DAYS = 30
STRIPE_FIELDS = (
    "customer_id",
    "stripe_plan",
    "subscription_id",
    "subscription_status",
    "current_period_start",
    "current_period_end",
    "cancel_at_period_end",
    "stripe_synced_at",
    "payment_failed_at",
    "grace_until",
    "last_failed_invoice_id",
    "downgrade_notified_at",
)


class BillingAccountForm(forms.ModelForm):
    class Meta:
        model = BillingAccount
        fields = ("user", "granted_plan", "granted_until", "granted_note", "fraud_reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "granted_plan" in self.fields:
            self.fields["granted_plan"].choices = [("", "No grant")] + [
                (plan.code, plan.name) for plan in PAID_PLANS
            ]
            self.fields["granted_until"].help_text = "Required with a plan: when the grant ends."

    def clean(self):
        data = super().clean()
        plan, until = data.get("granted_plan"), data.get("granted_until")
        if plan and not until:
            self.add_error("granted_until", "A granted plan needs an end date.")
        if plan and until and until <= timezone.now():
            self.add_error("granted_until", "The end date must be in the future.")
        if not plan:
            data["granted_until"] = None
        return data


class FraudFilter(admin.SimpleListFilter):
    title = "fraud review"
    parameter_name = "fraud"

    def lookups(self, request, model_admin):
        return (("open", "Needs review"), ("reviewed", "Reviewed"))

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(fraud_flagged_at__isnull=False, fraud_reviewed_at__isnull=True)
        if self.value() == "reviewed":
            return queryset.filter(fraud_reviewed_at__isnull=False)
        return queryset


class GraceFilter(admin.SimpleListFilter):
    title = "payment"
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return (("grace", "In grace period"), ("lapsed", "Grace period over"))

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "grace":
            return queryset.filter(grace_until__gt=now)
        if self.value() == "lapsed":
            return queryset.filter(grace_until__lte=now)
        return queryset


class MetricsView(UnfoldModelAdminViewMixin, TemplateView):
    title = "Billing metrics"
    permission_required = ("billing.view_billingaccount",)
    template_name = "billing/admin_metrics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        metrics = billing_metrics()
        context.update(
            metrics=metrics,
            billing_enabled=billing_enabled(),
            plans_table={
                "headers": ["Plan", "Subscribers", "of which trialing", "MRR"],
                "rows": [
                    [p.name, p.subscribers, p.trialing, f"${p.mrr:,.2f}"] for p in metrics.plans
                ]
                + [["All paid plans", metrics.subscribers, "", f"${metrics.mrr:,.2f}"]],
            },
            months_table={
                "headers": [
                    "Month",
                    "Sign-ups",
                    "Paid conversions",
                    "Trials ended",
                    "Trials converted",
                    "Paying at start",
                    "Churned",
                    "Churn rate",
                ],
                "rows": [
                    [
                        m.month.strftime("%b %Y"),
                        m.signups,
                        m.paid_conversions,
                        m.trials_ended,
                        _percent(m.trials_converted, m.trial_conversion_rate),
                        m.paying_at_start,
                        m.churned,
                        _percent(None, m.churn_rate),
                    ]
                    for m in metrics.months
                ],
            },
        )
        return context


def _percent(count, rate) -> str:
    if rate is None:
        return "—" if count is None else str(count)
    text = f"{rate:.0%}"
    return text if count is None else f"{count} ({text})"


@admin.register(BillingAccount)
class BillingAccountAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    form = BillingAccountForm
    list_display = (
        "user",
        "plan_in_force",
        "stripe_plan",
        "subscription_status",
        "grace_until",
        "granted",
        "needs_fraud_review",
    )
    list_filter = (FraudFilter, GraceFilter, "stripe_plan", "subscription_status", "granted_plan")
    list_select_related = ("user",)
    search_fields = ("user__email", "customer_id", "subscription_id")
    autocomplete_fields = ("user",)
    readonly_fields = (
        *STRIPE_FIELDS,
        "fraud_flagged_at",
        "fraud_reviewed_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("user",)}),
        (
            "Granted plan",
            {
                "description": "Give a plan without Stripe, always with an end date.",
                "fields": ("granted_plan", "granted_until", "granted_note"),
            },
        ),
        ("Stripe (from webhooks, read-only)", {"fields": STRIPE_FIELDS}),
        ("Fraud review", {"fields": ("fraud_flagged_at", "fraud_reason", "fraud_reviewed_at")}),
        ("Dates", {"fields": ("created_at", "updated_at")}),
    )
    actions = ("grant_pro", "grant_premium", "revoke_grant", "mark_fraud_reviewed")
    actions_list = ("open_metrics",)

    def get_urls(self):
        metrics = self.admin_site.admin_view(MetricsView.as_view(model_admin=self))
        return [path("metrics/", metrics, name="billing_metrics"), *super().get_urls()]

    @action(description="Metrics", icon="monitoring", url_path="open-metrics")
    def open_metrics(self, request):
        from django.shortcuts import redirect

        return redirect(reverse("admin:billing_metrics"))

    @display(description="Plan in force")
    def plan_in_force(self, obj: BillingAccount) -> str:
        return entitlement_state(obj.user, account=obj).plan.name

    @display(description="Grant")
    def granted(self, obj: BillingAccount) -> str:
        if not obj.granted_plan:
            return "—"
        return f"{obj.get_granted_plan_display()} until {obj.granted_until:%Y-%m-%d}"

    @display(description="Fraud review", boolean=True)
    def needs_fraud_review(self, obj: BillingAccount) -> bool:
        return obj.is_fraud_flagged

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"granted_plan", "granted_until"} & set(form.changed_data):
            audit.record(
                audit.AuditAction.PLAN_CHANGED_BY_ADMIN,
                request=request,
                subject=obj.user_id,
                obj=obj,
                plan=obj.granted_plan,
                until=obj.granted_until,
            )

    def _grant(self, request, queryset, plan_code: str) -> None:
        until = timezone.now() + dt.timedelta(days=GRANT_DAYS)
        for account in queryset.select_related("user"):
            plan_grant(user=account.user, plan_code=plan_code, until=until, note="admin action")
        self.message_user(
            request, f"Granted {plan_code} for {GRANT_DAYS} days to {queryset.count()} account(s)."
        )

    @admin.action(description=f"Grant Pro for {GRANT_DAYS} days")
    def grant_pro(self, request, queryset):
        self._grant(request, queryset, "pro")

    @admin.action(description=f"Grant Premium for {GRANT_DAYS} days")
    def grant_premium(self, request, queryset):
        self._grant(request, queryset, "premium")

    @admin.action(description="Revoke granted plan")
    def revoke_grant(self, request, queryset):
        for account in queryset:
            plan_grant_revoke(account=account)
        self.message_user(request, f"Revoked grants on {queryset.count()} account(s).")

    @admin.action(description="Mark fraud warning reviewed")
    def mark_fraud_reviewed(self, request, queryset):
        for account in queryset.filter(fraud_flagged_at__isnull=False):
            fraud_flag_review(account=account)
        self.message_user(request, "Marked as reviewed.")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = ("stripe_id", "type", "status", "attempts", "received_at", "processed_at")
    list_filter = ("status", "type", "livemode")
    search_fields = ("stripe_id", "type")
    date_hierarchy = "received_at"
    readonly_fields = [f.name for f in WebhookEvent._meta.fields]
    actions = ("process_again",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Process failed events again")
    def process_again(self, request, queryset):
        failed = queryset.filter(status=WebhookEvent.Status.FAILED)
        for event in failed:
            webhook_event_retry(event=event)
        self.message_user(request, f"Queued {failed.count()} event(s).", messages.SUCCESS)


class _ReadOnly(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SubscriptionRecord)
class SubscriptionRecordAdmin(_ReadOnly):
    list_display = ("subscription_id", "user", "plan", "status", "started_at", "ended_at")
    list_filter = ("plan", "status")
    list_select_related = ("user",)
    search_fields = ("subscription_id", "customer_id", "user__email")


@admin.register(Usage)
class UsageAdmin(_ReadOnly):
    list_display = ("user", "feature", "period_start", "used", "updated_at")
    list_filter = ("feature",)
    list_select_related = ("user",)
    search_fields = ("user__email",)


@admin.register(CheckoutSession)
class CheckoutSessionAdmin(_ReadOnly):
    list_display = ("session_id", "user", "plan", "status", "created_at", "completed_at")
    list_filter = ("status", "plan")
    list_select_related = ("user",)
    search_fields = ("session_id", "user__email")
