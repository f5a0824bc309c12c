#!/usr/bin/env bash
# The benchmark (issue 17): how fast `crlint check` is on trees of several shapes,
# next to ripgrep searching the same tree for the gateway's name; how much memory it
# takes; how fast it goes through bytes that mention nothing it cares about; the
# pathological single files; and two other linters on the same inputs.
#
#   scripts/bench.sh                      everything (all shapes, pathological, compare)
#   scripts/bench.sh --shape ops          one part; repeat or comma-separate for more
#   scripts/bench.sh --quick              fewer runs (development; noisier)
#   scripts/bench.sh --profile --shape ops  also where crlint's time goes: perf record
#                                         (DWARF call graphs) of one run per tree of
#                                         `cargo build --profile profiling`, the
#                                         inclusive shares in target/bench-results/SHAPE.profile.txt
#   scripts/bench.sh --list               the parts
#   CRLINT=BIN BENCH_OUT=DIR scripts/bench.sh ...   another binary, results in DIR
#
# Output before and after a change: scripts/bench_same.sh record OLD_BINARY, then
# scripts/bench_same.sh compare NEW_BINARY (every tree and fixtures/, byte for byte).
#
# Parts: the tree shapes of scripts/bench_shapes.py (monorepo, source-scripts, ops,
# docs, helm, dotfiles, home, ten), `pathological` (one line of 5,000 findings in
# every output format; 4 MB files of 2M array items) and `compare` (dotenv-linter and
# check-jsonschema against crlint on the same files).
#
# One command from a fresh clone: installs ripgrep, hyperfine, GNU time and git with
# apt-get when missing, builds crlint --release, generates the trees under
# target/bench-<shape>/ (deterministic; reused while the generator's version is the
# same, see scripts/bench_tree.py), measures with hot caches and prints one table.
# Results: target/bench-results/ (hyperfine JSON per part, summary.json, table.md).
# BENCHMARKS.md records a run and what it means.
#
# Measures, per tree: `crlint check TREE --exit-zero --output-format concise` and
# `rg -l --hidden --glob '!.git' crazyrouter TREE`, back to back in one hyperfine run
# (-N: no shell; medians), crlint's peak RSS (/usr/bin/time -v), and crlint's
# throughput on the bytes that mention nothing (nm bytes / crlint's user+sys CPU
# time; see bench_tree.py). The load average is recorded before each part: on a
# shared machine, read the ratios (measured back to back) before the absolute times.
#
# Targets (issue 17): crlint <= 1.0x rg on every tree, peak RSS < 100 MB, the ten-file
# repository < 10 ms, >= 1 GB/s per core on bytes that mention nothing; one line of
# 5,000 findings < 1 s and 100 MB in every format; 2M array items < 2 s and 300 MB.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_SHAPES=(monorepo source-scripts ops docs helm dotfiles home ten)
ALL_PARTS=("${ALL_SHAPES[@]}" pathological compare)
parts=()
quick=0
profile=0
while [ $# -gt 0 ]; do
    case "$1" in
        --shape) shift; IFS=, read -r -a more <<<"${1:?--shape needs a name}"; parts+=("${more[@]}") ;;
        --shape=*) IFS=, read -r -a more <<<"${1#--shape=}"; parts+=("${more[@]}") ;;
        --quick) quick=1 ;;
        --profile) profile=1 ;;
        --list) python3 scripts/bench_tree.py list; echo "compare	dotenv-linter and check-jsonschema vs crlint on the same files"; exit 0 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done
