"""`DJANGO_ENV=production` refuses to start without its secrets and passes `check --deploy`."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import env_without

ROOT = Path(__file__).resolve().parents[1]
# Variables that switch integrations on; each test sets exactly what it needs.
INTEGRATION_VARIABLES = (
    "DATABASE_URL",
    "REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "EMAIL_URL",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "STATICFILES_BACKEND",
)
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "p7Qz-3vL!x9Rk2@Wm8Tn#4Yb6Hc1Jd5Fg0Ss^Ua7Ie$Oo2Pq9Zw3Xe6Rt8Yu1Io4",
    "ALLOWED_HOSTS": "careercopilot.example.com",
    # Never connected to: `check` without --database runs no database queries.
    "DATABASE_URL": "postgres://careercopilot:secret@db.internal:5432/careercopilot",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "careercopilot-media",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.internal:587",
    "SITE_URL": "https://careercopilot.example.com",
}


def manage(*args: str, tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = env_without(
        *INTEGRATION_VARIABLES,
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for browser tests; check --deploy rejects it
        STATE_DIR=str(tmp_path / "var"),
        **variables,
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "SITE_URL"]
)
def test_production_refuses_to_start_without_a_required_variable(missing, tmp_path):
    # An empty value counts as missing (and keeps a developer's .env from filling it in).
    result = manage("check", tmp_path=tmp_path, **{**PRODUCTION, missing: ""})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_debug_off_and_cookies_secure(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0)"
    )
    result = manage("shell", "--no-imports", "-c", code, tmp_path=tmp_path, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True"]


@pytest.mark.parametrize("name", ["prod", "Production", "staging", " production"])
def test_an_unknown_environment_name_refuses_to_start_instead_of_running_in_debug(name, tmp_path):
    result = manage("check", tmp_path=tmp_path, **{**PRODUCTION, "DJANGO_ENV": name})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "is not one of development, test, production" in result.stderr
