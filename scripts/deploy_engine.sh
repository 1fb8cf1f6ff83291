#!/usr/bin/env bash
# A private Docker engine for the deploy check, and the images it runs, built from Debian
# and PyPI packages only (no registry of images is needed). Every command is safe to re-run.
#
#   scripts/deploy_engine.sh up        install docker.io, debootstrap and docker-compose if
#                                      missing, then start dockerd (host network, no bridge)
#                                      with its data root and socket under var/deploy/
#   scripts/deploy_engine.sh images    build the base image (debootstrap, cached) and the
#                                      PostgreSQL 15, Redis 7, S3, nginx and Node.js images
#                                      (build-images: base and Node.js only; service-images:
#                                      base and the rest)
#   scripts/deploy_engine.sh env       print the export lines that point docker at the engine
#   scripts/deploy_engine.sh extra-ca  print the machine's added CA certificates (PEM), if any
#   scripts/deploy_engine.sh down      stop the engine (its images stay cached on disk)
#   scripts/deploy_engine.sh purge     stop it and delete its data root (the cache too)
#
# DEPLOY_STATE_DIR moves the engine's state (default var/deploy). DEPLOY_STORAGE_DRIVER picks
# the storage driver: by default overlay2 where this kernel mounts overlayfs (layers are
# shared), vfs otherwise (works anywhere, but copies the whole image for every layer and
# every container: minutes per build step on a busy machine).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

