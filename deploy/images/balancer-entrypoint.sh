#!/bin/sh
# Writes nginx's configuration from the template and the environment, then runs nginx.
#   BALANCER_UPSTREAMS  web nodes, "host:port host:port ..."
#   BALANCER_PORT       the TLS port (default 8443); BALANCER_ADDRESS (default 127.0.0.1)
#   BALANCER_CERT, BALANCER_KEY  the certificate and key (PEM files)
set -eu
: "${BALANCER_UPSTREAMS:?list the web nodes, host:port separated by spaces}"
: "${BALANCER_CERT:?path of the TLS certificate}" "${BALANCER_KEY:?path of the TLS key}"
export BALANCER_PORT="${BALANCER_PORT:-8443}" BALANCER_ADDRESS="${BALANCER_ADDRESS:-127.0.0.1}"
servers=""
for node in $BALANCER_UPSTREAMS; do
  servers="${servers}server ${node} max_fails=3 fail_timeout=5s; "
done
export BALANCER_UPSTREAM_SERVERS="$servers"
envsubst '${BALANCER_UPSTREAM_SERVERS} ${BALANCER_ADDRESS} ${BALANCER_PORT} ${BALANCER_CERT} ${BALANCER_KEY}' \
  </etc/nginx/templates/balancer.conf.template >/etc/nginx/nginx.conf
nginx -t -q
exec nginx -g 'daemon off;'
