"""Cohort outcome consent and course skills (E11, E12)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0008_peer_review")]

    operations = []
