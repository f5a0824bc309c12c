#!/usr/bin/env bash
# The benchmark: how fast `crlint check` is on a large monorepo, next to ripgrep
# searching the same tree for the gateway host, how much memory it takes, and
# how long a check of a ten-file repository takes (the pre-commit case). One
# command from a fresh clone: installs ripgrep, hyperfine and GNU time with
# apt-get when they are missing, builds crlint --release, generates (or reuses)
# the synthetic tree under target/bench-tree/ (scripts/bench_tree.py), measures
# with hot caches, prints the figures, and leaves hyperfine's JSON in
# target/bench-results/. BENCHMARKS.md records a run and what it means.
#
# Targets: crlint <= 1.5x ripgrep's median, peak RSS < 100 MB, ten-file check < 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v git >/dev/null || need+=(git)
if [ ${#need[@]} -gt 0 ]; then
    echo "bench: installing ${need[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y "${need[@]}" || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y "${need[@]}"; }
fi

cargo build --release --quiet
crlint="${CARGO_TARGET_DIR:-target}/release/crlint"
tree=target/bench-tree
out=target/bench-results
mkdir -p "$out"
python3 scripts/bench_tree.py "$tree"

# A ten-file repository: three configs with mistakes, seven other files.
small="$out/ten-file-repo"
if [ ! -d "$small/.git" ]; then
    rm -rf "$small"
    mkdir -p "$small/.claude" "$small/.codex" "$small/src"
    cp fixtures/demo/.claude/settings.json "$small/.claude/settings.json"
    cp fixtures/demo/.codex/config.toml "$small/.codex/config.toml"
    cp fixtures/dotenv/bad/shapes/.env "$small/.env"
    printf '.env\n' >"$small/.gitignore"
    for i in 1 2 3 4 5 6; do printf 'print(%s)\n' "$i" >"$small/src/m$i.py"; done
    git -C "$small" init -q
    git -C "$small" add -A
    git -C "$small" -c user.name=bench -c user.email=bench@example.invalid commit -qm ten
fi

# Findings do not fail the run (--exit-zero); the output is discarded like rg's.
check="$crlint check $tree --exit-zero --output-format concise"
# --hidden: the configs crlint reads are hidden files (.env, .claude/); without it
# rg would skip them. !.git: rg --hidden would otherwise search git's objects,
# which crlint never enters.
rg_hidden="rg -l --hidden --glob !.git crazyrouter[.]com $tree"
rg_plain="rg -l crazyrouter[.]com $tree"
small_check="$crlint check $small --exit-zero --output-format concise"

echo "bench: crlint $("$crlint" --version | head -n 1), $(rg --version | sed -n 1p), $(hyperfine --version)"
echo "bench: tree $(find "$tree" -path "$tree/.git" -prune -o -type f -print | wc -l) files, $(du -sh --exclude=.git "$tree" | cut -f1)"
echo "bench: crlint finds: $($check | tail -1)"
echo "bench: rg finds: $($rg_hidden | wc -l) files"

# -N: no intermediate shell, so a few-millisecond command is measured, not bash.
hyperfine -N --warmup 1 --runs 5 --export-json "$out/monorepo.json" \
    -n crlint "$check" -n rg-hidden "$rg_hidden" -n rg "$rg_plain"
hyperfine -N --warmup 10 --runs 200 --export-json "$out/ten-files.json" -n crlint-ten-files "$small_check"

peak_kb=$(/usr/bin/time -v $check 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')

python3 - "$out" "$peak_kb" <<'EOF'
import json, sys
out, peak_kb = sys.argv[1], int(sys.argv[2])
mono = {r["command"]: r for r in json.load(open(f"{out}/monorepo.json"))["results"]}
ten = json.load(open(f"{out}/ten-files.json"))["results"][0]
c, rh, rp = (mono[n]["median"] for n in ("crlint", "rg-hidden", "rg"))
ratio = c / rh
t = ten["median"]
ok = lambda b: "ok" if b else "MISSED"
print()
print(f"crlint check (monorepo)     median {c*1000:8.1f} ms")
print(f"rg -l --hidden (same tree)  median {rh*1000:8.1f} ms")
print(f"rg -l (no hidden files)     median {rp*1000:8.1f} ms")
print(f"ratio crlint / rg --hidden  {ratio:8.2f}x   target <= 1.5x: {ok(ratio <= 1.5)}")
print(f"crlint peak RSS             {peak_kb/1024:8.1f} MB   target < 100 MB: {ok(peak_kb < 100*1024)}")
print(f"crlint check (ten files)    median {t*1000:8.1f} ms   target < 20 ms: {ok(t < 0.020)}")
EOF
