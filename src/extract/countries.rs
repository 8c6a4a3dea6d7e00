//! Countries: the gazetteer (`data/countries.tsv`), context rules for
//! ambiguous names, historical eras, datelines and salience.

use std::collections::HashMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::text::is_word;
use super::trie::Trie;
use super::{cell_values, tsv_rows, CountryMention, Person, Span};
use crate::article::Article;

const TABLE: &str = include_str!("../../data/countries.tsv");
const CONTEXT: &str = include_str!("../../data/country_context.tsv");
const ERAS: &str = include_str!("../../data/country_eras.tsv");
const VETOES: &str = include_str!("../../data/country_vetoes.txt");

/// Salience weights of a mention by where it stands.
const TITLE_WEIGHT: f32 = 3.0;
const LEAD_WEIGHT: f32 = 2.0;
const DATELINE_WEIGHT: f32 = 3.0;

/// One row of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// Canonical common English short name.
    pub name: &'static str,
    /// Official name.
    pub official: &'static str,
    /// ISO 3166-1 alpha-2 code (empty for some historical states).
    pub iso2: &'static str,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: &'static str,
    /// `country`, `territory` or `historical`.
    pub kind: &'static str,
    /// Every name a user may type for it: aliases, demonyms, seats, Spanish names.
    pub names: Vec<&'static str>,
}

/// What a surface form found in text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Country(usize),
    /// A phrase that hides a country name (`New Mexico`).
    Veto,
}

#[derive(Debug)]
struct ContextRule {
    default: Option<usize>,
    alternative: Option<usize>,
    cues: Vec<&'static str>,
}

#[derive(Debug)]
struct Era {
    modern: usize,
    historical: usize,
    from: NaiveDate,
    until: NaiveDate,
}

/// The compiled country gazetteer.
pub struct Countries {
    list: Vec<Country>,
    patterns: Vec<(&'static str, Target)>,
    /// Built on first use: a search only resolves names and needs no automaton.
    matchers: std::sync::OnceLock<(Trie, Trie)>,
    caps_patterns: Vec<(String, usize)>,
    /// Upper-case names, seats and cities, for datelines.
    datelines: FxHashMap<String, usize>,
    /// Exact surfaces (case as written) for the people extractor.
    surfaces: FxHashMap<&'static str, usize>,
    /// Folded names, codes, aliases and demonyms, for query filters.
    lookup: HashMap<String, usize>,
    context: FxHashMap<&'static str, ContextRule>,
    eras: Vec<Era>,
}

fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .replace(['.', '’', '\''], "")
}

