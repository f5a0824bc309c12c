"""Realistic file contents for the benchmark trees (scripts/bench_shapes.py).

Everything here is drawn from one `random.Random` handed in by the caller, so a
tree is the same bytes on every run. Gateway values are written only through
`Tally.value` (or `Tally.count` for a fixed string), which counts them by
kind: `right` (the shape the reading client wants), `wrong` (console host as an
API base, `http://`, a missing or doubled `/v1`), `lookalike` (a host one or two
edits from a gateway host, or one that carries the brand: what CR205 is for).
Decoy hosts (openrouter.ai, hub.docker.com, twitter.com, lazyrouter.io, ...)
share pieces of the gateway's names without being look-alikes; they are not
gateway values.
"""

import json
import random

# -- gateway values ----------------------------------------------------------

API_HOSTS = ["api.crazyrouter.com", "cn.crazyrouter.com"]
CONSOLE_HOSTS = ["crazyrouter.com", "www.crazyrouter.com"]
# One or two edits from a gateway host, or branded: CR205 material.
LOOKALIKE_HOSTS = [
    "api.crazyruter.com",
    "api.crazyrouter.co",
    "api.crazy-router.com",
    "api-crazyrouter.com",
    "api.crazyrouters.com",
    "cn.crazyrouter.net",
]
GATEWAY_HOSTS = API_HOSTS + CONSOLE_HOSTS + LOOKALIKE_HOSTS

# Environment variables by the shape their readers want (see rules/env.toml).
ROOT_VARS = ["ANTHROPIC_BASE_URL", "GOOGLE_GEMINI_BASE_URL"]
V1_VARS = ["OPENAI_BASE_URL", "OPENAI_API_BASE"]


class Tally:
    """Counts the gateway values a generator writes, by kind."""

    def __init__(self):
        self.right = 0
        self.wrong = 0
        self.lookalike = 0
        self.files = set()

    def count(self, kind, path=None):
        setattr(self, kind, getattr(self, kind) + 1)
        if path is not None:
            self.files.add(path)

    def value(self, rng, shape, path=None, p_wrong=0.3, p_lookalike=0.1):
        """A gateway base URL for a reader that wants `shape` (root, v1, full,
        console-link), right or wrong or a look-alike, counted."""
        host = rng.choice(API_HOSTS) if rng.random() < 0.3 else API_HOSTS[0]
        r = rng.random()
        if shape == "console-link":
            # A link to the console in prose is right: it is not an API base.
            url = f"https://{rng.choice(CONSOLE_HOSTS)}/{rng.choice(['pricing', 'console/token', 'docs', 'register', 'topup'])}"
            kind = "right"
        elif r < p_lookalike:
            look = rng.choice(LOOKALIKE_HOSTS)
            url = {"root": f"https://{look}", "v1": f"https://{look}/v1", "full": f"https://{look}/v1/chat/completions"}[shape]
            kind = "lookalike"
        elif r < p_lookalike + p_wrong:
            url = rng.choice(
                {
                    "root": [f"https://{host}/v1", "https://crazyrouter.com", f"http://{host}", f"https://{host}/v1/"],
                    "v1": [f"https://{host}", "https://crazyrouter.com/v1", f"http://{host}/v1", f"https://{host}/v1/v1"],
                    "full": [f"https://{host}/chat/completions", "https://crazyrouter.com/v1/chat/completions", f"https://{host}/v1/v1/chat/completions"],
                }[shape]
            )
            kind = "wrong"
        else:
            url = {"root": f"https://{host}", "v1": f"https://{host}/v1", "full": f"https://{host}/v1/{rng.choice(['chat/completions', 'messages', 'embeddings', 'models', 'responses'])}"}[shape]
            kind = "right"
        self.count(kind, path)
        return url

    def env_pair(self, rng, path=None, **kw):
        """(VARIABLE, value) of a gateway base URL, the value right for the variable or not."""
        if rng.random() < 0.5:
            name = rng.choice(ROOT_VARS)
            return name, self.value(rng, "root", path, **kw)
        name = rng.choice(V1_VARS)
        return name, self.value(rng, "v1", path, **kw)

    def as_dict(self):
        return {"right": self.right, "wrong": self.wrong, "lookalike": self.lookalike, "files": len(self.files)}


