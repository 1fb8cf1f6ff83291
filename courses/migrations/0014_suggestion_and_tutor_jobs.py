"""Essay suggestions and tutor replies become job rows (careercopilot.jobs): ``status``
becomes ``state`` with the job values (queued → pending, ready → done), a suggestion's
``runs`` becomes ``attempts``, and both gain ``progress``. Existing rows keep their state."""

from django.db import migrations, models

FORWARD = {"queued": "pending", "ready": "done"}


def to_job_states(apps, schema_editor):
    for name in ("EssaySuggestion", "TutorMessage"):
        model = apps.get_model("courses", name)
        for old, new in FORWARD.items():
            model.objects.filter(state=old).update(state=new)


def to_old_states(apps, schema_editor):
    for name in ("EssaySuggestion", "TutorMessage"):
        model = apps.get_model("courses", name)
        for old, new in FORWARD.items():
            model.objects.filter(state=new).update(state=old)
    # Tutor replies had no running state: a running one was queued.
    apps.get_model("courses", "TutorMessage").objects.filter(state="running").update(
        state="queued"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0013_feed_hold_reasons"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="essaysuggestion", name="essay_suggestion_status"),
        migrations.RenameField("essaysuggestion", "status", "state"),
        migrations.AddIndex(
            model_name="essaysuggestion",
            index=models.Index(fields=["state", "created_at"], name="essay_suggestion_status"),
        ),
        migrations.RenameField("essaysuggestion", "runs", "attempts"),
        migrations.AddField(
            model_name="essaysuggestion",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RenameField("tutormessage", "status", "state"),
        migrations.AddField(
            model_name="tutormessage",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="tutormessage",
            name="error",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(to_job_states, to_old_states),
        migrations.AlterField(
            model_name="essaysuggestion",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Queued"),
                    ("running", "Reading the essay"),
                    ("done", "Ready"),
                    ("failed", "Failed"),
                    ("superseded", "Superseded by a newer attempt"),
                ],
                default="pending",
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="tutormessage",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Queued"),
                    ("running", "Running"),
                    ("done", "Done"),
                    ("failed", "Failed"),
                ],
                default="done",
                max_length=10,
            ),
        ),
    ]
