"""Peer review (E9)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_tutor")]

    operations = []
