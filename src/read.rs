//! Reading a file crlint did not write and must not trust: whatever sits at a
//! config path may be a FIFO, a device (`.env -> /dev/zero`), a symlink loop,
//! a 100 MB dump, or a regular file that is swapped for one of those between
//! the look and the read. This room opens only regular files, never blocks on
//! the open (`O_NONBLOCK`: opening a FIFO with no writer would otherwise wait
//! forever), checks the type and size again on the handle it actually opened,
//! and never reads more than the cap. It knows files and bytes, not formats.
//!
//! Everything crlint reads from a user's tree or machine reads through here: the
//! checker, the doctor and setup (reading a config as text: `read_text`), and the
//! fix writer (re-reading a file to see that it did not change).

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// The open or the read failed (missing, permission, symlink loop, …).
    Io(std::io::Error),
    /// A FIFO, socket, device or directory: reading it could block or never end.
    NotRegular,
    /// Larger than the cap; nothing was read.
    TooLarge { len: u64, max: u64 },
}

impl Refusal {
    /// The file (or the last link of its symlink chain) no longer exists.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Refusal::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Io(e) => f.write_str(&io_reason(e)),
            Refusal::NotRegular => f.write_str("not a regular file"),
            Refusal::TooLarge { len, max } => write!(f, "too large: {len} bytes, over the {max}-byte limit"),
        }
    }
}

/// Opens `path` for reading only if it is a regular file, without blocking.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), Refusal> {
    open_regular_seen(path, false)
}

/// `open_regular`; `seen_regular`: the caller's directory walk has just read a
/// directory entry of type "regular file" (not a symlink) for `path`, which is
/// the look before the open, so it is not done twice (on a monorepo that second
/// look, a `stat` resolving the whole path, was a tenth of the run).
fn open_regular_seen(path: &Path, seen_regular: bool) -> Result<(File, Metadata), Refusal> {
    // Look first, so that a FIFO or a device is never even opened (opening some
    // devices has effects of its own).
    if !seen_regular {
        let meta = std::fs::metadata(path).map_err(Refusal::Io)?;
        if !meta.is_file() {
            return Err(Refusal::NotRegular);
        }
    }
    let file = open_nonblocking(path).map_err(Refusal::Io)?;
    // Then trust only what was opened: the path may have been swapped since.
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular);
    }
    Ok((file, meta))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a FIFO opens at once instead of waiting for a writer (regular
    // files ignore the flag). O_NOCTTY: a terminal swapped in never becomes ours.
    OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// The bytes of the regular file at `path`, if it holds at most `max` bytes.
/// Reads at most `max + 1` bytes whatever the file claims, so a file that grows
/// while it is read is refused, not followed.
pub fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::new();
    read_capped_into(path, max, false, &mut bytes)?;
    Ok(bytes)
}

/// `read_capped`, with the metadata of the handle that was read (its inode,
/// size and times at the read: the fix writer compares them again before it
/// renames).
pub fn read_capped_meta(path: &Path, max: u64) -> Result<(Vec<u8>, Metadata), Refusal> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > max {
        return Err(Refusal::TooLarge { len: meta.len(), max });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refusal::TooLarge { len: bytes.len() as u64, max });
    }
    Ok((bytes, meta))
}

/// `read_capped` into `bytes` (cleared first, its allocation reused: a walk
/// reading thousands of files keeps one buffer per thread). `seen_regular`: see
/// `open_regular_seen`. On an error `bytes` holds no meaningful content.
pub fn read_capped_into(
    path: &Path,
    max: u64,
    seen_regular: bool,
    bytes: &mut Vec<u8>,
) -> Result<(), Refusal> {
    bytes.clear();
    let (file, meta) = open_regular_seen(path, seen_regular)?;
    if meta.len() > max {
        return Err(Refusal::TooLarge { len: meta.len(), max });
    }
    bytes.reserve_exact(meta.len() as usize);
    file.take(max + 1).read_to_end(bytes).map_err(Refusal::Io)?;
    if bytes.len() as u64 > max {
        return Err(Refusal::TooLarge { len: bytes.len() as u64, max });
    }
    Ok(())
}

/// A short, stable reason for an I/O error, for messages that name the path.
pub fn io_reason(e: &std::io::Error) -> String {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return "symbolic link loop (or a chain of links too long)".into();
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Why a config file's text could not be had.
#[derive(Debug)]
pub enum ReadFailure {
    Refused(Refusal),
    Binary,
    NotUtf8 { offset: usize },
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::Refused(r) => r.fmt(f),
            ReadFailure::Binary => f.write_str("binary content (NUL bytes)"),
            ReadFailure::NotUtf8 { offset } => write!(f, "not UTF-8 (invalid byte at offset {offset})"),
        }
    }
}

/// Reads a config file as UTF-8 text, refusing what is not a regular file, too
/// large, binary or not UTF-8. Never blocks and never reads past `max` bytes.
pub fn read_text(path: &Path, max: u64) -> Result<String, ReadFailure> {
    text_of(read_capped(path, max).map_err(ReadFailure::Refused)?)
}

/// A file's bytes as text: refused when binary (a NUL byte) or not UTF-8.
pub fn text_of(bytes: Vec<u8>) -> Result<String, ReadFailure> {
    if memchr::memchr(0, &bytes).is_some() {
        return Err(ReadFailure::Binary);
    }
    String::from_utf8(bytes).map_err(|e| ReadFailure::NotUtf8 { offset: e.utf8_error().valid_up_to() })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking_even_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join(".env");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(read_capped(&fifo, 1024), Err(Refusal::NotRegular)));
        // The race: the look said "regular file", the open finds a FIFO. Opening
        // it must not wait for a writer.
        let file = open_nonblocking(&fifo).unwrap();
        assert!(!file.metadata().unwrap().is_file());
    }

    #[test]
    fn devices_loops_and_oversized_files_are_refused() {
        assert!(matches!(read_capped(Path::new("/dev/zero"), 1024), Err(Refusal::NotRegular)));
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::os::unix::fs::symlink(dir.path().join("b"), &a).unwrap();
        std::os::unix::fs::symlink(&a, dir.path().join("b")).unwrap();
        let err = read_capped(&a, 1024).unwrap_err();
        assert_eq!(err.to_string(), "symbolic link loop (or a chain of links too long)");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 2048]).unwrap();
        assert!(matches!(read_capped(&big, 1024), Err(Refusal::TooLarge { len: 2048, max: 1024 })));
        assert_eq!(read_capped(&big, 2048).unwrap().len(), 2048);
        assert!(read_capped(&dir.path().join("gone"), 1024).unwrap_err().is_not_found());
    }
}
