"""Removing a skill from the profile (E12). The profile page lists the skills with their
sources (see ``accounts.skills``); each has a remove button that posts here."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required

from .skills import profile_skill_remove


@htmx_login_required
@require_POST
def profile_skill_remove_view(request: HttpRequest) -> HttpResponse:
    name = " ".join(request.POST.get("name", "").split())[:80]
    if name and profile_skill_remove(user=request.user, name=name):
        messages.success(request, f"“{name}” is no longer on your profile.")
    else:
        messages.info(request, "That skill was not on your profile.")
    return redirect("accounts:profile")
