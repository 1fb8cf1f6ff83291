"""The container files: the compose stack defines every service, the image is lean and safe."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.support.processes import env_without

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text()
    text = re.sub(r"\\\n", " ", text)  # join continuation lines
    instructions = []
    defaults: dict[str, str] = {}  # ARG NAME=default, as `FROM ${NAME}` uses them
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            if keyword.upper() == "ARG" and "=" in rest:
                defaults.setdefault(*rest.strip().split("=", 1))
            if keyword.upper() == "FROM":
                rest = re.sub(r"\$\{(\w+)\}", lambda m: defaults.get(m[1], m[0]), rest)
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_compose_defines_web_worker_beat_postgres_redis_and_an_s3_store():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "postgres", "redis"):
        assert name in services, f"missing service {name}"
    images = {name: service.get("image", "") for name, service in services.items()}
    assert images["postgres"].startswith("postgres:15")
    assert images["redis"].startswith("redis:7")
    assert any("minio" in image for image in images.values()), images


def test_compose_app_services_run_gunicorn_celery_worker_on_every_queue_and_beat():
    services = compose()["services"]

    def command(name: str) -> str:
        value = services[name].get("command", "")
        return " ".join(value) if isinstance(value, list) else value

    assert "gunicorn" in command("web") or "command" not in services["web"]
    worker = command("worker")
    assert "celery" in worker and "worker" in worker
    queues = set(re.search(r"(?:-Q|--queues)[ =](\S+)", worker).group(1).split(","))
    assert queues == {"default", "ai", "video"}
    assert "beat" in command("beat")


def test_compose_services_have_healthchecks_and_production_settings():
    services = compose()["services"]
    for name in ("web", "postgres", "redis", "minio"):
        assert "healthcheck" in services[name], f"{name} has no healthcheck"
    web_env = services["web"]["environment"]
    assert web_env["DJANGO_ENV"] == "production"
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        assert web_env.get(variable) or web_env.get(f"{variable}_FILE"), (
            f"web does not set {variable}"
        )
    assert web_env["AWS_STORAGE_BUCKET_NAME"]


SECRET_VARIABLES = (
    "SECRET_KEY",
    "DATABASE_URL",
    "AWS_SECRET_ACCESS_KEY",
    "EMAIL_URL",
    "METRICS_TOKEN",
    "POSTGRES_PASSWORD",
    "MINIO_ROOT_PASSWORD",
)


def test_compose_passes_every_secret_as_a_mounted_file():
    """Guards: no secret in an environment variable (shown by `docker inspect`, inherited by
    every child process); each *_FILE names a secret the service mounts."""
    config = compose()
    declared = set(config["secrets"])
    for name, service in config["services"].items():
        env = service.get("environment", {})
        mounted = set(service.get("secrets", []))
        assert mounted <= declared, name
        for variable in SECRET_VARIABLES:
            assert variable not in env, f"{name} passes {variable} in its environment"
            path = env.get(f"{variable}_FILE")
            if path:
                secret = path.removeprefix("/run/secrets/")
                assert secret in mounted, f"{name}: {variable}_FILE names {secret}, not mounted"
    for name in ("migrate", "web", "worker", "beat"):
        env = config["services"][name]["environment"]
        for variable in ("SECRET_KEY", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY", "EMAIL_URL"):
            assert env.get(f"{variable}_FILE"), f"{name} does not read {variable}_FILE"
    assert config["services"]["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"]


def test_the_secrets_script_writes_every_declared_secret_once(tmp_path):
    """deploy/secrets.sh fills every file docker-compose.yml declares, and a second run keeps
    them (a changed password would lock the app out of an existing database)."""
    folder = tmp_path / "secrets"
    env = env_without("EMAIL_URL", SECRETS_DIR=str(folder))
    subprocess.run(
        ["sh", "deploy/secrets.sh"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=60
    )
    first = {p.name: p.read_text() for p in folder.iterdir()}
    subprocess.run(
        ["sh", "deploy/secrets.sh"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=60
    )

    assert set(first) == set(compose()["secrets"])
    assert {p.name: p.read_text() for p in folder.iterdir()} == first
    password = first["postgres_password"].strip()
    assert first["database_url"].strip() == (
        f"postgres://careercopilot:{password}@postgres:5432/careercopilot"
    )
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_dockerfile_is_multi_stage_and_runs_gunicorn_as_a_non_root_user():
    instructions = dockerfile_instructions()
    stages = [rest for keyword, rest in instructions if keyword == "FROM"]
    assert len(stages) >= 2, "expected a builder stage and a final stage"
    assert stages[-1].startswith("python:3.11-slim")

    final = instructions[max(i for i, (k, _) in enumerate(instructions) if k == "FROM") :]
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users, "the final stage sets no USER"
    assert users[-1].split(":")[0] not in ("root", "0")
    cmd = " ".join(rest for keyword, rest in final if keyword in ("CMD", "ENTRYPOINT"))
    assert "gunicorn" in cmd and "careercopilot.wsgi" in cmd
    assert any(k == "RUN" and "collectstatic" in rest for k, rest in final)
    assert any(k == "COPY" and "--from=" in rest for k, rest in final)


def test_env_example_documents_every_variable_settings_reads():
    settings_source = (ROOT / "careercopilot" / "settings.py").read_text()
    read = set(re.findall(r"""env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)\"""", settings_source))
    read |= set(re.findall(r"""_required_in_production\("([A-Z][A-Z0-9_]*)"\)""", settings_source))
    documented = set(
        re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read, "found no env reads in settings.py"
    assert read - documented == set(), "add these to .env.example"


def test_collectstatic_with_the_production_manifest_storage_succeeds(tmp_path):
    # What the Dockerfile runs: every file referenced from CSS/JS (fonts, source maps)
    # must exist, or the build fails.
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.management import call_command;"
        f"settings.STATIC_ROOT = {str(tmp_path / 'static')!r};"
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    env = env_without(
        "DJANGO_ENV",
        STATE_DIR=str(tmp_path / "var"),
        STATICFILES_BACKEND="whitenoise.storage.CompressedManifestStaticFilesStorage",
        DJANGO_SETTINGS_MODULE="careercopilot.settings",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )

    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
