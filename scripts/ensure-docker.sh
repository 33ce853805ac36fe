#!/usr/bin/env bash
# Ensure a working Docker engine is available on this machine (idempotent).
#  - if `docker info` already works: do nothing
#  - else install docker.io from apt if dockerd is missing, start dockerd
#    detached in the background and wait (bounded) until it answers.
# Env knobs:
#   DOCKERD_LOG          log file for dockerd (default /var/log/dockerd.log)
#   DOCKERD_WAIT_SECONDS how long to wait for the daemon (default 60)
#   DOCKERD_EXTRA_FLAGS  extra flags appended to dockerd's command line
set -euo pipefail

log() { echo "[ensure-docker] $*"; }
die() { echo "[ensure-docker] ERROR: $*" >&2; exit 1; }

export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"
WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

docker_ok() { docker info >/dev/null 2>&1; }
dockerd_pids() {
  if command -v pgrep >/dev/null 2>&1; then pgrep -x dockerd || true
  else for d in /proc/[0-9]*; do [ "$(cat "$d/comm" 2>/dev/null)" = dockerd ] && echo "${d#/proc/}"; done; fi
}

wait_for_docker() {
  local secs="$1" i
  for ((i = 0; i < secs; i++)); do
    if docker_ok; then return 0; fi
    sleep 1
  done
  docker_ok
}

if command -v docker >/dev/null 2>&1 && docker_ok; then
  log "docker is already running: nothing to do"
  exit 0
fi

# 1. install the engine if needed ------------------------------------------------
if ! command -v dockerd >/dev/null 2>&1; then
  log "dockerd not found: installing docker.io via apt"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  command -v dockerd >/dev/null 2>&1 || die "docker.io installed but dockerd is still not on PATH"
  log "docker.io installed ($(dockerd --version))"
else
  log "dockerd found: $(command -v dockerd)"
fi
command -v docker >/dev/null 2>&1 || die "docker CLI not found on PATH"

# 2. a dockerd may already be starting (e.g. started by the package's init script
#    or by a concurrent run of this script): give it a chance first ------------------
if [ -n "$(dockerd_pids)" ]; then
  log "a dockerd process is already running: waiting up to ${WAIT_SECONDS}s for it to answer"
  if wait_for_docker "$WAIT_SECONDS"; then
    log "docker is ready"
    exit 0
  fi
  die "dockerd is running (pid $(dockerd_pids | tr '\n' ' ')) but 'docker info' does not answer; see $DOCKERD_LOG"
fi

# 3. pick the storage driver: overlay2 if the kernel/filesystem supports it, else vfs
STORAGE_DRIVER=vfs
if grep -qw overlay /proc/filesystems 2>/dev/null; then
  probe="$(mktemp -d /tmp/ovl-probe.XXXXXX)"
  mkdir -p "$probe"/{lower,upper,work,merged}
  if $SUDO mount -t overlay overlay \
      -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null; then
    $SUDO umount "$probe/merged" || true
    STORAGE_DRIVER=overlay2
  fi
  rm -rf "$probe"
fi
log "using storage driver: $STORAGE_DRIVER"

# 4. start dockerd detached (setsid + nohup) so it outlives this script ------------
# shellcheck disable=SC2206
FLAGS=(--storage-driver="$STORAGE_DRIVER" ${DOCKERD_EXTRA_FLAGS:-})
log "starting: dockerd ${FLAGS[*]} (log: $DOCKERD_LOG)"
$SUDO mkdir -p "$(dirname "$DOCKERD_LOG")"
# stale pid file from a previous boot would make dockerd refuse to start
if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null; then
  $SUDO rm -f /var/run/docker.pid
fi
$SUDO setsid nohup dockerd "${FLAGS[@]}" >>"$DOCKERD_LOG" 2>&1 </dev/null &
disown || true

log "waiting up to ${WAIT_SECONDS}s for the docker daemon"
if wait_for_docker "$WAIT_SECONDS"; then
  log "docker is ready (server $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
  exit 0
fi

echo "[ensure-docker] ---- last 30 lines of $DOCKERD_LOG ----" >&2
tail -n 30 "$DOCKERD_LOG" >&2 || true
die "docker daemon did not answer 'docker info' within ${WAIT_SECONDS}s"
