#!/usr/bin/env python3
"""OCI image helpers for tools/container/build.sh (python3 standard library only).

  base     ROOTFS OUT --name N --tag T   one-layer base image from a prepared root file system, as an OCI layout
  serve    OUT --port-file F             a read-only registry (HTTP API v2, pull subset) on 127.0.0.1 serving OUT
  check    TARBALL                       the image `dotnet publish -t:PublishContainer` wrote: its manifest and config
  extract  TARBALL DIR                   the image's layers unpacked into DIR (a root file system to run once)
  run      DIR --port P                  the image's entrypoint in DIR (chroot), as its user, with its environment

The SDK's container support pulls its base image from a registry; this machine reaches no image registry, so the base
is made here from Debian packages and served from loopback.
"""
import argparse
import gzip
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import sys
import tarfile

# The unprivileged user the image runs as: the uid Microsoft's .NET images use for their `app` user (APP_UID).
APP_UID = 1654
DATA_DIR = "data"
EPOCH = 1704067200  # 2024-01-01: a fixed mtime keeps the base layer's digest stable from run to run

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"


def fail(message):
    print(f"FATAL: {message}", file=sys.stderr)
    sys.exit(1)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------------------------- base
def build_base(args):
    rootfs = os.path.abspath(args.rootfs)
    if not os.path.isdir(rootfs):
        fail(f"no root file system at {rootfs}")
    owned_by_app = {DATA_DIR, "home/app"}

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for top, dirs, files in os.walk(rootfs):
            dirs.sort()
            for name in sorted(dirs) + sorted(files):
                full = os.path.join(top, name)
                rel = os.path.relpath(full, rootfs)
                info = tar.gettarinfo(full, arcname=rel)
                # Owned by root whoever ran the build, except the app user's home and data folder.
                owner = APP_UID if rel in owned_by_app else 0
                info.uid = info.gid = owner
                info.uname = info.gname = "app" if owner else "root"
                info.mtime = EPOCH
                if info.isreg():
                    with open(full, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    layer_tar = raw.getvalue()
    diff_id = "sha256:" + sha256_hex(layer_tar)
    layer_gz = gzip.compress(layer_tar, compresslevel=6, mtime=0)

    env = [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        f"APP_UID={APP_UID}",
        "DOTNET_RUNNING_IN_CONTAINER=true",
        f"DOTNET_VERSION={args.dotnet_version}",
        f"ASPNET_VERSION={args.aspnet_version}",
    ]
    config = {
        "architecture": "amd64",
        "os": "linux",
        "created": "2024-01-01T00:00:00Z",
        "config": {
            "Env": env,
            "WorkingDir": "/",
            # The data folder (SQLite file, key ring, instance id) outlives the container: a volume, owned by the app user.
            "Volumes": {f"/{DATA_DIR}": {}},
            "Labels": {
                "org.opencontainers.image.title": "autodmguard-base",
                "org.opencontainers.image.description":
                    "Debian 12 runtime libraries (apt packages) and the ASP.NET Core shared runtime of the building SDK",
                "org.opencontainers.image.version": args.aspnet_version,
            },
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "2024-01-01T00:00:00Z", "created_by": "tools/container/build.sh: "
                     + " ".join(args.packages)}],
    }
    config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
    manifest = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": "sha256:" + sha256_hex(config_bytes), "size": len(config_bytes)},
        "layers": [{"mediaType": OCI_LAYER_GZIP, "digest": "sha256:" + sha256_hex(layer_gz), "size": len(layer_gz)}],
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()

    out = os.path.abspath(args.out)
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)
    for data in (layer_gz, config_bytes, manifest_bytes):
        with open(os.path.join(blobs, sha256_hex(data)), "wb") as f:
            f.write(data)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    index = {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [{
            "mediaType": OCI_MANIFEST, "digest": "sha256:" + sha256_hex(manifest_bytes), "size": len(manifest_bytes),
            "platform": {"architecture": "amd64", "os": "linux"},
            "annotations": {"org.opencontainers.image.ref.name": args.tag, "io.autodmguard.repository": args.name},
        }],
    }
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f)
    print(f"base image {args.name}:{args.tag}: layer {len(layer_tar) // 1048576} MiB "
          f"({len(layer_gz) // 1048576} MiB gzip), manifest sha256:{sha256_hex(manifest_bytes)}")


