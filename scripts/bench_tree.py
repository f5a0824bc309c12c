#!/usr/bin/env python3
"""Builds and describes the trees `scripts/bench.sh` measures crlint on.

    bench_tree.py list                          the shapes, one per line: NAME<TAB>description
    bench_tree.py build SHAPE DIR [--scale S]   write the tree (reused when DIR.manifest.json
                                                names this shape's version and scale)
    bench_tree.py stats SHAPE DIR               print (and cache in the manifest) what is in it

The shapes and their generators are in scripts/bench_shapes.py (contents in
scripts/bench_content.py). Every tree is deterministic: one seeded RNG per shape and
fixed git dates, so the same version writes the same bytes on every machine.

The manifest (DIR.manifest.json, beside the tree, so that neither crlint nor rg
reads it) holds the shape's version, the gateway values the generator wrote (right,
wrong, look-alike, and in how many files) and, once `stats` has run, the figures
below. `stats` reads the catalog's file patterns and variable names from rules/, so
it is recomputed when rules/ changes.

- files, bytes: every regular file under DIR except inside .git/.
- rg_files, rg_bytes: the files `rg -l --hidden --glob '!.git'` searches (what
  .gitignore leaves), from `rg --files`.
- catalog_files, catalog_bytes: of those, the ones crlint must look at: outside
  node_modules/ and target/ (crlint never enters them) and matched by a file pattern
  of rules/clients/*.toml (its not_globs applied).
- nm_files, nm_bytes: of those, the files that mention nothing crlint cares about:
  no gateway, console or look-alike host (the brand label `crazyrouter` anywhere, or
  a URL host within 2 edits of a gateway or console host), no environment variable
  of rules/env.toml (as a word), no string in the gateway key format, and not a
  config file known by name (a pattern other than a broad `**/*.ext` of the text,
  source or shell formats or one that requires keys: those are always parsed). This
  is the input of issue 17's "1 GB/s per core on bytes that mention nothing" target.
- gateway_urls: URLs in the whole tree (ignored files and binaries' text included,
  .git/ excluded) whose host is a gateway, console or look-alike host, counted by
  the same host test: it should equal the generator's tally (the ten-file tree has
  no tally: its files are copied from fixtures/).
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_shapes  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join(REPO, "rules")


def manifest_path(root):
    return root.rstrip("/") + ".manifest.json"


def load_manifest(root):
    try:
        with open(manifest_path(root)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def save_manifest(root, m):
    tmp = manifest_path(root) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(m, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, manifest_path(root))


# -- the catalog, read from rules/ ----------------------------------------------------


def glob_regex(pattern):
    """globset semantics with literal_separator: `**/` any directories, `*` and `?`
    within one component, `{a,b}` alternatives, `[...]` classes."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "{":
            j = pattern.index("}", i)
            out.append("(?:" + "|".join(re.escape(a) for a in pattern[i + 1 : j].split(",")) + ")")
            i = j
        elif ch == "[":
            j = pattern.index("]", i)
            out.append(pattern[i : j + 1])
            i = j
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


BROAD = re.compile(r"^\*\*/\*\.(\w+|\{[\w,]+\})$")


def catalog():
    """(broad regex, known-by-name regex, not-globs regex, env names, rules hash)."""
    h = hashlib.sha256()
    broad, known, nots = [], [], []
    cdir = os.path.join(RULES, "clients")
    for name in sorted(os.listdir(cdir)):
        if not name.endswith(".toml"):
            continue
        raw = open(os.path.join(cdir, name), "rb").read()
        h.update(raw)
        for f in tomllib.loads(raw.decode()).get("files", []):
            rx = glob_regex(f["glob"])
            is_broad = BROAD.match(f["glob"]) and (f.get("format") in ("text", "source", "shell") or f.get("requires_key"))
            (broad if is_broad else known).append(rx)
            nots.extend(glob_regex(g) for g in f.get("not_globs", []))
    raw = open(os.path.join(RULES, "env.toml"), "rb").read()
    h.update(raw)
    env_names = sorted({v["name"] for v in tomllib.loads(raw.decode()).get("variables", [])})
    def anchored(parts):
        return re.compile("^(?:" + "|".join(parts) + ")$") if parts else re.compile("(?!)")
    return anchored(broad), anchored(known), anchored(nots), env_names, h.hexdigest()[:16]


# -- mentions ------------------------------------------------------------------------

GATEWAY = ["api.crazyrouter.com", "cn.crazyrouter.com", "crazyrouter.com", "www.crazyrouter.com"]
BRAND = "crazyrouter"


def edit_distance(a, b, limit):
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def gateway_like(host):
    """A gateway, console or look-alike host: the brand label, or within 2 edits."""
    host = host.lower().split(":")[0].rstrip(".")
    return BRAND in host or any(edit_distance(host, g, 2) <= 2 for g in GATEWAY)


URL_HOST = re.compile(rb"[a-z][a-z0-9+.-]*://([a-z0-9._-]+)")
KEY = re.compile(rb"sk-[0-9A-Za-z]{48}")


def mentions(data, env_rx, host_cache):
    lower = data.lower()
    if BRAND.encode() in lower:
        return True
    for m in URL_HOST.finditer(lower):
        host = m.group(1).decode("ascii", "replace")
        hit = host_cache.get(host)
        if hit is None:
            hit = host_cache[host] = gateway_like(host)
        if hit:
            return True
    return bool(env_rx.search(data) or KEY.search(data))


# -- commands ------------------------------------------------------------------------


def cmd_build(shape, root, scale):
    version = bench_shapes.SHAPES[shape][0]
    m = load_manifest(root)
    if m and m.get("shape") == shape and m.get("version") == version and m.get("scale") == scale and os.path.isdir(root):
        print(f"bench tree: reusing {root} ({shape} v{version})", file=sys.stderr)
        return
    print(f"bench tree: generating {root} ({shape} v{version}, scale {scale}) ...", file=sys.stderr, flush=True)
    if os.path.exists(manifest_path(root)):
        os.remove(manifest_path(root))
    tally = bench_shapes.build(shape, root, scale)
    # Written last: an interrupted run leaves no manifest and is rebuilt next time.
    save_manifest(root, {"shape": shape, "version": version, "scale": scale, "tally": tally})
    print(f"bench tree: {root} done", file=sys.stderr, flush=True)


def rg_files(root, *extra):
    out = subprocess.run(["rg", "--files", "--hidden", "--glob", "!.git", *extra, root], capture_output=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"rg --files failed: {out.stderr.decode()}")
    return [p for p in out.stdout.decode().splitlines() if p]


def cmd_stats(shape, root):
    m = load_manifest(root)
    if not m:
        sys.exit(f"{root}: no manifest; build it first")
    broad, known, nots, env_names, rules_hash = catalog()
    if m.get("stats", {}).get("rules_hash") == rules_hash:
        print(json.dumps(m["stats"]))
        return
    files = nbytes = 0
    for dirpath, dirnames, filenames in os.walk(root):
        if ".git" in dirnames:
            dirnames.remove(".git")
        for f in filenames:
            st = os.lstat(os.path.join(dirpath, f))
            if os.path.stat.S_ISREG(st.st_mode):
                files += 1
                nbytes += st.st_size
    searched = rg_files(root)
    rg_bytes = 0
    cat_files = cat_bytes = nm_files = nm_bytes = 0
    env_rx = re.compile(rb"\b(?:" + b"|".join(re.escape(n.encode()) for n in env_names) + rb")\b")
    host_cache = {}
    prefix = root.rstrip("/") + "/"
    for p in searched:
        size = os.path.getsize(p)
        rg_bytes += size
        rel = p[len(prefix) :] if p.startswith(prefix) else p
        parts = rel.split("/")
        if "node_modules" in parts[:-1] or "target" in parts[:-1]:
            continue
        if nots.match(rel):
            continue
        is_known = bool(known.match(rel))
        if not is_known and not broad.match(rel):
            continue
        cat_files += 1
        cat_bytes += size
        if is_known:
            continue
        with open(p, "rb") as f:
            data = f.read()
        if not mentions(data, env_rx, host_cache):
            nm_files += 1
            nm_bytes += size
    # Gateway URLs in the whole tree, ignored files included.
    out = subprocess.run(
        ["rg", "--no-ignore", "--hidden", "--glob", "!.git", "-o", "-N", "--no-filename", "-i", r"[a-z][a-z0-9+.-]*://[a-z0-9._-]+", root],
        capture_output=True, check=False,
    )
    gateway_urls = 0
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        host = line.split("://", 1)[1]
        hit = host_cache.get(host.lower())
        if hit is None:
            hit = host_cache[host.lower()] = gateway_like(host)
        gateway_urls += hit
    stats = {
        "rules_hash": rules_hash, "files": files, "bytes": nbytes, "rg_files": len(searched), "rg_bytes": rg_bytes,
        "catalog_files": cat_files, "catalog_bytes": cat_bytes, "nm_files": nm_files, "nm_bytes": nm_bytes, "gateway_urls": gateway_urls,
    }
    m["stats"] = stats
    save_manifest(root, m)
    print(json.dumps(stats))


def main(argv):
    if argv[:1] == ["list"]:
        for name, (version, _, doc) in bench_shapes.SHAPES.items():
            print(f"{name}\t{doc}")
        return
    if len(argv) >= 3 and argv[0] in ("build", "stats") and argv[1] in bench_shapes.SHAPES:
        root = os.path.abspath(argv[2])
        if argv[0] == "build":
            scale = float(argv[4]) if argv[3:4] == ["--scale"] else 1.0
            cmd_build(argv[1], root, scale)
        else:
            cmd_stats(argv[1], root)
        return
    sys.exit(__doc__ + "\nshapes: " + ", ".join(bench_shapes.SHAPES))


if __name__ == "__main__":
    main(sys.argv[1:])
