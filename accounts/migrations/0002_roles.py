"""Create the role groups: seeker, student, instructor, admin (see accounts.roles)."""

from django.db import migrations

from accounts.roles import ensure_role_groups


def create_role_groups(apps, schema_editor):
    ensure_role_groups(apps.get_model("auth", "Group"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        # Reversing keeps the groups: they may hold users and other apps' permissions.
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
