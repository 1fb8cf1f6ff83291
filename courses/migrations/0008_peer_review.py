"""Peer review (E9)."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_tutor"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PeerReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("assigned", "To do"),
                            ("in_progress", "In progress"),
                            ("submitted", "Submitted"),
                        ],
                        default="assigned",
                        max_length=16,
                    ),
                ),
                ("overall_comment", models.TextField(blank=True)),
                ("assigned_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("saved_at", models.DateTimeField(blank=True, null=True)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "assignment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="peer_reviews",
                        to="courses.assignment",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="peer_reviews_received",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="peer_reviews_given",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "submission",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="peer_reviews",
                        to="courses.submission",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        help_text="The attempt under review; a later resubmission does not change it.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="peer_reviews",
                        to="courses.submissionversion",
                    ),
                ),
            ],
            options={
                "ordering": ["assignment_id", "submission_id", "id"],
            },
        ),
        migrations.CreateModel(
            name="PeerReviewScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "points",
                    models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True),
                ),
                ("comment", models.TextField(blank=True)),
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
                    "review",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="courses.peerreview",
                    ),
                ),
            ],
            options={
                "ordering": ["review_id", "criterion_id"],
            },
        ),
        migrations.CreateModel(
            name="PeerReviewSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "enabled",
                    models.BooleanField(
                        default=False,
                        help_text="After the due date, each handed-in submission is given to classmates who handed in work too, to review with the rubric.",
                        verbose_name="use peer review",
                    ),
                ),
                (
                    "reviewers_per_submission",
                    models.PositiveSmallIntegerField(
                        default=2,
                        help_text="Each student also reviews about this many classmates' submissions.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="reviewers per submission",
                    ),
                ),
                (
                    "anonymous",
                    models.BooleanField(
                        default=True,
                        help_text="Authors never see who reviewed them, and reviewers never see whose work they review. You always see both.",
                    ),
                ),
                (
                    "include_late",
                    models.BooleanField(
                        default=True,
                        help_text="Work handed in after the due date is reviewed (and its author reviews others) as long as the reviews are open. Off: only work handed in by the due date takes part.",
                        verbose_name="include late work",
                    ),
                ),
                (
                    "reviews_due_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="Reviews can still be handed in after this moment until they are released.",
                        null=True,
                        verbose_name="reviews due",
                    ),
                ),
                (
                    "release_mode",
                    models.CharField(
                        choices=[
                            ("manual", "When I release them"),
                            ("at_due", "Automatically at the reviews' due date"),
                        ],
                        default="manual",
                        max_length=16,
                        verbose_name="release reviews to authors",
                    ),
                ),
                ("assigned_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("assign_note", models.TextField(blank=True, editable=False)),
                ("released_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "release_notified_at",
                    models.DateTimeField(blank=True, editable=False, null=True),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "assignment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="peer_review_settings",
                        to="courses.assignment",
                    ),
                ),
            ],
            options={
                "verbose_name": "peer review settings",
                "verbose_name_plural": "peer review settings",
            },
        ),
        migrations.AddIndex(
            model_name="peerreview",
            index=models.Index(fields=["reviewer", "assignment"], name="peer_review_reviewer"),
        ),
        migrations.AddIndex(
            model_name="peerreview",
            index=models.Index(fields=["assignment", "state"], name="peer_review_assignment_state"),
        ),
        migrations.AddConstraint(
            model_name="peerreview",
            constraint=models.UniqueConstraint(
                fields=("submission", "reviewer"), name="peer_review_unique_reviewer"
            ),
        ),
        migrations.AddConstraint(
            model_name="peerreview",
            constraint=models.CheckConstraint(
                condition=models.Q(("reviewer", models.F("author")), _negated=True),
                name="peer_review_not_self",
            ),
        ),
        migrations.AddConstraint(
            model_name="peerreview",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "submitted"), ("submitted_at__isnull", False)),
                    models.Q(
                        models.Q(("state", "submitted"), _negated=True),
                        ("submitted_at__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="peer_review_submitted_at",
            ),
        ),
        migrations.AddConstraint(
            model_name="peerreviewscore",
            constraint=models.UniqueConstraint(
                fields=("review", "criterion"), name="peer_score_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="peerreviewsettings",
            index=models.Index(fields=["enabled", "released_at"], name="peer_settings_open"),
        ),
        migrations.AddConstraint(
            model_name="peerreviewsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reviewers_per_submission__gte", 1), ("reviewers_per_submission__lte", 10)
                ),
                name="peer_settings_reviewers_range",
            ),
        ),
    ]
