#!/usr/bin/env python3
"""Measures crlint on the guides of tests/guides (issue 15): recall, precision
and wrong fixes.

tests/guides/templates/ holds 20 guides and scripts as users of the gateway
write them (English and Chinese, installers, switcher presets). Each value that
is wrong is written `⟦wrong→expected⟧` (expected empty: a finding is due, no
fix, as for a key written into a file). Everything else (right values,
counterexamples, links) must be left alone. This script
  1. writes the guides without the marks to tests/guides/cases/ and the answers
     to tests/guides/answers.tsv (file, line, column, wrong value, expected);
  2. runs `crlint check --output-format json` on a copy: a finding position
     (file, line, column) that is an answer is a hit, any other is a false
     finding; recall = answers hit / answers, precision = hits / positions;
  3. runs `crlint check --fix` (and `--fix --unsafe-fixes`) on copies: an answer
     whose value became `expected` is fixed right; one that changed to anything
     else is a wrong fix; a changed line that holds no answer is a wrong fix too.

Usage: scripts/measure-guides.py [CRLINT]   (default target/debug/crlint)
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUIDES = os.path.join(ROOT, "tests", "guides")
MARK = re.compile(r"⟦(.*?)→(.*?)⟧")


def build():
    """Writes the clean guides and returns the answers."""
    templates = os.path.join(GUIDES, "templates")
    cases = os.path.join(GUIDES, "cases")
    shutil.rmtree(cases, ignore_errors=True)
    os.makedirs(cases)
    answers = []
    for name in sorted(os.listdir(templates)):
        text = open(os.path.join(templates, name), encoding="utf-8").read()
        out_lines = []
        for n, line in enumerate(text.split("\n"), 1):
            clean = ""
            pos = 0
            for m in MARK.finditer(line):
                clean += line[pos : m.start()]
                answers.append((name, n, len(clean) + 1, m.group(1), m.group(2)))
                clean += m.group(1)
                pos = m.end()
            clean += line[pos:]
            out_lines.append(clean)
        with open(os.path.join(cases, name), "w", encoding="utf-8") as f:
            f.write("\n".join(out_lines))
    with open(os.path.join(GUIDES, "answers.tsv"), "w", encoding="utf-8") as f:
        f.write("file\tline\tcolumn\twrong\texpected\n")
        for a in answers:
            f.write("\t".join(map(str, a)) + "\n")
    return cases, answers


def run(crlint, cwd, *args):
    return subprocess.run([crlint, "check", ".", *args], cwd=cwd, capture_output=True, text=True)


def findings(crlint, cases):
    with tempfile.TemporaryDirectory() as d:
        work = os.path.join(d, "g")
        shutil.copytree(cases, work)
        out = run(crlint, work, "--output-format", "json")
        data = json.loads(out.stdout)
    positions = {}
    for diag in data["diagnostics"]:
        key = (os.path.basename(diag["path"]), diag["start"]["line"], diag["start"]["column"])
        positions.setdefault(key, []).append(diag["code"])
    return positions


def fixes(crlint, cases, answers, *flags):
    with tempfile.TemporaryDirectory() as d:
        work = os.path.join(d, "g")
        shutil.copytree(cases, work)
        run(crlint, work, "--fix", "--no-backup", *flags)
        right, wrong, details = 0, 0, []
        by_file = {}
        for a in answers:
            by_file.setdefault(a[0], []).append(a)
        for name in sorted(os.listdir(cases)):
            old = open(os.path.join(cases, name), encoding="utf-8").read().split("\n")
            new = open(os.path.join(work, name), encoding="utf-8").read().split("\n")
            mine = by_file.get(name, [])
            answer_lines = {a[1] for a in mine}
            # Lines changed where no answer is.
            sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag == "equal":
                    continue
                touched = set(range(i1 + 1, i2 + 1)) if i2 > i1 else {i1}
                if not touched & answer_lines:
                    wrong += 1
                    details.append(f"{name}:{i1 + 1}: changed where nothing was wrong: {new[j1:j2]}")
            if len(old) != len(new):
                continue  # lines added: answers are judged by the diff above only
            for _, line, col, was, expected in mine:
                text = new[line - 1]
                at = text[col - 1 :]
                if old[line - 1] == text:
                    continue  # not fixed
                if not expected:
                    wrong += 1
                    details.append(f"{name}:{line}: a value with no fix was rewritten: {text.strip()}")
                    continue
                end = re.match(r"[^\s\"'`|)\],]*", at).group(0)
                if end == expected:
                    right += 1
                else:
                    wrong += 1
                    details.append(f"{name}:{line}: {was} → {end}, expected {expected}")
        return right, wrong, details


def main():
    crlint = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "crlint")
    cases, answers = build()
    found = findings(crlint, cases)
    keys = {(a[0], a[1], a[2]) for a in answers}
    hits = [k for k in found if k in keys]
    false = sorted(k for k in found if k not in keys)
    missed = sorted(k for k in keys if k not in found)
    fixable = sum(1 for a in answers if a[4])
    print(f"guides: {len(os.listdir(cases))}, wrong values: {len(answers)} ({fixable} with a fix due)")
    print(f"recall: {len(hits)}/{len(answers)} = {len(hits) / len(answers):.1%}")
    print(f"precision: {len(hits)}/{len(found)} = {len(hits) / max(len(found), 1):.1%}")
    for k in missed:
        a = next(a for a in answers if (a[0], a[1], a[2]) == k)
        print(f"  missed {k[0]}:{k[1]}:{k[2]} {a[3]}")
    for k in false:
        print(f"  false finding {k[0]}:{k[1]}:{k[2]} {found[k]}")
    for label, flags in [("--fix", ()), ("--fix --unsafe-fixes", ("--unsafe-fixes",))]:
        right, wrong, details = fixes(crlint, cases, answers, *flags)
        print(f"{label}: fixed right {right}/{fixable}, wrong fixes {wrong}")
        for d in details:
            print(f"  {d}")


if __name__ == "__main__":
    main()