STATE=${DEPLOY_STATE_DIR:-$ROOT/var/deploy}
DATA_ROOT=$STATE/docker
SOCKET=$STATE/docker.sock
PIDFILE=$STATE/dockerd.pid
LOG=$STATE/dockerd.log
# Runtime sockets (containerd's among them) need a short path: /run unless var/ is short.
if [ ${#STATE} -le 48 ]; then
  EXEC_ROOT=$STATE/run
else
  EXEC_ROOT=/run/careercopilot-deploy-$(printf '%s' "$STATE" | sha1sum | cut -c1-8)
fi
DOCKER=/usr/bin/docker # Debian's client, the same version as the engine
BASE=careercopilot-local/bookworm:base
IMAGES_DIR=$ROOT/deploy/images
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

log() { printf '    %s\n' "$*"; }
die() {
  printf 'deploy-engine: %s\n' "$*" >&2
  exit 1
}

docker_() { DOCKER_HOST=unix://$SOCKET DOCKER_BUILDKIT=0 "$DOCKER" "$@"; }

install_packages() {
  local wanted=(docker.io debootstrap docker-compose) missing=() installed
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${wanted[@]}" 2>/dev/null || true)
  for package in "${wanted[@]}"; do
    grep -qx "$package installed" <<<"$installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "install as root first: apt-get install ${missing[*]}"
  log "installing ${missing[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

engine_pid() {
  local pid
  [ -f "$PIDFILE" ] || return 1
  pid=$(cat "$PIDFILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$DATA_ROOT" || return 1
  echo "$pid"
}

engine_answers() { docker_ version >/dev/null 2>&1; }

storage_driver() {
  if [ -n "${DEPLOY_STORAGE_DRIVER:-}" ]; then
    echo "$DEPLOY_STORAGE_DRIVER"
    return
  fi
  local probe=$STATE/overlay-probe driver=vfs
  mkdir -p "$probe"/{lower,upper,work,merged}
  if mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" \
    "$probe/merged" 2>/dev/null; then
    umount "$probe/merged"
    driver=overlay2
  fi
  rm -rf "$probe"
  echo "$driver"
}

up() {
  [ "$(id -u)" = 0 ] || die "the engine runs as root (dockerd)"
  install_packages
  if engine_pid >/dev/null && engine_answers; then return 0; fi
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  rm -f "$SOCKET" "$PIDFILE"
  local driver
  driver=$(storage_driver)
  log "starting dockerd ($driver storage, data root $DATA_ROOT)"
  # No bridge and no iptables: every container uses the host's network.
  setsid /usr/sbin/dockerd --storage-driver="$driver" --iptables=false --ip-masq=false \
    --bridge=none --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
    -H "unix://$SOCKET" --log-level=warn </dev/null >"$LOG" 2>&1 &
  local tries=0
  until engine_answers; do
    tries=$((tries + 1))
    [ $tries -lt 240 ] || die "dockerd does not answer on $SOCKET; see $LOG"
    sleep 0.25
  done
}

down() {
  local pid i
  pid=$(engine_pid) || return 0
  log "stopping dockerd"
  kill "$pid"
  for i in $(seq 120); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$SOCKET" "$PIDFILE"
  # dockerd leaves its network namespace mounted under the exec root: unmount what is left,
  # so the state directory can be deleted.
  local mount
  awk -v root="$EXEC_ROOT/" 'index($2, root) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mount; do umount "$mount" 2>/dev/null || true; done
}

image_exists() { docker_ image inspect "$1" >/dev/null 2>&1; }

# Debian bookworm from debootstrap, imported as one layer: the base of every local image.
# It carries Python 3.11 (python-is-python3: `python` as in the public python image) and
# CA certificates, so the same Dockerfile works on it and on python:3.11-slim-bookworm.
base_image() {
  image_exists "$BASE" && return 0
  local rootfs=$STATE/rootfs tarball=$STATE/bookworm-rootfs.tar
  if [ ! -s "$tarball" ]; then
    log "debootstrap bookworm (minbase + python3)"
    rm -rf "$rootfs"
    debootstrap --variant=minbase \
      --include=ca-certificates,python3,python3-venv,python-is-python3 \
      bookworm "$rootfs" "$DEBIAN_MIRROR" >"$STATE/debootstrap.log" 2>&1 ||
      die "debootstrap failed; see $STATE/debootstrap.log"
    cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $DEBIAN_MIRROR bookworm main
deb $DEBIAN_MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
    # As in Debian's official images: no recommends, no docs, a clean apt cache.
    printf 'APT::Install-Recommends "false";\n' >"$rootfs/etc/apt/apt.conf.d/99norecommends"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$rootfs"
  fi
  log "importing $BASE"
  docker_ import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' "$tarball" "$BASE" >/dev/null
}

# Extra CA certificates of a TLS-inspecting proxy between this machine and the package
# registries (those added to /usr/local/share/ca-certificates), as PEM text for the
# EXTRA_CA_CERTS build argument: the build stages trust them for pip and npm.
extra_ca() {
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cat /usr/local/share/ca-certificates/*.crt
  fi
}

service_image() {
  local name=$1 tag=careercopilot-local/$1:latest
  log "image $tag"
  docker_ build --network host -q -f "$IMAGES_DIR/$name.Dockerfile" \
    --build-arg BASE_IMAGE="$BASE" --build-arg EXTRA_CA_CERTS="$(extra_ca)" \
    -t "$tag" "$ROOT/deploy" >/dev/null ||
    die "building $tag failed; see: DOCKER_HOST=unix://$SOCKET DOCKER_BUILDKIT=0 docker build -f deploy/images/$name.Dockerfile deploy"
}

images() {
  base_image
  for name in "$@"; do service_image "$name"; done
}

print_env() {
  cat <<EOF
export DOCKER_HOST=unix://$SOCKET
export DOCKER_BUILDKIT=0
export DEPLOY_BASE_IMAGE=$BASE
EOF
}

case "${1:-}" in
  up) up ;;
  images) images node postgres redis s3 balancer ;;
  build-images) images node ;;             # what the product image's build needs
  service-images) images postgres redis s3 balancer ;;
  env) print_env ;;
  extra-ca) extra_ca ;;
  down) down ;;
  purge)
    down
    log "deleting $DATA_ROOT"
    rm -rf "$DATA_ROOT" "$EXEC_ROOT" "$STATE/bookworm-rootfs.tar"
    ;;
  *)
    echo "usage: $0 up|images|build-images|service-images|env|extra-ca|down|purge" >&2
    exit 2
    ;;
esac