# ------------------------------------------------------------------------------------------------------------ registry
def serve(args):
    layout = os.path.abspath(args.layout)
    with open(os.path.join(layout, "index.json")) as f:
        index = json.load(f)
    tags = {}
    for m in index["manifests"]:
        ann = m.get("annotations", {})
        tags[(ann["io.autodmguard.repository"], ann["org.opencontainers.image.ref.name"])] = m["digest"]
    repos = {repo for repo, _ in tags}
    blob_dir = os.path.join(layout, "blobs", "sha256")

    def blob_path(digest):
        match = re.fullmatch(r"sha256:([0-9a-f]{64})", digest)
        return os.path.join(blob_dir, match.group(1)) if match else None

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):
            if args.log:
                with open(args.log, "a") as f:
                    f.write("%s %s\n" % (self.log_date_time_string(), fmt % a))

        def error(self, status, code, message):
            body = json.dumps({"errors": [{"code": code, "message": message}]}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def send_blob(self, path, media_type, digest):
            size = os.path.getsize(path)
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(size))
            self.send_header("Docker-Content-Digest", digest)
            self.end_headers()
            if self.command == "HEAD":
                return
            with open(path, "rb") as f:
                shutil.copyfileobj(f, self.wfile, 1 << 20)

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path in ("/v2", "/v2/"):
                body = b"{}"
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Docker-Distribution-API-Version", "registry/2.0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
                return
            match = re.fullmatch(r"/v2/(.+)/(manifests|blobs)/([^/]+)", path)
            if not match:
                return self.error(404, "NOT_FOUND", "unknown path")
            repo, kind, ref = match.groups()
            if repo not in repos:
                return self.error(404, "NAME_UNKNOWN", "repository name not known to registry")
            if kind == "manifests":
                digest = tags.get((repo, ref), ref)
                found = blob_path(digest)
                if not found or not os.path.exists(found) or digest not in tags.values():
                    return self.error(404, "MANIFEST_UNKNOWN", "manifest unknown")
                return self.send_blob(found, OCI_MANIFEST, digest)
            found = blob_path(ref)
            if not found or not os.path.exists(found):
                return self.error(404, "BLOB_UNKNOWN", "blob unknown to registry")
            self.send_blob(found, "application/octet-stream", ref)

        def refuse(self):
            self.error(405, "UNSUPPORTED", "this registry is read-only")

        do_POST = do_PUT = do_PATCH = do_DELETE = refuse

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


# --------------------------------------------------------------------------------------------------------- the tarball
def read_image(tarball):
    """The single image in a `docker load` archive or an OCI layout archive: (config, layer members in order, tar)."""
    tar = tarfile.open(tarball, "r:*")
    names = set(tar.getnames())

    def read_json(name):
        return json.load(tar.extractfile(name))

    if "manifest.json" in names:  # docker archive
        docker_manifest = read_json("manifest.json")
        if len(docker_manifest) != 1:
            fail(f"{tarball}: expected one image in manifest.json, found {len(docker_manifest)}")
        entry = docker_manifest[0]
        return read_json(entry["Config"]), entry["Layers"], entry.get("RepoTags") or [], tar
    if "index.json" in names:  # OCI layout
        index = read_json("index.json")
        manifest_desc = index["manifests"][0]
        manifest = read_json("blobs/sha256/" + manifest_desc["digest"].split(":")[1])
        if manifest.get("mediaType", OCI_MANIFEST) == OCI_INDEX:
            manifest = read_json("blobs/sha256/" + manifest["manifests"][0]["digest"].split(":")[1])
        config = read_json("blobs/sha256/" + manifest["config"]["digest"].split(":")[1])
        layers = ["blobs/sha256/" + layer["digest"].split(":")[1] for layer in manifest["layers"]]
        ref = manifest_desc.get("annotations", {}).get("io.containerd.image.name", "")
        return config, layers, [ref] if ref else [], tar
    fail(f"{tarball}: neither a docker archive (manifest.json) nor an OCI layout (index.json)")


