//! One dated article: decoding its bytes, parsing its header, finding its
//! title, subheadings and dateline.
//!
//! The format is a header line `date YYYY-MM-DD Published by AUTHOR [outlet date]`,
//! a blank line, then paragraphs separated by blank lines.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::ParseError;

/// Longest title, in characters, derived from a first sentence.
const DERIVED_TITLE_CHARS: usize = 120;
/// A first paragraph of at most this many words, without a final period, is a title.
const TITLE_MAX_WORDS: usize = 20;
/// Oldest and newest header years accepted: outside them a date is a typo.
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// A parsed article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// The header's date.
    pub date: NaiveDate,
    /// The byline, without the outlet's date.
    pub author: String,
    /// The outlet's own date, when it parses.
    pub published: Option<NaiveDate>,
    /// The outlet's date as printed (`3 de febrero, 2026`).
    pub published_raw: Option<String>,
    /// The title: the article's first short line, or derived from its first sentence.
    pub title: String,
    /// True when the title was derived from the first sentence rather than written.
    pub title_derived: bool,
    /// The paragraphs after the title, subheadings included, separated by blank lines.
    pub body: String,
    /// Short lines without final punctuation inside the body.
    pub subheadings: Vec<String>,
    /// The dateline city of the first paragraph (`GENEVA (Reuters) -` gives `GENEVA`).
    pub dateline: Option<String>,
}

impl Article {
    /// The text extraction reads: the written title (if any), a blank line, then the body.
    /// Entity offsets are byte offsets into this string.
    pub fn text(&self) -> String {
        if self.title_derived {
            self.body.clone()
        } else {
            format!("{}\n\n{}", self.title, self.body)
        }
    }

    /// Byte length of the title prefix within [`Article::text`] (0 when derived).
    pub fn title_len(&self) -> usize {
        if self.title_derived {
            0
        } else {
            self.title.len()
        }
    }
}

/// Text decoded from a file's bytes, with a warning when the encoding was guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with `\n` line endings.
    pub text: String,
    /// Set when the file was not UTF-8 and was read as Windows-1252, or had bad UTF-16.
    pub warning: Option<String>,
}

/// Decodes an article file: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ParseError> {
    let mut warning = None;
    let text = if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warning = Some(format!(
                "invalid {} sequences replaced by U+FFFD",
                encoding.name()
            ));
        }
        text.into_owned()
    } else {
        // `contains` on bytes is a memchr; the offset is wanted only for the error.
        if bytes.contains(&0) {
            let offset = bytes.iter().position(|&b| b == 0).unwrap_or(0);
            return Err(ParseError::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                warning = Some("not valid UTF-8; read as Windows-1252".to_owned());
                text.into_owned()
            }
        }
    };
    if looks_binary(&text) {
        return Err(ParseError::Binary {
            offset: text.find(is_binary_control).unwrap_or(0),
        });
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok(Decoded { text, warning })
}

