//! People: known newsmakers (`data/people.tsv`), title and role cues
//! (`data/roles.tsv`), a first-name table and speech verbs find names; a
//! surname alone resolves to the full name found in the same article, or to
//! the known office holder of the article's date.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use chrono::Datelike;
use rustc_hash::{FxHashMap, FxHashSet};

use super::countries::Countries;
use super::text::{ascii_fold, is_word, with_fold, with_lowercase, Token};
use super::trie::Trie;
use super::{cell_values, tsv_rows, Person, Span};
use crate::article::Article;

const KNOWN: &str = include_str!("../../data/people.tsv");
const FIRST_NAMES: &str = include_str!("../../data/first_names.txt");
const ROLES: &str = include_str!("../../data/roles.tsv");
const NOT_PEOPLE: &str = include_str!("../../data/not_people.txt");
const NOT_NAME_WORDS: &str = include_str!("../../data/not_name_words.txt");

/// Verbs that put a name beside a statement.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "warned",
    "warns",
    "noted",
    "argued",
    "insisted",
    "explained",
    "declared",
    "announced",
    "tweeted",
    "wrote",
    "writes",
    "replied",
    "stressed",
    "urged",
    "acknowledged",
    "confirmed",
    "denied",
    "claimed",
    "asked",
    "recalled",
    "predicted",
    "vowed",
    "promised",
    "cautioned",
    "conceded",
    "admitted",
    "observed",
    "remarked",
    "answered",
    "responded",
    "suggested",
    "complained",
    "countered",
    "continued",
];

/// Capitalised at a sentence start, never a surname (`He Lifeng` is not `He said`).
const PRONOUNS: &[&str] = &[
    "He", "She", "It", "We", "They", "You", "His", "Her", "Its", "Our", "Their", "This", "That",
    "These", "Those", "There", "Here", "HE", "SHE", "IT", "WE", "THEY", "US",
];

/// Prefixes that mark a vessel or an operation, never a person.
const THING_PREFIXES: &[&str] = &[
    "USS",
    "HMS",
    "INS",
    "HMCS",
    "HMAS",
    "RFS",
    "MV",
    "SS",
    "Operation",
    "Project",
    "Hurricane",
    "Typhoon",
    "Storm",
    "Cyclone",
    "Camp",
    "Fort",
    "Mount",
    "Lake",
    "Cape",
    "Saint",
    "San",
    "Santa",
    "St.",
];

/// Lower-case words allowed inside a name (`Ursula von der Leyen`).
const PARTICLES: &[&str] = &[
    "al", "bin", "bint", "ibn", "abu", "von", "der", "den", "de", "da", "das", "do", "dos", "van",
    "la", "le", "di", "del", "du", "el", "y", "ben", "ter", "zu", "af", "e",
];

/// Countries whose people are written family name first.
pub const FAMILY_FIRST: &[&str] = &[
    "China",
    "Taiwan",
    "North Korea",
    "South Korea",
    "Hong Kong",
    "Macau",
];

/// A newsmaker of the table, with every office held.
#[derive(Debug, Clone)]
pub struct KnownPerson {
    /// Canonical full name.
    pub name: &'static str,
    /// Country of nationality.
    pub country: &'static str,
    /// Offices with their first and last year (`None`: still in office).
    pub roles: Vec<(&'static str, i32, Option<i32>)>,
    /// Other written forms.
    pub aliases: Vec<&'static str>,
}

impl KnownPerson {
    fn role_at(&self, year: i32) -> Option<&'static str> {
        self.roles
            .iter()
            .find(|(_, from, to)| *from <= year && to.is_none_or(|t| year <= t))
            .map(|(r, _, _)| *r)
    }

    fn surnames(&self) -> Vec<String> {
        let tokens: Vec<&str> = self.name.split_whitespace().collect();
        let mut out = Vec::new();
        if FAMILY_FIRST.contains(&self.country) {
            if let Some(first) = tokens.first() {
                out.push((*first).to_owned());
            }
        }
        if let Some(last) = tokens.last() {
            out.push((*last).to_owned());
            if let Some(rest) = ["al-", "el-"].iter().find_map(|p| last.strip_prefix(p)) {
                out.push(rest.to_owned());
            }
        }
        // `Lula da Silva` is `da Silva`; `Ursula von der Leyen` is `von der Leyen`.
        if let Some(i) = tokens
            .iter()
            .position(|t| PARTICLES.contains(t) && !t.is_empty())
        {
            if i > 0 {
                out.push(tokens[i..].join(" "));
            }
        }
        out
    }
}

