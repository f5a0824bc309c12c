#!/usr/bin/env python3
"""Generates the synthetic monorepo `scripts/bench.sh` measures crlint on.

The tree is deterministic (one seeded RNG, fixed git dates): the same version of
this script always writes the same bytes, so runs on different days and machines
compare. It looks like a large JavaScript/Python/Rust monorepo: about 100,000
files and more than 1 GB in total, made of

- tracked source trees (`packages/pkg-NNN/src/...`), a few of which mention the
  gateway host, so that `rg` has something to find;
- git-ignored trees crlint and rg must both skip: `node_modules/`, `dist/`, and a
  hidden `.venv/` (crlint's discovery looks into ignored hidden directories two
  levels deep for config files, so it pays for this one);
- 500 config files of every kind crlint supports (`.claude/settings.json`,
  `.claude/settings.local.json`, `.codex/config.toml`, `.env`, `.env.local`,
  `.env.production`, `NAME.env`), one in three wrong; `.env*` are git-ignored, as
  in real projects, and still checked;
- large JSON and YAML data files, and binary files (random bytes).

Usage: bench_tree.py DIR. When DIR/.generator-version holds this script's
version, the tree is reused as it is; otherwise DIR is removed and rebuilt.
"""

import os
import random
import shutil
import subprocess
import sys

VERSION = "crlint-bench-tree 2 (seed 20240611, 250 packages)"

PACKAGES = 250
SOURCE_DIRS_PER_PACKAGE = 12
SOURCE_FILES_PER_DIR = 20  # 250 * 12 * 20 = 60,000 tracked source files
NODE_MODULES_PACKAGES = 1000
NODE_MODULES_FILES = 25  # 25,000 ignored files
DIST_FILES = 8000
VENV_FILES = 5000
BIG_JSON = 12  # x ~25 MB
BIG_YAML = 6  # x ~20 MB
BIG_BINARY = 150  # x 1 MiB
SMALL_BINARY = 2000  # x 8-32 KiB
CONFIGS = 500

GOOD = {
    "claude": '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://api.crazyrouter.com",\n'
    '    "ANTHROPIC_AUTH_TOKEN": "${CRAZYROUTER_API_KEY}"\n  },\n'
    '  "permissions": { "allow": ["Bash(npm test)"] }\n}\n',
    "codex": 'model = "gpt-5-codex"\nmodel_provider = "crazyrouter"\n\n'
    '[model_providers.crazyrouter]\nname = "Crazyrouter"\n'
    'base_url = "https://api.crazyrouter.com/v1"\nenv_key = "CRAZYROUTER_API_KEY"\n'
    'wire_api = "responses"\n',
    "dotenv": "# app settings\nOPENAI_BASE_URL=https://api.crazyrouter.com/v1\n"
    "OPENAI_API_KEY=${CRAZYROUTER_API_KEY}\nANTHROPIC_BASE_URL=https://api.crazyrouter.com\n"
    "LOG_LEVEL=info\n",
}
BAD = {
    "claude": '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://api.crazyrouter.com/v1",\n'
    '    "ANTHROPIC_AUTH_TOKEN": "${CRAZYROUTER_API_KEY}"\n  }\n}\n',
    "codex": 'model = "gpt-5-codex"\nmodel_provider = "crazyrouter"\n\n'
    '[model_providers.crazyrouter]\nname = "Crazyrouter"\n'
    'base_url = "https://crazyrouter.com"\nenv_key = "CRAZYROUTER_API_KEY"\nwire_api = "chat"\n',
    "dotenv": "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n"
    "ANTHROPIC_BASE_URL=https://api.crazyrouter.com/v1\n"
    "GOOGLE_GEMINI_BASE_URL='https://api.crazyrouter.com/v1beta'\n",
}
# (relative path inside a package, kind)
CONFIG_KINDS = [
    (".claude/settings.json", "claude"),
    (".claude/settings.local.json", "claude"),
    (".codex/config.toml", "codex"),
    (".env", "dotenv"),
    (".env.local", "dotenv"),
    (".env.production", "dotenv"),
    ("service.env", "dotenv"),
]

WORDS = (
    "const let return import export from function class async await value index config "
    "request response client server handler router model token stream buffer error result "
    "option string number object array promise module package build test assert expect"
).split()


def corpus(rng, size):
    """A block of source-like text to slice files from (cheap: files are slices of it)."""
    lines = []
    total = 0
    while total < size:
        indent = "    " * rng.randrange(4)
        line = indent + " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 12)))
        line += rng.choice([";", " {", " }", ",", "", " // " + rng.choice(WORDS)])
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines) + "\n"


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def slice_of(rng, text, lo, hi):
    n = rng.randrange(lo, hi)
    start = rng.randrange(0, len(text) - n)
    return text[start : start + n]


