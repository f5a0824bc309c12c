#!/usr/bin/env bash
# Fuzzes crlint's parsers, URL analysis, lint and fix round trip (the targets in
# fuzz/fuzz_targets/) with cargo-fuzz and libFuzzer, each for SECONDS (default
# 60), one after the other, and says which found a crash. Not part of CI: run it
# by hand after touching a parser, the URL code or the fix engine. Installs
# cargo-fuzz from crates.io when missing; works on stable through
# RUSTC_BOOTSTRAP=1 (cargo-fuzz passes nightly-only flags such as -Zsanitizer).
# Corpora are seeded from fixtures/ and kept in fuzz/corpus/ (git-ignored);
# a crash leaves its input in fuzz/artifacts/TARGET/: minimise it with
# `cargo fuzz tmin TARGET FILE` and turn it into a test under tests/.
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1

cd fuzz
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)

# Seeds: the fixtures of each format, and a few URLs.
seed() {
    local target=$1 pattern=$2
    mkdir -p "corpus/$target"
    find ../fixtures -type f -name "$pattern" -print0 | while IFS= read -r -d '' f; do
        cp "$f" "corpus/$target/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
    done
}
seed parse_json '*.json'
seed parse_toml '*.toml'
seed parse_dotenv '*env*'
seed fix_roundtrip '*env*'
for target in url lint_url_value fix_roundtrip; do
    mkdir -p "corpus/$target"
    for u in https://api.crazyrouter.com/v1/v1 http://crazyrouter.com/v1beta/models/x:generateContent \
        'https://api.crazyroutr.com/v1/chat/completions/?key=sk-x#f' ' "https://cn.crazyrouter.com/" '; do
        printf '%s' "$u" >"corpus/$target/seed-$(printf '%s' "$u" | cksum | cut -d' ' -f1)"
    done
done

cargo fuzz build -O
failed=()
for target in "${targets[@]}"; do
    echo "== fuzz $target for ${seconds}s"
    # -timeout: an input that takes 10 s is a finding too (a hang, or quadratic work).
    if ! cargo fuzz run -O "$target" -- -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        2>&1 | tee "/tmp/crlint-fuzz-$target.log" | grep -E '^(Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|thread .* panicked)'; then
        :
    fi
    if grep -qE '^(==[0-9]+==ERROR|SUMMARY: libFuzzer)|panicked at' "/tmp/crlint-fuzz-$target.log"; then
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]} (inputs in fuzz/artifacts/; logs in /tmp/crlint-fuzz-*.log)"
    exit 1
fi
echo "fuzz: no crash in ${targets[*]}"
