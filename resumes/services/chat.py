"""Career chat threads (C7): the reply is written by a Celery task, the page polls."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from careercopilot import ai
from careercopilot.ai.schemas import ChatContext, ChatTurn

from .. import quotas
from ..models import ChatMessage, ChatThread, JobState
from .inputs import profile_input
from .jobs import enqueue, reset_for_retry, run_job

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
        from ..tasks import chat_reply

        enqueue(chat_reply, reply.pk)
    return reply


def _context(user) -> ChatContext:
    from ..selectors import default_version, user_applications

    version = default_version(user)
    apps = [f"{a.position} at {a.company} ({a.get_status_display()})"
            for a in user_applications(user)[:20]]  # fmt: skip
    return ChatContext(
        profile=profile_input(user),
        resume_text=version.text[:12000] if version else "",
        resume_name=version.resume.name if version else "",
        applications=apps,
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
            ChatTurn(role=m.role, content=m.content)
            for m in thread.messages.filter(state=JobState.DONE, id__lt=reply.id).order_by("id")
        ]
        last_user = next((t.content for t in reversed(history) if t.role == "user"), "")
        outcome = ai.run("chat", user=thread.user, engine=quotas.engine_for(thread.user),
                         context=_context(thread.user),
                         history=history[:-1], message=last_user)  # fmt: skip
        result = outcome.result
        reply.content = result.text
        reply.actions = [
            {"label": a.label, "url": url} for a in result.actions if (url := _resolve(a.url))
        ]
        reply.sources = [s.model_dump() for s in result.sources]
        reply.engine, reply.model_name = outcome.engine, outcome.model[:80]
        reply.engine_note = outcome.note[:300]

    run_job(ChatMessage, message_id, work, metered=(lambda m: m.thread.user, quotas.CHAT_MESSAGES))


def reply_retry(*, message: ChatMessage) -> None:
    with transaction.atomic():
        reset_for_retry(message, user=message.thread.user, feature=quotas.CHAT_MESSAGES)
        from ..tasks import chat_reply

        enqueue(chat_reply, message.pk)
