//! The extraction details stored with each document, in a compact form.
//!
//! `show` needs every person with their mentions, the quotes, the subheadings
//! and the dateline, so the whole [`Extraction`] is kept in the document store.
//! Written as the `extract --json` shape it was as large as the article itself
//! (repeated keys, `{"start":..,"end":..}` per mention, quoted text copied out of
//! the body) and made the index 1.27× the raw text. The stored form is arrays
//! with one-letter keys, and a quote keeps only offsets: its words are read back
//! from the stored title and body.

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::extract::{Extraction, Person, Quote, Span};

/// What `show` needs beyond the indexed fields: people with their mentions,
/// the quotes, the subheadings and the dateline.
///
/// Country salience and topic scores are not kept: the facets hold the
/// countries (by salience) and topics, and `dipnews extract` recomputes the
/// evidence for one file in a millisecond.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredDetails {
    /// People with country, role and every mention.
    pub people: Vec<Person>,
    /// Direct quotations.
    pub quotes: Vec<Quote>,
    /// Subheadings of the body.
    pub subheadings: Vec<String>,
    /// Dateline city.
    pub dateline: Option<String>,
    /// Whether the title was derived from the first sentence.
    pub title_derived: bool,
}

/// Current version of the compact form, in its `v` key.
const VERSION: u8 = 2;

/// The stored form, over owned strings when read and borrowed ones when
/// written, so storing an extraction copies none of it.
#[derive(Serialize, Deserialize)]
struct Compact<S> {
    v: u8,
    p: Vec<StoredPerson<S>>,
    /// speaker, span start, span end, then the quoted words.
    q: Vec<(Speaker<S>, usize, usize, Words<S>)>,
    s: Vec<S>,
    d: Option<S>,
    td: bool,
}

/// A person: name, country, role, mentions (see [`flatten`]).
type StoredPerson<S> = (S, Option<S>, Option<S>, Vec<i64>);

/// A quote's speaker: nobody, a person of `p` by position, or a name.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Speaker<S> {
    Person(usize),
    Name(Option<S>),
}

/// The quoted words: their offset from the span's start and their length in
/// [`Article::text`], or the words themselves when they are not found there.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Words<S> {
    At(usize, usize),
    Text(S),
}

/// Mentions as (gap from the previous mention's end, length) pairs: small
/// numbers, which the store's compression shrinks better than offsets.
fn flatten(spans: &[Span]) -> Vec<i64> {
    let mut out = Vec::with_capacity(spans.len() * 2);
    let mut last = 0i64;
    for s in spans {
        let (start, end) = (s.start as i64, s.end as i64);
        out.push(start - last);
        out.push(end - start);
        last = end;
    }
    out
}

fn unflatten(flat: &[i64]) -> Vec<Span> {
    let mut last = 0i64;
    flat.chunks_exact(2)
        .filter_map(|p| {
            let start = last.checked_add(p[0])?;
            let end = start.checked_add(p[1])?;
            last = end;
            Some(Span {
                start: usize::try_from(start).ok()?,
                end: usize::try_from(end).ok()?,
            })
        })
        .collect()
}

impl StoredDetails {
    /// The compact JSON kept in the document store for `article` and its
    /// extraction.
    pub fn to_stored(article: &Article, extraction: &Extraction) -> String {
        // The offsets index the article's text; build it only when a quote needs it.
        let text = if extraction.quotes.is_empty() {
            String::new()
        } else {
            article.text()
        };
        let people = &extraction.people;
        let compact: Compact<&str> = Compact {
            v: VERSION,
            p: people
                .iter()
                .map(|p| {
                    let m = flatten(&p.mentions);
                    (p.name.as_str(), p.country.as_deref(), p.role.as_deref(), m)
                })
                .collect(),
            q: extraction
                .quotes
                .iter()
                .map(|q| {
                    let speaker = q.speaker.as_deref();
                    let speaker = speaker
                        .and_then(|s| people.iter().position(|p| p.name == s))
                        .map_or(Speaker::Name(speaker), Speaker::Person);
                    let words = text
                        .get(q.span.start..q.span.end)
                        .and_then(|inside| inside.find(q.text.as_str()))
                        .map_or(Words::Text(q.text.as_str()), |at| {
                            Words::At(at, q.text.len())
                        });
                    (speaker, q.span.start, q.span.end, words)
                })
                .collect(),
            s: article.subheadings.iter().map(String::as_str).collect(),
            d: article.dateline.as_deref(),
            td: article.title_derived,
        };
        serde_json::to_string(&compact).unwrap_or_default()
    }

