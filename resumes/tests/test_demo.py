import pytest

from accounts.tests.factories import UserFactory
from careercopilot.jobs.models import JobState
from resumes import demo
from resumes.models import CoverLetter, MatchAnalysis, Resume

pytestmark = pytest.mark.django_db


def test_demo_seed_creates_a_readable_resume_an_analysis_and_a_letter_once():
    seeker = UserFactory(email="seeker@demo.careercopilot.dev")
    logs = []
    demo.seed(users={"seeker": seeker}, log=logs.append)
    demo.seed(users={"seeker": seeker}, log=logs.append)  # idempotent
    resume = Resume.objects.get(user=seeker)
    assert resume.is_default and resume.latest.state == JobState.DONE
    assert "Django" in resume.latest.skills
    analysis = MatchAnalysis.objects.get(user=seeker)
    assert analysis.state == JobState.DONE and analysis.score is not None
    assert CoverLetter.objects.get(user=seeker).is_template
    assert len(logs) == 1
