"""gunicorn settings for Career Copilot, read from the environment.

gunicorn loads this file from the working directory by itself; the Dockerfile and the
production-like test server (tests/support/prodserver.py) both run

    gunicorn careercopilot.wsgi:application -c gunicorn.conf.py

Variables (all optional):
  PORT / GUNICORN_BIND   listen on 0.0.0.0:$PORT (default 8000), or exactly GUNICORN_BIND
  WEB_CONCURRENCY        worker processes (default 2 x cores + 1, at most 4 here)
  GUNICORN_THREADS       threads per worker (gthread; default 4)
  GUNICORN_TIMEOUT       seconds before a silent worker is restarted (default 60)
  GUNICORN_MAX_REQUESTS  recycle a worker after this many requests (default 2000, 0 = never)
  GUNICORN_ACCESS_LOG    "-" for stdout, a file path, or empty for none (default: none;
                         the app logs every request itself, with its request id)
  GUNICORN_LOG_LEVEL     gunicorn's own log level (default info)
  FORWARDED_ALLOW_IPS    proxies trusted for X-Forwarded-* (default 127.0.0.1: a proxy on
                         this host; list the proxy's address when it runs elsewhere)
  GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (for gunicornc); default off:
                         its default path is in $HOME, which the image's user cannot write
                         and which two servers on one machine would share

Sizing: pages spend most of their time waiting on PostgreSQL and Redis, so a few worker
processes with a few threads each beat many single-threaded workers on a small machine.
On 2 cores: 2-3 workers x 4 threads.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 4))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# TLS ends at the proxy in front; trust X-Forwarded-* from that proxy only, never from
# anyone who can reach the port.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True
# Heartbeat files in memory, not on a possibly slow container disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn docs


def on_starting(server):
    """Empties PROMETHEUS_MULTIPROC_DIR: a previous run's samples must not be summed in."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from careercopilot.metrics import wipe_multiprocess_dir

        wipe_multiprocess_dir()
