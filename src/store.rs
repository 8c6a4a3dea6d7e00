//! The on-disk index: where it lives, creating and opening it, checking its
//! schema version, taking the writer lock, and reading back what was indexed.
//!
//! What was indexed (path, size, mtime, hash) lives in fast fields of the
//! documents themselves, so it is committed atomically with them: after a
//! crash the index and its record of files can never disagree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK, META_LOCK};
use tantivy::indexer::LogMergePolicy;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError};

use crate::error::{Error, Result};
use crate::schema::{register_tokenizers, Fields, SCHEMA_VERSION};

/// Default index folder when neither `--index` nor `$DIPNEWS_INDEX` is given.
pub const DEFAULT_INDEX: &str = "dipnews-index";

/// What dipnews writes into each commit's payload.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    dipnews_schema: u32,
    dipnews_version: String,
}

/// The size, modification time and content hash of an indexed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: i64,
    /// xxh3 hash of the content.
    pub hash: u64,
}

/// An open dipnews index.
pub struct Store {
    /// The tantivy index.
    pub index: Index,
    /// The schema's field handles.
    pub fields: Fields,
    /// The folder (`None` for an index in RAM).
    pub path: Option<PathBuf>,
    /// Opened once: opening a reader opens every segment.
    reader: std::sync::OnceLock<IndexReader>,
}

impl Store {
    /// A new empty index in RAM (tests and examples).
    pub fn in_ram() -> Store {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        register_tokenizers(&index);
        Store {
            index,
            fields,
            path: None,
            reader: Default::default(),
        }
    }

