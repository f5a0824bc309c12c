"""The benchmark's tree shapes: one builder per shape, each deterministic (its
own seeded RNG, fixed git dates), so the same version writes the same bytes on
every machine. `SHAPES` lists them with the version each builder is at; bump a
shape's version when its output changes (scripts/bench_tree.py rebuilds a tree
whose manifest names another version).

Each builder takes a `Tree` (where to write, the RNG, the gateway tally, a
`scale` that multiplies the file counts: 1.0 for the benchmark, smaller for the
generator's own test) and writes the files; `Tree.tally` counts every gateway
value written (right, wrong, look-alike).
"""

import json
import os
import shutil
import subprocess

import bench_content as c

GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_AUTHOR_DATE": "2024-06-11T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-06-11T00:00:00Z",
}


class Tree:
    def __init__(self, root, seed, scale=1.0):
        self.root = root
        self.rng = c.new_rng(seed)
        self.scale = scale
        self.tally = c.Tally()

    def n(self, count):
        """A file count at this tree's scale (at least 1)."""
        return max(1, round(count * self.scale))

    def write(self, rel, data):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    def pool(self, count):
        """A pool size (contents files are drawn from) at this tree's scale: the
        same at scale 1, smaller for the generator's test."""
        return max(3, round(count * self.scale))

    def chosen(self, total, k):
        """k of range(total), fixed by the RNG: which files carry a gateway value."""
        return set(self.rng.sample(range(total), min(k, total)))

    def commit(self, sub=""):
        """Make ROOT/sub a git repository with everything in one commit."""
        where = os.path.join(self.root, sub)
        env = dict(os.environ, **GIT_ENV)
        # gc.auto=0: no `git gc` left running in the background to disturb the timings.
        git = ["git", "-C", where, "-c", "init.defaultBranch=main", "-c", "core.autocrlf=false", "-c", "gc.auto=0"]
        subprocess.run(git + ["init", "-q"], check=True, env=env)
        subprocess.run(git + ["add", "-A"], check=True, env=env)
        subprocess.run(git + ["commit", "-q", "-m", "bench tree"], check=True, env=env)


# -- monorepo: the original tree (generator version 2), byte for byte --------------

