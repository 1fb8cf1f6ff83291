import pyotp
import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from courses.models import CourseRole

from .factories import make_assignment, make_course, make_instructor, make_rubric, make_student


@pytest.fixture(autouse=True)
def no_admin_mfa(settings):
    """Unit tests of admin and teaching pages; the MFA gate on both has its own tests
    (accounts/tests/test_mfa.py and tests/security/test_teaching_mfa.py)."""
    settings.ADMIN_REQUIRES_MFA = False


@pytest.fixture
def instructor(db):
    return make_instructor(email="coach@example.com", name="Casey Coach")


@pytest.fixture
def course(instructor):
    return make_course(instructor, sections=("Morning", "Evening"))


@pytest.fixture
def student(course):
    return make_student(course, email="stu@example.com", name="Sam Student")


@pytest.fixture
def rubric(course):
    return make_rubric(course)


@pytest.fixture
def assignment(course, rubric):
    return make_assignment(
        course, rubric=rubric, late_penalty_percent=10, late_penalty_floor_percent=50
    )


@pytest.fixture
def student_client(student):
    client = Client()
    client.force_login(student)
    return client


def staff_client(user, *, with_totp: bool = False) -> Client:
    if with_totp:
        TOTP.activate(user, pyotp.random_base32())
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def instructor_client(instructor, no_admin_mfa):
    return staff_client(instructor)


@pytest.fixture
def other_world(db):
    """Instructor B with course B, a student, a rubric, an assignment and a submission."""
    from .factories import hand_in

    other = make_instructor(email="other@example.com", name="Olive Other")
    course = make_course(other, title="Other course", code="OTH-1")
    pupil = make_student(course, email="pupil@example.com", name="Pat Pupil")
    rubric = make_rubric(course, title="Other rubric")
    assignment = make_assignment(course, title="Other assignment", rubric=rubric)
    hand_in(assignment, pupil, "Other text")
    return {
        "instructor": other,
        "course": course,
        "student": pupil,
        "rubric": rubric,
        "assignment": assignment,
        "section": course.sections.first(),
        "enrollment": course.enrollments.get(user=pupil),
        "submission": assignment.submissions.get(student=pupil),
        "role": CourseRole.STUDENT,
    }


@pytest.fixture(scope="session")
def clips_dir(tmp_path_factory):
    """Tiny ffmpeg-made clips: vga.mp4 (640×480, 1 s, audio), hd.mp4 (1280×720, 1.5 s, silent)."""
    from .clips import make_clip

    base = tmp_path_factory.mktemp("clips")
    make_clip(base / "vga.mp4", size="640x480", duration=1)
    make_clip(base / "hd.mp4", size="1280x720", duration=1.5, audio=False)
    return base