fn is_binary_control(c: char) -> bool {
    c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

/// Many control characters in the first few kilobytes mean a binary file
/// that happens to hold no NUL byte.
fn looks_binary(text: &str) -> bool {
    let (mut chars, mut controls, mut nul) = (0usize, 0usize, false);
    let mut rest = text;
    while chars < 8192 {
        // Printable ASCII, the bulk of an article, needs no decoding.
        let plain = rest
            .bytes()
            .take(8192 - chars)
            .take_while(|b| (0x20..0x7f).contains(b))
            .count();
        chars += plain;
        rest = &rest[plain..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if chars >= 8192 {
            break;
        }
        chars += 1;
        rest = &rest[c.len_utf8()..];
        if is_binary_control(c) {
            controls += 1;
            nul |= c == '\0';
        }
    }
    controls > 0 && (nul || controls * 20 > chars)
}

/// Decodes and parses the bytes of one article file.
pub fn parse_bytes(bytes: &[u8]) -> Result<(Article, Option<String>), ParseError> {
    let decoded = decode(bytes)?;
    Ok((parse(&decoded.text)?, decoded.warning))
}

/// Parses an article's text (already decoded).
pub fn parse(text: &str) -> Result<Article, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let mut lines = text.lines().enumerate();
    let (header_idx, header) = lines
        .by_ref()
        .find(|(_, l)| !l.trim().is_empty())
        .ok_or(ParseError::Empty)?;
    let line = header_idx + 1;
    let header = parse_header(header.trim(), line)?;

    // Paragraphs: blocks of non-blank lines; hard-wrapped lines are joined.
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    for (_, l) in lines {
        let l = l.trim();
        if l.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(l);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    if blocks.is_empty() {
        return Err(ParseError::NoBody { line });
    }

    let first = &blocks[0];
    let explicit_title =
        !first.ends_with('.') && words_up_to(first, TITLE_MAX_WORDS + 1) <= TITLE_MAX_WORDS;
    let (title, title_derived, body_blocks) = if explicit_title && blocks.len() > 1 {
        (blocks[0].clone(), false, &blocks[1..])
    } else {
        let (dateline, rest) = split_dateline(first);
        let source = if dateline.is_some() { rest } else { first };
        (derive_title(source), true, &blocks[..])
    };
    let subheadings = body_blocks
        .iter()
        .filter(|b| is_subheading(b))
        .cloned()
        .collect();
    let dateline = body_blocks
        .first()
        .and_then(|b| split_dateline(b).0)
        .map(str::to_owned);
    Ok(Article {
        date: header.date,
        author: header.author,
        published: header.published,
        published_raw: header.published_raw,
        title,
        title_derived,
        body: body_blocks.join("\n\n"),
        subheadings,
        dateline,
    })
}

/// Words in `s`, counted up to `limit`: a paragraph's length past that does not matter.
fn words_up_to(s: &str, limit: usize) -> usize {
    s.split_whitespace().take(limit).count()
}

/// A short line that ends without punctuation, as a section heading does.
fn is_subheading(block: &str) -> bool {
    !block.ends_with(['.', '!', '?', ';', ':', ',', '"', '\'', '”', '’', '…', '-'])
        && block
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && (1..=12).contains(&words_up_to(block, 13))
}

struct Header {
    date: NaiveDate,
    author: String,
    published: Option<NaiveDate>,
    published_raw: Option<String>,
}

fn parse_header(header: &str, line: usize) -> Result<Header, ParseError> {
    let no_header = || ParseError::NoHeader {
        line,
        found: header.chars().take(60).collect(),
    };
    let rest = header.strip_prefix("date").ok_or_else(no_header)?;
    if !rest.starts_with(char::is_whitespace) {
        return Err(no_header());
    }
    let rest = rest.trim_start();
    let date_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let date = parse_header_date(&rest[..date_end], line)?;
    let rest = rest[date_end..].trim_start();
    let rest = rest.strip_prefix("Published by").ok_or_else(no_header)?;
    let tokens: Vec<&str> = rest.split_whitespace().collect();
    if tokens.is_empty() {
        return Err(ParseError::NoAuthor { line });
    }
    // The outlet's date is the longest tail of tokens that parses as a date.
    for start in 1..tokens.len() {
        if let Some(published) = parse_outlet_date(&tokens[start..]) {
            return Ok(Header {
                date,
                author: tokens[..start].join(" "),
                published: Some(published),
                published_raw: Some(tokens[start..].join(" ")),
            });
        }
    }
    // No date parses: an author never holds digits, so a digit starts an unreadable date.
    let cut = tokens
        .iter()
        .position(|t| t.chars().any(|c| c.is_ascii_digit()))
        .unwrap_or(tokens.len());
    let mut author_end = cut;
    while author_end > 1
        && cut < tokens.len()
        && (month_number(tokens[author_end - 1]).is_some()
            || weekday(tokens[author_end - 1])
            || tokens[author_end - 1].eq_ignore_ascii_case("de"))
    {
        author_end -= 1;
    }
    if author_end == 0 {
        return Err(ParseError::NoAuthor { line });
    }
    let raw = (author_end < tokens.len()).then(|| tokens[author_end..].join(" "));
    Ok(Header {
        date,
        author: tokens[..author_end].join(" "),
        published: None,
        published_raw: raw,
    })
}

fn parse_header_date(token: &str, line: usize) -> Result<NaiveDate, ParseError> {
    let bad = |detail: String| ParseError::BadDate { line, detail };
    let parts: Vec<&str> = token.split('-').collect();
    let well_formed = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(bad(format!("expected date YYYY-MM-DD, found {token:?}")));
    }
    let (y, m, d): (i32, u32, u32) = match (parts[0].parse(), parts[1].parse(), parts[2].parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return Err(bad(format!("expected date YYYY-MM-DD, found {token:?}"))),
    };
    if !(1..=12).contains(&m) {
        return Err(bad(format!(
            "impossible date {token}: month {m} is not 1-12"
        )));
    }
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        bad(format!(
            "impossible date {token}: {} {y} has {} days",
            MONTHS_EN[(m - 1) as usize],
            days_in_month(y, m)
        ))
    })?;
    if !YEARS.contains(&date.year()) {
        return Err(bad(format!(
            "date {token} is outside the supported years {}-{}",
            YEARS.start(),
            YEARS.end()
        )));
    }
    Ok(date)
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// English month names, January first.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Month number of an English, Spanish, French or Portuguese month name or abbreviation.
fn month_number(token: &str) -> Option<u32> {
    let t = token
        .trim_end_matches([',', '.'])
        .to_lowercase()
        .replace('é', "e")
        .replace('û', "u")
        .replace('ç', "c");
    let m = match t.as_str() {
        "january" | "jan" | "enero" | "ene" | "janvier" | "janeiro" => 1,
        "february" | "feb" | "febrero" | "fevrier" | "fevereiro" => 2,
        "march" | "mar" | "marzo" | "mars" | "marco" => 3,
        "april" | "apr" | "abril" | "abr" | "avril" => 4,
        "may" | "mayo" | "mai" | "maio" => 5,
        "june" | "jun" | "junio" | "juin" | "junho" => 6,
        "july" | "jul" | "julio" | "juillet" | "julho" => 7,
        "august" | "aug" | "agosto" | "ago" | "aout" => 8,
        "september" | "sep" | "sept" | "septiembre" | "setiembre" | "septembre" | "setembro" => 9,
        "october" | "oct" | "octubre" | "octobre" | "outubro" => 10,
        "november" | "nov" | "noviembre" | "novembre" | "novembro" => 11,
        "december" | "dec" | "diciembre" | "dic" | "decembre" | "dezembro" => 12,
        _ => return None,
    };
    Some(m)
}