MONO_GOOD = {
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
MONO_BAD = {
    "claude": '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "https://api.crazyrouter.com/v1",\n'
    '    "ANTHROPIC_AUTH_TOKEN": "${CRAZYROUTER_API_KEY}"\n  }\n}\n',
    "codex": 'model = "gpt-5-codex"\nmodel_provider = "crazyrouter"\n\n'
    '[model_providers.crazyrouter]\nname = "Crazyrouter"\n'
    'base_url = "https://crazyrouter.com"\nenv_key = "CRAZYROUTER_API_KEY"\nwire_api = "chat"\n',
    "dotenv": "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n"
    "ANTHROPIC_BASE_URL=https://api.crazyrouter.com/v1\n"
    "GOOGLE_GEMINI_BASE_URL='https://api.crazyrouter.com/v1beta'\n",
}
# Gateway values in each body: (right, wrong).
MONO_VALUES = {("good", "claude"): (1, 0), ("good", "codex"): (1, 0), ("good", "dotenv"): (2, 0), ("bad", "claude"): (0, 1), ("bad", "codex"): (0, 1), ("bad", "dotenv"): (0, 3)}
MONO_CONFIG_KINDS = [
    (".claude/settings.json", "claude"),
    (".claude/settings.local.json", "claude"),
    (".codex/config.toml", "codex"),
    (".env", "dotenv"),
    (".env.local", "dotenv"),
    (".env.production", "dotenv"),
    ("service.env", "dotenv"),
]
MONO_WORDS = (
    "const let return import export from function class async await value index config "
    "request response client server handler router model token stream buffer error result "
    "option string number object array promise module package build test assert expect"
).split()


def build_monorepo(t):
    """A large JavaScript/Python/Rust monorepo (about 100,000 files, 1.4 GB): tracked
    sources (1 in 200 mention the gateway), git-ignored node_modules/, dist/ and a
    hidden .venv/, 500 config files of every kind (one in three wrong), large JSON and
    YAML data files and binary assets. Unchanged from generator version 2 (seed
    20240611): the same bytes as the tree BENCHMARKS.md's history was measured on."""
    rng = c.new_rng(20240611)
    k = t.scale
    packages, dirs, files_per_dir = max(1, round(250 * k)), 12, 20
    nm_packages, nm_files, dist_files, venv_files = round(1000 * k), 25, round(8000 * k), round(5000 * k)
    big_json, big_yaml, big_binary, small_binary, configs = round(12 * k), round(6 * k), round(150 * k), round(2000 * k), max(7, round(500 * k))

    def corpus(size):
        lines, total = [], 0
        while total < size:
            indent = "    " * rng.randrange(4)
            line = indent + " ".join(rng.choice(MONO_WORDS) for _ in range(rng.randrange(3, 12)))
            line += rng.choice([";", " {", " }", ",", "", " // " + rng.choice(MONO_WORDS)])
            lines.append(line)
            total += len(line) + 1
        return "\n".join(lines) + "\n"

    def slice_of(text, lo, hi):
        n = rng.randrange(lo, hi)
        start = rng.randrange(0, len(text) - n)
        return text[start : start + n]

    text = corpus(4 * 1024 * 1024)
    exts = [".ts", ".tsx", ".js", ".py", ".rs", ".go", ".md"]
    t.write(".gitignore", "node_modules/\ndist/\n.venv/\n*.log\n.env\n.env.*\n*.env\n.generator-version\n")
    t.write("README.md", "# bench monorepo\n\nSynthetic; see scripts/bench_tree.py.\n")
    for p in range(packages):
        pkg = f"packages/pkg-{p:03}"
        t.write(f"{pkg}/package.json", '{"name": "pkg-%03d", "version": "1.0.0"}\n' % p)
        for d in range(dirs):
            for f in range(files_per_dir):
                body = slice_of(text, 1000, 13000)
                if rng.randrange(200) == 0:
                    body += 'const BASE = "https://api.crazyrouter.com/v1";\n'
                    t.tally.count("right", f"{pkg}/src/mod-{d:02}/file-{f:02}{exts[(d + f) % len(exts)]}")
                t.write(f"{pkg}/src/mod-{d:02}/file-{f:02}{exts[(d + f) % len(exts)]}", body)
    for n in range(nm_packages):
        for f in range(nm_files):
            sub = "lib" if f % 2 else "dist"
            t.write(f"node_modules/dep-{n:04}/{sub}/part-{f:02}.js", slice_of(text, 500, 5500))
    for f in range(dist_files):
        t.write(f"dist/chunk-{f // 100:02}/c-{f:04}.js", slice_of(text, 2000, 18000))
    for f in range(venv_files):
        t.write(f".venv/lib/python3.11/site-packages/mod{f // 50:03}/m{f:04}.py", slice_of(text, 500, 7500))
    record = '{"id": %d, "name": "%s", "tags": ["%s", "%s"], "score": %d}'
    block = ",\n".join(record % (i, rng.choice(MONO_WORDS), rng.choice(MONO_WORDS), rng.choice(MONO_WORDS), rng.randrange(10**6)) for i in range(20000))
    for n in range(big_json):
        t.write(f"data/dump-{n:02}.json", "[\n" + (block + ",\n") * 16 + block + "\n]\n")
    yaml_block = "".join(f"- id: {i}\n  name: {rng.choice(MONO_WORDS)}\n  tags: [{rng.choice(MONO_WORDS)}, {rng.choice(MONO_WORDS)}]\n" for i in range(20000))
    for n in range(big_yaml):
        t.write(f"data/fixtures-{n:02}.yaml", yaml_block * 18)
    for n in range(big_binary):
        t.write(f"assets/big/blob-{n:03}.bin", rng.randbytes(1024 * 1024))
    for n in range(small_binary):
        t.write(f"assets/img/img-{n:04}.png", rng.randbytes(rng.randrange(8192, 32768)))
    for n in range(configs):
        rel, kind = MONO_CONFIG_KINDS[n % len(MONO_CONFIG_KINDS)]
        pkg = f"packages/pkg-{n % packages:03}"
        if n >= packages:
            pkg = f"{pkg}/apps/app-{n // packages}"
        which = "bad" if n % 3 == 0 else "good"
        t.write(f"{pkg}/{rel}", (MONO_BAD if which == "bad" else MONO_GOOD)[kind])
        right, wrong = MONO_VALUES[(which, kind)]
        for _ in range(right):
            t.tally.count("right", f"{pkg}/{rel}")
        for _ in range(wrong):
            t.tally.count("wrong", f"{pkg}/{rel}")
    t.commit()


# -- source tree with shell scripts (issue 17's first shape) -----------------------


def build_source_scripts(t):
    """A source tree of 30,000 files where one in ten is a shell script of plain text
    (about 24 MB of scripts); no file mentions the gateway, nor a variable the catalog
    knows."""
    rng = t.rng
    total = t.n(30000)
    scripts = total // 10
    sh_pool = c.shell_pool(rng, t.pool(400), 2000, 14000, exports=0.0, urls=False)
    # A few scripts download their tools: URLs of other hosts, no gateway.
    sh_pool += c.shell_pool(rng, t.pool(100), 2000, 14000, exports=0.02, urls=True)
    langs = [("py", "py", 0.3), ("ts", "ts", 0.3), ("go", "go", 0.15), ("c", "c", 0.1), ("h", "c", 0.05)]
    pools = {lang: c.source_pool(rng, lang, t.pool(150), 1500, 12000, urls=0.02) for _, lang, _ in langs}
    md_pool = c.md_blocks(rng, t.pool(400))
    t.write(".gitignore", "build/\n*.o\n__pycache__/\n")
    t.write("README.md", c.md_doc(rng, md_pool, 6000))
    components = [f"{a}-{b}" for a in c.NAMES[:20] for b in ("core", "api", "cli")]
    for i in range(scripts):
        comp = components[i % len(components)]
        sub = rng.choice(["scripts", "tools", "ci", "hack", "bin"])
        t.write(f"{comp}/{sub}/{c.slug(rng, 2)}-{i}.sh", c.pick(rng, sh_pool))
    others = total - scripts - 1 - 1
    md_files = others // 25
    for i in range(others - md_files):
        comp = components[i % len(components)]
        r = rng.random()
        acc = 0.0
        for ext, lang, share in langs:
            acc += share
            if r < acc * (1 / 0.9):
                break
        body = c.pick(rng, pools[lang])
        t.write(f"{comp}/src/{rng.choice(c.NAMES)}/{c.word(rng)}_{i}.{ext}", f"// {comp} {i}\n" + body if lang != "py" else f"# {comp} {i}\n" + body)
    for i in range(md_files):
        comp = components[i % len(components)]
        t.write(f"{comp}/docs/{c.slug(rng, 2)}-{i}.md", c.md_doc(rng, md_pool, rng.randrange(1500, 9000)))
    t.commit()


# -- ops-heavy monorepo (issue 17's second shape) ----------------------------------


def build_ops(t):
    """An ops-heavy monorepo of 20,000 files: Markdown docs full of links, Kubernetes
    manifests with many `env` entries, CI workflows, shell scripts that export URLs,
    JSON data full of URLs, Terraform, Dockerfiles and compose files, a little source;
    a gateway setting in about 1 file in 250 (80 files)."""
    rng = t.rng
    n = {
        "md": t.n(4500), "k8s": t.n(6000), "wf": t.n(400), "sh": t.n(3000), "json": t.n(4000),
        "tf": t.n(800), "docker": t.n(200), "compose": t.n(100), "src": t.n(700), "envex": t.n(100), "misc": t.n(196),
    }
    # Which files carry a gateway value (80 in all at scale 1).
    gw = {k: t.chosen(n[k], t.n(v)) for k, v in {"md": 15, "k8s": 30, "wf": 8, "sh": 12, "envex": 8, "compose": 3}.items()}
    litellm_configs = t.n(4)
    # Files that name a catalog variable with another vendor's URL (no gateway).
    other_vendor = {"OPENAI_BASE_URL": "https://api.openai.com/v1", "ANTHROPIC_BASE_URL": "https://api.anthropic.com", "OPENAI_API_KEY": "${OPENAI_API_KEY}"}
    teams = c.NAMES[:12]
    services = [f"{a}-{b}" for a in c.NAMES for b in ("api", "worker", "web")]
    md_pool = c.md_blocks(rng, t.pool(3000))
    json_pool = [json.dumps(c.json_records(rng, rng.randrange(8, 120)), indent=2) + "\n" for _ in range(t.pool(300))]
    sh_pool = c.shell_pool(rng, t.pool(300), 1000, 12000, exports=0.2, urls=True)
    t.write(".gitignore", ".env\n.env.local\n*.tfstate\n.terraform/\nnode_modules/\n")
    t.write("README.md", c.md_doc(rng, md_pool, 8000))

    for i in range(n["md"]):
        rel = f"docs/{rng.choice(teams)}/{c.slug(rng, 1)}/{c.slug(rng, 2)}-{i}.md"
        body = c.md_doc(rng, md_pool, rng.randrange(3000, 18000), front_matter=rng.random() < 0.3)
        if i in gw["md"]:
            body += c.md_gateway_section(rng, t.tally, rel)
        t.write(rel, body)

    for i in range(n["k8s"]):
        svc = services[i % len(services)]
        env = ["base", "dev", "staging", "prod"][(i // len(services)) % 4]
        kind = ["deployment", "configmap", "service", "ingress", "deployment", "deployment"][i % 6]
        rel = f"deploy/{rng.choice(teams)}/{svc}/overlays/{env}/{kind}-{i}.yaml"
        extra = []
        if i in gw["k8s"]:
            extra.append(t.tally.env_pair(rng, rel))
        elif rng.random() < 0.04:
            name = rng.choice(list(other_vendor))
            extra.append((name, other_vendor[name]))
        if kind == "deployment":
            body = c.k8s_deployment(rng, svc, f"{svc.split('-')[0]}-{env}", rng.randrange(20, 80), extra)
            if rng.random() < 0.5:
                body += "---\n" + c.k8s_service(rng, svc, env)
        elif kind == "configmap":
            body = c.k8s_configmap(rng, svc, env, rng.randrange(10, 60), extra)
        elif kind == "service":
            body = c.k8s_service(rng, svc, env)
            if extra:
                body += "---\n" + c.k8s_configmap(rng, svc, env, 5, extra)
        else:
            body = c.k8s_ingress(rng, svc, env)
            if extra:
                body += "---\n" + c.k8s_configmap(rng, svc, env, 5, extra)
        t.write(rel, body)
    for i in range(litellm_configs):
        rel = f"deploy/ai/litellm-{i}/config.yaml"
        models = []
        for m in range(rng.randrange(2, 6)):
            proto, shape = rng.choice([("openai", "v1"), ("anthropic", "root")])
            models.append(
                f"  - model_name: {proto}-{m}\n    litellm_params:\n      model: {proto}/{rng.choice(['gpt-4o-mini', 'claude-sonnet-4-5', 'gpt-5'])}\n"
                f"      api_base: {t.tally.value(rng, shape, rel)}\n      api_key: os.environ/CRAZYROUTER_API_KEY\n"
            )
        t.write(rel, "model_list:\n" + "".join(models) + "litellm_settings:\n  drop_params: true\n")

    for i in range(n["wf"]):
        rel = f".github/workflows/{c.slug(rng, 2)}-{i}.yml" if i < n["wf"] * 3 // 10 else f"services/{services[i % len(services)]}/.github/workflows/{c.slug(rng, 1)}-{i}.yml"
        extra = [t.tally.env_pair(rng, rel)] if i in gw["wf"] else []
        t.write(rel, c.workflow(rng, extra))

    for i in range(n["sh"]):
        rel = f"scripts/{rng.choice(teams)}/{c.slug(rng, 2)}-{i}.sh"
        body = c.pick(rng, sh_pool)
        if i in gw["sh"]:
            name, value = t.tally.env_pair(rng, rel)
            body = body.replace("set -euo pipefail\n", f'set -euo pipefail\n\nexport {name}="{value}"\n', 1)
        elif rng.random() < 0.03:
            body = body.replace("set -euo pipefail\n", 'set -euo pipefail\n\nexport OPENAI_BASE_URL="https://api.openai.com/v1"\n', 1)
        t.write(rel, body)

    for i in range(n["json"]):
        t.write(f"data/{rng.choice(['fixtures', 'snapshots', 'exports', 'seed'])}/{c.slug(rng, 1)}/{c.slug(rng, 2)}-{i}.json", c.pick(rng, json_pool))

    for i in range(n["tf"]):
        blocks = []
        for _ in range(rng.randrange(3, 15)):
            blocks.append(
                f'resource "{rng.choice(["aws_s3_bucket", "aws_iam_role", "google_storage_bucket", "kubernetes_namespace", "helm_release", "cloudflare_record"])}" "{c.word(rng)}_{i}" {{\n'
                f'  name   = "{c.slug(rng, 2)}"\n  source = "{c.url(rng)}"\n  tags = {{\n    team = "{rng.choice(teams)}"\n  }}\n}}\n\n'
            )
        t.write(f"terraform/{rng.choice(teams)}/{c.slug(rng, 1)}/main-{i}.tf", "".join(blocks))

    for i in range(n["docker"]):
        svc = services[i % len(services)]
        t.write(
            f"services/{svc}/Dockerfile" if i < len(services) else f"services/{svc}/docker/Dockerfile.{c.word(rng)}{i}",
            f"FROM {rng.choice(['python:3.12-slim', 'node:20-alpine', 'golang:1.23', 'debian:bookworm-slim'])}\nWORKDIR /app\nCOPY . .\n"
            f"ENV PORT={rng.choice([8080, 3000])} LOG_LEVEL=info\nRUN {rng.choice(['pip install -r requirements.txt', 'npm ci', 'go build ./...'])}\n"
            f"HEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1\nCMD [\"./run.sh\"]\n",
        )
    for i in range(n["compose"]):
        svcs = []
        for s in range(rng.randrange(2, 6)):
            env_lines = "".join(f"      {k}: {json.dumps(c.env_value(rng, k))}\n" for k in c.distinct_env_names(rng, rng.randrange(2, 10)))
            if i in gw["compose"] and s == 0:
                k, v = t.tally.env_pair(rng, f"stacks/{c.NAMES[i % len(c.NAMES)]}-{i}/docker-compose.yml")
                env_lines += f"      {k}: {v}\n"
            svcs.append(f"  {c.word(rng)}{s}:\n    image: {rng.choice(['postgres:16', 'redis:7', 'ghcr.io/acme/app:1.2.3', 'nginx:1.27'])}\n    environment:\n{env_lines}")
        t.write(f"stacks/{c.NAMES[i % len(c.NAMES)]}-{i}/docker-compose.yml", "services:\n" + "".join(svcs))
    src_pools = {lang: c.source_pool(rng, lang, t.pool(60), 1000, 10000, urls=0.05) for lang in ("py", "go", "ts")}
    for i in range(n["src"]):
        lang = ("py", "go", "ts")[i % 3]
        t.write(f"services/{services[i % len(services)]}/src/{c.word(rng)}_{i}.{lang}", c.pick(rng, src_pools[lang]))
    for i in range(n["envex"]):
        rel = f"services/{services[i % len(services)]}/.env.example"
        rel = rel if i < len(services) else f"services/{services[i % len(services)]}/config/{c.word(rng)}{i}.env.example"
        lines = [f"{k}={c.env_value(rng, k)}" for k in (rng.choice(c.ENV_NAMES) for _ in range(rng.randrange(4, 20)))]
        if i in gw["envex"]:
            name, value = t.tally.env_pair(rng, rel)
            lines.insert(rng.randrange(len(lines)), f"{name}={value}")
        t.write(rel, "\n".join(lines) + "\n")
    for i in range(n["misc"]):
        ext = rng.choice(["txt", "conf", "ini", "csv", "sql"])
        t.write(f"misc/{c.word(rng)}/{c.slug(rng, 2)}-{i}.{ext}", "\n".join(c.sentence(rng) for _ in range(rng.randrange(10, 200))) + "\n")
    t.commit()


# -- docs site -----------------------------------------------------------------------


def build_docs(t):
    """A Docusaurus docs site for an AI product: Markdown and MDX pages full of links,
    code blocks with settings (1 page in 40 sets a client up for the gateway, 1 in 15
    for another vendor), a translated copy, blog posts, images; node_modules/, build/
    and .docusaurus/ git-ignored."""
    rng = t.rng
    md_pool = c.md_blocks(rng, t.pool(2500))
    pages = t.n(4000)
    gw_pages = t.chosen(pages, pages // 40)
    t.write(".gitignore", "node_modules/\nbuild/\n.docusaurus/\n.cache-loader/\n")
    t.write("package.json", json.dumps({"name": "docs", "private": True, "scripts": {"start": "docusaurus start", "build": "docusaurus build"}, "dependencies": {"@docusaurus/core": "3.5.2", "react": "^18.3.1"}}, indent=2) + "\n")
    t.write("docusaurus.config.ts", f"export default {{\n  title: 'Acme AI',\n  url: 'https://docs.acme.example',\n  baseUrl: '/',\n  i18n: {{ defaultLocale: 'en', locales: ['en', 'zh-Hans'] }},\n  themeConfig: {{ navbar: {{ items: [{{ href: '{c.url(rng)}', label: 'GitHub' }}] }} }},\n}};\n")
    sections = ["getting-started", "guides", "api", "integrations", "clients", "deploy", "faq", "reference", "tutorials", "changelog"]
    for i in range(pages):
        mdx = i % 8 < 3
        rel = f"docs/{sections[i % len(sections)]}/{c.slug(rng, 1)}/{c.slug(rng, 2)}-{i}.{'mdx' if mdx else 'md'}"
        body = c.md_doc(rng, md_pool, rng.randrange(2000, 14000), front_matter=True, mdx=mdx)
        if i % 3 == 0:
            # A translated copy (the gateway section below is not translated yet).
            t.write(f"i18n/zh-Hans/docusaurus-plugin-content-docs/current/{rel[len('docs/'):]}", body.replace("# ", "# (zh) ", 1))
        if i in gw_pages:
            body += c.md_gateway_section(rng, t.tally, rel)
        elif i % 15 == 0:
            body += "\n## Other providers\n\n```bash\nexport OPENAI_BASE_URL=https://api.openai.com/v1\nexport ANTHROPIC_BASE_URL=https://api.anthropic.com\n```\n"
        t.write(rel, body)
    for i in range(t.n(400)):
        t.write(f"blog/2025-{i % 12 + 1:02}-{i % 28 + 1:02}-{c.slug(rng, 3)}.md", c.md_doc(rng, md_pool, rng.randrange(2000, 10000), front_matter=True))
    tsx = c.source_pool(rng, "tsx", t.pool(60), 800, 6000, urls=0.05)
    for i in range(t.n(200)):
        t.write(f"src/components/{c.word(rng).capitalize()}{i}/index.tsx", c.pick(rng, tsx))
    for i in range(t.n(800)):
        t.write(f"static/img/{c.slug(rng, 2)}-{i}.png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randrange(20000, 200000)))
    js = c.source_pool(rng, "js", t.pool(80), 1000, 30000, urls=0.05)
    for i in range(t.n(6000)):
        t.write(f"node_modules/{c.slug(rng, 1)}-{i // 20}/lib/{c.word(rng)}{i}.js", c.pick(rng, js))
    for i in range(t.n(2000)):
        t.write(f"build/{sections[i % len(sections)]}/{i}/index.html", "<!doctype html><html><body>" + c.md_doc(rng, md_pool, 6000) + "</body></html>\n")
    t.commit()


# -- Helm chart repository ---------------------------------------------------------------


def build_helm(t):
    """A Helm chart repository: 220 charts, each with Chart.yaml, a large values.yaml (env
    lists, ingress hosts, URLs), per-environment values, Go-templated manifests (not
    valid YAML until rendered), helpers, NOTES.txt, README; LLM-proxy charts hold
    gateway values in values.yaml."""
    rng = t.rng
    charts = [f"{a}-{b}" for a in c.NAMES for b in ("api", "worker", "ui", "operator", "exporter", "cron", "proxy", "db")][: t.n(220)]
    ai = {charts[i] for i in sorted(t.chosen(len(charts), t.n(6)))}
    md_pool = c.md_blocks(rng, t.pool(800))
    t.write("README.md", c.md_doc(rng, md_pool, 5000))
    t.write(".github/workflows/lint-test.yaml", c.workflow(rng))
    t.write(".github/workflows/release.yaml", c.workflow(rng))
    t.write("ct.yaml", "chart-dirs:\n  - charts\ntarget-branch: main\nvalidate-maintainers: false\n")
    for s in range(t.n(25)):
        t.write(f"scripts/{c.slug(rng, 2)}-{s}.sh", c.shell_script(rng, rng.randrange(1000, 6000), 0.1))
    tpl_names = ["deployment", "service", "ingress", "configmap", "hpa", "serviceaccount", "secret", "pdb", "networkpolicy"]
    for chart in charts:
        base = f"charts/{chart}"
        t.write(f"{base}/Chart.yaml", f"apiVersion: v2\nname: {chart}\ndescription: {c.sentence(rng)}\ntype: application\nversion: {rng.randrange(10)}.{rng.randrange(30)}.{rng.randrange(30)}\nappVersion: \"{rng.randrange(1, 5)}.{rng.randrange(20)}\"\nhome: {c.url(rng)}\nsources:\n  - https://github.com/acme/{chart}\nmaintainers:\n  - name: {rng.choice(c.NAMES)}\n    email: {rng.choice(c.NAMES)}@example.com\n")
        extra = []
        if chart in ai:
            rel = f"{base}/values.yaml"
            extra = [t.tally.env_pair(rng, rel) for _ in range(rng.randrange(1, 3))]
        env = c.k8s_env(rng, rng.randrange(10, 60), 2, extra)
        values = (
            f"replicaCount: {rng.randrange(1, 5)}\nimage:\n  repository: ghcr.io/acme/{chart}\n  pullPolicy: IfNotPresent\n  tag: \"\"\n"
            f"serviceAccount:\n  create: true\n  name: \"\"\nservice:\n  type: ClusterIP\n  port: 80\n"
            f"ingress:\n  enabled: false\n  className: nginx\n  hosts:\n    - host: {chart}.example.com\n      paths:\n        - path: /\n          pathType: Prefix\n"
            f"resources:\n  limits:\n    memory: {rng.randrange(128, 2048)}Mi\n  requests:\n    cpu: {rng.randrange(50, 500)}m\n"
            f"env:\n{env}"
            f"extraEnv: []\nconfig:\n" + "".join(f"  {c.word(rng)}{c.word(rng).capitalize()}: {c.yaml_str(c.url(rng, 0.5))}\n" for _ in range(rng.randrange(5, 40)))
        )
        if chart in ai:
            # A LiteLLM-style proxy config nested under the chart's values (not a top-level model_list).
            rel = f"{base}/values.yaml"
            values += "proxyConfig:\n  model_list:\n" + "".join(
                f"    - model_name: m{m}\n      litellm_params:\n        model: openai/gpt-4o-mini\n        api_base: {t.tally.value(rng, 'v1', rel)}\n" for m in range(rng.randrange(1, 4))
            )
        t.write(f"{base}/values.yaml", values)
        for env_name in rng.sample(["dev", "staging", "prod"], rng.randrange(1, 4)):
            t.write(f"{base}/values-{env_name}.yaml", f"replicaCount: {rng.randrange(1, 10)}\nenv:\n{c.k8s_env(rng, rng.randrange(2, 12), 2)}")
        for tpl in tpl_names[: rng.randrange(4, len(tpl_names) + 1)]:
            t.write(
                f"{base}/templates/{tpl}.yaml",
                f"{{{{- if .Values.{tpl}.enabled | default true }}}}\napiVersion: {'apps/v1' if tpl == 'deployment' else 'v1'}\nkind: {tpl.capitalize()}\nmetadata:\n"
                f"  name: {{{{ include \"{chart}.fullname\" . }}}}\n  labels:\n    {{{{- include \"{chart}.labels\" . | nindent 4 }}}}\nspec:\n"
                f"  {{{{- with .Values.{tpl} }}}}\n  {{{{- toYaml . | nindent 2 }}}}\n  {{{{- end }}}}\n"
                + (f"  template:\n    spec:\n      containers:\n        - name: {{{{ .Chart.Name }}}}\n          image: \"{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag | default .Chart.AppVersion }}}}\"\n          env:\n            {{{{- toYaml .Values.env | nindent 12 }}}}\n" if tpl == "deployment" else "")
                + "{{- end }}\n",
            )
        t.write(f"{base}/templates/_helpers.tpl", f'{{{{- define "{chart}.fullname" -}}}}\n{{{{- .Release.Name | trunc 63 | trimSuffix "-" }}}}\n{{{{- end }}}}\n\n{{{{- define "{chart}.labels" -}}}}\nhelm.sh/chart: {chart}\n{{{{- end }}}}\n')
        t.write(f"{base}/templates/NOTES.txt", f"1. Get the application URL by running:\n  kubectl port-forward svc/{{{{ include \"{chart}.fullname\" . }}}} 8080:80\n  open http://127.0.0.1:8080\n")
        t.write(f"{base}/templates/tests/test-connection.yaml", f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"{{{{ include \"{chart}.fullname\" . }}}}-test\"\n  annotations:\n    \"helm.sh/hook\": test\nspec:\n  containers:\n    - name: wget\n      image: busybox\n      command: ['wget']\n      args: ['{{{{ include \"{chart}.fullname\" . }}}}:80']\n  restartPolicy: Never\n")
        t.write(f"{base}/README.md", c.md_doc(rng, md_pool, rng.randrange(2000, 12000)))
        t.write(f"{base}/.helmignore", ".DS_Store\n.git/\n*.swp\n*.bak\n*.tmp\n.vscode/\n")
        t.write(f"{base}/ci/ci-values.yaml", f"ingress:\n  enabled: true\nreplicaCount: 1\n")
    t.commit()


# -- dotfiles repository ---------------------------------------------------------------


def build_dotfiles(t):
    """A dotfiles repository: shell rc files (a few export gateway settings), a
    vendored zsh plugin framework (about 1,400 shell files), .config/ for nvim, fish,
    kitty, alacritty, git, zed, goose; Claude Code and Codex settings; bin/ scripts."""
    rng = t.rng
    def rc(extra_lines, size):
        body = c.shell_script(rng, size, exports=0.1).replace("#!/usr/bin/env bash\n", "")
        body = body.replace('trap \'rm -rf "$tmp"\' EXIT\n', 'trap \'rm -rf "$tmp"\' EXIT\n\n' + "".join(extra_lines), 1)
        return body
    gw_exports = []
    for _ in range(2):
        name, value = t.tally.env_pair(rng, ".exports")
        gw_exports.append(f'export {name}="{value}"\n')
    gw_exports.append("export CRAZYROUTER_API_KEY=\"$(pass show ai/crazyrouter)\"\n")
    t.write(".exports", rc(gw_exports + ["export EDITOR=nvim\nexport PAGER=less\n"], 3000))
    for f in (".bashrc", ".bash_profile", ".zshrc", ".zshenv", ".profile", ".aliases", ".functions"):
        t.write(f, rc(["[ -f ~/.exports ] && . ~/.exports\n"], rng.randrange(1500, 9000)))
    t.write(".gitconfig", f"[user]\n  name = Bench User\n  email = bench@example.invalid\n[url \"git@github.com:\"]\n  insteadOf = https://github.com/\n[init]\n  defaultBranch = main\n")
    t.write(".tmux.conf", "".join(f"set -g {c.word(rng)}-{c.word(rng)} {rng.choice(['on', 'off', '50000', 'vi'])}\n" for _ in range(80)))
    t.write(".claude/settings.json", json.dumps({"env": {"ANTHROPIC_BASE_URL": t.tally.value(rng, "root", ".claude/settings.json"), "ANTHROPIC_AUTH_TOKEN": "${CRAZYROUTER_API_KEY}"}, "permissions": {"allow": ["Bash(git status)", "Bash(npm test)"]}}, indent=2) + "\n")
    t.write(".codex/config.toml", f'model = "gpt-5-codex"\nmodel_provider = "crazyrouter"\n\n[model_providers.crazyrouter]\nname = "Crazyrouter"\nbase_url = "{t.tally.value(rng, "v1", ".codex/config.toml")}"\nenv_key = "CRAZYROUTER_API_KEY"\nwire_api = "responses"\n')
    name, value = t.tally.env_pair(rng, ".config/fish/conf.d/ai.fish")
    t.write(".config/fish/conf.d/ai.fish", f"set -gx {name} {value}\nset -gx EDITOR nvim\n")
    t.write(".config/fish/config.fish", "".join(f"abbr -a {c.word(rng)[:3]}{i} '{c.word(rng)} {c.slug(rng)}'\n" for i in range(120)))
    for i in range(t.n(120)):
        t.write(f".config/fish/functions/{c.word(rng)}_{i}.fish", f"function {c.word(rng)}_{i} --description '{c.sentence(rng)}'\n    " + "\n    ".join(f"{c.word(rng)} {c.slug(rng)}" for _ in range(rng.randrange(3, 30))) + "\nend\n")
    t.write(".config/zed/settings.json", json.dumps({"theme": "One Dark", "buffer_font_size": 14, "language_models": {"openai": {"api_url": t.tally.value(rng, "v1", ".config/zed/settings.json")}}}, indent=2) + "\n")
    t.write(".config/goose/config.yaml", f"GOOSE_PROVIDER: openai\nGOOSE_MODEL: gpt-4o\nOPENAI_HOST: {t.tally.value(rng, 'root', '.config/goose/config.yaml')}\nOPENAI_BASE_PATH: v1/chat/completions\n")
    lua = c.source_pool(rng, "ts", t.pool(50), 500, 6000, urls=0.05)
    for i in range(t.n(180)):
        t.write(f".config/nvim/lua/{rng.choice(['plugins', 'config', 'lsp', 'ui'])}/{c.word(rng)}_{i}.lua", "-- " + c.pick(rng, lua).replace("// ", "-- "))
    t.write(".config/nvim/init.lua", 'require("config.options")\nrequire("config.lazy")\n')
    t.write(".config/kitty/kitty.conf", "".join(f"{c.word(rng)}_{c.word(rng)} {rng.randrange(100)}\n" for _ in range(300)))
    t.write(".config/alacritty/alacritty.toml", "[font]\nsize = 13.0\n[window]\nopacity = 0.95\n")
    t.write(".config/starship.toml", "".join(f"[{c.word(rng)}]\nformat = \"[$symbol]($style)\"\ndisabled = {rng.choice(['true', 'false'])}\n\n" for _ in range(40)))
    t.write(".config/karabiner/karabiner.json", json.dumps({"profiles": [{"name": c.word(rng), "rules": [{"description": c.sentence(rng), "manipulators": [{"from": {"key_code": c.word(rng)}, "to": [{"key_code": c.word(rng)}]} for _ in range(20)]} for _ in range(60)]}]}, indent=2) + "\n")
    sh_pool = c.shell_pool(rng, t.pool(120), 500, 10000, exports=0.02)
    for i in range(t.n(80)):
        t.write(f"bin/{c.slug(rng, 2)}-{i}.sh", c.pick(rng, sh_pool))
    t.write("install.sh", c.shell_script(rng, 8000, exports=0.05))
    t.write("Brewfile", "".join(f'brew "{c.word(rng)}-{i}"\n' for i in range(150)))
    zsh_pool = c.shell_pool(rng, t.pool(200), 300, 9000, exports=0.01)
    plugins = [f"{c.word(rng)}-{i}" for i in range(t.n(300))]
    for i in range(t.n(1200)):
        p = plugins[i % len(plugins)]
        ext = "plugin.zsh" if i < len(plugins) else rng.choice(["zsh", "zsh", "sh"])
        t.write(f".oh-my-zsh/plugins/{p}/{p if ext == 'plugin.zsh' else c.word(rng) + str(i)}.{ext}", c.pick(rng, zsh_pool))
    for i in range(t.n(150)):
        t.write(f".oh-my-zsh/themes/{c.word(rng)}{i}.zsh-theme", c.pick(rng, zsh_pool)[:2000])
    md_pool = c.md_blocks(rng, t.pool(300))
    for i in range(t.n(150)):
        t.write(f".oh-my-zsh/plugins/{plugins[i % len(plugins)]}/README.md", c.md_doc(rng, md_pool, rng.randrange(800, 5000)))
    t.write("README.md", c.md_doc(rng, md_pool, 4000))
    t.commit()


# -- home directory ---------------------------------------------------------------


def build_home(t):
    """A developer's home directory, not a git repository (no .gitignore at the top):
    shell rc files, ~/.claude (settings, long JSONL transcripts, todos, shell
    snapshots), ~/.codex (config, session logs), ~/.config/*, caches (pip, npm's
    cacache: binary), ~/.cargo/registry sources, ~/.local site-packages, a VS Code
    server's extensions, ~/.nvm's node_modules, and a dozen projects that are git
    repositories with their own .gitignore, node_modules/ and .env files."""
    rng = t.rng
    md_pool = c.md_blocks(rng, t.pool(800))
    name, value = t.tally.env_pair(rng, ".bashrc")
    t.write(".bashrc", c.shell_script(rng, 6000, 0.05).replace("#!/usr/bin/env bash\n", "").replace("set -euo pipefail\n", f'export {name}="{value}"\nexport CRAZYROUTER_API_KEY="$(cat ~/.secrets/cr)"\n', 1))
    for f in (".profile", ".bash_profile", ".zshrc"):
        t.write(f, c.shell_script(rng, rng.randrange(800, 5000), 0.05).replace("#!/usr/bin/env bash\n", ""))
    t.write(".gitconfig", "[user]\n  name = Bench User\n  email = bench@example.invalid\n")
    t.write(".claude/settings.json", json.dumps({"env": {"ANTHROPIC_BASE_URL": t.tally.value(rng, "root", ".claude/settings.json"), "ANTHROPIC_AUTH_TOKEN": "${CRAZYROUTER_API_KEY}"}, "model": "sonnet"}, indent=2) + "\n")
    t.write(".claude.json", json.dumps({"numStartups": 412, "projects": {f"/home/me/src/p{i}": {"allowedTools": [], "history": [{"display": c.sentence(rng)} for _ in range(30)]} for i in range(40)}}, indent=2) + "\n")
    # Transcripts: JSON lines of a conversation; some discuss the gateway (not a setting).
    transcripts = t.n(200)
    talk = t.chosen(transcripts, t.n(30))
    for i in range(transcripts):
        lines = []
        for j in range(rng.randrange(40, 600)):
            text = " ".join(c.sentence(rng) for _ in range(rng.randrange(1, 8)))
            if rng.random() < 0.2:
                text += " " + c.url(rng)
            lines.append(json.dumps({"type": rng.choice(["user", "assistant"]), "uuid": f"{i:04}-{j:05}", "message": {"content": text}}))
        if i in talk:
            rel = f".claude/projects/-home-me-src-p{i % 12}/{i:08x}-transcript.jsonl"
            lines.insert(rng.randrange(len(lines)), json.dumps({"type": "user", "message": {"content": f"set ANTHROPIC_BASE_URL to {t.tally.value(rng, 'root', rel)} please"}}))
        t.write(f".claude/projects/-home-me-src-p{i % 12}/{i:08x}-transcript.jsonl", "\n".join(lines) + "\n")
    for i in range(t.n(300)):
        t.write(f".claude/todos/{i:08x}-agent.json", json.dumps([{"content": c.sentence(rng), "status": rng.choice(["pending", "completed"])} for _ in range(rng.randrange(0, 8))]) + "\n")
    # Shell snapshots: .sh files Claude Code writes (functions, aliases, exports).
    snaps = t.n(150)
    snap_gw = t.chosen(snaps, t.n(20))
    snap_pool = c.shell_pool(rng, t.pool(30), 8000, 40000, exports=0.05)
    for i in range(snaps):
        rel = f".claude/shell-snapshots/snapshot-bash-{1700000000000 + i * 7919}-{i:06x}.sh"
        body = c.pick(rng, snap_pool)
        if i in snap_gw:
            n2, v2 = t.tally.env_pair(rng, rel)
            body = f"export {n2}={v2}\n" + body
        t.write(rel, body)
    t.write(".codex/config.toml", f'model = "gpt-5-codex"\nmodel_provider = "crazyrouter"\n\n[model_providers.crazyrouter]\nname = "Crazyrouter"\nbase_url = "{t.tally.value(rng, "v1", ".codex/config.toml")}"\nenv_key = "CRAZYROUTER_API_KEY"\nwire_api = "responses"\n')
    for i in range(t.n(150)):
        t.write(f".codex/sessions/2025/{i % 12 + 1:02}/{i % 28 + 1:02}/rollout-{i:06}.jsonl", "\n".join(json.dumps({"type": "message", "content": c.sentence(rng) + " " + c.url(rng)}) for _ in range(rng.randrange(20, 400))) + "\n")
    t.write(".codex/log/codex-tui.log", "".join(f"2025-10-{d:02}T10:00:00Z INFO {c.sentence(rng)} {c.url(rng)}\n" for d in range(1, 29) for _ in range(200)))
    name, value = t.tally.env_pair(rng, ".config/fish/config.fish")
    t.write(".config/fish/config.fish", f"set -gx {name} {value}\n" + "".join(f"abbr -a g{i} 'git {c.word(rng)}'\n" for i in range(60)))
    t.write(".config/gh/hosts.yml", "github.com:\n    user: bench\n    git_protocol: ssh\n")
    t.write(".config/Code/User/settings.json", json.dumps({f"{c.word(rng)}.{c.word(rng)}": rng.choice([True, False, c.url(rng), 12]) for _ in range(120)}, indent=2) + "\n")
    for i in range(t.n(60)):
        t.write(f".config/{c.word(rng)}{i}/{rng.choice(['config', 'settings.ini', 'prefs.json', 'state.yaml'])}", "\n".join(f"{c.word(rng)} = {c.slug(rng)}" for _ in range(rng.randrange(5, 80))) + "\n")
    rs = c.source_pool(rng, "rs", t.pool(200), 2000, 40000, urls=0.03)
    crates = [f"{c.word(rng)}-{c.word(rng)}-{rng.randrange(10)}.{rng.randrange(30)}.{rng.randrange(10)}" for _ in range(t.n(400))]
    for i in range(t.n(12000)):
        t.write(f".cargo/registry/src/index.crates.io-6f17d22bba15001f/{crates[i % len(crates)]}/src/{c.word(rng)}_{i}.rs", c.pick(rng, rs))
    py = c.source_pool(rng, "py", t.pool(200), 1000, 25000, urls=0.03)
    for i in range(t.n(8000)):
        t.write(f".local/lib/python3.11/site-packages/{c.word(rng)}{i // 40}/{c.word(rng)}_{i}.py", c.pick(rng, py))
    for i in range(t.n(3000)):
        h = f"{rng.getrandbits(128):032x}"
        t.write(f".npm/_cacache/content-v2/sha512/{h[:2]}/{h[2:4]}/{h[4:]}", b"\x1f\x8b\x08\x00" + rng.randbytes(rng.randrange(1000, 120000)))
        t.write(f".npm/_cacache/index-v5/{h[4:6]}/{h[6:8]}/{h[8:]}", json.dumps({"key": f"make-fetch-happen:request-cache:https://registry.npmjs.org/{c.word(rng)}/-/{c.word(rng)}-1.0.{i}.tgz", "integrity": "sha512-" + h, "time": 1700000000000 + i}) + "\n")
    for i in range(t.n(1000)):
        t.write(f".cache/pip/http-v2/{i % 16:x}/{i % 7:x}/{rng.getrandbits(96):024x}.body", rng.randbytes(rng.randrange(2000, 80000)))
    js = c.source_pool(rng, "js", t.pool(150), 1000, 60000, urls=0.04)
    for i in range(t.n(4000)):
        ext = f".vscode-server/extensions/{c.word(rng)}.{c.word(rng)}-{i // 100}.{rng.randrange(9)}.0"
        if i % 50 == 0:
            t.write(f"{ext}/package.json", json.dumps({"name": c.word(rng), "version": "1.0.0", "repository": {"url": c.url(rng)}}, indent=2) + "\n")
        elif i % 20 == 0:
            t.write(f"{ext}/README.md", c.md_doc(rng, md_pool, rng.randrange(2000, 20000)))
        else:
            t.write(f"{ext}/dist/{c.word(rng)}{i}.js", c.pick(rng, js))
    for i in range(t.n(5000)):
        t.write(f".nvm/versions/node/v20.18.0/lib/node_modules/npm/node_modules/{c.word(rng)}-{i // 25}/lib/{c.word(rng)}{i}.js", c.pick(rng, js))
    # Projects: git repositories with their own ignores.
    projects = t.n(12)
    ts = c.source_pool(rng, "ts", t.pool(100), 1000, 12000, urls=0.05)
    for p in range(projects):
        base = f"src/p{p}"
        t.write(f"{base}/.gitignore", "node_modules/\ndist/\n.env\n")
        t.write(f"{base}/package.json", json.dumps({"name": f"p{p}", "version": "0.1.0", "scripts": {"dev": "vite", "test": "vitest"}}, indent=2) + "\n")
        t.write(f"{base}/README.md", c.md_doc(rng, md_pool, 4000))
        for i in range(t.n(200)):
            t.write(f"{base}/src/{c.word(rng)}/{c.word(rng)}_{i}.ts", c.pick(rng, ts))
        for i in range(t.n(1000)):
            t.write(f"{base}/node_modules/{c.word(rng)}-{i // 20}/index.js", c.pick(rng, js)[:8000])
        if p % 3 == 0:
            rel = f"{base}/.env"
            name, value = t.tally.env_pair(rng, rel)
            t.write(rel, f"{name}={value}\nCRAZYROUTER_API_KEY={c.fake_key(rng)}\nDEBUG=1\n")
        if p % 4 == 0:
            rel = f"{base}/.claude/settings.local.json"
            t.write(rel, json.dumps({"env": {"ANTHROPIC_BASE_URL": t.tally.value(rng, "root", rel)}}, indent=2) + "\n")
        t.commit(base)
    for i in range(t.n(60)):
        t.write(f"Downloads/{c.slug(rng, 2)}-{i}.{rng.choice(['pdf', 'zip', 'tar.gz', 'deb'])}", rng.randbytes(rng.randrange(50000, 2000000)))


# -- ten-file repository ---------------------------------------------------------------


def build_ten(t):
    """A ten-file repository: three configs with mistakes (copied from fixtures/), a
    .gitignore, six small Python files; the pre-commit case."""
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for src, dst in ((".claude/settings.json", ".claude/settings.json"), (".codex/config.toml", ".codex/config.toml")):
        with open(os.path.join(repo, "fixtures/demo", src)) as f:
            body = f.read()
        t.write(dst, body)
    with open(os.path.join(repo, "fixtures/dotenv/bad/shapes/.env")) as f:
        t.write(".env", f.read())
    t.write(".gitignore", ".env\n")
    for i in range(1, 7):
        t.write(f"src/m{i}.py", f"print({i})\n")
    # The values come from fixtures: counted by the scan (bench_tree.py stats), not here.
    t.tally = None
    t.commit()


# -- pathological single files -------------------------------------------------------

ONE_LINE_FINDINGS = 5000
ARRAY_ITEMS = 2_000_000


def build_pathological(t):
    """Single files, each in a directory of its own laid out like the real file:
    one line with 5,000 findings (a Markdown line of console-host API URLs), and
    4 MB files of 2M array items in JSON, TOML and YAML (a Claude Code settings
    file, a Codex config, a Continue config, and a YAML file only the broad
    `**/*.yaml` patterns claim), each with one gateway value; all under crlint's
    4 MiB `max-file-size`."""
    urls = ", ".join(f"https://crazyrouter.com/v1/chat/completions?n={i}" for i in range(ONE_LINE_FINDINGS))
    t.write("one-line/README.md", f"# Endpoints\n\nOld guides: {urls}\n")
    for _ in range(ONE_LINE_FINDINGS):
        t.tally.count("wrong", "one-line/README.md")
    items = ",".join("0" * ARRAY_ITEMS)
    t.write("array-json/.claude/settings.json", '{"env": {"ANTHROPIC_BASE_URL": "https://api.crazyrouter.com/v1"}, "x": [' + items + "]}\n")
    t.write("array-toml/.codex/config.toml", 'model_provider = "crazyrouter"\nx = [' + items + ']\n\n[model_providers.crazyrouter]\nname = "Crazyrouter"\nbase_url = "https://crazyrouter.com"\nenv_key = "CRAZYROUTER_API_KEY"\n')
    t.write("array-yaml/.continue/config.yaml", "models:\n  - name: m\n    provider: openai\n    model: gpt-4o\n    apiBase: https://api.crazyrouter.com\nx: [" + items + "]\n")
    t.write("array-yaml-broad/deploy/big.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  OPENAI_BASE_URL: https://api.crazyrouter.com\nx: [" + items + "]\n")
    for _ in range(4):
        t.tally.count("wrong")


# name -> (version, builder, one-line description)
SHAPES = {
    "monorepo": ("2", build_monorepo, "JS/Python/Rust monorepo, 100k files, 1.4 GB, 500 configs, data dumps and binaries (the original tree)"),
    "source-scripts": ("1", build_source_scripts, "source tree of 30,000 files, 1 in 10 a plain shell script, no gateway"),
    "ops": ("2", build_ops, "ops-heavy monorepo of 20,000 files: docs, k8s, CI, scripts, JSON data; gateway in 1 file in 250"),
    "docs": ("1", build_docs, "Docusaurus site: Markdown/MDX pages full of links and code blocks, translations, images"),
    "helm": ("2", build_helm, "Helm chart repository: 220 charts, values.yaml and Go-templated manifests"),
    "dotfiles": ("1", build_dotfiles, "dotfiles repository: shell rc files, vendored zsh plugins, .config/*"),
    "home": ("1", build_home, "home directory (no .gitignore): ~/.claude, ~/.codex, ~/.config, caches, cargo/pip/npm, projects"),
    "ten": ("1", build_ten, "ten-file repository (the pre-commit case)"),
    "pathological": ("1", build_pathological, "single files: one line of 5,000 findings; 4 MB of 2M array items in JSON, TOML, YAML"),
}


def build(shape, root, scale=1.0):
    version, builder, _ = SHAPES[shape]
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    seed = 17_000 + sorted(SHAPES).index(shape)
    t = Tree(root, seed, scale)
    builder(t)
    return t.tally.as_dict() if t.tally is not None else None
