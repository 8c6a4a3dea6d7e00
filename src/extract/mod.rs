//! Extraction of people, countries, topics and quotes from an article.
//!
//! Everything here is tables plus small rules: the gazetteers under `data/`
//! are embedded in the binary with `include_str!`, matched with a byte trie
//! (the same matches as Aho-Corasick, see `trie`), and every mention keeps its byte offsets in [`Article::text`] so it can be
//! highlighted.

mod countries;
mod people;
mod quotes;
pub(crate) mod text;
mod topics;
mod trie;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::article::Article;

pub use countries::{Countries, Country};
pub use people::{KnownPerson, FAMILY_FIRST};
pub use topics::{THRESHOLD as TOPIC_THRESHOLD, TOPICS};

/// Abbreviated titles whose period is part of the word.
pub(crate) const ABBREVIATION_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm", "Maj", "Brig", "Sen", "Rep",
    "Gov", "Prof", "St", "Jr", "Sr", "Cmdr", "Amb", "Rev", "Fr", "Pres", "Supt", "Insp",
];

/// A byte range in [`Article::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A person found in an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Canonical full name.
    pub name: String,
    /// Their country, when known.
    pub country: Option<String>,
    /// Their role or office, when known.
    pub role: Option<String>,
    /// Every mention, full name or surname.
    pub mentions: Vec<Span>,
}

/// A country an article refers to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountryMention {
    /// Canonical English short name.
    pub name: String,
    /// Salience: mentions weighted by title, first paragraph and dateline.
    pub score: f32,
    /// Every mention.
    pub mentions: Vec<Span>,
}

/// A topic of the taxonomy with the evidence that gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicScore {
    /// Path such as `security/nuclear`.
    pub topic: String,
    /// Weighted evidence (the threshold is [`TOPIC_THRESHOLD`]).
    pub score: f32,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Canonical name of the speaker, when attributed.
    pub speaker: Option<String>,
    /// The quoted words.
    pub text: String,
    /// Where the quoted words are.
    pub span: Span,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// People, most mentioned first.
    pub people: Vec<Person>,
    /// Countries by salience.
    pub countries: Vec<CountryMention>,
    /// Topics over the threshold, strongest first.
    pub topics: Vec<TopicScore>,
    /// Direct quotations.
    pub quotes: Vec<Quote>,
}

impl Extraction {
    /// People's canonical names.
    pub fn people_names(&self) -> Vec<String> {
        self.people.iter().map(|p| p.name.clone()).collect()
    }
    /// Countries' canonical names, by salience.
    pub fn country_names(&self) -> Vec<String> {
        self.countries.iter().map(|c| c.name.clone()).collect()
    }
    /// Topic paths.
    pub fn topic_names(&self) -> Vec<String> {
        self.topics.iter().map(|t| t.topic.clone()).collect()
    }
    /// Every byte range the extraction points at: people's and countries'
    /// mentions, then quotes.
    pub fn spans(&self) -> impl Iterator<Item = &Span> {
        self.people
            .iter()
            .flat_map(|p| &p.mentions)
            .chain(self.countries.iter().flat_map(|c| &c.mentions))
            .chain(self.quotes.iter().map(|q| &q.span))
    }
}

/// The embedded tables, compiled once.
pub struct Extractor {
    countries: &'static Countries,
    people: people::People,
    topics: topics::Topics,
}

impl Extractor {
    /// The process-wide extractor; tables are compiled on first use.
    pub fn global() -> &'static Extractor {
        static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
        EXTRACTOR.get_or_init(|| {
            let countries = Countries::global();
            let people = people::People::load(countries);
            Extractor {
                countries,
                people,
                topics: topics::Topics::load(),
            }
        })
    }

    /// The country gazetteer.
    pub fn countries(&self) -> &Countries {
        self.countries
    }

    /// Extracts people, countries, topics and quotes from an article.
    pub fn extract(&self, article: &Article) -> Extraction {
        let text = article.text();
        let title_len = article.title_len();
        let tokens = text::tokens(&text);
        let caps = text::all_caps_lines(&text);
        let people = self
            .people
            .find(&text, &tokens, &caps, article, self.countries);
        let countries = self
            .countries
            .find(&text, title_len, &caps, article, &people);
        let topics = self.topics.score(&text, title_len);
        let quotes = quotes::find(&text, &tokens, &people);
        Extraction {
            people,
            countries,
            topics,
            quotes,
        }
    }
}

/// Extracts with the global tables: shorthand for `Extractor::global().extract(article)`.
pub fn extract(article: &Article) -> Extraction {
    Extractor::global().extract(article)
}

/// Rows of an embedded TSV table: comment and blank lines skipped, the header dropped.
pub(crate) fn tsv_rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// Values of a `|`-separated table cell.
pub(crate) fn cell_values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse;

    fn sample() -> Article {
        let text = include_str!("../../corpus/000_e01270f4380b6882.txt");
        parse(text).unwrap()
    }

    #[test]
    fn sample_article() {
        let e = extract(&sample());
        let mut people = e.people_names();
        people.sort();
        assert_eq!(
            people,
            [
                "Abbas Araghchi",
                "Ali Khamenei",
                "Donald Trump",
                "Masoud Pezeshkian"
            ]
        );
        assert_eq!(e.country_names()[..2], ["Iran", "United States"]);
        assert_eq!(e.countries.len(), 2, "{:?}", e.country_names());
        let mut topics = e.topic_names();
        topics.sort();
        assert_eq!(
            topics,
            [
                "diplomacy/negotiations",
                "politics/protests",
                "security/military",
                "security/nuclear"
            ]
        );
        let trump = e.people.iter().find(|p| p.name == "Donald Trump").unwrap();
        assert_eq!(trump.country.as_deref(), Some("United States"));
        assert_eq!(trump.role.as_deref(), Some("President"));
        assert!(e
            .quotes
            .iter()
            .any(|q| q.speaker.as_deref() == Some("Donald Trump")
                && q.text.starts_with("They are negotiating. They")));
    }

    #[test]
    fn spans_point_at_names() {
        let a = sample();
        let text = a.text();
        let e = extract(&a);
        for p in &e.people {
            for m in &p.mentions {
                let s = &text[m.start..m.end];
                assert!(
                    p.name.contains(s) || s.contains(p.name.split(' ').next_back().unwrap()),
                    "{s} for {}",
                    p.name
                );
            }
        }
    }

    /// Random text made of the characters that matter to the extractors
    /// (quotes, accents, dashes, capitals, punctuation) never panics.
    #[test]
    fn random_text_never_panics() {
        const PIECES: &[&str] = &[
            "é",
            "“",
            "”",
            "\"",
            "'",
            "’",
            ".",
            ",",
            " ",
            " ",
            "\n",
            "\n\n",
            "-",
            "—",
            "al-",
            "Trump",
            "said",
            "Iran",
            "U.S.",
            "Mr.",
            "J.",
            "President",
            "GENEVA",
            "(Reuters)",
            "Erdoğan",
            "the",
            "van",
            "der",
            "Ş",
            "日本",
            "Washington",
            "Georgia",
            "ceasefire",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut text = String::from("date 2026-02-04 Published by A B\n\n");
            for _ in 0..(seed % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            if let Ok(a) = parse(&text) {
                let e = extract(&a);
                let t = a.text();
                for q in &e.quotes {
                    assert!(t.is_char_boundary(q.span.start) && t.is_char_boundary(q.span.end));
                }
            }
        }
    }
}
