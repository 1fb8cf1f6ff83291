# Redis 7 from Debian's packages, for the local deploy check (deploy/compose.local.yml).
# Runs as the redis user with its data (the append-only file) in /data.
ARG BASE_IMAGE=careercopilot-local/bookworm:base
FROM ${BASE_IMAGE}
WORKDIR /data
CMD ["redis-server", "--bind", "127.0.0.1", "--dir", "/data"]
RUN apt-get update \
    && apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/* \
    && chown redis:redis /data
USER redis
