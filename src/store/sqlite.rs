//! Opening a SQLite database crlint must never write and must not trust:
//! checked first as a file (regular, within the size cap, the SQLite header),
//! then opened read-only and immutable through a `file:` URI, with
//! `query_only` on. Its rows are read as text, a bounded number of them.
//! Built without the `stores` feature, every store is a CR902 that says so.

#![cfg_attr(not(feature = "stores"), allow(dead_code, unused_imports))]

use std::path::{Path, PathBuf};

#[cfg(feature = "stores")]
use rusqlite::types::ValueRef;
#[cfg(feature = "stores")]
use rusqlite::{Connection, OpenFlags};

use super::Row;
use crate::catalog::StoreSpec;
use crate::read::{open_regular, read_capped};

/// The first 16 bytes of every SQLite 3 database.
const HEADER: &[u8; 16] = b"SQLite format 3\0";
/// At most this many rows are read; at most this many bytes of one value.
const MAX_ROWS: usize = 10_000;
const MAX_VALUE: usize = 1024 * 1024;

/// Why a store could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The file cannot be read as a database at all (missing, not a regular
    /// file, too large, not SQLite, a log without its database): CR902.
    Unreadable,
    /// It is SQLite but does not read (truncated, corrupt, not this app's
    /// schema): CR901.
    Malformed,
}

fn unreadable(reason: impl Into<String>) -> Failure {
    Failure { kind: FailureKind::Unreadable, reason: reason.into() }
}

fn malformed(reason: impl Into<String>) -> Failure {
    Failure { kind: FailureKind::Malformed, reason: reason.into() }
}

/// The path of the write-ahead log beside `db`.
pub fn wal_of(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push("-wal");
    PathBuf::from(name)
}

/// The database a write-ahead log belongs to, when `path` names a log.
pub fn database_of_wal(path: &Path) -> Option<PathBuf> {
    let s = path.to_str()?;
    s.strip_suffix("-wal").map(PathBuf::from)
}

/// The rows of `spec.query` in the database at `path`.
#[cfg(not(feature = "stores"))]
pub fn rows(path: &Path, spec: &StoreSpec) -> Result<Vec<Row>, Failure> {
    let _ = (path, spec, read_capped, open_regular);
    Err(unreadable("this crlint was built without SQLite (the `stores` feature)"))
}

/// The rows of `spec.query` in the database at `path`.
#[cfg(feature = "stores")]
pub fn rows(path: &Path, spec: &StoreSpec) -> Result<Vec<Row>, Failure> {
    if let Some(db) = database_of_wal(path) {
        if !db.exists() {
            return Err(unreadable(format!(
                "a SQLite write-ahead log without its database (`{}` is missing): nothing to read",
                db.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()
            )));
        }
        return Err(unreadable("a SQLite write-ahead log: crlint reads the database beside it"));
    }
    check_file(path, spec.max_bytes)?;
    let wal = wal_of(path);
    let pending_log = std::fs::metadata(&wal).is_ok_and(|m| m.is_file() && m.len() > 0);
    if pending_log {
        // The log holds pages the database file does not: read both into a
        // private copy and open that (the app's own files are only read).
        let dir = tempfile::tempdir().map_err(|e| unreadable(format!("no temporary directory: {e}")))?;
        let copy = dir.path().join("store.db");
        let db_bytes = read_capped(path, spec.max_bytes).map_err(|e| unreadable(e.to_string()))?;
        let wal_bytes = read_capped(&wal, spec.max_bytes).map_err(|e| unreadable(format!("its log: {e}")))?;
        std::fs::write(&copy, db_bytes).map_err(|e| unreadable(format!("copying it: {e}")))?;
        std::fs::write(wal_of(&copy), wal_bytes).map_err(|e| unreadable(format!("copying its log: {e}")))?;
        let conn = Connection::open_with_flags(
            &copy,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| malformed(reason(&e)))?;
        return query(&conn, &spec.query);
    }
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(immutable_uri(path), flags).map_err(|e| malformed(reason(&e)))?;
    query(&conn, &spec.query)
}

#[cfg(feature = "stores")]
/// A regular file, within the cap, that starts with the SQLite header.
fn check_file(path: &Path, max: u64) -> Result<(), Failure> {
    use std::io::Read;
    let (file, meta) = open_regular(path).map_err(|e| unreadable(e.to_string()))?;
    if meta.len() > max {
        return Err(unreadable(format!(
            "too large: {} bytes, over the {max}-byte limit for a store",
            meta.len()
        )));
    }
    let mut head = Vec::with_capacity(HEADER.len());
    file.take(HEADER.len() as u64).read_to_end(&mut head).map_err(|e| unreadable(e.to_string()))?;
    if head.is_empty() {
        return Err(unreadable("an empty file, not a SQLite database"));
    }
    if head.as_slice() != HEADER {
        return Err(unreadable("not a SQLite database (the file does not start with the SQLite header)"));
    }
    Ok(())
}

#[cfg(feature = "stores")]
/// `file:` URI opening `path` read-only and immutable: SQLite takes no lock,
/// reads no journal or log, and writes nothing.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file:");
    for b in absolute.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            // Windows: `C:\x` as `/C:/x`.
            b'\\' => out.push('/'),
            b':' => out.push(':'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    if !out.starts_with("file:/") {
        out.insert(5, '/');
    }
    out.push_str("?mode=ro&immutable=1");
    out
}

#[cfg(feature = "stores")]
fn query(conn: &Connection, sql: &str) -> Result<Vec<Row>, Failure> {
    conn.execute_batch("PRAGMA query_only = 1;").map_err(|e| malformed(reason(&e)))?;
    let mut stmt = conn.prepare(sql).map_err(|e| malformed(reason(&e)))?;
    if stmt.column_count() < 5 {
        return Err(malformed("the store's query gives fewer than 5 columns"));
    }
    let mut rows = stmt.query([]).map_err(|e| malformed(reason(&e)))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| malformed(reason(&e)))? {
        if out.len() == MAX_ROWS {
            return Err(unreadable(format!("more than {MAX_ROWS} providers: not read")));
        }
        let text = |i: usize| -> Result<String, Failure> {
            let value = row.get_ref(i).map_err(|e| malformed(reason(&e)))?;
            Ok(match value {
                ValueRef::Null => String::new(),
                ValueRef::Integer(n) => n.to_string(),
                ValueRef::Real(x) => x.to_string(),
                ValueRef::Text(t) | ValueRef::Blob(t) if t.len() > MAX_VALUE => {
                    return Err(unreadable(format!(
                        "a value of {} bytes, over the {MAX_VALUE}-byte limit",
                        t.len()
                    )))
                }
                ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
            })
        };
        let current = text(4)?;
        out.push(Row {
            app: text(0)?,
            id: text(1)?,
            name: text(2)?,
            document: text(3)?,
            current: !matches!(current.trim(), "" | "0" | "false"),
        });
    }
    Ok(out)
}

#[cfg(feature = "stores")]
/// SQLite's reason, in words: "database disk image is malformed", "file is not a database", …
fn reason(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(err, Some(msg)) => format!("SQLite: {msg} ({:?})", err.code),
        rusqlite::Error::SqliteFailure(err, None) => format!("SQLite: {err}"),
        other => format!("SQLite: {other}"),
    }
}
