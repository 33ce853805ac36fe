#!/usr/bin/env bash
# Ensure a local stand-in for redis:7 exists (idempotent), for running compose.yaml where no
# registry can be pulled from: this machine's redis-server and redis-cli (and grep, which the
# compose healthcheck uses) in a minimal rootfs, imported with `docker import`.
# Env knob: REDIS_LOCAL_IMAGE, the tag (default redis-local:7).
set -euo pipefail
source "$(dirname "$0")/rootfs-lib.sh"
require_docker

IMAGE="${REDIS_LOCAL_IMAGE:-redis-local:7}"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already exists: nothing to do"
  exit 0
fi
command -v redis-server >/dev/null 2>&1 || die "redis-server not found (scripts/ensure-redis.sh installs it)"

ROOTFS="$(mktemp -d /tmp/redis-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
log "preparing rootfs in $ROOTFS from $(redis-server --version | head -n 1)"
base_files "$ROOTFS" redis
for tool in redis-server redis-cli grep; do install_binary "$ROOTFS" "$(command -v "$tool")" "/usr/local/bin/$tool"; done
mkdir -p "$ROOTFS/data" && chown 1000:1000 "$ROOTFS/data"

log "importing rootfs as $IMAGE"
tar -C "$ROOTFS" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'USER redis' \
  --change 'WORKDIR /data' \
  --change 'EXPOSE 6379' \
  --change 'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no"]' \
  - "$IMAGE" >/dev/null
docker image inspect "$IMAGE" >/dev/null 2>&1 || die "import finished but $IMAGE is not present"
log "image $IMAGE is ready ($(docker image inspect --format '{{.Size}}' "$IMAGE") bytes)"
