#!/usr/bin/env python3
"""The table `scripts/bench.sh` prints, from what it left in target/bench-results/.

    bench_report.py RESULTS_DIR PART...

Writes RESULTS_DIR/table.md (the Markdown tables BENCHMARKS.md records) and
RESULTS_DIR/summary.json, and prints the tables.

Columns of the tree table:
- files, MB: every file of the tree except .git/ (MB = 10^6 bytes);
- gw r/w/l: gateway values the generator wrote (right / wrong / look-alike), and
  the number of files holding them;
- findings: crlint's summary line, shortened to the count of problems;
- crlint ms, rg ms: hyperfine medians of the two commands, measured back to back;
- ratio: crlint / rg (medians); cpu ratio: the same with user+system CPU time
  (means), which moves less than wall time when other jobs share the machine;
- RSS MB: crlint's peak resident set (GNU time, one run);
- nm MB: bytes of the files crlint must look at that mention nothing it cares about
  (see scripts/bench_tree.py); nm MB/s/core: nm MB / crlint's user+system CPU
  time. All of crlint's CPU time is charged to those bytes (the walk, the files
  that do mention something, start-up), so this is a lower bound on the rate
  at which it goes through them.
"""

import json
import os
import re
import sys

TARGETS = {"ratio": 1.0, "rss_mb": 100, "ten_ms": 10, "nm_mb_s": 1000, "one_line_ms": 1000, "one_line_mb": 100, "array_ms": 2000, "array_mb": 300}


def load(path, default=None):
    try:
        with open(path) as f:
            return json.load(f) if path.endswith(".json") else f.read().strip()
    except OSError:
        return default


def by_name(hf):
    return {r["command"]: r for r in hf["results"]}


def mb(n):
    return n / 1e6


def tree_row(out, shape):
    hf = load(f"{out}/{shape}.json")
    stats = load(f"{out}/{shape}.stats.json")
    if hf is None or stats is None:
        return None
    m = load(f"target/bench-{shape}.manifest.json") or {}
    r = by_name(hf)
    c, g = r["crlint"], r["rg"]
    cpu_c = c["user"] + c["system"]
    cpu_g = g["user"] + g["system"]
    rss_kb = int((load(f"{out}/{shape}.rss.txt", "0") or "0").splitlines()[0])
    findings = load(f"{out}/{shape}.findings.txt", "") or ""
    found = re.search(r"Found (\d+) problem", findings)
    tally = m.get("tally")
    return {
        "shape": shape,
        "files": stats["files"],
        "bytes": stats["bytes"],
        "gateway": tally,
        "gateway_urls": stats["gateway_urls"],
        "findings": int(found.group(1)) if found else (0 if "No problems" in findings or "All checks" in findings else findings),
        "crlint_ms": c["median"] * 1000,
        "rg_ms": g["median"] * 1000,
        "ratio": c["median"] / g["median"],
        "cpu_ratio": cpu_c / cpu_g if cpu_g else None,
        "crlint_cpu_ms": cpu_c * 1000,
        "rss_mb": rss_kb / 1024,
        "nm_bytes": stats["nm_bytes"],
        "nm_mb_s_core": mb(stats["nm_bytes"]) / cpu_c if cpu_c else None,
        "load": (load(f"{out}/{shape}.load.txt", "") or "").replace("load ", ""),
    }