    /// Opens an existing index for reading.
    ///
    /// Every segment of the last commit is opened once, so a missing or
    /// truncated index file is reported here, as a damaged index, rather
    /// than in the middle of a search.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_file() {
            return Err(not_a_folder(path));
        }
        if !path.join("meta.json").is_file() {
            return Err(Error::NoIndex {
                path: path.to_owned(),
            });
        }
        let index = Index::open_in_dir(path).map_err(|e| index_err(path, e))?;
        check_version(path, &index)?;
        let fields = Fields::new();
        if index.schema() != fields.schema {
            return Err(Error::SchemaVersion {
                path: path.to_owned(),
                found: format!("{SCHEMA_VERSION} with another field layout"),
                expected: SCHEMA_VERSION,
            });
        }
        register_tokenizers(&index);
        let store = Store {
            index,
            fields,
            path: Some(path.to_owned()),
            reader: Default::default(),
        };
        store.check_segment_files()?;
        store.reader()?;
        Ok(store)
    }

    /// Every file of every segment of the last commit is there (tantivy opens
    /// some of them only when a query needs them).
    fn check_segment_files(&self) -> Result<()> {
        use tantivy::index::SegmentComponent::*;
        let directory = self.index.directory();
        // As tantivy's readers do: a writer's garbage collection waits for this
        // lock, so no file of the commit read here can vanish meanwhile. If it
        // cannot be taken, opening the reader afterwards reports why.
        let _lock = directory.acquire_lock(&META_LOCK).ok();
        let metas = self
            .index
            .searchable_segment_metas()
            .map_err(|e| self.err(e))?;
        for meta in metas {
            let deletes = meta.has_deletes().then_some(Delete);
            let components = [Postings, Positions, FastFields, FieldNorms, Terms, Store];
            for component in components.into_iter().chain(deletes) {
                let file = meta.relative_path(component);
                if !directory.exists(&file).unwrap_or(false) {
                    return Err(self.err(TantivyError::OpenReadError(
                        tantivy::directory::error::OpenReadError::FileDoesNotExist(file),
                    )));
                }
            }
        }
        Ok(())
    }

    /// Opens the index for writing, creating it when the folder is missing or
    /// empty. With `rebuild`, an index of another schema version, or one whose
    /// files do not open, is replaced; a folder that is not an index is never touched.
    pub fn open_or_create(path: &Path, rebuild: bool) -> Result<Store> {
        let io = |source| Error::Io {
            path: path.to_owned(),
            source,
        };
        if path.exists() && !path.is_dir() {
            return Err(not_a_folder(path));
        }
        std::fs::create_dir_all(path).map_err(io)?;
        let has_meta = path.join("meta.json").is_file();
        // A run killed while creating the index can leave tantivy's lock and
        // temporary files without a meta.json: that folder is still ours.
        let empty = std::fs::read_dir(path)
            .map_err(io)?
            .all(|e| e.is_ok_and(|e| is_creation_leftover(&e.file_name().to_string_lossy())));
        if !has_meta && !empty {
            return Err(Error::Io {
                path: path.to_owned(),
                source: std::io::Error::other(
                    "folder is not empty and holds no index; refusing to write into it",
                ),
            });
        }
        if has_meta {
            match Store::open(path) {
                Ok(store) => return Ok(store),
                Err(e)
                    if rebuild && (matches!(e, Error::SchemaVersion { .. }) || is_damaged(&e)) =>
                {
                    // Never clear an index that another process is writing.
                    let dir = MmapDirectory::open(path).map_err(|e| index_err(path, e.into()))?;
                    let _lock =
                        dir.acquire_lock(&INDEX_WRITER_LOCK)
                            .map_err(|_| Error::Locked {
                                path: path.to_owned(),
                            })?;
                    clear_index_files(path).map_err(io)?;
                }
                Err(e) => return Err(e),
            }
        }
        let fields = Fields::new();
        let dir = MmapDirectory::open(path).map_err(|e| index_err(path, e.into()))?;
        let index = Index::create(dir, fields.schema.clone(), Default::default())
            .map_err(|e| index_err(path, e))?;
        register_tokenizers(&index);
        Ok(Store {
            index,
            fields,
            path: Some(path.to_owned()),
            reader: Default::default(),
        })
    }

    /// A reader of the commit that was last when it was first asked for;
    /// after committing, call `reload()` on it to see the new commit.
    pub fn reader(&self) -> Result<IndexReader> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.clone());
        }
        let reader: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| self.err(e))?;
        Ok(self.reader.get_or_init(|| reader).clone())
    }

    /// Takes the writer lock: fails at once when another process holds it.
    pub fn writer(&self, memory_bytes: usize) -> Result<IndexWriter> {
        let (threads, memory) = writer_threads(memory_bytes);
        let writer: IndexWriter = self
            .index
            .writer_with_num_threads(threads, memory)
            .map_err(|e| match e {
                TantivyError::LockFailure(..) => Error::Locked {
                    path: self.display_path(),
                },
                e => self.err(e),
            })?;
        writer.set_merge_policy(Box::new(merge_policy()));
        Ok(writer)
    }

    /// The payload dipnews stores with each commit.
    pub fn payload() -> String {
        serde_json::to_string(&Payload {
            dipnews_schema: SCHEMA_VERSION,
            dipnews_version: env!("CARGO_PKG_VERSION").to_owned(),
        })
        .unwrap_or_default()
    }

    /// Every indexed file with its stamp, read from the fast fields of the last commit.
    pub fn indexed_files(&self) -> Result<HashMap<String, FileStamp>> {
        let reader = self.reader()?;
        let searcher = reader.searcher();
        let mut out = HashMap::with_capacity(searcher.num_docs() as usize);
        let mut path = String::new();
        for segment in searcher.segment_readers() {
            let ff = segment.fast_fields();
            let paths = ff.str("path").map_err(|e| self.err(e))?;
            let sizes = ff.u64("size").map_err(|e| self.err(e))?;
            let mtimes = ff.i64("mtime").map_err(|e| self.err(e))?;
            let hashes = ff.u64("hash").map_err(|e| self.err(e))?;
            let Some(paths) = paths else { continue };
            for doc in segment.doc_ids_alive() {
                let Some(ord) = paths.term_ords(doc).next() else {
                    continue;
                };
                path.clear();
                if !paths.ord_to_str(ord, &mut path).map_err(|e| Error::Io {
                    path: self.display_path(),
                    source: e,
                })? {
                    continue;
                }
                let stamp = FileStamp {
                    size: sizes.first(doc).unwrap_or(0),
                    mtime: mtimes.first(doc).unwrap_or(0),
                    hash: hashes.first(doc).unwrap_or(0),
                };
                out.insert(path.clone(), stamp);
            }
        }
        Ok(out)
    }

    /// Total size of the index folder's files.
    pub fn bytes_on_disk(&self) -> u64 {
        let Some(path) = &self.path else { return 0 };
        std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    /// The folder for messages (`<ram>` for an index in RAM).
    pub fn display_path(&self) -> PathBuf {
        self.path.clone().unwrap_or_else(|| PathBuf::from("<ram>"))
    }

    /// Wraps a tantivy error with the index path.
    pub fn err(&self, source: TantivyError) -> Error {
        index_err(&self.display_path(), source)
    }
}

fn index_err(path: &Path, source: TantivyError) -> Error {
    match source {
        TantivyError::LockFailure(..) => Error::Locked {
            path: path.to_owned(),
        },
        source => match damage(&source) {
            Some(detail) => Error::Io {
                path: path.to_owned(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "index is damaged ({detail}); rebuild it with `dipnews index DIR --full`"
                    ),
                ),
            },
            None => Error::Index {
                path: path.to_owned(),
                source,
            },
        },
    }
}

