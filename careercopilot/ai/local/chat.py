"""Career chat, local mode (C7): answers built from the user's own data, or a labelled guide.

The message is routed by intent (chat_intents). Questions about the user — their resume,
applications, interviews, match analyses, skills — are answered from that data, measured
the same way the product's features measure it. Requests a feature does better (a cover
letter, interview prep, ranking) get that feature as an action. General questions quote
the closest section of the in-repo guide, and the reply says it is a fixed guide, the same
for everyone. Nothing about the user is stated that their data does not show.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from ..schemas import ChatAction, ChatContext, ChatReply, ChatSource, ChatTurn, ResumeInput
from . import quality
from .chat_intents import detect
from .embeddings import embed, similarity
from .prose import join_list
from .taxonomy import taxonomy

KNOWLEDGE = Path(__file__).resolve().parent.parent / "data" / "knowledge.md"
MIN_SIMILARITY = 0.3  # a guide section closer than this to the question is quoted
ASKED_ABOUT = 0.35  # a resume check this close to the question is reported first
FOLLOW_UP_AFTER_DAYS = 7
FOLLOW_ON_WORDS = 6  # a message this short may continue the previous question
# Words that show which resume check a question is about.
CHECK_CUES = {
    key: re.compile(pattern, re.IGNORECASE)
    for key, pattern in {
        "contact": r"\b(contact|e-?mail|phone|linkedin)\b",
        "sections": r"\b(sections?|headings?)\b",
        "quantified": r"\b(numbers?|metrics?|quantif\w*|measurable)\b",
        "action_verbs": r"\b(verbs?|bullet points?)\b",
        "weak_phrases": r"\b(phrases?|buzzwords?|clich\w*|filler)\b",
        "length": r"\b(long|short|length|pages?|how many words)\b",
        "tense": r"\b(tense)\b",
        "parseable": r"\b(ats|applicant tracking|parse|format(?:ting)?|scanned)\b",
    }.items()
}
GUIDE_LABEL = "This part is a fixed guide, the same for every user: from the Career Copilot guide"
# Route names of the product's pages; the caller turns them into URLs.
ANALYSE = ChatAction(label="Run a match analysis", url="resumes:analysis_new")
LETTER = ChatAction(label="Draft a cover letter", url="resumes:letter_new")
PREP = ChatAction(label="Prepare for the interview", url="resumes:prep_new")
RANK = ChatAction(label="Rank my saved jobs", url="resumes:fit_ranking")
UPLOAD = ChatAction(label="Upload a resume", url="resumes:resume_list")
TRACKER = ChatAction(label="Open the tracker", url="tracker:board")
ADD_APPLICATION = ChatAction(label="Track an application", url="tracker:application_create")


@dataclass
class _Section:
    title: str
    text: str


@dataclass
class _Answer:
    parts: list[str] = field(default_factory=list)
    actions: list[ChatAction] = field(default_factory=list)
    sources: list[ChatSource] = field(default_factory=list)


@cache
def _sections() -> tuple[list[_Section], np.ndarray]:
    raw = KNOWLEDGE.read_text(encoding="utf-8")
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    found = []
    for block in raw.split("\n## ")[1:]:
        title, _, body = block.partition("\n")
        found.append(_Section(title.strip(), " ".join(body.split())))
    vectors = embed([f"{s.title}. {s.text}" for s in found])
    return found, vectors


def _guide(message: str, answer: _Answer, *, limit: int = 1) -> bool:
    """Quotes the guide sections closest to the message, labelled as a fixed guide."""
    sections, vectors = _sections()
    scores = vectors @ embed([message])[0]
    order = [i for i in np.argsort(-scores)[:limit] if scores[i] >= MIN_SIMILARITY]
    for i in order:
        answer.sources.append(ChatSource(title=sections[i].title, excerpt=sections[i].text))
        answer.parts.append(f"{GUIDE_LABEL}, “{sections[i].title}”: {sections[i].text}")
    return bool(order)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _today(context: ChatContext) -> dt.date:
    return _date(context.today) or dt.date.today()


def _resume_name(context: ChatContext) -> str:
    return f"“{context.resume_name}”" if context.resume_name else "(your default resume)"


def _no_resume(answer: _Answer) -> _Answer:
    answer.parts.append(
        "You have no resume with readable text yet, so I have nothing of yours to check. "
        "Upload one and ask again."
    )
    answer.actions.append(UPLOAD)
    return answer


def _mentioned(message: str, jobs: list[tuple[str, str]]) -> tuple[int | None, int]:
    """The job (title, company) the message names most, and how strongly: company words
    count double, so 'the engineer job at Initech' is Initech's even if titles share words."""
    asked = set(re.findall(r"[a-z0-9]{3,}", message.lower()))

    def overlap(text: str) -> int:
        return len(asked & set(re.findall(r"[a-z0-9]{3,}", text.lower())))

    scores = [2 * overlap(company) + overlap(title) for title, company in jobs]
    best = max(range(len(jobs)), key=lambda i: scores[i], default=None)
    return (best, scores[best]) if best is not None and scores[best] > 0 else (None, 0)


