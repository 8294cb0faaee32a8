#!/usr/bin/env bash
# Builds the container image with the SDK's own container support (`dotnet publish -t:PublishContainer`) to a tarball
# (no Docker daemon), checks its manifest and config, and runs it once without Docker. Run as root on Debian 12:
#   bash tools/container/build.sh            -> artifacts/container/autodmguard.tar (`docker load < …`)
#   CONTAINER_SKIP_RUN=1 bash tools/container/build.sh   builds and checks only (no chroot run)
#
# The SDK pulls its base image from a registry, and no image registry is reachable from here: the base is built from
# Debian 12 packages (apt-get download + dpkg-deb -x: the runtime libraries a .NET app needs) plus the ASP.NET Core
# shared runtime of the SDK doing the build, and served by tools/container/oci.py, a read-only registry on loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo_root=$(pwd)
started=$(date +%s)
step() { echo "== container: $* ($(( $(date +%s) - started )) s)"; }

export DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ "$(id -u)" -eq 0 ] || { echo "FATAL: run as root (the base's files are owned by root, the run step uses chroot)" >&2; exit 1; }
command -v dotnet >/dev/null 2>&1 || { echo "FATAL: the .NET SDK (dotnet) is not on PATH" >&2; exit 1; }
for tool in apt-get dpkg-deb ldconfig unshare mount pgrep; do
  command -v "$tool" >/dev/null 2>&1 || { echo "FATAL: $tool is missing (this script expects Debian 12)" >&2; exit 1; }
done
if ! /usr/bin/python3 -c 'import http.server, tarfile, gzip' 2>/dev/null; then
  echo "Installing Debian's python3 for the local registry and the image checks..."
  apt-get update -qq
  apt-get install -y -qq python3 >/dev/null
