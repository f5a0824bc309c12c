//! Shell rc files and scripts into the document model: every environment
//! variable the file sets is an entry at path `[NAME]`, as in dotenv files, so
//! the same variable rules apply. Paths are not unique: a variable set twice
//! gives two entries, in file order. One lexer per dialect, because their
//! quoting rules differ (a `\` in a PowerShell string is a plain character, a
//! backtick is its escape):
//!
//! - `posix`: sh, bash, zsh (`NAME=value`, `export`/`declare`/`typeset`/`local`/
//!   `readonly`, `env NAME=value cmd`, csh and `launchctl` `setenv NAME value`)
//!   and fish (`set -gx NAME value` and the other scope and export flags);
//! - `powershell`: `$env:NAME = "value"`, `${env:NAME}`,
//!   `[Environment]::SetEnvironmentVariable("NAME", "value", …)`,
//!   `Set-Item Env:NAME "value"`, `setx NAME value`; backtick escapes and line
//!   continuations, here-strings `@"…"@` / `@'…'@`, `<# … #>` comments;
//! - `cmd`: Windows batch files (`.cmd`, `.bat`): `set NAME=value`,
//!   `set "NAME=value"`, `setx NAME value`; `REM` and `::` comments.
//!
//! A value made of one quoted string is `Quote::Single`/`Quote::Double` with the
//! span inside the quotes; any other word is `Quote::Bare` over the whole word;
//! a PowerShell here-string is `Quote::Block`. `$VAR`, `${VAR}`, `$(…)` are kept
//! as written, never expanded.
//!
//! A shell script is not a config file: any command that is not one of the
//! forms above is skipped, never an error. Only a quote (or backquote, or
//! here-string) left open is a parse failure, because then nothing after it can
//! be trusted. `parse` guesses the dialect from the text; `parse_dialect` takes
//! it from a caller that knows the file (the catalog's `powershell` and `cmd`
//! formats); `parse_lenient` is for a script people read or run rather than
//! one a client loads: a quote left open fails only its own line, and lexing
//! goes on at the next one (the failures are returned).
//!
//! Not for: expanding variables, following `source`, aliases and functions
//! (`alias c='ANTHROPIC_BASE_URL=… claude'` sets nothing here), or the files a
//! script writes (heredocs are skipped here; `crate::embedded` reads them).

mod cmd;
pub mod posix;
pub mod powershell;

use crate::document::{Document, Format, ParseFailure};

/// The quoting rules a file is lexed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// sh, bash, zsh (and ksh, dash).
    Posix,
    Fish,
    PowerShell,
    /// Windows `cmd.exe` batch files.
    Cmd,
}

impl Dialect {
    /// Guesses the dialect: PowerShell when a line assigns `$env:NAME`, calls
    /// `SetEnvironmentVariable`, opens a here-string or ends with a backtick
    /// continuation; fish when a line runs `set` with fish's scope or export flags
    /// or closes a block with `end`; POSIX otherwise (a batch file is known by
    /// its name, never guessed).
    pub fn detect(text: &str) -> Dialect {
        let mut fish = false;
        for line in text.lines() {
            let line = line.trim();
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("$env:")
                || lower.starts_with("${env:")
                || lower.contains("[environment]::setenvironmentvariable")
                || lower.contains("[system.environment]::setenvironmentvariable")
                || (lower.ends_with("@\"") || lower.ends_with("@'")) && lower.contains('=')
            {
                return Dialect::PowerShell;
            }
            let mut words = line.split_whitespace();
            if line == "end" || (words.next() == Some("set") && posix::is_fish_set(words)) {
                fish = true;
            }
        }
        if fish {
            Dialect::Fish
        } else {
            Dialect::Posix
        }
    }

    /// The dialect a format names, if it names one (`Format::Shell` guesses).
    pub fn of_format(format: Format) -> Option<Dialect> {
        match format {
            Format::PowerShell => Some(Dialect::PowerShell),
            Format::Cmd => Some(Dialect::Cmd),
            _ => None,
        }
    }
}

