"""Peer review in the admin (E9).

- The peer review page of an assignment (the "Peer review" button on the assignment):
  its settings (on or off, reviewers per submission, anonymity, late work, the reviews'
  due date and how they are released), who reviews whom (staff always see names),
  completion, "assign now" and "release", and how peer scores agree with the
  instructor's: per submission (mean peer total beside the instructor's total), overall
  (mean absolute difference, correlation) and per criterion (exact and adjacent level
  agreement), plus each reviewer's average difference from the instructor.
- "Assign peer reviews now" as an action on the assignment list.

Every page takes its assignment through ``get_assignment_for_staff`` (404 outside the
courses the user teaches), like the grading pages.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from careercopilot.web import error_text

from ..models import PeerReviewSettings
from ..selectors.access import get_assignment_for_staff
from ..selectors.peer import peer_overview
from ..services.peer import peer_reviews_assign, peer_reviews_release, peer_settings_save


class PeerReviewSettingsForm(forms.ModelForm):
    class Meta:
        model = PeerReviewSettings
        fields = (
            "enabled",
            "reviewers_per_submission",
            "anonymous",
            "video_comments",
            "include_late",
            "reviews_due_at",
            "release_mode",
        )
        widgets = {
            "reviews_due_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "reviewers_per_submission": forms.NumberInput(attrs={"min": 1, "max": 10}),
        }

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        zone = timezone.get_current_timezone_name()
        self.fields[
            "reviews_due_at"
        ].help_text = f"{self.fields['reviews_due_at'].help_text} In your time zone ({zone})."


@admin.action(description="Assign peer reviews now")
def assign_peer_reviews_now(modeladmin, request: HttpRequest, queryset) -> None:
    """For each selected assignment, past its due date with peer review on."""
    for assignment in queryset.select_related("course"):
        result = peer_reviews_assign(assignment=assignment)
        level = messages.WARNING if result.skipped or result.note else messages.SUCCESS
        modeladmin.message_user(request, f"{assignment.title}: {result.message}", level)


def peer_review_view(model_admin):
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        assignment = get_assignment_for_staff(request.user, pk)
        current = PeerReviewSettings.objects.filter(assignment=assignment).first()
        form = PeerReviewSettingsForm(
            instance=current or PeerReviewSettings(assignment=assignment), assignment=assignment
        )
        status = 200
        if request.method == "POST" and request.POST.get("action") == "settings":
            form = PeerReviewSettingsForm(
                request.POST,
                instance=current or PeerReviewSettings(assignment=assignment),
                assignment=assignment,
            )
            if form.is_valid():
                peer_settings_save(assignment=assignment, **form.cleaned_data)
                messages.success(request, "Peer review settings saved.")
                return redirect("admin:courses_assignment_peer_review", assignment.pk)
            status = 400
        elif request.method == "POST":
            _act(request, assignment)
            return redirect("admin:courses_assignment_peer_review", assignment.pk)
        overview = peer_overview(assignment)
        settings = overview.settings
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "tab": "assignments",
            "title": f"Peer review · {assignment.title}",
            "assignment": assignment,
            "course": assignment.course,
            "overview": overview,
            "settings": settings,
            "form": form,
            "released": bool(settings and settings.is_released()),
            "due_passed": assignment.due_at <= timezone.now(),
        }
        return TemplateResponse(request, "admin/courses/peer_review.html", context, status=status)

    return view


def _act(request: HttpRequest, assignment) -> None:
    action = request.POST.get("action", "")
    if action == "assign":
        result = peer_reviews_assign(assignment=assignment)
        level = messages.WARNING if result.skipped or result.note else messages.SUCCESS
        messages.add_message(request, level, result.message)
    elif action == "release":
        try:
            released = peer_reviews_release(assignment=assignment)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return
        if released:
            messages.success(request, "Reviews released; the authors are being notified.")
        else:
            messages.info(request, "The reviews were already released.")
    else:
        messages.error(request, "Choose what to do.")
