"""Interview prep (C6): questions from the job and the resume, and feedback on answers."""

from __future__ import annotations

import re

from ..schemas import (
    InterviewPrepResult,
    InterviewQuestion,
    JobInput,
    PracticeFeedback,
    PracticeInput,
    ResumeInput,
    StarPart,
)
from .embeddings import similarity
from .match import job_requirements, job_title
from .prose import in_prose, with_article
from .taxonomy import taxonomy
from .text import lines, normalise, numbers_in, words

BEHAVIOURAL = (
    (
        "leadership",
        r"\b(lead|leader|mentor|manage|ownership|own)\w*",
        "Tell me about a time you led a project or a group of people to a result.",
    ),
    (
        "conflict",
        r"\b(stakeholder|collaborat|cross-functional|partner)\w*",
        "Describe a disagreement with a colleague or stakeholder. How did you resolve it?",
    ),
    (
        "pressure",
        r"\b(fast-paced|deadline|pressure|prioriti)\w*",
        "Tell me about a time you had several urgent priorities. How did you decide?",
    ),
    ("failure", r".", "Tell me about a mistake you made at work. What did you change afterwards?"),
    (
        "customer",
        r"\b(customer|client|patient|user)s?\b",
        "Describe a time you went beyond what a customer, client or patient expected.",
    ),
    (
        "learning",
        r"\b(learn|new|grow|curious|adapt)\w*",
        "Tell me about something you had to learn quickly to get a job done.",
    ),
)
STAR_GUIDE = [
    "Situation: one or two sentences of context (where, when, what was at stake).",
    "Task: what you were responsible for.",
    "Action: what you did yourself — say “I”, name tools and decisions.",
    "Result: the outcome with a number (time, money, %, people), and what you learned.",
]
TECHNICAL_BY_CATEGORY = {
    "clinical": "Walk me through how you handle {skill} on a busy shift. What do you check, "
    "and what do you escalate?",
    "certification": "Tell me about the last time your {skill} training mattered on the job. "
    "What did you do?",
    "sales": "How do you approach {skill}? Give an example with numbers from your last role.",
    "design": "Show me a project where you used {skill}. What trade-offs did you make?",
    "finance": "Walk me through a piece of work where you used {skill}. What was the "
    "decision it informed?",
    "soft": "Give an example from your work that shows your {skill}.",
}
TECHNICAL_DEFAULT = (
    "How have you used {skill}? Describe a problem you solved with it and a trade-off you made."
)
DRIFT_BELOW = 0.25  # an answer less similar than this to its question drifts from it
SITUATION_RE = re.compile(
    r"\b(when|while|at my (?:last|previous)|in my (?:last|previous|role)|we were|our team|the company|last year|in 20\d\d)\b",
    re.I,
)
TASK_RE = re.compile(
    r"\b(my (?:goal|task|job|role|responsibility)|i was (?:responsible|asked|tasked)|i needed to|i had to|we needed to|the goal was|needed to)\b",
    re.I,
)
ACTION_RE = re.compile(
    r"\bi (?!was\b|am\b|think\b|feel\b|believe\b)([a-z]+ed|built|led|ran|wrote|made|set|took|sold|taught|spoke|chose|drove|met|created|decided|started)\b",
    re.I,
)
RESULT_RE = re.compile(
    r"\b(as a result|resulted|result|outcome|which (?:led|meant)|so that|increased|reduced|saved|improved|grew|cut|achieved|delivered|won|closed|finished|launched)\b",
    re.I,
)