def fake_key(rng):
    """Obviously fake, in the gateway key format: sk- + 48 of [0-9A-Za-z]."""
    return "sk-" + "FAKEBENCHKEY" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(36))


# -- vocabulary ----------------------------------------------------------------

WORDS = (
    "the a an of to in for on with by from as at into over under about after before between through "
    "service cluster request response client server handler router model token stream buffer error result "
    "deploy release config setting value default option flag feature build test pipeline job step cache "
    "database query index schema migration table column user account session auth login permission role "
    "network proxy gateway ingress egress port host domain endpoint route path header body payload "
    "retry timeout backoff limit quota rate metric trace log event alert dashboard monitor health probe "
    "node pod container image volume secret namespace label annotation selector replica rollout "
    "simple fast reliable secure scalable optional required deprecated stable beta experimental "
    "install configure run start stop restart update upgrade remove enable disable verify check ensure "
    "when if then because while although unless so that which this each every some many most few"
).split()

NAMES = (
    "auth billing catalog checkout search notify payments orders inventory ledger gateway frontend "
    "backend worker scheduler reporter ingest export analytics profile media storage mailer webhook "
    "identity pricing shipping reviews recommend feed chat graph tenant audit"
).split()

# Hosts that are not the gateway, weighted by how often real files name them.
HOSTS = (
    ["github.com"] * 12
    + ["raw.githubusercontent.com"] * 3
    + ["api.github.com"] * 3
    + ["docs.python.org", "pypi.org", "registry.npmjs.org", "www.npmjs.com", "crates.io", "docs.rs"] * 2
    + ["kubernetes.io", "helm.sh", "prometheus.io", "grafana.com", "opentelemetry.io", "www.terraform.io"] * 2
    + ["api.openai.com", "api.anthropic.com", "generativelanguage.googleapis.com", "platform.openai.com"] * 2
    + ["docs.anthropic.com", "console.anthropic.com", "huggingface.co", "ollama.com"]
    + ["storage.googleapis.com", "s3.amazonaws.com", "s3.eu-west-1.amazonaws.com", "cdn.jsdelivr.net", "unpkg.com"]
    + ["en.wikipedia.org", "stackoverflow.com", "developer.mozilla.org", "example.com", "www.example.org"] * 2
    + ["gitlab.com", "bitbucket.org", "sentry.io", "o4504.ingest.sentry.io", "hooks.slack.com", "discord.com"]
    + ["quay.io", "ghcr.io", "gcr.io", "mcr.microsoft.com", "registry.k8s.io"]
    # decoys: they share pieces of the gateway's names (route, r.com, crazy) and are not look-alikes
    + ["openrouter.ai", "hub.docker.com", "docs.docker.com", "twitter.com", "router.example.com"]
    + ["lazyrouter.io", "crazygames.com", "traefik.io", "router.vuejs.org", "reactrouter.com", "tanstack.com"]
)
INTERNAL_HOSTS = [
    "{n}.{ns}.svc.cluster.local",
    "{n}-svc.{ns}.svc.cluster.local:8080",
    "localhost:{port}",
    "127.0.0.1:{port}",
    "{n}.internal.example.com",
    "{n}-{env}.example.net",
]
ENVS = ["dev", "staging", "prod", "qa", "canary"]


def word(rng):
    return rng.choice(WORDS)


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def sentence(rng):
    s = words(rng, rng.randrange(6, 18))
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?", ":"])


def slug(rng, n=None):
    return "-".join(rng.choice(WORDS) for _ in range(n or rng.randrange(1, 4)))


def url(rng, internal=0.0):
    if rng.random() < internal:
        host = rng.choice(INTERNAL_HOSTS).format(
            n=rng.choice(NAMES), ns=rng.choice(NAMES), port=rng.choice([3000, 4317, 5432, 6379, 8000, 8080, 9090, 9200]), env=rng.choice(ENVS)
        )
        scheme = "http"
    else:
        host = rng.choice(HOSTS)
        scheme = "https"
    path = "/".join(slug(rng, 1) for _ in range(rng.randrange(0, 5)))
    u = f"{scheme}://{host}/{path}"
    if rng.random() < 0.15:
        u += f"?{word(rng)}={rng.randrange(1000)}&ref={word(rng)}"
    elif rng.random() < 0.1:
        u += f"#{slug(rng)}"
    return u


