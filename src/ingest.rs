//! Ingest: walk the folders, skip what has not changed, parse and extract the
//! rest in parallel, replace changed documents, drop deleted ones, and commit
//! atomically. Returns a report of everything that happened, file by file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::schema::Facet;
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use crate::article::{self, Article};
use crate::details::StoredDetails;
use crate::error::{Error, Result};
use crate::extract::{Extraction, Extractor};
use crate::schema::{fold_key, Fields};
use crate::store::{FileStamp, Store};
use crate::walk::{self, FoundFile, WalkOptions};

/// Default writer memory budget (`--memory-mb`).
pub const DEFAULT_MEMORY_MB: usize = 256;
/// Documents between intermediate commits, so a crash loses at most this much work.
pub const DEFAULT_COMMIT_EVERY: usize = 20_000;

/// How to index.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Which files are articles.
    pub walk: WalkOptions,
    /// Rebuild from nothing instead of updating.
    pub full: bool,
    /// Writer memory budget in bytes.
    pub memory_bytes: usize,
    /// Files processed between intermediate commits.
    pub commit_every: usize,
}

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            walk: WalkOptions::default(),
            full: false,
            memory_bytes: DEFAULT_MEMORY_MB * 1024 * 1024,
            commit_every: DEFAULT_COMMIT_EVERY,
        }
    }
}

/// A file that was not indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The file.
    pub path: String,
    /// Why it was not indexed.
    pub reason: String,
}

/// A file that was indexed with a caveat (guessed encoding, unreadable outlet date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The file.
    pub path: String,
    /// What was odd about it.
    pub message: String,
}

/// What an index run did.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IndexReport {
    /// New articles indexed.
    pub indexed: u64,
    /// Changed articles replaced.
    pub updated: u64,
    /// Articles removed because their file is gone (or no longer an article).
    pub deleted: u64,
    /// Articles whose file had not changed.
    pub unchanged: u64,
    /// Files not indexed, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files indexed with a caveat.
    pub warnings: Vec<Warning>,
    /// Wall time of the run.
    pub seconds: f64,
    /// Bytes of article files read and parsed.
    pub bytes: u64,
    /// Articles (new and updated) per second.
    pub articles_per_second: f64,
    /// Megabytes of parsed files per second.
    pub mb_per_second: f64,
    /// Documents in the index after the run.
    pub documents: u64,
    /// True when Ctrl-C stopped the run (what was complete is committed).
    pub interrupted: bool,
}

enum Outcome {
    Added {
        updated: bool,
        bytes: u64,
        warning: Option<String>,
    },
    Unchanged,
    /// Not reached before Ctrl-C.
    NotDone,
    Skipped {
        reason: String,
        had_doc: bool,
    },
}

/// Days since 1970-01-01 of a date.
pub fn epoch_day(date: chrono::NaiveDate) -> i64 {
    date.signed_duration_since(chrono::NaiveDate::default())
        .num_days()
}

/// Builds the tantivy document of an article.
pub fn to_document(
    fields: &Fields,
    path: &str,
    stamp: FileStamp,
    article: &Article,
    extraction: &Extraction,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.path, path);
    doc.add_u64(fields.size, stamp.size);
    doc.add_i64(fields.mtime, stamp.mtime);
    doc.add_u64(fields.hash, stamp.hash);
    let day = epoch_day(article.date);
    doc.add_date(fields.date, DateTime::from_timestamp_secs(day * 86_400));
    doc.add_i64(fields.day, day);
    if let Some(p) = article.published {
        doc.add_text(fields.published, p.format("%Y-%m-%d").to_string());
    }
    if let Some(raw) = &article.published_raw {
        doc.add_text(fields.published_raw, raw);
    }
    doc.add_text(fields.author, &article.author);
    doc.add_text(fields.author_key, fold_key(&article.author));
    doc.add_facet(fields.authors, Facet::from_path([article.author.as_str()]));
    doc.add_text(fields.title, &article.title);
    doc.add_text(fields.body, &article.body);
    for p in &extraction.people {
        doc.add_facet(fields.people, Facet::from_path([p.name.as_str()]));
        doc.add_text(fields.person, &p.name);
    }
    for c in &extraction.countries {
        doc.add_facet(fields.countries, Facet::from_path([c.name.as_str()]));
    }
    for t in &extraction.topics {
        doc.add_facet(fields.topics, Facet::from_path(t.topic.split('/')));
    }
    doc.add_text(
        fields.extraction,
        StoredDetails::to_stored(article, extraction),
    );
    doc
}

