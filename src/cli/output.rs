//! Writing what a command prints. A closed pipe (`crlint rules | head -1`)
//! ends that stream's output quietly and the command keeps its exit code; any
//! other write error (`> /dev/full`) is reported once at the end and makes the
//! exit code 2. Messages to stderr pass `redact::safe_line`: a path or value
//! in them shows with keys masked and control characters escaped, on one line.
//!
//! Not for: rendering (the reporters make the text; this only writes it).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::redact::safe_line;

/// Set once stdout (or stderr) cannot take more: nothing more is written to it.
static STDOUT_DONE: AtomicBool = AtomicBool::new(false);
static STDERR_DONE: AtomicBool = AtomicBool::new(false);
/// The first write error that was not a closed pipe.
static FAILURE: Mutex<Option<String>> = Mutex::new(None);

/// Writes `text` to stdout as it is (the reporters made it safe).
pub fn out(text: &str) {
    write(&mut io::stdout().lock(), &STDOUT_DONE, text, "stdout");
}

/// Writes `text` to stderr as it is.
pub fn err_raw(text: &str) {
    write(&mut io::stderr().lock(), &STDERR_DONE, text, "stderr");
}

/// `crlint: MESSAGE` on stderr, the message on one line, keys masked.
pub fn err(message: &str) {
    err_raw(&format!("crlint: {}\n", safe_line(message)));
}

/// `crlint: warning: MESSAGE` on stderr.
pub fn warn(message: &str) {
    err_raw(&format!("crlint: {}\n", crate::tr!("check.warning", warning = safe_line(message))));
}

fn write(stream: &mut dyn Write, done: &AtomicBool, text: &str, name: &str) {
    if text.is_empty() || done.load(Ordering::Relaxed) {
        return;
    }
    if let Err(e) = stream.write_all(text.as_bytes()).and_then(|()| stream.flush()) {
        done.store(true, Ordering::Relaxed);
        if e.kind() != io::ErrorKind::BrokenPipe {
            let mut failure = FAILURE.lock().unwrap_or_else(|p| p.into_inner());
            failure.get_or_insert_with(|| format!("cannot write to {name}: {e}"));
        }
    }
}

/// The exit code once everything is written: `code`, or 2 if a write failed
/// for another reason than a closed pipe (said on stderr, if it still takes it).
pub fn finish(code: i32) -> i32 {
    let failure = FAILURE.lock().unwrap_or_else(|p| p.into_inner()).take();
    match failure {
        Some(message) => {
            let _ = writeln!(io::stderr(), "crlint: {message}");
            2
        }
        None => code,
    }
}