# -- Markdown ------------------------------------------------------------------


def md_paragraph(rng, link_every=12):
    out = []
    for _ in range(rng.randrange(2, 6)):
        s = sentence(rng)
        if rng.randrange(link_every) < 6:
            parts = s.split(" ")
            i = rng.randrange(len(parts))
            parts[i] = f"[{parts[i]}]({url(rng)})"
            s = " ".join(parts)
        if rng.random() < 0.15:
            s += f" See `{slug(rng)}`."
        out.append(s)
    return " ".join(out) + "\n"


def code_block(rng):
    kind = rng.choice(["bash", "bash", "yaml", "json", "python", "ts", "toml", "text"])
    if kind == "bash":
        lines = []
        for _ in range(rng.randrange(2, 8)):
            r = rng.random()
            if r < 0.3:
                lines.append(f"export {rng.choice(NAMES).upper()}_URL={url(rng, 0.3)}")
            elif r < 0.55:
                lines.append(f'curl -sS {url(rng)} -H "Authorization: Bearer $TOKEN"')
            elif r < 0.75:
                lines.append(f"{rng.choice(['npm', 'pip', 'cargo', 'brew', 'apt-get'])} install {slug(rng, 1)}")
            else:
                lines.append(f"{rng.choice(['kubectl', 'helm', 'docker', 'git'])} {word(rng)} {slug(rng)}")
        body = "\n".join(lines)
    elif kind == "yaml":
        body = "\n".join(f"{word(rng)}_{word(rng)}: {rng.choice([url(rng, 0.4), str(rng.randrange(100)), 'true', slug(rng)])}" for _ in range(rng.randrange(2, 8)))
    elif kind == "json":
        body = json.dumps({f"{word(rng)}{word(rng).capitalize()}": rng.choice([url(rng), rng.randrange(100), True, slug(rng)]) for _ in range(rng.randrange(2, 6))}, indent=2)
    elif kind == "python":
        body = f"import {rng.choice(['requests', 'httpx', 'os', 'json'])}\n\nresp = requests.get(\"{url(rng)}\", timeout=10)\nprint(resp.json()[\"{word(rng)}\"])"
    elif kind == "ts":
        body = f"const res = await fetch(\"{url(rng)}\");\nconst data = await res.json();\nconsole.log(data.{word(rng)});"
    elif kind == "toml":
        body = f'[{word(rng)}]\nurl = "{url(rng)}"\n{word(rng)} = {rng.randrange(100)}'
    else:
        body = "\n".join(words(rng, rng.randrange(4, 10)) for _ in range(rng.randrange(1, 4)))
    return f"```{kind}\n{body}\n```\n"


def md_table(rng):
    cols = rng.randrange(2, 5)
    head = "| " + " | ".join(word(rng).capitalize() for _ in range(cols)) + " |\n"
    sep = "|" + "---|" * cols + "\n"
    rows = "".join("| " + " | ".join(rng.choice([word(rng), f"[{word(rng)}]({url(rng)})", f"`{slug(rng)}`", str(rng.randrange(1000))]) for _ in range(cols)) + " |\n" for _ in range(rng.randrange(2, 8)))
    return head + sep + rows


def md_list(rng):
    return "".join(f"- [{words(rng, rng.randrange(1, 4))}]({url(rng)})\n" if rng.random() < 0.6 else f"- {sentence(rng)}\n" for _ in range(rng.randrange(3, 10)))


def md_blocks(rng, n):
    """A pool of Markdown blocks to compose documents from."""
    pool = []
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            pool.append(md_paragraph(rng))
        elif r < 0.7:
            pool.append(md_list(rng))
        elif r < 0.9:
            pool.append(code_block(rng))
        else:
            pool.append(md_table(rng))
    return pool


