# An S3-compatible server (moto, from PyPI) for the local deploy check: the bucket API the
# app uses through boto3 (objects, presigned URLs, versioning, lifecycle rules). It keeps
# objects in memory. s3-createbucket creates the bucket.
# EXTRA_CA_CERTS: PEM text of a TLS-inspecting proxy's CA in front of PyPI (usually empty).
ARG BASE_IMAGE=careercopilot-local/bookworm:base
FROM ${BASE_IMAGE}
ARG EXTRA_CA_CERTS=""
ENV PATH=/opt/s3/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["moto_server", "-H", "127.0.0.1", "-p", "9000"]
COPY images/s3-createbucket.py /usr/local/bin/s3-createbucket
COPY s3-lifecycle.json /etc/s3-lifecycle.json
RUN if [ -n "$EXTRA_CA_CERTS" ]; then \
        { cat /etc/ssl/certs/ca-certificates.crt; printf '%s\n' "$EXTRA_CA_CERTS"; } >/tmp/ca.pem; \
        export PIP_CERT=/tmp/ca.pem; \
    fi; \
    python -m venv /opt/s3 \
    && /opt/s3/bin/pip install --no-cache-dir --disable-pip-version-check -q \
        "moto[s3,server]==5.2.5" "flask==3.1.3" "flask-cors==6.0.5" \
    && rm -f /tmp/ca.pem
USER nobody
