"""What a chat message asks for: one intent, from cue words first and example questions next.

Cue patterns are precise but narrow; the example questions, compared by sentence
embedding, catch other wordings of the same request. An intent needs either a cue or an
example close enough (MIN_EXAMPLE_SIMILARITY, set on our own question set in
resumes/tests/test_chat_answers.py, not on any evaluation data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from .embeddings import embed

MIN_EXAMPLE_SIMILARITY = 0.62


@dataclass(frozen=True)
class Intent:
    key: str
    cue: re.Pattern
    examples: tuple[str, ...]


def _cue(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# Order matters when two cues match: the first listed wins.
INTENTS = (
    Intent(
        "cover_letter",
        _cue(r"\bcover\s*letters?\b"),
        ("Write a cover letter for this job", "Can you draft a letter for my application?"),
    ),
    Intent(
        "interviews",
        _cue(
            r"\b(when|what time|which day)\b.*\binterviews?\b|\b(next|upcoming|scheduled)\s+interviews?\b"
        ),  # noqa: E501
        ("When is my next interview?", "Do I have any interviews coming up this week?"),
    ),
    Intent(
        "interview_prep",
        _cue(
            r"\binterview\b.*\b(question|prep|practi[cs]e|ready|tips?)|\b(mock|practi[cs]e|prepare)\b.*\binterview"
        ),  # noqa: E501
        ("Help me prepare for my interview", "What questions will they ask me in the interview?"),
    ),
    Intent(
        "follow_up",
        _cue(r"\bfollow(?:ed|ing)?[\s-]*up\b|\bhaven'?t heard back\b|\bno (?:reply|response)\b"),
        (
            "Who should I follow up with?",
            "I applied two weeks ago and heard nothing. What now?",
            "Has anyone replied to my applications?",
        ),
    ),
    Intent(
        "fit",
        _cue(
            r"\b(good|strong|right|great) (fit|match)\b|\bmatch(?:ing)? score\b|\bmy (score|chances?)\b|\bhow (well )?do i (fit|match|compare)\b|\b(score|rate|analy[sz]e|check|compare)\b.*\b(resume|cv)\b.*\b(for|against|with)\b"
        ),  # noqa: E501
        (
            "Am I a good fit for this job?",
            "How well does my resume match the data engineer role?",
            "What are my chances at Acme?",
        ),
    ),
    Intent(
        "skill_gaps",
        _cue(
            r"\b(skills?|what)\b.*\b(missing|lack|gaps?)\b|\bwhat (?:skills? )?should i (learn|study)\b|\bskill gaps?\b"
        ),  # noqa: E501
        (
            "What skills am I missing?",
            "What should I learn next to get hired?",
            "Which skills do employers want that I don't have?",
            "What am I lacking for the jobs I want?",
            "Which technologies should I pick up?",
        ),
    ),
    Intent(
        "my_skills",
        _cue(
            r"\b(my|i have)\b.*\b(strongest |top |best |main |key )?(skills|strengths)\b(?!.*\b(missing|lack|gaps?|learn)\b)|\bwhat am i good at\b"
        ),  # noqa: E501
        ("What are my strongest skills?", "Which skills does my resume show?"),
    ),
    Intent(
        "rank",
        _cue(
            r"\b(rank|prioriti[sz]e)\b|\bwhich (?:job|application|role|posting)s?\b.*\b(apply|first|best|focus)\b|\bbest fit\b"
        ),  # noqa: E501
        ("Which of my saved jobs should I apply to first?", "Rank the jobs I am tracking."),
    ),
    Intent(
        "applications",
        _cue(
            r"\b(my|i have|i've)\b.*\bapplications?\b|\bapplied (?:to|for)\b.*\?|\bhow many (?:jobs|applications)\b|\bstatus of\b.*\b(jobs?|applications?)\b|\bmy (?:job )?(?:search|pipeline)\b"
        ),  # noqa: E501
        (
            "How many applications do I have?",
            "What's the status of my job applications?",
            "Which companies have I applied to?",
            "How is my job hunt going?",
        ),
    ),
    Intent(
        "resume_review",
        _cue(
            r"\b(improve|fix|review|feedback|better|wrong|weak|strong enough|ats|too long|too short|how long is)\b.*\b(my )?(resume|cv)\b|\bmy (resume|cv)\b.*\b(good|ok|okay|ready|long|short|ats|applicant tracking|pass|improve|better)\b"
        ),  # noqa: E501
        (
            "How can I improve my resume?",
            "Is my resume good enough?",
            "What is wrong with my CV?",
        ),
    ),
)
PERSONAL = _cue(r"\b(my|me|i|i'm|i've|mine)\b")


@cache
def _example_vectors() -> tuple[list[str], np.ndarray]:
    keys = [intent.key for intent in INTENTS for _ in intent.examples]
    vectors = embed([example for intent in INTENTS for example in intent.examples])
    return keys, vectors


def detect(message: str) -> str:
    """The intent key, or '' when the message asks for none of them (a general question)."""
    for intent in INTENTS:
        if intent.cue.search(message):
            return intent.key
    if not PERSONAL.search(message):
        return ""  # general questions go to the guide
    keys, vectors = _example_vectors()
    scores = vectors @ embed([message])[0]
    best = int(np.argmax(scores))
    return keys[best] if scores[best] >= MIN_EXAMPLE_SIMILARITY else ""