def _tracked_jobs(context: ChatContext) -> list[tuple[str, str]]:
    return [(t.position, t.company) for t in context.tracked]


def _analysed_jobs(context: ChatContext) -> list[tuple[str, str]]:
    return [(a.job_title, a.company) for a in context.analyses]


# --- Answers from the user's data ----------------------------------------------------------
def _resume_review(context: ChatContext, message: str) -> _Answer:
    answer = _Answer()
    if not context.resume_text.strip():
        _no_resume(answer)
        _guide(message, answer)
        return answer
    report = quality.assess(ResumeInput(text=context.resume_text))
    checks = report.checks
    closeness = similarity([message], [f"{c.label}. {c.detail}" for c in checks])[0]
    asked = [c for c in checks if (cue := CHECK_CUES.get(c.key)) and cue.search(message)]
    asked = (
        asked
        or [
            c
            for c, s in sorted(zip(checks, closeness, strict=True), key=lambda p: -p[1])
            if s >= ASKED_ABOUT
        ][:1]
    )
    failing = sorted((c for c in checks if not c.passed and c not in asked), key=lambda c: c.score)
    answer.parts.append(
        f"I checked {_resume_name(context)} with the resume quality rules: it scores "
        f"{report.score}/100 ({sum(c.passed for c in checks)} of {len(checks)} checks pass)."
    )
    for check in [*asked, *failing][:3]:
        line = f"{check.label} ({'passes' if check.passed else 'needs work'}): {check.detail}"
        if check.lines and not check.passed:
            line += f" For example: “{check.lines[0]}”."
        answer.parts.append(line)
    if all(c.passed for c in checks):
        answer.parts.append("Every check passes; tailor it to each job with a match analysis.")
    answer.actions.append(ANALYSE)
    return answer


def _fit(context: ChatContext, message: str) -> _Answer:
    answer = _Answer(actions=[ANALYSE])
    if not context.analyses:
        resume = f"your resume {_resume_name(context)}" if context.resume_text else "a resume"
        answer.parts.append(
            "You have no finished match analysis yet, so I have no score to report. A match "
            f"analysis compares {resume} with a job line by line and scores the fit."
        )
        if context.tracked:
            first = context.tracked[0]
            answer.parts.append(f"You could start with {first.position} at {first.company}.")
        return answer
    index, strength = _mentioned(message, _analysed_jobs(context))
    tracked_index, tracked_strength = _mentioned(message, _tracked_jobs(context))
    if tracked_index is not None and tracked_strength > strength:
        index = None
        job = context.tracked[tracked_index]
        answer.parts.append(
            f"You have not analysed {job.position} at {job.company} yet, so I cannot say how "
            "well you fit it. Run a match analysis on it; here is your latest one instead."
        )
    analysis = context.analyses[index or 0]
    where = " at ".join(p for p in (analysis.job_title or "the job", analysis.company) if p)
    when = f" on {analysis.created_on}" if analysis.created_on else ""
    answer.parts.append(f"Your match analysis for {where}{when} scored {analysis.score}/100.")
    if analysis.matched_skills:
        answer.parts.append(
            "Skills the job asks for that your resume shows: "
            f"{join_list(analysis.matched_skills[:8])}."
        )
    if analysis.missing_skills:
        answer.parts.append(
            "Skills the job asks for that your resume does not show: "
            f"{join_list(analysis.missing_skills[:8])}. If you have them, add a line that shows "
            "each one."
        )
    others = [a for a in context.analyses if a is not analysis][:4]
    if others:
        answer.parts.append(
            "Your other analyses: "
            + "; ".join(f"{a.job_title or 'job'} at {a.company or '?'}: {a.score}" for a in others)
            + "."
        )
    if len(context.tracked) > 1:
        answer.actions.append(RANK)
    return answer