/// A role cue: a title before a name (`Foreign Minister`) or an appositive after one.
#[derive(Debug, Clone)]
struct Cue {
    role: Option<&'static str>,
    appositive: bool,
}

/// `Zimbabwe-born`, `foreign-born`: a word that only stands before a person.
fn is_born_adjective(word: &str) -> bool {
    word.len() > 5
        && word
            .get(word.len() - 5..)
            .is_some_and(|end| end.eq_ignore_ascii_case("-born"))
}

/// The cue of `X-born` before a name: no role.
const BORN_CUE: Cue = Cue {
    role: None,
    appositive: false,
};

pub(super) struct People {
    known: Vec<KnownPerson>,
    known_matcher: Trie,
    known_patterns: Vec<usize>,
    by_surname: FxHashMap<String, Vec<usize>>,
    by_folded_name: FxHashMap<String, usize>,
    /// Each known person's surname keys, as [`People::surnames_of`] gives them.
    known_surnames: Vec<Vec<String>>,
    first_names: FxHashSet<String>,
    cues: FxHashMap<String, Cue>,
    /// Last words of capitalised title cues (`Minister`, `President`).
    role_heads: FxHashSet<&'static str>,
    max_cue_words: usize,
    not_people: FxHashSet<String>,
    not_name_words: FxHashSet<&'static str>,
}

fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// A surname key: accents removed, case kept, so `UN` is not `Un`.
fn surname_key(s: &str) -> Cow<'_, str> {
    ascii_fold(s)
}

/// `words` joined by single spaces. Tokens joined in the text by exactly one
/// space are borrowed from it: a cue or a listed name is looked up without
/// building the string.
fn joined_words<'a>(text: &'a str, words: &[Token<'a>]) -> Cow<'a, str> {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return Cow::Borrowed("");
    };
    let len: usize = words.iter().map(|t| t.text.len() + 1).sum::<usize>() - 1;
    let span = text.get(first.range.start..last.range.end);
    match span {
        Some(s) if s.len() == len && words[1..].iter().all(|t| t.joined) => Cow::Borrowed(s),
        _ => Cow::Owned(
            words
                .iter()
                .map(|t| t.text)
                .collect::<Vec<&str>>()
                .join(" "),
        ),
    }
}

/// Regnal numbers and suffixes are not surnames (`Juan Carlos I`).
fn is_name_suffix(s: &str) -> bool {
    s.chars().count() < 2
        || s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        || matches!(s, "Jr." | "Sr." | "Jr" | "Sr")
}

