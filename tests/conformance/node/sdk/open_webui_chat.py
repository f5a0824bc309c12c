"""Open WebUI (Python server): one chat turn through a fresh Open WebUI.

For: run.mjs (the Open WebUI cases). Starts the real `open-webui serve` of the
venv this runs in, on a free 127.0.0.1 port, with a fresh data directory (so the
connection comes from the environment, as on a first start), the base URL in the
variable the case names (`--var OPENAI_API_BASE_URLS --base URL`, the key in the
matching key variable), single-user mode (`WEBUI_AUTH=False`), Ollama, the
embedding model and every update or telemetry check off. Then, as its web page
does: sign in, `GET /api/models` (Open WebUI asks each connection for
`{url}/models`), and one `POST /api/chat/completions` (Open WebUI posts to
`{url}/chat/completions`). Prints one JSON line {sdk, version, outcome,
text|error, message}; exits 0 even when the turn failed: run.mjs judges by the
recorder log. The server is stopped (its process group killed) before exit.

Not for: anything but a loopback base URL (refused otherwise). Open WebUI is
installed without its CUDA/torch stack (see python/open-webui-requirements.txt):
torch serves only local embedding, reranking and speech models, all off here.
"""

import argparse
import importlib.metadata
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

KEY = "sk-CrlintConformanceDummyKey00000000000000000000000"  # same as sdk/_common.mjs
PROMPT = "Reply with one word."
KEY_VAR = {"OPENAI_API_BASE_URLS": "OPENAI_API_KEYS", "OPENAI_API_BASE_URL": "OPENAI_API_KEY"}
START_LIMIT_S = 150  # run.mjs gives the Open WebUI cases 180 s

# Loopback only, and never through the proxy variables run.mjs sets.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def call(port, method, path, token=None, body=None, timeout=30):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    data = json.dumps(body).encode() if body is not None else None
    try:
        with OPENER.open(req, data=data, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        try:
            return e.code, json.loads(e.read() or b"null")
        except ValueError:
            return e.code, None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--var", required=True, choices=sorted(KEY_VAR))
    ap.add_argument("--base", required=True)
    ap.add_argument("--model", default="gpt-4o-mini")
    a = ap.parse_args()
    report = {"sdk": "open-webui", "version": importlib.metadata.version("open-webui")}
    entries = a.base.split(";") if a.var == "OPENAI_API_BASE_URLS" else [a.base]
    if not all(re.match(r"^http://(127\.0\.0\.1|localhost):\d+(/|$)", e.strip()) for e in entries):
        print(json.dumps({**report, "outcome": "refused", "message": f"base URL {a.base!r} is not loopback"}))
        return

    data = tempfile.mkdtemp(prefix="open-webui-")
    port = free_port()
    env = {
        **os.environ,
        a.var: a.base,
        KEY_VAR[a.var]: ";".join([KEY] * len(entries)),
        "DATA_DIR": data,
        "WEBUI_SECRET_KEY": secrets.token_hex(32),
        "WEBUI_AUTH": "False",
        "ENABLE_OLLAMA_API": "False",
        "BYPASS_EMBEDDING_AND_RETRIEVAL": "True",
        "OFFLINE_MODE": "True",
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "SCARF_NO_ANALYTICS": "True",
        "DO_NOT_TRACK": "True",
        "ENABLE_VERSION_UPDATE_CHECK": "False",
    }
    serve = os.path.join(os.path.dirname(sys.executable), "open-webui")
    log_path = os.path.join(data, "serve.log")
    with open(log_path, "wb") as log:
        server = subprocess.Popen(
            [serve, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=data,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_LIMIT_S
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"open-webui serve exited {server.returncode} before it answered: {tail(log_path)}")
            try:
                if call(port, "GET", "/health", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"open-webui serve did not answer /health within {START_LIMIT_S} s: {tail(log_path)}")
            time.sleep(0.5)
        status, auth = call(port, "POST", "/api/v1/auths/signin", body={"email": "", "password": ""})
        if status != 200 or not isinstance(auth, dict) or "token" not in auth:
            raise RuntimeError(f"sign-in answered {status}")
        token = auth["token"]
        status, models = call(port, "GET", "/api/models", token)
        ids = [m.get("id") for m in (models or {}).get("data", [])] if isinstance(models, dict) else []
        body = {"model": a.model, "messages": [{"role": "user", "content": PROMPT}], "stream": False}
        status, reply = call(port, "POST", "/api/chat/completions", token, body, timeout=60)
        if status == 200 and isinstance(reply, dict) and reply.get("choices"):
            text = reply["choices"][0]["message"]["content"]
            print(json.dumps({**report, "outcome": "ok", "models": ids, "text": text}))
        else:
            detail = reply.get("detail") if isinstance(reply, dict) else reply
            print(json.dumps({**report, "outcome": "error", "models": ids, "error": f"HTTP {status}", "message": str(detail)[:300]}))
    except Exception as e:  # the outcome line is the point: any failure is reported, not raised
        print(json.dumps({**report, "outcome": "error", "error": type(e).__name__, "message": str(e)[:300]}))
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def tail(path, n=3):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l.strip() for l in f if l.strip()]
        return " | ".join(lines[-n:])[:300]
    except OSError:
        return "(no log)"


if __name__ == "__main__":
    sys.exit(main())
