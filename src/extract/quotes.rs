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
        let words: Vec<&str> = inner.split_whitespace().collect();
        // Title-case words in quotes name a thing (`"Operation Midnight Hammer"`).
        let names_a_thing = words
            .iter()
            .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()));
        if words.len() < MIN_WORDS || names_a_thing {
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
    // Only `"`, a new line and the curly marks (which start with byte 0xE2)
    // matter; those bytes always start a character.
    let marks = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| matches!(b, b'"' | b'\n' | 0xE2))
        .filter_map(|(i, _)| Some((i, text.get(i..)?.chars().next()?)));
    for (i, c) in marks {
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
    // The one who speaks (`Pezeshkian stated ...`), else the sentence's first person.
    let before: Vec<&(Span, &'a str)> = mentions
        .iter()
        .filter(|(s, _)| s.start >= sentence_start && s.end <= start)
        .collect();
    before
        .iter()
        .rev()
        .find(|(s, _)| {
            let mut end = (s.end + 24).min(start);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            says(&text[s.end..end.max(s.end)])
        })
        .or(before.first())
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use crate::article::parse;
    use crate::extract::extract;

    #[test]
    fn attribution_table() {
        // (body, quoted text start, speaker)
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("“We will not yield,” President Trump said on Monday.", "We will not yield", Some("Donald Trump")),
            ("\"We are ready to talk,\" said Abbas Araghchi.", "We are ready to talk", Some("Abbas Araghchi")),
            ("Emmanuel Macron spoke briefly. “Europe must act now,” he said.", "Europe must act now", Some("Emmanuel Macron")),
            ("Masoud Pezeshkian stated that he told Abbas Araghchi to talk \"if threats end first.\"", "if threats end first", Some("Masoud Pezeshkian")),
            ("The crowd chanted “down with the war” outside.", "down with the war", None),
        ];
        for (body, quote, speaker) in cases {
            let a = parse(&format!(
                "date 2026-02-04 Published by Ana Writer\n\n{body}"
            ))
            .unwrap();
            let e = extract(&a);
            let q = e
                .quotes
                .iter()
                .find(|q| q.text.starts_with(quote))
                .unwrap_or_else(|| panic!("{body}: {:?}", e.quotes));
            assert_eq!(q.speaker.as_deref(), *speaker, "{body}");
        }
        let a = parse(
            "date 2026-02-04 Published by A B\n\nThe strike, \"Operation Midnight Hammer,\" ended.",
        )
        .unwrap();
        assert!(extract(&a).quotes.is_empty());
    }
}
