# The load balancer in front of the web nodes, for the local deploy check: Debian's nginx,
# terminating TLS and spreading requests over the web nodes. The entrypoint writes its
# configuration from balancer.conf.template and the environment (BALANCER_PORT,
# BALANCER_UPSTREAMS, BALANCER_CERT, BALANCER_KEY).
ARG BASE_IMAGE=careercopilot-local/bookworm:base
FROM ${BASE_IMAGE}
ENTRYPOINT ["balancer-entrypoint"]
COPY balancer.conf.template images/balancer-entrypoint.sh /etc/nginx/templates/
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx-light gettext-base \
    && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default \
    && mv /etc/nginx/templates/balancer-entrypoint.sh /usr/local/bin/balancer-entrypoint
