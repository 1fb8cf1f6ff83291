"""Contacts and interviews."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import ContactForm, InterviewForm, LinkContactForm
from .common import done, error_text, safe_next, tracker_view


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Contacts ---------------------------------------------------------------------------


@tracker_view
def contact_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.contacts_for_user(request.user, q=q), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "tracker/contact_list.html", {"page": page, "q": q})


@tracker_view
def contact_create(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return done(
                request, reverse("tracker:contact_detail", args=[contact.pk]), f"Added {contact}."
            )
    return render(
        request, "tracker/contact_form.html", {"form": form}, status=422 if form.errors else 200
    )


@tracker_view
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact_for_user(request.user, pk)
    applications = contact.applications.filter(user=request.user).order_by("-updated_at")
    return render(
        request, "tracker/contact_detail.html", {"contact": contact, "applications": applications}
    )


@tracker_view
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact_for_user(request.user, pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return done(
                request, reverse("tracker:contact_detail", args=[contact.pk]), "Contact saved."
            )
    return render(
        request,
        "tracker/contact_form.html",
        {"form": form, "contact": contact},
        status=422 if form.errors else 200,
    )


@tracker_view
@require_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = selectors.get_contact_for_user(request.user, pk)
    name = str(contact)
    services.contact_delete(contact=contact)
    return done(request, reverse("tracker:contact_list"), f"Deleted {name}.")


@tracker_view
def application_contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new contact, created already linked to this application."""
    application = selectors.get_application_for_user(request.user, pk)
    form = ContactForm(request.POST or None, initial={"company": application.company})
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                user=request.user, data=form.cleaned_data, application_ids=[application.pk]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return done(
                request, application.get_absolute_url(), f"Added {contact} to this application."
            )
    return render(
        request,
        "tracker/contact_form.html",
        {"form": form, "application": application},
        status=422 if form.errors else 200,
    )


@tracker_view
@require_POST
def application_contact_link(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    form = LinkContactForm(request.POST, user=request.user)
    if not form.is_valid():
        return done(
            request, application.get_absolute_url(), "Choose one of your contacts.", "error"
        )
    services.contact_link(contact=form.cleaned_data["contact"], application=application)
    return done(request, application.get_absolute_url(), f"Linked {form.cleaned_data['contact']}.")


@tracker_view
@require_POST
def application_contact_unlink(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    contact = selectors.get_contact_for_user(request.user, contact_pk)
    services.contact_unlink(contact=contact, application=application)
    return done(request, application.get_absolute_url(), f"Unlinked {contact}.")


# --- Interviews -------------------------------------------------------------------------


@tracker_view
def interview_list(request: HttpRequest) -> HttpResponse:
    show_past = request.GET.get("past") == "1"
    qs = selectors.interviews_for_user(
        request.user, upcoming_from=None if show_past else timezone.now()
    )
    if show_past:
        qs = qs.filter(ends_at__lt=timezone.now()).order_by("-starts_at")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "tracker/interview_list.html", {"page": page, "show_past": show_past})


@tracker_view
def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_create(application=application, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return done(
                request, application.get_absolute_url(), "Interview added to your calendar feed."
            )
    return render(
        request,
        "tracker/interview_form.html",
        {"form": form, "application": application},
        status=422 if form.errors else 200,
    )


@tracker_view
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = selectors.get_interview_for_user(request.user, pk)
    form = InterviewForm(request.POST or None, instance=interview)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_update(interview=interview, data=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return done(request, interview.application.get_absolute_url(), "Interview updated.")
    return render(
        request,
        "tracker/interview_form.html",
        {"form": form, "application": interview.application, "interview": interview},
        status=422 if form.errors else 200,
    )


@tracker_view
@require_POST
def interview_delete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = selectors.get_interview_for_user(request.user, pk)
    back = safe_next(request, interview.application.get_absolute_url())
    try:
        services.interview_delete(interview=interview)
    except ValidationError as exc:  # pragma: no cover - nothing refuses a delete today
        return done(request, back, error_text(exc), "error")
    return done(request, back, "Interview deleted.")