def md_doc(rng, pool, size, front_matter=False, mdx=False):
    parts = []
    title = words(rng, rng.randrange(2, 6)).capitalize()
    if front_matter:
        parts.append(f"---\ntitle: {title}\nsidebar_position: {rng.randrange(1, 40)}\ndescription: {sentence(rng)}\n---\n")
    if mdx:
        parts.append("import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n")
    parts.append(f"# {title}\n")
    total = sum(len(p) for p in parts)
    while total < size:
        if rng.random() < 0.2:
            block = f"\n## {words(rng, rng.randrange(2, 5)).capitalize()}\n\n"
        elif mdx and rng.random() < 0.08:
            block = f'<Tabs>\n<TabItem value="{word(rng)}" label="{word(rng).capitalize()}">\n\n{rng.choice(pool)}\n</TabItem>\n</Tabs>\n'
        else:
            block = "\n" + rng.choice(pool)
        parts.append(block)
        total += len(block)
    return "".join(parts)


def md_gateway_section(rng, tally, path):
    """A docs section that sets a client up for the gateway: code blocks with settings."""
    pick = rng.randrange(5)
    if pick == 0:
        name, value = tally.env_pair(rng, path)
        return f"\n## Use the gateway\n\nSet the base URL before you start the client:\n\n```bash\nexport {name}={value}\nexport CRAZYROUTER_API_KEY=sk-...\n```\n"
    if pick == 1:
        value = tally.value(rng, "full", path)
        return f'\n## Try it\n\n```bash\ncurl {value} \\\n  -H "Authorization: Bearer $CRAZYROUTER_API_KEY" \\\n  -d \'{{"model": "gpt-4o-mini", "messages": [{{"role": "user", "content": "hi"}}]}}\'\n```\n'
    if pick == 2:
        value = tally.value(rng, "root", path)
        return f'\n## Claude Code\n\n```json\n{{\n  "env": {{\n    "ANTHROPIC_BASE_URL": "{value}",\n    "ANTHROPIC_AUTH_TOKEN": "${{CRAZYROUTER_API_KEY}}"\n  }}\n}}\n```\n'
    if pick == 3:
        value = tally.value(rng, "v1", path)
        return f'\n## Codex\n\n```toml\n[model_providers.crazyrouter]\nname = "Crazyrouter"\nbase_url = "{value}"\nenv_key = "CRAZYROUTER_API_KEY"\nwire_api = "responses"\n```\n'
    link = tally.value(rng, "console-link", path)
    return f"\nCreate a key in the [console]({link}) first.\n"


# -- shell ---------------------------------------------------------------------


def shell_function(rng, urls=True):
    name = f"{word(rng)}_{word(rng)}"
    body = []
    for _ in range(rng.randrange(3, 12)):
        r = rng.random()
        if urls and r < 0.15:
            body.append(f'  curl -fsSL --retry 3 "{url(rng, 0.4)}" -o "$tmp/{slug(rng, 1)}.json"')
        elif r < 0.3:
            body.append(f'  echo "{sentence(rng)}" >&2')
        elif r < 0.45:
            body.append(f'  local {word(rng)}_{word(rng)}="${{{rng.choice(NAMES).upper()}_{word(rng).upper()}:-{slug(rng, 1)}}}"')
        elif r < 0.6:
            body.append(f'  if [ -f "$1" ]; then\n    {rng.choice(["cat", "grep -v ^#", "sed -n 1,20p", "wc -l"])} "$1"\n  fi')
        elif r < 0.7:
            body.append(f'  for f in "$dir"/*.{rng.choice(["yaml", "json", "txt", "log"])}; do\n    [ -e "$f" ] || continue\n    {word(rng)}_{word(rng)} "$f"\n  done')
        elif r < 0.8:
            body.append(f'  case "${{1:-}}" in\n    {word(rng)}) shift; {word(rng)}_{word(rng)} "$@" ;;\n    *) echo "usage: $0 {word(rng)}|{word(rng)}" >&2; return 2 ;;\n  esac')
        elif r < 0.9:
            body.append(f"  # {sentence(rng)}")
        else:
            body.append(f'  {rng.choice(["kubectl", "docker", "git", "helm", "jq", "aws", "terraform"])} {word(rng)} {slug(rng)} --{word(rng)}="${{{word(rng).upper()}}}"')
    return f"{name}() {{\n" + "\n".join(body) + "\n}\n"