fn weekday(token: &str) -> bool {
    let t = token.trim_end_matches([',', '.']).to_lowercase();
    matches!(
        t.as_str(),
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "lunes"
            | "martes"
            | "miércoles"
            | "miercoles"
            | "jueves"
            | "viernes"
            | "sábado"
            | "sabado"
            | "domingo"
    )
}

fn number(token: &str) -> Option<u32> {
    let t = token.trim_end_matches([',', '.']);
    let t = t
        .strip_suffix("st")
        .or_else(|| t.strip_suffix("nd"))
        .or_else(|| t.strip_suffix("rd"))
        .or_else(|| t.strip_suffix("th"))
        .unwrap_or(t);
    if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Parses an outlet's printed date: `3 de febrero, 2026`, `February 3, 2026`,
/// `3 February 2026`, `Feb. 3, 2026`, `Tuesday, February 3, 2026`, `2026-02-03`.
pub fn parse_outlet_date(tokens: &[&str]) -> Option<NaiveDate> {
    let tokens: Vec<&str> = match tokens.split_first() {
        Some((first, rest)) if weekday(first) => rest.to_vec(),
        _ => tokens.to_vec(),
    };
    let ymd = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    match tokens.as_slice() {
        [iso] => NaiveDate::parse_from_str(iso.trim_end_matches(['.', ',']), "%Y-%m-%d").ok(),
        [d, de, m, y] if de.eq_ignore_ascii_case("de") => {
            ymd(number(y)?, month_number(m)?, number(d)?)
        }
        [d, de1, m, de2, y] if de1.eq_ignore_ascii_case("de") && de2.eq_ignore_ascii_case("de") => {
            ymd(number(y)?, month_number(m)?, number(d)?)
        }
        [a, b, y] => {
            let year = number(y).filter(|y| *y >= 1000)?;
            match (month_number(a), month_number(b)) {
                (Some(m), None) => ymd(year, m, number(b)?),
                (None, Some(m)) => ymd(year, m, number(a)?),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Splits a wire-style dateline (`GENEVA (Reuters) -`, `TEHRAN, March 3 -`,
/// `CHICAGO, Feb 26 —`) off a first paragraph: the city and the rest.
pub fn split_dateline(paragraph: &str) -> (Option<&str>, &str) {
    let head: String = paragraph.chars().take(80).collect();
    let Some(dash) = [" - ", " -- ", " — ", " – "]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min()
    else {
        return (None, paragraph);
    };
    let prefix = &paragraph[..dash.0];
    let city_end = prefix.find([',', '(']).unwrap_or(prefix.len());
    let city = prefix[..city_end].trim();
    let letters: Vec<char> = city.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    if !all_caps || city.split_whitespace().count() > 4 {
        return (None, paragraph);
    }
    (Some(city), paragraph[dash.0 + dash.1..].trim_start())
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Adm",
    "Maj", "Prof", "Jr", "Sr", "No", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct",
    "Nov", "Dec", "vs", "Inc", "Corp", "Co", "Ltd", "Mt", "Ft", "U.S", "U.K", "U.N", "E.U",
];

/// The first sentence of a paragraph, ending after its final punctuation.
pub fn first_sentence(paragraph: &str) -> &str {
    let bytes = paragraph.as_bytes();
    for (i, c) in paragraph.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let after = &paragraph[i + 1..];
        let next = after.chars().next();
        let closes = match next {
            None => true,
            Some(' ') => after
                .trim_start()
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '\'')),
            _ => false,
        };
        if !closes {
            continue;
        }
        if c == '.' {
            let word_start = paragraph[..i]
                .rfind(|ch: char| ch.is_whitespace() || ch == '(')
                .map_or(0, |p| {
                    p + paragraph[p..].chars().next().map_or(1, char::len_utf8)
                });
            let word = &paragraph[word_start..i];
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || ABBREVIATIONS.contains(&word) {
                continue;
            }
        }
        let _ = bytes;
        return &paragraph[..i + c.len_utf8()];
    }
    paragraph
}

/// A title from a first sentence: at most 120 characters, cut at a word, with an ellipsis.
pub fn derive_title(paragraph: &str) -> String {
    let sentence = first_sentence(paragraph).trim();
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    if sentence.chars().count() <= DERIVED_TITLE_CHARS {
        return sentence.to_owned();
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        let extra = usize::from(!cut.is_empty()) + word.chars().count();
        if cut.chars().count() + extra + 1 > DERIVED_TITLE_CHARS {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    if cut.is_empty() {
        cut = sentence.chars().take(DERIVED_TITLE_CHARS - 1).collect();
    }
    let cut = cut.trim_end_matches([',', ';', ':']);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn header_table() {
        // (header, date, author, published)
        let cases: &[(&str, NaiveDate, &str, Option<NaiveDate>)] = &[
            (
                " date 2026-02-04 Published by Luis Francisco Orozco 3 de febrero, 2026",
                d(2026, 2, 4),
                "Luis Francisco Orozco",
                Some(d(2026, 2, 3)),
            ),
            (
                "date 2026-02-04  Published by  Ana Ruiz  3 de febrero de 2026",
                d(2026, 2, 4),
                "Ana Ruiz",
                Some(d(2026, 2, 3)),
            ),
            (
                "date 2026-02-04 Published by Jane Doe February 3, 2026",
                d(2026, 2, 4),
                "Jane Doe",
                Some(d(2026, 2, 3)),
            ),
            (
                "date 2026-02-04 Published by Jane Doe 3 February 2026",
                d(2026, 2, 4),
                "Jane Doe",
                Some(d(2026, 2, 3)),
            ),
            (
                "date 2026-02-04 Published by Jane Doe Feb. 3, 2026",
                d(2026, 2, 4),
                "Jane Doe",
                Some(d(2026, 2, 3)),
            ),
            (
                "date 2026-02-04 Published by John May May 3, 2026",
                d(2026, 2, 4),
                "John May",
                Some(d(2026, 5, 3)),
            ),
            (
                "date 2026-02-04 Published by Jane Doe",
                d(2026, 2, 4),
                "Jane Doe",
                None,
            ),
            (
                "date 1989-11-10 Published by Karl Weber Friday, November 10, 1989",
                d(1989, 11, 10),
                "Karl Weber",
                Some(d(1989, 11, 10)),
            ),
        ];
        for (header, date, author, published) in cases {
            let a = parse(&format!("{header}\n\nSome text here.")).unwrap();
            assert_eq!(
                (a.date, a.author.as_str(), a.published),
                (*date, *author, *published),
                "{header}"
            );
        }
    }

    #[test]
    fn bad_headers_table() {
        let cases: &[(&str, &str)] = &[
            ("Trump says talks are on.\n\nMore.", "expected header"),
            (
                "date 2026-02-30 Published by X\n\nText.",
                "February 2026 has 28 days",
            ),
            (
                "date 2026-13-01 Published by X\n\nText.",
                "month 13 is not 1-12",
            ),
            (
                "date 99999-01-01 Published by X\n\nText.",
                "expected date YYYY-MM-DD",
            ),
            (
                "date 0042-01-01 Published by X\n\nText.",
                "outside the supported years",
            ),
            (
                "date 2026-02-04 Published by\n\nText.",
                "expected an author",
            ),
            ("date 2026-02-04 Published by X\n\n   \n", "no article text"),
            ("date 2026-02-04 by X\n\nText.", "expected header"),
            ("", "empty file"),
            ("  \n\t\n", "empty file"),
        ];
        for (text, want) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text:?}: got {err:?}, want {want:?}");
        }
    }

    #[test]
    fn error_names_line() {
        let err = parse("\n\nnot a header\n\nText.").unwrap_err();
        assert!(err.to_string().starts_with("line 3:"), "{err}");
    }

    #[test]
    fn titles() {
        let a = parse("date 2026-01-01 Published by X\n\nIran agrees to talks\n\nBody text. More.")
            .unwrap();
        assert_eq!(
            (a.title.as_str(), a.title_derived, a.body.as_str()),
            ("Iran agrees to talks", false, "Body text. More.")
        );
        let a = parse("date 2026-01-01 Published by X\n\nPresident Donald Trump confirmed Tuesday that talks with the U.S. envoy are active. He said more.").unwrap();
        assert_eq!(
            a.title,
            "President Donald Trump confirmed Tuesday that talks with the U.S. envoy are active"
        );
        assert!(a.title_derived);
        let long = "word ".repeat(60) + "end.";
        let a = parse(&format!("date 2026-01-01 Published by X\n\n{long}")).unwrap();
        assert!(
            a.title.ends_with('…') && a.title.chars().count() <= 120,
            "{}",
            a.title
        );
        let a = parse("date 2026-01-01 Published by X\n\nGENEVA (Reuters) - Iran said on Monday it would talk. Later more.").unwrap();
        assert_eq!(a.title, "Iran said on Monday it would talk");
        assert_eq!(a.dateline.as_deref(), Some("GENEVA"));
    }

    #[test]
    fn subheadings_and_crlf() {
        let a = parse_bytes(b"date 2026-01-01 Published by X\r\n\r\nFirst paragraph is long enough to be text.\r\n\r\nIran's position\r\n\r\nMore text.\r\n").unwrap().0;
        assert_eq!(a.subheadings, vec!["Iran's position".to_owned()]);
        assert!(a.body.contains("Iran's position") && !a.body.contains('\r'));
    }

    #[test]
    fn encodings() {
        let text = "date 2026-01-01 Published by José Núñez\n\nErdoğan spoke.";
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(parse_bytes(&bom).unwrap().0.author, "José Núñez");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (a, warn) = parse_bytes(&utf16).unwrap();
        assert_eq!((a.author.as_str(), warn), ("José Núñez", None));
        let cp1252 = b"date 2026-01-01 Published by Jos\xe9 N\xfa\xf1ez\n\nText \x93quoted\x94.";
        let (a, warn) = parse_bytes(cp1252).unwrap();
        assert_eq!(a.author, "José Núñez");
        assert!(a.body.contains('“'));
        assert!(warn.unwrap().contains("Windows-1252"));
        assert!(matches!(
            parse_bytes(b"date\0\x01\x02binary"),
            Err(ParseError::Binary { offset: 4 })
        ));
        assert!(matches!(
            parse_bytes(&[0x01u8; 100]),
            Err(ParseError::Binary { .. })
        ));
    }

    #[test]
    fn datelines() {
        for (p, city) in [
            ("TEHRAN, March 3 - Officials said.", Some("TEHRAN")),
            ("CHICAGO, Feb 26 - Grain prices rose.", Some("CHICAGO")),
            (
                "RIO DE JANEIRO (AFP) — Brazil said.",
                Some("RIO DE JANEIRO"),
            ),
            ("Officials said - on Monday - that.", None),
        ] {
            assert_eq!(split_dateline(p).0, city, "{p}");
        }
    }
}
