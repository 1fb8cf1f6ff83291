"""The deploy check's compose override (deploy/compose.local.yml) on top of docker-compose.yml:
the stack it describes is the production one, with two web nodes, a worker per queue and
ports of its own. `make deploy-check` runs it for real; these tests guard its shape."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TEST_SERVICE_PORTS = {54329, 63790, 59000}  # scripts/services.sh
APP_SERVICES = ("migrate", "web", "web2", "worker", "worker-ai", "worker-video", "beat")


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text())


def merged() -> dict[str, dict]:
    """The services as docker-compose merges the two files: the override's keys win, its
    environment entries are added to the base's."""
    base, override = load("docker-compose.yml")["services"], load("deploy/compose.local.yml")
    services = {}
    for name in base.keys() | override["services"].keys():
        service = {**base.get(name, {}), **override["services"].get(name, {})}
        service["environment"] = {
            **base.get(name, {}).get("environment", {}),
            **override["services"].get(name, {}).get("environment", {}),
        }
        services[name] = service
    return services


def queues(service: dict) -> set[str]:
    command = " ".join(service.get("command", []))
    found = re.search(r"(?:-Q|--queues)[ =](\S+)", command)
    return set(found.group(1).split(",")) if found else set()


def test_each_queue_has_exactly_one_worker_service_of_its_own():
    services = merged()
    workers = {
        name: queues(s)
        for name, s in services.items()
        if "worker" in " ".join(s.get("command", []))
    }
    assert workers == {"worker": {"default"}, "worker-ai": {"ai"}, "worker-video": {"video"}}


def test_services_the_override_adds_set_every_variable_the_app_services_set():
    """Guards the repeated environment of web2, worker-ai and worker-video: a variable added
    to docker-compose.yml's app services must reach them too."""
    services = merged()
    for name, like in (("web2", "web"), ("worker-ai", "worker"), ("worker-video", "worker")):
        missing = set(services[like]["environment"]) - set(services[name]["environment"])
        assert not missing, f"{name} lacks {sorted(missing)}"
        assert services[name]["image"] == services[like]["image"]


def test_two_web_nodes_sit_behind_the_balancer_on_their_own_ports():
    services = merged()
    ports = [services[n]["environment"]["PORT"] for n in ("web", "web2")]
    upstreams = services["balancer"]["environment"]["BALANCER_UPSTREAMS"]
    assert len(set(ports)) == 2
    for port in ports:
        assert f"127.0.0.1:{port}" in upstreams
    assert set(services["balancer"]["depends_on"]) == {"web", "web2"}


def test_every_service_uses_the_host_network_on_ports_clear_of_the_test_services():
    text = (ROOT / "deploy" / "compose.local.yml").read_text()
    defaults = {int(port) for port in re.findall(r"\$\{DEPLOY_\w+_PORT:-(\d+)\}", text)}
    assert len(defaults) == 6  # https, two web nodes, postgres, redis, s3
    assert not defaults & TEST_SERVICE_PORTS
    for name, service in merged().items():
        assert service.get("network_mode") == "host", name


def test_app_services_talk_to_the_local_backing_services_with_production_settings():
    services = merged()
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["DJANGO_ENV"] == "production", name
        assert env["DATABASE_URL_FILE"] == "/run/secrets/database_url", name
        assert env["REDIS_URL"].startswith("redis://127.0.0.1:${DEPLOY_REDIS_PORT"), name
        assert env["SECURE_SSL_REDIRECT"] == "true", name  # TLS ends at the balancer


def test_the_production_compose_file_keeps_its_public_images():
    base = load("docker-compose.yml")["services"]
    assert base["postgres"]["image"].startswith("postgres:15")
    assert base["redis"]["image"].startswith("redis:7")
    assert base["minio"]["image"].startswith("minio/minio")
    local = load("deploy/compose.local.yml")["services"]
    assert local["postgres"]["image"].startswith("careercopilot-local/")


def test_the_image_leaves_out_tests_benchmarks_and_local_files():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for pattern in ("tests", "**/tests", "conftest.py", "bench", ".env", "var", ".venv"):
        assert pattern in ignored, pattern


def test_dockerfile_base_images_are_arguments_defaulting_to_the_public_ones():
    text = (ROOT / "Dockerfile").read_text()
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in text
    assert "ARG NODE_IMAGE=node:20-bookworm-slim" in text
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    assert stages == ["${NODE_IMAGE}", "${BASE_IMAGE}", "${BASE_IMAGE}"]
