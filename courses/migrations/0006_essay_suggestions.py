"""AI essay-grading suggestions (E6)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0005_feed_permissions")]

    operations = []
