#!/usr/bin/env bash
# Output before and after (issue 17): the same findings, byte for byte, from two
# crlint binaries on every benchmark tree and on fixtures/.
#
#   scripts/bench_same.sh record OLD_BIN [TREE...]   save OLD_BIN's output under target/bench-same/
#   scripts/bench_same.sh compare NEW_BIN [TREE...]  run NEW_BIN and diff against what was saved
#
# Per tree: `check TREE --output-format json` (every finding with its span,
# message, fix and the summary), its stderr and exit code; for fixtures/ also the
# concise, text and sarif outputs. TREE is a shape of scripts/bench.sh
# (target/bench-SHAPE, built when missing) or `fixtures` (every fixture case,
# walked as one directory). Exit 1 when any output differs.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:?record or compare}
bin=${2:?a crlint binary}
shift 2
trees=("$@")
[ ${#trees[@]} -eq 0 ] && trees=(fixtures ten dotfiles helm source-scripts docs ops monorepo home)
dir=target/bench-same
mkdir -p "$dir"
status=0
for name in "${trees[@]}"; do
    if [ "$name" = fixtures ]; then
        tree=fixtures
    else
        tree=target/bench-$name
        python3 scripts/bench_tree.py build "$name" "$tree" >/dev/null
    fi
    out=$(mktemp -d)
    code=0
    "$bin" check "$tree" --output-format json >"$out/json" 2>"$out/stderr" || code=$?
    echo "$code" >"$out/exit"
    if [ "$name" = fixtures ]; then
        for fmt in concise text sarif; do
            "$bin" check "$tree" --exit-zero --output-format "$fmt" --color never >"$out/$fmt" 2>&1 || true
        done
    fi
    summary=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"])' "$out/json" 2>/dev/null || echo "?")
    case "$mode" in
        record)
            rm -rf "${dir:?}/$name"
            mv "$out" "$dir/$name"
            echo "recorded $name: $summary"
            ;;
        compare)
            if [ ! -d "$dir/$name" ]; then
                echo "$name: nothing recorded (run record first)" >&2
                status=1
            elif diff -r "$dir/$name" "$out" >"$out.diff"; then
                echo "same $name: $summary"
            else
                echo "DIFFERENT $name:"
                head -40 "$out.diff"
                status=1
            fi
            rm -rf "$out" "$out.diff"
            ;;
        *) echo "bench_same: record or compare, not $mode" >&2; exit 2 ;;
    esac
done
exit $status
