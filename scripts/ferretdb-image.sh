#!/usr/bin/env bash
# Ensure the local docker image ferretdb-local:1.24.2 exists (idempotent).
# No registry is needed: FerretDB is built from source through the Go module
# proxy, and the image is created with `docker import` from a minimal rootfs
# (just the static binary + /state + /tmp).
# Env knobs:
#   FERRETDB_CACHE_DIR  where the built binary is cached
#                       (default $HOME/.cache/ferretdb-1.24.2)
set -euo pipefail

FERRETDB_VERSION=1.24.2
IMAGE="ferretdb-local:${FERRETDB_VERSION}"
CACHE_DIR="${FERRETDB_CACHE_DIR:-${HOME:-/root}/.cache/ferretdb-${FERRETDB_VERSION}}"
BIN="$CACHE_DIR/ferretdb"

log() { echo "[ferretdb-image] $*"; }
die() { echo "[ferretdb-image] ERROR: $*" >&2; exit 1; }

command -v docker >/dev/null 2>&1 || die "docker CLI not found (run scripts/ensure-docker.sh first)"
docker info >/dev/null 2>&1 || die "docker daemon not reachable (run scripts/ensure-docker.sh first)"

# 0. fast path ---------------------------------------------------------------------
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already exists: nothing to do"
  exit 0
fi

# 1. build the static binary (cached) ----------------------------------------------
# NOTE: a plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds,
# but the binary panics at startup ("Invalid build/version/version.txt file content"):
# FerretDB embeds build/version/version.txt, which is generated from git and is not
# part of the module zip. So: download the module source via the Go proxy, copy it,
# write version.txt, and `go build` from that copy.
binary_ok() { [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; }

if binary_ok; then
  log "using cached binary $BIN"
else
  export PATH="/usr/local/go/bin:$PATH"
  command -v go >/dev/null 2>&1 || die "go not found (expected in /usr/local/go/bin)"
  GOPATH_BIN="$(go env GOPATH)/bin"
  export PATH="$PATH:$GOPATH_BIN"
  export CGO_ENABLED=0 GOTOOLCHAIN=local
  mkdir -p "$CACHE_DIR"
  rm -f "$BIN"
  start=$(date +%s)
  log "downloading github.com/FerretDB/FerretDB@v${FERRETDB_VERSION} source via the Go module proxy"
  MODDIR="$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@v${FERRETDB_VERSION}" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  if [ -z "$MODDIR" ] || [ ! -d "$MODDIR" ]; then die "go mod download did not return a source dir"; fi
  SRC="$CACHE_DIR/src"
  rm -rf "$SRC"
  cp -r "$MODDIR" "$SRC"
  chmod -R u+w "$SRC"
  echo "v${FERRETDB_VERSION}" >"$SRC/build/version/version.txt"
  echo "local" >"$SRC/build/version/package.txt"
  log "building static FerretDB v${FERRETDB_VERSION} with $(go version | awk '{print $3}') into $BIN (several minutes the first time)"
  (cd "$SRC" && go build -trimpath -buildvcs=false -o "$BIN" ./cmd/ferretdb)
  rm -rf "$SRC"
  binary_ok || die "build finished but $BIN does not run"
  log "build finished in $(( $(date +%s) - start ))s"
fi
log "binary: $("$BIN" --version 2>&1 | head -n 1)"

# 2. minimal rootfs ------------------------------------------------------------------
ROOTFS="$(mktemp -d /tmp/ferretdb-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
log "preparing rootfs in $ROOTFS"
install -m 0755 "$BIN" "$ROOTFS/ferretdb"
mkdir -p "$ROOTFS/state" "$ROOTFS/tmp"
chmod 0777 "$ROOTFS/state"
chmod 1777 "$ROOTFS/tmp"

# 3. import as image -----------------------------------------------------------------
# Telemetry is disabled twice (flag + DO_NOT_TRACK env): nothing may leave this machine.
# --state-dir=/state keeps FerretDB's state.json next to the SQLite data.
# --debug-addr=- disables the debug HTTP listener.
log "importing rootfs as $IMAGE"
tar -C "$ROOTFS" --numeric-owner --owner=0 --group=0 -c . | docker import \
  --change 'ENTRYPOINT ["/ferretdb"]' \
  --change 'CMD ["--handler=sqlite","--sqlite-url=file:/state/","--state-dir=/state","--listen-addr=0.0.0.0:27017","--telemetry=disable","--debug-addr=-"]' \
  --change 'ENV DO_NOT_TRACK=1 FERRETDB_TELEMETRY=disable' \
  --change 'EXPOSE 27017' \
  --change 'WORKDIR /state' \
  - "$IMAGE" >/dev/null

docker image inspect "$IMAGE" >/dev/null 2>&1 || die "import finished but $IMAGE is not present"
log "image $IMAGE is ready ($(docker image inspect --format '{{.Size}}' "$IMAGE") bytes)"
