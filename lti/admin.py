"""Platform registrations, our keys and the LTI jobs, for site administrators only
(instructors' admin permissions cover courses, not these)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action

from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import UserFacingError, enqueue, reset_for_retry

from . import jobs, keys, registration
from .models import (
    Deployment,
    GradePassback,
    LtiContext,
    LtiIdentity,
    Platform,
    RosterSync,
    ToolKey,
)


class DeploymentInline(TabularInline):
    model = Deployment
    extra = 1
    fields = ("deployment_id", "is_active")


@admin.register(Platform)
class PlatformAdmin(ModelAdmin):
    list_display = ("name", "issuer", "client_id", "is_active", "registered_dynamically")
    list_filter = ("is_active",)
    search_fields = ("name", "issuer", "client_id")
    inlines = [DeploymentInline]
    actions_list = ["registration_link"]

    @action(
        description="Dynamic registration link", url_path="registration-link", permissions=["add"]
    )
    def registration_link(self, request):
        """A fresh one-use link to paste into the platform (signed: nothing is stored)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Dynamic registration link",
            "link": registration.registration_link(),
            "days": registration.LINK_DAYS,
        }
        return TemplateResponse(request, "admin/lti/registration_link.html", context)


@admin.register(ToolKey)
class ToolKeyAdmin(ModelAdmin):
    list_display = ("kid", "is_active", "created_at")
    readonly_fields = ("kid", "public_jwk", "created_at")
    exclude = ("private_pem",)
    actions = ["rotate", "retire_older"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Generate a new signing key (older ones stay published)")
    def rotate(self, request, queryset):
        key = keys.tool_key_rotate()
        messages.success(
            request, f"New signing key {key.kid}. Older keys stay published until retired."
        )

    @admin.action(description="Stop publishing all but the signing key")
    def retire_older(self, request, queryset):
        count = keys.tool_keys_retire()
        messages.success(request, f"{count} older key(s) no longer published.")


@admin.register(LtiIdentity)
class LtiIdentityAdmin(ModelAdmin):
    list_display = ("name", "sub", "platform", "user", "created_at")
    list_filter = ("platform",)
    search_fields = ("name", "sub", "email")
    readonly_fields = ("platform", "sub", "user", "email", "name", "created_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(LtiContext)
class LtiContextAdmin(ModelAdmin):
    list_display = ("title", "context_id", "platform", "course")
    list_filter = ("platform",)
    readonly_fields = (
        "platform",
        "deployment",
        "context_id",
        "course",
        "memberships_url",
        "lineitems_url",
        "ags_scopes",
        "created_at",
    )
    actions = ["sync_roster"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Sync the roster from the platform")
    def sync_roster(self, request, queryset):
        for context in queryset:
            try:
                jobs.roster_sync_request(context=context, requested_by=request.user)
            except UserFacingError as exc:
                messages.error(request, f"{context}: {exc}")
            else:
                messages.success(request, f"{context}: roster sync queued.")


class JobAdmin(ModelAdmin):
    list_filter = ("state",)
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Retry the failed ones")
    def retry(self, request, queryset):
        count = 0
        for row in queryset.filter(state=JobState.FAILED):
            reset_for_retry(row)
            enqueue(row)
            count += 1
        messages.success(request, f"{count} queued again.")


@admin.register(RosterSync)
class RosterSyncAdmin(JobAdmin):
    list_display = ("context", "state", "added", "updated", "removed", "error", "created_at")


@admin.register(GradePassback)
class GradePassbackAdmin(JobAdmin):
    list_display = ("submission", "state", "score_sent", "attempts", "error", "created_at")