def questions(resume: ResumeInput, job: JobInput) -> InterviewPrepResult:
    tx = taxonomy()
    description = normalise(job.description)
    context = f"{description}\n{normalise(resume.text)}"
    resume_lines = [line for line in lines(resume.text) if len(line.split()) >= 5]
    out: list[InterviewQuestion] = []

    def lines_for(topic: str) -> list[str]:
        if not resume_lines:
            return []
        sims = similarity([topic], resume_lines)[0]
        ranked = sorted(zip(sims, resume_lines, strict=True), reverse=True)
        return [line for score, line in ranked[:2] if score >= 0.3]

    for key, pattern, question in BEHAVIOURAL:
        if re.search(pattern, description, re.IGNORECASE) or key == "failure":
            out.append(
                InterviewQuestion(
                    kind="behavioural",
                    question=question,
                    why=f"Common {key} question; the job description touches on it."
                    if key != "failure"
                    else "Asked in most interviews.",
                    star_guidance=STAR_GUIDE,
                    resume_lines=lines_for(question),
                )
            )
    found = tx.find(resume.text)
    requirements = job_requirements(description)
    for req in [r for r in requirements if r.skill in found.named or r.skill in found.implied][:6]:
        skill = tx.skills.get(req.skill)
        template = TECHNICAL_BY_CATEGORY.get(skill.category if skill else "", TECHNICAL_DEFAULT)
        evidence = found.named.get(req.skill) or [found.implied[req.skill][0]]
        name = in_prose(req.skill, context=context)
        out.append(
            InterviewQuestion(
                kind="technical",
                question=template.format(skill=name),
                why=f"The job {'requires' if req.required else 'mentions'} {name}, and your "
                "resume shows it: expect to be asked for depth.",
                star_guidance=[
                    f"Start from this line of your resume: “{evidence[0]}”.",
                    *STAR_GUIDE[2:],
                ],
                resume_lines=evidence[:2],
            )
        )
    for req in [
        r for r in requirements if r.skill not in found.named and r.skill not in found.implied
    ][:4]:
        out.append(
            InterviewQuestion(
                kind="gap",
                question=f"This role uses {in_prose(req.skill, context=context)}. Your resume doesn't "
                "mention it. What experience do you have, and how would you get up to speed?",
                why=f"{req.skill} is {'required' if req.required else 'preferred'} and missing "
                "from your resume, so interviewers will probe it.",
                star_guidance=[
                    "Be honest about your level; don't claim what you haven't done.",
                    "Name the closest thing you have done and what transfers.",
                    "Give a concrete learning plan: what, how, and by when.",
                ],
                resume_lines=lines_for(req.skill),
            )
        )
    title = job_title(job)
    if title:
        out.append(
            InterviewQuestion(
                kind="role",
                question=f"Why do you want to be {with_article(title)} at "
                f"{job.company or 'this company'}?",
                why="Asked in almost every first interview.",
                star_guidance=[
                    "Connect one thing you know about the company to one thing you have done.",
                    "Say what you want to learn or achieve next.",
                ],
                resume_lines=resume_lines[:1],
            )
        )
    return InterviewPrepResult(questions=out)


def feedback(inp: PracticeInput) -> PracticeFeedback:
    answer = normalise(inp.answer).strip()
    sentences_ = [s.strip() for s in re.split(r"(?<=[.!?])\s+", answer) if s.strip()]

    def first(pattern: re.Pattern) -> str:
        return next((s for s in sentences_ if pattern.search(s)), "")

    star = [
        StarPart(part="situation", present=bool(first(SITUATION_RE)), evidence=first(SITUATION_RE)),
        StarPart(part="task", present=bool(first(TASK_RE)), evidence=first(TASK_RE)),
        StarPart(part="action", present=bool(first(ACTION_RE)), evidence=first(ACTION_RE)),
        StarPart(
            part="result",
            present=bool(first(RESULT_RE)),
            evidence=first(RESULT_RE),
        ),
    ]
    word_count = len(answer.split())
    numbers = [n for n in numbers_in(answer) if any(c.isdigit() for c in n)]
    specifics = list(taxonomy().find(answer).named)[:8]
    tokens_ = words(answer)
    i_count = sum(1 for w in tokens_ if w == "i")
    we_count = sum(1 for w in tokens_ if w == "we")
    relevance = float(similarity([inp.question], [answer])[0][0]) if answer else 0.0

    strengths, improvements = [], []
    present = [p.part for p in star if p.present]
    missing = [p.part for p in star if not p.present]
    if present:
        strengths.append("Covers " + ", ".join(present) + ".")
    for part in missing:
        improvements.append(
            {
                "situation": "Open with the situation: where you were and what was at stake.",
                "task": "Say what you were responsible for (“My goal was…”).",
                "action": "Describe what you did yourself, in the first person (“I built…”).",
                "result": "End with the result, measured if you can (“…which cut wait times by 20%”).",
            }[part]
        )
    if numbers:
        strengths.append(f"Uses numbers ({', '.join(numbers[:4])}).")
    else:
        improvements.append("Add at least one number: people, money, time or a percentage.")
    if specifics:
        strengths.append("Names specifics: " + ", ".join(specifics[:5]) + ".")
    if word_count < 120:
        improvements.append(f"{word_count} words is short; aim for 150–300 (about two minutes).")
    elif word_count > 400:
        improvements.append(f"{word_count} words is long; aim for 150–300 and cut the context.")
    else:
        strengths.append(f"{word_count} words: a good length for about two minutes.")
    if we_count > i_count and we_count >= 3:
        improvements.append(
            f"“We” appears {we_count} times and “I” {i_count}: make your own part clear."
        )
    if relevance < DRIFT_BELOW:
        improvements.append(
            "The answer drifts from the question; restate the question's "
            "topic in your first sentence."
        )

    length_fit = (
        1.0
        if 150 <= word_count <= 350
        else max(0.0, min(word_count / 150, 1.0) - (0.3 if word_count > 400 else 0))
    )  # noqa: E501
    score = (
        15 * len(present)
        + (15 if numbers else 0)
        + (10 if specifics else 0)
        + round(15 * length_fit)
        - (10 if relevance < DRIFT_BELOW else 0)
    )
    return PracticeFeedback(
        score=max(0, min(100, score)),
        star=star,
        word_count=word_count,
        numbers_found=numbers[:10],
        specifics_found=specifics,
        strengths=strengths,
        improvements=improvements,
    )
