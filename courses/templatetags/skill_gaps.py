"""``{% skill_gap_links missing_skills %}``: courses and assignments that teach the skills
a resume analysis found missing (E12). Renders nothing when no course teaches any."""

from __future__ import annotations

from django import template

from ..selectors.skills import courses_for_skills

register = template.Library()


def _name(item) -> str:
    if isinstance(item, dict):
        return str(item.get("skill", ""))
    return str(getattr(item, "skill", item) or "")


@register.inclusion_tag("courses/partials/skill_gap_links.html", takes_context=True)
def skill_gap_links(context, missing_skills) -> dict:
    names = [_name(item) for item in missing_skills or []]
    gaps = courses_for_skills(names, context["request"].user) if names else []
    return {"gaps": [gap for gap in gaps if gap.has_links]}
