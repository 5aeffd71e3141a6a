#!/usr/bin/env bash
# The container image, built and started on a machine that reaches no image
# registry and runs no container engine: the Dockerfile's `prebuilt` target
# (the runtime stage around the binary the suite already built) is built with
# buildah from a local base image, then the image's own entrypoint and command
# are started, with the image's user, environment and working directory, in a
# chroot of the mounted image whose root is read-only and whose /tmp alone is
# writable (as the Helm chart runs the pods), against the test PostgreSQL as
# the unprivileged role. Checks /healthz, a collectivity's home page, that the
# process runs as the image's non-root user, and that the image gives that user
# nothing writable but its temporary directories.
#
# The local base stands in for gcr.io/distroless/cc-debian12: a Debian root of
# this machine's release (debootstrap --variant=minbase, with CA certificates,
# time zones and netbase), so the binary finds the glibc it was built against.
# It is made once into target/image/ (about 30 s). The full build (the
# Dockerfile's Rust stages) is `tests/image/run.sh --full`: see
# docs/operations.md, "The container image".
#
# Needs root (debootstrap, mounts, chroot); installs buildah and debootstrap
# with apt when missing. Run by tests/scripts/test.sh after the browser tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$root/target/image
mkdir -p "$work"

SUDO=""; if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
command -v buildah >/dev/null 2>&1 || need+=(buildah)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "infitah: installing ${need[*]} with apt"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# buildah applies each layer in a chroot of its own after making the mount
# tree private from "/", which fails ("remount /: invalid argument") where
# "/" is not a mount point: inside a plain chroot, such as the one
# ../shared/tools/fresh-machine.sh runs the README in. A booted machine or a
# container always has "/" mounted; there, nothing is skipped.
if ! mountpoint -q /; then
  echo "image test: SKIPPED: / is not a mount point here (a chroot), where buildah cannot apply layers"
  exit 0
fi
# Storage of the tests' own, in target/ (vfs: no overlay mounts needed).
B() { $SUDO buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs "$@"; }
fail() { echo "image test: $*" >&2; exit 1; }

# --- the local base image -------------------------------------------------
codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
base="localhost/infitah-local/runtime:$codename"
if ! B inspect --type image "$base" >/dev/null 2>&1; then
  # The mirror this machine's apt uses (debootstrap's default otherwise).
  mirror=$(grep -hoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    awk '{ print $2 }' | grep -v security | head -n 1 || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs="$work/rootfs-$codename"
  if [ ! -e "$rootfs/.complete" ]; then
    echo "infitah: making a local $codename base image with debootstrap (about 30 s)"
    $SUDO rm -rf "$rootfs"
    $SUDO debootstrap --variant=minbase --include=ca-certificates,tzdata,netbase \
      "$codename" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
      { tail -n 20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
    # distroless's nonroot user, so that the image's USER has a name.
    echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' | $SUDO tee -a "$rootfs/etc/passwd" >/dev/null
    echo 'nonroot:x:65532:' | $SUDO tee -a "$rootfs/etc/group" >/dev/null
    $SUDO rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
    $SUDO touch "$rootfs/.complete"
  fi
  $SUDO tar -C "$rootfs" --exclude=./.complete -cf "$work/rootfs.tar" .
  ctr=$(B from scratch)
  B add --quiet "$ctr" "$work/rootfs.tar" / >/dev/null
  B commit --quiet --rm "$ctr" "$base" >/dev/null
  $SUDO rm -f "$work/rootfs.tar"
fi

# --- the image --------------------------------------------------------------
image=localhost/infitah:test
B rm --all >/dev/null
B rmi --force "$image" >/dev/null 2>&1 || true
if [ "${1:-}" = --full ]; then
  # The whole Dockerfile: its Rust stages on a local stand-in for
  # rust:<version>-bookworm (the base with build-essential, and this machine's
  # toolchain of rust-toolchain.toml), from the repository as context.
  rust=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
  builder="localhost/infitah-local/rust:$rust-$codename"
  if ! B inspect --type image "$builder" >/dev/null 2>&1; then
    sysroot=$(rustc +"$rust" --print sysroot)
    ctr=$(B from "$base")
    B run --isolation chroot "$ctr" -- sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential pkg-config >/dev/null'
    B copy --quiet "$ctr" "$sysroot" /usr/local/rust >/dev/null
    B config --env PATH=/usr/local/rust/bin:/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --env CARGO_HOME=/usr/local/cargo --user 0:0 "$ctr"
    B commit --quiet --rm "$ctr" "$builder" >/dev/null
  fi
  echo "infitah: building the whole image (the release build inside it: 15 minutes or more on 2 cores)"
  B build --isolation chroot --layers \
    --build-arg BUILD_IMAGE="$builder" --build-arg RUNTIME_IMAGE="$base" \
    -t "$image" -f Dockerfile . >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; fail "the full build failed"; }
  bin="$work/infitah-from-image"
  ctr=$(B from "$image"); cp "$(B mount "$ctr")/usr/local/bin/infitah" "$bin"; B umount "$ctr" >/dev/null; B rm "$ctr" >/dev/null
else
  bin=${INFITAH_IMAGE_BINARY:-target/debug/infitah}
  [ -x "$bin" ] || cargo build --quiet --bin infitah
  # The context: what the runtime stage copies (target/ is in .dockerignore).
  context="$work/context"
  rm -rf "$context" && mkdir -p "$context"
  cp -r config "$context/config" && cp "$bin" "$context/infitah"
  B build --quiet --isolation chroot --target prebuilt \
    --build-arg RUNTIME_IMAGE="$base" --build-arg INFITAH_BINARY=infitah \
    -t "$image" -f Dockerfile "$context" >/dev/null
fi
B inspect --type image "$image" >/dev/null || fail "no image built"

# --- its files: the runtime user may write only in temporary directories ----
ctr=$(B from "$image")
mnt=$(B mount "$ctr")
config=$(B inspect --type image "$image" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["OCIv1"]["config"]))')
user=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["User"])' <<<"$config")
[ "$user" = "65532:65532" ] || fail "the image runs as '$user', not the non-root 65532:65532"
writable=$($SUDO find "$mnt" -xdev \( -type d -o -type f \) \( -perm -0002 -o -uid 65532 -o \( -gid 65532 -perm -0020 \) \) -printf '%m %p\n')
while read -r mode path; do
  [ -z "$path" ] && continue
  # A temporary directory: world-writable with the sticky bit, so a user can
  # remove only what it made there (/tmp, /var/tmp).
  [ -d "$path" ] && [ "$mode" = 1777 ] || fail "the runtime user can write ${path#"$mnt"} (mode $mode)"