def build(root):
    rng = random.Random(20240611)
    text = corpus(rng, 4 * 1024 * 1024)
    exts = [".ts", ".tsx", ".js", ".py", ".rs", ".go", ".md"]
    write(
        os.path.join(root, ".gitignore"),
        "node_modules/\ndist/\n.venv/\n*.log\n.env\n.env.*\n*.env\n.generator-version\n",
    )
    write(os.path.join(root, "README.md"), "# bench monorepo\n\nSynthetic; see scripts/bench_tree.py.\n")

    # Tracked sources; one file in 200 mentions the gateway.
    for p in range(PACKAGES):
        pkg = os.path.join(root, "packages", f"pkg-{p:03}")
        write(os.path.join(pkg, "package.json"), '{"name": "pkg-%03d", "version": "1.0.0"}\n' % p)
        for d in range(SOURCE_DIRS_PER_PACKAGE):
            for f in range(SOURCE_FILES_PER_DIR):
                body = slice_of(rng, text, 1000, 13000)
                if rng.randrange(200) == 0:
                    body += 'const BASE = "https://api.crazyrouter.com/v1";\n'
                ext = exts[(d + f) % len(exts)]
                write(os.path.join(pkg, "src", f"mod-{d:02}", f"file-{f:02}{ext}"), body)

    # Ignored trees.
    for n in range(NODE_MODULES_PACKAGES):
        base = os.path.join(root, "node_modules", f"dep-{n:04}")
        for f in range(NODE_MODULES_FILES):
            sub = "lib" if f % 2 else "dist"
            write(os.path.join(base, sub, f"part-{f:02}.js"), slice_of(rng, text, 500, 5500))
    for f in range(DIST_FILES):
        write(os.path.join(root, "dist", f"chunk-{f // 100:02}", f"c-{f:04}.js"), slice_of(rng, text, 2000, 18000))
    for f in range(VENV_FILES):
        write(
            os.path.join(root, ".venv", "lib", "python3.11", "site-packages", f"mod{f // 50:03}", f"m{f:04}.py"),
            slice_of(rng, text, 500, 7500),
        )

    # Large data files, tracked.
    record = '{"id": %d, "name": "%s", "tags": ["%s", "%s"], "score": %d}'
    block = ",\n".join(
        record % (i, rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS), rng.randrange(10**6))
        for i in range(20000)
    )
    for n in range(BIG_JSON):
        with_block = (block + ",\n") * 16
        write(os.path.join(root, "data", f"dump-{n:02}.json"), "[\n" + with_block + block + "\n]\n")
    yaml_block = "".join(
        f"- id: {i}\n  name: {rng.choice(WORDS)}\n  tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n"
        for i in range(20000)
    )
    for n in range(BIG_YAML):
        write(os.path.join(root, "data", f"fixtures-{n:02}.yaml"), yaml_block * 18)

    # Binary files, tracked.
    for n in range(BIG_BINARY):
        write(os.path.join(root, "assets", "big", f"blob-{n:03}.bin"), rng.randbytes(1024 * 1024))
    for n in range(SMALL_BINARY):
        write(os.path.join(root, "assets", "img", f"img-{n:04}.png"), rng.randbytes(rng.randrange(8192, 32768)))

    # Config files: 500, cycling through every kind, one in three wrong.
    for n in range(CONFIGS):
        rel, kind = CONFIG_KINDS[n % len(CONFIG_KINDS)]
        pkg = os.path.join(root, "packages", f"pkg-{n % PACKAGES:03}")
        if n >= PACKAGES:
            pkg = os.path.join(pkg, "apps", f"app-{n // PACKAGES}")
        body = BAD[kind] if n % 3 == 0 else GOOD[kind]
        write(os.path.join(pkg, rel), body)

    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.invalid",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.invalid",
        GIT_AUTHOR_DATE="2024-06-11T00:00:00Z",
        GIT_COMMITTER_DATE="2024-06-11T00:00:00Z",
    )
    # gc.auto=0: no `git gc` left running in the background to disturb the timings.
    git = ["git", "-C", root, "-c", "init.defaultBranch=main", "-c", "core.autocrlf=false", "-c", "gc.auto=0"]
    subprocess.run(git + ["init", "-q"], check=True, env=env)
    subprocess.run(git + ["add", "-A"], check=True, env=env)
    subprocess.run(git + ["commit", "-q", "-m", "bench tree"], check=True, env=env)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench_tree.py DIR")
    root = os.path.abspath(sys.argv[1])
    stamp = os.path.join(root, ".generator-version")
    if os.path.exists(stamp) and open(stamp).read().strip() == VERSION:
        print(f"bench tree: reusing {root} ({VERSION})")
        return
    if os.path.exists(root):
        shutil.rmtree(root)
    print(f"bench tree: generating {root} ({VERSION}) ...", flush=True)
    build(root)
    # Written last: an interrupted run leaves no stamp and is rebuilt next time.
    write(stamp, VERSION + "\n")
    print("bench tree: done", flush=True)


if __name__ == "__main__":
    main()
