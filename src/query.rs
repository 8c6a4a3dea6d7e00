//! Faceted search: one request type, one response type, used by the CLI and
//! by anything later (a server). Filters by person, country, topic, author and
//! date range; facet counts over the whole matching set; a calendar histogram;
//! highlighted snippets; relevance or date order.

use std::collections::HashMap;
use std::ops::Bound;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, SegmentReader, TantivyDocument, Term};

use crate::error::{Error, Result};
use crate::extract::{Countries, TOPICS};
use crate::ingest::epoch_day;
use crate::schema::{fold_key, name_tokens, Fields};
use crate::store::Store;

/// Largest page a request may ask for.
pub const MAX_LIMIT: usize = 10_000;
/// Deepest offset: tantivy keeps offset + limit hits in memory.
pub const MAX_OFFSET: usize = 1_000_000;
/// Characters of a snippet.
const SNIPPET_CHARS: usize = 220;
/// Histograms with more buckets than this are not gap-filled.
const MAX_FILLED_BUCKETS: usize = 5_000;

/// Order of hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (the default with a text query).
    Relevance,
    /// Latest date first (the default without a text query).
    Newest,
    /// Earliest date first.
    Oldest,
}

/// Width of histogram buckets, on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// `2026-02-04`.
    Day,
    /// ISO week, `2026-W06`.
    Week,
    /// `2026-02`.
    Month,
    /// `2026`.
    Year,
}

/// A search request. Each entry of `people`, `countries`, `topics` and
/// `authors` must hold; a comma inside an entry separates alternatives.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchRequest {
    /// Text query in tantivy's syntax over title and body.
    pub query: Option<String>,
    /// Person filters (`trump`, `Donald Trump`, `erdogan,putin`).
    pub people: Vec<String>,
    /// Country filters: name, alias, demonym or ISO code.
    pub countries: Vec<String>,
    /// Topic filters: `nuclear`, `security`, `security/nuclear`.
    pub topics: Vec<String>,
    /// Author filters, any case.
    pub authors: Vec<String>,
    /// First day, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
    /// Order; `None` picks relevance with a text query, newest without.
    pub sort: Option<Sort>,
    /// Hits to return.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Values per facet.
    pub facet_size: usize,
    /// Histogram bucket width.
    pub histogram: Interval,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: None,
            people: Vec::new(),
            countries: Vec::new(),
            topics: Vec::new(),
            authors: Vec::new(),
            from: None,
            to: None,
            sort: None,
            limit: 10,
            offset: 0,
            facet_size: 10,
            histogram: Interval::Month,
        }
    }
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Absolute path of the article file.
    pub path: String,
    /// Header date, `YYYY-MM-DD`.
    pub date: String,
    /// Byline.
    pub author: String,
    /// Title.
    pub title: String,
    /// Relevance score (`null` when sorted by date).
    pub score: Option<f32>,
    /// Snippet as HTML, matches in `<b>`.
    pub snippet: String,
    /// Snippet as plain text.
    pub snippet_text: String,
    /// Byte ranges of the matches in `snippet_text`.
    pub highlights: Vec<(usize, usize)>,
    /// People.
    pub people: Vec<String>,
    /// Countries, by salience.
    pub countries: Vec<String>,
    /// Topics.
    pub topics: Vec<String>,
}

/// A facet value and how many matching articles have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// Matching articles with it.
    pub count: u64,
}

/// Facet counts over the whole matching set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// People.
    pub people: Vec<FacetValue>,
    /// Countries.
    pub countries: Vec<FacetValue>,
    /// Topics: leaves (`security/nuclear`) and their parents (`security`).
    pub topics: Vec<FacetValue>,
    /// Authors.
    pub authors: Vec<FacetValue>,
}

/// A histogram bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// `2026-02-04`, `2026-W06`, `2026-02` or `2026`.
    pub key: String,
    /// Matching articles in it.
    pub count: u64,
}

/// The answer to a [`SearchRequest`]; `search --json` prints exactly this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    /// Matching articles.
    pub total: u64,
    /// Time taken in milliseconds.
    pub took_ms: f64,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching articles.
    pub facets: Facets,
    /// Matching articles per calendar bucket, gaps filled with zeros.
    pub histogram: Vec<Bucket>,
}

