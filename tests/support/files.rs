//! File helpers shared by the integration tests that copy fixtures.

use std::fs;
use std::path::Path;

/// Copies `from` (a file or a directory, recursively) to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap().flatten() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap();
    }
}
