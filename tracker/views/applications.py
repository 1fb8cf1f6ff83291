"""Applications: the table, the form, the detail page and the actions on one application."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from resumes.selectors import documents_for_application

from .. import selectors, services
from ..forms import (
    SOURCE_SUGGESTIONS,
    STATUS_ORDER,
    ApplicationForm,
    BulkActionForm,
    MoveForm,
    TableFilterForm,
)
from ..models import Status, WorkMode
from ..selectors.applications import SORTS, TABLE_PAGE_SIZE, TableFilters
from ..selectors.reminders import follow_ups_due
from .common import done, error_text, safe_next, toast, tracker_view

STATUS_CHOICES = [(s, Status(s).label) for s in STATUS_ORDER]
TABLE_COLUMNS = [
    ("company", "Company"),
    ("position", "Position"),
    ("status", "Status"),
    ("applied", "Applied"),
    ("deadline", "Deadline"),
    ("excitement", "Excitement"),
    ("updated", "Updated"),
]


def _filters(form: TableFilterForm) -> TableFilters:
    if not form.is_valid():
        return TableFilters()
    data = form.cleaned_data
    sort = data.get("sort") or ""
    return TableFilters(
        q=data.get("q", "").strip(),
        statuses=data.get("status") or [],
        tag=data.get("tag", "").strip(),
        work_mode=data.get("work_mode") or "",
        applied_from=data.get("applied_from"),
        applied_to=data.get("applied_to"),
        archived=bool(data.get("archived")),
        sort=sort if sort.lstrip("-") in SORTS else "-updated",
    )


def _sort_links(params: QueryDict, current: str) -> dict[str, dict]:
    """For each sortable column: the URL that sorts by it and its aria-sort state."""
    links = {}
    for key in SORTS:
        query = params.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        links[key] = {"url": f"?{query.urlencode()}", "state": state}
    return links


def _table_context(request: HttpRequest, params: QueryDict) -> dict:
    form = TableFilterForm(params or None)
    filters = _filters(form) if params else TableFilters()
    qs = selectors.application_table(request.user, filters)
    paginator = Paginator(qs, TABLE_PAGE_SIZE)
    number = params.get("page")
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    query = params.copy()
    query.pop("page", None)
    return {
        "form": form if params else TableFilterForm(),
        "filters": filters,
        "page": page,
        "query_string": query.urlencode(),
        "table_url": f"{reverse('tracker:application_list')}?{params.urlencode()}",
        "sort_links": _sort_links(params, filters.sort),
        "table_columns": TABLE_COLUMNS,
        "status_choices": STATUS_CHOICES,
        "bulk_actions": BulkActionForm.ACTIONS,
        "now": timezone.now(),
    }


@tracker_view
def application_list(request: HttpRequest) -> HttpResponse:
    context = _table_context(request, request.GET)
    if request.htmx and request.htmx.target == "application-table":
        return render(request, "tracker/application_list.html#table", context)
    context["work_modes"] = WorkMode.choices
    context["tags"] = selectors.tags_for_user(request.user)
    return render(request, "tracker/application_list.html", context)


def _form_context(form: ApplicationForm, **extra) -> dict:
    return {"form": form, "source_suggestions": SOURCE_SUGGESTIONS, **extra}


def _render_form(request: HttpRequest, form: ApplicationForm, **extra) -> HttpResponse:
    template = (
        "tracker/application_form.html#form" if request.htmx else "tracker/application_form.html"
    )
    status = 422 if form.is_bound and form.errors and not request.htmx else 200
    return render(request, template, _form_context(form, **extra), status=status)


def _apply_service_errors(form: ApplicationForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@tracker_view
def application_create(request: HttpRequest) -> HttpResponse:
    initial = (
        {"status": request.GET.get("status")} if request.GET.get("status") in Status.values else {}
    )
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                user=request.user,
                data=form.service_data(),
                tags=form.cleaned_data["tags"],
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return done(request, application.get_absolute_url(), f"Added {application}.")
    return _render_form(request, form, creating=True)


@tracker_view
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    form = ApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application, data=form.service_data(), tags=form.cleaned_data["tags"]
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return done(request, application.get_absolute_url(), "Changes saved.")
    return _render_form(request, form, application=application, creating=False)


@tracker_view
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_detail(request.user, pk)
    timeline = list(application.status_changes.all())
    now = timezone.now()
    follow_up = follow_ups_due(request.user, now=now).filter(pk=application.pk).exists()
    other_contacts = selectors.applications.contacts_to_link(request.user, application)
    context = {
        "application": application,
        "timeline": timeline,
        "days_in_stage": selectors.days_in_stage(application, now=now),
        "follow_up_due": follow_up,
        "status_choices": STATUS_CHOICES,
        "other_contacts": other_contacts,
        "now": now,
        "resume_docs": documents_for_application(request.user, application),
    }
    return render(request, "tracker/application_detail.html", context)


@tracker_view
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    url = safe_next(request, application.get_absolute_url())
    form = MoveForm(request.POST)
    if not form.is_valid():
        return done(request, url, "Choose a status to move it to.", "error")
    try:
        services.application_move(
            application=application,
            to_status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        return done(request, url, error_text(exc), "error")
    return done(request, url, f"Moved to {Status(application.status).label}.")


@tracker_view
@require_POST
def application_archive(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    services.application_archive(application=application)
    return done(
        request, safe_next(request, application.get_absolute_url()), f"Archived {application}."
    )


@tracker_view
@require_POST
def application_unarchive(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    services.application_unarchive(application=application)
    return done(
        request, safe_next(request, application.get_absolute_url()), f"Restored {application}."
    )


@tracker_view
@require_POST
def application_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    label = str(application)
    services.application_delete(application=application)
    return done(request, reverse("tracker:application_list"), f"Deleted {label}.")


@tracker_view
@require_POST
def application_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    services.application_mark_followed_up(application=application)
    return done(
        request,
        safe_next(request, application.get_absolute_url()),
        "Marked as followed up. We'll remind you again if there's still no news.",
    )


@tracker_view
@require_POST
def application_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkActionForm(request.POST)
    back = safe_next(request, reverse("tracker:application_list"))
    if not form.is_valid():
        errors = [e for errors in form.errors.values() for e in errors]
        return _bulk_result(request, back, " ".join(errors), "error")
    data = form.cleaned_data
    try:
        count = services.applications_bulk_apply(
            user=request.user,
            ids=data["ids"],
            action=data["action"],
            status=data.get("status") or "",
        )
    except ValidationError as exc:
        return _bulk_result(request, back, error_text(exc), "error")
    verb = {
        "status": f"moved to {Status(data['status']).label}" if data.get("status") else "moved",
        "archive": "archived",
        "unarchive": "restored",
        "delete": "deleted",
    }[data["action"]]
    return _bulk_result(request, back, f"{count} application{'s' if count != 1 else ''} {verb}.")


def _bulk_result(
    request: HttpRequest, back: str, message: str, level: str = "success"
) -> HttpResponse:
    if request.htmx:
        query = back.split("?", 1)[1] if "?" in back else ""
        context = _table_context(request, QueryDict(query))
        return toast(
            render(request, "tracker/application_list.html#table", context), message, level
        )
    messages.add_message(request, messages.ERROR if level == "error" else messages.SUCCESS, message)
    return redirect(back)
