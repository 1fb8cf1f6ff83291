# syntax=docker/dockerfile:1
# Career Copilot image: one image for web (gunicorn), Celery workers and beat.
#   docker build -t careercopilot .
# Stages: assets (npm ci from the lockfile) -> builder (Python virtualenv) -> runtime.

# --- 1. Front-end libraries from npm, copied into static/vendor ------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/build_assets.sh scripts/build_assets.sh
RUN bash scripts/build_assets.sh

# --- 2. Python dependencies in a self-contained virtualenv -------------------------------
FROM python:3.11-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt

# --- 3. Runtime: slim Python, OCR and video tools, non-root user -------------------------
FROM python:3.11-slim-bookworm AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr ffmpeg libpq5 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app

# gunicorn.conf.py reads PORT (bind 0.0.0.0:$PORT), WEB_CONCURRENCY (workers),
# GUNICORN_THREADS and GUNICORN_TIMEOUT from the environment.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STATE_DIR=/app/var \
    OMP_THREAD_LIMIT=1 \
    PORT=8000 \
    WEB_CONCURRENCY=3 \
    GUNICORN_TIMEOUT=60

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
COPY . .
COPY --from=assets /app/static/vendor/ static/vendor/

# Static files are collected into the image (hashed names + compressed copies for WhiteNoise).
# DJANGO_ENV is unset here, so no production secrets are needed at build time.
RUN STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
        python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var \
    && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "careercopilot.wsgi:application", "-c", "gunicorn.conf.py"]
