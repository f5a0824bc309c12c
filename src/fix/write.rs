//! Writing a fixed file so that nothing can be lost: through a symlink to its
//! target (the link stays a link), only if the file still holds exactly the
//! bytes that were linted, only by a user who may write it, with its permission
//! bits, owner and group kept, via a temporary file in the same directory that
//! is flushed and renamed over the original (a crash leaves the old file or the
//! new one, never half of either), and, for files outside a git work tree,
//! after a one-time backup `NAME.crlint-bak`.
//!
//! "Still holds what was linted" is checked twice: before anything is written,
//! and again after the temporary file is flushed, just before the rename (the
//! same inode, size and modification time, and the same bytes). What remains is
//! the moment between that last check and the rename, and a writer that keeps
//! the file open across the rename (its later writes go to the replaced inode):
//! an append in that moment is lost. crlint cannot close it without a lock that
//! other programs would have to honour.
//!
//! A backup is written like the file itself (a flushed temporary file, read back
//! and compared, then linked into place), so a full disk or a crash never leaves
//! a partial `NAME.crlint-bak`; an empty backup of a file that is not empty (as
//! an older crlint could leave after a full disk) is no backup and is replaced.
//! Backups are owner-only (0600, or narrower when the original is): a config
//! may hold a key in any spelling, escaped or not.
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
    /// The new content holds a key: the file is made owner-only (0600) before
    /// the content is written, not after.
    pub private: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The file changed between the read and the write; nothing was written.
    ChangedSinceRead(PathBuf),
    /// The file is read-only; nothing was written.
    ReadOnly(PathBuf),
    /// This user may not write the file (another user's, without write
    /// permission for this one); nothing was written.
    NotPermitted(PathBuf),
    Io(PathBuf, String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::ChangedSinceRead(p) => {
                write!(f, "{}: changed since it was read; not written (run crlint again)", p.display())
            }
            WriteError::ReadOnly(p) => write!(f, "{}: read-only; not written", p.display()),
            WriteError::NotPermitted(p) => {
                write!(f, "{}: this user may not write it; not written", p.display())
            }
            WriteError::Io(p, why) => write!(f, "{}: {why}; not written", p.display()),
        }
    }
}

/// The moments of a write where a test can make something happen
/// (`write_fixed_with`): a full disk, another process appending.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The backup's bytes were written to its temporary file, not yet flushed.
    BackupWritten,
    /// The new content was written to its temporary file, not yet flushed.
    TempWritten,
    /// The temporary file is flushed; the last check and the rename follow.
    BeforeRename,
}

/// Replaces the content of `path` (which held `original` when it was read) with `fixed`.
/// Returns the path of the backup when one was made.
pub fn write_fixed(
    path: &Path,
    original: &[u8],
    fixed: &[u8],
    opts: WriteOptions,
) -> Result<Option<PathBuf>, WriteError> {
    write_fixed_with(path, original, fixed, opts, &|_, _| Ok(()))
}

