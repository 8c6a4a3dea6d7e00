//! A byte trie of gazetteer phrases, searched from chosen start positions.
//!
//! The extractors only keep matches that start a word (or, for the
//! leftmost-longest gazetteers, need every position where a phrase may
//! begin), so walking the trie from those positions finds exactly what a
//! full Aho-Corasick scan reports, without stepping an automaton over every
//! byte of the text. The results are the same as `aho-corasick`'s
//! `LeftmostLongest` and overlapping `Standard` searches; the tests below
//! compare the two.

/// No node: the root's table and edges use it for a missing transition.
const NONE: u32 = u32::MAX;
/// Nodes with more children than this get a dense row: near the root a
/// linear scan of the edges was the search's hot spot.
const DENSE_OVER: usize = 4;

#[derive(Debug, Clone, Copy)]
struct Node {
    /// This node's outgoing edges are `edges[first_edge..first_edge + edge_count]`, sorted by byte.
    first_edge: u32,
    edge_count: u32,
    /// Patterns ending here are `ends[first_end..first_end + end_count]`, in pattern order.
    first_end: u32,
    end_count: u32,
    /// Start of this node's row in `dense` (indexed by byte class), or [`NONE`].
    dense_row: u32,
}

/// A compiled set of phrases.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    /// Children of the root, by byte.
    root: Box<[u32; 256]>,
    /// Bit `256 * a + b` is set when some pattern starts with bytes `a b`
    /// (folded): most positions fail this test without touching the nodes.
    pairs: Box<[u64; 1024]>,
    /// Bit `256 * a + b` is set when `a b` is a whole pattern.
    pair_ends: Box<[u64; 1024]>,
    /// Hashed first three bytes of the longer patterns (see [`triple_bit`]).
    triples: Box<[u64; 1024]>,
    /// Bytes that are a whole pattern by themselves.
    single: Box<[bool; 256]>,
    nodes: Vec<Node>,
    edges: Vec<(u8, u32)>,
    ends: Vec<u32>,
    /// Byte classes: every byte of a pattern has its own, all others share class 0.
    class: Box<[u8; 256]>,
    dense: Vec<u32>,
    /// ASCII letters match either case.
    ascii_case_insensitive: bool,
}