pub fn parse(text: &str) -> Result<Document, ParseFailure> {
    parse_dialect(text, Dialect::detect(text))
}

pub fn parse_dialect(text: &str, dialect: Dialect) -> Result<Document, ParseFailure> {
    let (doc, failures) = lex(text, dialect, false)?;
    debug_assert!(failures.is_empty());
    Ok(doc)
}

/// Every line that lexes, and the failures of those that do not (a quote left
/// open fails its own line only).
pub fn parse_lenient(text: &str, dialect: Dialect) -> (Document, Vec<ParseFailure>) {
    match lex(text, dialect, true) {
        Ok(found) => found,
        // Lenient lexers do not fail; should one, nothing is trusted.
        Err(failure) => {
            (Document { format: Format::Shell, entries: vec![], comments: vec![] }, vec![failure])
        }
    }
}

fn lex(text: &str, dialect: Dialect, lenient: bool) -> Result<(Document, Vec<ParseFailure>), ParseFailure> {
    let found = match dialect {
        Dialect::Posix | Dialect::Fish => posix::lex(text, dialect == Dialect::Fish, lenient)?,
        Dialect::PowerShell => powershell::lex(text, lenient)?,
        Dialect::Cmd => cmd::lex(text),
    };
    // The caller names the format it asked for (`formats::parse`).
    Ok((Document { format: Format::Shell, entries: found.entries, comments: found.comments }, found.failures))
}

/// What a dialect's lexer found.
struct Lexed {
    entries: Vec<crate::document::Entry>,
    comments: Vec<crate::document::Comment>,
    /// With `lenient`: the lines that did not lex.
    failures: Vec<ParseFailure>,
}

pub(crate) fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn unterminated(what: &str, at: usize) -> ParseFailure {
    ParseFailure { message: format!("unterminated {what}"), span: at..at + 1 }
}