/// Parses a date bound: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. An end bound
/// takes the last day of the month or year (`2026-02` ends on 28 February).
pub fn parse_date_bound(s: &str, end: bool) -> Result<NaiveDate> {
    let bad = || {
        Error::Request(format!(
            "invalid date {s:?}: expected YYYY-MM-DD, YYYY-MM or YYYY"
        ))
    };
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, len: usize| -> Result<u32> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let year = i32::try_from(num(parts[0], 4)?).map_err(|_| bad())?;
    let date = match parts.len() {
        1 => NaiveDate::from_ymd_opt(year, if end { 12 } else { 1 }, if end { 31 } else { 1 }),
        2 => {
            let m = num(parts[1], 2)?;
            if !(1..=12).contains(&m) {
                return Err(Error::Request(format!(
                    "invalid date {s:?}: month {m} is not 1-12"
                )));
            }
            let d = if end {
                crate::article::days_in_month(year, m)
            } else {
                1
            };
            NaiveDate::from_ymd_opt(year, m, d)
        }
        3 => NaiveDate::from_ymd_opt(year, num(parts[1], 2)?, num(parts[2], 2)?),
        _ => None,
    };
    date.ok_or_else(|| Error::Request(format!("invalid date {s:?}: no such day")))
}

/// Resolves a topic filter value to a facet path: an exact path, a leaf
/// (`nuclear`) or a parent (`security`), any case, spaces for hyphens.
pub fn resolve_topic(value: &str) -> Result<Facet> {
    let v = value.trim().to_lowercase().replace(' ', "-");
    if let Some(t) = TOPICS.iter().find(|t| **t == v) {
        return Ok(Facet::from_path(t.split('/')));
    }
    if TOPICS
        .iter()
        .any(|t| t.split('/').next() == Some(v.as_str()))
    {
        return Ok(Facet::from_path([v.as_str()]));
    }
    let leaves: Vec<&&str> = TOPICS
        .iter()
        .filter(|t| t.ends_with(&format!("/{v}")))
        .collect();
    match leaves.as_slice() {
        [one] => Ok(Facet::from_path(one.split('/'))),
        _ => Err(Error::Request(format!(
            "unknown topic {value:?}; topics are: {}",
            TOPICS.join(", ")
        ))),
    }
}

fn alternatives(entry: &str) -> impl Iterator<Item = &str> {
    entry.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn filter(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let q: Box<dyn Query> = if clauses.len() == 1 {
        clauses
            .into_iter()
            .next()
            .unwrap_or_else(|| Box::new(AllQuery))
    } else {
        Box::new(BooleanQuery::new(
            clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
    };
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn facet_query(field: tantivy::schema::Field, facet: &Facet) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, facet),
        IndexRecordOption::Basic,
    ))
}

/// The whole query of a request, and its text part alone (for snippets).
pub type BuiltQuery = (Box<dyn Query>, Option<Box<dyn Query>>);

/// Builds the tantivy query of a request: the text query (if any) and every filter.
/// Also returns the text query alone, for snippets.
pub fn build_query(store: &Store, req: &SearchRequest) -> Result<BuiltQuery> {
    let f = &store.fields;
    let mut must: Vec<Box<dyn Query>> = Vec::new();
    let mut text_query = None;
    if let Some(q) = req.query.as_deref().filter(|q| !q.trim().is_empty()) {
        let mut parser = QueryParser::for_index(&store.index, vec![f.title, f.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 2.0);
        let parsed = parser.parse_query(q).map_err(|e| {
            // tantivy's message may quote the raw query, line breaks and all.
            let detail = e.to_string().escape_debug().to_string();
            Error::Request(format!("invalid query {q:?}: {detail}"))
        })?;
        text_query = Some(parsed.box_clone());
        must.push(parsed);
    }
    for entry in &req.people {
        let mut alts: Vec<Box<dyn Query>> = Vec::new();
        for alt in alternatives(entry) {
            let tokens = name_tokens(alt);
            let terms: Vec<Term> = tokens
                .iter()
                .map(|t| Term::from_field_text(f.person, t))
                .collect();
            match terms.len() {
                0 => {}
                1 => alts.extend(terms.into_iter().map(|t| {
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>
                })),
                _ => alts.push(Box::new(PhraseQuery::new(terms))),
            }
        }
        if alts.is_empty() {
            return Err(Error::Request(format!("empty person filter {entry:?}")));
        }
        must.push(filter(alts));
    }
    for entry in &req.countries {
        // Loading the country table costs milliseconds: only a country filter pays it.
        let countries = Countries::global();
        let mut alts = Vec::new();
        for alt in alternatives(entry) {
            let c = countries.resolve(alt).ok_or_else(|| {
                Error::Request(format!(
                    "unknown country {alt:?}; did you mean {}?",
                    countries.suggest(alt, 3).join(", ")
                ))
            })?;
            alts.push(facet_query(f.countries, &Facet::from_path([c.name])));
        }
        if alts.is_empty() {
            return Err(Error::Request(format!("empty country filter {entry:?}")));
        }
        must.push(filter(alts));
    }
    for entry in &req.topics {
        let alts = alternatives(entry)
            .map(|alt| resolve_topic(alt).map(|facet| facet_query(f.topics, &facet)))
            .collect::<Result<Vec<_>>>()?;
        if alts.is_empty() {
            return Err(Error::Request(format!("empty topic filter {entry:?}")));
        }
        must.push(filter(alts));
    }
    for entry in &req.authors {
        let alts: Vec<Box<dyn Query>> = alternatives(entry)
            .map(|alt| {
                Box::new(TermQuery::new(
                    Term::from_field_text(f.author_key, &fold_key(alt)),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>
            })
            .collect();
        if alts.is_empty() {
            return Err(Error::Request(format!("empty author filter {entry:?}")));
        }
        must.push(filter(alts));
    }
    if let (Some(from), Some(to)) = (req.from, req.to) {
        if from > to {
            return Err(Error::Request(format!("--from {from} is after --to {to}")));
        }
    }
    if req.from.is_some() || req.to.is_some() {
        let bound = |d: Option<NaiveDate>| {
            d.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_i64(f.day, epoch_day(d)))
            })
        };
        must.push(Box::new(ConstScoreQuery::new(
            Box::new(RangeQuery::new(bound(req.from), bound(req.to))),
            0.0,
        )));
    }
    let query: Box<dyn Query> = match must.len() {
        0 => Box::new(AllQuery),
        1 if text_query.is_some() => must.remove(0),
        _ => Box::new(BooleanQuery::new(
            must.into_iter().map(|q| (Occur::Must, q)).collect(),
        )),
    };
    Ok((query, text_query))
}

