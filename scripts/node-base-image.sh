#!/usr/bin/env bash
# Ensure a local Node.js base image exists (idempotent), for building the project's Dockerfile
# where no registry can be pulled from: `docker build --build-arg NODE_IMAGE=node-local:20 .`
# Assembled, as ferretdb-image.sh does, with `docker import` from a minimal rootfs: this
# machine's own node binary with the shared libraries it links, npm, dash as /bin/sh, env,
# this machine's CA certificates, and /etc/passwd with root and `node` (uid 1000), as in the
# official image. Env knob: NODE_BASE_IMAGE, the tag (default node-local:<major of local node>).
set -euo pipefail
source "$(dirname "$0")/rootfs-lib.sh"
require_docker

NODE_BIN="$(readlink -f "$(command -v node)")" || die "node not found"
MAJOR="$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')"
IMAGE="${NODE_BASE_IMAGE:-node-local:${MAJOR}}"
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already exists: nothing to do"
  exit 0
fi

ROOTFS="$(mktemp -d /tmp/node-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
log "preparing rootfs in $ROOTFS from $NODE_BIN ($("$NODE_BIN" --version))"
base_files "$ROOTFS" node
install_binary "$ROOTFS" "$NODE_BIN" /usr/local/bin/node

NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
mkdir -p "$ROOTFS/usr/local/lib/node_modules"
cp -r "$NPM_DIR" "$ROOTFS/usr/local/lib/node_modules/npm"
# npm's entry points, as the official image has them.
for tool in npm npx; do
  printf '#!/bin/sh\nexec node /usr/local/lib/node_modules/npm/bin/%s-cli.js "$@"\n' "$tool" >"$ROOTFS/usr/local/bin/$tool"
  chmod 0755 "$ROOTFS/usr/local/bin/$tool"
done
# This machine's trust store (it may hold the CA of an egress proxy), so `npm ci` in a build trusts
# what the host trusts; node reads it through NODE_EXTRA_CA_CERTS. A local test image only.
CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
if [ -d /etc/ssl/certs ]; then mkdir -p "$ROOTFS/etc/ssl" && cp -rL /etc/ssl/certs "$ROOTFS/etc/ssl/certs"; fi

log "importing rootfs as $IMAGE"
tar -C "$ROOTFS" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "ENV NODE_EXTRA_CA_CERTS=${CA_BUNDLE}" \
  --change 'CMD ["node"]' \
  - "$IMAGE" >/dev/null
docker image inspect "$IMAGE" >/dev/null 2>&1 || die "import finished but $IMAGE is not present"
log "image $IMAGE is ready ($(docker image inspect --format '{{.Size}}' "$IMAGE") bytes)"
