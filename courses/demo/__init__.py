"""Demo data for courses (F6): a course the demo instructor teaches, with real grading to do.

"Career Launch Bootcamp" has two sections and 12 students (the demo student and 11
classmates), four published assignments with rubrics and skill tags, and submissions in
every state: not started, draft, submitted, late, graded but not released, and released
(with rubric ratings and feedback). One assignment is due within 24 hours, one has an
open cut-off, and the demo student has a released grade, a draft and work to do.

Idempotent: nothing is added when the course already exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_set_roles

from .. import services
from ..models import (
    Assignment,
    Course,
    CourseRole,
    FileKind,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Section,
    Skill,
)
from ..services import CriterionInput

COURSE_CODE = "CCL-101"
ASSETS = Path(__file__).resolve().parent / "assets"

CLASSMATES = (
    ("Aisha Bello", "Europe/London"),
    ("Ben Carter", "America/New_York"),
    ("Chen Wei", "Asia/Shanghai"),
    ("Diego Alvarez", "America/Mexico_City"),
    ("Emma Schultz", "Europe/Berlin"),
    ("Farah Haddad", "Asia/Dubai"),
    ("Gabriel Silva", "America/Sao_Paulo"),
    ("Hana Kobayashi", "Asia/Tokyo"),
    ("Isaac Mensah", "Africa/Accra"),
    ("Julia Novak", "Europe/Prague"),
    ("Kofi Owusu", "America/Chicago"),
)

WRITTEN_RUBRIC = (
    (
        "Clarity",
        "Easy to follow; one idea per sentence.",
        (("Excellent", 10), ("Good", 7), ("Developing", 4), ("Missing", 0)),
    ),
    (
        "Evidence",
        "Claims are backed by results, numbers or examples.",
        (("Excellent", 10), ("Good", 7), ("Developing", 4), ("Missing", 0)),
    ),
    (
        "Tailoring",
        "Speaks to the target role and company.",
        (("Excellent", 5), ("Good", 3), ("Generic", 1)),
    ),
    (
        "Mechanics",
        "Spelling, grammar and format.",
        (("Polished", 5), ("Minor slips", 3), ("Distracting errors", 1)),
    ),
)
PITCH_RUBRIC = (
    (
        "Delivery",
        "Pace, eye contact and energy.",
        (("Confident", 10), ("Steady", 7), ("Hesitant", 3)),
    ),
    (
        "Structure",
        "Who you are, what you did, what you want.",
        (("Clear arc", 10), ("Mostly clear", 6), ("Unclear", 2)),
    ),
    (
        "Relevance",
        "Fits the audience and the role.",
        (("Spot on", 5), ("Partly", 3), ("Off target", 1)),
    ),
)

# The instructor's comment library: (body, rubric, criterion or None), keyed 1 to 5.
LIBRARY_COMMENTS = (
    ("Lead with your strongest result, with a number.", "written", "Evidence"),
    ("Name the role and the company; show why this one.", "written", "Tailoring"),
    ("One idea per sentence: split the long ones.", "written", "Clarity"),
    ("Slow down here and pause before your key point.", "pitch", "Delivery"),
    ("Great progress since last time. Keep going!", None, None),
)

TUTOR_QUESTIONS = [
    "Where do I start with this cover letter?",
    "Can you just write the opening paragraph for me?",
    "What does the Tailoring criterion mean?",
]

ESSAYS = (
    "Data analyst with four years of experience turning messy operational data into decisions. "
    "I rebuilt our weekly sales reporting in dbt, cutting preparation time from six hours to "
    "twenty minutes, and I now want to grow into analytics engineering.",
    "Customer-success lead moving into product management. I ran 300+ discovery calls, "
    "turned the top ten complaints into a roadmap our PMs adopted, and lifted renewal rates "
    "by 8 points in a year.",
    "Self-taught front-end developer with a portfolio of three shipped projects, including a "
    "booking app used by a local gym with 400 members. Looking for a junior role where code "
    "review and mentoring are part of the culture.",
)


def _skill(name: str) -> Skill:
    skill = Skill.objects.filter(name__iexact=name).first()
    return skill or Skill.objects.create(name=name)


def _rubric(course: Course, title: str, criteria) -> Rubric:
    rubric = Rubric.objects.create(course=course, title=title)
    for position, (name, description, levels) in enumerate(criteria):
        criterion = RubricCriterion.objects.create(
            rubric=rubric, position=position, title=name, description=description
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(criterion=criterion, position=i, title=label, points=Decimal(points))
            for i, (label, points) in enumerate(levels)
        )
    return rubric


def _classmate(index: int, name: str, zone: str) -> User:
    email = f"student{index:02d}@demo.careercopilot.dev"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, name=name, timezone=zone)
        user.set_unusable_password()  # classmates are data, not logins
        user.save()
        user_set_roles(user=user, roles=[Role.STUDENT])
    return user


def _assignment(course, *, title, instructions, due_at, rubric, skills, **fields) -> Assignment:
    assignment = Assignment.objects.create(
        course=course,
        title=title,
        instructions=instructions,
        due_at=due_at,
        rubric=rubric,
        published_at=due_at - dt.timedelta(days=10),
        publish_notified_at=due_at - dt.timedelta(days=10),
        **fields,
    )
    assignment.skills.set([_skill(name) for name in skills])
    return assignment


def _rate(assignment: Assignment, picks: list[int]) -> dict[int, CriterionInput]:
    """Level index per criterion (0 is the best level)."""
    chosen = {}
    for criterion, pick in zip(
        assignment.rubric.criteria.prefetch_related("levels"), picks, strict=False
    ):
        levels = list(criterion.levels.all())
        level = levels[min(pick, len(levels) - 1)]
        chosen[criterion.pk] = CriterionInput(level_id=level.pk)
    return chosen


def _hand_in(assignment, student, text, *, at, video: bytes | None = None):
    services.submission_save_draft(assignment=assignment, student=student, text=text)
    if video is not None:
        services.submission_file_add(
            assignment=assignment,
            student=student,
            upload=SimpleUploadedFile("elevator-pitch.mp4", video, content_type="video/mp4"),
            filename="elevator-pitch.mp4",
            kind=FileKind.VIDEO,
        )
    return services.submission_submit(assignment=assignment, student=student, now=at)


def seed(*, users: dict[str, User], log: Callable[[str], None]) -> None:
    instructor, demo_student = users["instructor"], users["student"]
    if Course.objects.filter(code=COURSE_CODE).exists():
        log(f"course {COURSE_CODE} already exists")
        return
    now = timezone.now().replace(second=0, microsecond=0)
    course = services.course_create(
        created_by=instructor,
        title="Career Launch Bootcamp",
        code=COURSE_CODE,
        description=(
            "<p>Six weeks to a sharper story: a résumé that gets read, a pitch that sticks, "
            "letters that fit the role and interview answers with evidence.</p>"
            "<ul><li>Every assignment has a rubric: read it before you start.</li>"
            "<li>Late work loses 10 % per day, never more than half the points.</li></ul>"
        ),
        section_name="Morning cohort",
    )
    morning = course.sections.get()
    evening = Section.objects.create(course=course, name="Evening cohort")
    students = [demo_student]
    services.enrollment_add(
        course=course, user=demo_student, role=CourseRole.STUDENT, section=morning
    )
    for index, (name, zone) in enumerate(CLASSMATES, start=1):
        user = _classmate(index, name, zone)
        services.enrollment_add(
            course=course,
            user=user,
            role=CourseRole.STUDENT,
            section=morning if index % 2 else evening,
        )
        students.append(user)
    log(f"course {COURSE_CODE}: 2 sections, {len(students)} students")

    written = _rubric(course, "Written work", WRITTEN_RUBRIC)
    pitch = _rubric(course, "Spoken pitch", PITCH_RUBRIC)
    late_policy = {
        "late_penalty_percent": Decimal("10"),
        "late_penalty_floor_percent": Decimal("50"),
    }
    summary = _assignment(
        course,
        title="Rewrite your résumé summary",
        instructions="<p>Write a three-sentence summary for the top of your résumé: who you are, "
        "your strongest result <strong>with a number</strong>, and the role you want next.</p>",
        due_at=now - dt.timedelta(days=14),
        rubric=written,
        skills=["Resume writing", "Storytelling"],
        points_possible=Decimal("30"),
        allow_file=True,
        **late_policy,
    )
    elevator = _assignment(
        course,
        title="60-second elevator pitch",
        instructions="<p>Record a pitch of at most 60 seconds for a recruiter at a career fair. "
        "Add a short transcript in the text box.</p>",
        due_at=now - dt.timedelta(days=5),
        rubric=pitch,
        skills=["Storytelling", "Interviewing"],
        points_possible=Decimal("25"),
        allow_video=True,
        **late_policy,
    )
    letter = _assignment(
        course,
        title="Cover letter for a target role",
        instructions="<p>Pick a real posting and write a cover letter of at most 300 words. "
        "Paste the posting's link at the top.</p>",
        due_at=now - dt.timedelta(days=1),
        cutoff_at=now + dt.timedelta(days=2),
        rubric=written,
        skills=["Cover letters", "Resume writing"],
        points_possible=Decimal("30"),
        allow_file=True,
        **late_policy,
    )
    star = _assignment(
        course,
        title="Three STAR interview stories",
        instructions="<p>Write three stories in the <em>Situation, Task, Action, Result</em> "
        "format: a conflict, a failure, and your proudest result.</p>",
        due_at=now + dt.timedelta(hours=20),
        cutoff_at=now + dt.timedelta(days=3),
        rubric=written,
        skills=["Interviewing", "Storytelling"],
        points_possible=Decimal("30"),
        **late_policy,
    )
    video = (ASSETS / "elevator-pitch.mp4").read_bytes()

    # 1. Résumé summary: everyone handed in (two late); all graded and released.
    for i, student in enumerate(students):
        late = i in (4, 9)
        at = summary.due_at + (dt.timedelta(hours=30) if late else -dt.timedelta(hours=i + 1))
        _hand_in(summary, student, ESSAYS[i % len(ESSAYS)], at=at)
        services.submission_grade(
            assignment=summary,
            student=student,
            grader=instructor,
            criteria=_rate(summary, [i % 3, (i + 1) % 3, i % 2, (i + 2) % 3]),
            feedback="Strong opening. Lead with your biggest number."
            if i % 2
            else "Clear and specific. Tailor the last sentence to each application.",
        )
    services.submissions_release(submissions=summary.submissions.all())

    # 2. Elevator pitch: videos awaiting processing; graded, not released yet.
    for i, student in enumerate(students[:10]):
        at = (
            elevator.due_at - dt.timedelta(hours=3)
            if i != 7
            else elevator.due_at + dt.timedelta(hours=5)
        )
        _hand_in(
            elevator, student, "Hi, I'm a data analyst who…", at=at, video=video if i < 4 else None
        )
        if i < 6:
            services.submission_grade(
                assignment=elevator,
                student=student,
                grader=instructor,
                criteria=_rate(elevator, [i % 3, (i + 1) % 3, 0]),
                feedback="Good energy; slow down in the middle.",
            )

    # 3. Cover letter: the grading to do now (on time, late, missing; cut-off still open).
    for i, student in enumerate(students[:9]):
        at = (
            letter.due_at - dt.timedelta(hours=2)
            if i % 3
            else letter.due_at + dt.timedelta(hours=6)
        )
        _hand_in(letter, student, ESSAYS[(i + 1) % len(ESSAYS)], at=at)
    # AI essay grader (E6): suggested levels are ready on the letters waiting to be graded.
    from ..services.ai_grading import essay_suggestions_seed

    log(f"essay suggestions ready: {essay_suggestions_seed(assignment=letter)}")

    # 4. STAR stories: due within 24 hours; a few drafts and early submissions.
    services.submission_save_draft(
        assignment=star, student=demo_student, text="Situation: our quarterly report was late…"
    )
    for student in students[1:4]:
        _hand_in(star, student, "Situation… Task… Action… Result…", at=now - dt.timedelta(hours=2))
    for student in students[4:6]:
        services.submission_save_draft(assignment=star, student=student, text="Situation:")

    # 5. Peer review (E9): released reviews on the summary, open ones on the letter.
    from . import peer

    peer.seed(summary=summary, letter=letter, demo_student=demo_student, now=now, log=log)

    # 6. The comment library, inserted with keys 1 to 5 while grading.
    rubrics = {"written": written, "pitch": pitch}
    for body, rubric_key, criterion_title in LIBRARY_COMMENTS:
        criterion = rubrics[rubric_key].criteria.get(title=criterion_title) if rubric_key else None
        services.library_comment_add(
            user=instructor,
            course_id=course.pk,
            body=body,
            criterion_id=criterion.pk if criterion else None,
        )
    log(f"comment library: {len(LIBRARY_COMMENTS)} comments")

    log(
        f"assignments: {summary.title}, {elevator.title}, {letter.title}, {star.title} "
        f"({course.assignments.count()} published, rubrics {written.title!r} and {pitch.title!r})"
    )

    # AI tutor (E7): the demo student's conversation about the cover letter.
    from ..services.tutor import tutor_demo_seed

    tutor_demo_seed(student=demo_student, assignment=letter, questions=TUTOR_QUESTIONS)
    log("tutor: 1 conversation for the demo student (offline tutor)")

    # Skill gaps to courses (E12) and shared cohort outcomes (E11): see courses/demo/outcomes.py.
    from . import outcomes

    outcomes.seed(course=course, students=students, instructor=instructor, log=log)
