//! Tests of the link extractor.