/// `write_fixed`, calling `at` at each `Stage` with the file concerned; an
/// error from it is taken as that step's failure. For tests.
#[doc(hidden)]
pub fn write_fixed_with(
    path: &Path,
    original: &[u8],
    fixed: &[u8],
    opts: WriteOptions,
    at: &dyn Fn(Stage, &Path) -> std::io::Result<()>,
) -> Result<Option<PathBuf>, WriteError> {
    let io = |p: &Path, e: std::io::Error| WriteError::Io(p.to_path_buf(), crate::read::io_reason(&e));
    // Write through a symlink: the target changes, the link stays.
    let target = fs::canonicalize(path).map_err(|e| io(path, e))?;
    // Bounded and non-blocking: the path may have become a FIFO, a device or a
    // much larger file since it was linted; any of those is a change.
    let read = crate::read::read_capped_meta(&target, original.len() as u64);
    let meta = match read {
        Ok((now, meta)) if now == original => meta,
        Err(Refusal::Io(e)) => return Err(io(&target, e)),
        Ok(_) | Err(Refusal::NotRegular | Refusal::TooLarge { .. }) => {
            return Err(WriteError::ChangedSinceRead(path.to_path_buf()));
        }
    };
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    if !may_write(&target) {
        return Err(WriteError::NotPermitted(path.to_path_buf()));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let backup =
        if opts.backup && !opts.in_git_work_tree { make_backup(&target, original, &meta, at)? } else { None };

    let mut tmp = tempfile::Builder::new()
        .prefix(".crlint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| io(dir, e))?;
    let permissions = if opts.private { owner_only(&meta) } else { meta.permissions() };
    fs::set_permissions(tmp.path(), permissions).map_err(|e| io(tmp.path(), e))?;
    keep_owner(tmp.as_file(), &meta).map_err(|why| WriteError::Io(path.to_path_buf(), why))?;
    tmp.write_all(fixed).map_err(|e| io(&target, e))?;
    at(Stage::TempWritten, tmp.path()).map_err(|e| io(&target, e))?;
    tmp.as_file().sync_all().map_err(|e| io(&target, e))?;
    at(Stage::BeforeRename, &target).map_err(|e| io(&target, e))?;
    // The last look, as close to the rename as it gets: another process may
    // have written while the temporary file was flushed.
    if !unchanged(&target, original, &meta) {
        return Err(WriteError::ChangedSinceRead(path.to_path_buf()));
    }
    tmp.persist(&target).map_err(|e| io(&target, e.error))?;
    sync_dir(dir);
    Ok(backup)
}

/// `target` is still the file that was read: same inode, size and modification
/// time, and the same bytes.
fn unchanged(target: &Path, original: &[u8], read: &fs::Metadata) -> bool {
    let Ok((now, meta)) = crate::read::read_capped_meta(target, original.len() as u64) else {
        return false;
    };
    now == original && same_file_state(read, &meta)
}

#[cfg(unix)]
fn same_file_state(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino(), a.len(), a.mtime(), a.mtime_nsec())
        == (b.dev(), b.ino(), b.len(), b.mtime(), b.mtime_nsec())
}

#[cfg(not(unix))]
fn same_file_state(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    (a.len(), a.modified().ok()) == (b.len(), b.modified().ok())
}

/// Whether this process may write `path` as it stands (its effective user and
/// groups; root may write any file that has a write bit, which `readonly`
/// checks). Replacing a file needs only the directory's permission, so without
/// this a user could replace, in a directory of theirs, a file they may not write.
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) == 0 }
}

#[cfg(not(unix))]
fn may_write(_path: &Path) -> bool {
    true
}

