"""Career chat, offline: each realistic question gets an answer on its topic, built from the
user's own data where the question is about them, and labelled when it is a fixed guide."""

import datetime as dt

import pytest
from django.utils import timezone

from careercopilot.ai.local import chat
from careercopilot.ai.local.chat_intents import detect
from careercopilot.ai.schemas import CandidateProfile, ChatAnalysis, ChatApplication, ChatContext
from careercopilot.jobs.models import JobState
from resumes import services
from resumes.models import ChatMessage
from tracker.tests.factories import make_application, make_interview

from . import samples

CONTEXT = ChatContext(
    profile=CandidateProfile(name="Jane Doe"),
    resume_text=samples.RESUME,
    resume_name="Backend resume",
    today="2026-12-03",
    tracked=[
        ChatApplication(
            position="Senior Backend Engineer",
            company="Acme Data",
            status="Technical interview",
            applied_on="2026-11-01",
            next_interview="2026-12-08 14:00",
        ),
        ChatApplication(
            position="Data Engineer", company="Globex", status="Applied", applied_on="2026-11-10"
        ),
        ChatApplication(
            position="Platform Engineer", company="Initech", status="Saved", deadline="2026-12-10"
        ),
    ],
    analyses=[
        ChatAnalysis(
            job_title="Senior Backend Engineer",
            company="Acme Data",
            score=72,
            matched_skills=["Python", "Django", "AWS"],
            missing_skills=["Kubernetes", "Kafka"],
            created_on="2026-11-20",
        ),
        ChatAnalysis(
            job_title="Data Engineer",
            company="Globex",
            score=55,
            matched_skills=["Python", "SQL"],
            missing_skills=["Spark", "Airflow", "Kafka"],
            created_on="2026-11-12",
        ),
    ],
)
EMPTY = ChatContext(profile=CandidateProfile())
GUIDE = "This part is a fixed guide, the same for every user"

# (question, intent, fragments the answer must contain)
QUESTIONS = [
    ("How can I improve my resume?", "resume_review", ["“Backend resume”", "/100", "Length"]),
    ("Is my resume too long?", "resume_review", ["Length (needs work)", "125 words"]),
    ("Does my CV pass applicant tracking systems?", "resume_review", ["ATS parse-ability"]),
    ("Does my resume have enough numbers?", "resume_review", ["Quantified achievements"]),
    ("What would make my resume stronger?", "resume_review", ["/100"]),
    ("Am I a good fit for the Acme Data job?", "fit", ["Acme Data", "72/100", "Kubernetes"]),
    ("What's my match score for the Globex role?", "fit", ["Globex", "55/100", "Spark"]),
    ("How strong is my profile for the Acme role?", "fit", ["72/100"]),
    ("What skills am I missing?", "skill_gaps", ["Kafka (2 jobs)", "Kubernetes (1 job)"]),
    ("What should I learn next to get more interviews?", "skill_gaps", ["Kafka (2 jobs)"]),
    ("What are my strongest skills?", "my_skills", ["Python", "“Built REST APIs in Django"]),
    ("How many applications do I have?", "applications", ["tracking 3 applications"]),
    (
        "What's the status of my job applications?",
        "applications",
        ["Data Engineer at Globex: Applied", "Initech on 2026-12-10"],
    ),
    ("When is my next interview?", "interviews", ["Acme Data, 2026-12-08 14:00"]),
    ("Any interviews on my calendar?", "interviews", ["Acme Data"]),
    ("Who should I follow up with?", "follow_up", ["Data Engineer at Globex (23 days)", GUIDE]),
    (
        "Write a cover letter for the Initech job",
        "cover_letter",
        ["“Backend resume”", "Platform Engineer at Initech"],
    ),
    ("Help me prepare for my interview at Acme", "interview_prep", ["2026-12-08 14:00"]),
    ("Which of my saved jobs should I apply to first?", "rank", ["tracking 3 applications"]),
    ("How do I negotiate a salary offer?", "", [GUIDE, "Negotiating a job offer"]),
    ("How do I explain a gap in my employment?", "", [GUIDE, "Explaining an employment gap"]),
    ("How long should a resume be?", "", [GUIDE, "How long should a resume be"]),
    ("Where do I stand with Globex?", "", ["Data Engineer at Globex", "55/100"]),
    ("What's the weather tomorrow?", "", ["could not find this"]),
]


