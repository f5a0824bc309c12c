#!/usr/bin/env python3
"""Packages one prebuilt crlint binary for every channel it ships through.

For: the release workflow (.github/workflows/release.yml), which builds the
release binary once per target and calls this for each, and the packaging
tests (tests/packaging/), which call it with the debug binary `cargo test`
already built. From one binary it writes, into OUT:

- the release archive `crlint-vVERSION-TARGET.tar.gz` (`.zip` for Windows), a
  directory holding the binary and README.md, and `ARCHIVE.sha256` beside it
  (`sha256sum` format), which install.sh / install.ps1 download and verify;
- the wheel `crlint-VERSION-py3-none-PLATFORM.whl`: the binary as a script of
  the wheel (`crlint-VERSION.data/scripts/`), as maturin's `bindings = "bin"`
  lays it out, so pip, pipx and uv put `crlint` on the environment's PATH;
- the npm platform package directory `npm/crlint-OS-CPU/` (package.json with
  `os`/`cpu`, the binary in `bin/`), ready for `npm pack` / `npm publish`; the
  launcher package (npm/crlint/ in the repository) depends on it optionally.

Not for: building the binary (cargo does) or the sdist (maturin, from
pypi/pyproject.toml). Python 3.8+, standard library only. The version is
Cargo.toml's. Outputs are deterministic (fixed timestamps and owners; set
SOURCE_DATE_EPOCH to change the timestamp).

Usage: package.py --binary PATH --target TRIPLE --out DIR [--only archive,wheel,npm]
       package.py targets     # the targets, one a line, with what ships for each
       package.py version     # Cargo.toml's version
"""

