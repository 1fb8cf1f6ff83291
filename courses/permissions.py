"""The model permissions the site-wide instructor role holds for courses.

Granted by the data migration ``0002_instructor_permissions`` (and after migrate, for
databases built without migrations). Object-level scoping to the courses a person
teaches is done by the admin (``courses.admin.scoping``).
"""

CRUD = ("view", "add", "change", "delete")

INSTRUCTOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "course": CRUD,
    "section": CRUD,
    "enrollment": CRUD,
    "courseinvitation": CRUD,
    "skill": ("view", "add"),
    "rubric": CRUD,
    "rubriccriterion": CRUD,
    "rubriclevel": CRUD,
    "assignment": CRUD,
    "assignmentattachment": CRUD,
    "submission": ("view", "change"),
    "submissionversion": ("view",),
    "submissionfile": ("view",),
    "criterionscore": ("view",),
}


def instructor_codenames() -> list[str]:
    return [
        f"{action}_{model}"
        for model, actions in INSTRUCTOR_PERMISSIONS.items()
        for action in actions
    ]


def grant_to_instructors(apps) -> None:
    """Give the instructor role these permissions (from a migration or post_migrate).

    ``apps`` may be a migration state registry, whose app configs are stubs without a
    ``models_module`` attribute; ``grant_role_permissions`` reads that attribute, so the
    stub gets an empty one first.
    """
    from accounts.roles import Role, grant_role_permissions

    config = apps.get_app_config("courses")
    if not hasattr(config, "models_module"):
        config.models_module = None
    grant_role_permissions(
        apps, role=Role.INSTRUCTOR, app_label="courses", codenames=instructor_codenames()
    )
