"""The test database builds dj-stripe's tables from one generated migration (see the root
conftest); it must describe exactly the models of the installed dj-stripe."""

import pytest
from django.conf import settings
from django.core.management import call_command


def test_tests_build_djstripe_from_the_generated_schema_migration():
    assert settings.MIGRATION_MODULES["djstripe"] == "billing.tests.djstripe_schema.migrations"


@pytest.mark.django_db
def test_generated_djstripe_schema_matches_the_installed_djstripe_models():
    # Exits non-zero when the models changed (dj-stripe was upgraded): regenerate it then.
    call_command("makemigrations", "djstripe", check=True, dry_run=True, verbosity=0)