/// Runs a search.
pub fn search(store: &Store, req: &SearchRequest) -> Result<SearchResponse> {
    let reader = store.reader()?;
    search_with(store, &reader.searcher(), req)
}

/// Runs a search on a given searcher (reuse one searcher across requests).
pub fn search_with(
    store: &Store,
    searcher: &Searcher,
    req: &SearchRequest,
) -> Result<SearchResponse> {
    let started = Instant::now();
    if req.limit > MAX_LIMIT {
        return Err(Error::Request(format!(
            "--limit {} is too large (at most {MAX_LIMIT})",
            req.limit
        )));
    }
    if req.offset > MAX_OFFSET {
        return Err(Error::Request(format!(
            "--offset {} is too large (at most {MAX_OFFSET})",
            req.offset
        )));
    }
    let f = &store.fields;
    let (query, text_query) = build_query(store, req)?;
    let sort = match req.sort {
        Some(Sort::Relevance) if text_query.is_none() => Sort::Newest,
        Some(s) => s,
        None if text_query.is_some() => Sort::Relevance,
        None => Sort::Newest,
    };
    let on = req.facet_size > 0;
    let facets = (
        FacetCount::new("people", false).enabled(on),
        FacetCount::new("countries", false).enabled(on),
        FacetCount::new("topics", true).enabled(on),
        FacetCount::new("authors", false).enabled(on),
    );
    let top = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
    let map_err = |e| store.err(e);
    let (total, addresses, facet_counts, days) = match sort {
        Sort::Relevance => {
            let (total, top, facets, days) = searcher
                .search(&*query, &(Count, top.order_by_score(), facets, DayCounts))
                .map_err(map_err)?;
            let hits: Vec<(Option<f32>, DocAddress)> =
                top.into_iter().map(|(s, a)| (Some(s), a)).collect();
            (total, hits, facets, days)
        }
        Sort::Newest | Sort::Oldest => {
            let order = if sort == Sort::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let (total, top, facets, days) = searcher
                .search(
                    &*query,
                    &(
                        Count,
                        top.order_by_fast_field::<i64>("day", order),
                        facets,
                        DayCounts,
                    ),
                )
                .map_err(map_err)?;
            let hits: Vec<(Option<f32>, DocAddress)> =
                top.into_iter().map(|(_, a)| (None, a)).collect();
            (total, hits, facets, days)
        }
    };
    let addresses = if req.limit == 0 {
        Vec::new()
    } else {
        addresses
    };
    let snippets = match &text_query {
        Some(q) => Some(SnippetGenerator::create(searcher, &**q, f.body).map_err(map_err)?),
        None => None,
    };
    let mut hits = Vec::with_capacity(addresses.len());
    for (score, address) in addresses {
        let doc: TantivyDocument = searcher.doc(address).map_err(map_err)?;
        hits.push(to_hit(f, &doc, score, snippets.as_ref()));
    }
    let (people, countries, topics, authors) = facet_counts;
    let facets = Facets {
        people: top_values(people, req.facet_size),
        countries: top_values(countries, req.facet_size),
        topics: top_values(topics, req.facet_size.saturating_mul(2)),
        authors: top_values(authors, req.facet_size),
    };
    Ok(SearchResponse {
        total: total as u64,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        hits,
        facets,
        histogram: histogram(&days, req.histogram),
    })
}

