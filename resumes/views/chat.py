"""Career chat (C7): threads, messages, polled replies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import htmx_login_required
from careercopilot import ai
from careercopilot.ratelimit import rate_limited
from careercopilot.web import error_text

from .. import quotas, selectors, services
from ..forms import ChatForm
from ..models import ChatThread
from .common import done, polled, quota_context


@htmx_login_required
def chat_index(request: HttpRequest) -> HttpResponse:
    thread = ChatThread.objects.filter(user=request.user).first()
    if thread:
        return redirect(thread.get_absolute_url())
    return render(request, "resumes/chat.html", _context(request, None, ChatForm()))


def _context(request, thread, form) -> dict:
    return {
        "threads": ChatThread.objects.filter(user=request.user)[:30],
        "thread": thread,
        "chat_messages": thread.messages.all() if thread else [],
        "form": form,
        "engine": ai.engine_for("chat", user=request.user),
    }


@htmx_login_required
@require_POST
def chat_new(request: HttpRequest) -> HttpResponse:
    thread = services.thread_create(user=request.user)
    return done(request, thread.get_absolute_url())


@htmx_login_required
def chat_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_user(request.user, pk)
    return render(request, "resumes/chat.html", _context(request, thread, ChatForm()))


@htmx_login_required
@require_POST
@rate_limited("ai")
def chat_post(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_user(request.user, pk)
    form = ChatForm(request.POST)
    context = _context(request, thread, form)
    if form.is_valid():
        try:
            services.message_post(thread=thread, content=form.cleaned_data["content"])
        except ValidationError as exc:
            form.add_error("content", error_text(exc))
        except quotas.QuotaExceeded as exc:
            context.update(quota_context(exc))
        else:
            return done(request, thread.get_absolute_url())
    return render(request, "resumes/chat.html", context, status=422)


@htmx_login_required
def chat_message(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.get_message_for_user(request.user, pk)
    context = {"m": message}
    return polled(request, "resumes/partials/chat_message.html", "message", context, message) or (
        redirect(message.thread.get_absolute_url())
    )


@htmx_login_required
@require_POST
def chat_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.get_message_for_user(request.user, pk)
    try:
        services.reply_retry(message=message)
    except (services.UserFacingError, quotas.QuotaExceeded) as exc:
        return done(request, message.thread.get_absolute_url(), str(exc), "error")
    return done(request, message.thread.get_absolute_url())


@htmx_login_required
@require_POST
def chat_delete(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.get_thread_for_user(request.user, pk)
    services.thread_delete(thread=thread)
    return done(request, reverse("resumes:chat"), "Conversation deleted.")
