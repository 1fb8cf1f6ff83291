"""The instructor role gets the courses permissions (scoped per course by the admin)."""

from django.db import migrations

from courses.permissions import grant_to_instructors


def grant(apps, schema_editor):
    grant_to_instructors(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
