"""The kanban board: columns per status, moved by drag and drop or the "Move to…" menu."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from .. import selectors, services
from ..models import PIPELINE, TERMINAL, Status
from ..selectors.reminders import goal_progress
from .common import done, error_text, toast, tracker_view

BOARD_STATUSES = [(s, Status(s).label) for s in (*PIPELINE, *TERMINAL)]


def _move_buttons() -> dict[str, str]:
    """For each current status, the menu's buttons to every other status (built once per page)."""
    button = '<button type="submit" name="status" value="{}" class="move-option">{}</button>'
    return {
        current: format_html_join(
            "", button, ((value, label) for value, label in BOARD_STATUSES if value != current)
        )
        for current, _ in BOARD_STATUSES
    }


def _board_context(request: HttpRequest, columns) -> dict:
    return {
        "columns": columns,
        "statuses": BOARD_STATUSES,
        "move_buttons": _move_buttons(),
        "now": timezone.now(),
    }


@tracker_view
def board(request: HttpRequest) -> HttpResponse:
    columns = selectors.board_columns(request.user)
    context = _board_context(request, columns)
    context["goal"] = goal_progress(request.user)
    context["total"] = sum(column.count for column in columns)
    return render(request, "tracker/board.html", context)


def _columns_response(request: HttpRequest, statuses: list[str]) -> HttpResponse:
    """The given columns, re-rendered for out-of-band swaps."""
    columns = selectors.board_columns(request.user, statuses=tuple(dict.fromkeys(statuses)))
    context = _board_context(request, columns)
    html = "".join(
        render_to_string(
            "tracker/board.html#column", {**context, "column": column, "oob": True}, request=request
        )
        for column in columns
    )
    return HttpResponse(html)


@tracker_view
@require_POST
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    from_status, to_status = application.status, request.POST.get("status", "")
    try:
        services.application_move(
            application=application, to_status=to_status, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        if not request.htmx:
            return done(request, reverse("tracker:board"), error_text(exc), "error")
        # Re-render the source column so a dragged card snaps back where it was.
        statuses = [from_status] + ([to_status] if to_status in Status.values else [])
        return toast(_columns_response(request, statuses), error_text(exc), "error")
    message = f"Moved {application} to {Status(to_status).label}."
    if not request.htmx:
        return done(request, reverse("tracker:board"), message)
    response = _columns_response(request, [from_status, to_status])
    toast(response, message)
    return trigger_client_event(response, "tracker:moved", {"id": application.pk}, after="settle")


@tracker_view
@require_POST
def board_quick_add(request: HttpRequest) -> HttpResponse:
    """Adds an application straight into a column from its "+ Add" form."""
    status = request.POST.get("status", "")
    data = {key: request.POST.get(key, "").strip() for key in ("company", "position")}
    try:
        if not data["company"] or not data["position"]:
            missing = "company's name" if not data["company"] else "job title"
            raise ValidationError(f"Type the {missing}.")
        application = services.application_create(user=request.user, data=data, status=status)
    except ValidationError as exc:
        if not request.htmx:
            return done(request, reverse("tracker:board"), error_text(exc), "error")
        # Nothing is swapped, so what was typed stays in the form beside the message.
        return toast(HttpResponse(""), error_text(exc), "error")
    message = f"Added {application} to {Status(status).label}."
    if not request.htmx:
        return done(request, reverse("tracker:board") + f"#card-{application.pk}", message)
    return toast(_columns_response(request, [status]), message)
