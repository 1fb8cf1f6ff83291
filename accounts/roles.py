"""Roles (A3). A role is a Django auth group with one of these names.

- ``seeker``: the default for everyone who signs up.
- ``student``: takes courses.
- ``instructor``: staff; reaches the admin, scoped by the courses app to their own courses.
- ``admin``: staff and superuser, so it holds every permission, including the ones
  of models added later (a group granted "all permissions" by a migration would miss
  those). ``accounts.services.user_set_roles`` keeps ``is_staff``/``is_superuser`` in
  step with the roles; the admin shows both flags as read-only for that reason.

The groups are created by the data migration ``0002_roles`` and, for databases built
without migrations (``--nomigrations``), by a ``post_migrate`` hook that calls
``ensure_role_groups`` too. Other apps grant their model permissions to a role in
their own data migrations with ``grant_role_permissions``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


class Role(models.TextChoices):
    SEEKER = "seeker", "Job seeker"
    STUDENT = "student", "Student"
    INSTRUCTOR = "instructor", "Instructor"
    ADMIN = "admin", "Admin"


ALL_ROLES: tuple[str, ...] = tuple(Role.values)
DEFAULT_ROLE: str = Role.SEEKER
# Roles that reach the Django admin (and therefore must use MFA there).
STAFF_ROLES: frozenset[str] = frozenset({Role.INSTRUCTOR, Role.ADMIN})
# Roles that hold every permission (``is_superuser``).
SUPERUSER_ROLES: frozenset[str] = frozenset({Role.ADMIN})


def ensure_role_groups(group_model) -> None:
    """Create the role groups if missing. Takes the Group model so migrations can
    pass their historical model."""
    for role in ALL_ROLES:
        group_model.objects.get_or_create(name=role)


def grant_role_permissions(apps, *, role: str, app_label: str, codenames: Iterable[str]) -> None:
    """Give ``role`` the named permissions of ``app_label``, from a data migration.

    Permissions are normally created after all migrations ran (``post_migrate``), so
    this creates the app's permissions first. Use it as::

        def forwards(apps, schema_editor):
            grant_role_permissions(
                apps, role=Role.INSTRUCTOR, app_label="courses",
                codenames=["view_course", "change_course"],
            )
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = getattr(app_config, "models_module", None) or True
    create_permissions(app_config, apps=apps, verbosity=0)

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _ = group_model.objects.get_or_create(name=role)
    codenames = list(codenames)
    permissions = permission_model.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)
