"""Every setting also reads NAME_FILE, a path (Docker and Kubernetes secrets): the file's
text less its final newline, winning over NAME; a file that cannot be read stops the start
with the variable's name."""

import json
import subprocess
import sys
from pathlib import Path

from tests.support.processes import env_without
from tests.test_settings_production import INTEGRATION_VARIABLES, PRODUCTION

ROOT = Path(__file__).resolve().parents[1]
SECRETS = {
    "SECRET_KEY": "k3Vq-8Zr!p2Lm6Tx#9Wd4Hs1Fb7Nc0Gy5Ju^Ea3Io$Uq8Pw2Zx6Rt9Yk1Lm4Nb7",
    "DATABASE_URL": "postgres://careercopilot:s3cr%2Ft@db.internal:5432/careercopilot",
    "EMAIL_URL": "smtp+tls://mailer:mail-pass@smtp.internal:587",
    "AWS_SECRET_ACCESS_KEY": "s3-secret-from-a-file",
    "ANTHROPIC_API_KEY": "sk-ant-from-a-file",
    "STRIPE_WEBHOOK_SECRET": "whsec_fromafile",
    "HEALTH_TOKEN": "health-token-from-a-file",
    "METRICS_TOKEN": "metrics-token-from-a-file",
}
READ = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "SECRET_KEY": s.SECRET_KEY,
    "DATABASE_URL": [db["PASSWORD"], db["HOST"]],
    "EMAIL_URL": [s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD],
    "AWS_SECRET_ACCESS_KEY": s.STORAGES["default"]["OPTIONS"]["secret_key"],
    "ANTHROPIC_API_KEY": s.ANTHROPIC_API_KEY,
    "STRIPE_WEBHOOK_SECRET": s.STRIPE_WEBHOOK_SECRET,
    "HEALTH_TOKEN": s.HEALTH_TOKEN,
    "METRICS_TOKEN": s.METRICS_TOKEN,
}))
"""


def read_settings(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = env_without(
        *INTEGRATION_VARIABLES,
        *SECRETS,
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        DJANGO_SETTINGS_MODULE="careercopilot.settings",
        STATE_DIR=str(tmp_path / "var"),
        **variables,
    )
    return subprocess.run(
        [sys.executable, "-c", READ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def secret_files(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "secrets"
    folder.mkdir()
    variables = {}
    for name, value in SECRETS.items():
        path = folder / name.lower()
        path.write_text(value + "\n")  # as `echo value > file` writes it
        variables[f"{name}_FILE"] = str(path)
    return variables


def test_production_starts_with_every_secret_from_a_file(tmp_path):
    public = {k: v for k, v in PRODUCTION.items() if k not in SECRETS}

    result = read_settings(tmp_path, **public, **secret_files(tmp_path))

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        **SECRETS,
        "DATABASE_URL": ["s3cr/t", "db.internal"],
        "EMAIL_URL": ["mailer", "mail-pass"],
    }


def test_a_file_wins_over_the_variable(tmp_path):
    files = secret_files(tmp_path)

    result = read_settings(
        tmp_path,
        **PRODUCTION,
        SECRET_KEY_FILE=files["SECRET_KEY_FILE"],
        METRICS_TOKEN="from-the-environment",
        METRICS_TOKEN_FILE=files["METRICS_TOKEN_FILE"],
    )

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["SECRET_KEY"] == SECRETS["SECRET_KEY"]
    assert found["METRICS_TOKEN"] == SECRETS["METRICS_TOKEN"]


def test_an_unreadable_secret_file_stops_the_start_naming_the_variable(tmp_path):
    missing = tmp_path / "secrets" / "secret_key"

    result = read_settings(tmp_path, **PRODUCTION, SECRET_KEY_FILE=str(missing))

    assert result.returncode != 0
    assert f"SECRET_KEY_FILE={missing} cannot be read" in result.stderr
    assert SECRETS["SECRET_KEY"] not in result.stderr
