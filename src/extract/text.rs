//! Small text helpers shared by the extractors: word boundaries, tokens with
//! byte offsets, sentences and ALL-CAPS lines.

use std::ops::Range;

/// True when `text[start..end]` is a whole word: no letter or digit touches it.
pub fn is_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A word token with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token text, possessive `'s` removed.
    pub text: &'a str,
    /// Byte range in the source text (possessive excluded).
    pub range: Range<usize>,
    /// Only white space separates it from the previous token.
    pub joined: bool,
    /// A possessive `'s` followed the token, which ends any name there.
    pub possessive: bool,
    /// It starts a sentence or a paragraph.
    pub sentence_start: bool,
    /// Set once by [`tokens`]: the name rules ask several times per token.
    capitalized: bool,
}

impl Token<'_> {
    /// Starts with an upper-case letter (`al-Assad` counts by its part after `al-`).
    pub fn is_capitalized(&self) -> bool {
        self.capitalized
    }

    /// Every letter is upper case (and there are at least two).
    pub fn is_all_caps(&self) -> bool {
        let mut letters = self.text.chars().filter(|c| c.is_alphabetic()).peekable();
        letters.peek().is_some()
            && self.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && letters.all(char::is_uppercase)
    }
}

/// Starts with an upper-case letter, `al-` style prefixes skipped.
fn starts_capitalized(t: &str) -> bool {
    // No prefix below starts with a capital, and only these letters start one.
    match t.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() => return true,
        Some(b) if b.is_ascii() && !matches!(b, b'a' | b'e' | b'b' | b'i') => return false,
        None => return false,
        _ => {}
    }
    let core = ["al-", "el-", "ad-", "as-", "ash-", "at-", "bin-", "ibn-"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .unwrap_or(t);
    core.chars().next().is_some_and(char::is_uppercase)
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.')
}

/// Splits text into word tokens. Periods stay on initials and abbreviations
/// (`J.`, `Mr.`, `U.S.`) and are dropped elsewhere; possessives are split off.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    // About one token per six bytes of news text.
    let mut out: Vec<Token<'_>> = Vec::with_capacity(text.len() / 6 + 1);
    let bytes = text.as_bytes();
    let mut next = 0;
    let mut gap_start = 0;
    // ASCII bytes are classified directly; other characters are decoded.
    let char_at = |i: usize| text.get(i..).and_then(|s| s.chars().next());
    while let Some(&b) = bytes.get(next) {
        let start = next;
        if b.is_ascii() {
            next += 1;
            if !b.is_ascii_alphanumeric() {
                continue;
            }
        } else {
            let Some(c) = char_at(start) else { break };
            next += c.len_utf8();
            if !c.is_alphanumeric() {
                continue;
            }
        }
        let mut end = next;
        while let Some(&b) = bytes.get(end) {
            if b.is_ascii() {
                if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'\'' | b'.')) {
                    break;
                }
                end += 1;
            } else {
                match char_at(end) {
                    Some(ch) if is_token_char(ch) => end += ch.len_utf8(),
                    _ => break,
                }
            }
        }
        next = end;
        let raw = &text[start..end];
        // Trailing apostrophes, hyphens and periods are punctuation, except on
        // initials and dotted abbreviations.
        let mut word = raw.trim_end_matches(['-', '\'', '’']);
        let mut possessive = false;
        for suffix in ["'s", "’s"] {
            if let Some(w) = word.strip_suffix(suffix) {
                word = w;
                possessive = true;
            }
        }
        if word.ends_with('.') {
            let inner = word.trim_end_matches('.');
            let dotted = inner.contains('.');
            let initial = inner.chars().count() == 1 && inner.chars().all(char::is_uppercase);
            if !(dotted || initial || super::ABBREVIATION_TITLES.contains(&inner)) {
                word = inner;
            }
        }
        if word.is_empty() || !word.chars().any(char::is_alphanumeric) {
            gap_start = end;
            continue;
        }
        let gap = &text[gap_start..start];
        let prev_end_char = out.last().map(|t| &text[t.range.end..start]);
        let joined = !out.is_empty() && gap.chars().all(|c| c == ' ') && !gap.is_empty();
        let sentence_start = match out.last() {
            None => true,
            Some(prev) => {
                let between = prev_end_char.unwrap_or("");
                // Only spaces between (the usual case): no mark below can be there.
                let marks = !between.bytes().all(|b| b == b' ');
                (marks
                    && (between.contains(['\n', '!', '?', ':'])
                        || (between.contains('.') && !prev.text.ends_with('.'))))
                    || (prev.text.ends_with('.')
                        && !super::ABBREVIATION_TITLES.contains(&prev.text.trim_end_matches('.'))
                        && prev.text.chars().filter(|c| c.is_alphabetic()).count() > 1
                        && !prev.text.trim_end_matches('.').contains('.'))
                    || (marks
                        && between.contains(['“', '"'])
                        && between.trim_start().starts_with(['“', '"']))
            }
        };
        out.push(Token {
            text: word,
            range: start..start + word.len(),
            joined: joined && !out.last().is_some_and(|p| p.possessive),
            possessive,
            sentence_start,
            capitalized: starts_capitalized(word),
        });
        gap_start = start + word.len();
    }
    out
}