/// A bit of the 65,536 in [`Trie::triples`] for three (folded) bytes.
#[inline]
fn triple_bit(a: u8, b: u8, c: u8) -> usize {
    let x = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Trie {
    /// Compiles `patterns`; a pattern's id is its index. Empty patterns never match.
    pub(crate) fn new<'p>(
        patterns: impl IntoIterator<Item = &'p str>,
        ascii_case_insensitive: bool,
    ) -> Trie {
        // Built as sorted child lists, then laid out flat.
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, p) in patterns.into_iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            let mut node = 0usize;
            for &b in p.as_bytes() {
                let b = if ascii_case_insensitive {
                    b.to_ascii_lowercase()
                } else {
                    b
                };
                node = match children[node].binary_search_by_key(&b, |&(c, _)| c) {
                    Ok(i) => children[node][i].1 as usize,
                    Err(i) => {
                        let next = children.len();
                        children.push(Vec::new());
                        ends.push(Vec::new());
                        children[node].insert(i, (b, next as u32));
                        next
                    }
                };
            }
            ends[node].push(id as u32);
        }
        let mut root = Box::new([NONE; 256]);
        let mut pairs = Box::new([0u64; 1024]);
        let mut pair_ends = Box::new([0u64; 1024]);
        let mut triples = Box::new([0u64; 1024]);
        let mut single = Box::new([false; 256]);
        for &(a, first) in &children[0] {
            if !ends[first as usize].is_empty() {
                single[a as usize] = true;
            }
            for &(b, second) in &children[first as usize] {
                let bit = (a as usize) << 8 | b as usize;
                pairs[bit / 64] |= 1 << (bit % 64);
                if !ends[second as usize].is_empty() {
                    pair_ends[bit / 64] |= 1 << (bit % 64);
                }
                for &(c, _) in &children[second as usize] {
                    let bit = triple_bit(a, b, c);
                    triples[bit / 64] |= 1 << (bit % 64);
                }
            }
        }
        for &(b, child) in &children[0] {
            root[b as usize] = child;
        }
        let mut class = Box::new([0u8; 256]);
        let mut classes = 1usize;
        for kids in &children {
            for &(b, _) in kids {
                if class[b as usize] == 0 && classes < 256 {
                    class[b as usize] = classes as u8;
                    classes += 1;
                }
            }
        }
        let mut nodes = Vec::with_capacity(children.len());
        let mut edges = Vec::new();
        let mut flat_ends = Vec::new();
        let mut dense = Vec::new();
        for (kids, here) in children.iter().zip(&ends) {
            let mut dense_row = NONE;
            // 255 pattern bytes or more would share a class: keep such a trie sparse.
            if kids.len() > DENSE_OVER && classes < 256 {
                dense_row = dense.len() as u32;
                let row = dense.len();
                dense.resize(row + classes, NONE);
                for &(b, child) in kids {
                    dense[row + class[b as usize] as usize] = child;
                }
            }
            nodes.push(Node {
                first_edge: edges.len() as u32,
                edge_count: kids.len() as u32,
                first_end: flat_ends.len() as u32,
                end_count: here.len() as u32,
                dense_row,
            });
            edges.extend_from_slice(kids);
            flat_ends.extend_from_slice(here);
        }
        Trie {
            root,
            pairs,
            pair_ends,
            triples,
            single,
            nodes,
            edges,
            ends: flat_ends,
            class,
            dense,
            ascii_case_insensitive,
        }
    }

    #[inline]
    fn fold(&self, b: u8) -> u8 {
        if self.ascii_case_insensitive {
            b.to_ascii_lowercase()
        } else {
            b
        }
    }

    #[inline]
    fn child(&self, node: u32, b: u8) -> Option<u32> {
        let n = self.nodes.get(node as usize)?;
        if n.dense_row != NONE {
            let c = self.class[b as usize];
            // Class 0 is every byte no pattern holds.
            if c == 0 {
                return None;
            }
            return self
                .dense
                .get(n.dense_row as usize + c as usize)
                .copied()
                .filter(|&next| next != NONE);
        }
        match n.edge_count {
            0 => None,
            // Deep in a name the trie is a chain: one comparison.
            1 => {
                let &(c, next) = self.edges.get(n.first_edge as usize)?;
                (c == b).then_some(next)
            }
            _ => {
                let edges = self
                    .edges
                    .get(n.first_edge as usize..(n.first_edge + n.edge_count) as usize)?;
                // Past the root nodes have few children: a linear scan beats a search.
                edges.iter().find(|&&(c, _)| c == b).map(|&(_, next)| next)
            }
        }
    }

    #[inline]
    fn ends_at(&self, node: u32) -> &[u32] {
        match self.nodes.get(node as usize) {
            Some(n) if n.end_count > 0 => self
                .ends
                .get(n.first_end as usize..(n.first_end + n.end_count) as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }

    /// True when some pattern starts with byte `b`.
    #[inline]
    fn starts_with_byte(&self, b: u8) -> bool {
        self.root[self.fold(b) as usize] != NONE
    }

    /// True when some pattern may start at `start`: its first byte or two
    /// are a whole pattern, or its first three begin one (up to hash collisions).
    #[inline]
    pub(crate) fn may_start_at(&self, hay: &[u8], start: usize) -> bool {
        let Some(&a) = hay.get(start) else {
            return false;
        };
        let a = self.fold(a);
        if self.single[a as usize] {
            return true;
        }
        let Some(&b) = hay.get(start + 1) else {
            return false;
        };
        let b = self.fold(b);
        let bit = (a as usize) << 8 | b as usize;
        if self.pair_ends[bit / 64] & (1 << (bit % 64)) != 0 {
            return true;
        }
        if self.pairs[bit / 64] & (1 << (bit % 64)) == 0 {
            return false;
        }
        let Some(&c) = hay.get(start + 2) else {
            return false;
        };
        let bit = triple_bit(a, b, self.fold(c));
        self.triples[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Calls `f(pattern, end)` for every pattern that occurs at `start`,
    /// shortest first, patterns of equal text in id order.
    #[inline]
    pub(crate) fn each_at(&self, hay: &[u8], start: usize, mut f: impl FnMut(usize, usize)) {
        let Some(&first) = hay.get(start) else {
            return;
        };
        let mut node = self.root[self.fold(first) as usize];
        let mut end = start + 1;
        while node != NONE {
            for &id in self.ends_at(node) {
                f(id as usize, end);
            }
            let Some(&b) = hay.get(end) else {
                return;
            };
            node = self.child(node, self.fold(b)).unwrap_or(NONE);
            end += 1;
        }
    }

    /// The longest pattern that occurs at `start`, as (pattern, end); of
    /// patterns with the same text, the first.
    #[inline]
    fn longest_at(&self, hay: &[u8], start: usize) -> Option<(usize, usize)> {
        let mut best = None;
        self.each_at(hay, start, |id, end| {
            if best.is_none_or(|(_, e)| end > e) {
                best = Some((id, end));
            }
        });
        best
    }

    /// Non-overlapping matches, leftmost first and the longest of those
    /// starting at the same byte, resuming after each: `(pattern, start, end)`.
    pub(crate) fn leftmost_longest<'t>(
        &'t self,
        hay: &'t str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        let bytes = hay.as_bytes();
        let mut pos = 0;
        std::iter::from_fn(move || {
            while let Some(rest) = bytes.get(pos..) {
                // A byte that starts no pattern is skipped in a tight loop;
                // the pair test then spares most walks into the nodes.
                let start = pos + rest.iter().position(|&b| self.starts_with_byte(b))?;
                pos = start + 1;
                if !self.may_start_at(bytes, start) {
                    continue;
                }
                if let Some((id, end)) = self.longest_at(bytes, start) {
                    pos = end;
                    return Some((id, start, end));
                }
            }
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    const PATTERNS: &[&str] = &[
        "Iran",
        "Iranian",
        "Niger",
        "Nigeria",
        "New Guinea",
        "Guinea",
        "Papua New Guinea",
        "U.S.",
        "US",
        "al-Assad",
        "Assad",
        "ran",
        "an",
        "Ira",
        "Iran",
        "é",
        "Erdoğan",
        "日本",
        "nuclear",
        "nuclear talks",
        "talks",
        "NUCLEAR TALKS",
        "",
        "I",
        "x",
        "ab",
        "abc",
    ];

    fn texts() -> Vec<String> {
        let pieces = [
            "Iran",
            "Iranian",
            "Niger",
            "ia",
            " ",
            "  ",
            "New ",
            "Guinea",
            "Papua ",
            "U.S.",
            "US",
            "al-",
            "Assad",
            "ran",
            "é",
            "Erdoğan",
            "日本",
            "nuclear",
            " talks",
            "NUCLEAR TALKS",
            "Nuclear Talks",
            "ab",
            "abcd",
            ".",
            "\n",
            "x",
        ];
        let mut out = Vec::new();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..2000 {
            let mut t = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            out.push(t);
        }
        out
    }

    #[test]
    fn leftmost_longest_is_aho_corasicks() {
        for insensitive in [false, true] {
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(insensitive)
                .build(PATTERNS.iter().filter(|p| !p.is_empty()))
                .unwrap();
            let ids: Vec<usize> = (0..PATTERNS.len())
                .filter(|&i| !PATTERNS[i].is_empty())
                .collect();
            let trie = Trie::new(PATTERNS.iter().copied(), insensitive);
            for t in texts() {
                let want: Vec<(usize, usize, usize)> = ac
                    .find_iter(&t)
                    .map(|m| (ids[m.pattern().as_usize()], m.start(), m.end()))
                    .collect();
                let got: Vec<_> = trie.leftmost_longest(&t).collect();
                assert_eq!(got, want, "{t:?}");
            }
        }
    }

    #[test]
    fn every_occurrence_is_aho_corasicks() {
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(PATTERNS.iter().filter(|p| !p.is_empty()))
            .unwrap();
        let ids: Vec<usize> = (0..PATTERNS.len())
            .filter(|&i| !PATTERNS[i].is_empty())
            .collect();
        let trie = Trie::new(PATTERNS.iter().copied(), true);
        for t in texts() {
            let mut want: Vec<(usize, usize, usize)> = ac
                .find_overlapping_iter(&t)
                .map(|m| (ids[m.pattern().as_usize()], m.start(), m.end()))
                .collect();
            let mut got = Vec::new();
            for start in 0..t.len() {
                trie.each_at(t.as_bytes(), start, |id, end| got.push((id, start, end)));
            }
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "{t:?}");
        }
    }
}