import argparse
import base64
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The names on the registries (see README, "Install": these are the names the
# packages are published under).
PYPI_NAME = "crlint"
NPM_LAUNCHER = "crlint"
NPM_SCOPE = "@crazyrouter"

# Rust target → what ships for it. `release`: built and published by the
# release workflow. The `-gnu` rows are for local packaging of a binary built
# here (the tests' debug binary): its wheel tag `linux_*` is one PyPI refuses,
# so it can never be published by mistake.
TARGETS = {
    "x86_64-unknown-linux-musl": {
        "os": "linux", "cpu": "x64", "release": True,
        # A static binary: it runs on any glibc and on musl, so one wheel takes all three tags.
        "wheel": ["manylinux_2_17_x86_64", "manylinux2014_x86_64", "musllinux_1_1_x86_64"],
    },
    "aarch64-unknown-linux-musl": {
        "os": "linux", "cpu": "arm64", "release": True,
        "wheel": ["manylinux_2_17_aarch64", "manylinux2014_aarch64", "musllinux_1_1_aarch64"],
    },
    "x86_64-apple-darwin": {"os": "darwin", "cpu": "x64", "release": True, "wheel": ["macosx_10_12_x86_64"]},
    "aarch64-apple-darwin": {"os": "darwin", "cpu": "arm64", "release": True, "wheel": ["macosx_11_0_arm64"]},
    "x86_64-pc-windows-msvc": {"os": "win32", "cpu": "x64", "release": True, "wheel": ["win_amd64"]},
    "x86_64-unknown-linux-gnu": {"os": "linux", "cpu": "x64", "release": False, "wheel": ["linux_x86_64"]},
    "aarch64-unknown-linux-gnu": {"os": "linux", "cpu": "arm64", "release": False, "wheel": ["linux_aarch64"]},
}


def cargo_package():
    """name, version, description, license, repository of Cargo.toml's [package]."""
    text = open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8").read()
    section = re.search(r"^\[package\]\s*$(.*?)(?=^\[)", text, re.M | re.S).group(1)
    fields = {}
    for key in ("name", "version", "description", "license", "repository"):
        m = re.search(r'^%s\s*=\s*"([^"]*)"' % key, section, re.M)
        if not m:
            sys.exit("package.py: Cargo.toml [package] has no %s" % key)
        fields[key] = m.group(1)
    return fields


def epoch():
    return int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, zip's first day


def exe_name(target):
    return "crlint.exe" if "windows" in target else "crlint"


def npm_platform_name(target):
    spec = TARGETS[target]
    return "%s/crlint-%s-%s" % (NPM_SCOPE, spec["os"], spec["cpu"])


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_sha256(path):
    """ARCHIVE.sha256 in `sha256sum` format: `HEX  NAME`."""
    line = "%s  %s\n" % (sha256_file(path), os.path.basename(path))
    with open(path + ".sha256", "w", encoding="ascii", newline="\n") as f:
        f.write(line)
    return path + ".sha256"


def archive(binary, target, out, meta):
    stem = "crlint-v%s-%s" % (meta["version"], target)
    readme = open(os.path.join(ROOT, "README.md"), "rb").read()
    exe = open(binary, "rb").read()
    members = [("%s/%s" % (stem, exe_name(target)), exe, 0o755), ("%s/README.md" % stem, readme, 0o644)]
    if "windows" in target:
        path = os.path.join(out, stem + ".zip")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data, mode in members:
                z.writestr(zip_info(name, mode), data)
    else:
        path = os.path.join(out, stem + ".tar.gz")
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
            for name, data, mode in [(stem, None, 0o755)] + members:
                info = tarfile.TarInfo(name)
                info.mtime, info.uid, info.gid, info.uname, info.gname = epoch(), 0, 0, "", ""
                info.mode = mode
                if data is None:
                    info.type = tarfile.DIRTYPE
                    t.addfile(info)
                else:
                    info.size = len(data)
                    t.addfile(info, io.BytesIO(data))
        with open(path, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=epoch(), compresslevel=9) as g:
                g.write(raw.getvalue())
    return [path, write_sha256(path)]


def zip_info(name, mode):
    info = zipfile.ZipInfo(name, date_time=time.gmtime(epoch())[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.create_system = 3  # unix: the mode bits above are read
    return info


def record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "sha256=" + digest


def wheel(binary, target, out, meta):
    """A wheel with the binary as its one script (maturin's `bin` layout)."""
    name, version = PYPI_NAME, meta["version"]
    tags = ["py3-none-" + plat for plat in TARGETS[target]["wheel"]]
    filename = "%s-%s-py3-none-%s.whl" % (name, version, ".".join(TARGETS[target]["wheel"]))
    dist_info = "%s-%s.dist-info" % (name, version)
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    metadata = "\n".join(
        [
            "Metadata-Version: 2.1",
            "Name: " + name,
            "Version: " + version,
            "Summary: " + meta["description"],
            "Home-page: " + meta["repository"],
            "License: " + meta["license"],
            "Project-URL: Repository, " + meta["repository"],
            "Project-URL: Releases, %s/releases" % meta["repository"],
            "Keywords: lint,ai,config,openai,claude",
            "Classifier: Environment :: Console",
            "Classifier: Intended Audience :: Developers",
            "Classifier: License :: OSI Approved :: MIT License",
            "Classifier: Programming Language :: Rust",
            "Classifier: Topic :: Software Development :: Quality Assurance",
            "Requires-Python: >=3.7",
            "Description-Content-Type: text/markdown; charset=UTF-8; variant=GFM",
            "",
            readme,
        ]
    )
    wheel_file = "".join(
        ["Wheel-Version: 1.0\n", "Generator: crlint scripts/package.py\n", "Root-Is-Purelib: false\n"]
        + ["Tag: %s\n" % tag for tag in tags]
    )
    files = [
        ("%s-%s.data/scripts/%s" % (name, version, exe_name(target)), open(binary, "rb").read(), 0o755),
        (dist_info + "/METADATA", metadata.encode("utf-8"), 0o644),
        (dist_info + "/WHEEL", wheel_file.encode("utf-8"), 0o644),
    ]
    record = "".join("%s,%s,%d\n" % (n, record_hash(d), len(d)) for n, d, _ in files)
    record += dist_info + "/RECORD,,\n"
    files.append((dist_info + "/RECORD", record.encode("utf-8"), 0o644))
    path = os.path.join(out, filename)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d, mode in files:
            z.writestr(zip_info(n, mode), d)
    return [path]


def npm_platform(binary, target, out, meta):
    """The directory of the npm package that carries the binary for one platform."""
    spec = TARGETS[target]
    pkg_name = npm_platform_name(target)
    directory = os.path.join(out, "npm", pkg_name.split("/")[1])
    os.makedirs(os.path.join(directory, "bin"), exist_ok=True)
    package_json = {
        "name": pkg_name,
        "version": meta["version"],
        "description": "The crlint binary for %s %s (installed by the `%s` package)" % (
            spec["os"], spec["cpu"], NPM_LAUNCHER),
        "license": meta["license"],
        "repository": {"type": "git", "url": "git+%s.git" % meta["repository"]},
        "os": [spec["os"]],
        "cpu": [spec["cpu"]],
        "files": ["bin/"],
        "preferUnplugged": True,
    }
    with open(os.path.join(directory, "package.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(package_json, indent=2) + "\n")
    with open(os.path.join(directory, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# %s\n\nThe prebuilt `crlint` binary for %s %s. Install `%s` instead: it picks this package "
            "for your platform.\n\n%s\n" % (pkg_name, spec["os"], spec["cpu"], NPM_LAUNCHER, meta["repository"])
        )
    dest = os.path.join(directory, "bin", exe_name(target))
    with open(binary, "rb") as src, open(dest, "wb") as dst:
        dst.write(src.read())
    os.chmod(dest, 0o755)
    return [directory]


STEPS = {"archive": archive, "wheel": wheel, "npm": npm_platform}


def main(argv):
    if argv[:1] == ["version"]:
        print(cargo_package()["version"])
        return 0
    if argv[:1] == ["targets"]:
        for target, spec in TARGETS.items():
            print("%s\t%s\t%s\t%s" % (target, "release" if spec["release"] else "local",
                                      npm_platform_name(target), ".".join(spec["wheel"])))
        return 0
    parser = argparse.ArgumentParser(description="Package a prebuilt crlint binary.")
    parser.add_argument("--binary", required=True, help="the crlint executable to ship")
    parser.add_argument("--target", required=True, choices=sorted(TARGETS), help="the Rust target it was built for")
    parser.add_argument("--out", required=True, help="directory for the artifacts")
    parser.add_argument("--only", default="archive,wheel,npm", help="comma-separated: archive, wheel, npm")
    args = parser.parse_args(argv)
    steps = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        parser.error("unknown --only step(s): %s" % ", ".join(unknown))
    if not os.path.isfile(args.binary):
        parser.error("no such binary: %s" % args.binary)
    meta = cargo_package()
    os.makedirs(args.out, exist_ok=True)
    for step in steps:
        for path in STEPS[step](args.binary, args.target, args.out, meta):
            size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) \
                if os.path.isdir(path) else os.path.getsize(path)
            print("%s\t%d" % (path, size))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