done <<<"$writable"
for f in /usr/local/bin/infitah /app/config/default.toml; do
  [ "$($SUDO stat -c %u "$mnt$f")" = 0 ] || fail "$f is not owned by root"
done

# --- started as the image says, against the test PostgreSQL -----------------
db=infitah_image
PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists $db with (force)"
export INFITAH_ENV=test INFITAH_CONFIG_DIR="$root/config"
INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db" "$bin" migrate >/dev/null
INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db" "$bin" demo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The image's environment, then what a deployment gives it (the chart's
# Secrets and values): the unprivileged role's URL, a key, loopback ports.
mapfile -t env < <(python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin).get("Env") or []))' <<<"$config")
env+=(INFITAH_DATABASE_URL="postgres://infitah_app@127.0.0.1:5432/$db"
  INFITAH_SECRET_KEY="image-test-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  INFITAH_LISTEN="127.0.0.1:$port" INFITAH_METRICS_LISTEN="127.0.0.1:0" INFITAH_PUBLIC_PORT="$port"
  INFITAH_REDIS_URL="redis://127.0.0.1:6379/4" INFITAH_SMTP_URL="smtp://127.0.0.1:1")
mapfile -t argv < <(python3 -c 'import json,sys; c=json.load(sys.stdin); print("\n".join((c.get("Entrypoint") or []) + (c.get("Cmd") or [])))' <<<"$config")
workdir=$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("WorkingDir") or "/")' <<<"$config")
# A mount namespace of its own: the image's root read-only, /proc, /dev, and a
# tmpfs on /tmp; every `exec` keeps the pid, so $! is the server itself.
$SUDO unshare --mount --propagation private -- sh -c '
  mnt=$1; user=$2; workdir=$3; shift 3
  mount --bind "$mnt" "$mnt" && mount -o remount,bind,ro "$mnt"
  mount -t proc proc "$mnt/proc" && mount --rbind /dev "$mnt/dev"
  mount -t tmpfs -o mode=1777,size=64m tmpfs "$mnt/tmp"
  cd "$mnt$workdir"
  exec chroot --userspec="$user" --groups= "$mnt" "$@"' sh "$mnt" "$user" "$workdir" \
  env -i "${env[@]}" "${argv[@]}" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
  $SUDO kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  B umount "$ctr" >/dev/null 2>&1 || true
  B rm "$ctr" >/dev/null 2>&1 || true
}
trap cleanup EXIT
ok=
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then ok=1; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
[ -n "$ok" ] || { tail -n 20 "$work/server.log" >&2; fail "/healthz did not answer"; }
uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$server/status")
gids=$(awk '/^Gid:/ { print $2, $3, $4, $5 }' "/proc/$server/status")
groups=$(awk '/^Groups:/ { $1 = ""; print }' "/proc/$server/status" | tr -d ' ')
[ "$uids" = "65532 65532 65532 65532" ] && [ "$gids" = "65532 65532 65532 65532" ] && [ -z "$groups" ] ||
  fail "the server runs as uid $uids, gid $gids, groups '$groups'"
[ "$(readlink "/proc/$server/exe")" = "$mnt/usr/local/bin/infitah" ] || fail "the server is not the image's binary"
home=$(curl -sf -H 'Host: kenitra.localhost' "http://127.0.0.1:$port/") || fail "Kénitra's home page did not answer"
grep -q 'القنيطرة' <<<"$home" || fail "Kénitra's home page does not name the commune"
echo "image: built from a local base, started as 65532 on a read-only root; /healthz and Kénitra's home answer"