def shell_script(rng, size, exports=0.0, urls=True):
    """A bash script of about `size` bytes; `exports` is the share of export lines that set URLs."""
    parts = ["#!/usr/bin/env bash\n", f"# {sentence(rng)}\n", "set -euo pipefail\n\n", 'dir="$(cd "$(dirname "$0")" && pwd)"\ntmp="$(mktemp -d)"\ntrap \'rm -rf "$tmp"\' EXIT\n\n']
    total = sum(map(len, parts))
    while total < size:
        if rng.random() < exports:
            block = f'export {rng.choice(NAMES).upper()}_{rng.choice(["URL", "ENDPOINT", "API_URL", "BASE_URL", "HOST"])}="{url(rng, 0.5)}"\n'
        elif rng.random() < 0.8:
            block = "\n" + shell_function(rng, urls)
        else:
            block = f'\n{word(rng)}_{word(rng)} "$@"\n'
        parts.append(block)
        total += len(block)
    parts.append('\nmain() {\n  echo "done"\n}\nmain "$@"\n')
    return "".join(parts)


def shell_pool(rng, n, size_lo, size_hi, exports=0.0, urls=True):
    return [shell_script(rng, rng.randrange(size_lo, size_hi), exports, urls) for _ in range(n)]


# -- YAML: Kubernetes, workflows, Helm -------------------------------------------

ENV_NAMES = [
    "LOG_LEVEL", "PORT", "NODE_ENV", "DATABASE_URL", "REDIS_URL", "KAFKA_BROKERS", "AMQP_URL", "OTEL_EXPORTER_OTLP_ENDPOINT",
    "SENTRY_DSN", "AUTH_ISSUER_URL", "JWKS_URL", "S3_ENDPOINT", "S3_BUCKET", "FEATURE_FLAGS", "CACHE_TTL", "HTTP_TIMEOUT",
    "MAX_CONNECTIONS", "TRACING_SAMPLE_RATE", "PUBLIC_URL", "CALLBACK_URL", "WEBHOOK_URL", "CDN_URL", "GRPC_PORT", "REGION",
]


def env_value(rng, name):
    if name.endswith(("URL", "ENDPOINT", "DSN", "BROKERS")):
        return url(rng, 0.6)
    if name in ("PORT", "GRPC_PORT", "MAX_CONNECTIONS", "CACHE_TTL", "HTTP_TIMEOUT"):
        return str(rng.randrange(1, 10000))
    return rng.choice(["info", "debug", "production", "true", "false", "eu-west-1", slug(rng, 1), "0.1"])


def yaml_str(v):
    return json.dumps(v) if (":" in v or v in ("true", "false") or v.replace(".", "").isdigit() or v.startswith(("*", "&", "!", "{", "["))) else v


def distinct_env_names(rng, n):
    """n variable names, no two alike (a YAML mapping with a duplicate key does not load)."""
    pool = ENV_NAMES + [f"SERVICE_{name.upper()}_URL" for name in NAMES]
    return rng.sample(pool, min(n, len(pool)))


def k8s_env(rng, n, indent, extra=None):
    pad = " " * indent
    out = []
    names = distinct_env_names(rng, n)
    for name in names:
        if rng.random() < 0.12:
            out.append(f"{pad}- name: {name}\n{pad}  valueFrom:\n{pad}    secretKeyRef:\n{pad}      name: {rng.choice(NAMES)}-secrets\n{pad}      key: {name.lower()}\n")
        else:
            value = env_value(rng, name) if not name.startswith("SERVICE_") else url(rng, 1.0)
            out.append(f"{pad}- name: {name}\n{pad}  value: {yaml_str(value)}\n")
    for name, value in extra or []:
        out.insert(rng.randrange(len(out) + 1), f"{pad}- name: {name}\n{pad}  value: {yaml_str(value)}\n")
    return "".join(out)