@pytest.mark.parametrize("question,intent,fragments", QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_each_question_gets_an_answer_on_its_topic(question, intent, fragments):
    assert detect(question) == intent
    reply = chat.reply(CONTEXT, [], question)
    for fragment in fragments:
        assert fragment in reply.text
    if GUIDE in reply.text:
        assert reply.sources and reply.sources[0].title in reply.text
    elif intent:  # an answer from the user's data quotes no guide
        assert reply.sources == []


def test_personal_questions_without_data_say_so_instead_of_guessing():
    review = chat.reply(EMPTY, [], "How can I improve my resume?")
    assert "You have no resume with readable text yet" in review.text
    assert [a.url for a in review.actions][0] == "resumes:resume_list"
    fit = chat.reply(EMPTY, [], "Am I a good fit for the Acme Data job?")
    assert "no finished match analysis yet" in fit.text and "72" not in fit.text
    gaps = chat.reply(EMPTY, [], "What skills am I missing?")
    assert "no finished match analysis yet" in gaps.text
    interviews = chat.reply(EMPTY, [], "When is my next interview?")
    assert "no upcoming interview" in interviews.text


def test_a_job_that_was_never_analysed_is_not_given_a_score():
    reply = chat.reply(CONTEXT, [], "Am I a good fit for the Platform Engineer job at Initech?")
    assert "You have not analysed Platform Engineer at Initech yet" in reply.text


@pytest.mark.django_db
def test_chat_answers_from_the_users_tracker_and_analyses(alice, make_version, on_commit):
    version = make_version(alice)
    with on_commit():
        services.analysis_request(
            user=alice,
            version=version,
            job_description=samples.JOB,
            company="Acme Data",
            job_title="Senior Backend Engineer",
        )
    job = make_application(
        alice, status="technical", company="Acme Data", position="Senior Backend Engineer"
    )
    make_interview(job, starts_at=timezone.now() + dt.timedelta(days=3))
    make_application(
        alice,
        status="applied",
        company="Globex",
        position="Data Engineer",
        applied_on=timezone.localdate() - dt.timedelta(days=12),
    )
    thread = services.thread_create(user=alice)
    answers = {}
    for question in (
        "When is my next interview?",
        "What skills am I missing?",
        "Who should I follow up with?",
    ):
        with on_commit():
            reply = services.message_post(thread=thread, content=question)
        reply.refresh_from_db()
        assert reply.state == JobState.DONE
        answers[question] = reply.content
    assert "Senior Backend Engineer at Acme Data" in answers["When is my next interview?"]
    assert "Kubernetes" in answers["What skills am I missing?"]  # missing from samples.RESUME
    assert "Data Engineer at Globex (12 days)" in answers["Who should I follow up with?"]
    assert ChatMessage.objects.filter(thread=thread, role="assistant").count() == 3


@pytest.mark.django_db
def test_chat_context_costs_the_same_queries_for_1_or_20_applications(
    alice, make_version, django_assert_max_num_queries
):
    from resumes.services.chat import _context

    make_version(alice)
    make_application(alice, company="Acme Data", position="Engineer")
    with django_assert_max_num_queries(6):
        one = _context(alice)
    for n in range(19):
        make_application(alice, company=f"Company {n}", position="Engineer")
    with django_assert_max_num_queries(6):
        many = _context(alice)
    assert len(one.tracked) == 1 and len(many.tracked) == 20


def test_a_short_follow_on_question_continues_the_previous_one():
    from careercopilot.ai.schemas import ChatTurn

    history = [
        ChatTurn(role="user", content="Am I a good fit for the Acme Data job?"),
        ChatTurn(role="assistant", content="Your match analysis for …"),
    ]
    reply = chat.reply(CONTEXT, history, "And for Globex?")
    assert "Your match analysis for Data Engineer at Globex" in reply.text
    assert "55/100" in reply.text
    general = chat.reply(CONTEXT, history, "How do I negotiate a salary offer?")
    assert GUIDE in general.text  # a question of its own is not a follow-on
