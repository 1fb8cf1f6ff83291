"""gunicorn.conf.py (used by the Dockerfile and the production-like test server) reads its
sizing from the environment and keeps its control socket off unless asked for."""

import subprocess
import sys
from pathlib import Path

from tests.support.processes import env_without

ROOT = Path(__file__).resolve().parents[1]


def effective_config(**variables: str) -> dict[str, str]:
    env = env_without(
        "PORT",
        "GUNICORN_BIND",
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "GUNICORN_TIMEOUT",
        "GUNICORN_CONTROL_SOCKET",
        "FORWARDED_ALLOW_IPS",
        **variables,
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--print-config",
            "-c",
            "gunicorn.conf.py",
            "careercopilot.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def test_sizing_comes_from_the_environment():
    config = effective_config(PORT="8123", WEB_CONCURRENCY="3", GUNICORN_THREADS="5")

    assert config["bind"] == "['0.0.0.0:8123']"
    assert config["workers"] == "3"
    assert config["worker_class"] == "gthread"
    assert config["threads"] == "5"
    assert config["control_socket_disable"] == "True"


def test_an_exact_bind_address_and_a_control_socket_can_be_asked_for(tmp_path):
    socket = str(tmp_path / "gunicorn.ctl")
    config = effective_config(GUNICORN_BIND="127.0.0.1:9001", GUNICORN_CONTROL_SOCKET=socket)

    assert config["bind"] == "['127.0.0.1:9001']"
    assert config["control_socket"] == socket
    assert config["control_socket_disable"] == "False"


def test_forwarded_headers_are_trusted_from_the_local_proxy_only():
    config = effective_config()
    assert "*" not in config["forwarded_allow_ips"]
    assert "127.0.0.1" in config["forwarded_allow_ips"]

    behind = effective_config(FORWARDED_ALLOW_IPS="10.0.0.5")
    assert behind["forwarded_allow_ips"] == "['10.0.0.5']"
