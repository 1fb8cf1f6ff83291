"""Profile skills with their sources (E12)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_site_name")]

    operations = [
        migrations.CreateModel(
            name="ProfileSkill",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=80)),
                ("name_normalized", models.CharField(editable=False, max_length=80)),
                (
                    "source_kind",
                    models.CharField(
                        choices=[
                            ("self", "Added by you"),
                            ("course", "From a course"),
                            ("resume", "From your resume"),
                        ],
                        default="self",
                        max_length=10,
                    ),
                ),
                (
                    "source_label",
                    models.CharField(
                        blank=True,
                        help_text="What the source was called then, e.g. the course.",
                        max_length=200,
                    ),
                ),
                ("source_course_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("added_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("removed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="profile_skills",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["user_id", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "name_normalized"), name="profile_skill_unique_name"
                    )
                ],
            },
        ),
    ]