fn not_a_folder(path: &Path) -> Error {
    Error::Io {
        path: path.to_owned(),
        source: std::io::Error::other("index path is a file, not a folder"),
    }
}

/// True for the errors [`index_err`] gives a damaged index: files that are
/// missing, truncated or unreadable as an index.
fn is_damaged(e: &Error) -> bool {
    match e {
        Error::Io { source, .. } => source.kind() == std::io::ErrorKind::InvalidData,
        Error::Index { .. } => true,
        _ => false,
    }
}

/// A short description of a tantivy error that means the index files are
/// damaged (as opposed to, say, a permission or disk-full error), or `None`.
fn damage(e: &TantivyError) -> Option<String> {
    use std::io::ErrorKind::{InvalidData, UnexpectedEof};
    use tantivy::directory::error::OpenReadError;
    let detail = match e {
        TantivyError::DataCorruption(d) => {
            // The debug form is the only one; cut off the file content it quotes.
            let d = format!("{d:?}");
            d.split(". Content:").next().unwrap_or_default().to_owned()
        }
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            format!("{} is missing", p.display())
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if matches!(io_error.kind(), InvalidData | UnexpectedEof) =>
        {
            format!("{}: {io_error}", filepath.display())
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(i)) => format!("{i:?}"),
        TantivyError::IncompatibleIndex(i) => format!("{i:?}"),
        TantivyError::IoError(io) if matches!(io.kind(), InvalidData | UnexpectedEof) => {
            io.to_string()
        }
        _ => return None,
    };
    // One short line, whatever the underlying error printed.
    let mut line: String = detail
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(200)
        .collect();
    if line.is_empty() {
        line = "unreadable index files".to_owned();
    }
    Some(line)
}

fn check_version(path: &Path, index: &Index) -> Result<()> {
    let metas = index.load_metas().map_err(|e| index_err(path, e))?;
    let found = match metas
        .payload
        .as_deref()
        .map(serde_json::from_str::<Payload>)
    {
        Some(Ok(p)) if p.dipnews_schema == SCHEMA_VERSION => return Ok(()),
        Some(Ok(p)) => p.dipnews_schema.to_string(),
        // Created but never committed (killed before its first commit): it
        // holds nothing, and the schema comparison in `open` still applies.
        None if metas.segments.is_empty() => return Ok(()),
        _ => "unknown (not written by dipnews)".to_owned(),
    };
    Err(Error::SchemaVersion {
        path: path.to_owned(),
        found,
        expected: SCHEMA_VERSION,
    })
}

/// Files tantivy may leave in a folder before the first `meta.json` exists:
/// its lock files, its list of managed files, and `meta.json`'s temporary file.
fn is_creation_leftover(name: &str) -> bool {
    name.starts_with(".tantivy-") || name == ".managed.json" || name.starts_with(".tmp")
}

/// Removes tantivy's files from an index folder, and nothing else. Lock
/// files stay: the caller may hold one.
fn clear_index_files(path: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name == "meta.json"
            || (is_creation_leftover(&name) && !name.ends_with(".lock"))
            || name.rsplit_once('.').is_some_and(|(stem, ext)| {
                stem.len() == 32
                    && stem.bytes().all(|b| b.is_ascii_hexdigit())
                    && matches!(
                        ext,
                        "idx" | "pos" | "term" | "store" | "fast" | "fieldnorm" | "del" | "temp"
                    )
            })
            || name.split('.').next().is_some_and(|stem| {
                stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())
            });
        if ours && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Indexing threads and the writer memory `Store::writer` uses for a budget
/// of `memory_bytes`: one thread per core, each with at least the 15 MB
/// tantivy requires.
pub fn writer_threads(memory_bytes: usize) -> (usize, usize) {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(memory_bytes / 16_000_000)
        .clamp(1, 8);
    (threads, memory_bytes.max(threads * 16_000_000))
}

/// Segments above this many live documents are not merged again.
const MAX_DOCS_BEFORE_MERGE: usize = 50_000;

/// tantivy's log merge policy, with merges kept small.
///
/// A merge maps every input segment and reads it whole, so its inputs become
/// resident memory of the indexing process: with tantivy's defaults, indexing
/// a million articles ended in one merge of eight 80,000-article segments and
/// 2.6 GB of mapped files. Commits make segments of about 10,000 articles, and
/// eight of those merge into one of about 80,000; from there segments stay as
/// they are. A search then visits about one segment per 80,000 articles,
/// which costs less than the memory the last merges took.
pub fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_BEFORE_MERGE);
    policy
}
