"""A resume, a job and a Claude match reply the Claude tests share."""

from careercopilot.ai.schemas import JobInput, ResumeInput
from resumes.tests import samples

RESUME = ResumeInput(text=samples.RESUME)
JOB = JobInput(description=samples.JOB)


def claude_match(score: int = 81) -> dict:
    return {
        "score": score,
        "subscores": {
            "skills": 80,
            "keywords": 75,
            "title": 90,
            "experience": 100,
            "education": 100,
            "ats": 90,
        },
        "matched_skills": [
            {
                "skill": "Python",
                "required": True,
                "lines": ["Python, Django, PostgreSQL, AWS, Docker, Redis, Git, SQL"],
                "reason": "",
            }
        ],
        "missing_skills": [{"skill": "Kubernetes", "required": True, "lines": [], "reason": ""}],
        "implied_skills": [],
        "suggestions": [
            {
                "priority": "high",
                "category": "missing skill",
                "text": "Mention any Kubernetes work.",
                "line": "Deployed services on AWS with Docker and GitHub Actions, cutting release time by 60%",
            },
            {
                "priority": "low",
                "category": "keyword",
                "text": "Invented line.",
                "line": "I walked on the moon",
            },
        ],
        "summary": "Strong backend match; Kubernetes is the gap.",
    }
