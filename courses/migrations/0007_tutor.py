"""AI tutor threads (E7)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_essay_suggestions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TutorThread",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=120)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "assignment",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty for questions about the course as a whole.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="tutor_threads",
                        to="courses.assignment",
                    ),
                ),
                (
                    "course",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tutor_threads",
                        to="courses.course",
                    ),
                ),
                (
                    "student",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tutor_threads",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-updated_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="TutorMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[("user", "You"), ("assistant", "Tutor")], max_length=10
                    ),
                ),
                ("text", models.TextField(blank=True)),
                (
                    "kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("hint", "Hint"),
                            ("question", "Questions"),
                            ("refusal", "Not the answer"),
                            ("clarification", "Clarifying"),
                        ],
                        max_length=16,
                    ),
                ),
                ("refused", models.BooleanField(default=False)),
                ("follow_ups", models.JSONField(blank=True, default=list)),
                ("criteria", models.JSONField(blank=True, default=list)),
                (
                    "status",
                    models.CharField(
                        choices=[("queued", "Thinking"), ("ready", "Ready"), ("failed", "Failed")],
                        default="ready",
                        max_length=10,
                    ),
                ),
                ("error", models.CharField(blank=True, max_length=300)),
                ("engine", models.CharField(blank=True, max_length=20)),
                ("note", models.CharField(blank=True, max_length=300)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("started_at", models.DateTimeField(blank=True, null=True)),
                ("finished_at", models.DateTimeField(blank=True, null=True)),
                (
                    "thread",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="courses.tutorthread",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="tutorthread",
            index=models.Index(
                fields=["student", "course", "-updated_at"], name="tutor_thread_student"
            ),
        ),
        migrations.AddIndex(
            model_name="tutorthread",
            index=models.Index(fields=["course", "student"], name="tutor_thread_course"),
        ),
        migrations.AddIndex(
            model_name="tutormessage",
            index=models.Index(fields=["thread", "created_at"], name="tutor_message_thread"),
        ),
        migrations.AddIndex(
            model_name="tutormessage",
            index=models.Index(fields=["role", "created_at"], name="tutor_message_role"),
        ),
    ]
