"""AI tutor, local mode (E7): hints and questions built from the assignment, never the answer.

The local engine does not compose prose. Each reply is assembled from clearly templated
study moves (how to check evidence, how to plan structure, …) chosen by the rubric
criteria they serve, and filled only with real data: sentences quoted from the
assignment's instructions, the rubric's own criteria, and counts measured on the student's
draft. Requests for the graded work itself (``tutor_intent``) get a firm, friendly
refusal with a concrete next step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..schemas import TutorContext, TutorCriterion, TutorReply, TutorTurn
from . import tutor_intent
from .embeddings import embed
from .text import NUMBER_RE
from .tutor_intent import Intent

MIN_RELEVANCE = 0.25
MAX_QUOTE = 240


@dataclass(frozen=True)
class Move:
    """A study move for one kind of rubric criterion: a hint and a question to think about."""

    key: str
    pattern: re.Pattern
    hint: str
    question: str


def _move(key: str, pattern: str, hint: str, question: str) -> Move:
    return Move(key, re.compile(pattern, re.I), hint, question)


MOVES = (
    _move(
        "star",
        r"\bstar\b|situation|\btask\b|\baction\b",
        "For each story, write four short notes before any sentences: Situation, Task, "
        "Action, Result. Keep the Action about what you did, not the team, and give the "
        "Result a number if you can.",
        "In each story, which sentence says what you personally did?",
    ),
    _move(
        "evidence",
        r"evidence|example|number|data|result|support|proof|source|citation|quantif|metric|impact",  # noqa: E501
        "List the claims you make, and next to each one what backs it up: a result, a "
        "number or a concrete example. A claim with nothing next to it needs evidence, or "
        "it needs to go.",
        "Which of your claims would a sceptical reader still believe if you deleted the "
        "adjectives?",
    ),
    _move(
        "thesis",
        r"thesis|argument|\bclaim|position|main idea|stance",
        "State your main point to yourself in one sentence of under 25 words. If you "
        "can't yet, decide what you want to argue before you write more.",
        "What is the one sentence you want the reader to remember?",
    ),
    _move(
        "structure",
        r"structur|organi[sz]|order|flow|\barc\b|logic|paragraph|outline|sequence|who you are",  # noqa: E501
        "Write one line per part of your answer, in order, before you write sentences, "
        "and check that each line leads to the next.",
        "If a reader saw only the first sentence of each part, would they follow you?",
    ),
    _move(
        "audience",
        r"audience|tailor|relevan|\brole\b|compan|reader|recruiter|employer|\bfit|posting",  # noqa: E501
        "Underline the words in the prompt or posting that matter most to your reader, "
        "then check which of them your draft answers.",
        "Who exactly reads this, and what do they need to decide after reading it?",
    ),
    _move(
        "clarity",
        r"clarit|clear|concise|readab|plain|follow|simple|jargon|one idea",
        "Read your draft aloud and mark every sentence where you ran out of breath or had "
        "to re-read: those are the ones to split or simplify.",
        "Which sentence could you cut in half without losing anything?",
    ),
    _move(
        "mechanics",
        r"mechanic|grammar|spelling|punctuation|format|typo|proofread",
        "Do a separate pass for mechanics only, once the content is done: read it "
        "backwards, sentence by sentence, so you see the words rather than the meaning.",
        "Which mistakes do you know you tend to make, and have you searched for them?",
    ),
    _move(
        "delivery",
        r"deliver|\bpace|eye contact|energy|voice|tone|confiden|body language",
        "Record yourself once, watch it without sound, then listen without the picture. "
        "Note one thing to change in each.",
        "Where in your recording do you speed up or trail off?",
    ),
    _move(
        "conclusion",
        r"conclu|closing|call to action|ending",
        "A closing points forward: what happens next, or what you want the reader to do. "
        "It is not the place for new evidence.",
        "What should the reader do or think right after your last sentence?",
    ),
    _move(
        "counter",
        r"counter|opposing|rebut|objection|limitation",
        "Write down the strongest objection a critic would raise, then decide how your "
        "answer deals with it.",
        "What would someone who disagrees with you say first?",
    ),
    _move(
        "reflection",
        r"reflect|\blearn|insight|growth|lesson",
        "Name what changed in how you work because of the experience, and one time you "
        "have done it differently since.",
        "What do you do differently now because of what happened?",
    ),
)
GENERIC_MOVE = Move(
    "generic",
    re.compile(r"$^"),
    "Rewrite the criterion as a yes/no question in your own words, then look for the "
    "sentence in your draft that answers it.",
    "Which sentence in your draft would you point to as proof that you meet this criterion?",
)
TOPIC_MOVES = (
    _move(
        "opening",
        r"\bintro|opening|\bhook\b|first sentence|first line",
        "An opening has one job: make the reader want the next sentence. Write three "
        "possible first sentences in your own words and keep the one that says the most "
        "specific thing.",
        "What is the most specific fact in your answer, and could it come first?",
    ),
    _move(
        "conclusion",
        r"conclu|closing|ending|last (?:sentence|line|paragraph)",
        MOVES[8].hint,
        MOVES[8].question,
    ),
    _move("thesis", r"thesis|main point|main argument", MOVES[2].hint, MOVES[2].question),
)
LENGTH_QUESTION = re.compile(
    r"\bhow (?:long|many words|much)\b|\blength\b|\bword (?:count|limit)\b"
)
HAS_LIMIT = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six)[- ](?:words?|sentences?|pages?|seconds?|minutes?)\b|\bat most\b",  # noqa: E501
    re.I,
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“(])")


# --- Reading the context ------------------------------------------------------------------------
def instruction_sentences(context: TutorContext) -> list[str]:
    text = " ".join(context.instructions.split())
    return [s.strip() for s in SENTENCE_SPLIT.split(text) if len(s.strip()) > 3]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rsplit(" ", 1)[0] + "…"


def move_for(criterion: TutorCriterion) -> Move:
    text = f"{criterion.title} {criterion.description}"
    title_hit = next((m for m in MOVES if m.pattern.search(criterion.title)), None)
    return title_hit or next((m for m in MOVES if m.pattern.search(text)), GENERIC_MOVE)


def _ranked(message: str, candidates: list[str]) -> list[tuple[int, float]]:
    if not candidates or not message.strip():
        return []
    vectors = embed([message, *candidates])
    scores = vectors[1:] @ vectors[0]
    return [(int(i), float(scores[i])) for i in np.argsort(-scores)]


def relevant_criteria(context: TutorContext, message: str, limit: int = 2) -> list[TutorCriterion]:
    """Criteria the message names, else the ones closest to it in meaning."""
    lowered = message.lower()
    named = [c for c in context.criteria if c.title and c.title.lower() in lowered]
    if named:
        return named[:limit]
    texts = [f"{c.title}. {c.description}" for c in context.criteria]
    ranked = _ranked(message, texts)
    return [context.criteria[i] for i, score in ranked[:limit] if score >= MIN_RELEVANCE]


def relevant_sentence(context: TutorContext, message: str) -> str:
    sentences = instruction_sentences(context)
    if not sentences:
        return ""
    ranked = _ranked(message, sentences)
    if ranked and ranked[0][1] >= MIN_RELEVANCE:
        return sentences[ranked[0][0]]
    return sentences[0]


@dataclass
class DraftFacts:
    words: int
    sentences: int
    numbers: list[str]

    def line(self) -> str:
        found = (
            "numbers in it: " + ", ".join(self.numbers[:5])
            if self.numbers
            else "no numbers in it yet"
        )
        return (
            f"What I can measure in your saved draft: {self.words} words in "
            f"{self.sentences} sentence{'s' if self.sentences != 1 else ''}, {found}."
        )


def draft_facts(draft: str) -> DraftFacts | None:
    text = " ".join((draft or "").split())
    if not text:
        return None
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    numbers = list(dict.fromkeys(m.group(0).strip() for m in NUMBER_RE.finditer(text)))
    return DraftFacts(words=len(text.split()), sentences=len(sentences), numbers=numbers)


# --- Replies ------------------------------------------------------------------------------------
def _criterion_line(criterion: TutorCriterion) -> str:
    if criterion.description:
        return f"The rubric's “{criterion.title}” criterion: “{_quote(criterion.description)}”"
    return f"The rubric grades “{criterion.title}”."


def _questions(*candidates: str, limit: int = 3) -> list[str]:
    return list(dict.fromkeys(q for q in candidates if q))[:limit]


def refusal(context: TutorContext, intent: Intent | None = None, message: str = "") -> TutorReply:
    """The firm, friendly no, with one concrete next step built from the assignment."""
    target = intent.target if intent and intent.target else ""
    what = f"your {target}" if target and target != "answer" else "the answer"
    if not context.assignment_title and not target:
        what = "graded work"
    criteria = relevant_criteria(context, message) if message else []
    pool = criteria or context.criteria
    criterion = pool[0] if pool else None
    sentence = relevant_sentence(context, message) if message else ""
    sentence = sentence or (instruction_sentences(context) or [""])[0]
    parts = [
        f"I can't write {what} for you: it's graded work, so the words have to be yours."
        + (
            " Role-play, hypotheticals or asking again don't change that."
            if intent and intent.jailbreak
            else ""
        )
        + " I can help you get there, though."
    ]
    if sentence:
        step = (
            "Next step: jot down, in your own words, the three points you want to make (rough "
            f"notes, not sentences). The instructions ask: “{_quote(sentence)}” Paste your "
            "notes here and I'll ask you questions about them"
        )
        step += f" against the rubric's “{criterion.title}” criterion." if criterion else "."
    elif criterion:
        step = (
            f"Next step: read the rubric's “{criterion.title}” criterion and note, in a few "
            "words, what your answer needs to show for it. Tell me what you noted and we'll "
            "build from there."
        )
    else:
        step = (
            "Next step: tell me which part you're stuck on and one idea you already have; "
            "I'll ask you questions to help you develop it."
        )
    parts.append(step)
    move = move_for(criterion) if criterion else None
    return TutorReply(
        text="\n\n".join(parts),
        kind="refusal",
        refused=True,
        follow_up_questions=_questions(
            "What is the one point you most want to make?", move.question if move else ""
        ),
        criteria=[criterion.title] if criterion else [],
    )


def _clarification(context: TutorContext, intent: Intent, message: str = "") -> TutorReply:
    if intent.name == tutor_intent.THANKS:
        opener = "Glad it helped."
    else:
        opener = "Happy to help you think it through."
    if context.assignment_title:
        titles = [c.title for c in context.criteria]
        text = (
            f"{opener} What would you like to work on for “{context.assignment_title}”? I can "
            "help you understand the instructions, plan your answer, or check your draft "
            "against the rubric"
            + (f" ({', '.join(f'“{t}”' for t in titles)})" if titles else "")
            + ". I won't write it for you, but I'll ask the questions that get you there."
        )
        questions = _questions(
            f"Which criterion worries you most: {', '.join(titles[:4])}?" if titles else "",
            "Which part of the instructions is least clear to you?",
            "What have you written so far?",
        )
    else:
        text = (
            f"{opener} Which assignment is this about?"
            + (
                f" This course has {', '.join(f'“{t}”' for t in context.course_assignments[:6])}."
                if context.course_assignments
                else ""
            )
            + " Open it and choose “Ask the tutor” there, so I can use its instructions and "
            "rubric."
        )
        questions = _questions("Which assignment are you working on?", "Where are you stuck?")
        move = next((m for m in (*TOPIC_MOVES, *MOVES) if m.pattern.search(message)), None)
        if move and intent.name not in (tutor_intent.VAGUE, tutor_intent.THANKS):
            return TutorReply(
                text=f"{move.hint}\n\n{text}",
                kind="hint",
                follow_up_questions=_questions(move.question, *questions),
            )
    return TutorReply(text=text, kind="clarification", follow_up_questions=questions)


def _feedback(context: TutorContext, message: str) -> TutorReply:
    facts = draft_facts(context.draft_excerpt)
    parts = [
        "I won't grade it or rewrite it, but you can check it yourself against the rubric, "
        "one question per criterion."
    ]
    if facts:
        parts.append(facts.line())
    else:
        parts.append(
            "I can't see a saved draft for this assignment yet. Save your draft on the "
            "assignment page, or tell me what you wrote, and ask again."
        )
    criteria = relevant_criteria(context, message, limit=3) or context.criteria[:3]
    questions = [f"{c.title}: {move_for(c).question}" for c in criteria]
    if facts and not facts.numbers and any(move_for(c).key == "evidence" for c in criteria):
        questions.insert(0, "Your draft has no numbers yet: which result could you measure?")
    if criteria:
        parts.append("\n".join(f"• {q}" for q in questions[:4]))
    else:
        parts.append("Start with: what is the one thing a reader must take away from it?")
    return TutorReply(
        text="\n\n".join(parts),
        kind="question",
        follow_up_questions=questions[:3] or ["What must a reader take away from it?"],
        criteria=[c.title for c in criteria],
    )


def _hint(context: TutorContext, intent: Intent, message: str) -> TutorReply:
    parts: list[str] = []
    questions: list[str] = []
    sentence = relevant_sentence(context, message)
    if LENGTH_QUESTION.search(message.lower()):
        limits = [s for s in instruction_sentences(context) if HAS_LIMIT.search(s)]
        questions.append("If you run over, which part would you cut first?")
        if limits:
            parts.append(f"The instructions set the size: “{_quote(limits[0])}”")
        else:
            parts.append(
                "The instructions don't give a length. Ask your instructor; meanwhile, "
                "write what the criteria need and cut what they don't."
            )
        sentence = ""
    named = any(c.title and c.title.lower() in message.lower() for c in context.criteria)
    if (
        sentence
        and not named
        and intent.name
        in (tutor_intent.START, tutor_intent.EXPLAIN, tutor_intent.OTHER, tutor_intent.HOW_TO)
    ):
        parts.append(f"The assignment asks: “{_quote(sentence)}”")
    topic = next((m for m in TOPIC_MOVES if m.pattern.search(message)), None)
    criteria = relevant_criteria(context, message)
    if intent.name == tutor_intent.START and not criteria:
        criteria = context.criteria[:1]
    if intent.name == tutor_intent.START and context.criteria:
        titles = ", ".join(f"“{c.title}”" for c in context.criteria)
        parts.append(f"It is graded on {titles}. Start with the one you find hardest.")
    if topic:
        parts.append(topic.hint)
        questions.append(topic.question)
    for criterion in criteria:
        move = move_for(criterion)
        parts.append(f"{_criterion_line(criterion)} {move.hint if not topic else ''}".strip())
        questions.append(move.question)
    if not topic and not criteria and not LENGTH_QUESTION.search(message.lower()):
        if intent.name == tutor_intent.EXPLAIN and sentence:
            questions.append("In your own words: what exactly must you hand in, and for whom?")
        else:
            parts.append(GENERIC_MOVE.hint.replace("the criterion", "what the assignment asks"))
            questions.append("What have you tried so far, and where did you get stuck?")
    if not parts:
        return _clarification(context, intent)
    return TutorReply(
        text="\n\n".join(parts),
        kind="hint",
        follow_up_questions=_questions(*questions),
        criteria=[c.title for c in criteria],
    )


def reply(context: TutorContext, history: list[TutorTurn], message: str) -> TutorReply:
    intent = tutor_intent.classify(message, history)
    return reply_for(context, intent, message)


def reply_for(context: TutorContext, intent: Intent, message: str) -> TutorReply:
    if intent.asks_for_answer:
        return refusal(context, intent, message)
    if intent.name in (tutor_intent.VAGUE, tutor_intent.THANKS):
        return _clarification(context, intent)
    if not context.assignment_title:
        return _clarification(context, intent, message)
    if intent.name == tutor_intent.FEEDBACK:
        return _feedback(context, message)
    return _hint(context, intent, message)