fn path_term(fields: &Fields, path: &str) -> Term {
    Term::from_field_text(fields.path, path)
}

/// Indexes the article files under `roots` into `store`.
///
/// One bad file never stops the run: it is reported in [`IndexReport::skipped`].
/// `stop` is checked between batches (Ctrl-C): what was complete is committed and
/// the report says `interrupted`.
pub fn index(
    store: &Store,
    roots: &[PathBuf],
    options: &IndexOptions,
    progress: &ProgressBar,
    stop: &AtomicBool,
) -> Result<IndexReport> {
    let started = Instant::now();
    let mut canonical = Vec::with_capacity(roots.len());
    for root in roots {
        let c = walk::canonical_root(root).map_err(|source| Error::Io {
            path: root.clone(),
            source,
        })?;
        canonical.push(c);
    }
    let (files, passed) = walk::walk(&canonical, &options.walk);
    let previous = if options.full {
        HashMap::new()
    } else {
        store.indexed_files()?
    };
    let mut writer: IndexWriter = store.writer(options.memory_bytes)?;
    if options.full {
        writer.delete_all_documents().map_err(|e| store.err(e))?;
    }
    let fields = &store.fields;
    let mut report = IndexReport::default();
    for p in passed {
        report.skipped.push(Skipped {
            path: p.path.display().to_string(),
            reason: p.reason,
        });
    }

    // Unchanged size and mtime: no read, no parse.
    let seen: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut work: Vec<(&FoundFile, Option<FileStamp>)> = Vec::new();
    for f in &files {
        let prev = f.path.to_str().and_then(|p| previous.get(p)).copied();
        match prev {
            Some(p) if p.size == f.size && p.mtime == f.mtime => report.unchanged += 1,
            _ => work.push((f, prev)),
        }
    }
    let deletions: Vec<&String> = previous
        .keys()
        .filter(|p| {
            let path = Path::new(p.as_str());
            canonical.iter().any(|r| path.starts_with(r)) && !seen.contains(path)
        })
        .collect();
    for p in &deletions {
        writer.delete_term(path_term(fields, p));
    }
    report.deleted = deletions.len() as u64;

    progress.set_length(work.len() as u64);
    let extractor = Extractor::global();
    let mut changed = report.deleted > 0 || options.full;
    for batch in work.chunks(options.commit_every.max(1)) {
        if stop.load(Ordering::SeqCst) {
            report.interrupted = true;
            break;
        }
        let outcomes: Vec<Outcome> = batch
            .par_iter()
            .map(|(file, prev)| {
                if stop.load(Ordering::Relaxed) {
                    return Outcome::NotDone;
                }
                let outcome = process(&writer, fields, extractor, file, *prev);
                progress.inc(1);
                outcome
            })
            .collect();
        for ((file, _), o) in batch.iter().zip(outcomes) {
            let path = || file.path.display().to_string();
            match o {
                Outcome::Added {
                    updated,
                    bytes,
                    warning,
                } => {
                    changed = true;
                    report.bytes += bytes;
                    if updated {
                        report.updated += 1;
                    } else {
                        report.indexed += 1;
                    }
                    if let Some(message) = warning {
                        report.warnings.push(Warning {
                            path: path(),
                            message,
                        });
                    }
                }
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::NotDone => {}
                Outcome::Skipped { reason, had_doc } => {
                    report.skipped.push(Skipped {
                        path: path(),
                        reason,
                    });
                    if had_doc {
                        changed = true;
                        report.deleted += 1;
                    }
                }
            }
        }
        if stop.load(Ordering::SeqCst) {
            report.interrupted = true;
            break;
        }
        // An intermediate commit bounds what a crash can lose.
        if batch.len() == options.commit_every && changed {
            commit(store, &mut writer)?;
        }
    }
    let new_index = store
        .index
        .load_metas()
        .map(|m| m.payload.is_none())
        .unwrap_or(true);
    if changed || new_index {
        commit(store, &mut writer)?;
    }
    writer.wait_merging_threads().map_err(|e| store.err(e))?;
    progress.finish_and_clear();

    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.warnings.sort_by(|a, b| a.path.cmp(&b.path));
    report.seconds = started.elapsed().as_secs_f64();
    let secs = report.seconds.max(1e-9);
    report.articles_per_second = (report.indexed + report.updated) as f64 / secs;
    report.mb_per_second = report.bytes as f64 / 1e6 / secs;
    let reader = store.reader()?;
    reader.reload().map_err(|e| store.err(e))?;
    report.documents = reader.searcher().num_docs();
    Ok(report)
}

