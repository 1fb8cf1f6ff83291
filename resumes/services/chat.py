"""Career chat threads (C7): the reply is written by a Celery task, the page polls."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from careercopilot import ai
from careercopilot.ai.schemas import (
    ChatAnalysis,
    ChatApplication,
    ChatContext,
    ChatRole,
    ChatTurn,
)
from careercopilot.jobs.models import JobState
from careercopilot.jobs.runner import enqueue, reset_for_retry, run_job

from .. import quotas
from ..models import ChatMessage, ChatThread
from .inputs import profile_input

__all__ = [
    "message_post",
    "reply_retry",
    "reply_run",
    "thread_create",
    "thread_delete",
]


MAX_MESSAGE_CHARS = 4000


def thread_create(*, user, title: str = "") -> ChatThread:
    return ChatThread.objects.create(user=user, title=(title.strip() or "New conversation")[:120])


def thread_delete(*, thread: ChatThread) -> None:
    thread.delete()


def message_post(*, thread: ChatThread, content: str) -> ChatMessage:
    """Stores the user's message and a pending reply, and queues the reply."""
    content = (content or "").strip()
    if not content:
        raise ValidationError("Write a message first.")
    if len(content) > MAX_MESSAGE_CHARS:
        raise ValidationError(f"Keep messages under {MAX_MESSAGE_CHARS:,} characters.")
    with transaction.atomic():
        quotas.consume(user=thread.user, feature=quotas.CHAT_MESSAGES)
        ChatMessage.objects.create(
            thread=thread, role=ChatMessage.Role.USER, content=content, state=JobState.DONE
        )
        reply = ChatMessage.objects.create(thread=thread, role=ChatMessage.Role.ASSISTANT)
        if thread.title == "New conversation":
            thread.title = content[:80]
        thread.updated_at = timezone.now()
        thread.save(update_fields=["title", "updated_at"])
        enqueue(reply)
    return reply


def _context(user) -> ChatContext:
    """What the chat may answer from: the default resume, applications and match analyses."""
    from django.db.models import Min, Q

    from ..models import AnalysisKind, MatchAnalysis
    from ..selectors import default_version, user_applications

    now = timezone.now()
    version = default_version(user)
    applications = list(
        user_applications(user).annotate(
            next_interview=Min("interviews__starts_at", filter=Q(interviews__starts_at__gte=now))
        )[:20]
    )
    analyses = MatchAnalysis.objects.filter(
        user=user, kind=AnalysisKind.MATCH, state=JobState.DONE, score__isnull=False
    ).order_by("-created_at")[:10]

    def iso(value) -> str:
        return value.isoformat() if value else ""

    def when(value) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    return ChatContext(
        profile=profile_input(user),
        resume_text=version.text[:12000] if version else "",
        resume_name=version.resume.name if version else "",
        applications=[
            f"{a.position} at {a.company} ({a.get_status_display()})" for a in applications
        ],
        tracked=[
            ChatApplication(
                position=a.position,
                company=a.company,
                status=a.get_status_display(),
                applied_on=iso(a.applied_on),
                deadline=iso(a.deadline),
                followed_up_on=iso(a.followed_up_on),
                next_interview=when(a.next_interview),
            )
            for a in applications
        ],
        analyses=[
            ChatAnalysis(
                job_title=a.job_title,
                company=a.company,
                score=a.score or 0,
                matched_skills=[s["skill"] for s in a.result.get("matched_skills", [])],
                missing_skills=[s["skill"] for s in a.result.get("missing_skills", [])],
                created_on=timezone.localtime(a.created_at).date().isoformat(),
            )
            for a in analyses
        ],
        today=timezone.localdate().isoformat(),
    )


def _resolve(url: str) -> str:
    if url.startswith("/"):
        return url
    try:
        return reverse(url)
    except NoReverseMatch:
        return ""


def reply_run(*, message_id: int) -> None:
    def work(reply: ChatMessage) -> None:
        thread = reply.thread
        history = [
            ChatTurn(role=cast(ChatRole, m.role), content=m.content)
            for m in thread.messages.filter(state=JobState.DONE, id__lt=reply.id).order_by("id")
        ]
        last_user = next((t.content for t in reversed(history) if t.role == "user"), "")
        outcome = ai.chat(
            user=thread.user,
            context=_context(thread.user),
            history=history[:-1],
            message=last_user,
        )
        result = outcome.result
        reply.content = result.text
        reply.actions = [
            {"label": a.label, "url": url} for a in result.actions if (url := _resolve(a.url))
        ]
        reply.sources = [s.model_dump() for s in result.sources]
        reply.engine, reply.model_name = outcome.engine, outcome.model[:80]
        reply.engine_note = outcome.note[:300]

    run_job(ChatMessage, message_id, work)


def reply_retry(*, message: ChatMessage) -> None:
    with transaction.atomic():
        reset_for_retry(message)
        enqueue(message)
