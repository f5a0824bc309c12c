#!/usr/bin/env python3
"""Print the skeletons of README.md and README.zh-CN.md side by side, so that
the Chinese README can be resynchronised after README.md changes.

A skeleton is what tests/readme_zh.rs compares: the headings (level and order;
the text differs by language) and the fenced code blocks (equal, in order).
Each row shows the English item on the left and the Chinese one on the right;
`!!` marks the first row where they stop matching (a heading of another level,
a code block that differs, one side longer).

    python3 scripts/readme_skeleton.py            # both skeletons, side by side
    python3 scripts/readme_skeleton.py --diff     # only rows that do not match
    python3 scripts/readme_skeleton.py --blocks   # with the code blocks' full text

Resync: for a `!!` heading row, add or move the Chinese section; for a code
block row, copy the English block into the Chinese README verbatim (code blocks
are never translated). Then `cargo test --test readme_zh`.
"""

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def skeleton(text):
    """(kind, label, body) items: ('h', '## Title', level) and ('code', first line, block)."""
    items = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        # A backtick fence's info string holds no backtick (else it is inline code).
        if stripped.startswith("```") and "`" not in stripped.lstrip("`"):
            # CommonMark: a fence closes at as many backticks or more, alone on its line.
            fence = len(stripped) - len(stripped.lstrip("`"))
            j = i + 1
            while j < len(lines) and not (
                len(lines[j].strip()) >= fence and set(lines[j].strip()) == {"`"}
            ):
                j += 1
            block = "\n".join(lines[i : j + 1])
            items.append(("code", f"{stripped[:30]} ({j - i + 1} lines, line {i + 1})", block))
            i = j + 1
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            items.append(("h", line, level))
        i += 1
    return items


def same(a, b):
    if a is None or b is None or a[0] != b[0]:
        return False
    return a[2] == b[2]


def main():
    only_diff = "--diff" in sys.argv
    show_blocks = "--blocks" in sys.argv
    en = skeleton((ROOT / "README.md").read_text(encoding="utf-8"))
    zh = skeleton((ROOT / "README.zh-CN.md").read_text(encoding="utf-8"))
    width = 60
    bad = 0
    for n in range(max(len(en), len(zh))):
        a = en[n] if n < len(en) else None
        b = zh[n] if n < len(zh) else None
        ok = same(a, b)
        bad += not ok
        if only_diff and ok:
            continue
        left = a[1] if a else "—"
        right = b[1] if b else "—"
        print(f"{'  ' if ok else '!!'} {left[:width]:<{width}} │ {right}")
        if show_blocks and not ok:
            for item in (a, b):
                if item and item[0] == "code":
                    print(item[2])
    print(f"\n{len(en)} items in README.md, {len(zh)} in README.zh-CN.md, {bad} not matching")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
