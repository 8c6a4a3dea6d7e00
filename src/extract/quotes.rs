//! Direct quotations and their speakers. A quotation is attributed to the
//! person named beside a speech verb after it (`..." Trump said`), to the
//! person named before it in the same sentence (`Trump said: "..."`), or, for
//! a pronoun (`..." he said`), to the last person named before it.

use super::text::Token;
use super::{Person, Quote, Span};

/// Quotations shorter than this many words are scare quotes, not statements.
const MIN_WORDS: usize = 3;
/// How far after a quotation its attribution may stand, in bytes.
const AFTER_WINDOW: usize = 60;

pub(super) fn find(text: &str, _tokens: &[Token<'_>], people: &[Person]) -> Vec<Quote> {
    let mentions: Vec<(Span, &str)> = {
        let mut m: Vec<(Span, &str)> = people
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |s| (*s, p.name.as_str())))
            .collect();
        m.sort();
        m
    };
    let mut out = Vec::new();
    for (start, end) in quote_ranges(text) {
        let inner = text[start..end].trim_matches(|c: char| c.is_whitespace() || c == ',');
        if inner.split_whitespace().count() < MIN_WORDS {
            continue;
        }
        let close_end = end + text[end..].chars().next().map_or(0, char::len_utf8);
        debug_assert!(text.is_char_boundary(close_end));
        out.push(Quote {
            speaker: speaker(text, start, close_end, &mentions).map(str::to_owned),
            text: inner.trim_end_matches(',').to_owned(),
            span: Span { start, end },
        });
    }
    out
}

/// Byte ranges of quoted text (inside the marks), curly or straight.
fn quote_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('“', _) => open = Some((i + c.len_utf8(), '”')),
            ('"', None) => open = Some((i + 1, '"')),
            ('\n', Some(_)) if text[i..].starts_with("\n\n") => open = None,
            (c, Some((start, close))) if c == close => {
                out.push((start, i));
                open = None;
            }
            _ => {}
        }
    }
    out
}

fn speaker<'a>(
    text: &str,
    start: usize,
    end: usize,
    mentions: &[(Span, &'a str)],
) -> Option<&'a str> {
    let mut after_limit = (end + AFTER_WINDOW).min(text.len());
    while !text.is_char_boundary(after_limit) {
        after_limit -= 1;
    }
    let sentence_end = text[end..after_limit]
        .find(['.', '!', '?', '\n', '“', '"'])
        .map_or(after_limit, |i| end + i);
    let after = &text[end..sentence_end];
    let says = |s: &str| {
        s.split(|c: char| !c.is_alphabetic()).any(|w| {
            matches!(
                w,
                "said"
                    | "says"
                    | "told"
                    | "added"
                    | "stated"
                    | "warned"
                    | "insisted"
                    | "asked"
                    | "replied"
                    | "declared"
                    | "wrote"
                    | "noted"
                    | "stressed"
                    | "argued"
                    | "explained"
            )
        })
    };
    if says(after) {
        if let Some((_, name)) = mentions
            .iter()
            .find(|(s, _)| s.start >= end && s.end <= sentence_end)
        {
            return Some(name);
        }
        let pronoun = after
            .split(|c: char| !c.is_alphabetic())
            .any(|w| matches!(w, "he" | "she" | "He" | "She"));
        if pronoun {
            return mentions
                .iter()
                .rev()
                .find(|(s, _)| s.end <= start)
                .map(|(_, n)| *n);
        }
    }
    // Before the quotation, in the same sentence.
    let sentence_start = text[..start]
        .rfind(". ")
        .into_iter()
        .chain(text[..start].rfind('\n'))
        .max()
        .map_or(0, |i| i + 1);
    mentions
        .iter()
        .rev()
        .find(|(s, _)| s.start >= sentence_start && s.end <= start)
        .map(|(_, n)| *n)
}
