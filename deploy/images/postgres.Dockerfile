# PostgreSQL 15 from Debian's packages, for the local deploy check (deploy/compose.local.yml).
# Same contract as the public postgres:15 image: POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB and a data directory at /var/lib/postgresql/data. PGPORT picks the port and
# POSTGRES_LISTEN the address (127.0.0.1: containers share the host's network here).
# Few instructions: with the vfs storage driver each one copies the whole image.
ARG BASE_IMAGE=careercopilot-local/bookworm:base
FROM ${BASE_IMAGE}
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data
ENTRYPOINT ["postgres-entrypoint"]
COPY images/postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-common \
    && sed -ri 's/^#?\s*create_main_cluster.*/create_main_cluster = false/' \
        /etc/postgresql-common/createcluster.conf \
    && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/*
