# Node.js and npm from Debian's packages: the Dockerfile's assets stage (NODE_IMAGE) when the
# public node image cannot be pulled. Only the build uses it; nothing of it is in the image.
ARG BASE_IMAGE=careercopilot-local/bookworm:base
FROM ${BASE_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