/// A stored value of a document as a string.
fn stored_str(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Facet values of a stored document as `a/b` paths.
pub(crate) fn stored_facets(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_facet())
        .filter_map(|encoded| Facet::from_encoded(encoded.as_bytes().to_vec()).ok())
        .map(|facet| facet.to_path().join("/"))
        .collect()
}

/// The header date of a stored document as `YYYY-MM-DD`.
pub(crate) fn stored_date(doc: &TantivyDocument, f: &Fields) -> String {
    doc.get_first(f.date)
        .and_then(|v| v.as_datetime())
        .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

fn to_hit(
    f: &Fields,
    doc: &TantivyDocument,
    score: Option<f32>,
    snippets: Option<&SnippetGenerator>,
) -> Hit {
    let body = stored_str(doc, f.body);
    let mut snippet = snippets.map(|g| g.snippet(&body));
    if snippet.as_ref().is_some_and(|s| s.is_empty()) {
        snippet = None;
    }
    let (html, text, highlights) = match snippet {
        Some(s) => (
            s.to_html(),
            s.fragment().to_owned(),
            s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
        ),
        None => {
            let lead = lead_text(&body, SNIPPET_CHARS);
            (html_escape(&lead), lead, Vec::new())
        }
    };
    Hit {
        path: stored_str(doc, f.path),
        date: stored_date(doc, f),
        author: stored_str(doc, f.author),
        title: stored_str(doc, f.title),
        score,
        snippet: html,
        snippet_text: text,
        highlights,
        people: stored_facets(doc, f.people),
        countries: stored_facets(doc, f.countries),
        topics: stored_facets(doc, f.topics),
    }
}

fn lead_text(body: &str, chars: usize) -> String {
    let mut out = String::new();
    for word in body.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > chars {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The `k` most frequent values, ties by value.
pub(crate) fn top_values(counts: Counts, k: usize) -> Vec<FacetValue> {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    let order =
        |a: &FacetValue, b: &FacetValue| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value));
    // Thousands of values, ten shown: select them before sorting.
    if k < values.len() {
        values.select_nth_unstable_by(k, order);
        values.truncate(k);
    }
    values.sort_by(order);
    values
}

/// Counts by value, sorted by value with each value once.
pub(crate) type Counts = Vec<(String, u64)>;

/// Adds up sorted per-segment counts by merging them, which needs no hashing.
fn merge_counts(fruits: Vec<Counts>) -> Counts {
    fruits.into_iter().reduce(merge_two).unwrap_or_default()
}

/// Merges two sorted count lists, adding the counts of a value in both.
fn merge_two(a: Counts, b: Counts) -> Counts {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => out.extend(a.next()),
            std::cmp::Ordering::Greater => out.extend(b.next()),
            std::cmp::Ordering::Equal => {
                if let (Some((value, n)), Some((_, m))) = (a.next(), b.next()) {
                    out.push((value, n + m));
                }
            }
        }
    }
    out.extend(a);
    out.extend(b);
    out
}

/// Counts the values of a facet field over the matching documents.
///
/// Unlike tantivy's `FacetCollector`, which turns every counted ordinal into
/// text one dictionary block at a time, this counts ordinals and converts
/// them in one sorted pass per segment: the cost that dominated searches with
/// large hit sets. With `parents`, each document also counts once for every
/// distinct first path segment (`security` for `security/nuclear`).
pub(crate) struct FacetCount {
    field: &'static str,
    parents: bool,
    enabled: bool,
}

impl FacetCount {
    pub(crate) fn new(field: &'static str, parents: bool) -> FacetCount {
        FacetCount {
            field,
            parents,
            enabled: true,
        }
    }

    /// A counter that reads nothing and counts nothing (`--facets 0`), so
    /// scripts that only want hits do not pay for facets.
    fn enabled(self, enabled: bool) -> FacetCount {
        FacetCount { enabled, ..self }
    }
}

