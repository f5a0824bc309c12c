//! In debug builds, a count of the parses of each file in each format, so a test
//! can prove what the pipeline promises: `check` parses each file once per format
//! it is read in (and each document inside it, counted against `FILE#N`, once per
//! format), runs each extractor of inner documents once per file
//! (`extract:ID`), `--fix` once more per fix pass for the files it edits, and
//! `--probe` not at all. The pipeline names the file it works on (`attribute`);
//! every call of `formats::parse` counts against it (or against no file, which
//! a test also sees). The fix loop and the project pass record each pass that
//! edits a file (`record_pass`), so a test can tell a parse a fix needed from one
//! too many. With `CRLINT_DEBUG_PARSES=1` the binary prints the counts to stderr
//! at exit. Release builds compile all of this away.

#[cfg(debug_assertions)]
mod imp {
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Mutex;

    use crate::document::Format;

    thread_local! {
        static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
    }

    static COUNTS: Mutex<BTreeMap<(String, String), usize>> = Mutex::new(BTreeMap::new());
    static PASSES: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());

    /// Runs `work` with its parses counted against `path`.
    pub fn attribute<R>(path: &Path, work: impl FnOnce() -> R) -> R {
        let previous = CURRENT.with(|c| c.replace(Some(path.display().to_string())));
        let out = work();
        CURRENT.with(|c| *c.borrow_mut() = previous);
        out
    }

    pub fn record(format: Format) {
        let file = CURRENT.with(|c| c.borrow().clone()).unwrap_or_else(|| "<no file>".into());
        *COUNTS.lock().unwrap_or_else(|e| e.into_inner()).entry((file, format.to_string())).or_default() += 1;
    }

    /// A pass of an extractor of documents inside the current file (`crate::embedded`).
    pub fn record_extraction(extractor: &str) {
        let file = CURRENT.with(|c| c.borrow().clone()).unwrap_or_else(|| "<no file>".into());
        *COUNTS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry((file, format!("extract:{extractor}")))
            .or_default() += 1;
    }

    /// A pass that edited the current file (its text is then analysed again).
    pub fn record_pass() {
        let file = CURRENT.with(|c| c.borrow().clone()).unwrap_or_else(|| "<no file>".into());
        *PASSES.lock().unwrap_or_else(|e| e.into_inner()).entry(file).or_default() += 1;
    }

    /// `parsed FORMAT COUNT PATH` and `fix-passes COUNT PATH` lines, sorted, for stderr.
    pub fn report() -> String {
        let counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
        let passes = PASSES.lock().unwrap_or_else(|e| e.into_inner());
        let parsed =
            counts.iter().map(|((file, format), n)| format!("crlint-debug: parsed {format} {n} {file}\n"));
        let fixed = passes.iter().map(|(file, n)| format!("crlint-debug: fix-passes {n} {file}\n"));
        parsed.chain(fixed).collect()
    }
}

#[cfg(not(debug_assertions))]
mod imp {
    use std::path::Path;

    use crate::document::Format;

    pub fn attribute<R>(_path: &Path, work: impl FnOnce() -> R) -> R {
        work()
    }

    pub fn record(_format: Format) {}

    pub fn record_extraction(_extractor: &str) {}

    pub fn record_pass() {}

    pub fn report() -> String {
        String::new()
    }
}

pub use imp::{attribute, record, record_extraction, record_pass, report};

/// The variable that makes the binary print the counts at exit.
pub const REPORT_ENV: &str = "CRLINT_DEBUG_PARSES";
