"""AI essay-grading suggestions (E6)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_feed_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EssaySuggestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("queued", "Queued"),
                            ("running", "Reading the essay"),
                            ("ready", "Ready"),
                            ("failed", "Failed"),
                        ],
                        default="queued",
                        max_length=16,
                    ),
                ),
                (
                    "error",
                    models.TextField(
                        blank=True, help_text="Why the last run failed, for the instructor."
                    ),
                ),
                ("requested_engine", models.CharField(blank=True, max_length=20)),
                (
                    "engine",
                    models.CharField(
                        blank=True, help_text="The engine that answered.", max_length=20
                    ),
                ),
                ("model_name", models.CharField(blank=True, max_length=80)),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        help_text="For example why Claude fell back to local.",
                        max_length=300,
                    ),
                ),
                ("summary", models.TextField(blank=True)),
                ("measurements", models.JSONField(blank=True, default=dict)),
                ("runs", models.PositiveSmallIntegerField(default=0)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="essay_suggestions",
                        to="courses.submission",
                    ),
                ),
                (
                    "version",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="essay_suggestion",
                        to="courses.submissionversion",
                    ),
                ),
            ],
            options={
                "ordering": ["submission_id", "version_id"],
            },
        ),
        migrations.CreateModel(
            name="EssayCriterionSuggestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("rationale", models.TextField()),
                ("quotes", models.JSONField(blank=True, default=list)),
                ("confidence", models.FloatField(default=0.0)),
                (
                    "criterion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="courses.rubriccriterion",
                    ),
                ),
                (
                    "level",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="courses.rubriclevel",
                    ),
                ),
                (
                    "suggestion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="criteria",
                        to="courses.essaysuggestion",
                    ),
                ),
            ],
            options={
                "ordering": ["suggestion_id", "criterion_id"],
            },
        ),
        migrations.AddIndex(
            model_name="essaysuggestion",
            index=models.Index(fields=["status", "created_at"], name="essay_suggestion_status"),
        ),
        migrations.AddConstraint(
            model_name="essaycriterionsuggestion",
            constraint=models.UniqueConstraint(
                fields=("suggestion", "criterion"), name="essay_criterion_suggestion_unique"
            ),
        ),
    ]