def layer_tar(tar, member):
    data = tar.extractfile(member).read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def check(args):
    config, layers, repo_tags, tar = read_image(args.tarball)
    c = config.get("config", {})
    problems = []

    def expect(ok, what):
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            problems.append(what)

    expect(config.get("os") == "linux" and config.get("architecture") == "amd64",
           f"platform linux/amd64 (found {config.get('os')}/{config.get('architecture')})")
    # Framework-dependent: the SDK starts the app with the base's `dotnet` host.
    entrypoint = c.get("Entrypoint") or []
    expect(entrypoint == ["dotnet", "/app/AutoDmGuard.Web.dll"],
           f"entrypoint dotnet /app/AutoDmGuard.Web.dll (found {entrypoint})")
    expect(not c.get("Cmd"), f"no command arguments (found {c.get('Cmd')})")
    user = c.get("User", "")
    expect(user == str(APP_UID), f"user is the non-root uid {APP_UID} (found {user!r})")
    expect(c.get("WorkingDir") == "/app/", f"working directory /app/ (found {c.get('WorkingDir')})")
    ports = sorted((c.get("ExposedPorts") or {}).keys())
    expect(ports == ["8080/tcp"], f"exposed ports exactly 8080/tcp (found {ports})")
    env = dict(e.split("=", 1) for e in c.get("Env") or [])
    expect(env.get("Urls") == "http://+:8080", f"Urls=http://+:8080 (found {env.get('Urls')!r})")
    expect(env.get("Data__Directory") == f"/{DATA_DIR}", f"Data__Directory=/{DATA_DIR} (found {env.get('Data__Directory')!r})")
    volumes = sorted((c.get("Volumes") or {}).keys())
    expect(volumes == [f"/{DATA_DIR}"], f"volumes exactly /{DATA_DIR} (found {volumes})")
    labels = c.get("Labels") or {}
    for key in ("org.opencontainers.image.title", "org.opencontainers.image.version", "org.opencontainers.image.created",
                "org.opencontainers.image.description", "org.opencontainers.image.base.name"):
        expect(bool(labels.get(key)), f"label {key} (found {labels.get(key)!r})")
    expect(any(re.fullmatch(r"(docker\.io/library/)?autodmguard:[\w.-]+", t) for t in repo_tags),
           f"tagged autodmguard:<tag> (found {repo_tags})")

    diff_ids = config.get("rootfs", {}).get("diff_ids", [])
    expect(len(diff_ids) == len(layers), f"{len(layers)} layers for {len(diff_ids)} diff_ids")
    files = {}
    for member, diff_id in zip(layers, diff_ids):
        data = layer_tar(tar, member)
        expect("sha256:" + sha256_hex(data) == diff_id, f"layer {member[:40]} matches its diff_id")
        with tarfile.open(fileobj=io.BytesIO(data)) as layer:
            for info in layer.getmembers():
                files[info.name.lstrip("./").rstrip("/")] = info
    host_link = files.get("usr/bin/dotnet")
    host = files.get("usr/share/dotnet/dotnet")
    expect(host_link is not None and host_link.issym() and host_link.linkname == "../share/dotnet/dotnet"
           and "/usr/bin" in env.get("PATH", "").split(":"),
           "`dotnet` on the image's PATH: /usr/bin/dotnet -> ../share/dotnet/dotnet")
    expect(host is not None and host.isreg() and host.mode & 0o111 != 0, "/usr/share/dotnet/dotnet is an executable file")
    expect("app/AutoDmGuard.Web.dll" in files and "app/appsettings.json" in files, "the app's dll and appsettings.json in /app")
    expect("usr/share/dotnet/shared/Microsoft.AspNetCore.App" in files, "the ASP.NET Core shared runtime in /usr/share/dotnet")
    data_dir = files.get(DATA_DIR)
    expect(data_dir is not None and data_dir.isdir() and data_dir.uid == APP_UID and data_dir.mode & 0o777 == 0o700,
           f"/{DATA_DIR} is a folder of uid {APP_UID}, mode 700")
    passwd = files.get("etc/passwd")
    expect(passwd is not None, "/etc/passwd present")
    for member, _ in zip(layers, diff_ids):
        with tarfile.open(fileobj=io.BytesIO(layer_tar(tar, member))) as layer:
            if "etc/passwd" in layer.getnames():
                text = layer.extractfile("etc/passwd").read().decode()
                expect(f"app:x:{APP_UID}:{APP_UID}:" in text, f"/etc/passwd names uid {APP_UID} `app`")
    if problems:
        fail(f"{len(problems)} image check(s) failed: " + "; ".join(problems))
    print(f"image checks passed: {len(layers)} layers, entrypoint {entrypoint}, user {user}, ports {ports}, volumes {volumes}")


def extract(args):
    config, layers, _, tar = read_image(args.tarball)
    os.makedirs(args.dir, exist_ok=True)
    for member in layers:
        with tarfile.open(fileobj=io.BytesIO(layer_tar(tar, member))) as layer:
            for info in layer.getmembers():
                if os.path.basename(info.name).startswith(".wh."):
                    fail(f"whiteout {info.name}: not expected in this image")
            # Python 3.11.2 (Debian 12) predates extraction filters; the layers are the ones just built and checked.
            layer.extractall(args.dir, numeric_owner=True)
    with open(os.path.join(args.dir, ".image-config.json"), "w") as f:
        json.dump(config, f)


def run(args):
    """chroot into DIR and exec the entrypoint as the image's user; meant to run inside `unshare --mount --pid --fork`."""
    root = os.path.abspath(args.dir)
    with open(os.path.join(root, ".image-config.json")) as f:
        c = json.load(f)["config"]
    env = dict(e.split("=", 1) for e in c["Env"])
    env.update(kv.split("=", 1) for kv in args.env)
    uid = int(c["User"])
    os.chroot(root)
    os.chdir(c["WorkingDir"])
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    # As a container runtime does: a bare command name is looked up on the image's PATH.
    os.execvpe(c["Entrypoint"][0], c["Entrypoint"] + (c.get("Cmd") or []), env)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("base")
    p.add_argument("rootfs")
    p.add_argument("out")
    p.add_argument("--name", required=True)
    p.add_argument("--tag", required=True)
    p.add_argument("--dotnet-version", required=True)
    p.add_argument("--aspnet-version", required=True)
    p.add_argument("--packages", nargs="*", default=[])
    p.set_defaults(func=build_base)
    p = sub.add_parser("serve")
    p.add_argument("layout")
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    p.set_defaults(func=serve)
    p = sub.add_parser("check")
    p.add_argument("tarball")
    p.set_defaults(func=check)
    p = sub.add_parser("extract")
    p.add_argument("tarball")
    p.add_argument("dir")
    p.set_defaults(func=extract)
    p = sub.add_parser("run")
    p.add_argument("dir")
    p.add_argument("--env", action="append", default=[], help="NAME=VALUE added to the image's environment")
    p.set_defaults(func=run)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