[ ${#parts[@]} -eq 0 ] && parts=("${ALL_PARTS[@]}")
for p in "${parts[@]}"; do
    [[ " ${ALL_PARTS[*]} " == *" $p "* ]] || { echo "bench: unknown part $p; parts: ${ALL_PARTS[*]}" >&2; exit 2; }
done

if [ $quick -eq 1 ]; then
    WARMUP=0 RUNS=3 TEN_WARMUP=5 TEN_RUNS=30 PATH_RUNS=1
else
    WARMUP=1 RUNS=10 TEN_WARMUP=10 TEN_RUNS=200 PATH_RUNS=3
fi

need=()
command -v rg >/dev/null || need+=(ripgrep)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
command -v git >/dev/null || need+=(git)
[ $profile -eq 1 ] && ! command -v perf >/dev/null && need+=(linux-perf)
if [ ${#need[@]} -gt 0 ]; then
    echo "bench: installing ${need[*]}"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get install -y "${need[@]}" || { $sudo_cmd apt-get update && $sudo_cmd apt-get install -y "${need[@]}"; }
fi

target="${CARGO_TARGET_DIR:-target}"
# CRLINT=BINARY measures that binary instead (e.g. a copy of an older build, for a
# before/after table); BENCH_OUT=DIR puts the results there.
crlint="${CRLINT:-$target/release/crlint}"
# build.rs asks cargo to watch fixture directories that do not exist (e.g.
# fixtures/demo/bad), so every `cargo build` recompiles crlint (minutes on a busy
# 2-core machine): build only when a source is newer than the binary.
if [ -n "${CRLINT:-}" ]; then
    echo "bench: measuring $crlint (CRLINT)"
elif [ ! -x "$crlint" ] || [ -n "$(find src rules build.rs Cargo.toml Cargo.lock -newer "$crlint" -print -quit)" ]; then
    cargo build --release --quiet
else
    echo "bench: $crlint is newer than src/, rules/, build.rs and Cargo.*: not rebuilt"
fi
# --profile: perf reads the `profiling` build (the release code with symbols and line
# tables, no LTO: Cargo.toml), the shipped binary being stripped.
prof_crlint="$target/profiling/crlint"
if [ $profile -eq 1 ]; then
    cargo build --profile profiling --quiet
fi
out=${BENCH_OUT:-target/bench-results}
mkdir -p "$out"

load() { cut -d' ' -f1-3 /proc/loadavg; }
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\t: //p' /proc/cpuinfo | head -1), $(uname -sr)"
    echo "load average at start: $(load)"
    if [ -n "${CRLINT:-}" ]; then
        echo "crlint: $("$crlint" --version | head -n 1) ($crlint)"
    else
        echo "crlint: $("$crlint" --version | head -n 1) ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src rules || echo ', with local changes'))"
    fi
    echo "tools: $(rg --version | sed -n 1p), $(hyperfine --version)"
    echo "runs: warmup $WARMUP, runs $RUNS (ten files: $TEN_WARMUP/$TEN_RUNS; pathological: $PATH_RUNS)$([ $quick -eq 1 ] && echo ', --quick')"
} | tee "$out/machine.txt"

# peak_kb CMD...: crlint's peak resident set in KB (GNU time), output discarded. A
# failing command (a crash) does not stop the benchmark: its exit status is printed
# on a second line ("exit N"), which the report shows.
peak_kb() {
    local log
    log=$(mktemp)
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ {print $2} /Exit status/ && $2 != 0 {print "exit " $2} /terminated by signal/ {print "signal"}' "$log"
    rm -f "$log"
}

measure_tree() {
    local shape=$1 tree="target/bench-$1"
    python3 scripts/bench_tree.py build "$shape" "$tree"
    python3 scripts/bench_tree.py stats "$shape" "$tree" >"$out/$shape.stats.json"
    local check="$crlint check $tree --exit-zero --output-format concise"
    # --hidden: the configs are hidden files (.env, .claude/); !.git: rg --hidden would
    # otherwise search git's objects, which crlint never enters. Both honour .gitignore.
    local rg_cmd="rg -l --hidden --glob !.git crazyrouter $tree"
    local w=$WARMUP r=$RUNS
    [ "$shape" = ten ] && { w=$TEN_WARMUP; r=$TEN_RUNS; }
    echo
    echo "== $shape: load $(load)"
    # Findings and rg's hits: once, outside the timing (to see both ran and found).
    { $check || true; } | tail -1 >"$out/$shape.findings.txt"
    echo "crlint: $(cat "$out/$shape.findings.txt"); rg: $($rg_cmd | wc -l) files"
    echo "load $(load)" >"$out/$shape.load.txt"
    # -i: rg exits 1 when it finds nothing (the source-scripts tree has no mention).
    hyperfine -N -i --style basic --warmup "$w" --runs "$r" --export-json "$out/$shape.json" -n crlint "$check" -n rg "$rg_cmd"
    peak_kb $check >"$out/$shape.rss.txt"
    [ $profile -eq 1 ] && profile_tree "$shape" "$prof_crlint check $tree --exit-zero --output-format concise"
    return 0
}

# profile_tree SHAPE CMD...: one run of the profiling build under perf (DWARF
# unwinding); inclusive share of each function.
profile_tree() {
    local shape=$1
    shift
    perf record -q -e cpu-clock -F 499 --call-graph dwarf,16384 -o "$out/$shape.perf.data" $@ >/dev/null 2>&1
    {
        echo "# perf record -e cpu-clock --call-graph dwarf: $*"
        echo "# inclusive (children) and self share of crlint's CPU samples, functions over 1%"
        perf report -i "$out/$shape.perf.data" --children --sort symbol --stdio -g none --percent-limit 1 2>/dev/null |
            grep -E '^ +[0-9]' | grep -vE 'std::|core::ops::function|__libc_start|_start$| main$|start_thread|clone3|thread_start|0xffff'
    } >"$out/$shape.profile.txt"
    rm -f "$out/$shape.perf.data"
    echo "profile: $out/$shape.profile.txt"
}

measure_pathological() {
    local dir=target/bench-pathological
    python3 scripts/bench_tree.py build pathological "$dir"
    echo
    echo "== pathological: load $(load)"
    local f=$dir/one-line/README.md cmds=() fmt
    for fmt in text concise json sarif github; do
        cmds+=(-n "one-line-$fmt" "$crlint check $f --exit-zero --output-format $fmt --color never")
        peak_kb $crlint check $f --exit-zero --output-format $fmt --color never >"$out/pathological.one-line-$fmt.rss.txt"
    done
    echo "one line: $($crlint check $f --exit-zero --output-format concise | tail -1)"
    for fmt in text concise json sarif github; do
        echo "one line, $fmt: $(sed -n 2p "$out/pathological.one-line-$fmt.rss.txt")"
    done
    local name file
    for name in array-json:.claude/settings.json array-toml:.codex/config.toml array-yaml:.continue/config.yaml array-yaml-broad:deploy/big.yaml; do
        file="$dir/${name%%:*}/${name#*:}"
        cmds+=(-n "${name%%:*}" "$crlint check $file --exit-zero --output-format concise")
        peak_kb $crlint check $file --exit-zero --output-format concise >"$out/pathological.${name%%:*}.rss.txt"
        echo "${name%%:*}: $($crlint check $file --exit-zero --output-format concise | tail -1)"
    done
    # -i: a crash is timed too (the report marks it from the exit status peak_kb saw).
    hyperfine -N -i --style basic --warmup 0 --runs "$PATH_RUNS" --export-json "$out/pathological.json" "${cmds[@]}"
}

measure_compare() {
    # Inputs: the monorepo's .env files and Claude Code / Codex configs, the ops tree's
    # workflows and compose files, copied (paths kept) under target/bench-compare/.
    local cmp=target/bench-compare tools=target/bench-tools venv=target/bench-venv
    for s in monorepo ops; do
        python3 scripts/bench_tree.py build "$s" "target/bench-$s"
    done
    if [ ! -x "$tools/bin/dotenv-linter" ]; then
        echo "bench: cargo install dotenv-linter --locked --root $tools"
        cargo install dotenv-linter --locked --root "$tools" --quiet
    fi
    if [ ! -x "$venv/bin/check-jsonschema" ]; then
        echo "bench: pip install check-jsonschema into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet check-jsonschema
    fi
    rm -rf "$cmp"
    mkdir -p "$cmp"
    # copy SRC SET FIND-ARGS...: the files find selects under SRC, paths kept, into $cmp/SET.
    copy() {
        local src=$1 set=$2
        shift 2
        mkdir -p "$cmp/$set"
        (cd "$src" && find . "$@" -type f -print0 | xargs -0 cp --parents -t "$OLDPWD/$cmp/$set")
    }
    copy target/bench-monorepo dotenv \( -name .env -o -name '.env.*' -o -name '*.env' \)
    copy target/bench-monorepo claude -path '*/.claude/settings*.json'
    copy target/bench-monorepo codex -path '*/.codex/config.toml'
    copy target/bench-ops workflows -path '*/.github/workflows/*.yml'
    copy target/bench-ops compose -name docker-compose.yml
    printf '{}\n' >"$cmp/empty-schema.json"
    local set files
    echo
    echo "== compare: load $(load)"
    {
        echo "dotenv-linter: $("$tools/bin/dotenv-linter" --version)"
        echo "check-jsonschema: $("$venv/bin/check-jsonschema" --version)"
        for set in dotenv claude codex workflows compose; do
            echo "$set: $(find "$cmp/$set" -type f | wc -l) files, $(find "$cmp/$set" -type f -printf "%s\n" | awk "{s += \$1} END {print s}") bytes"
        done
    } | tee "$out/compare.txt"
    # Same file lists for both tools (sorted; no spaces in these paths).
    list() { find "$cmp/$1" -type f | sort | tr '\n' ' '; }
    local dotenv claude codex workflows compose
    dotenv=$(list dotenv) claude=$(list claude) codex=$(list codex) workflows=$(list workflows) compose=$(list compose)
    local c="$crlint check --exit-zero --output-format concise"
    local cj="$venv/bin/check-jsonschema"
    # dotenv-linter exits 1 on warnings; -i: hyperfine ignores the exit code.
    hyperfine -N -i --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$out/compare.json" \
        -n "crlint-dotenv" "$c $dotenv" \
        -n "dotenv-linter" "$tools/bin/dotenv-linter check $dotenv" \
        -n "crlint-workflows" "$c $workflows" \
        -n "check-jsonschema-workflows" "$cj --builtin-schema vendor.github-workflows $workflows" \
        -n "crlint-compose" "$c $compose" \
        -n "check-jsonschema-compose" "$cj --builtin-schema vendor.compose-spec $compose" \
        -n "crlint-claude-codex" "$c $claude $codex" \
        -n "check-jsonschema-empty-schema" "$cj --schemafile $cmp/empty-schema.json $claude $codex"
    for set in dotenv workflows compose; do
        echo "crlint $set: $($c $(list $set) | tail -1)" | tee -a "$out/compare.txt"
    done
    echo "dotenv-linter: $("$tools/bin/dotenv-linter" check $dotenv 2>&1 | tail -1)" | tee -a "$out/compare.txt"
    echo "check-jsonschema workflows: $("$cj" --builtin-schema vendor.github-workflows $workflows 2>&1 | tail -1)" | tee -a "$out/compare.txt"
    echo "check-jsonschema compose: $("$cj" --builtin-schema vendor.compose-spec $compose 2>&1 | tail -1)" | tee -a "$out/compare.txt"
}

for p in "${parts[@]}"; do
    case "$p" in
        pathological) measure_pathological ;;
        compare) measure_compare ;;
        *) measure_tree "$p" ;;
    esac
done
echo "load average at end: $(load)" | tee -a "$out/machine.txt"
echo
python3 scripts/bench_report.py "$out" "${parts[@]}"
