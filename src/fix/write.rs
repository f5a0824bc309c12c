//! Writing a fixed file so that nothing can be lost: through a symlink to its
//! target (the link stays a link), only if the file still holds exactly the
//! bytes that were linted, with its permission bits kept, via a temporary file
//! in the same directory that is flushed and renamed over the original (a crash
//! leaves the old file or the new one, never half of either), and, for files
//! outside a git work tree, after a one-time backup `NAME.crlint-bak`.
//!
//! This module knows files and bytes; it knows no rule and no format.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::read::Refusal;

#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    /// Write `NAME.crlint-bak` before the first change (only outside a git work tree).
    pub backup: bool,
    /// The file is inside a git work tree (git is the backup there).
    pub in_git_work_tree: bool,
    /// The original holds a secret: its backup is made 0600 whatever the original's mode.
    pub holds_secret: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The file changed between the read and the write; nothing was written.
    ChangedSinceRead(PathBuf),
    /// The file is read-only; nothing was written.
    ReadOnly(PathBuf),
    Io(PathBuf, String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::ChangedSinceRead(p) => {
                write!(f, "{}: changed since it was read; not written (run crlint again)", p.display())
            }
            WriteError::ReadOnly(p) => write!(f, "{}: read-only; not written", p.display()),
            WriteError::Io(p, why) => write!(f, "{}: {why}; not written", p.display()),
        }
    }
}

/// Replaces the content of `path` (which held `original` when it was read) with `fixed`.
/// Returns the path of the backup when one was made.
pub fn write_fixed(
    path: &Path,
    original: &[u8],
    fixed: &[u8],
    opts: WriteOptions,
) -> Result<Option<PathBuf>, WriteError> {
    let io = |p: &Path, e: std::io::Error| WriteError::Io(p.to_path_buf(), crate::read::io_reason(&e));
    // Write through a symlink: the target changes, the link stays.
    let target = fs::canonicalize(path).map_err(|e| io(path, e))?;
    let meta = fs::metadata(&target).map_err(|e| io(&target, e))?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    // Bounded and non-blocking: the path may have become a FIFO, a device or a
    // much larger file since it was linted; any of those is a change.
    match crate::read::read_capped(&target, original.len() as u64) {
        Ok(now) if now == original => {}
        Err(Refusal::Io(e)) => return Err(io(&target, e)),
        Ok(_) | Err(Refusal::NotRegular | Refusal::TooLarge { .. }) => {
            return Err(WriteError::ChangedSinceRead(path.to_path_buf()));
        }
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let backup = if opts.backup && !opts.in_git_work_tree {
        make_backup(&target, original, &meta, opts)?
    } else {
        None
    };

    let mut tmp = tempfile::Builder::new()
        .prefix(".crlint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io(dir, e))?;
    tmp.write_all(fixed).map_err(|e| io(tmp.path(), e))?;
    fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| io(tmp.path(), e))?;
    tmp.as_file().sync_all().map_err(|e| io(tmp.path(), e))?;
    tmp.persist(&target).map_err(|e| io(&target, e.error))?;
    sync_dir(dir);
    Ok(backup)
}

/// Creates `path` holding `content` (a file a fix of another file's finding writes,
/// such as Gemini CLI's `.gemini/settings.json`): its directory is made when
/// missing, the content goes through a flushed temporary file in that directory,
/// and the rename refuses to replace a file that appeared meanwhile. Mode 0644
/// (less the umask's effect on the directory), since a settings file holds no secret.
pub fn write_new(path: &Path, content: &[u8]) -> Result<(), WriteError> {
    let io = |p: &Path, e: std::io::Error| WriteError::Io(p.to_path_buf(), crate::read::io_reason(&e));
    if path.exists() {
        return Err(WriteError::ChangedSinceRead(path.to_path_buf()));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".crlint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io(dir, e))?;
    tmp.write_all(content).map_err(|e| io(tmp.path(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o644)).map_err(|e| io(tmp.path(), e))?;
    }
    tmp.as_file().sync_all().map_err(|e| io(tmp.path(), e))?;
    tmp.persist_noclobber(path).map_err(|e| match e.error.kind() {
        std::io::ErrorKind::AlreadyExists => WriteError::ChangedSinceRead(path.to_path_buf()),
        _ => io(path, e.error),
    })?;
    sync_dir(dir);
    Ok(())
}

fn make_backup(
    target: &Path,
    original: &[u8],
    meta: &fs::Metadata,
    opts: WriteOptions,
) -> Result<Option<PathBuf>, WriteError> {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".crlint-bak");
    let backup = target.with_file_name(name);
    if backup.exists() {
        return Ok(None); // the first backup is the one worth keeping
    }
    let io = |e: std::io::Error| WriteError::Io(backup.clone(), crate::read::io_reason(&e));
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&backup).map_err(io)?;
    file.set_permissions(backup_permissions(meta, opts.holds_secret)).map_err(io)?;
    file.write_all(original).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(Some(backup))
}

