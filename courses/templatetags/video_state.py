"""``{% video_state file.video %}``: a video's processing state that updates itself."""

from __future__ import annotations

from django import template

from ..selectors.video import video_state_context

register = template.Library()


@register.inclusion_tag("courses/partials/video_state.html")
def video_state(video) -> dict:
    return video_state_context(video)
