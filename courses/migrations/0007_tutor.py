"""AI tutor threads (E7)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0006_essay_suggestions")]

    operations = []