#[cfg(unix)]
fn backup_permissions(meta: &fs::Metadata, holds_secret: bool) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    // Never wider than the original; 0600 at most when the file holds a key.
    fs::Permissions::from_mode(if holds_secret { mode & 0o600 } else { mode })
}

#[cfg(not(unix))]
fn backup_permissions(meta: &fs::Metadata, _holds_secret: bool) -> fs::Permissions {
    meta.permissions()
}

/// Makes the rename durable (POSIX needs the directory flushed too). Best effort.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    const OPTS: WriteOptions = WriteOptions { backup: true, in_git_work_tree: false, holds_secret: false };

    #[test]
    fn writes_atomically_keeping_mode_and_no_temp_left() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o640)).unwrap();
        let backup = write_fixed(&f, b"A=1\n", b"A=2\n", OPTS).unwrap().unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "A=2\n");
        assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(fs::read_to_string(&backup).unwrap(), "A=1\n");
        assert_eq!(fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o640);
        // A second write keeps the first backup.
        assert_eq!(write_fixed(&f, b"A=2\n", b"A=3\n", OPTS).unwrap(), None);
        assert_eq!(fs::read_to_string(&backup).unwrap(), "A=1\n");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn backup_of_a_file_with_a_key_is_0600() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("settings.json");
        fs::write(&f, "x").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        let opts = WriteOptions { holds_secret: true, ..OPTS };
        let backup = write_fixed(&f, b"x", b"y", opts).unwrap().unwrap();
        assert_eq!(fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn no_backup_inside_git_or_when_turned_off() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.env");
        fs::write(&f, "x").unwrap();
        assert_eq!(
            write_fixed(&f, b"x", b"y", WriteOptions { in_git_work_tree: true, ..OPTS }).unwrap(),
            None
        );
        assert_eq!(write_fixed(&f, b"y", b"z", WriteOptions { backup: false, ..OPTS }).unwrap(), None);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn creates_a_new_file_and_its_directory_but_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("proj/.gemini/settings.json");
        write_new(&f, b"{}\n").unwrap();
        assert_eq!(fs::read_to_string(&f).unwrap(), "{}\n");
        assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o644);
        assert_eq!(write_new(&f, b"x").unwrap_err(), WriteError::ChangedSinceRead(f.clone()));
        assert_eq!(fs::read_dir(f.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_a_file_changed_since_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.env");
        fs::write(&f, "edited by someone else").unwrap();
        let err = write_fixed(&f, b"what we read", b"fixed", OPTS).unwrap_err();
        assert_eq!(err, WriteError::ChangedSinceRead(f.clone()));
        assert_eq!(fs::read_to_string(&f).unwrap(), "edited by someone else");
    }

    #[test]
    fn refuses_a_file_swapped_for_a_fifo_or_a_device_without_blocking() {
        // Regression (hostile suite): the re-read before the write was an
        // unbounded `fs::read`, which waits forever on a FIFO and reads
        // `/dev/zero` until memory runs out.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join(".env");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert_eq!(
            write_fixed(&fifo, b"A=1\n", b"A=2\n", OPTS).unwrap_err(),
            WriteError::ChangedSinceRead(fifo.clone())
        );
        let zero = dir.path().join("zero.env");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(
            write_fixed(&zero, b"A=1\n", b"A=2\n", OPTS).unwrap_err(),
            WriteError::ChangedSinceRead(zero.clone())
        );
        assert!(fs::metadata("/dev/zero").unwrap().file_type().is_char_device());
        let grown = dir.path().join("grown.env");
        fs::write(&grown, "A=1\nB=2\n").unwrap();
        assert_eq!(
            write_fixed(&grown, b"A=1\n", b"A=2\n", OPTS).unwrap_err(),
            WriteError::ChangedSinceRead(grown.clone())
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 3, "no backup, no temporary file");
    }

    #[test]
    fn refuses_a_read_only_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.env");
        fs::write(&f, "x").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o444)).unwrap();
        assert_eq!(write_fixed(&f, b"x", b"y", OPTS).unwrap_err(), WriteError::ReadOnly(f.clone()));
        assert_eq!(fs::read_to_string(&f).unwrap(), "x");
    }

    #[test]
    fn writes_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.env");
        let link = dir.path().join(".env");
        fs::write(&real, "x").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_fixed(&link, b"x", b"y", WriteOptions { backup: false, ..OPTS }).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "y");
    }
}
