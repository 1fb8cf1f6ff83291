"""The instructor role gets the feed moderation queue permissions (scoped per course)."""

from django.db import migrations

FEED_CODENAMES = ["view_coursepost", "change_coursepost", "view_coursecomment", "change_coursecomment"]


def grant(apps, schema_editor):
    from accounts.roles import Role, grant_role_permissions

    config = apps.get_app_config("courses")
    if not hasattr(config, "models_module"):
        config.models_module = None
    grant_role_permissions(apps, role=Role.INSTRUCTOR, app_label="courses", codenames=FEED_CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_feed"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
