"""Master resumes and job postings for the tailoring tests: every pair is tailored and
checked for fabricated facts. Postings name skills, numbers and companies on purpose that
the resumes do not hold."""

from __future__ import annotations

RESUMES = {
    "backend": {
        "basics": {
            "name": "Ana Ruiz",
            "label": "Backend engineer",
            "email": "ana@example.com",
            "phone": "+1 415 555 0100",
            "summary": "Backend engineer, 8 years of Python.",
        },
        "work": [
            {
                "name": "Acme Corp",
                "position": "Senior Backend Engineer",
                "startDate": "2019-03",
                "highlights": [
                    "Mentored 4 junior engineers through weekly code reviews",
                    "Organised the office book club for 30 colleagues",
                    "Cut p95 latency by 40% by moving hot queries to Postgres read replicas",
                    "Built Django REST APIs serving 2M requests a day",
                    "Ran the quarterly hackathon",
                    "Wrote onboarding docs for new starters",
                ],
            },
            {
                "name": "Initech",
                "position": "Software Engineer",
                "startDate": "2015-06",
                "endDate": "2019-02",
                "highlights": [
                    "Automated billing jobs with Celery and Redis, saving 12 hours a week",
                    "Migrated 3 services from Python 2 to Python 3",
                ],
            },
        ],
        "education": [
            {
                "institution": "UC Davis",
                "studyType": "BSc",
                "area": "Computer Science",
                "startDate": "2011",
                "endDate": "2015",
            }
        ],
        "skills": [
            {"name": "Leadership"},
            {"name": "Python", "keywords": ["Django", "Celery"]},
            {"name": "SQL"},
            {"name": "Git"},
        ],
    },
    "data": {
        "basics": {"name": "Ben Okafor", "label": "Data analyst", "email": "ben@example.org"},
        "work": [
            {
                "name": "Globex",
                "position": "Data Analyst",
                "startDate": "2020-01",
                "highlights": [
                    "Built Tableau dashboards used by 120 sales managers",
                    "Wrote SQL models that cut reporting time from 3 days to 4 hours",
                    "Presented monthly churn analysis to the leadership team",
                    "Cleaned survey data in Excel for the marketing team",
                    "Coordinated the team's summer offsite",
                ],
            },
            {
                "name": "Hooli",
                "position": "Junior Analyst",
                "startDate": "2018-05",
                "endDate": "2019-12",
                "highlights": [
                    "Forecast demand with Python and pandas",
                    "Maintained 15 weekly KPI reports",
                ],
            },
        ],
        "education": [
            {
                "institution": "University of Leeds",
                "studyType": "MSc",
                "area": "Statistics",
                "endDate": "2018",
            }
        ],
        "skills": [{"name": "Excel"}, {"name": "Tableau"}, {"name": "SQL"}, {"name": "Python"}],
    },
    "nurse": {
        "basics": {"name": "Carla Mendes", "label": "Registered nurse", "phone": "555 010 2233"},
        "work": [
            {
                "name": "St. Mary's Hospital",
                "position": "Registered Nurse",
                "startDate": "2017-09",
                "highlights": [
                    "Cared for up to 6 patients per shift on a 32-bed surgical ward",
                    "Trained 10 new graduate nurses in wound care",
                    "Administered medications and documented care in Epic",
                    "Led the ward's infection control audit, reaching 98% compliance",
                    "Organised the charity bake sale",
                ],
            },
        ],
        "education": [
            {
                "institution": "King's College London",
                "studyType": "BSc",
                "area": "Nursing",
                "endDate": "2017",
            }
        ],
        "skills": [{"name": "Wound care"}, {"name": "Patient education"}, {"name": "Epic"}],
        "certificates": [
            {
                "name": "Basic Life Support",
                "issuer": "American Heart Association",
                "date": "2023-02",
            }
        ],
    },
    "sales": {
        "basics": {"name": "Dan Wu", "label": "Account executive", "email": "dan@example.net"},
        "work": [
            {
                "name": "Initrode",
                "position": "Account Executive",
                "startDate": "2021-02",
                "highlights": [
                    "Closed $1.2M in new annual recurring revenue in 2023",
                    "Managed a pipeline of 80 mid-market accounts in Salesforce",
                    "Ran product demos for prospects across EMEA",
                    "Planned the team's holiday party",
                    "Kept CRM notes up to date",
                ],
            },
            {
                "name": "Umbrella",
                "position": "Sales Development Representative",
                "startDate": "2019-01",
                "endDate": "2021-01",
                "highlights": [
                    "Booked 25 meetings a month through cold calling",
                    "Wrote outbound email sequences",
                ],
            },
        ],
        "skills": [{"name": "Salesforce"}, {"name": "Negotiation"}, {"name": "Cold calling"}],
    },
    "marketing": {
        "basics": {"name": "Eva Novak", "label": "Marketing manager", "email": "eva@example.com"},
        "work": [
            {
                "name": "Vandelay Industries",
                "position": "Marketing Manager",
                "startDate": "2018-04",
                "highlights": [
                    "Grew organic traffic 150% in 18 months through SEO and content",
                    "Managed a $300k paid search budget in Google Ads",
                    "Launched the company newsletter, reaching 20,000 subscribers",
                    "Hired and managed 2 content writers",
                    "Ran the book club",
                ],
            },
        ],
        "projects": [
            {
                "name": "Brand refresh",
                "highlights": [
                    "Led the 2022 brand refresh with an outside agency",
                    "Wrote the brand voice guide",
                ],
            }
        ],
        "skills": [
            {"name": "SEO"},
            {"name": "Content marketing"},
            {"name": "Google Ads"},
            {"name": "Copywriting"},
        ],
    },
}

POSTINGS = {
    "backend": (
        "Senior Backend Engineer (Python)",
        "We need a backend engineer with Python, Django, PostgreSQL, AWS and Kubernetes. "
        "10+ years of experience. You will build REST APIs, improve latency and mentor "
        "engineers. Docker, Redis and Go a plus. Join us at Google Cloud.",
    ),
    "data": (
        "Data Analyst",
        "Analyse product data with SQL and Python; build dashboards in Tableau or Power BI; "
        "present findings to leadership. Experience with dbt, Snowflake and A/B testing. "
        "5 years minimum; salary 95,000.",
    ),
    "nurse": (
        "Registered Nurse - Surgical",
        "Registered nurse for a surgical unit: patient care, wound care, medication "
        "administration, Epic documentation, infection control. ACLS required; BLS "
        "certification. 12-hour shifts at Mayo Clinic.",
    ),
    "sales": (
        "Account Executive, Mid-Market",
        "Own a mid-market pipeline in Salesforce or HubSpot, run demos, negotiate and close "
        "new business. Quota of $900k ARR. Experience with MEDDIC and Gong preferred.",
    ),
    "marketing": (
        "Growth Marketing Manager",
        "Lead SEO, content marketing and paid search (Google Ads, Meta Ads). Manage a team "
        "of 4 and a $2M budget. HubSpot, Google Analytics 4 and marketing automation.",
    ),
}
