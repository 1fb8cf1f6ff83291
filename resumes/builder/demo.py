"""Demo data for the builder: the demo seeker's resume as a structured one, and a version
tailored to one of the seeker's applications (proposals left for the user to review)."""

from __future__ import annotations

from . import services
from .models import BuiltResume


def seed(*, user, version, application) -> BuiltResume | None:
    """The tailored version (None without an application that has a description)."""
    built = services.built_from_version(user=user, version=version)
    if application is None or not application.description.strip():
        return None
    proposed = services.tailor_propose(user=user, base=built, application=application)
    return services.tailored_create(
        user=user, base=built, application=application, proposed=proposed
    )
