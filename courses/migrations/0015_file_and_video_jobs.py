"""Submission files (their preview or video processing) and videos become job rows
(careercopilot.jobs): a file's ``processing_state``/``processing_error``/``processed_at``
become ``state``/``error``/``finished_at``, a video's ``processed_at`` becomes
``finished_at``, both gain the job fields, and states map to the job values (a file's
processing → running, a video's processing → pending: the sweeper sends it again;
ready → done). Existing rows keep their state."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F

FILE_STATES = {"processing": "running", "ready": "done"}
VIDEO_STATES = {"processing": "pending", "ready": "done"}


def to_job_states(apps, schema_editor):
    SubmissionFile = apps.get_model("courses", "SubmissionFile")
    SubmissionFile.objects.update(created_at=F("uploaded_at"))
    for old, new in FILE_STATES.items():
        SubmissionFile.objects.filter(state=old).update(state=new)
    Video = apps.get_model("courses", "Video")
    for old, new in VIDEO_STATES.items():
        Video.objects.filter(state=old).update(state=new)


def to_old_states(apps, schema_editor):
    SubmissionFile = apps.get_model("courses", "SubmissionFile")
    for old, new in FILE_STATES.items():
        SubmissionFile.objects.filter(state=new).update(state=old)
    Video = apps.get_model("courses", "Video")
    Video.objects.filter(state__in=["pending", "running"]).update(state="processing")
    Video.objects.filter(state="done").update(state="ready")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0014_suggestion_and_tutor_jobs"),
    ]

    operations = [
        migrations.RenameField("submissionfile", "processing_state", "state"),
        migrations.RenameField("submissionfile", "processing_error", "error"),
        migrations.RenameField("submissionfile", "processed_at", "finished_at"),
        migrations.AddField(
            model_name="submissionfile",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="submissionfile",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="submissionfile",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="submissionfile",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RenameField("video", "processed_at", "finished_at"),
        migrations.AddField(
            model_name="video",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="video",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(to_job_states, to_old_states),
        migrations.AlterField(
            model_name="submissionfile",
            name="state",
            field=models.CharField(
                choices=[
                    ("none", "Nothing to process"),
                    ("pending", "Awaiting processing"),
                    ("running", "Processing"),
                    ("done", "Ready"),
                    ("failed", "Failed"),
                ],
                default="none",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="video",
            name="state",
            field=models.CharField(
                choices=[
                    ("uploading", "Uploading"),
                    ("pending", "Processing"),
                    ("running", "Processing"),
                    ("done", "Ready"),
                    ("failed", "Failed"),
                ],
                default="uploading",
                max_length=16,
            ),
        ),
    ]