/// The end of the line `at` is on (the offset of its `\n`, or the text's end).
fn line_end(text: &str, at: usize) -> usize {
    text[at.min(text.len())..].find('\n').map_or(text.len(), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Quote, Segment};
    use crate::formats::testkit::{assert_spans_on_boundaries, random_texts};

    fn check_spans(text: &str, doc: &Document) {
        for e in &doc.entries {
            let s = &e.scalar;
            let token = &text[s.token.clone()];
            match s.quote {
                Quote::Double => {
                    assert!(token.len() >= 2 && token.ends_with('"') && token.contains('"'), "{token:?}")
                }
                Quote::Single => {
                    assert!(token.len() >= 2 && token.ends_with('\'') && token.contains('\''), "{token:?}")
                }
                Quote::Bare => assert_eq!(s.token, s.content),
                Quote::Block => assert!(token.starts_with('@') && token.ends_with('@')),
                _ => panic!("no such quotes in shell: {e:?}"),
            }
            assert!(s.token.start <= s.content.start && s.content.end <= s.token.end);
            if matches!(s.quote, Quote::Single | Quote::Double) {
                assert_eq!(s.content, s.token.start + 1..s.token.end - 1, "{e:?}");
            }
            let raw = &text[s.content.clone()];
            if !raw.contains(['\\', '\'', '"', '`', '$']) {
                assert_eq!(raw, s.value, "{e:?}");
            }
            let Segment::Key(name) = &e.path[0] else { panic!() };
            assert_eq!(&text[e.key_span.clone().unwrap()], name);
        }
    }

    fn entries(text: &str, dialect: Dialect) -> Vec<(String, String, Quote, String)> {
        let doc = parse_dialect(text, dialect).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        check_spans(text, &doc);
        flat(text, &doc)
    }

    use crate::formats::testkit::{flat, row as e};

    #[test]
    fn bash_and_zsh_assignments() {
        let text = "#!/bin/bash\n# 网关设置 ünïcode\nexport ANTHROPIC_BASE_URL=https://api.crazyrouter.com # note\nexport A=1 B='two words' C=\"x\\\"y\\$z \\\\ $HOME\"\nD=${HOME}/x E=$(cat \"f g\") cmd arg F=ignored\nif [ -z \"$X\" ]; then export X=\"a b\"; fi\ndeclare -x G=g; typeset -gx H=h; local I=i\necho export J=no\nK=a\"b\"'c'\nL=\nM=$'a\\tb'\nexport N\narr=(1 2)\n";
        let got = entries(text, Dialect::Posix);
        let want = vec![
            e(
                "ANTHROPIC_BASE_URL",
                "https://api.crazyrouter.com",
                Quote::Bare,
                "https://api.crazyrouter.com",
            ),
            e("A", "1", Quote::Bare, "1"),
            e("B", "two words", Quote::Single, "two words"),
            e("C", "x\"y$z \\ $HOME", Quote::Double, "x\\\"y\\$z \\\\ $HOME"),
            e("D", "${HOME}/x", Quote::Bare, "${HOME}/x"),
            e("E", "$(cat \"f g\")", Quote::Bare, "$(cat \"f g\")"),
            e("X", "a b", Quote::Double, "a b"),
            e("G", "g", Quote::Bare, "g"),
            e("H", "h", Quote::Bare, "h"),
            e("I", "i", Quote::Bare, "i"),
            e("K", "abc", Quote::Bare, "a\"b\"'c'"),
            e("L", "", Quote::Bare, ""),
            e("M", "a\tb", Quote::Bare, "$'a\\tb'"),
        ];
        assert_eq!(got, want);
        let doc = parse(text).unwrap();
        let comments: Vec<&str> = doc.comments.iter().map(|c| &text[c.span.clone()]).collect();
        assert_eq!(comments, vec!["#!/bin/bash", "# 网关设置 ünïcode", "# note"]);
        let b = doc.get(&[Segment::Key("B".into())]).unwrap();
        assert_eq!(&text[b.scalar.token.clone()], "'two words'");
    }

    #[test]
    fn comments_only_at_word_starts_and_outside_quotes() {
        let text = "A=a#b # real\nB='# no' ;# yes\necho \"#no\" x#y $#\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.get(&[Segment::Key("A".into())]).unwrap().scalar.value, "a#b");
        let got: Vec<&str> = doc.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(got, vec![" real", " yes"]);
    }

    #[test]
    fn crlf_continuations_multiline_quotes_and_heredocs() {
        let text = "export A=x \\\r\n  B=y\r\nC=\"multi\r\nline\"\r\nC2=\"con\\\r\ntinued\"\r\ncat <<EOF\r\nexport NOT=set\r\nit's fine\r\nEOF\r\ncat <<-'END' > f\n\tD=no\n\tEND\nE=after\n";
        let got = entries(text, Dialect::Posix);
        assert_eq!(
            got,
            vec![
                e("A", "x", Quote::Bare, "x"),
                e("B", "y", Quote::Bare, "y"),
                e("C", "multi\r\nline", Quote::Double, "multi\r\nline"),
                e("C2", "continued", Quote::Double, "con\\\r\ntinued"),
                e("E", "after", Quote::Bare, "after"),
            ]
        );
    }

    #[test]
    fn fish_set_forms() {
        let text = "# fish\nset -gx ANTHROPIC_BASE_URL https://api.crazyrouter.com\nset -x A 'it\\'s'\nset -Ux B \"q\"\nset --export --global C c\nset --global D d\nset -e E\nset -gx PATH a b c\nset -l F (pwd)\nif status is-interactive\n  set -gx G g\nend\n";
        assert_eq!(Dialect::detect(text), Dialect::Fish);
        let got = entries(text, Dialect::Fish);
        assert_eq!(
            got,
            vec![
                e(
                    "ANTHROPIC_BASE_URL",
                    "https://api.crazyrouter.com",
                    Quote::Bare,
                    "https://api.crazyrouter.com"
                ),
                e("A", "it's", Quote::Single, "it\\'s"),
                e("B", "q", Quote::Double, "q"),
                e("C", "c", Quote::Bare, "c"),
                e("D", "d", Quote::Bare, "d"),
                e("F", "(pwd)", Quote::Bare, "(pwd)"),
                e("G", "g", Quote::Bare, "g"),
            ]
        );
        // bash's own `set` is no assignment.
        assert!(entries("set -euo pipefail\nset -x\nset -- a b\n", Dialect::Posix).is_empty());
        assert_eq!(Dialect::detect("set -euo pipefail\nset -x\n"), Dialect::Posix);
    }

    #[test]
    fn powershell_forms() {
        let text = "# profile\n$env:ANTHROPIC_BASE_URL = \"https://api.crazyrouter.com\"\n$Env:A='it''s' # c\n${env:B} = \"C:\\tools\\\"\n[Environment]::SetEnvironmentVariable(\"C\", \"`\"q`\" `$x\", \"User\")\n[System.Environment]::SetEnvironmentVariable('D', 'd', [EnvironmentVariableTarget]::User)\n<# block\ncomment #>\n$env:E = @\"\nhere\n\"@\n$x = \"$($env:F) \"\"\"\nWrite-Host \"done\"\nif ($x) { $env:G = 'g' }\n$env:H = \"a\" + $b\n$env:I += \"i\"\n[Environment]::SetEnvironmentVariable(\"J\", \"j\" + $k)\n";
        assert_eq!(Dialect::detect(text), Dialect::PowerShell);
        let got = entries(text, Dialect::PowerShell);
        assert_eq!(
            got,
            vec![
                e(
                    "ANTHROPIC_BASE_URL",
                    "https://api.crazyrouter.com",
                    Quote::Double,
                    "https://api.crazyrouter.com"
                ),
                e("A", "it's", Quote::Single, "it''s"),
                e("B", "C:\\tools\\", Quote::Double, "C:\\tools\\"),
                e("C", "\"q\" $x", Quote::Double, "`\"q`\" `$x"),
                e("D", "d", Quote::Single, "d"),
                e("E", "here", Quote::Block, "here"),
                e("G", "g", Quote::Single, "g"),
            ]
        );
        let doc = parse(text).unwrap();
        let comments: Vec<&str> = doc.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, vec![" profile", " c", " block\ncomment "]);
        let c = doc.get(&[Segment::Key("C".into())]).unwrap();
        assert_eq!(&text[c.key_span.clone().unwrap()], "C");
    }

    #[test]
    fn other_setters() {
        let got = entries("setenv A a\nlaunchctl setenv B \"b\"\nenv C=c D=d cmd E=e\n", Dialect::Posix);
        assert_eq!(
            got,
            vec![
                e("A", "a", Quote::Bare, "a"),
                e("B", "b", Quote::Double, "b"),
                e("C", "c", Quote::Bare, "c"),
                e("D", "d", Quote::Bare, "d"),
            ]
        );
    }

    #[test]
    fn unparseable_lines_are_skipped_but_an_open_quote_fails() {
        let text = "fi }{ (( )) ]] ;; esac\nfor x in *; do :; done\nA=1\n";
        assert_eq!(entries(text, Dialect::Posix), vec![e("A", "1", Quote::Bare, "1")]);
        let text = "A=1\n名=x\nB=\"open\nC=2\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.span.start, text.find('"').unwrap());
        let err = parse_dialect("echo 'x\n", Dialect::Posix).unwrap_err();
        assert_eq!(err.span, 5..6);
        assert!(parse_dialect("$env:A = \"x\n", Dialect::PowerShell).is_err());
        // An apostrophe in a comment or a heredoc is no quote.
        assert!(parse("# don't\ncat <<X\ndon't\nX\n").is_ok());
    }

    #[test]
    fn property_raw_text_decodes_to_the_value_when_there_are_no_escapes() {
        let mut next = crate::formats::testkit::rng(0x2545_f491_4f6c_dd1d);
        let pieces = ["a", "中文", "ü", "😀", "https://x/v1", " ", "$HOME", "#", "'", "\"", "\\", "=", "`"];
        for _ in 0..300 {
            let dialect = [Dialect::Posix, Dialect::Fish, Dialect::PowerShell][next(3)];
            let mut text = String::new();
            let mut expected = Vec::new();
            for i in 0..1 + next(5) {
                let mut raw = String::new();
                for _ in 0..1 + next(4) {
                    raw.push_str(pieces[next(pieces.len())]);
                }
                let (quoted, value) = match (next(2), dialect) {
                    (0, Dialect::PowerShell) => (format!("'{}'", raw.replace('\'', "''")), raw.clone()),
                    (_, Dialect::PowerShell) => (
                        format!("\"{}\"", raw.replace('`', "``").replace('"', "`\"").replace('$', "`$")),
                        raw.clone(),
                    ),
                    (0, Dialect::Fish) => {
                        (format!("'{}'", raw.replace('\\', "\\\\").replace('\'', "\\'")), raw.clone())
                    }
                    (0, _) => (format!("'{}'", raw.replace('\'', "'\\''")), raw.clone()),
                    (_, Dialect::Fish) => (
                        format!("\"{}\"", raw.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$")),
                        raw.clone(),
                    ),
                    _ => (
                        format!(
                            "\"{}\"",
                            raw.replace('\\', "\\\\")
                                .replace('"', "\\\"")
                                .replace('$', "\\$")
                                .replace('`', "\\`")
                        ),
                        raw.clone(),
                    ),
                };
                if next(3) == 0 {
                    text.push_str("# 注释 it's \"\n");
                }
                let line = match dialect {
                    Dialect::Posix => format!("export V{i}={quoted}"),
                    Dialect::Fish => format!("set -gx V{i} {quoted}"),
                    Dialect::PowerShell => format!("$env:V{i} = {quoted}"),
                    Dialect::Cmd => unreachable!("not generated"),
                };
                text.push_str(&line);
                text.push_str(if next(2) == 0 { " # c\r\n" } else { "\n" });
                expected.push(value);
            }
            let doc = parse_dialect(&text, dialect).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            check_spans(&text, &doc);
            let values: Vec<&str> = doc.entries.iter().map(|e| e.scalar.value.as_str()).collect();
            assert_eq!(values, expected, "{text:?}");
            for e in &doc.entries {
                let raw = &text[e.scalar.content.clone()];
                let escapes = match (dialect, e.scalar.quote) {
                    (Dialect::PowerShell, Quote::Single) => raw.contains("''"),
                    (Dialect::PowerShell, _) => raw.contains('`') || raw.contains("\"\""),
                    (Dialect::Posix, Quote::Single) => false,
                    _ => raw.contains('\\'),
                };
                if e.scalar.quote != Quote::Bare && !escapes {
                    assert_eq!(raw, e.scalar.value, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn dispatch_strips_a_bom_and_detects_the_dialect() {
        let text = "\u{feff}$env:OPENAI_BASE_URL = 'https://api.crazyrouter.com/v1' # 注\n";
        let doc = crate::formats::parse(Format::Shell, text).unwrap();
        assert_eq!(&text[doc.entries[0].scalar.token.clone()], "'https://api.crazyrouter.com/v1'");
        assert_eq!(&text[doc.comments[0].span.clone()], "# 注");
        let text = "\u{feff}export A=\"x\"\n";
        let doc = crate::formats::parse(Format::Shell, text).unwrap();
        assert_eq!(&text[doc.entries[0].scalar.content.clone()], "x");
    }

    /// Arbitrary text never panics, and every span lies on character boundaries.
    #[test]
    fn arbitrary_text_never_panics() {
        for text in random_texts("ab=#- \n\r\t'\"\\$(){}`;&|<>@:E中é😀x[]+", 20_000, 80) {
            if let Ok(doc) = parse(&text) {
                assert_spans_on_boundaries(&text, &doc);
            }
        }
    }
}