def k8s_deployment(rng, name, ns, env_count, extra_env=None):
    image = f"{rng.choice(['ghcr.io/acme', 'registry.example.com/platform', 'quay.io/acme', 'docker.io/acme'])}/{name}:{rng.randrange(1, 9)}.{rng.randrange(30)}.{rng.randrange(30)}"
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    app.kubernetes.io/name: {name}\n"
        f"    app.kubernetes.io/part-of: {rng.choice(NAMES)}\n  annotations:\n    deployment.kubernetes.io/revision: \"{rng.randrange(1, 90)}\"\n"
        f"spec:\n  replicas: {rng.randrange(1, 12)}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: {name}\n  template:\n    metadata:\n"
        f"      labels:\n        app.kubernetes.io/name: {name}\n      annotations:\n        prometheus.io/scrape: \"true\"\n        prometheus.io/port: \"9090\"\n"
        f"    spec:\n      serviceAccountName: {name}\n      containers:\n        - name: {name}\n          image: {image}\n          imagePullPolicy: IfNotPresent\n"
        f"          ports:\n            - containerPort: {rng.choice([8080, 3000, 8000, 9000])}\n              name: http\n"
        f"          env:\n{k8s_env(rng, env_count, 12, extra_env)}"
        f"          resources:\n            requests:\n              cpu: {rng.randrange(50, 1000)}m\n              memory: {rng.randrange(64, 2048)}Mi\n"
        f"            limits:\n              memory: {rng.randrange(128, 4096)}Mi\n"
        f"          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n            periodSeconds: 10\n"
        f"          livenessProbe:\n            httpGet:\n              path: /livez\n              port: http\n"
    )


def k8s_configmap(rng, name, ns, n, extra=None):
    data = "".join(f"  {name}: {json.dumps(env_value(rng, name))}\n" for name in distinct_env_names(rng, n))
    for k, v in extra or []:
        data += f"  {k}: {json.dumps(v)}\n"
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}-config\n  namespace: {ns}\ndata:\n{data}"


def k8s_service(rng, name, ns):
    return (
        f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  selector:\n    app.kubernetes.io/name: {name}\n"
        f"  ports:\n    - port: 80\n      targetPort: http\n      protocol: TCP\n"
    )


def k8s_ingress(rng, name, ns):
    return (
        f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: {name}\n  namespace: {ns}\n  annotations:\n"
        f"    cert-manager.io/cluster-issuer: letsencrypt\n    nginx.ingress.kubernetes.io/proxy-body-size: 8m\nspec:\n  ingressClassName: nginx\n"
        f"  tls:\n    - hosts: [{name}.example.com]\n      secretName: {name}-tls\n  rules:\n    - host: {name}.example.com\n      http:\n        paths:\n"
        f"          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: {name}\n                port:\n                  number: 80\n"
    )


def workflow(rng, extra_env=None):
    jobs = []
    for j in range(rng.randrange(1, 4)):
        steps = ["      - uses: actions/checkout@v4\n"]
        for _ in range(rng.randrange(3, 9)):
            r = rng.random()
            if r < 0.3:
                steps.append(f"      - uses: {rng.choice(['actions/setup-node@v4', 'actions/setup-python@v5', 'actions/cache@v4', 'docker/login-action@v3', 'docker/build-push-action@v6', 'azure/setup-helm@v4'])}\n        with:\n          {word(rng)}: {slug(rng, 1)}\n")
            else:
                cmd = rng.choice([f"curl -fsSL {url(rng)} | tar xz", f"npm ci && npm run {word(rng)}", f"pytest -q tests/{word(rng)}", f"helm lint charts/{rng.choice(NAMES)}", f"kubectl apply -f deploy/{rng.choice(NAMES)}/", f"echo \"{sentence(rng)}\""])
                steps.append(f"      - name: {words(rng, rng.randrange(1, 4)).capitalize()}\n        run: |\n          {cmd}\n          {word(rng)}-{word(rng)} --{word(rng)}\n")
        jobs.append(f"  {word(rng)}-{j}:\n    runs-on: ubuntu-latest\n    timeout-minutes: {rng.randrange(5, 60)}\n    steps:\n" + "".join(steps))
    env = "".join(f"  {k}: {yaml_str(v)}\n" for k, v in ([(k, env_value(rng, "X_URL")) for k in distinct_env_names(rng, rng.randrange(0, 4))] + list(extra_env or [])))
    return (
        f"name: {words(rng, 2).capitalize()}\n\non:\n  push:\n    branches: [main]\n  pull_request:\n\npermissions:\n  contents: read\n\n"
        + (f"env:\n{env}\n" if env else "")
        + "jobs:\n"
        + "".join(jobs)
    )


# -- JSON ------------------------------------------------------------------------


