"""The instructor's home: their courses with what needs them, and the moderation
decisions one click away (approve or remove a held post or comment)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required

from ..selectors import teaching
from ..services import feed as feed_services

DECISIONS = {"approve", "remove"}


@htmx_login_required
def home(request: HttpRequest) -> HttpResponse:
    works = teaching.teaching_overview(request.user)
    if not works:
        raise Http404
    return render(
        request,
        "courses/teaching.html",
        {"works": works, "held_total": sum(w.held_count for w in works)},
    )


@require_POST
@htmx_login_required
def held_decide(request: HttpRequest, kind: str, pk: int, decision: str) -> HttpResponse:
    """Approve or remove a held post or comment (audit-logged by the service); back to
    the page it was decided on."""
    if decision not in DECISIONS:
        raise Http404
    item = teaching.get_held_item_for_staff(request.user, kind, pk)
    noun = "post" if kind == "post" else "comment"
    try:
        if decision == "approve":
            feed_services.moderation_approve(item=item, reviewer=request.user)
            messages.success(request, f"The {noun} by {item.author.display_name} is published.")
        else:
            feed_services.moderation_remove(item=item, reviewer=request.user)
            messages.success(
                request, f"The {noun} by {item.author.display_name} is removed; they are told why."
            )
    except PermissionDenied:
        raise Http404 from None
    back = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "courses:teaching"
    return redirect(back)