    /// Reads what [`StoredDetails::to_stored`] wrote. `title` and `body` are the
    /// stored fields, from which quotes are read back. `None` when the stored
    /// value is not details in this form.
    pub fn from_stored(stored: &str, title: &str, body: &str) -> Option<StoredDetails> {
        let c: Compact<String> = serde_json::from_str(stored).ok()?;
        if c.v != VERSION {
            return None;
        }
        let text = if c.q.is_empty() {
            String::new()
        } else if c.td {
            body.to_owned()
        } else {
            format!("{title}\n\n{body}")
        };
        let people: Vec<Person> =
            c.p.into_iter()
                .map(|(name, country, role, m)| Person {
                    name,
                    country,
                    role,
                    mentions: unflatten(&m),
                })
                .collect();
        let quotes =
            c.q.into_iter()
                .map(|(speaker, start, end, words)| Quote {
                    speaker: match speaker {
                        Speaker::Person(i) => people.get(i).map(|p| p.name.clone()),
                        Speaker::Name(name) => name,
                    },
                    text: match words {
                        Words::At(at, len) => start
                            .checked_add(at)
                            .and_then(|a| text.get(a..a.checked_add(len)?))
                            .unwrap_or_default()
                            .to_owned(),
                        Words::Text(t) => t,
                    },
                    span: Span { start, end },
                })
                .collect();
        Some(StoredDetails {
            people,
            quotes,
            subheadings: c.s,
            dateline: c.d,
            title_derived: c.td,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse;
    use crate::extract::extract;

    fn details_of(path: &str) -> (StoredDetails, crate::article::Article) {
        let raw = std::fs::read_to_string(path).expect("corpus file");
        let article = parse(&raw).expect("corpus article parses");
        let e = extract(&article);
        let details = StoredDetails {
            people: e.people,
            quotes: e.quotes,
            subheadings: article.subheadings.clone(),
            dateline: article.dateline.clone(),
            title_derived: article.title_derived,
        };
        (details, article)
    }

    #[test]
    fn round_trip_over_the_corpus() {
        let mut quotes = 0;
        let mut files = 0;
        for entry in std::fs::read_dir("corpus").expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let (details, article) = details_of(&path.to_string_lossy());
            let stored = StoredDetails::to_stored(&article, &extract(&article));
            let back = StoredDetails::from_stored(&stored, &article.title, &article.body);
            assert_eq!(back.as_ref(), Some(&details), "{}", path.display());
            quotes += details.quotes.len();
            files += 1;
        }
        assert!(
            files >= 60 && quotes >= 50,
            "{files} files, {quotes} quotes"
        );
    }

    #[test]
    fn compact_is_much_smaller_than_the_extraction() {
        let (details, article) = details_of("corpus/000_e01270f4380b6882.txt");
        // What schema version 1 stored: the whole extraction, as `serde` writes it.
        let old = serde_json::json!({
            "extraction": extract(&article),
            "subheadings": article.subheadings,
            "dateline": article.dateline,
            "title_derived": article.title_derived,
        })
        .to_string();
        let new = StoredDetails::to_stored(&article, &extract(&article));
        assert!(new.len() * 3 < old.len(), "{} vs {}", new.len(), old.len());
        assert_eq!(
            StoredDetails::from_stored(&old, &article.title, &article.body),
            None
        );
        let back = StoredDetails::from_stored(&new, &article.title, &article.body);
        assert_eq!(back, Some(details));
    }

    #[test]
    fn quote_words_missing_from_the_text_are_kept_inline() {
        let details = StoredDetails {
            quotes: vec![
                Quote {
                    speaker: None,
                    text: "not in the text".to_owned(),
                    span: Span { start: 0, end: 4 },
                },
                Quote {
                    speaker: Some("Nobody Listed".to_owned()),
                    text: "text".to_owned(),
                    span: Span { start: 4, end: 14 },
                },
            ],
            title_derived: true,
            ..StoredDetails::default()
        };
        let article = parse("date 2026-01-01 Published by A\n\nBody text here.").expect("parses");
        let extraction = Extraction {
            quotes: details.quotes.clone(),
            ..Extraction::default()
        };
        let stored = StoredDetails::to_stored(&article, &extraction);
        assert_eq!(
            StoredDetails::from_stored(&stored, "", "Body text here."),
            Some(details)
        );
        assert_eq!(StoredDetails::from_stored("not json", "", ""), None);
        assert_eq!(StoredDetails::from_stored(r#"{"v":9}"#, "", ""), None);
    }
}
