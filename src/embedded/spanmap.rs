//! Where the bytes of an inner document's text sit in its container: a list of
//! pieces, each a run of inner text that is a run of outer bytes. Between two
//! pieces the container may hold bytes the inner text does not have (a code
//! block's indentation, a blockquote's `> `, the tabs a `<<-` heredoc strips) or
//! the inner text may hold a character the container spells differently (an
//! escape, decoded): `Piece::verbatim` says which.
//!
//! An inner position inside a verbatim piece maps to exactly one outer
//! position; an inner range maps to an outer one when both ends do. An edit of
//! the inner text can be made in the container when its range lies in one
//! verbatim piece (or ends at its end), so that nothing the container adds
//! around the inner text is ever touched.

use std::ops::Range;

/// A run of inner text and the outer bytes it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub inner: Range<usize>,
    pub outer: Range<usize>,
    /// The outer bytes are the inner bytes (same length, same text). A piece that
    /// is not verbatim is a decoded escape: its bytes map only as a whole.
    pub verbatim: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanMap {
    pieces: Vec<Piece>,
    /// The container adds something before each line (set by the extractor when
    /// even the first line has it: a one-line block in a list item).
    prefixed: bool,
}

impl SpanMap {
    /// An empty map, to which pieces are pushed in inner order.
    pub fn new() -> SpanMap {
        SpanMap::default()
    }

    /// The map of an inner text that is the outer bytes `outer`, whole.
    pub fn contiguous(outer: Range<usize>) -> SpanMap {
        let mut map = SpanMap::new();
        map.push_verbatim(outer);
        map
    }

    /// Appends the outer bytes `outer` to the inner text, as they are.
    pub fn push_verbatim(&mut self, outer: Range<usize>) {
        let start = self.inner_len();
        let len = outer.len();
        // Adjacent in both texts: one piece.
        if let Some(last) = self.pieces.last_mut() {
            if last.verbatim && last.outer.end == outer.start && last.inner.end == start {
                last.inner.end += len;
                last.outer.end = outer.end;
                return;
            }
        }
        if len > 0 {
            self.pieces.push(Piece { inner: start..start + len, outer, verbatim: true });
        }
    }

    /// Appends `inner_len` bytes of inner text decoded from the outer bytes `outer`
    /// (an escape such as `\n`, `''`).
    pub fn push_decoded(&mut self, outer: Range<usize>, inner_len: usize) {
        let start = self.inner_len();
        self.pieces.push(Piece { inner: start..start + inner_len, outer, verbatim: false });
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The length of the inner text the pieces make.
    pub fn inner_len(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.inner.end)
    }

    /// The outer bytes the whole inner text spans.
    pub fn outer_extent(&self) -> Range<usize> {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(a), Some(b)) => a.outer.start..b.outer.end,
            _ => 0..0,
        }
    }

    /// The outer position of the inner position `at`. At a boundary between two
    /// pieces, the start of the next (or, with `end`, the end of the previous);
    /// inside a decoded piece, its start (or, with `end`, its end).
    fn point(&self, at: usize, end: bool) -> Option<usize> {
        let mut i = self.pieces.partition_point(|p| p.inner.end < at);
        let next_starts_here = self.pieces.get(i + 1).is_some_and(|n| n.inner.start == at);
        if !end && self.pieces.get(i).is_some_and(|p| p.inner.end == at) && next_starts_here {
            i += 1;
        }
        let p = self.pieces.get(i)?;
        if at < p.inner.start {
            return None;
        }
        Some(if p.verbatim {
            p.outer.start + (at - p.inner.start)
        } else if at == p.inner.start && !end {
            p.outer.start
        } else {
            p.outer.end
        })
    }

    /// The outer range of an inner range (a finding's span): each end mapped on its
    /// own, a decoded piece widened to its whole escape.
    pub fn span(&self, inner: Range<usize>) -> Option<Range<usize>> {
        let start = self.point(inner.start, false)?;
        let end = if inner.end == inner.start { start } else { self.point(inner.end, true)?.max(start) };
        Some(start..end)
    }

    /// The outer range an edit of the inner range `inner` rewrites, when the edit
    /// stays inside one verbatim piece (an insertion may sit at either end of it).
    pub fn edit(&self, inner: Range<usize>) -> Option<Range<usize>> {
        let p = self.pieces.iter().find(|p| {
            p.verbatim && p.inner.start <= inner.start && inner.end <= p.inner.end && inner.start <= inner.end
        })?;
        let start = p.outer.start + (inner.start - p.inner.start);
        Some(start..start + inner.len())
    }

    /// True when the inner text runs through the container line by line with
    /// something the container adds between its lines (an indentation, `> `): a
    /// new line written into it would lack that prefix.
    pub fn has_line_prefixes(&self) -> bool {
        self.prefixed || self.pieces.windows(2).any(|w| w[0].outer.end != w[1].outer.start)
    }

    /// Says the container adds something before each of the inner text's lines
    /// (an indentation, `> `), even where the pieces do not show it.
    pub fn set_line_prefixes(&mut self) {
        self.prefixed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block in a list item: `  x\n  yz\n` → inner `x\nyz\n`.
    fn indented() -> (&'static str, SpanMap) {
        let outer = "- a\n  ```\n  x\n  yz\n  ```\n";
        let mut map = SpanMap::new();
        let first = outer.find("x\n").unwrap();
        map.push_verbatim(first..first + 2);
        let second = outer.find("yz\n").unwrap();
        map.push_verbatim(second..second + 3);
        (outer, map)
    }

    #[test]
    fn positions_map_through_prefixes() {
        let (outer, map) = indented();
        assert_eq!(map.inner_len(), 5);
        let yz = map.span(2..4).unwrap();
        assert_eq!(&outer[yz], "yz");
        assert_eq!(map.edit(2..4).map(|r| &outer[r]), Some("yz"));
        // Across the prefix: a span maps, an edit does not.
        assert_eq!(&outer[map.span(0..4).unwrap()], "x\n  yz");
        assert_eq!(map.edit(0..4), None);
        assert!(map.has_line_prefixes());
        // An insertion at the end of the inner text.
        let at = outer.find("yz\n").unwrap() + 3;
        assert_eq!(map.edit(5..5), Some(at..at));
    }

    #[test]
    fn decoded_pieces_map_only_whole() {
        // printf 'a\nb' → inner "a\nb" (3 bytes) from outer `a\nb` (4 bytes).
        let outer = "printf 'a\\nb'";
        let base = outer.find('a').unwrap();
        let mut map = SpanMap::new();
        map.push_verbatim(base..base + 1);
        map.push_decoded(base + 1..base + 3, 1);
        map.push_verbatim(base + 3..base + 4);
        assert_eq!(map.inner_len(), 3);
        assert_eq!(&outer[map.span(2..3).unwrap()], "b");
        assert_eq!(&outer[map.span(1..2).unwrap()], "\\n");
        assert_eq!(&outer[map.span(0..3).unwrap()], "a\\nb");
        assert_eq!(map.edit(1..2), None);
        assert_eq!(map.edit(2..3).map(|r| &outer[r]), Some("b"));
        assert!(!map.has_line_prefixes());
    }

    #[test]
    fn contiguous_pieces_merge() {
        let mut map = SpanMap::new();
        map.push_verbatim(10..12);
        map.push_verbatim(12..15);
        assert_eq!(map.pieces().len(), 1);
        assert_eq!(map.edit(0..5), Some(10..15));
        assert_eq!(map.outer_extent(), 10..15);
        assert_eq!(SpanMap::contiguous(3..9).span(1..2), Some(4..5));
    }
}
