"""The PEP 517 build backend of the repository's root pyproject.toml.

For: pre-commit's `language: python` hooks, which `pip install .` this
repository. The wheel built here holds no code, only metadata: the name,
version and dependencies of pyproject.toml's [project] table, so pip then
installs the prebuilt `crlint` wheel, whose `crlint` executable the hooks run.

Not for: crlint's own packages (scripts/package.py, pypi/pyproject.toml).
Python 3.7+, standard library only; reads the three fields with a regex so that
it needs no TOML parser on Pythons older than 3.11.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

_DATE = (1980, 1, 1, 0, 0, 0)


def _project():
    with open("pyproject.toml", encoding="utf-8") as f:
        text = f.read()
    table = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S).group(1)
    name = re.search(r'^name\s*=\s*"([^"]+)"', table, re.M).group(1)
    version = re.search(r'^version\s*=\s*"([^"]+)"', table, re.M).group(1)
    summary = re.search(r'^description\s*=\s*"([^"]*)"', table, re.M)
    deps = re.search(r"^dependencies\s*=\s*\[(.*?)\]", table, re.M | re.S)
    requires = re.findall(r'"([^"]+)"', deps.group(1)) if deps else []
    return name, version, summary.group(1) if summary else "", requires


def _dist(name):
    return re.sub(r"[-_.]+", "_", name).lower()


def _metadata():
    name, version, summary, requires = _project()
    lines = ["Metadata-Version: 2.1", "Name: " + name, "Version: " + version, "Summary: " + summary]
    lines += ["Requires-Dist: " + r for r in requires]
    return name, version, ("\n".join(lines) + "\n").encode()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    name, version, metadata = _metadata()
    dist_info = "%s-%s.dist-info" % (_dist(name), version)
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "wb") as f:
        f.write(metadata)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name, version, metadata = _metadata()
    dist_info = "%s-%s.dist-info" % (_dist(name), version)
    wheel = b"Wheel-Version: 1.0\nGenerator: pre_commit_placeholder\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files = [(dist_info + "/METADATA", metadata), (dist_info + "/WHEEL", wheel)]
    record = ""
    for path, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record += "%s,sha256=%s,%d\n" % (path, digest, len(data))
    files.append((dist_info + "/RECORD", (record + dist_info + "/RECORD,,\n").encode()))
    filename = "%s-%s-py3-none-any.whl" % (_dist(name), version)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            z.writestr(zipfile.ZipInfo(path, _DATE), data)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    name, version, metadata = _metadata()
    stem = "%s-%s" % (_dist(name), version)
    members = [("PKG-INFO", metadata)]
    for path in ("pyproject.toml", "scripts/pre_commit_placeholder.py"):
        with open(path, "rb") as f:
            members.append((path, f.read()))
    filename = stem + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for path, data in members:
            info = tarfile.TarInfo("%s/%s" % (stem, path))
            info.size, info.mode = len(data), 0o644
            t.addfile(info, io.BytesIO(data))
    return filename