fi
py=/usr/bin/python3
$py -c 'import http.server, tarfile, gzip' || { echo "FATAL: python3 is still missing after apt-get install" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { apt-get update -qq; apt-get install -y -qq curl >/dev/null; }
command -v curl >/dev/null 2>&1 || { echo "FATAL: curl is still missing after apt-get install" >&2; exit 1; }

out_dir=${CONTAINER_OUT:-$repo_root/artifacts/container}
tarball=$out_dir/autodmguard.tar
mkdir -p "$out_dir"
rm -f "$tarball"
work=$(mktemp -d /tmp/autodmguard-container.XXXXXX)
registry_pid=""
cleanup() {
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null || true
  # The run step's /dev and /proc mounts live in its own mount namespace; never delete through one left mounted here.
  if grep -q " $work/" /proc/self/mountinfo; then
    echo "WARNING: mounts left under $work; not deleting it" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# --- the base's root file system --------------------------------------------------------------------------------------
# What Microsoft's runtime-deps image installs on Debian 12, plus openssl for OpenSSL's own config and certificate paths.
packages=(libc6 libgcc-s1 gcc-12-base libstdc++6 zlib1g libssl3 openssl libicu72 ca-certificates tzdata)
step "downloading ${packages[*]}"
mkdir -p "$work/debs"
if ! (cd "$work/debs" && apt-get download -qq "${packages[@]}" >/dev/null 2>&1); then
  apt-get update -qq
  (cd "$work/debs" && apt-get download -qq "${packages[@]}" >/dev/null) \
    || { echo "FATAL: apt-get download of the base's packages failed" >&2; exit 1; }
fi
rootfs=$work/rootfs
mkdir -p "$rootfs"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done

# What the packages' maintainer scripts and base-files would have done (no dpkg runs inside the image).
mkdir -p "$rootfs"/{dev,proc,sys,tmp,root,home/app,data,etc/ssl/certs,usr/bin,var/tmp}
chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
chmod 700 "$rootfs/root" "$rootfs/home/app" "$rootfs/data"
cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
app:x:1654:1654:app:/home/app:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
app:x:1654:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
printf 'include /etc/ld.so.conf.d/*.conf\n' >"$rootfs/etc/ld.so.conf"
printf 'Etc/UTC\n' >"$rootfs/etc/timezone"
ln -sf /usr/share/zoneinfo/Etc/UTC "$rootfs/etc/localtime"
# update-ca-certificates' bundle: every certificate ca-certificates ships (OpenSSL finds it through /usr/lib/ssl/certs).
cat "$rootfs"/usr/share/ca-certificates/mozilla/*.crt | sed 's/\r$//' >"$rootfs/etc/ssl/certs/ca-certificates.crt"
[ -s "$rootfs/etc/ssl/certs/ca-certificates.crt" ] || { echo "FATAL: empty CA bundle" >&2; exit 1; }
ldconfig -r "$rootfs"
# Manuals and docs are of no use in the image; the packages' copyright files stay.
rm -rf "$rootfs"/usr/share/man "$rootfs"/usr/share/lintian "$rootfs"/usr/share/bug "$rootfs"/usr/bin/c_rehash
find "$rootfs/usr/share/doc" -type f ! -name copyright -delete

# The ASP.NET Core shared runtime of this SDK (the app is framework-dependent, as on Microsoft's aspnet image).
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
latest() { ls "$1" | sort -V | tail -n 1; }
netcore_version=$(latest "$dotnet_root/shared/Microsoft.NETCore.App")
aspnet_version=$(latest "$dotnet_root/shared/Microsoft.AspNetCore.App")
fxr_version=$(latest "$dotnet_root/host/fxr")
case "$aspnet_version" in 10.*) ;; *) echo "FATAL: no ASP.NET Core 10 runtime under $dotnet_root/shared" >&2; exit 1 ;; esac
target=$rootfs/usr/share/dotnet
mkdir -p "$target/host/fxr" "$target/shared/Microsoft.NETCore.App" "$target/shared/Microsoft.AspNetCore.App"
cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$target/"
cp -a "$dotnet_root/host/fxr/$fxr_version" "$target/host/fxr/"
cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$netcore_version" "$target/shared/Microsoft.NETCore.App/"
cp -a "$dotnet_root/shared/Microsoft.AspNetCore.App/$aspnet_version" "$target/shared/Microsoft.AspNetCore.App/"
ln -sf ../share/dotnet/dotnet "$rootfs/usr/bin/dotnet"

step "base image layer (Debian 12 packages + .NET $netcore_version / ASP.NET Core $aspnet_version)"
base_repo=autodmguard-base/aspnet
base_tag=10.0
$py tools/container/oci.py base "$rootfs" "$work/layout" --name "$base_repo" --tag "$base_tag" \
  --dotnet-version "$netcore_version" --aspnet-version "$aspnet_version" --packages "${packages[@]}"
rm -rf "$rootfs"

# --- a read-only registry on loopback serving the base ----------------------------------------------------------------
$py tools/container/oci.py serve "$work/layout" --port-file "$work/registry.port" --log "$work/registry.log" &
registry_pid=$!
for _ in $(seq 1 100); do [ -s "$work/registry.port" ] && break; sleep 0.1; done
[ -s "$work/registry.port" ] || { echo "FATAL: the local registry did not start" >&2; exit 1; }
registry=127.0.0.1:$(cat "$work/registry.port")
curl -fsS "http://$registry/v2/" >/dev/null || { echo "FATAL: the local registry at $registry does not answer" >&2; exit 1; }

# --- the image ---------------------------------------------------------------------------------------------------------
step "dotnet publish -t:PublishContainer (base $registry/$base_repo:$base_tag)"
# The local registry has no TLS certificate: named insecure, the SDK speaks plain HTTP to it.
DOTNET_CONTAINER_INSECURE_REGISTRIES=$registry dotnet publish src/AutoDmGuard.Web -c Release -t:PublishContainer \
  -p:ContainerBaseImage="$registry/$base_repo:$base_tag" -p:ContainerArchiveOutputPath="$tarball" \
  -nologo -v:minimal -clp:ErrorsOnly
[ -s "$tarball" ] || { echo "FATAL: dotnet publish wrote no image tarball at $tarball" >&2; exit 1; }
kill "$registry_pid" 2>/dev/null || true
registry_pid=""

step "checking $tarball ($(( $(stat -c %s "$tarball") / 1048576 )) MiB)"
$py tools/container/oci.py check "$tarball"

# --- one run of the image without Docker: its layers unpacked, its entrypoint as its user in a chroot --------------------
if [ "${CONTAINER_SKIP_RUN:-}" = "1" ]; then
  step "done (run skipped: CONTAINER_SKIP_RUN=1)"
  exit 0
fi
step "running the image's entrypoint once (chroot as its user, new mount and pid namespaces)"
root=$work/root
$py tools/container/oci.py extract "$tarball" "$root"
port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The host's network: listen on loopback and a free port instead of the image's 0.0.0.0:8080. No X credentials: demo
# mode, which the Production environment refuses unless allowed.
unshare --mount --pid --fork --kill-child --propagation private -- bash -c '
  set -e
  mount --rbind /dev "$1/dev"
  mount -t proc proc "$1/proc"
  exec "$2" tools/container/oci.py run "$1" --env "Urls=http://127.0.0.1:$3" --env Sandbox__AllowInProduction=true
' run "$root" "$py" "$port" >"$work/run.log" 2>&1 &
run_pid=$!
live=""
for _ in $(seq 1 240); do
  if live=$(curl -fsS -m 10 "http://127.0.0.1:$port/health/live" 2>/dev/null); then break; fi
  kill -0 "$run_pid" 2>/dev/null || break
  sleep 0.5
done
ready=$(curl -sS -m 30 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" 2>/dev/null || true)
# Stop it as `docker stop` would: SIGTERM to the entrypoint (unshare ignores it, and the app's change of user cleared
# --kill-child's death signal), SIGKILL after 30 s.
app_pid=$(pgrep -P "$run_pid" || true)
[ -n "$app_pid" ] && kill -TERM "$app_pid" 2>/dev/null || true
for _ in $(seq 1 60); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.5; done
stopped=0
if kill -0 "$run_pid" 2>/dev/null; then
  [ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null || true
  stopped=1
fi
wait "$run_pid" 2>/dev/null || true
data_files=$(ls "$root/data" 2>/dev/null | tr '\n' ' ')
data_owner=$(stat -c %u "$root/data/autodmguard.db" 2>/dev/null || echo none)
if [ -z "$live" ] || [ "$ready" != "200" ] || [ "$data_owner" != "1654" ] || [ "$stopped" != "0" ]; then
  cat "$work/run.log" >&2
  echo "FATAL: the image's entrypoint did not come up: /health/live '$live', /health/ready $ready, /data: $data_files(database owner $data_owner), killed after 30 s: $stopped" >&2
  exit 1
fi
echo "ran dotnet /app/AutoDmGuard.Web.dll as uid 1654: /health/live $live, /health/ready $ready, /data: $data_files; stopped by SIGTERM"
step "done: $tarball"
