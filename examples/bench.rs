//! Benchmarks of dipnews against plain tantivy, SQLite FTS5 and ripgrep.
//!
//! ```text
//! cargo build --release --bin dipnews --example bench
//! cargo run --release --example bench -- --count 10000 --runs 3 --json bench-10k.json
//! ```
//!
//! Generates the corpus (see `examples/gen_corpus.rs`) when `--dir` does not
//! hold it, then measures, each as the median of `--runs` runs:
//!
//! 1. ingest: dipnews (with extraction) against plain tantivy (same writer
//!    memory and threads, title and body TEXT, path STRING, date, no
//!    extraction), SQLite FTS5 on the same text, and FTS5 with the entities of
//!    dipnews' extraction in ordinary indexed tables. Each run is a child
//!    process (the bench re-invokes itself with `--child --engine E`) so that
//!    its peak RSS (`VmHWM`) is its own;
//! 2. re-index of an unchanged folder, and with 1% of the files changed;
//! 3. queries drawn from the corpus' own entities (text, person, country,
//!    person + country + date range), p50/p95/p99 in process for dipnews and
//!    the FTS5 equivalents; and whole-process `dipnews search --person` against
//!    `rg -l -w -i`;
//! 4. extraction alone on one thread.
//!
//! Prints a Markdown report and writes JSON with `--json`.
//!
//! This file is also compiled as a module of `tests/bench_smoke.rs`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use dipnews::ingest::{self, IndexOptions};
use dipnews::query::{search_with, Interval, SearchRequest, SearchResponse};
use dipnews::store::{self, Store};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

#[path = "gen_corpus.rs"]
pub mod gen;

/// The engines compared at ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    /// dipnews: parse, extract, index.
    Dipnews,
    /// Plain tantivy: parse, index title/body/path/date; no extraction.
    Tantivy,
    /// SQLite FTS5: title, body, author, path, date; no extraction.
    Fts5,
    /// SQLite FTS5 plus dipnews' extraction in ordinary indexed tables.
    Fts5x,
}

impl Engine {
    /// Name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Dipnews => "dipnews",
            Engine::Tantivy => "tantivy",
            Engine::Fts5 => "fts5",
            Engine::Fts5x => "fts5x",
        }
    }
}

/// Parts of the benchmark that can be left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
    /// Ingest of every engine.
    Ingest,
    /// dipnews re-index (unchanged, 1% changed).
    Reindex,
    /// In-process queries.
    Queries,
    /// Whole-process `dipnews search` against ripgrep.
    Cli,
    /// Extraction alone.
    Extract,
}

/// Command line of the bench.
#[derive(Debug, Clone, Parser)]
#[command(about = "dipnews benchmarks: ingest, re-index, queries, extraction")]
pub struct Config {
    /// Articles in the corpus.
    #[arg(long, default_value_t = 10_000)]
    pub count: usize,
    /// Corpus seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Corpus folder (default: /tmp/dipnews-bench-COUNT-SEED); generated when it lacks the corpus.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// Folder for the indexes (default: DIR.work); removed at the end unless --keep.
    #[arg(long)]
    pub work: Option<PathBuf>,
    /// Runs per measurement; the median is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Queries of each kind.
    #[arg(long, default_value_t = 1000)]
    pub queries: usize,
    /// Time budget per kind of query and engine, in seconds: a kind stops
    /// early (and says how many it ran) when its queries take longer.
    #[arg(long, default_value_t = 120.0)]
    pub query_seconds: f64,
    /// Whole-process runs of `dipnews search` and of `rg`.
    #[arg(long, default_value_t = 20)]
    pub cli_runs: usize,
    /// Megabytes of articles for the extraction measurement (and the query entities).
    #[arg(long, default_value_t = 64)]
    pub extract_mb: usize,
    /// Engines to ingest with.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "dipnews,tantivy,fts5,fts5x"
    )]
    pub engines: Vec<Engine>,
    /// Parts to leave out.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub skip: Vec<Part>,
    /// Write the results as JSON here.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Run the engines in this process instead of child processes (peak RSS is then process-wide).
    #[arg(long)]
    pub in_process: bool,
    /// Keep the indexes in the work folder.
    #[arg(long)]
    pub keep: bool,
    /// The dipnews binary (default: beside this example's folder, target/release/dipnews).
    #[arg(long)]
    pub dipnews_bin: Option<PathBuf>,
    /// Child mode: ingest with one engine into --out and print a JSON line.
    #[arg(long, hide = true)]
    pub child: bool,
    /// Child mode: the engine.
    #[arg(long, hide = true, value_enum)]
    pub engine: Option<Engine>,
    /// Child mode: the index folder.
    #[arg(long, hide = true)]
    pub out: Option<PathBuf>,
}

impl Config {
    /// The configuration for `count` articles with every default.
    pub fn new(count: usize) -> Config {
        Config::parse_from(["bench", "--count", &count.to_string()])
    }
    fn dir(&self) -> PathBuf {
        self.dir.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!("dipnews-bench-{}-{}", self.count, self.seed))
        })
    }
    fn work(&self) -> PathBuf {
        self.work.clone().unwrap_or_else(|| {
            let mut w = self.dir().into_os_string();
            w.push(".work");
            PathBuf::from(w)
        })
    }
    fn runs(&self) -> usize {
        self.runs.max(1)
    }
    fn wants(&self, part: Part) -> bool {
        !self.skip.contains(&part)
    }
}

// ---------------------------------------------------------------------------
// Results

/// One ingest run of one engine.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IngestRun {
    /// Engine name.
    pub engine: String,
    /// Wall time from opening the index to the last commit (merges included).
    pub seconds: f64,
    /// Articles indexed.
    pub articles: u64,
    /// Files not indexed.
    pub skipped: u64,
    /// Size of the index on disk.
    pub index_bytes: u64,
    /// Peak resident memory (`VmHWM`) of the process that ran it, in KiB.
    pub peak_rss_kib: u64,
    /// Peak of its anonymous memory (`RssAnon`, sampled every 50 ms), in KiB:
    /// the heap, without the index files mapped for reading and merging.
    #[serde(default)]
    pub peak_anon_kib: u64,
    /// Peak of its file-backed resident pages (`RssFile`, sampled), in KiB.
    #[serde(default)]
    pub peak_file_kib: u64,
}

