//! Unit tests of the store reader: rows from a database built here with CC
//! Switch's `providers` table, and the hostile files.

use super::*;