/// Byte ranges of the lines whose letters are all upper case (wire headlines).
pub fn all_caps_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let mut letters = line.chars().filter(|c| c.is_alphabetic());
        let all_upper = letters.clone().all(char::is_uppercase);
        if all_upper && letters.nth(5).is_some() {
            out.push(start..start + line.len());
        }
        start += line.len();
    }
    out
}

/// Byte ranges of title-case lines (`Mandela Brings Mobutu To The Table`):
/// capitalised words there say nothing about names.
pub fn title_case_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        // The first 21 words, as `split_whitespace` gives them; a word is
        // counted at its first character.
        let (mut words, mut caps) = (0usize, 0usize);
        let mut in_word = false;
        for c in line.chars() {
            if c.is_whitespace() {
                in_word = false;
                continue;
            }
            if !in_word {
                if words == 21 {
                    break;
                }
                in_word = true;
                words += 1;
                caps += usize::from(c.is_uppercase());
            }
        }
        if (4..=20).contains(&words) && caps * 10 >= words * 7 {
            out.push(start..start + line.len());
        }
        start += line.len();
    }
    out
}

/// Byte ranges of paragraphs (blocks separated by blank lines), found as
/// they are asked for: salience only needs the first one after the title.
pub fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split("\n\n").filter_map(move |block| {
        let range = start..start + block.len();
        start += block.len() + 2;
        (!block.trim().is_empty()).then_some(range)
    })
}

/// Longest word lower-cased on the stack; longer ones allocate.
const STACK_WORD: usize = 64;

/// Calls `f` with `s` lower-cased (as [`str::to_lowercase`] does), without
/// allocating for short ASCII words, which are nearly all of them.
pub fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    if s.len() <= STACK_WORD && s.is_ascii() {
        let mut buf = [0u8; STACK_WORD];
        let buf = &mut buf[..s.len()];
        buf.copy_from_slice(s.as_bytes());
        buf.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(buf) {
            return f(lower);
        }
    }
    f(&s.to_lowercase())
}

/// `s` with accents and other scripts transliterated to ASCII
/// ([`deunicode::deunicode`]), borrowed when it is ASCII already.
pub fn ascii_fold(s: &str) -> std::borrow::Cow<'_, str> {
    deunicode::deunicode_with_tofu_cow(s, "[?]")
}

/// Calls `f` with `s` transliterated and lower-cased, as
/// `deunicode(s).to_lowercase()` gives, without allocating for ASCII words.
pub fn with_fold<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    with_lowercase(&ascii_fold(s), f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_initials_and_split_possessives() {
        let t = tokens("Mr. J. Smith said Iran's U.S. ties end. Then al-Assad spoke");
        let words: Vec<&str> = t.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            [
                "Mr.", "J.", "Smith", "said", "Iran", "U.S.", "ties", "end", "Then", "al-Assad",
                "spoke"
            ]
        );
        assert!(t[4].possessive);
        assert!(t[8].sentence_start && !t[2].sentence_start && !t[1].sentence_start);
        assert!(t[9].is_capitalized());
    }

    #[test]
    fn words_and_caps() {
        assert!(is_word("in Niger today", 3, 8));
        assert!(!is_word("in Nigeria today", 3, 8));
        assert_eq!(all_caps_lines("IRAN SAYS TALKS ON\n\nBody text.").len(), 1);
    }
}