/// Gives `file` (just created by this process) the owner and group of the
/// original, so that root fixing a user's file leaves it the user's. Refuses
/// (the caller writes nothing) when that is not allowed: a user whose file's
/// group is not one of theirs.
#[cfg(unix)]
fn keep_owner(file: &fs::File, original: &fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let now = file.metadata().map_err(|e| crate::read::io_reason(&e))?;
    if (now.uid(), now.gid()) == (original.uid(), original.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid())).map_err(|e| {
        format!(
            "cannot keep its owner and group ({}:{}): {}",
            original.uid(),
            original.gid(),
            crate::read::io_reason(&e)
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _original: &fs::Metadata) -> Result<(), String> {
    Ok(())
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

/// `NAME.crlint-bak` beside `target`, holding `original`, unless a backup is
/// there already (the first one is the one worth keeping). Written to a flushed
/// temporary file, read back and compared, then linked into place: it is a full
/// copy or it is not there.
fn make_backup(
    target: &Path,
    original: &[u8],
    meta: &fs::Metadata,
    at: &dyn Fn(Stage, &Path) -> std::io::Result<()>,
) -> Result<Option<PathBuf>, WriteError> {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".crlint-bak");
    let backup = target.with_file_name(name);
    let fail = |why: String| WriteError::Io(backup.clone(), why);
    let io = |e: std::io::Error| fail(format!("backup: {}", crate::read::io_reason(&e)));
    let replace = match fs::symlink_metadata(&backup) {
        // An empty backup of a file that is not empty is what a full disk left.
        Ok(m) if m.is_file() && m.len() == 0 && !original.is_empty() => true,
        Ok(m) if m.is_file() => return Ok(None),
        Ok(_) => return Err(fail("backup: exists and is not a regular file".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(io(e)),
    };
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::Builder::new().prefix(".crlint-").suffix(".bak.tmp").tempfile_in(dir).map_err(io)?;
    fs::set_permissions(tmp.path(), owner_only(meta)).map_err(io)?;
    keep_owner(tmp.as_file(), meta).map_err(|why| fail(format!("backup: {why}")))?;
    tmp.write_all(original).map_err(io)?;
    at(Stage::BackupWritten, tmp.path()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    match crate::read::read_capped(tmp.path(), original.len() as u64) {
        Ok(copy) if copy == original => {}
        _ => return Err(fail("backup: did not read back as written".into())),
    }
    let placed =
        if replace { tmp.persist(&backup).map(|_| ()) } else { tmp.persist_noclobber(&backup).map(|_| ()) };
    match placed {
        Ok(()) => {}
        // Another run made one meanwhile: that one is the first.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => return Err(io(e.error)),
    }
    sync_dir(dir);
    Ok(Some(backup))
}

/// The original's permission bits, narrowed to the owner's read and write.
#[cfg(unix)]
fn owner_only(meta: &fs::Metadata) -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(meta.permissions().mode() & 0o600)
}

#[cfg(not(unix))]
fn owner_only(meta: &fs::Metadata) -> fs::Permissions {
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

    const OPTS: WriteOptions = WriteOptions { backup: true, in_git_work_tree: false, private: false };

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
        // Owner-only, whatever the original lets others do.
        assert_eq!(fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
        // A second write keeps the first backup.
        assert_eq!(write_fixed(&f, b"A=2\n", b"A=3\n", OPTS).unwrap(), None);
        assert_eq!(fs::read_to_string(&backup).unwrap(), "A=1\n");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn backup_of_a_file_with_an_escaped_key_is_0600() {
        // Regression: the backup took the original's 0644 unless a key pattern
        // matched the text, and `\u0073k-…` (a JSON escape) matches none.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("settings.json");
        let text = format!("{{\"apiKey\": \"\\u0073k-{}\"}}\n", "A1".repeat(24));
        fs::write(&f, &text).unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        let backup = write_fixed(&f, text.as_bytes(), b"{}\n", OPTS).unwrap().unwrap();
        assert_eq!(fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::read_to_string(&backup).unwrap(), text);
    }

    #[test]
    fn a_private_file_is_owner_only_before_its_content_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        let mode_when_written = std::cell::Cell::new(0);
        let opts = WriteOptions { private: true, backup: false, ..OPTS };
        write_fixed_with(&f, b"A=1\n", b"KEY=x\n", opts, &|stage, p| {
            if stage == Stage::TempWritten {
                mode_when_written.set(fs::metadata(p)?.permissions().mode() & 0o777);
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(mode_when_written.get(), 0o600);
        assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
    }

    fn disk_full() -> std::io::Error {
        std::io::Error::from_raw_os_error(libc::ENOSPC)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_full_disk_while_backing_up_leaves_no_backup_and_the_next_run_makes_a_full_one() {
        // Regression: the backup was created, then written; a full disk left a
        // 0-byte `NAME.crlint-bak`, which the next successful run kept as "the
        // first backup": the original content was gone.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        let err = write_fixed_with(&f, b"A=1\n", b"A=2\n", OPTS, &|stage, _| match stage {
            Stage::BackupWritten => Err(disk_full()),
            _ => Ok(()),
        })
        .unwrap_err();
        assert!(err.to_string().contains("No space left on device"), "{err}");
        assert_eq!(names(dir.path()), [".env"], "no backup, no temporary file");
        assert_eq!(fs::read_to_string(&f).unwrap(), "A=1\n");
        let backup = write_fixed(&f, b"A=1\n", b"A=2\n", OPTS).unwrap().unwrap();
        assert_eq!(fs::read_to_string(&backup).unwrap(), "A=1\n");
        assert_eq!(fs::read_to_string(&f).unwrap(), "A=2\n");
    }

    #[test]
    fn a_full_disk_while_writing_keeps_the_original_and_a_full_backup() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        let err = write_fixed_with(&f, b"A=1\n", b"A=2\n", OPTS, &|stage, _| match stage {
            Stage::TempWritten => Err(disk_full()),
            _ => Ok(()),
        })
        .unwrap_err();
        assert!(matches!(err, WriteError::Io(..)), "{err}");
        assert_eq!(names(dir.path()), [".env", ".env.crlint-bak"]);
        assert_eq!(fs::read_to_string(&f).unwrap(), "A=1\n");
        assert_eq!(fs::read_to_string(dir.path().join(".env.crlint-bak")).unwrap(), "A=1\n");
    }

    #[test]
    fn an_empty_backup_of_a_file_that_is_not_empty_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        fs::write(dir.path().join(".env.crlint-bak"), "").unwrap();
        let backup = write_fixed(&f, b"A=1\n", b"A=2\n", OPTS).unwrap().unwrap();
        assert_eq!(fs::read_to_string(backup).unwrap(), "A=1\n");
        // A backup with content is the first one, and stays.
        assert_eq!(write_fixed(&f, b"A=2\n", b"A=3\n", OPTS).unwrap(), None);
        assert_eq!(fs::read_to_string(dir.path().join(".env.crlint-bak")).unwrap(), "A=1\n");
    }

    #[test]
    fn a_backup_name_taken_by_a_link_is_an_error_not_a_write_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::os::unix::fs::symlink(&elsewhere, dir.path().join(".env.crlint-bak")).unwrap();
        let err = write_fixed(&f, b"A=1\n", b"A=2\n", OPTS).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        assert!(!elsewhere.exists());
        assert_eq!(fs::read_to_string(&f).unwrap(), "A=1\n");
    }

    #[test]
    fn an_append_while_the_temporary_file_is_flushed_is_not_lost() {
        // Regression: "changed since read" was checked before the temporary file
        // was written and flushed; an append in between was overwritten by the
        // rename (59 of 1,493 lines in a 30 s race).
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        let err = write_fixed_with(&f, b"A=1\n", b"A=2\n", OPTS, &|stage, p| {
            if stage == Stage::BeforeRename {
                fs::OpenOptions::new().append(true).open(p)?.write_all(b"B=2\n")?;
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err, WriteError::ChangedSinceRead(f.clone()));
        assert_eq!(fs::read_to_string(&f).unwrap(), "A=1\nB=2\n");
        assert_eq!(names(dir.path()), [".env", ".env.crlint-bak"], "no temporary file left");
    }

    #[test]
    fn a_rewrite_with_the_same_bytes_before_the_rename_is_a_change_too() {
        // Same content, new inode: another tool replaced the file; its version wins.
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(".env");
        fs::write(&f, "A=1\n").unwrap();
        let opts = WriteOptions { backup: false, ..OPTS };
        let err = write_fixed_with(&f, b"A=1\n", b"A=2\n", opts, &|stage, p| {
            if stage == Stage::BeforeRename {
                let other = p.with_file_name("other");
                fs::write(&other, "A=1\n")?;
                fs::rename(&other, p)?;
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(err, WriteError::ChangedSinceRead(f.clone()));
        assert_eq!(fs::read_to_string(&f).unwrap(), "A=1\n");
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