impl Countries {
    /// Loads and compiles the embedded tables.
    pub fn load() -> Countries {
        let mut list = Vec::new();
        // Vetoes first: one pattern per surface, the first one wins.
        let mut patterns: Vec<(&'static str, Target)> = VETOES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| (l, Target::Veto))
            .collect();
        let mut datelines = FxHashMap::default();
        let mut surfaces = FxHashMap::default();
        let mut lookup = HashMap::new();
        for row in tsv_rows(TABLE) {
            if row.len() < 10 || row[0].is_empty() {
                continue;
            }
            let id = list.len();
            let mut names = vec![row[0]];
            // name official iso2 iso3 aliases demonyms seats cities spanish kind
            for (col, in_text) in [(1, true), (4, true), (5, true), (6, true), (8, true)] {
                for v in cell_values(row[col]) {
                    names.push(v);
                    if in_text {
                        patterns.push((v, Target::Country(id)));
                    }
                }
            }
            patterns.push((row[0], Target::Country(id)));
            for v in names.iter() {
                surfaces.entry(*v).or_insert(id);
                lookup.entry(fold(v)).or_insert(id);
            }
            for code in [row[2], row[3]] {
                if !code.is_empty() {
                    lookup.entry(code.to_lowercase()).or_insert(id);
                }
            }
            for v in [row[0], row[1]]
                .into_iter()
                .chain(cell_values(row[4]))
                .chain(cell_values(row[6]))
                .chain(cell_values(row[7]))
                .chain(cell_values(row[8]))
            {
                datelines.entry(v.to_uppercase()).or_insert(id);
            }
            list.push(Country {
                name: row[0],
                official: row[1],
                iso2: row[2],
                iso3: row[3],
                kind: row[9],
                names,
            });
        }
        let index: HashMap<&str, usize> =
            list.iter().enumerate().map(|(i, c)| (c.name, i)).collect();
        let find = |name: &str| -> Option<usize> {
            if name == "-" {
                None
            } else {
                index.get(name).copied()
            }
        };
        let mut context = FxHashMap::default();
        for row in tsv_rows(CONTEXT) {
            if row.len() < 4 {
                continue;
            }
            let rule = ContextRule {
                default: find(row[1]),
                alternative: find(row[2]),
                cues: cell_values(row[3]).collect(),
            };
            if !patterns.iter().any(|(p, _)| *p == row[0]) {
                if let Some(d) = rule.default.or(rule.alternative) {
                    patterns.push((row[0], Target::Country(d)));
                }
            }
            context.insert(row[0], rule);
        }
        let eras = tsv_rows(ERAS)
            .filter(|row| row.len() >= 4)
            .filter_map(|row| {
                Some(Era {
                    modern: find(row[0])?,
                    historical: find(row[1])?,
                    from: NaiveDate::parse_from_str(row[2], "%Y-%m-%d").ok()?,
                    until: NaiveDate::parse_from_str(row[3], "%Y-%m-%d").ok()?,
                })
            })
            .collect();
        // One pattern per surface: the first row that lists it wins.
        let mut seen = std::collections::HashSet::new();
        patterns.retain(|(p, _)| !p.is_empty() && seen.insert(*p));
        // Upper-case forms for capitalised headlines, each with the index of its
        // pattern: short forms are left out, so the two lists do not line up.
        let caps_patterns: Vec<(String, usize)> = patterns
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (p.to_uppercase(), i))
            .filter(|(p, _)| p.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .collect();
        Countries {
            list,
            patterns,
            matchers: std::sync::OnceLock::new(),
            caps_patterns,
            datelines,
            surfaces,
            lookup,
            context,
            eras,
        }
    }

    /// The process-wide gazetteer, compiled on first use. Searches need only
    /// this table, not the whole extractor.
    pub fn global() -> &'static Countries {
        static COUNTRIES: std::sync::OnceLock<Countries> = std::sync::OnceLock::new();
        COUNTRIES.get_or_init(Countries::load)
    }

    fn matchers(&self) -> &(Trie, Trie) {
        self.matchers.get_or_init(|| {
            (
                Trie::new(self.patterns.iter().map(|(p, _)| *p), false),
                Trie::new(self.caps_patterns.iter().map(|(p, _)| p.as_str()), false),
            )
        })
    }

    /// Every country, territory and historical state.
    pub fn all(&self) -> &[Country] {
        &self.list
    }

    /// Resolves what a user typed (name, official name, alias, demonym, ISO
    /// code, Spanish name; any case, accents optional) to a country.
    pub fn resolve(&self, query: &str) -> Option<&Country> {
        let q = query.trim();
        self.lookup
            .get(&fold(q))
            .or_else(|| self.lookup.get(&q.to_lowercase()))
            .map(|&i| &self.list[i])
    }

    /// The closest canonical names to a query, for "did you mean" messages.
    pub fn suggest(&self, query: &str, n: usize) -> Vec<&'static str> {
        let q = fold(query);
        let mut scored: Vec<(f64, &'static str)> = self
            .lookup
            .iter()
            .map(|(k, &i)| (strsim::jaro_winkler(&q, k), self.list[i].name))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<&'static str> = Vec::new();
        for (_, name) in scored {
            if !out.contains(&name) {
                out.push(name);
            }
            if out.len() == n {
                break;
            }
        }
        out
    }

