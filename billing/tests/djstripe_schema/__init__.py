"""dj-stripe's current schema as one migration, used only to build the test database.

Regenerate after upgrading dj-stripe (then check with billing/tests/test_djstripe_schema.py):

    rm billing/tests/djstripe_schema/migrations/0001_schema.py
    .venv/bin/python -c "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = \
'careercopilot.settings'; django.setup(); from django.conf import settings; \
settings.MIGRATION_MODULES = {'djstripe': 'billing.tests.djstripe_schema.migrations'}; \
from django.core.management import call_command; \
call_command('makemigrations', 'djstripe', name='schema')"
"""