def _skill_gaps(context: ChatContext, message: str) -> _Answer:
    answer = _Answer(actions=[ANALYSE])
    if not context.analyses:
        answer.parts.append(
            "I can only name missing skills against real jobs, and you have no finished match "
            "analysis yet. Run one on a job you want; it lists the skills the job asks for "
            "that your resume does not show."
        )
        return answer
    counts = Counter(skill for a in context.analyses for skill in dict.fromkeys(a.missing_skills))
    if not counts:
        answer.parts.append(
            f"Your {len(context.analyses)} match analyses found no skill the jobs ask for that "
            "your resume lacks."
        )
        return answer
    listed = [f"{skill} ({n} job{'s' if n > 1 else ''})" for skill, n in counts.most_common(8)]
    answer.parts.append(
        f"Across your {len(context.analyses)} match analyses, the jobs asked for these skills "
        f"that your resume does not show: {join_list(listed)}."
    )
    answer.parts.append(
        "Start with the ones more than one job asks for. If you already have one, add a resume "
        "line that shows it in use rather than learning it again."
    )
    return answer


def _my_skills(context: ChatContext, message: str) -> _Answer:
    answer = _Answer()
    if not context.resume_text.strip():
        return _no_resume(answer)
    named = taxonomy().find(context.resume_text).named
    if not named:
        answer.parts.append(
            f"I found no skill names in {_resume_name(context)}. A skills section with the "
            "tools and methods you use helps both ATS searches and this answer."
        )
        return answer
    ranked = sorted(named.items(), key=lambda item: -len(item[1]))
    answer.parts.append(
        f"Your resume {_resume_name(context)} names {len(named)} skills. The ones it shows "
        f"on the most lines: {join_list([f'{s} ({len(ls)})' for s, ls in ranked[:8]])}."
    )
    for skill, evidence in ranked[:2]:
        answer.parts.append(f"{skill}, for example: “{evidence[0].rstrip('.')}”.")
    if context.profile.skills:
        answer.parts.append(f"Skills in your profile: {join_list(context.profile.skills[:10])}.")
    return answer


def _applications(context: ChatContext, message: str) -> _Answer:
    answer = _Answer(actions=[TRACKER])
    if not context.tracked:
        answer.parts.append("You are not tracking any applications yet.")
        answer.actions = [ADD_APPLICATION]
        return answer
    counts = Counter(t.status.lower() for t in context.tracked)
    answer.parts.append(
        f"You are tracking {len(context.tracked)} application"
        f"{'s' if len(context.tracked) > 1 else ''}: "
        + join_list([f"{n} {status}" for status, n in counts.most_common()])
        + "."
    )
    for job in context.tracked[:6]:
        applied = f", applied on {job.applied_on}" if job.applied_on else ""
        answer.parts.append(f"{job.position} at {job.company}: {job.status}{applied}.")
    today = _today(context)
    soon = [
        t
        for t in context.tracked
        if (d := _date(t.deadline)) and today <= d <= today + dt.timedelta(days=14)
    ]
    if soon:
        answer.parts.append(
            "Deadlines in the next two weeks: "
            + "; ".join(f"{t.position} at {t.company} on {t.deadline}" for t in soon)
            + "."
        )
    return answer


def _upcoming(context: ChatContext) -> list:
    today = _today(context)
    dated = [(d, t) for t in context.tracked if (d := _date(t.next_interview)) and d >= today]
    return [t for _, t in sorted(dated, key=lambda pair: pair[0])]


def _interviews(context: ChatContext, message: str) -> _Answer:
    answer = _Answer(actions=[PREP])
    upcoming = _upcoming(context)
    if not upcoming:
        answer.parts.append(
            "Your tracker has no upcoming interview. Add one to an application and it appears "
            "here and in your calendar feed."
        )
        answer.actions.append(TRACKER)
        return answer
    first = upcoming[0]
    answer.parts.append(
        f"Your next interview: {first.position} at {first.company}, {first.next_interview}."
    )
    if upcoming[1:]:
        answer.parts.append(
            "After that: "
            + "; ".join(f"{t.position} at {t.company}, {t.next_interview}" for t in upcoming[1:4])
            + "."
        )
    return answer


def _follow_up(context: ChatContext, message: str) -> _Answer:
    answer = _Answer()
    today = _today(context)
    waiting = []
    for job in context.tracked:
        applied = _date(job.applied_on)
        last = _date(job.followed_up_on) or applied
        if job.status.lower() == "applied" and last and (today - last).days >= FOLLOW_UP_AFTER_DAYS:
            waiting.append((job, (today - last).days))
    if waiting:
        answer.parts.append(
            "In your tracker, applied with no follow-up in the last week: "
            + "; ".join(f"{j.position} at {j.company} ({days} days)" for j, days in waiting[:6])
            + "."
        )
        answer.actions.append(TRACKER)
    elif context.tracked:
        answer.parts.append(
            "None of your tracked applications has waited a week since you applied or last "
            "followed up."
        )
    else:
        answer.parts.append("You are not tracking any applications, so I cannot say whom to chase.")
        answer.actions.append(ADD_APPLICATION)
    _guide("Following up after applying or interviewing", answer)
    return answer


