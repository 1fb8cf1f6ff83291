# syntax=docker/dockerfile:1
# Career Copilot image: one image for web (gunicorn), Celery workers and beat.
#   docker build -t careercopilot .
# Stages: assets (npm ci from the lockfile) -> builder (Python virtualenv + the app)
# -> runtime. The base images are arguments: the public Python and Node.js images by
# default; the deploy check (scripts/deploy_check.sh) points them at images it builds from
# Debian's packages. EXTRA_CA_CERTS (PEM text, usually empty) is the CA of a TLS-inspecting
# proxy between the build and the registries: only the build stages trust it.
# Metadata comes before the heavy layers and instructions are few: some storage drivers
# (vfs) copy the whole image for each one.
ARG BASE_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# --- 1. Front-end libraries from npm, copied into static/vendor ------------------------
FROM ${NODE_IMAGE} AS assets
ARG EXTRA_CA_CERTS=""
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build_assets.sh scripts/build_assets.sh
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
        printf '%s\n' "$EXTRA_CA_CERTS" >/tmp/extra-ca.pem; export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; \
    fi; \
    bash scripts/build_assets.sh

# --- 2. Python dependencies in a self-contained virtualenv, then the app -----------------
FROM ${BASE_IMAGE} AS builder
ARG EXTRA_CA_CERTS=""
COPY requirements.txt /tmp/requirements.txt
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
        { cat /etc/ssl/certs/ca-certificates.crt; printf '%s\n' "$EXTRA_CA_CERTS"; } >/tmp/ca.pem; \
        export PIP_CERT=/tmp/ca.pem; \
    fi; \
    python -m venv /opt/venv \
    && PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
        /opt/venv/bin/pip install -r /tmp/requirements.txt \
    && /opt/venv/bin/pip uninstall -y -q pip \
    && rm -f /tmp/ca.pem
# The app without tests, benchmarks or local files (.dockerignore), plus the npm assets.
WORKDIR /app
COPY --from=assets /app/static/vendor/ static/vendor/
COPY . .

# --- 3. Runtime: slim Python, OCR and video tools, non-root user -------------------------
FROM ${BASE_IMAGE} AS runtime
# gunicorn.conf.py reads PORT (bind 0.0.0.0:$PORT), WEB_CONCURRENCY (workers),
# GUNICORN_THREADS and GUNICORN_TIMEOUT from the environment.
ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STATE_DIR=/app/var \
    OMP_THREAD_LIMIT=1 \
    PORT=8000 \
    WEB_CONCURRENCY=3 \
    GUNICORN_TIMEOUT=60
WORKDIR /app
EXPOSE 8000
CMD ["gunicorn", "careercopilot.wsgi:application", "-c", "gunicorn.conf.py"]
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr ffmpeg libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

COPY --from=builder /opt/venv /opt/venv
COPY --from=builder /app /app

# Static files are collected into the image (hashed names + compressed copies for WhiteNoise).
# DJANGO_ENV is unset here, so no production secrets are needed at build time.
RUN STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var \
    && chown -R app:app /app/var

USER app