def json_records(rng, n):
    """GitHub-API-like records: every one full of URLs."""
    out = []
    for _ in range(n):
        owner = rng.choice(NAMES) + str(rng.randrange(100))
        repo = slug(rng, 2)
        out.append(
            {
                "id": rng.randrange(10**8),
                "name": repo,
                "full_name": f"{owner}/{repo}",
                "html_url": f"https://github.com/{owner}/{repo}",
                "url": f"https://api.github.com/repos/{owner}/{repo}",
                "owner": {"login": owner, "avatar_url": f"https://avatars.githubusercontent.com/u/{rng.randrange(10**7)}?v=4", "html_url": f"https://github.com/{owner}"},
                "homepage": url(rng),
                "description": sentence(rng),
                "topics": [word(rng) for _ in range(rng.randrange(0, 5))],
                "stargazers_count": rng.randrange(10**5),
                "links": [url(rng) for _ in range(rng.randrange(1, 6))],
                "updated_at": f"2025-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}T{rng.randrange(24):02}:00:00Z",
            }
        )
    return out


# -- source code -----------------------------------------------------------------


def source_file(rng, lang, size, urls=0.1):
    """Python, TypeScript, Go or C-like source of about `size` bytes."""
    parts = []
    if lang == "py":
        parts.append(f'"""{sentence(rng)}"""\n\nimport os\nimport json\nfrom typing import Any\n\n')
    elif lang in ("ts", "js", "tsx"):
        parts.append(f"import {{ {word(rng)} }} from \"./{word(rng)}\";\nimport type {{ Config }} from \"../config\";\n\n")
    elif lang == "go":
        parts.append(f"package {rng.choice(NAMES)}\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"net/http\"\n)\n\n")
    elif lang == "rs":
        parts.append("use std::collections::HashMap;\nuse std::path::Path;\n\n")
    else:
        parts.append(f"/* {sentence(rng)} */\n#include <stdio.h>\n#include <stdlib.h>\n#include \"{word(rng)}.h\"\n\n")
    total = sum(map(len, parts))
    while total < size:
        name = f"{word(rng)}_{word(rng)}"
        body = []
        for _ in range(rng.randrange(3, 14)):
            r = rng.random()
            if r < urls:
                body.append(f'"{url(rng, 0.3)}"')
            elif r < 0.4:
                body.append(f"{word(rng)}_{word(rng)}({word(rng)}, {rng.randrange(100)})")
            elif r < 0.6:
                body.append(f"{word(rng)} = {word(rng)}.{word(rng)}({word(rng)})")
            else:
                body.append(f"{word(rng)}_{word(rng)} += {rng.randrange(1000)}")
        if lang == "py":
            block = f"\n\ndef {name}({word(rng)}: Any, {word(rng)}: int = {rng.randrange(10)}) -> Any:\n    \"\"\"{sentence(rng)}\"\"\"\n" + "".join(f"    x = {b}\n" for b in body) + "    return x\n"
        elif lang in ("ts", "js", "tsx"):
            block = f"\nexport function {name}({word(rng)}: Config, {word(rng)} = {rng.randrange(10)}) {{\n  // {sentence(rng)}\n" + "".join(f"  const v{i} = {b};\n" for i, b in enumerate(body)) + "  return v0;\n}\n"
        elif lang == "go":
            block = f"\n// {name} {sentence(rng)}\nfunc {name}(ctx context.Context, {word(rng)} int) error {{\n" + "".join(f"\tv{i} := {b}\n" for i, b in enumerate(body)) + "\treturn nil\n}\n"
        elif lang == "rs":
            block = f"\n/// {sentence(rng)}\npub fn {name}(map: &HashMap<String, String>) -> usize {{\n" + "".join(f"    let v{i} = {b};\n" for i, b in enumerate(body)) + "    0\n}\n"
        else:
            block = f"\n/* {sentence(rng)} */\nint {name}(int argc, char **argv) {{\n" + "".join(f"    int v{i} = {b};\n" for i, b in enumerate(body)) + "    return 0;\n}\n"
        parts.append(block)
        total += len(block)
    return "".join(parts)


def source_pool(rng, lang, n, lo, hi, urls=0.1):
    return [source_file(rng, lang, rng.randrange(lo, hi), urls) for _ in range(n)]


def pick(rng, pool):
    return pool[rng.randrange(len(pool))]


def new_rng(seed):
    return random.Random(seed)
