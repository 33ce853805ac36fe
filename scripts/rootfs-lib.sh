# Helpers to assemble a minimal image from this machine's own binaries (sourced by
# node-base-image.sh and redis-image.sh): nothing is pulled from a registry.

log() { echo "[$(basename "$0" .sh)] $*"; }
die() { echo "[$(basename "$0" .sh)] ERROR: $*" >&2; exit 1; }

require_docker() {
  command -v docker >/dev/null 2>&1 || die "docker CLI not found (run scripts/ensure-docker.sh first)"
  docker info >/dev/null 2>&1 || die "docker daemon not reachable (run scripts/ensure-docker.sh first)"
}

# copy_file ROOTFS PATH: the file at the same absolute path inside ROOTFS.
copy_file() {
  mkdir -p "$1$(dirname "$2")"
  cp -L "$2" "$1$2"
}

# install_binary ROOTFS SOURCE TARGET: the binary at TARGET inside ROOTFS, with the shared libraries it links.
install_binary() {
  local rootfs="$1" source target="$3" library
  source="$(readlink -f "$2")"
  install -D -m 0755 "$source" "$rootfs$target"
  for library in $(ldd "$source" | awk '/=> \//{print $3} /^\s*\/lib/{print $1}'); do copy_file "$rootfs" "$library"; done
  if [ -e /lib64/ld-linux-x86-64.so.2 ]; then copy_file "$rootfs" /lib64/ld-linux-x86-64.so.2; fi
}

# base_files ROOTFS: /bin/sh (dash), /usr/bin/env, /tmp, and /etc/passwd with root and the given user (uid 1000).
base_files() {
  local rootfs="$1" user="$2"
  install_binary "$rootfs" "$(command -v dash)" /bin/sh
  install_binary "$rootfs" /usr/bin/env /usr/bin/env
  mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/root" "$rootfs/home/$user"
  printf 'root:x:0:0:root:/root:/bin/sh\n%s:x:1000:1000::/home/%s:/bin/sh\n' "$user" "$user" >"$rootfs/etc/passwd"
  printf 'root:x:0:\n%s:x:1000:\n' "$user" >"$rootfs/etc/group"
  printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
  chmod 1777 "$rootfs/tmp"
  chown 1000:1000 "$rootfs/home/$user"
}
