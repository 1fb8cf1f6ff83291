"""Name the site "Career Copilot" (allauth's emails and passkey prompts show it) and
set its domain from SITE_URL, instead of the sites framework's "example.com"."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

SITE_NAME = "Career Copilot"


def name_site(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    domain = urlsplit(getattr(settings, "SITE_URL", "")).netloc or "localhost:8000"
    _, created = site_model.objects.using(schema_editor.connection.alias).update_or_create(
        pk=getattr(settings, "SITE_ID", 1), defaults={"domain": domain, "name": SITE_NAME}
    )
    if created:
        # An explicit pk leaves PostgreSQL's sequence behind; reset it as
        # django.contrib.sites' own create_default_site does.
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for command in connection.ops.sequence_reset_sql(no_style(), [site_model]):
                cursor.execute(command)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