/// Median of an engine's ingest runs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IngestResult {
    /// Engine name.
    pub engine: String,
    /// Runs measured.
    pub runs: usize,
    /// Median wall time.
    pub seconds: f64,
    /// Articles indexed.
    pub articles: u64,
    /// Files not indexed.
    pub skipped: u64,
    /// Articles per second (median run).
    pub articles_per_second: f64,
    /// Corpus megabytes (10^6 bytes, every file) per second (median run).
    pub mb_per_second: f64,
    /// Largest peak RSS over the runs, in MiB.
    pub peak_rss_mib: f64,
    /// Largest sampled peak of anonymous memory over the runs, in MiB.
    #[serde(default)]
    pub peak_anon_mib: f64,
    /// Largest sampled peak of file-backed resident pages over the runs, in MiB.
    #[serde(default)]
    pub peak_file_mib: f64,
    /// Index size on disk, in MB.
    pub index_mb: f64,
    /// Index size over corpus size.
    pub index_ratio: f64,
    /// Every run.
    pub all: Vec<IngestRun>,
}

/// Latency percentiles of one kind of query for one engine.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Latency {
    /// Queries run (timed).
    pub queries: usize,
    /// Milliseconds.
    pub p50_ms: f64,
    /// Milliseconds.
    pub p95_ms: f64,
    /// Milliseconds.
    pub p99_ms: f64,
    /// Mean milliseconds.
    pub mean_ms: f64,
    /// Mean number of matching articles.
    pub mean_total: f64,
}

/// One kind of query, dipnews against FTS5.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QueryResult {
    /// `text`, `person`, `country`, `person+country+dates`.
    pub kind: String,
    /// dipnews, one searcher reused.
    pub dipnews: Option<Latency>,
    /// The SQLite FTS5 (+ entity tables) equivalent.
    pub fts5: Option<Latency>,
}

/// Whole-process person search against ripgrep.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CliResult {
    /// Runs of each.
    pub runs: usize,
    /// Median wall time of `dipnews search --person NAME --index X --json`.
    pub dipnews_ms: Option<f64>,
    /// p95 of the same.
    pub dipnews_p95_ms: Option<f64>,
    /// Median wall time of `rg -l -w -i NAME DIR`.
    pub ripgrep_ms: Option<f64>,
    /// p95 of the same.
    pub ripgrep_p95_ms: Option<f64>,
    /// ripgrep time over dipnews time (medians).
    pub speedup: Option<f64>,
    /// Median wall time of the same search with `--facets 0` (hits only, as `rg -l` gives).
    #[serde(default)]
    pub dipnews_hits_only_ms: Option<f64>,
    /// ripgrep time over the hits-only dipnews time (medians).
    #[serde(default)]
    pub speedup_hits_only: Option<f64>,
    /// Why something was not run.
    pub notes: Vec<String>,
}

/// Re-index timings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReindexResult {
    /// Median seconds of a re-index with nothing changed.
    pub unchanged_seconds: f64,
    /// Articles reported unchanged (median run).
    pub unchanged_articles: u64,
    /// Files changed in each changed run.
    pub changed_files: usize,
    /// Median seconds of a re-index with `changed_files` changed.
    pub changed_seconds: f64,
    /// Articles re-indexed (median run).
    pub changed_updated: u64,
    /// Every unchanged run.
    pub unchanged_all: Vec<f64>,
    /// Every changed run.
    pub changed_all: Vec<f64>,
}

/// Extraction throughput.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExtractResult {
    /// Files measured.
    pub files: usize,
    /// Their megabytes.
    pub mb: f64,
    /// Articles that parsed.
    pub articles: usize,
    /// Parse and extract on one thread, MB/s (median).
    pub mb_per_second: f64,
    /// Parse alone on one thread, MB/s (median).
    pub parse_mb_per_second: f64,
    /// Articles per second, parse and extract (median).
    pub articles_per_second: f64,
    /// Mean people, countries and topics per article.
    pub mean_people: f64,
    /// Mean countries per article.
    pub mean_countries: f64,
    /// Mean topics per article.
    pub mean_topics: f64,
}

/// What the corpus is.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CorpusInfo {
    /// Folder.
    pub dir: String,
    /// Articles (files).
    pub count: usize,
    /// Seed.
    pub seed: u64,
    /// Bytes of all files.
    pub bytes: u64,
    /// Broken files (unparseable).
    pub unparseable: usize,
    /// Windows-1252 files (indexed with a warning).
    pub windows_1252: usize,
    /// Generation time in this run (0 when reused).
    pub generated_seconds: f64,
}

/// Everything the bench measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    /// The corpus.
    pub corpus: CorpusInfo,
    /// Runs per measurement.
    pub runs: usize,
    /// Whether engines ran in child processes.
    pub isolated: bool,
    /// Ingest per engine.
    pub ingest: Vec<IngestResult>,
    /// Re-index.
    pub reindex: Option<ReindexResult>,
    /// Queries.
    pub queries: Vec<QueryResult>,
    /// Whole-process person search.
    pub cli: Option<CliResult>,
    /// Extraction.
    pub extract: Option<ExtractResult>,
    /// Machine: threads available.
    pub threads: usize,
    /// Notes.
    pub notes: Vec<String>,
}

// ---------------------------------------------------------------------------
// Helpers

/// Median of a slice: the middle value, or the mean of the two middle ones
/// (0 when empty).
pub fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// Nearest-rank percentile `q` in 0..=1 (0 when empty).
pub fn percentile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = (q * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

/// A `/proc/self/status` value in KiB (`VmHWM`, `RssAnon`...), 0 where unknown.
fn status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Peak resident set size of this process, KiB (`VmHWM`), 0 where unknown.
pub fn peak_rss_kib() -> u64 {
    status_kib("VmHWM")
}

/// Samples `RssAnon` and `RssFile` of this process until dropped: the kernel
/// keeps a peak only for their sum, and the two mean different things (heap
/// against mapped index pages, which the page cache can take back).
struct MemorySampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<(u64, u64)>>,
}

impl MemorySampler {
    fn start() -> MemorySampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let (mut anon, mut file) = (0, 0);
            loop {
                anon = anon.max(status_kib("RssAnon"));
                file = file.max(status_kib("RssFile"));
                if flag.load(std::sync::atomic::Ordering::Relaxed) {
                    return (anon, file);
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        });
        MemorySampler {
            stop,
            thread: Some(thread),
        }
    }

    /// Peaks of anonymous and file-backed resident memory, KiB.
    fn finish(mut self) -> (u64, u64) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread
            .take()
            .and_then(|t| t.join().ok())
            .unwrap_or((0, 0))
    }
}

