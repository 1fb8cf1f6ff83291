"""Cover letters (C5), interview prep and practice feedback (C6)."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from careercopilot import ai
from careercopilot.ai.local.match import job_title
from careercopilot.ai.schemas import CoverLetterInput, PracticeInput
from careercopilot.ai.schemas import Length as LetterLength
from careercopilot.ai.schemas import Tone as LetterTone
from careercopilot.jobs.runner import (
    UserFacingError,
    enqueue,
    reset_for_retry,
    run_job,
    set_progress,
)

from .. import quotas
from ..models import CoverLetter, InterviewPrep, PracticeAnswer, ResumeVersion
from .analyses import clean_job_description
from .inputs import job_input, profile_input, resume_input

__all__ = [
    "letter_request",
    "letter_retry",
    "letter_run_now",
    "letter_update",
    "practice_run_now",
    "practice_submit",
    "prep_request",
    "prep_retry",
    "prep_run_now",
]


MAX_ANSWER_CHARS = 6000
MAX_LETTER_CHARS = 12000


def _check(user, version: ResumeVersion | None, application) -> None:
    if version is None or not version.has_text:
        raise ValidationError("Choose a resume whose text has been read.")
    if version.resume.user_id != user.pk:
        raise ValidationError("Unknown resume.")
    if application is not None and application.user_id != user.pk:
        raise ValidationError("Unknown application.")


def letter_request(
    *,
    user,
    version,
    job_description,
    company="",
    job_title="",
    tone="professional",
    length="medium",
    application=None,
    engine=None,
) -> CoverLetter:
    _check(user, version, application)
    job_description = clean_job_description(job_description)
    with transaction.atomic():
        quotas.consume(user=user, feature=quotas.COVER_LETTERS)
        letter = CoverLetter.objects.create(
            user=user,
            version=version,
            application=application,
            company=company[:200],
            job_title=job_title[:200],
            job_description=job_description,
            tone=tone,
            length=length,
            requested_engine=engine or ai.engine_for("cover_letter", user=user),
        )
        enqueue(letter)
    return letter


def letter_run_now(*, letter_id: int) -> None:
    def work(letter: CoverLetter) -> None:
        if letter.version is None or not letter.version.has_text:
            raise UserFacingError("The resume for this letter is gone or has no text.")
        set_progress(letter, 40)
        outcome = ai.cover_letter(
            user=letter.user,
            engine=letter.requested_engine,
            inp=CoverLetterInput(
                resume=resume_input(letter.version),
                job=job_input(letter),
                profile=profile_input(letter.user),
                tone=cast(LetterTone, letter.tone),
                length=cast(LetterLength, letter.length),
            ),
        )
        if not letter.job_title:
            letter.job_title = job_title(job_input(letter))[:200]
        letter.body = outcome.result.body
        letter.is_template = outcome.result.is_template
        letter.placeholders = outcome.result.placeholders
        letter.engine, letter.model_name = outcome.engine, outcome.model[:80]
        letter.engine_note = outcome.note[:300]

    run_job(CoverLetter, letter_id, work)


def letter_update(*, letter: CoverLetter, body: str) -> None:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError("The letter cannot be empty.")
    if len(body) > MAX_LETTER_CHARS:
        raise ValidationError(f"Keep the letter under {MAX_LETTER_CHARS:,} characters.")
    letter.body = body
    letter.edited_at = timezone.now()
    letter.placeholders = [p for p in letter.placeholders if p in body]
    letter.save(update_fields=["body", "edited_at", "placeholders"])


def letter_retry(*, letter: CoverLetter) -> None:
    with transaction.atomic():
        reset_for_retry(letter)
        enqueue(letter)


def prep_request(
    *, user, version, job_description, company="", job_title="", application=None, engine=None
) -> InterviewPrep:
    _check(user, version, application)
    job_description = clean_job_description(job_description)
    with transaction.atomic():
        quotas.consume(user=user, feature=quotas.INTERVIEW_PREP)
        prep = InterviewPrep.objects.create(
            user=user,
            version=version,
            application=application,
            company=company[:200],
            job_title=job_title[:200],
            job_description=job_description,
            requested_engine=engine or ai.engine_for("interview_prep", user=user),
        )
        enqueue(prep)
    return prep


def prep_run_now(*, prep_id: int) -> None:
    def work(prep: InterviewPrep) -> None:
        if prep.version is None or not prep.version.has_text:
            raise UserFacingError("The resume for this prep is gone or has no text.")
        set_progress(prep, 40)
        outcome = ai.interview_prep(
            user=prep.user,
            engine=prep.requested_engine,
            resume=resume_input(prep.version),
            job=job_input(prep),
        )
        if not prep.job_title:
            prep.job_title = job_title(job_input(prep))[:200]
        prep.questions = [q.model_dump() for q in outcome.result.questions]
        prep.engine, prep.model_name = outcome.engine, outcome.model[:80]
        prep.engine_note = outcome.note[:300]

    run_job(InterviewPrep, prep_id, work)


def prep_retry(*, prep: InterviewPrep) -> None:
    with transaction.atomic():
        reset_for_retry(prep)
        enqueue(prep)


def practice_submit(*, prep: InterviewPrep, question: str, answer: str) -> PracticeAnswer:
    answer = (answer or "").strip()
    question = (question or "").strip()
    if len(answer.split()) < 5:
        raise ValidationError("Write your answer first (at least a few sentences).")
    if len(answer) > MAX_ANSWER_CHARS:
        raise ValidationError(f"Keep the answer under {MAX_ANSWER_CHARS:,} characters.")
    if not question:
        raise ValidationError("Choose the question you are answering.")
    with transaction.atomic():
        quotas.consume(user=prep.user, feature=quotas.INTERVIEW_PREP)
        row = PracticeAnswer.objects.create(prep=prep, question=question[:1000], answer=answer)
        enqueue(row)
    return row


def practice_run_now(*, answer_id: int) -> None:
    def work(row: PracticeAnswer) -> None:
        outcome = ai.practice_feedback(
            user=row.prep.user,
            engine=row.prep.requested_engine,
            inp=PracticeInput(question=row.question, answer=row.answer),
        )
        row.feedback = outcome.result.model_dump()
        row.score = outcome.result.score
        row.engine, row.model_name = outcome.engine, outcome.model[:80]
        row.engine_note = outcome.note[:300]

    run_job(PracticeAnswer, answer_id, work)