def main(argv):
    out, parts = argv[0], argv[1:]
    lines = []
    summary = {"machine": load(f"{out}/machine.txt", ""), "trees": [], "pathological": [], "compare": []}
    rows = [row for row in (tree_row(out, p) for p in parts if p not in ("pathological", "compare")) if row]
    if rows:
        lines.append("| shape | files | MB | gw values r/w/l (files) | findings | crlint ms | rg ms | ratio | cpu ratio | RSS MB | nm MB | nm MB/s/core | load |")
        lines.append("|---|--:|--:|--|--:|--:|--:|--:|--:|--:|--:|--:|--|")
        for x in rows:
            t = x["gateway"]
            gw = f"{t['right']}/{t['wrong']}/{t['lookalike']} ({t['files']})" if t else f"{x['gateway_urls']} (fixtures)"
            if t and t["right"] + t["wrong"] + t["lookalike"] != x["gateway_urls"]:
                gw += f" [scan: {x['gateway_urls']}]"
            lines.append(
                f"| {x['shape']} | {x['files']:,} | {mb(x['bytes']):,.1f} | {gw} | {x['findings']} | {x['crlint_ms']:,.1f} | {x['rg_ms']:,.1f} | "
                f"{x['ratio']:.2f}x | {x['cpu_ratio']:.2f}x | {x['rss_mb']:.1f} | {mb(x['nm_bytes']):,.1f} | {x['nm_mb_s_core']:,.0f} | {x['load']} |"
            )
        summary["trees"] = rows
        lines.append("")
        misses = []
        for x in rows:
            if x["ratio"] > TARGETS["ratio"]:
                misses.append(f"{x['shape']}: {x['ratio']:.2f}x rg (target <= 1.0x)")
            if x["rss_mb"] >= TARGETS["rss_mb"]:
                misses.append(f"{x['shape']}: {x['rss_mb']:.0f} MB (target < 100 MB)")
            if x["shape"] == "ten" and x["crlint_ms"] >= TARGETS["ten_ms"]:
                misses.append(f"ten: {x['crlint_ms']:.1f} ms (target < 10 ms)")
            if x["nm_mb_s_core"] is not None and x["nm_bytes"] > 10e6 and x["nm_mb_s_core"] < TARGETS["nm_mb_s"]:
                misses.append(f"{x['shape']}: {x['nm_mb_s_core']:.0f} MB/s per core on bytes that mention nothing (target >= 1000)")
        lines.append("Targets missed: " + ("; ".join(misses) if misses else "none") + ".")
        lines.append("")
    if "pathological" in parts and load(f"{out}/pathological.json"):
        r = by_name(load(f"{out}/pathological.json"))
        lines.append("| pathological file | median ms | CPU ms | peak RSS MB | target |")
        lines.append("|---|--:|--:|--:|--|")
        for name, x in r.items():
            rss_lines = (load(f"{out}/pathological.{name}.rss.txt", "0") or "0").splitlines()
            rss = int(rss_lines[0]) / 1024 if rss_lines and rss_lines[0].isdigit() else 0.0
            failed = next((l for l in rss_lines[1:] if l.startswith(("exit", "signal"))), None)
            one = name.startswith("one-line")
            limit_ms, limit_mb = (TARGETS["one_line_ms"], TARGETS["one_line_mb"]) if one else (TARGETS["array_ms"], TARGETS["array_mb"])
            ok = x["median"] * 1000 < limit_ms and rss < limit_mb and not failed
            verdict = f"FAILED ({failed}; time and RSS up to the failure)" if failed else ("ok" if ok else "MISSED")
            cpu = (x["user"] + x["system"]) * 1000
            lines.append(f"| {name} | {x['median'] * 1000:,.1f} | {cpu:,.1f} | {rss:.1f} | < {limit_ms} ms, < {limit_mb} MB: {verdict} |")
            summary["pathological"].append({"name": name, "median_ms": x["median"] * 1000, "cpu_ms": cpu, "rss_mb": rss, "failed": failed, "ok": ok})
        lines.append("")
    if "compare" in parts and load(f"{out}/compare.json"):
        r = by_name(load(f"{out}/compare.json"))
        pairs = [("dotenv", "crlint-dotenv", "dotenv-linter"), ("GitHub workflows", "crlint-workflows", "check-jsonschema-workflows"), ("compose files", "crlint-compose", "check-jsonschema-compose"), ("Claude Code + Codex configs", "crlint-claude-codex", "check-jsonschema-empty-schema")]
        lines.append("| files | crlint ms | other tool | other ms | other / crlint |")
        lines.append("|---|--:|---|--:|--:|")
        for label, a, b in pairs:
            if a in r and b in r:
                ca, cb = r[a]["median"] * 1000, r[b]["median"] * 1000
                lines.append(f"| {label} | {ca:,.1f} | {b} | {cb:,.1f} | {cb / ca:.1f}x |")
                summary["compare"].append({"files": label, "crlint_ms": ca, "tool": b, "tool_ms": cb})
        lines.append("")
    text = "\n".join(lines)
    with open(f"{out}/table.md", "w") as f:
        f.write(text + "\n")
    with open(f"{out}/summary.json", "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
