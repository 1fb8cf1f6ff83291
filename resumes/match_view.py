"""What the match page shows, worked out from a stored match result (any engine, any age).

Every number shown agrees with what is listed: the skills sub-score is shown only when
the job names skills we list as matched, shown-but-not-named or missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SUBSCORES = (
    ("skills", "Skills", "The job's named skills found in your resume (required ones count more)."),
    ("keywords", "Keywords", "How much of the job's wording and meaning your resume shares."),
    ("title", "Title and seniority", "How close your recent job titles are to this one."),
    ("experience", "Experience", "Your years in dated roles against the years the job asks."),
    ("education", "Education", "Your degree against the one the job asks for."),
    ("ats", "ATS formatting", "Whether screening software can read your resume's sections."),
)

BANDS = (
    (
        75,
        "strong",
        "Strong match",
        "You cover most of what this job asks. Apply, and put the matched skills near the top.",
    ),
    (
        50,
        "fair",
        "Fair match",
        "Worth applying once you close the gaps below that you honestly can.",
    ),
    (
        0,
        "weak",
        "Weak match",
        "This job asks for much that your resume does not show. Tailor it first, or favour closer jobs.",
    ),
)


@dataclass
class Subscore:
    key: str
    label: str
    value: int | None
    means: str

    @property
    def measured(self) -> bool:
        return self.value is not None


@dataclass
class SkillSection:
    key: str
    title: str
    tone: str
    empty: str
    groups: list[tuple[str, list[dict]]]

    @property
    def count(self) -> int:
        return sum(len(skills) for _, skills in self.groups)


@dataclass
class MatchView:
    score: int
    band: str
    band_label: str
    band_means: str
    subscores: list[Subscore]
    sections: list[SkillSection]
    evidence: list[tuple[str, str]] = field(default_factory=list)
    asks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def listed_skills(self) -> int:
        return sum(section.count for section in self.sections)

    @property
    def missing_count(self) -> int:
        return self.sections[2].count


def _skills(result: dict, key: str) -> list[dict]:
    return [s for s in result.get(key) or [] if isinstance(s, dict) and s.get("skill")]


def _by_need(skills: list[dict]) -> list[tuple[str, list[dict]]]:
    required = [s for s in skills if s.get("required", True)]
    preferred = [s for s in skills if not s.get("required", True)]
    return [
        (title, group)
        for title, group in (("Required", required), ("Nice to have", preferred))
        if group
    ]


def match_view(result: dict) -> MatchView:
    score = int(result.get("score") or 0)
    _, band, label, means = next(b for b in BANDS if score >= b[0])
    matched = _skills(result, "matched_skills")
    implied = _skills(result, "implied_skills")
    missing = _skills(result, "missing_skills")
    raw = result.get("subscores") or {}
    subscores = [Subscore(key, name, raw.get(key), text) for key, name, text in SUBSCORES]
    if not (matched or implied or missing):
        # Nothing listed: a number here would not be about skills (the offline engine
        # falls back to text similarity), so the skills row says it was not scored.
        subscores[0].value = None
        subscores[0].means = "Not scored: this posting names no skills we recognise."
    sections = [
        SkillSection(
            "matched",
            "Matched skills",
            "success",
            "None of the job's named skills.",
            _by_need(matched),
        ),
        SkillSection(
            "implied",
            "You have it but didn’t say it",
            "info",
            "Nothing hidden: every skill you show, you also name.",
            [("", implied)],
        ),
        SkillSection(
            "missing",
            "Missing skills",
            "danger",
            "None: you name every skill it asks for.",
            _by_need(missing),
        ),
    ]
    evidence = [(s["skill"], s["lines"][0]) for s in matched + implied if s.get("lines")]
    asks = [(s["skill"], s["lines"][0]) for s in missing if s.get("lines")]
    return MatchView(
        score=score,
        band=band,
        band_label=label,
        band_means=means,
        subscores=subscores,
        sections=sections,
        evidence=evidence[:8],
        asks=asks[:8],
    )