def _one_application(context: ChatContext, message: str) -> _Answer | None:
    """A question that names one of the user's jobs: its status, dates and match score."""
    index, _ = _mentioned(message, _tracked_jobs(context))
    if index is None:
        return None
    job = context.tracked[index]
    answer = _Answer(actions=[TRACKER])
    facts = [f"{job.position} at {job.company} is at “{job.status}” in your tracker"]
    facts += [f"you applied on {job.applied_on}"] if job.applied_on else []
    facts += [f"you last followed up on {job.followed_up_on}"] if job.followed_up_on else []
    facts += [f"the next interview is {job.next_interview}"] if job.next_interview else []
    facts += [f"the deadline is {job.deadline}"] if job.deadline else []
    answer.parts.append(join_list(facts) + ".")
    analysis = next(
        (a for a in context.analyses if a.company.strip().lower() == job.company.strip().lower()),
        None,
    )
    if analysis is not None:
        answer.parts.append(f"Its match analysis scored {analysis.score}/100.")
    else:
        answer.parts.append("It has no match analysis yet.")
        answer.actions.append(ANALYSE)
    return answer


# --- Features the product does better -------------------------------------------------------
def _cover_letter(context: ChatContext, message: str) -> _Answer:
    answer = _Answer(actions=[LETTER])
    answer.parts.append(
        "The cover letter tool drafts a letter from the lines of your resume that match the job, "
        "as a marked template you then edit and export as DOCX, PDF or text."
    )
    if context.resume_text:
        answer.parts.append(f"It will start from {_resume_name(context)}.")
    else:
        _no_resume(answer)
    index, _ = _mentioned(message, _tracked_jobs(context))
    if index is not None:
        job = context.tracked[index]
        answer.parts.append(f"Pick “{job.position} at {job.company}” from your applications.")
    return answer


def _interview_prep(context: ChatContext, message: str) -> _Answer:
    answer = _Answer(actions=[PREP])
    answer.parts.append(
        "Interview prep lists likely questions for the job (behavioural, technical, and the "
        "gaps in your resume) with STAR guidance, and gives feedback on answers you type."
    )
    upcoming = _upcoming(context)
    if upcoming:
        job = upcoming[0]
        answer.parts.append(
            f"Your next interview is {job.position} at {job.company}, {job.next_interview}: "
            "start with that one."
        )
    return answer


def _rank(context: ChatContext, message: str) -> _Answer:
    answer = _Answer(actions=[RANK])
    count = len(context.tracked)
    answer.parts.append(
        "Fit ranking scores each saved application against your default resume and sorts them."
        + (f" You are tracking {count} application{'s' if count != 1 else ''}." if count else "")
    )
    if context.analyses:
        best = max(context.analyses, key=lambda a: a.score)
        answer.parts.append(
            f"So far your best match analysis is {best.job_title or 'a job'} at "
            f"{best.company or '?'} ({best.score}/100)."
        )
    return answer


def _general(context: ChatContext, message: str) -> _Answer:
    answer = _Answer()
    if not _guide(message, answer, limit=1):
        answer.parts.append(
            "I could not find this in the Career Copilot guide, and it is not something your "
            "data answers. Offline, I can answer from your resume, applications, interviews and "
            "match analyses (for example “How can I improve my resume?”, “What skills am I "
            "missing?”, “When is my next interview?”), and quote the guide on general "
            "questions such as negotiating an offer or explaining a gap."
        )
    return answer


ANSWERS: dict[str, Callable[[ChatContext, str], _Answer]] = {
    "resume_review": _resume_review,
    "fit": _fit,
    "skill_gaps": _skill_gaps,
    "my_skills": _my_skills,
    "applications": _applications,
    "interviews": _interviews,
    "follow_up": _follow_up,
    "cover_letter": _cover_letter,
    "interview_prep": _interview_prep,
    "rank": _rank,
    "": _general,
}


def _follow_on(history: list[ChatTurn], message: str) -> str:
    """A short message with no intent of its own ('And for Globex?') continues the last one."""
    if len(message.split()) > FOLLOW_ON_WORDS:
        return ""
    previous = [turn.content for turn in history if turn.role == "user"]
    return detect(previous[-1]) if previous else ""


def reply(context: ChatContext, history: list[ChatTurn], message: str) -> ChatReply:
    text = message.strip()
    intent = detect(text) or _follow_on(history, text)
    answer = (intent == "" and _one_application(context, text)) or ANSWERS[intent](context, text)
    return ChatReply(text="\n\n".join(answer.parts), actions=answer.actions, sources=answer.sources)
