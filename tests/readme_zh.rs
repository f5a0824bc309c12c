//! README.zh-CN.md is README.md in Chinese, section for section: the headings
//! map one to one (same count, same levels, same order), the fenced code blocks
//! are equal and in the same order, and each links to the other at its top.
//! When README.md changes, `python3 scripts/readme_skeleton.py --diff` shows
//! where the Chinese one must follow.

/// Headings (their levels) and fenced code blocks (their text) outside code blocks.
struct Skeleton {
    levels: Vec<usize>,
    headings: Vec<String>,
    blocks: Vec<String>,
}

fn skeleton(text: &str) -> Skeleton {
    let mut s = Skeleton { levels: Vec::new(), headings: Vec::new(), blocks: Vec::new() };
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let after = line.trim_start().trim_start_matches('`');
        // A backtick fence's info string holds no backtick (else it is inline code).
        if line.trim_start().starts_with("```") && !after.contains('`') {
            // CommonMark: the block ends at a fence of at least as many backticks
            // with nothing after them (a ```` fence may show ``` lines).
            let fence = line.trim_start().len() - line.trim_start().trim_start_matches('`').len();
            let closes = |l: &str| {
                let t = l.trim();
                t.len() >= fence && t.chars().all(|c| c == '`')
            };
            let mut j = i + 1;
            while j < lines.len() && !closes(lines[j]) {
                j += 1;
            }
            s.blocks.push(lines[i..=j.min(lines.len() - 1)].join("\n"));
            i = j + 1;
            continue;
        }
        if line.starts_with('#') {
            s.levels.push(line.len() - line.trim_start_matches('#').len());
            s.headings.push(line.to_string());
        }
        i += 1;
    }
    s
}

fn both() -> (Skeleton, Skeleton) {
    (
        skeleton(&std::fs::read_to_string("README.md").unwrap()),
        skeleton(&std::fs::read_to_string("README.zh-CN.md").unwrap()),
    )
}

#[test]
fn headings_map_one_to_one() {
    let (en, zh) = both();
    assert!(en.levels.len() >= 20, "only {} headings read in README.md", en.levels.len());
    let pairs: Vec<String> = en
        .headings
        .iter()
        .zip(zh.headings.iter().map(Some).chain(std::iter::repeat(None)))
        .map(|(a, b)| format!("{a}  ↔  {}", b.map_or("(none)", String::as_str)))
        .collect();
    assert_eq!(zh.levels, en.levels, "heading levels differ:\n{}", pairs.join("\n"));
}

#[test]
fn code_blocks_are_equal_and_in_order() {
    let (en, zh) = both();
    assert!(en.blocks.len() >= 10, "only {} code blocks read in README.md", en.blocks.len());
    assert_eq!(zh.blocks.len(), en.blocks.len(), "number of code blocks");
    for (n, (a, b)) in en.blocks.iter().zip(&zh.blocks).enumerate() {
        assert_eq!(b, a, "code block {} differs", n + 1);
    }
}

#[test]
fn headings_are_translated() {
    let (en, zh) = both();
    // Past the title, a heading copied untranslated is a section not written yet.
    let untranslated: Vec<&String> =
        en.headings.iter().zip(&zh.headings).skip(1).filter(|(a, b)| a == b).map(|(a, _)| a).collect();
    assert!(untranslated.is_empty(), "headings left in English: {untranslated:?}");
}

#[test]
fn each_links_to_the_other_at_its_top() {
    let top =
        |path: &str| std::fs::read_to_string(path).unwrap().lines().take(10).collect::<Vec<_>>().join("\n");
    assert!(
        top("README.md").contains("(README.zh-CN.md)"),
        "README.md does not link README.zh-CN.md at its top"
    );
    assert!(
        top("README.zh-CN.md").contains("(README.md)"),
        "README.zh-CN.md does not link README.md at its top"
    );
}

/// The reader sees a drift: a changed block and a missing heading are caught.
#[test]
fn the_comparison_sees_a_planted_drift() {
    let en = skeleton("# a\n\n## b\n\n```sh\nx\n```\n");
    let zh = skeleton("# a\n\n```sh\ny\n```\n");
    assert_ne!(en.levels, zh.levels);
    assert_ne!(en.blocks, zh.blocks);
    let fenced = skeleton("```sh\n# not a heading\n```\n  ```yaml\n  - a\n  ```\n");
    assert!(fenced.levels.is_empty());
    assert_eq!(fenced.blocks.len(), 2);
}