#[derive(Default)]
pub(crate) struct FacetCountSegment {
    /// `None` when the counter is disabled.
    reader: Option<tantivy::fastfield::FacetReader>,
    counts: Vec<u32>,
    /// Parent index of each ordinal, and the parents' names (with `parents`).
    parent_of: Vec<usize>,
    parent_names: Vec<String>,
    parent_counts: Vec<u32>,
    seen: Vec<usize>,
}

/// A facet's encoded bytes as a `a/b` path.
fn facet_path(encoded: &[u8]) -> String {
    let mut path = String::from_utf8_lossy(encoded).into_owned();
    if path.contains('\0') {
        path = path.replace('\0', "/");
    }
    path
}

impl Collector for FacetCount {
    type Fruit = Counts;
    type Child = FacetCountSegment;

    fn for_segment(
        &self,
        _ord: u32,
        segment: &SegmentReader,
    ) -> tantivy::Result<FacetCountSegment> {
        if !self.enabled {
            return Ok(FacetCountSegment::default());
        }
        let reader = segment.facet_reader(self.field)?;
        let n = reader.num_facets();
        let (mut parent_of, mut parent_names) = (Vec::new(), Vec::<String>::new());
        if self.parents {
            let ords: Vec<u64> = (0..n as u64).collect();
            reader.facet_dict().sorted_ords_to_term_cb(&ords, |bytes| {
                let path = facet_path(bytes);
                let root = path.split('/').next().unwrap_or_default().to_owned();
                let idx = parent_names
                    .iter()
                    .position(|p| *p == root)
                    .unwrap_or_else(|| {
                        parent_names.push(root);
                        parent_names.len() - 1
                    });
                parent_of.push(idx);
            })?;
        }
        Ok(FacetCountSegment {
            reader: Some(reader),
            counts: vec![0; n],
            parent_counts: vec![0; parent_names.len()],
            parent_of,
            parent_names,
            seen: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        Ok(merge_counts(fruits))
    }
}

impl SegmentCollector for FacetCountSegment {
    type Fruit = Counts;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        let Some(reader) = &self.reader else {
            return;
        };
        self.seen.clear();
        for ord in reader.facet_ords(doc) {
            let ord = ord as usize;
            if let Some(c) = self.counts.get_mut(ord) {
                *c += 1;
            }
            if let Some(&p) = self.parent_of.get(ord) {
                if !self.seen.contains(&p) {
                    self.seen.push(p);
                    self.parent_counts[p] += 1;
                }
            }
        }
    }

    fn harvest(self) -> Counts {
        let Some(reader) = &self.reader else {
            return Counts::new();
        };
        let ords: Vec<u64> = (0..self.counts.len() as u64)
            .filter(|&o| self.counts[o as usize] > 0)
            .collect();
        let mut out = Vec::with_capacity(ords.len() + self.parent_names.len());
        let mut i = 0;
        // Ordinals of a segment's own dictionary always resolve; a failure
        // here would mean a corrupted segment, which the reader reported on open.
        let _ = reader.facet_dict().sorted_ords_to_term_cb(&ords, |bytes| {
            out.push((facet_path(bytes), u64::from(self.counts[ords[i] as usize])));
            i += 1;
        });
        // Dictionary order is by encoded bytes, where the path separator sorts
        // before every character; re-sort only when that differs from text order.
        if !out.is_sorted_by(|a, b| a.0 < b.0) {
            out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        let mut parents: Counts = self
            .parent_names
            .into_iter()
            .zip(self.parent_counts.iter().map(|&c| u64::from(c)))
            .filter(|&(_, count)| count > 0)
            .collect();
        parents.sort_unstable();
        merge_two(out, parents)
    }
}

/// Adds up per-segment day counts.
fn sum_counts<K: std::hash::Hash + Eq>(fruits: Vec<HashMap<K, u64>>) -> HashMap<K, u64> {
    let mut out = HashMap::new();
    for fruit in fruits {
        for (k, v) in fruit {
            *out.entry(k).or_insert(0) += v;
        }
    }
    out
}

/// Counts matching documents per day (days since the epoch).
struct DayCounts;

struct DaySegment {
    column: Option<tantivy::columnar::Column<i64>>,
    /// Counts by day from the segment's first day: a segment spans years at
    /// most, and an array beats hashing every matching document's day.
    first: i64,
    counts: Vec<u64>,
}

impl Collector for DayCounts {
    type Fruit = HashMap<i64, u64>;
    type Child = DaySegment;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<DaySegment> {
        let column = segment.fast_fields().i64("day").ok();
        let (first, span) = column.as_ref().map_or((0, 0), |c| {
            let span = c
                .max_value()
                .saturating_sub(c.min_value())
                .saturating_add(1);
            (c.min_value(), usize::try_from(span).unwrap_or(0))
        });
        Ok(DaySegment {
            column,
            first,
            // A corrupt range could ask for anything: past a million days, no histogram.
            counts: vec![0; if span <= 1_000_000 { span } else { 0 }],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<i64, u64>>) -> tantivy::Result<HashMap<i64, u64>> {
        Ok(sum_counts(fruits))
    }
}

impl SegmentCollector for DaySegment {
    type Fruit = HashMap<i64, u64>;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        if let Some(day) = self.column.as_ref().and_then(|c| c.first(doc)) {
            let slot = usize::try_from(day.saturating_sub(self.first)).ok();
            if let Some(c) = slot.and_then(|i| self.counts.get_mut(i)) {
                *c += 1;
            }
        }
    }

    fn harvest(self) -> HashMap<i64, u64> {
        let first = self.first;
        (0i64..)
            .zip(self.counts)
            .filter(|&(_, c)| c > 0)
            .map(|(i, c)| (first + i, c))
            .collect()
    }
}

/// The first day of the calendar bucket holding `date`.
fn bucket_start(date: NaiveDate, interval: Interval) -> NaiveDate {
    match interval {
        Interval::Day => date,
        Interval::Week => {
            let w = date.iso_week();
            NaiveDate::from_isoywd_opt(w.year(), w.week(), chrono::Weekday::Mon).unwrap_or(date)
        }
        Interval::Month => date.with_day(1).unwrap_or(date),
        Interval::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date),
    }
}

/// The key of the bucket that starts on `start`.
fn bucket_key(start: NaiveDate, interval: Interval) -> String {
    match interval {
        Interval::Day => start.format("%Y-%m-%d").to_string(),
        Interval::Week => {
            let w = start.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Interval::Month => format!("{}-{:02}", start.year(), start.month()),
        Interval::Year => format!("{}", start.year()),
    }
}

fn next_bucket(start: NaiveDate, interval: Interval) -> Option<NaiveDate> {
    match interval {
        Interval::Day => start.succ_opt(),
        Interval::Week => start.checked_add_days(chrono::Days::new(7)),
        Interval::Month => start.checked_add_months(chrono::Months::new(1)),
        Interval::Year => start.checked_add_months(chrono::Months::new(12)),
    }
}

/// Rolls day counts up into calendar buckets, filling gaps with zeros.
pub fn histogram(days: &HashMap<i64, u64>, interval: Interval) -> Vec<Bucket> {
    let epoch = NaiveDate::default();
    let mut buckets: std::collections::BTreeMap<NaiveDate, u64> = Default::default();
    for (&day, &count) in days {
        let Some(date) = epoch.checked_add_signed(chrono::Duration::days(day)) else {
            continue;
        };
        *buckets.entry(bucket_start(date, interval)).or_insert(0) += count;
    }
    let (Some(first), Some(last)) = (
        buckets.keys().next().copied(),
        buckets.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    if buckets.len() < MAX_FILLED_BUCKETS {
        let mut cursor = first;
        let mut n = 0;
        while cursor < last && n < MAX_FILLED_BUCKETS {
            buckets.entry(cursor).or_insert(0);
            match next_bucket(cursor, interval) {
                Some(next) => cursor = next,
                None => break,
            }
            n += 1;
        }
    }
    buckets
        .into_iter()
        .map(|(start, count)| Bucket {
            key: bucket_key(start, interval),
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn ram_index() -> Store {
        let store = Store::in_ram();
        let mut w = store.writer(50_000_000).unwrap();
        let docs = [
            ("/a.txt", "date 2026-01-31 Published by Ana Ruiz\n\nIran talks\n\nIranian President Masoud Pezeshkian said Tehran wanted nuclear talks with Washington."),
            ("/b.txt", "date 2026-02-01 Published by ana ruiz\n\nErdogan visit\n\nPresident Recep Tayyip Erdoğan met Iraqi officials in Baghdad on Sunday."),
            ("/c.txt", "date 2026-02-28 Published by Ben Cole\n\nPeru votes\n\nVoters in Peru chose a new congress. Turnout was high."),
            ("/d.txt", "date 2025-12-15 Published by Ben Cole\n\nIraq and Iran\n\nIraq and Iran signed a border deal in Baghdad, officials said."),
        ];
        for (path, text) in docs {
            crate::ingest::add_text(&store, &w, path, text).unwrap();
        }
        crate::ingest::commit(&store, &mut w).unwrap();
        store
    }

    fn paths(r: &SearchResponse) -> Vec<&str> {
        let mut p: Vec<&str> = r.hits.iter().map(|h| h.path.as_str()).collect();
        p.sort();
        p
    }

    #[test]
    fn filters_on_ram_index() {
        let store = ram_index();
        let run = |req: SearchRequest| search(&store, &req).unwrap();
        let base = SearchRequest::default();
        assert_eq!(run(base.clone()).total, 4);
        let r = run(SearchRequest {
            countries: vec!["IRN".into()],
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/a.txt", "/d.txt"]);
        let r = run(SearchRequest {
            countries: vec!["Iran".into(), "Iraq".into()],
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/d.txt"]);
        let r = run(SearchRequest {
            countries: vec!["Iran,Peru".into()],
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/a.txt", "/c.txt", "/d.txt"]);
        let r = run(SearchRequest {
            people: vec!["erdogan".into()],
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/b.txt"]);
        let r = run(SearchRequest {
            people: vec!["Masoud Pezeshkian".into()],
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/a.txt"]);
        let r = run(SearchRequest {
            authors: vec!["ANA RUIZ".into()],
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/a.txt", "/b.txt"]);
        let r = run(SearchRequest {
            from: Some(d("2026-02-01")),
            to: Some(d("2026-02-28")),
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/b.txt", "/c.txt"]);
        let r = run(SearchRequest {
            query: Some("nuclear".into()),
            ..base.clone()
        });
        assert_eq!(paths(&r), ["/a.txt"]);
        assert!(r.hits[0].snippet.contains("<b>nuclear</b>"));
        assert!(r.hits[0].score.is_some());
    }

    #[test]
    fn facets_histogram_and_order_on_ram_index() {
        let store = ram_index();
        let r = search(
            &store,
            &SearchRequest {
                histogram: Interval::Month,
                ..Default::default()
            },
        )
        .unwrap();
        let iran = r
            .facets
            .countries
            .iter()
            .find(|f| f.value == "Iran")
            .unwrap();
        assert_eq!(iran.count, 2);
        let keys: Vec<(&str, u64)> = r
            .histogram
            .iter()
            .map(|b| (b.key.as_str(), b.count))
            .collect();
        assert_eq!(keys, [("2025-12", 1), ("2026-01", 1), ("2026-02", 2)]);
        let dates: Vec<&str> = r.hits.iter().map(|h| h.date.as_str()).collect();
        assert_eq!(
            dates,
            ["2026-02-28", "2026-02-01", "2026-01-31", "2025-12-15"]
        );
        let r = search(
            &store,
            &SearchRequest {
                sort: Some(Sort::Oldest),
                limit: 1,
                offset: 1,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(r.hits[0].date, "2026-01-31");
    }

    #[test]
    fn merge_counts_adds_sorted_lists() {
        let l =
            |v: &[(&str, u64)]| -> Counts { v.iter().map(|(s, n)| (s.to_string(), *n)).collect() };
        let table: [(Vec<Counts>, Counts); 4] = [
            (vec![], l(&[])),
            (vec![l(&[("a", 1)])], l(&[("a", 1)])),
            (
                vec![
                    l(&[("a", 1), ("c", 2)]),
                    l(&[("b", 5), ("c", 1)]),
                    l(&[("d", 1)]),
                ],
                l(&[("a", 1), ("b", 5), ("c", 3), ("d", 1)]),
            ),
            (vec![l(&[]), l(&[("z", 2)]), l(&[("z", 2)])], l(&[("z", 4)])),
        ];
        for (fruits, want) in table {
            assert_eq!(merge_counts(fruits.clone()), want, "{fruits:?}");
        }
    }

    /// Facet counts over several segments equal a count over the hits' own
    /// stored facets; `facet_size: 0` counts nothing and changes no hit.
    #[test]
    fn facets_over_segments_match_stored_values() {
        let store = Store::in_ram();
        let mut w = store.writer(50_000_000).unwrap();
        let texts = [
            "Iranian President Masoud Pezeshkian said Tehran wanted nuclear talks with Washington. Sanctions on oil exports and the nuclear program were discussed.",
            "President Recep Tayyip Erdoğan met Iraqi officials in Baghdad. Turkey and Iraq discussed trade and oil pipelines and customs duties.",
            "Foreign Minister Abbas Araghchi said Iran and Iraq would sign a border deal. The ceasefire held and negotiations went on.",
        ];
        for round in 0..3 {
            for (i, text) in texts.iter().enumerate() {
                let path = format!("/{round}/{i}.txt");
                let raw = format!(
                    "date 2026-0{}-1{i} Published by Ana Ruiz\n\nTitle {i}\n\n{text}",
                    round + 1
                );
                crate::ingest::add_text(&store, &w, &path, &raw).unwrap();
            }
            crate::ingest::commit(&store, &mut w).unwrap();
        }
        let reader = store.reader().unwrap();
        reader.reload().unwrap();
        assert!(reader.searcher().segment_readers().len() >= 2);
        let all = SearchRequest {
            limit: 100,
            facet_size: 100,
            ..Default::default()
        };
        let r = search(&store, &all).unwrap();
        assert_eq!(r.total, 9);
        let brute = |get: fn(&Hit) -> &Vec<String>| {
            let mut m: std::collections::BTreeMap<String, u64> = Default::default();
            for h in &r.hits {
                for v in get(h) {
                    *m.entry(v.clone()).or_default() += 1;
                }
            }
            m
        };
        let facet = |v: &[FacetValue]| -> std::collections::BTreeMap<String, u64> {
            v.iter().map(|f| (f.value.clone(), f.count)).collect()
        };
        assert_eq!(facet(&r.facets.people), brute(|h| &h.people));
        assert_eq!(facet(&r.facets.countries), brute(|h| &h.countries));
        assert!(facet(&r.facets.people).values().all(|&n| n == 3));
        let none = search(
            &store,
            &SearchRequest {
                facet_size: 0,
                ..all
            },
        )
        .unwrap();
        assert_eq!(none.total, r.total);
        assert!(none.facets.people.is_empty() && none.facets.topics.is_empty());
        let paths = |x: &SearchResponse| x.hits.iter().map(|h| h.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&none), paths(&r));
        assert_eq!(none.histogram, r.histogram);
    }

    #[test]
    fn bad_requests_are_errors() {
        let store = ram_index();
        let bad = [
            SearchRequest {
                countries: vec!["Narnia".into()],
                ..Default::default()
            },
            SearchRequest {
                query: Some("title:(".into()),
                ..Default::default()
            },
            SearchRequest {
                from: Some(d("2026-03-01")),
                to: Some(d("2026-02-01")),
                ..Default::default()
            },
            SearchRequest {
                limit: MAX_LIMIT + 1,
                ..Default::default()
            },
            SearchRequest {
                topics: vec!["sport".into()],
                ..Default::default()
            },
        ];
        for req in bad {
            assert!(
                matches!(search(&store, &req), Err(Error::Request(_))),
                "{req:?}"
            );
        }
    }

    #[test]
    fn date_bounds() {
        assert_eq!(parse_date_bound("2026-02", true).unwrap(), d("2026-02-28"));
        assert_eq!(parse_date_bound("2024-02", true).unwrap(), d("2024-02-29"));
        assert_eq!(parse_date_bound("2026-02", false).unwrap(), d("2026-02-01"));
        assert_eq!(parse_date_bound("2026", true).unwrap(), d("2026-12-31"));
        assert_eq!(
            parse_date_bound("2026-02-04", true).unwrap(),
            d("2026-02-04")
        );
        for bad in ["2026-02-30", "2026-13", "26", "yesterday", "2026-1-1", ""] {
            assert!(parse_date_bound(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn topics_resolve() {
        assert_eq!(
            resolve_topic("nuclear").unwrap(),
            Facet::from("/security/nuclear")
        );
        assert_eq!(resolve_topic("Security").unwrap(), Facet::from("/security"));
        assert_eq!(
            resolve_topic("human rights").unwrap(),
            Facet::from("/politics/human-rights")
        );
        assert!(resolve_topic("sport").is_err());
    }

    #[test]
    fn calendar_buckets() {
        let mut days = HashMap::new();
        for (date, n) in [
            ("2026-01-31", 1),
            ("2026-02-01", 2),
            ("2026-02-28", 1),
            ("2026-04-01", 1),
        ] {
            days.insert(epoch_day(d(date)), n);
        }
        let h = histogram(&days, Interval::Month);
        let keys: Vec<(&str, u64)> = h.iter().map(|b| (b.key.as_str(), b.count)).collect();
        assert_eq!(
            keys,
            [
                ("2026-01", 1),
                ("2026-02", 3),
                ("2026-03", 0),
                ("2026-04", 1)
            ]
        );
        let w = histogram(&days, Interval::Week);
        assert_eq!(w[0].key, "2026-W05");
        let y = histogram(&days, Interval::Year);
        assert_eq!(
            y,
            [Bucket {
                key: "2026".into(),
                count: 5
            }]
        );
    }
}