/// Commits what the writer holds, with the dipnews payload (schema version).
pub fn commit(store: &Store, writer: &mut IndexWriter) -> Result<()> {
    let mut prepared = writer.prepare_commit().map_err(|e| store.err(e))?;
    prepared.set_payload(&Store::payload());
    prepared.commit().map_err(|e| store.err(e))?;
    Ok(())
}

/// Parses, extracts and adds one article given as text (tests, examples,
/// servers). `path` is its key; an existing document with that key is replaced.
pub fn add_text(store: &Store, writer: &IndexWriter, path: &str, text: &str) -> Result<()> {
    let article = article::parse(text).map_err(|source| Error::Parse {
        path: PathBuf::from(path),
        source,
    })?;
    let extraction = Extractor::global().extract(&article);
    let stamp = FileStamp {
        size: text.len() as u64,
        mtime: 0,
        hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
    };
    let doc = to_document(&store.fields, path, stamp, &article, &extraction);
    writer.delete_term(path_term(&store.fields, path));
    writer.add_document(doc).map_err(|e| store.err(e))?;
    Ok(())
}

fn process(
    writer: &IndexWriter,
    fields: &Fields,
    extractor: &Extractor,
    file: &FoundFile,
    prev: Option<FileStamp>,
) -> Outcome {
    let had_doc = prev.is_some();
    let Some(path) = file.path.to_str() else {
        return Outcome::Skipped {
            reason: "path is not valid UTF-8".to_owned(),
            had_doc,
        };
    };
    let skip = |reason: String| {
        if had_doc {
            writer.delete_term(path_term(fields, path));
        }
        Outcome::Skipped { reason, had_doc }
    };
    let bytes = match std::fs::read(&file.path) {
        Ok(b) => b,
        Err(e) => return skip(format!("cannot read: {e}")),
    };
    let stamp = FileStamp {
        size: bytes.len() as u64,
        mtime: file.mtime,
        hash: xxhash_rust::xxh3::xxh3_64(&bytes),
    };
    if prev.is_some_and(|p| p.hash == stamp.hash && p.size == stamp.size) {
        return Outcome::Unchanged;
    }
    // A bug in the parser or an extractor must cost one file, not the run:
    // both only read `bytes` and the shared tables, so a panic leaves nothing
    // half-changed behind.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        article::parse_bytes(&bytes).map(|(article, warning)| {
            let extraction = extractor.extract(&article);
            (article, warning, extraction)
        })
    }));
    let (article, mut warning, extraction) = match parsed {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return skip(e.to_string()),
        Err(panic) => {
            return skip(format!(
                "internal error (a dipnews bug, please report it): {}",
                panic_message(panic.as_ref())
            ))
        }
    };
    if article.published.is_none() {
        if let Some(raw) = &article.published_raw {
            let w = format!("outlet date not understood: {raw:?}");
            warning = Some(match warning {
                Some(prev) => format!("{prev}; {w}"),
                None => w,
            });
        }
    }
    let doc = to_document(fields, path, stamp, &article, &extraction);
    if had_doc {
        writer.delete_term(path_term(fields, path));
    }
    if let Err(e) = writer.add_document(doc) {
        return Outcome::Skipped {
            reason: format!("index writer refused the document: {e}"),
            had_doc,
        };
    }
    Outcome::Added {
        updated: had_doc,
        bytes: bytes.len() as u64,
        warning,
    }
}

/// The message of a caught panic, on one short line.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let msg = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("panic");
    let line: String = msg.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}