    /// The country a surface form stands for when written exactly so (`Iranian`).
    pub fn surface(&self, s: &str) -> Option<&'static str> {
        self.surfaces.get(s).map(|&i| self.list[i].name)
    }

    /// The country of an upper-case dateline city (`GENEVA`).
    pub fn dateline(&self, city: &str) -> Option<&'static str> {
        self.datelines
            .get(&city.to_uppercase())
            .map(|&i| self.list[i].name)
    }

    /// Finds the countries an article refers to, by salience.
    pub(super) fn find(
        &self,
        text: &str,
        title_len: usize,
        caps: &[std::ops::Range<usize>],
        article: &Article,
        people: &[Person],
    ) -> Vec<CountryMention> {
        let in_caps = |pos: usize| caps.iter().any(|r| r.contains(&pos));
        let person_spans: Vec<Span> = people
            .iter()
            .flat_map(|p| p.mentions.iter().copied())
            .collect();
        let overlaps_person =
            |s: usize, e: usize| person_spans.iter().any(|p| p.start < e && s < p.end);
        let lead_end = super::text::paragraphs(text)
            .find(|r| r.start >= title_len)
            .map_or(text.len(), |r| r.end);
        let mut hits: Vec<(usize, Span, f32)> = Vec::new();
        let weight = |start: usize| {
            if start < title_len {
                TITLE_WEIGHT
            } else if start < lead_end {
                LEAD_WEIGHT
            } else {
                1.0
            }
        };
        let mut surface_hits: Vec<(&str, usize, Span)> = Vec::new();
        let (matcher, caps_matcher) = self.matchers();
        for (pattern, s, e) in matcher.leftmost_longest(text) {
            if in_caps(s) || !is_word(text, s, e) {
                continue;
            }
            if let (surface, Target::Country(id)) = self.patterns[pattern] {
                surface_hits.push((surface, id, Span { start: s, end: e }));
            }
        }
        for r in caps {
            let line = &text[r.clone()];
            for (pattern, s, e) in caps_matcher.leftmost_longest(line) {
                let (s, e) = (r.start + s, r.start + e);
                if !is_word(text, s, e) {
                    continue;
                }
                let original = self.caps_patterns[pattern].1;
                if let (surface, Target::Country(id)) = self.patterns[original] {
                    surface_hits.push((surface, id, Span { start: s, end: e }));
                }
            }
        }
        // Whether an ambiguous surface's cues occur depends on the text alone: look once.
        let mut cued_surfaces: Vec<(&str, bool)> = Vec::new();
        for (surface, id, span) in surface_hits {
            if overlaps_person(span.start, span.end) {
                continue;
            }
            let id = match self.context.get(surface) {
                Some(rule) => {
                    let cued = match cued_surfaces.iter().find(|(s, _)| *s == surface) {
                        Some(&(_, cued)) => cued,
                        None => {
                            let cued = rule.cues.iter().any(|cue| {
                                text.match_indices(cue)
                                    .any(|(i, _)| is_word(text, i, i + cue.len()))
                            });
                            cued_surfaces.push((surface, cued));
                            cued
                        }
                    };
                    match if cued { rule.alternative } else { rule.default } {
                        Some(id) => id,
                        None => continue,
                    }
                }
                None => id,
            };
            hits.push((id, span, weight(span.start)));
        }
        if let Some(city) = &article.dateline {
            if let Some(&id) = self.datelines.get(&city.to_uppercase()) {
                if let Some(pos) = text[title_len..].find(city.as_str()) {
                    let start = title_len + pos;
                    let span = Span {
                        start,
                        end: start + city.len(),
                    };
                    // The city may also be a seat matched above: count it once, as a dateline.
                    hits.retain(|(_, s, _)| s.start != span.start);
                    hits.push((id, span, DATELINE_WEIGHT));
                }
            }
        }
        let mut by_country: Vec<CountryMention> = Vec::new();
        for (id, span, w) in hits {
            let id = self.era(id, article.date);
            let name = self.list[id].name;
            match by_country.iter_mut().find(|c| c.name == name) {
                Some(c) => {
                    c.score += w;
                    c.mentions.push(span);
                }
                None => by_country.push(CountryMention {
                    name: name.to_owned(),
                    score: w,
                    mentions: vec![span],
                }),
            }
        }
        for c in &mut by_country {
            c.mentions.sort();
        }
        by_country.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.mentions[0].cmp(&b.mentions[0]))
        });
        by_country
    }

    fn era(&self, id: usize, date: NaiveDate) -> usize {
        self.eras
            .iter()
            .find(|e| e.modern == id && e.from <= date && date <= e.until)
            .map_or(id, |e| e.historical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse;
    use crate::extract::extract;

    fn countries_of(date: &str, body: &str) -> Vec<String> {
        let a = parse(&format!("date {date} Published by Test Writer\n\n{body}")).unwrap();
        let mut c = extract(&a).country_names();
        c.sort();
        c
    }

    #[test]
    fn table_loads_completely() {
        let c = Countries::load();
        assert!(c.all().len() >= 250, "{} rows", c.all().len());
        for name in [
            "Iran",
            "United States",
            "Soviet Union",
            "Zaire",
            "Ivory Coast",
            "Kosovo",
        ] {
            assert!(c.all().iter().any(|x| x.name == name), "{name} missing");
        }
    }

    #[test]
    fn resolve_names_codes_demonyms() {
        let c = Countries::load();
        for q in [
            "Iran",
            "iranian",
            "IR",
            "IRN",
            "Islamic Republic of Iran",
            "irán",
        ] {
            assert_eq!(c.resolve(q).map(|c| c.name), Some("Iran"), "{q}");
        }
        assert_eq!(c.resolve("U.S.").map(|c| c.name), Some("United States"));
        assert!(c.resolve("Narnia").is_none());
        assert!(c.suggest("Iram", 3).contains(&"Iran"));
    }

    #[test]
    fn ambiguity_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "2026-01-10",
                "Voters in Atlanta, Georgia, lined up for hours on Tuesday.",
                &[],
            ),
            (
                "2026-01-10",
                "Georgia said Russian troops crossed into the country near Tbilisi.",
                &["Georgia", "Russia"],
            ),
            (
                "2026-01-10",
                "Voters in Atlanta lined up as Georgia counted its ballots.",
                &[],
            ),
            (
                "2026-01-10",
                "Officials in Niger and Nigeria met on Monday.",
                &["Niger", "Nigeria"],
            ),
            (
                "2026-01-10",
                "Guinea-Bissau and Equatorial Guinea and Papua New Guinea signed.",
                &["Equatorial Guinea", "Guinea-Bissau", "Papua New Guinea"],
            ),
            (
                "2026-01-10",
                "They roasted a turkey on fine china for us.",
                &[],
            ),
            (
                "2026-01-10",
                "The governor of New Mexico visited Indiana.",
                &[],
            ),
            (
                "2026-01-10",
                "Dominica and the Dominican Republic sent aid.",
                &["Dominica", "Dominican Republic"],
            ),
            (
                "2026-01-10",
                "Troops from Brazzaville entered the Congo on Monday.",
                &["Republic of the Congo"],
            ),
            (
                "2026-01-10",
                "Fighting in eastern Congo around Goma continued.",
                &["Democratic Republic of the Congo"],
            ),
            (
                "2026-01-10",
                "North Korea fired a missile toward South Korea.",
                &["North Korea", "South Korea"],
            ),
            (
                "2026-01-10",
                "Turkey and China agreed on trade.",
                &["China", "Turkey"],
            ),
            (
                "2026-01-10",
                "The Washington Post reported the rally in the South China Sea.",
                &[],
            ),
            (
                "1985-03-11",
                "The Kremlin named a new leader in Moscow.",
                &["Soviet Union"],
            ),
            (
                "2026-01-10",
                "The Kremlin said the talks were useful.",
                &["Russia"],
            ),
            ("2026-01-10", "Talks in Latin America stalled.", &[]),
        ];
        for (date, body, want) in cases {
            assert_eq!(countries_of(date, body), *want, "{body}");
        }
    }

    #[test]
    fn people_hide_countries() {
        let body = "Chad Whitfield, a trade analyst, said Michael Jordan and Denzel Washington would attend. Jordan smiled.";
        assert_eq!(countries_of("2026-01-10", body), Vec::<String>::new());
    }

    #[test]
    fn datelines_and_caps_headlines() {
        let c = countries_of(
            "2026-03-03",
            "IRAN SAYS TALKS WITH US TO RESUME\n\nGENEVA (Reuters) - Officials said on Monday that talks would resume.",
        );
        assert_eq!(c, ["Iran", "Switzerland", "United States"]);
    }

    #[test]
    fn salience_orders_title_first() {
        let a = parse("date 2026-01-10 Published by X\n\nCuba talks\n\nMexico said Peru agreed.")
            .unwrap();
        assert_eq!(extract(&a).country_names()[0], "Cuba");
    }
}
