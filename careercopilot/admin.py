"""Admin for platform-wide rows: AI call accounting with totals (C9)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Avg, Count, Sum
from unfold.admin import ModelAdmin

from . import admin_rendering  # noqa: F401 (change lists render rows faster)
from .ai.accounting import AICall


@admin.register(AICall)
class AICallAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = (
        "created_at",
        "user",
        "feature",
        "engine",
        "model",
        "tokens_in",
        "tokens_out",
        "cost_usd",
        "latency_ms",
        "outcome",
    )
    list_filter = ("feature", "engine", "outcome", "created_at")
    search_fields = ("user__email", "model", "error")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    change_list_template = "admin/careercopilot/aicall/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        try:
            queryset = response.context_data["cl"].queryset
        except (AttributeError, KeyError):
            return response
        totals = queryset.aggregate(
            calls=Count("id"),
            tokens_in=Sum("tokens_in"),
            tokens_out=Sum("tokens_out"),
            cost=Sum("cost_usd"),
            latency=Avg("latency_ms"),
        )
        by_engine = (
            queryset.values("engine", "outcome")
            .annotate(calls=Count("id"), cost=Sum("cost_usd"))
            .order_by("engine", "outcome")
        )
        response.context_data["totals"] = totals
        response.context_data["by_engine"] = list(by_engine)
        return response