fn dir_bytes(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn article_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn remove(path: &Path) -> Result<()> {
    if path.exists() {
        std::fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}

fn log(msg: impl AsRef<str>) {
    eprintln!("[bench] {}", msg.as_ref());
}

// ---------------------------------------------------------------------------
// Ingest, one engine

/// Ingests `dir` into a fresh `out` with `engine`; measured in this process.
pub fn ingest_engine(engine: Engine, dir: &Path, out: &Path) -> Result<IngestRun> {
    remove(out)?;
    let sampler = MemorySampler::start();
    let mut run = match engine {
        Engine::Dipnews => ingest_dipnews(dir, out)?,
        Engine::Tantivy => ingest_tantivy(dir, out)?,
        Engine::Fts5 => ingest_fts5(dir, out, false)?,
        Engine::Fts5x => ingest_fts5(dir, out, true)?,
    };
    run.engine = engine.name().to_owned();
    run.index_bytes = dir_bytes(out);
    run.peak_rss_kib = peak_rss_kib();
    (run.peak_anon_kib, run.peak_file_kib) = sampler.finish();
    Ok(run)
}

fn ingest_dipnews(dir: &Path, out: &Path) -> Result<IngestRun> {
    let started = Instant::now();
    let store = Store::open_or_create(out, false)?;
    let report = ingest::index(
        &store,
        &[dir.to_path_buf()],
        &IndexOptions::default(),
        &indicatif::ProgressBar::hidden(),
        &AtomicBool::new(false),
    )?;
    Ok(IngestRun {
        seconds: started.elapsed().as_secs_f64(),
        articles: report.indexed + report.updated,
        skipped: report.skipped.len() as u64,
        ..IngestRun::default()
    })
}

fn ingest_tantivy(dir: &Path, out: &Path) -> Result<IngestRun> {
    use tantivy::schema::{DateOptions, DateTimePrecision, Schema, INDEXED, STORED, STRING, TEXT};
    use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

    let started = Instant::now();
    let mut b = Schema::builder();
    let path_f = b.add_text_field("path", STRING | STORED);
    let title_f = b.add_text_field("title", TEXT | STORED);
    let body_f = b.add_text_field("body", TEXT | STORED);
    let date_f = b.add_date_field(
        "date",
        DateOptions::from(INDEXED)
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    std::fs::create_dir_all(out)?;
    let index = Index::create_in_dir(out, b.build())?;
    // dipnews' writer threads, memory and merge policy, so neither engine
    // pays for work the other skips.
    let (threads, memory) = store::writer_threads(ingest::DEFAULT_MEMORY_MB * 1024 * 1024);
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, memory)?;
    writer.set_merge_policy(Box::new(store::merge_policy()));
    let files = article_files(dir);
    let added = AtomicU64::new(0);
    let skipped = AtomicU64::new(0);
    files.par_iter().for_each(|p| {
        let parsed = std::fs::read(p)
            .ok()
            .and_then(|bytes| dipnews::article::parse_bytes(&bytes).ok());
        let Some((article, _)) = parsed else {
            skipped.fetch_add(1, Ordering::Relaxed);
            return;
        };
        let mut doc = TantivyDocument::default();
        doc.add_text(path_f, p.to_string_lossy());
        doc.add_text(title_f, &article.title);
        doc.add_text(body_f, &article.body);
        doc.add_date(
            date_f,
            DateTime::from_timestamp_secs(ingest::epoch_day(article.date) * 86_400),
        );
        if writer.add_document(doc).is_ok() {
            added.fetch_add(1, Ordering::Relaxed);
        }
    });
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(IngestRun {
        seconds: started.elapsed().as_secs_f64(),
        articles: added.into_inner(),
        skipped: skipped.into_inner(),
        ..IngestRun::default()
    })
}

/// One parsed article for SQLite.
struct Row {
    path: String,
    day: i64,
    author: String,
    title: String,
    body: String,
    people: Vec<String>,
    countries: Vec<String>,
    topics: Vec<String>,
}

const FTS_SCHEMA: &str = "
    CREATE VIRTUAL TABLE fts USING fts5(
        title, body, author, path UNINDEXED, day UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2');
";

const ENTITY_SCHEMA: &str = "
    CREATE TABLE docs(id INTEGER PRIMARY KEY, day INTEGER NOT NULL, author TEXT NOT NULL);
    CREATE TABLE people(name TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(name, doc)) WITHOUT ROWID;
    CREATE TABLE countries(name TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(name, doc)) WITHOUT ROWID;
    CREATE TABLE topics(name TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(name, doc)) WITHOUT ROWID;
";

/// Indexes created after the bulk load (faster than maintaining them row by row).
const ENTITY_INDEXES: &str = "
    CREATE INDEX docs_day ON docs(day);
    CREATE INDEX people_doc ON people(doc, name);
    CREATE INDEX countries_doc ON countries(doc, name);
    CREATE INDEX topics_doc ON topics(doc, name);
";

/// The SQLite database file of an FTS5 index folder.
pub fn fts_db(out: &Path) -> PathBuf {
    out.join("fts.db")
}

fn ingest_fts5(dir: &Path, out: &Path, entities: bool) -> Result<IngestRun> {
    let started = Instant::now();
    std::fs::create_dir_all(out)?;
    let mut conn = rusqlite::Connection::open(fts_db(out))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;",
    )?;
    conn.execute_batch(FTS_SCHEMA)?;
    if entities {
        conn.execute_batch(ENTITY_SCHEMA)?;
    }
    let files = article_files(dir);
    let skipped = AtomicU64::new(0);
    let mut added = 0u64;
    // Parsing (and extraction) in parallel, one chunk ahead of the single SQLite writer.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(2);
    std::thread::scope(|s| -> Result<()> {
        let files = &files;
        let skipped = &skipped;
        s.spawn(move || {
            for chunk in files.chunks(2000) {
                let rows: Vec<Row> = chunk
                    .par_iter()
                    .filter_map(|p| {
                        let parsed = std::fs::read(p)
                            .ok()
                            .and_then(|bytes| dipnews::article::parse_bytes(&bytes).ok());
                        let Some((a, _)) = parsed else {
                            skipped.fetch_add(1, Ordering::Relaxed);
                            return None;
                        };
                        let (people, countries, topics) = if entities {
                            let e = dipnews::extract::extract(&a);
                            (e.people_names(), e.country_names(), e.topic_names())
                        } else {
                            Default::default()
                        };
                        Some(Row {
                            path: p.to_string_lossy().into_owned(),
                            day: ingest::epoch_day(a.date),
                            author: a.author,
                            title: a.title,
                            body: a.body,
                            people,
                            countries,
                            topics,
                        })
                    })
                    .collect();
                if tx.send(rows).is_err() {
                    return;
                }
            }
        });
        let t = conn.transaction()?;
        {
            let mut fts = t.prepare(
                "INSERT INTO fts(rowid, title, body, author, path, day) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let prepare = |sql: &str| -> rusqlite::Result<Option<rusqlite::Statement<'_>>> {
                if entities {
                    t.prepare(sql).map(Some)
                } else {
                    Ok(None)
                }
            };
            let mut docs = prepare("INSERT INTO docs(id, day, author) VALUES (?1, ?2, ?3)")?;
            let mut people = prepare("INSERT OR IGNORE INTO people(name, doc) VALUES (?1, ?2)")?;
            let mut countries =
                prepare("INSERT OR IGNORE INTO countries(name, doc) VALUES (?1, ?2)")?;
            let mut topics = prepare("INSERT OR IGNORE INTO topics(name, doc) VALUES (?1, ?2)")?;
            for rows in rx {
                for r in rows {
                    added += 1;
                    let id = added as i64;
                    fts.execute(rusqlite::params![
                        id, r.title, r.body, r.author, r.path, r.day
                    ])?;
                    if entities {
                        if let Some(d) = docs.as_mut() {
                            d.execute(rusqlite::params![id, r.day, r.author])?;
                        }
                        for (stmt, names) in [
                            (people.as_mut(), &r.people),
                            (countries.as_mut(), &r.countries),
                            (topics.as_mut(), &r.topics),
                        ] {
                            if let Some(stmt) = stmt {
                                for n in names {
                                    stmt.execute(rusqlite::params![n, id])?;
                                }
                            }
                        }
                    }
                }
            }
        }
        t.commit()?;
        Ok(())
    })?;
    if entities {
        conn.execute_batch(ENTITY_INDEXES)?;
    }
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(conn);
    Ok(IngestRun {
        seconds: started.elapsed().as_secs_f64(),
        articles: added,
        skipped: skipped.into_inner(),
        ..IngestRun::default()
    })
}

/// Runs one ingest in a child process (this executable with `--child`).
fn ingest_child(engine: Engine, dir: &Path, out: &Path) -> Result<IngestRun> {
    let exe = std::env::current_exe()?;
    let output = Command::new(exe)
        .arg("--child")
        .arg("--engine")
        .arg(engine.name())
        .arg("--dir")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        bail!("{} child failed: {}", engine.name(), output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| anyhow!("{} child printed no result", engine.name()))?;
    Ok(serde_json::from_str(line)?)
}

fn child_main(cfg: &Config) -> Result<()> {
    let engine = cfg
        .engine
        .ok_or_else(|| anyhow!("--child needs --engine"))?;
    let out = cfg
        .out
        .clone()
        .ok_or_else(|| anyhow!("--child needs --out"))?;
    let run = ingest_engine(engine, &cfg.dir(), &out)?;
    println!("{}", serde_json::to_string(&run)?);
    Ok(())
}

fn bench_ingest(
    cfg: &Config,
    dir: &Path,
    work: &Path,
    corpus_bytes: u64,
) -> Result<Vec<IngestResult>> {
    let mut runs: BTreeMap<Engine, Vec<IngestRun>> = BTreeMap::new();
    // Engines interleaved run by run, so drifts of the machine hit them alike.
    for r in 0..cfg.runs() {
        for &engine in &cfg.engines {
            let out = work.join(format!("{}-{r}", engine.name()));
            let run = if cfg.in_process {
                ingest_engine(engine, dir, &out)?
            } else {
                ingest_child(engine, dir, &out)?
            };
            log(format!(
                "ingest {} run {}/{}: {:.2} s, {} articles, peak RSS {} MiB (anon {}, file {}), index {:.1} MB",
                engine.name(),
                r + 1,
                cfg.runs(),
                run.seconds,
                run.articles,
                run.peak_rss_kib / 1024,
                run.peak_anon_kib / 1024,
                run.peak_file_kib / 1024,
                run.index_bytes as f64 / 1e6
            ));
            // Keep the last run's index for the queries.
            if r + 1 < cfg.runs() {
                remove(&out)?;
            }
            runs.entry(engine).or_default().push(run);
        }
    }
    Ok(runs
        .into_iter()
        .map(|(engine, all)| {
            let secs: Vec<f64> = all.iter().map(|r| r.seconds).collect();
            let seconds = median(&secs);
            // Every run indexes the same articles.
            let mid = all.last().cloned().unwrap_or_default();
            let index_bytes = all.last().map_or(0, |r| r.index_bytes);
            IngestResult {
                engine: engine.name().to_owned(),
                runs: all.len(),
                seconds,
                articles: mid.articles,
                skipped: mid.skipped,
                articles_per_second: mid.articles as f64 / seconds.max(1e-9),
                mb_per_second: corpus_bytes as f64 / 1e6 / seconds.max(1e-9),
                peak_rss_mib: all.iter().map(|r| r.peak_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
                peak_anon_mib: all.iter().map(|r| r.peak_anon_kib).max().unwrap_or(0) as f64
                    / 1024.0,
                peak_file_mib: all.iter().map(|r| r.peak_file_kib).max().unwrap_or(0) as f64
                    / 1024.0,
                index_mb: index_bytes as f64 / 1e6,
                index_ratio: index_bytes as f64 / corpus_bytes.max(1) as f64,
                all,
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Extraction, and the entities the queries are drawn from

/// What one article gave, for drawing queries.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Header date.
    pub date: NaiveDate,
    /// People.
    pub people: Vec<String>,
    /// Countries.
    pub countries: Vec<String>,
}

fn bench_extract(cfg: &Config, dir: &Path) -> Result<(ExtractResult, Vec<Sample>)> {
    let limit = (cfg.extract_mb as u64) * 1_000_000;
    let mut files: Vec<Vec<u8>> = Vec::new();
    let mut bytes = 0u64;
    for p in article_files(dir) {
        if bytes >= limit {
            break;
        }
        let b = std::fs::read(&p)?;
        bytes += b.len() as u64;
        files.push(b);
    }
    // Compile the tables before timing.
    let _ = dipnews::extract::Extractor::global();
    let mut samples = Vec::new();
    let mut times = Vec::new();
    let mut parse_times = Vec::new();
    let mut articles = 0;
    let (mut people, mut countries, mut topics) = (0usize, 0usize, 0usize);
    for r in 0..cfg.runs() {
        let started = Instant::now();
        let mut parsed = Vec::with_capacity(files.len());
        for b in &files {
            if let Ok((a, _)) = dipnews::article::parse_bytes(b) {
                parsed.push(a);
            }
        }
        parse_times.push(started.elapsed().as_secs_f64());
        drop(std::hint::black_box(parsed));

        let started = Instant::now();
        let mut n = 0;
        for b in &files {
            let Ok((a, _)) = dipnews::article::parse_bytes(b) else {
                continue;
            };
            let e = dipnews::extract::extract(&a);
            n += 1;
            if r == 0 {
                people += e.people.len();
                countries += e.countries.len();
                topics += e.topics.len();
                samples.push(Sample {
                    date: a.date,
                    people: e.people_names(),
                    countries: e.country_names(),
                });
            }
            std::hint::black_box(e);
        }
        times.push(started.elapsed().as_secs_f64());
        articles = n;
    }
    let mb = bytes as f64 / 1e6;
    let secs = median(&times).max(1e-9);
    let per = |x: usize| x as f64 / articles.max(1) as f64;
    Ok((
        ExtractResult {
            files: files.len(),
            mb,
            articles,
            mb_per_second: mb / secs,
            parse_mb_per_second: mb / median(&parse_times).max(1e-9),
            articles_per_second: articles as f64 / secs,
            mean_people: per(people),
            mean_countries: per(countries),
            mean_topics: per(topics),
        },
        samples,
    ))
}

// ---------------------------------------------------------------------------
// Queries

/// Words for text queries.
const QUERY_WORDS: &[&str] = &[
    "sanctions",
    "ceasefire",
    "nuclear",
    "refugees",
    "tariffs",
    "election",
    "drought",
    "hackers",
    "pipeline",
    "embassy",
    "treaty",
    "protesters",
    "troops",
    "summit",
    "uranium",
    "negotiations",
    "humanitarian",
    "missile",
    "emissions",
    "truce",
    "embargo",
    "asylum",
    "ballot",
    "oil",
    "inspectors",
    "militants",
    "convoy",
    "ransomware",
    "parliament",
    "delegation",
    "border",
    "minister",
    "agreement",
    "drones",
    "opposition",
    "aid",
    "climate",
    "trade",
    "gas",
    "talks",
];

/// One query, for both engines.
#[derive(Debug, Clone)]
pub enum Query {
    /// Text over title and body (all words).
    Text(Vec<String>),
    /// Articles about a person.
    Person(String),
    /// Articles about a country.
    Country(String),
    /// Person, country and date range.
    Combined {
        /// Person.
        person: String,
        /// Country.
        country: String,
        /// First day.
        from: NaiveDate,
        /// Last day.
        to: NaiveDate,
    },
}

/// The kinds of query, in report order.
pub const KINDS: [&str; 4] = ["text", "person", "country", "person+country+dates"];

/// Draws `n` queries of each kind from the samples (an article at random,
/// then one of its entities: the corpus' own frequencies).
pub fn draw_queries(samples: &[Sample], n: usize, seed: u64) -> Vec<(&'static str, Vec<Query>)> {
    let mut rng = gen::Rng::new(seed, 0xbe4c);
    let mut text = Vec::with_capacity(n);
    for _ in 0..n {
        let words = if rng.chance(0.6) { 1 } else { 2 };
        let mut q = Vec::new();
        while q.len() < words {
            let w = rng.word(QUERY_WORDS).to_owned();
            if !q.contains(&w) {
                q.push(w);
            }
        }
        text.push(Query::Text(q));
    }
    let with_people: Vec<&Sample> = samples.iter().filter(|s| !s.people.is_empty()).collect();
    let with_countries: Vec<&Sample> = samples.iter().filter(|s| !s.countries.is_empty()).collect();
    let with_both: Vec<&Sample> = samples
        .iter()
        .filter(|s| !s.people.is_empty() && !s.countries.is_empty())
        .collect();
    let mut person = Vec::with_capacity(n);
    let mut country = Vec::with_capacity(n);
    let mut combined = Vec::with_capacity(n);
    for _ in 0..n {
        if !with_people.is_empty() {
            let s = rng.pick(&with_people);
            person.push(Query::Person(rng.pick(&s.people).clone()));
        }
        if !with_countries.is_empty() {
            let s = rng.pick(&with_countries);
            country.push(Query::Country(rng.pick(&s.countries).clone()));
        }
        if !with_both.is_empty() {
            let s = rng.pick(&with_both);
            let before = chrono::Days::new(rng.below(366) as u64);
            let after = chrono::Days::new(rng.below(366) as u64);
            combined.push(Query::Combined {
                person: rng.pick(&s.people).clone(),
                country: rng.pick(&s.countries).clone(),
                from: s.date - before,
                to: s.date + after,
            });
        }
    }
    vec![
        (KINDS[0], text),
        (KINDS[1], person),
        (KINDS[2], country),
        (KINDS[3], combined),
    ]
}

fn dipnews_request(q: &Query) -> SearchRequest {
    let base = SearchRequest {
        limit: 10,
        facet_size: 10,
        histogram: Interval::Month,
        ..SearchRequest::default()
    };
    match q {
        Query::Text(words) => SearchRequest {
            query: Some(words.join(" ")),
            ..base
        },
        Query::Person(p) => SearchRequest {
            people: vec![p.clone()],
            ..base
        },
        Query::Country(c) => SearchRequest {
            countries: vec![c.clone()],
            ..base
        },
        Query::Combined {
            person,
            country,
            from,
            to,
        } => SearchRequest {
            people: vec![person.clone()],
            countries: vec![country.clone()],
            from: Some(*from),
            to: Some(*to),
            ..base
        },
    }
}

fn latency(times_ms: &[f64], totals: &[u64]) -> Latency {
    Latency {
        queries: times_ms.len(),
        p50_ms: percentile(times_ms, 0.5),
        p95_ms: percentile(times_ms, 0.95),
        p99_ms: percentile(times_ms, 0.99),
        mean_ms: times_ms.iter().sum::<f64>() / times_ms.len().max(1) as f64,
        mean_total: totals.iter().sum::<u64>() as f64 / totals.len().max(1) as f64,
    }
}

/// Untimed warm-up queries before the timed ones.
fn warmup(n: usize) -> usize {
    (n / 10 + 1).min(20)
}

fn bench_dipnews_queries(index: &Path, queries: &[Query], budget: f64) -> Result<Latency> {
    let store = Store::open(index)?;
    let reader = store.reader()?;
    let searcher = reader.searcher();
    let started_all = Instant::now();
    for q in queries.iter().take(warmup(queries.len())) {
        let _ = search_with(&store, &searcher, &dipnews_request(q));
        if started_all.elapsed().as_secs_f64() > budget / 10.0 {
            break;
        }
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut totals = Vec::with_capacity(queries.len());
    let started_all = Instant::now();
    for q in queries {
        if started_all.elapsed().as_secs_f64() > budget {
            break;
        }
        let req = dipnews_request(q);
        let started = Instant::now();
        let res: SearchResponse = search_with(&store, &searcher, &req)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        totals.push(res.total);
        std::hint::black_box(res);
    }
    Ok(latency(&times, &totals))
}

/// The answer of the FTS5 equivalent, kept only to be sure it is computed.
#[derive(Debug, Default)]
struct FtsAnswer {
    total: u64,
    hits: Vec<(i64, String, String, String)>,
    facets: Vec<(String, i64)>,
    histogram: Vec<(String, i64)>,
}

/// The FTS5 equivalent of a dipnews request: the matching set into a temp
/// table, then its count, the top 10 (by rank or newest) with title, path and
/// snippet, four facets (people, countries, topics, authors) and a month histogram.
fn fts_query(conn: &rusqlite::Connection, q: &Query) -> rusqlite::Result<FtsAnswer> {
    conn.prepare_cached("DELETE FROM temp.m")?.execute([])?;
    let mut a = FtsAnswer::default();
    match q {
        Query::Text(words) => {
            let expr = words
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "")))
                .collect::<Vec<_>>()
                .join(" ");
            conn.prepare_cached("INSERT INTO temp.m(id) SELECT rowid FROM fts WHERE fts MATCH ?1")?
                .execute([&expr])?;
            let mut st = conn.prepare_cached(
                "SELECT rowid, title, path, snippet(fts, 1, '<b>', '</b>', '…', 24) FROM fts
                 WHERE fts MATCH ?1 ORDER BY rank LIMIT 10",
            )?;
            let rows = st.query_map([&expr], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            for row in rows {
                a.hits.push(row?);
            }
        }
        Query::Person(p) => {
            conn.prepare_cached("INSERT INTO temp.m(id) SELECT doc FROM people WHERE name = ?1")?
                .execute([p])?;
        }
        Query::Country(c) => {
            conn.prepare_cached(
                "INSERT INTO temp.m(id) SELECT doc FROM countries WHERE name = ?1",
            )?
            .execute([c])?;
        }
        Query::Combined {
            person,
            country,
            from,
            to,
        } => {
            conn.prepare_cached(
                "INSERT INTO temp.m(id) SELECT p.doc FROM people p
                 JOIN countries c ON c.name = ?2 AND c.doc = p.doc
                 JOIN docs d ON d.id = p.doc
                 WHERE p.name = ?1 AND d.day BETWEEN ?3 AND ?4",
            )?
            .execute(rusqlite::params![
                person,
                country,
                ingest::epoch_day(*from),
                ingest::epoch_day(*to)
            ])?;
        }
    }
    a.total = conn
        .prepare_cached("SELECT count(*) FROM temp.m")?
        .query_row([], |r| r.get::<_, i64>(0))? as u64;
    if !matches!(q, Query::Text(_)) {
        let mut st = conn.prepare_cached(
            "SELECT d.id, f.title, f.path, substr(f.body, 1, 220) FROM temp.m m
             JOIN docs d ON d.id = m.id JOIN fts f ON f.rowid = m.id
             ORDER BY d.day DESC LIMIT 10",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        for row in rows {
            a.hits.push(row?);
        }
    }
    for sql in [
        "SELECT e.name, count(*) AS n FROM temp.m m JOIN people e ON e.doc = m.id
         GROUP BY e.name ORDER BY n DESC, e.name LIMIT 10",
        "SELECT e.name, count(*) AS n FROM temp.m m JOIN countries e ON e.doc = m.id
         GROUP BY e.name ORDER BY n DESC, e.name LIMIT 10",
        "SELECT e.name, count(*) AS n FROM temp.m m JOIN topics e ON e.doc = m.id
         GROUP BY e.name ORDER BY n DESC, e.name LIMIT 20",
        "SELECT d.author, count(*) AS n FROM temp.m m JOIN docs d ON d.id = m.id
         GROUP BY d.author ORDER BY n DESC, d.author LIMIT 10",
    ] {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            a.facets.push(row?);
        }
    }
    let mut st = conn.prepare_cached(
        "SELECT strftime('%Y-%m', d.day * 86400, 'unixepoch') AS k, count(*) FROM temp.m m
         JOIN docs d ON d.id = m.id GROUP BY k ORDER BY k",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for row in rows {
        a.histogram.push(row?);
    }
    Ok(a)
}

fn bench_fts_queries(db: &Path, queries: &[Query], budget: f64) -> Result<Latency> {
    let conn = rusqlite::Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch(
        "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;
         CREATE TEMP TABLE m(id INTEGER PRIMARY KEY);",
    )?;
    let started_all = Instant::now();
    for q in queries.iter().take(warmup(queries.len())) {
        let _ = fts_query(&conn, q);
        if started_all.elapsed().as_secs_f64() > budget / 10.0 {
            break;
        }
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut totals = Vec::with_capacity(queries.len());
    let started_all = Instant::now();
    for q in queries {
        if started_all.elapsed().as_secs_f64() > budget {
            break;
        }
        let started = Instant::now();
        let a = fts_query(&conn, q)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        totals.push(a.total);
        std::hint::black_box(a);
    }
    Ok(latency(&times, &totals))
}

// ---------------------------------------------------------------------------
// Whole process: dipnews search against ripgrep

fn dipnews_bin(cfg: &Config) -> Option<PathBuf> {
    if let Some(b) = &cfg.dipnews_bin {
        return Some(b.clone());
    }
    // target/release/examples/bench -> target/release/dipnews
    let exe = std::env::current_exe().ok()?;
    let bin = exe.parent()?.parent()?.join("dipnews");
    bin.is_file().then_some(bin)
}

fn time_process(cmd: &mut Command) -> Result<f64> {
    let started = Instant::now();
    let status = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    // rg exits 1 when nothing matches; dipnews 0 in any case.
    if !status.success() && status.code() != Some(1) {
        bail!("{:?} failed: {status}", cmd.get_program());
    }
    Ok(ms)
}

fn bench_cli(cfg: &Config, dir: &Path, index: &Path, people: &[String]) -> CliResult {
    let mut res = CliResult {
        runs: cfg.cli_runs,
        ..CliResult::default()
    };
    if people.is_empty() {
        res.notes.push("no person to search for".to_owned());
        return res;
    }
    let name = |i: usize| &people[i % people.len()];
    match dipnews_bin(cfg) {
        None => res.notes.push(
            "dipnews binary not found: build it with `cargo build --release --bin dipnews`"
                .to_owned(),
        ),
        Some(bin) => {
            let run = |p: &str, facets: &str| {
                time_process(
                    Command::new(&bin)
                        .args(["search", "--person", p, "--facets", facets, "--index"])
                        .arg(index)
                        .arg("--json"),
                )
            };
            // Default search (ten values per facet) and hits only, interleaved.
            let (mut times, mut hits_only) = (Vec::new(), Vec::new());
            let _ = run(name(0), "10");
            for i in 0..cfg.cli_runs {
                match (run(name(i), "10"), run(name(i), "0")) {
                    (Ok(ms), Ok(ms0)) => {
                        times.push(ms);
                        hits_only.push(ms0);
                    }
                    (Err(e), _) | (_, Err(e)) => {
                        res.notes.push(format!("dipnews search: {e}"));
                        break;
                    }
                }
            }
            if !times.is_empty() {
                res.dipnews_ms = Some(median(&times));
                res.dipnews_p95_ms = Some(percentile(&times, 0.95));
                res.dipnews_hits_only_ms = Some(median(&hits_only));
            }
        }
    }
    let rg_ok = Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if rg_ok {
        let run = |p: &str| time_process(Command::new("rg").args(["-l", "-w", "-i", p]).arg(dir));
        let mut times = Vec::new();
        let _ = run(name(0));
        for i in 0..cfg.cli_runs {
            match run(name(i)) {
                Ok(ms) => times.push(ms),
                Err(e) => {
                    res.notes.push(format!("rg: {e}"));
                    break;
                }
            }
        }
        if !times.is_empty() {
            res.ripgrep_ms = Some(median(&times));
            res.ripgrep_p95_ms = Some(percentile(&times, 0.95));
        }
    } else {
        res.notes.push(
            "ripgrep not installed (apt-get install -y ripgrep): comparison skipped".to_owned(),
        );
    }
    if let (Some(d), Some(r)) = (res.dipnews_hits_only_ms, res.ripgrep_ms) {
        res.speedup_hits_only = Some(r / d.max(1e-9));
    }
    if let (Some(d), Some(r)) = (res.dipnews_ms, res.ripgrep_ms) {
        res.speedup = Some(r / d.max(1e-9));
    }
    res
}

// ---------------------------------------------------------------------------
// Re-index

/// The files changed in the "1% changed" runs: every hundredth, from the 51st.
pub fn changed_files(count: usize) -> Vec<usize> {
    if count == 0 {
        return Vec::new();
    }
    (50.min(count - 1)..count).step_by(100).collect()
}

fn bench_reindex(cfg: &Config, dir: &Path, index: &Path) -> Result<ReindexResult> {
    let store = Store::open_or_create(index, false)?;
    let reindex = || {
        ingest::index(
            &store,
            &[dir.to_path_buf()],
            &IndexOptions::default(),
            &indicatif::ProgressBar::hidden(),
            &AtomicBool::new(false),
        )
    };
    let mut res = ReindexResult::default();
    let mut unchanged = Vec::new();
    for _ in 0..cfg.runs() {
        let report = reindex()?;
        unchanged.push(report.seconds);
        res.unchanged_articles = report.unchanged;
    }
    let changed = changed_files(cfg.count);
    res.changed_files = changed.len();
    let originals: Vec<(PathBuf, Vec<u8>)> = changed
        .iter()
        .map(|&i| {
            let p = gen::article_path(dir, i);
            let b = std::fs::read(&p)?;
            Ok((p, b))
        })
        .collect::<Result<_>>()?;
    let mut changed_secs = Vec::new();
    let outcome = (|| -> Result<()> {
        for r in 0..cfg.runs() {
            for (p, _) in &originals {
                let mut f = std::fs::OpenOptions::new().append(true).open(p)?;
                write!(
                    f,
                    "\nUpdate {}: officials said further talks were expected next week.\n",
                    r + 1
                )?;
            }
            let report = reindex()?;
            changed_secs.push(report.seconds);
            res.changed_updated = report.updated + report.indexed;
        }
        Ok(())
    })();
    // Put the corpus back as generated, whatever happened.
    for (p, b) in &originals {
        std::fs::write(p, b)?;
    }
    outcome?;
    res.unchanged_seconds = median(&unchanged);
    res.changed_seconds = median(&changed_secs);
    res.unchanged_all = unchanged;
    res.changed_all = changed_secs;
    Ok(res)
}

// ---------------------------------------------------------------------------
// The whole run

/// Runs every part the configuration asks for.
pub fn run(cfg: &Config) -> Result<Report> {
    let dir = cfg.dir();
    let work = cfg.work();
    let vocab = gen::load_vocab(&gen::default_data_dir(), cfg.seed)?;
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let (summary, generated) = gen::ensure(&vocab, &dir, cfg.count, cfg.seed, threads)?;
    if generated {
        log(summary.line(&dir));
    } else {
        log(format!("reusing corpus in {}", dir.display()));
    }
    let mut report = Report {
        corpus: CorpusInfo {
            dir: dir.display().to_string(),
            count: summary.count,
            seed: summary.seed,
            bytes: summary.bytes,
            unparseable: summary.unparseable(),
            windows_1252: summary.broken[gen::Broken::Windows1252 as usize],
            generated_seconds: if generated { summary.seconds } else { 0.0 },
        },
        runs: cfg.runs(),
        isolated: !cfg.in_process,
        threads,
        ..Report::default()
    };
    if cfg.in_process {
        report
            .notes
            .push("engines ran in the bench process: peak RSS is process-wide".to_owned());
    }
    std::fs::create_dir_all(&work)?;
    let last = cfg.runs() - 1;
    let dipnews_index = work.join(format!("dipnews-{last}"));
    let fts_index = work.join(format!("fts5x-{last}"));

    if cfg.wants(Part::Ingest) {
        report.ingest = bench_ingest(cfg, &dir, &work, summary.bytes)?;
    }

    let mut samples = Vec::new();
    if cfg.wants(Part::Extract) || cfg.wants(Part::Queries) || cfg.wants(Part::Cli) {
        let (e, s) = bench_extract(cfg, &dir)?;
        log(format!(
            "extraction: {:.1} MB/s on one thread ({} articles, {:.1} MB)",
            e.mb_per_second, e.articles, e.mb
        ));
        if cfg.wants(Part::Extract) {
            report.extract = Some(e);
        }
        samples = s;
    }

    let have_dipnews = dipnews_index.join("meta.json").is_file();
    let have_fts = fts_db(&fts_index).is_file();
    let queries = draw_queries(&samples, cfg.queries, cfg.seed);
    if cfg.wants(Part::Queries) && cfg.queries > 0 {
        for (kind, qs) in &queries {
            let mut res = QueryResult {
                kind: (*kind).to_owned(),
                ..QueryResult::default()
            };
            if qs.is_empty() {
                report
                    .notes
                    .push(format!("no {kind} queries could be drawn"));
            }
            if have_dipnews && !qs.is_empty() {
                res.dipnews = Some(bench_dipnews_queries(
                    &dipnews_index,
                    qs,
                    cfg.query_seconds,
                )?);
            }
            if have_fts && !qs.is_empty() {
                res.fts5 = Some(bench_fts_queries(
                    &fts_db(&fts_index),
                    qs,
                    cfg.query_seconds,
                )?);
            }
            log(format!(
                "queries {kind}: dipnews p50 {:.3} ms, fts5 p50 {:.3} ms",
                res.dipnews.as_ref().map_or(f64::NAN, |l| l.p50_ms),
                res.fts5.as_ref().map_or(f64::NAN, |l| l.p50_ms)
            ));
            report.queries.push(res);
        }
        if !have_dipnews {
            report
                .notes
                .push("no dipnews index: dipnews queries not run".to_owned());
        }
        if !have_fts {
            report
                .notes
                .push("no fts5x index: FTS5 queries not run (add fts5x to --engines)".to_owned());
        }
    }

    if cfg.wants(Part::Cli) && cfg.cli_runs > 0 && have_dipnews {
        let people: Vec<String> = queries
            .iter()
            .find(|(k, _)| *k == KINDS[1])
            .map(|(_, qs)| {
                qs.iter()
                    .filter_map(|q| match q {
                        Query::Person(p) => Some(p.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let cli = bench_cli(cfg, &dir, &dipnews_index, &people);
        log(format!(
            "whole process: dipnews search {:?} ms, rg {:?} ms",
            cli.dipnews_ms, cli.ripgrep_ms
        ));
        report.cli = Some(cli);
    }

    if cfg.wants(Part::Reindex) && have_dipnews {
        let r = bench_reindex(cfg, &dir, &dipnews_index)?;
        log(format!(
            "re-index: unchanged {:.3} s, {} changed {:.3} s",
            r.unchanged_seconds, r.changed_files, r.changed_seconds
        ));
        report.reindex = Some(r);
    }

    if !cfg.keep {
        remove(&work)?;
    }
    Ok(report)
}

// ---------------------------------------------------------------------------
// Report

fn opt_ms(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_owned(), |x| format!("{x:.1} ms"))
}

fn lat_cells(l: &Option<Latency>) -> String {
    match l {
        Some(l) => format!(
            "{} | {:.2} | {:.2} | {:.2} | {:.0}",
            l.queries, l.p50_ms, l.p95_ms, l.p99_ms, l.mean_total
        ),
        None => "n/a | n/a | n/a | n/a | n/a".to_owned(),
    }
}

/// The report as Markdown.
pub fn markdown(r: &Report) -> String {
    let mut s = String::new();
    let c = &r.corpus;
    s.push_str(&format!(
        "Corpus: {} articles ({:.1} MB, {} unparseable, {} Windows-1252), seed {}, {}; \
         {} runs per measurement (median); {} threads; engines {}.\n\n",
        c.count,
        c.bytes as f64 / 1e6,
        c.unparseable,
        c.windows_1252,
        c.seed,
        c.dir,
        r.runs,
        r.threads,
        if r.isolated {
            "in child processes"
        } else {
            "in process"
        }
    ));
    if !r.ingest.is_empty() {
        s.push_str("| ingest | articles | seconds | articles/s | MB/s | peak RSS | anon / file | index size | index / raw |\n");
        s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for i in &r.ingest {
            s.push_str(&format!(
                "| {} | {} | {:.2} | {:.0} | {:.1} | {:.0} MiB | {:.0} / {:.0} MiB | {:.1} MB | {:.2} |\n",
                i.engine,
                i.articles,
                i.seconds,
                i.articles_per_second,
                i.mb_per_second,
                i.peak_rss_mib,
                i.peak_anon_mib,
                i.peak_file_mib,
                i.index_mb,
                i.index_ratio
            ));
        }
        s.push('\n');
    }
    if let Some(x) = &r.reindex {
        s.push_str("| dipnews re-index | seconds |\n|---|---:|\n");
        s.push_str(&format!(
            "| nothing changed ({} articles) | {:.3} |\n| {} files changed (1%) | {:.3} |\n\n",
            x.unchanged_articles, x.unchanged_seconds, x.changed_files, x.changed_seconds
        ));
    }
    if !r.queries.is_empty() {
        s.push_str(
            "| query | dipnews n | p50 ms | p95 | p99 | mean hits | FTS5 n | p50 ms | p95 | p99 | mean hits |\n",
        );
        s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for q in &r.queries {
            s.push_str(&format!(
                "| {} | {} | {} |\n",
                q.kind,
                lat_cells(&q.dipnews),
                lat_cells(&q.fts5)
            ));
        }
        s.push('\n');
    }
    if let Some(x) = &r.cli {
        s.push_str(&format!(
            "| whole process, person query (median of {}) | wall time |\n|---|---:|\n",
            x.runs
        ));
        s.push_str(&format!(
            "| `dipnews search --person NAME --json` (facets, histogram) | {} |\n| the same with `--facets 0` (hits only) | {} |\n| `rg -l -w -i NAME DIR` | {} |\n| ripgrep / dipnews | {} (hits only: {}) |\n\n",
            opt_ms(x.dipnews_ms),
            opt_ms(x.dipnews_hits_only_ms),
            opt_ms(x.ripgrep_ms),
            x.speedup.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1}×")),
            x.speedup_hits_only
                .map_or_else(|| "n/a".to_owned(), |v| format!("{v:.1}×"))
        ));
        for n in &x.notes {
            s.push_str(&format!("Note: {n}\n\n"));
        }
    }
    if let Some(e) = &r.extract {
        s.push_str(&format!(
            "Extraction on one thread over {} files ({:.1} MB): parse + extract {:.1} MB/s \
             ({:.0} articles/s), parse alone {:.1} MB/s; per article {:.1} people, {:.1} countries, {:.1} topics.\n\n",
            e.files,
            e.mb,
            e.mb_per_second,
            e.articles_per_second,
            e.parse_mb_per_second,
            e.mean_people,
            e.mean_countries,
            e.mean_topics
        ));
    }
    for n in &r.notes {
        s.push_str(&format!("Note: {n}\n\n"));
    }
    s
}

fn main() {
    let cfg = Config::parse();
    if cfg.child {
        if let Err(e) = child_main(&cfg) {
            eprintln!("bench child: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    let report = match run(&cfg) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bench: {e:#}");
            std::process::exit(1);
        }
    };
    println!("{}", markdown(&report));
    if let Some(path) = &cfg.json {
        let written = serde_json::to_string_pretty(&report)
            .map_err(anyhow::Error::from)
            .and_then(|j| std::fs::write(path, j + "\n").map_err(anyhow::Error::from));
        if let Err(e) = written {
            eprintln!("bench: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
