"""Admin for resumes and the AI documents made from them."""

from __future__ import annotations

from django.contrib import admin
from unfold.admin import ModelAdmin, TabularInline

from .models import (
    ChatMessage,
    ChatThread,
    CoverLetter,
    InterviewPrep,
    MatchAnalysis,
    Resume,
    ResumeVersion,
)


class VersionInline(TabularInline):
    model = ResumeVersion
    fields = (
        "number",
        "original_filename",
        "file_kind",
        "size_bytes",
        "state",
        "page_count",
        "ocr_pages",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Resume)
class ResumeAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = ("name", "user", "is_default", "updated_at")
    search_fields = ("name", "user__email")
    list_select_related = ("user",)
    inlines = [VersionInline]


@admin.register(ResumeVersion)
class ResumeVersionAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = (
        "resume",
        "number",
        "file_kind",
        "state",
        "page_count",
        "ocr_pages",
        "extraction_ms",
        "created_at",
    )
    list_filter = ("state", "file_kind")
    search_fields = ("resume__name", "resume__user__email", "original_filename")
    readonly_fields = (
        "sha256",
        "text_sha256",
        "extraction_ms",
        "created_at",
        "started_at",
        "finished_at",
    )
    list_select_related = ("resume",)


@admin.register(MatchAnalysis)
class MatchAnalysisAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = (
        "job_title",
        "company",
        "user",
        "score",
        "state",
        "engine",
        "from_cache",
        "created_at",
    )
    list_filter = ("state", "engine", "kind", "from_cache")
    search_fields = ("job_title", "company", "user__email")
    readonly_fields = ("cache_key", "result")
    list_select_related = ("user",)


@admin.register(CoverLetter)
class CoverLetterAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = ("job_title", "company", "user", "tone", "state", "engine", "created_at")
    list_filter = ("state", "engine", "tone")
    search_fields = ("job_title", "company", "user__email")
    list_select_related = ("user",)


@admin.register(InterviewPrep)
class InterviewPrepAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = ("job_title", "company", "user", "state", "engine", "created_at")
    list_filter = ("state", "engine")
    search_fields = ("job_title", "company", "user__email")
    list_select_related = ("user",)


class MessageInline(TabularInline):
    model = ChatMessage
    fields = ("role", "content", "engine", "state", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ChatThread)
class ChatThreadAdmin(ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    list_display = ("title", "user", "updated_at")
    search_fields = ("title", "user__email")
    list_select_related = ("user",)
    inlines = [MessageInline]