fn lines(table: &'static str) -> impl Iterator<Item = &'static str> {
    table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A run of tokens that may be a name, and what stood around it.
struct Chunk {
    tokens: Range<usize>,
    role: Option<&'static str>,
    country: Option<&'static str>,
    cue: bool,
}

/// A person being gathered for one article.
struct Found {
    name: String,
    known: Option<usize>,
    role: Option<&'static str>,
    country: Option<&'static str>,
    mentions: Vec<Span>,
}

impl People {
    pub(super) fn load(_countries: &Countries) -> People {
        let mut known: Vec<KnownPerson> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for row in tsv_rows(KNOWN) {
            if row.len() < 4 || row[0].is_empty() {
                continue;
            }
            let from = row[3].parse().unwrap_or(0);
            let to = row.get(4).and_then(|t| t.parse().ok());
            let id = *index.entry(row[0]).or_insert_with(|| {
                known.push(KnownPerson {
                    name: row[0],
                    country: row[1],
                    roles: Vec::new(),
                    aliases: Vec::new(),
                });
                known.len() - 1
            });
            let p = &mut known[id];
            if !row[2].is_empty() {
                p.roles.push((row[2], from, to));
            }
            for a in row.get(5).map(|c| cell_values(c)).into_iter().flatten() {
                if !p.aliases.contains(&a) {
                    p.aliases.push(a);
                }
            }
        }
        let mut patterns: Vec<String> = Vec::new();
        let mut known_patterns = Vec::new();
        let mut by_surname: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut by_folded_name = FxHashMap::default();
        for (id, p) in known.iter().enumerate() {
            let ascii = deunicode::deunicode(p.name);
            for form in std::iter::once(p.name.to_owned())
                .chain(std::iter::once(ascii))
                .chain(p.aliases.iter().map(|a| (*a).to_owned()))
            {
                // A one-word alias (`Lula`) is a surname-like form, not a full name.
                if form.split_whitespace().count() >= 2 && !patterns.contains(&form) {
                    by_folded_name.entry(fold(&form)).or_insert(id);
                    patterns.push(form);
                    known_patterns.push(id);
                } else if form.split_whitespace().count() == 1 {
                    by_surname
                        .entry(surname_key(&form).into_owned())
                        .or_default()
                        .push(id);
                }
            }
            for s in p.surnames().into_iter().filter(|s| !is_name_suffix(s)) {
                let ids = by_surname.entry(surname_key(&s).into_owned()).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let known_matcher = Trie::new(patterns.iter().map(String::as_str), false);
        let mut cues = FxHashMap::default();
        let mut max_cue_words = 1;
        for row in tsv_rows(ROLES) {
            if row.is_empty() || row[0].is_empty() {
                continue;
            }
            let role = row.get(1).copied().filter(|r| !r.is_empty());
            let appositive = row.get(2).is_some_and(|k| *k == "appositive");
            max_cue_words = max_cue_words.max(row[0].split_whitespace().count());
            cues.entry(row[0].to_owned())
                .or_insert(Cue { role, appositive });
        }
        let role_heads = tsv_rows(ROLES)
            .filter_map(|row| row.first().copied())
            .filter(|cue| cue.starts_with(char::is_uppercase) && !cue.ends_with('.'))
            .filter_map(|cue| cue.split_whitespace().last())
            .filter(|w| w.chars().count() > 3)
            .collect();
        let known_surnames = known
            .iter()
            .map(|k| {
                let mut s: Vec<String> = k
                    .surnames()
                    .iter()
                    .filter(|s| !is_name_suffix(s))
                    .map(|s| surname_key(s).into_owned())
                    .collect();
                s.extend(
                    k.aliases
                        .iter()
                        .filter(|a| a.split_whitespace().count() == 1)
                        .map(|a| surname_key(a).into_owned()),
                );
                s
            })
            .collect();
        People {
            known,
            known_surnames,
            role_heads,
            known_matcher,
            known_patterns,
            by_surname,
            by_folded_name,
            first_names: lines(FIRST_NAMES).map(fold).collect(),
            cues,
            max_cue_words,
            not_people: lines(NOT_PEOPLE).map(str::to_owned).collect(),
            not_name_words: lines(NOT_NAME_WORDS).collect(),
        }
    }

    /// The known newsmakers.
    #[cfg(test)]
    pub(super) fn known(&self) -> &[KnownPerson] {
        &self.known
    }

    fn title_cue(&self, text: &str, words: &[Token<'_>]) -> Option<&Cue> {
        self.cues
            .get(joined_words(text, words).as_ref())
            .filter(|c| !c.appositive)
    }

    fn is_first_name(&self, word: &str) -> bool {
        with_fold(word, |w| self.first_names.contains(w))
    }

    pub(super) fn find(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        caps: &[Range<usize>],
        article: &Article,
        countries: &Countries,
    ) -> Vec<Person> {
        let year = article.date.year();
        let in_caps = |pos: usize| caps.iter().any(|r| r.contains(&pos));
        let mut found: Vec<Found> = Vec::new();
        let mut claimed: Vec<Range<usize>> = Vec::new();

        // Known newsmakers by full name or alias.
        for (pattern, start, end) in self.known_matcher.leftmost_longest(text) {
            if !is_word(text, start, end) || in_caps(start) {
                continue;
            }
            let id = self.known_patterns[pattern];
            let span = Span { start, end };
            claimed.push(start..end);
            let first_tok = Some(tokens.partition_point(|t| t.range.start < start))
                .filter(|&i| i < tokens.len());
            let (role, country) = first_tok.map_or((None, None), |i| {
                self.context_before(text, tokens, i, countries)
            });
            self.add(
                &mut found,
                self.known[id].name,
                Some(id),
                role,
                country,
                span,
            );
        }

        // Name chunks found by rules.
        let mut lower_words: FxHashSet<&str> = FxHashSet::default();
        lower_words.reserve(tokens.len());
        lower_words.extend(
            tokens
                .iter()
                .filter(|t| t.text.chars().next().is_some_and(char::is_lowercase))
                .map(|t| t.text),
        );
        let mut unproven: Vec<(Range<usize>, Chunk)> = Vec::new();
        let mut headlines = caps.to_vec();
        headlines.extend(super::text::title_case_lines(text));
        for chunk in self.chunks(text, tokens, &headlines, countries, &lower_words) {
            let toks = &tokens[chunk.tokens.clone()];
            let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
                continue;
            };
            let range = first.range.start..last.range.end;
            if toks.len() == 1
                || claimed
                    .iter()
                    .any(|c| c.start < range.end && range.start < c.end)
            {
                continue;
            }
            let speech = self.speech_adjacent(tokens, chunk.tokens.clone(), text);
            let first_name = self.is_first_name(first.text.trim_end_matches('.'))
                || first.text.ends_with('.') && first.text.chars().count() == 2;
            let appositive = self.appositive_follows(tokens, chunk.tokens.end, text, countries);
            // `Council on Foreign Relations`: the chunk ends an institution's name.
            let s = chunk.tokens.start;
            let continues_name = s >= 2
                && matches!(tokens[s - 1].text, "of" | "on" | "for")
                && tokens[s - 1].joined
                && tokens[s].joined
                && tokens[s - 2].is_capitalized();
            if continues_name && !chunk.cue {
                continue;
            }
            if !(chunk.cue || first_name || speech || appositive) {
                unproven.push((range, chunk));
                continue;
            }
            self.add_chunk(&mut found, text, range.clone(), &chunk);
            claimed.push(range);
        }
        // A name with no cue of its own shares its surname with someone
        // found: a fuller form of that name, or a relative (`Melania Trump`).
        for (range, chunk) in unproven {
            let last = surname_key(tokens[chunk.tokens.end - 1].text);
            let shared = found.iter().any(|f| {
                f.name.split_whitespace().count() >= 2 && self.surnames_of(f).any(|s| s == last)
            });
            if shared
                && !claimed
                    .iter()
                    .any(|c| c.start < range.end && range.start < c.end)
            {
                self.add_chunk(&mut found, text, range.clone(), &chunk);
                claimed.push(range);
            }
        }

        // A shorter form of a longer unknown name is the same person.
        merge_short_forms(&mut found);

        // Surnames alone: of someone named in full here, or a known office holder.
        // Surname keys are computed once per person, upper-cased too for headlines.
        let mut surnames: FxHashMap<String, usize> = FxHashMap::default();
        for (idx, f) in found.iter().enumerate() {
            if f.name.split_whitespace().count() >= 2 {
                for s in self.surnames_of(f) {
                    surnames.entry(s.to_uppercase()).or_insert(idx);
                    surnames.entry(s.into_owned()).or_insert(idx);
                }
            }
        }
        for (i, t) in tokens.iter().enumerate() {
            let caps_token = in_caps(t.range.start);
            if !t.is_capitalized() && !caps_token
                || is_name_suffix(t.text)
                || PRONOUNS.contains(&t.text)
                || with_lowercase(t.text, |l| lower_words.contains(l))
                || claimed
                    .iter()
                    .any(|c| c.start < t.range.end && t.range.start < c.end)
            {
                continue;
            }
            let span = Span {
                start: t.range.start,
                end: t.range.end,
            };
            let word = surname_key(t.text);
            let same_case = caps_token
                || if word.is_ascii() {
                    word.bytes().any(|b| b.is_ascii_lowercase())
                } else {
                    word.to_uppercase() != word
                };
            if let Some(&idx) = surnames.get(word.as_ref()).filter(|_| same_case) {
                found[idx].mentions.push(span);
                continue;
            }
            // Only a known newsmaker's surname can resolve alone.
            if caps_token
                || self.not_name_words.contains(t.text)
                || !self.by_surname.contains_key(word.as_ref())
            {
                continue;
            }
            let (role, country) = self.context_before(text, tokens, i, countries);
            let cue = role.is_some() || self.cue_before(text, tokens, i).is_some();
            let speech = self.speech_adjacent(tokens, i..i + 1, text) || t.possessive;
            if !(cue || speech) {
                continue;
            }
            if let Some(id) = self.resolve_surname(&word, role, country, year) {
                self.add(
                    &mut found,
                    self.known[id].name,
                    Some(id),
                    role,
                    country,
                    span,
                );
            }
        }

        let author = fold(&article.author);
        found.retain(|f| with_fold(&f.name, |n| n != author) && !f.mentions.is_empty());
        let mut people: Vec<Person> = found
            .into_iter()
            .map(|f| {
                let known = f.known.map(|id| &self.known[id]);
                let mut mentions = f.mentions;
                mentions.sort();
                mentions.dedup();
                Person {
                    role: f
                        .role
                        .or_else(|| known.and_then(|k| k.role_at(year)))
                        .map(str::to_owned),
                    country: known
                        .map(|k| k.country)
                        .filter(|c| !c.is_empty())
                        .or(f.country)
                        .map(str::to_owned),
                    name: f.name,
                    mentions,
                }
            })
            .collect();
        people.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then(a.mentions[0].cmp(&b.mentions[0]))
        });
        people
    }

    fn add(
        &self,
        found: &mut Vec<Found>,
        name: &str,
        known: Option<usize>,
        role: Option<&'static str>,
        country: Option<&'static str>,
        span: Span,
    ) {
        if let Some(f) = found.iter_mut().find(|f| f.name == name) {
            f.mentions.push(span);
            f.role = f.role.or(role);
            f.country = f.country.or(country);
            return;
        }
        found.push(Found {
            name: name.to_owned(),
            known,
            role,
            country,
            mentions: vec![span],
        });
    }

    fn add_chunk(&self, found: &mut Vec<Found>, text: &str, range: Range<usize>, chunk: &Chunk) {
        let name = &text[range.clone()];
        let span = Span {
            start: range.start,
            end: range.end,
        };
        let known = with_fold(name, |f| self.by_folded_name.get(f).copied());
        let canonical = known.map_or(name, |id| self.known[id].name);
        self.add(found, canonical, known, chunk.role, chunk.country, span);
    }

    /// Surname keys: a known person's surnames and one-word aliases, else
    /// the last word of the name.
    fn surnames_of<'a>(&'a self, f: &'a Found) -> impl Iterator<Item = Cow<'a, str>> + 'a {
        let known = f
            .known
            .and_then(|id| self.known_surnames.get(id))
            .into_iter()
            .flatten()
            .map(|s| Cow::Borrowed(s.as_str()));
        let unknown = f
            .known
            .is_none()
            .then(|| f.name.split_whitespace().last())
            .flatten()
            .filter(|l| !is_name_suffix(l))
            .map(surname_key);
        known.chain(unknown)
    }

    fn resolve_surname(
        &self,
        surname: &str,
        role: Option<&str>,
        country: Option<&str>,
        year: i32,
    ) -> Option<usize> {
        let ids = self.by_surname.get(surname)?;
        let active: Vec<usize> = ids
            .iter()
            .copied()
            .filter(|&id| self.known[id].role_at(year).is_some())
            .filter(|&id| country.is_none_or(|c| self.known[id].country == c))
            .collect();
        let matching_role: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&id| {
                role.is_some_and(|r| {
                    self.known[id]
                        .role_at(year)
                        .is_some_and(|kr| kr.eq_ignore_ascii_case(r) || kr.contains(r))
                })
            })
            .collect();
        match (matching_role.as_slice(), active.as_slice()) {
            ([one], _) => Some(*one),
            ([], [one]) => Some(*one),
            _ => None,
        }
    }

    /// A title cue ending right before token `i`, as (first token of the cue, cue).
    fn cue_before(&self, text: &str, tokens: &[Token<'_>], i: usize) -> Option<(usize, &Cue)> {
        // `the Zimbabwe-born Graeme Hick`: a birthplace adjective only ever
        // stands before a person.
        if i > 0 && tokens[i].joined && is_born_adjective(tokens[i - 1].text) {
            return Some((i - 1, &BORN_CUE));
        }
        (1..=self.max_cue_words.min(i)).rev().find_map(|n| {
            let start = i - n;
            let joined = tokens[start + 1..=i].iter().all(|t| t.joined);
            if !joined {
                return None;
            }
            self.cues
                .get(joined_words(text, &tokens[start..i]).as_ref())
                .map(|c| (start, c))
        })
    }

    /// The role and country written before token `i` (`Iranian President ...`).
    fn context_before(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        i: usize,
        countries: &Countries,
    ) -> (Option<&'static str>, Option<&'static str>) {
        let Some((start, cue)) = self.cue_before(text, tokens, i) else {
            return (None, None);
        };
        let country = start
            .checked_sub(1)
            .filter(|_| tokens[start].joined || tokens[start - 1].possessive)
            .and_then(|j| countries.surface(tokens[j].text));
        (cue.role, country)
    }

    fn speech_adjacent(&self, tokens: &[Token<'_>], range: Range<usize>, text: &str) -> bool {
        let after = tokens.get(range.end).filter(|t| {
            let gap = &text[tokens[range.end - 1].range.end..t.range.start];
            !gap.contains(['.', '\n', '“', '"'])
        });
        let before = range.start.checked_sub(1).map(|j| &tokens[j]);
        after.is_some_and(|t| SPEECH_VERBS.contains(&t.text))
            || before.is_some_and(|t| {
                SPEECH_VERBS.contains(&t.text)
                    && !text[t.range.end..tokens[range.start].range.start].contains(['.', '\n'])
            })
            || (range.start >= 2
                && tokens[range.start - 2].text == "according"
                && tokens[range.start - 1].text == "to")
    }

    /// `NAME, the foreign minister,` or `NAME, who ...`.
    fn appositive_follows(
        &self,
        tokens: &[Token<'_>],
        end: usize,
        text: &str,
        countries: &Countries,
    ) -> bool {
        let Some(next) = tokens.get(end) else {
            return false;
        };
        let gap = &text[tokens[end - 1].range.end..next.range.start];
        if gap.trim() != "," {
            return false;
        }
        if matches!(next.text, "who" | "whose") {
            return true;
        }
        if !matches!(next.text, "the" | "a" | "an") {
            return false;
        }
        // `Stjepan Mesić, a Croat,`
        if tokens
            .get(end + 1)
            .is_some_and(|t| countries.surface(t.text).is_some())
            && next.text != "the"
        {
            return true;
        }
        // The cue may follow a few words later: `the country's top nuclear negotiator`.
        (end + 1..(end + 6).min(tokens.len())).any(|j| {
            (1..=2).any(|n| {
                tokens.get(j..j + n).is_some_and(|w| {
                    let key = match w {
                        [one] => Cow::Borrowed(one.text),
                        _ => Cow::Owned(w.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")),
                    };
                    with_lowercase(&key, |k| self.cues.contains_key(k))
                })
            })
        })
    }

    /// A word that starts a chunk only because it starts a sentence (`Asked`,
    /// `Shortly`): listed as never a name, or written in lower case elsewhere
    /// in the same article, and not a first name.
    fn is_stop(&self, t: &Token<'_>, lower_words: &FxHashSet<&str>) -> bool {
        self.not_people.contains(t.text)
            || (t.sentence_start
                && !self.is_first_name(t.text)
                && with_lowercase(t.text, |l| lower_words.contains(l)))
    }

    /// Runs of capitalised tokens joined by single spaces, outside ALL-CAPS
    /// lines, with leading cues and country words stripped and noted.
    fn chunks(
        &self,
        text: &str,
        tokens: &[Token<'_>],
        caps: &[Range<usize>],
        countries: &Countries,
        lower_words: &FxHashSet<&str>,
    ) -> Vec<Chunk> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if !t.is_capitalized() || caps.iter().any(|r| r.contains(&t.range.start)) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < tokens.len() && tokens[j].joined && !tokens[j - 1].possessive {
                let n = &tokens[j];
                // Particles may run (`van der`, `de la`) but must lead to a capitalised word.
                let particle = PARTICLES.contains(&n.text)
                    && tokens[j + 1..]
                        .iter()
                        .take_while(|m| m.joined)
                        .find(|m| !PARTICLES.contains(&m.text))
                        .is_some_and(Token::is_capitalized);
                if !(n.is_capitalized() || particle) {
                    break;
                }
                j += 1;
            }
            let whole = i..j;
            i = j;
            if THING_PREFIXES.contains(&tokens[whole.start].text)
                || tokens[whole.clone()]
                    .iter()
                    .any(|t| self.not_name_words.contains(t.text))
                || tokens[whole.clone()].iter().all(Token::is_all_caps)
            {
                continue;
            }
            // Strip what stands before the name: stop words, countries, cues.
            let (mut s, e) = (whole.start, whole.end);
            let mut role = None;
            let mut country = None;
            let mut cue = false;
            loop {
                if s >= e {
                    break;
                }
                let words = &tokens[s..e];
                if let Some(c) = (1..=self.max_cue_words.min(words.len()))
                    .rev()
                    .find_map(|n| self.title_cue(text, &words[..n]).map(|c| (n, c)))
                {
                    let (n, c) = c;
                    role = role.or(c.role);
                    cue = true;
                    s += n;
                    continue;
                }
                // `Zimbabwe-born Graeme Hick`: a birthplace before a name.
                if s + 2 < e && is_born_adjective(tokens[s].text) {
                    cue = true;
                    s += 1;
                    continue;
                }
                let name_follows = s + 1 < e && self.is_first_name(tokens[s].text);
                if let Some(c) = countries.surface(tokens[s].text).filter(|_| !name_follows) {
                    country = Some(c);
                    s += 1;
                    continue;
                }
                if self.is_stop(&tokens[s], lower_words) {
                    s += 1;
                    continue;
                }
                // `Driver Omar ...` at a sentence start: an occupation, then a name.
                if tokens[s].sentence_start && s + 2 < e {
                    if let Some(c) = with_lowercase(tokens[s].text, |l| self.cues.get(l)) {
                        // An occupation before a name is a cue like a title.
                        role = role.or(c.role);
                        cue = true;
                        s += 1;
                        continue;
                    }
                }
                break;
            }
            // `FIFA President Gianni Infantino`: the name follows the last title word.
            if let Some(k) = (s..e.saturating_sub(1))
                .rev()
                .find(|&k| self.role_heads.contains(tokens[k].text))
            {
                let words = &tokens[s..=k];
                let cue_role = (0..words.len())
                    .find_map(|i| self.title_cue(text, &words[i..]).and_then(|c| c.role));
                role = cue_role.or(role);
                cue = true;
                s = k + 1;
            }
            if !cue && s > whole.start {
                if let Some((_, c)) = self.cue_before(text, tokens, whole.start) {
                    role = c.role;
                    cue = true;
                }
            } else if s == whole.start {
                if let Some((start, c)) = self.cue_before(text, tokens, s) {
                    role = c.role;
                    cue = true;
                    country = start
                        .checked_sub(1)
                        .and_then(|k| countries.surface(tokens[k].text));
                }
            }
            let mut e = e;
            while e > s && self.not_people.contains(tokens[e - 1].text) {
                e -= 1;
            }
            if s >= e {
                continue;
            }
            let name = &tokens[s..e];
            let starts_with_first_name = name.len() > 1 && self.is_first_name(name[0].text);
            if self.not_people.contains(joined_words(text, name).as_ref())
                || (!starts_with_first_name
                    && name.iter().any(|w| countries.surface(w.text).is_some()))
            {
                continue;
            }
            out.push(Chunk {
                tokens: s..e,
                role,
                country,
                cue,
            });
        }
        out
    }
}

/// Merges `Smith` style short forms into `Jane Smith` and keeps the longest
/// spelling of an unknown name.
fn merge_short_forms(found: &mut Vec<Found>) {
    // Names do not change while merging: fold their words once, kept in step with `found`.
    let mut folded: Vec<Vec<String>> = found
        .iter()
        .map(|f| f.name.split_whitespace().map(fold).collect())
        .collect();
    let mut i = 0;
    while i < found.len() {
        let short = &folded[i];
        let target = found.iter().enumerate().position(|(j, f)| {
            if j == i || f.known.is_none() && found[i].known.is_some() {
                return false;
            }
            let long = &folded[j];
            long.len() > short.len()
                && short.last() == long.last()
                && short.iter().all(|w| long.contains(w))
        });
        match target {
            Some(j) if found[i].known.is_none() => {
                let moved = std::mem::take(&mut found[i].mentions);
                let role = found[i].role;
                let country = found[i].country;
                let f = &mut found[j];
                f.mentions.extend(moved);
                f.role = f.role.or(role);
                f.country = f.country.or(country);
                found.remove(i);
                folded.remove(i);
            }
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::parse;
    use crate::extract::extract;

    fn people_of(date: &str, body: &str) -> Vec<String> {
        let a = parse(&format!("date {date} Published by Ana Writer\n\n{body}")).unwrap();
        let mut p = extract(&a).people_names();
        p.sort();
        p
    }

    #[test]
    fn tables_load() {
        let p = People::load(&Countries::load());
        assert!(p.known().len() > 300, "{}", p.known().len());
        assert!(p.first_names.contains("chad"));
    }

    #[test]
    fn people_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("2026-02-04", "President Trump said the talks were going well.", &["Donald Trump"]),
            ("2026-02-04", "Recep Tayyip Erdoğan met Ursula von der Leyen. Erdoğan said little.", &["Recep Tayyip Erdoğan", "Ursula von der Leyen"]),
            ("2026-02-04", "Xi Jinping hosted Kim Jong Un. Xi said the visit was historic.", &["Kim Jong Un", "Xi Jinping"]),
            ("2026-02-04", "The carrier USS Abraham Lincoln sailed. Operation Midnight Hammer ended. The White House and Central Command said so.", &[]),
            ("2026-02-04", "Fatima al-Zahra Haddad, a spokeswoman, said the plan failed.", &["Fatima al-Zahra Haddad"]),
            ("2026-02-04", "J. Michael Reyes told reporters the deal was done.", &["J. Michael Reyes"]),
            ("2026-02-04", "The Foreign Ministry said on Monday that it was ready. Asked about it, officials declined.", &[]),
            ("2026-02-04", "IRAN SAYS TALKS WITH US TO RESUME IN OMAN\n\nOfficials in Tehran said talks would resume.", &[]),
            ("2026-02-04", "Ana Writer said nothing. Maria Lopez said something.", &["Maria Lopez"]),
            ("2026-02-04", "A fellow at the Council on Foreign Relations said the plan failed.", &[]),
            // Sport positions and birthplaces stand before names like titles.
            ("2019-05-02", "The visitors led until the French referee Paolo Brandt sent off two players.", &["Paolo Brandt"]),
            ("2019-05-02", "Midfielder Tomasz Wrona equalised late in the second half.", &["Tomasz Wrona"]),
            ("2019-05-02", "The match turned when the Ghana-born Kofi Dzamesi-Lind came on.", &["Kofi Dzamesi-Lind"]),
            ("2019-05-02", "The Referee Reform Act passed. Scottish-born cattle were sold.", &[]),
        ];
        for (date, body, want) in cases {
            assert_eq!(people_of(date, body), *want, "{body}");
        }
    }

    #[test]
    fn details_from_context() {
        let a =
            parse("date 2026-02-04 Published by X Y\n\nIranian President Masoud Pezeshkian spoke.")
                .unwrap();
        let e = extract(&a);
        assert_eq!(e.people[0].country.as_deref(), Some("Iran"));
        assert_eq!(e.people[0].role.as_deref(), Some("President"));
    }
}
