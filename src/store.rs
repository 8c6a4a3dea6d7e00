//! The on-disk index: where it lives, creating and opening it, checking its
//! schema version, taking the writer lock, and reading back what was indexed.
//!
//! What was indexed (path, size, mtime, hash) lives in fast fields of the
//! documents themselves, so it is committed atomically with them: after a
//! crash the index and its record of files can never disagree.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
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
        }
    }

    /// Opens an existing index for reading.
    pub fn open(path: &Path) -> Result<Store> {
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
        Ok(Store {
            index,
            fields,
            path: Some(path.to_owned()),
        })
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
            return Err(Error::Io {
                path: path.to_owned(),
                source: std::io::Error::other("index path is a file, not a folder"),
            });
        }
        std::fs::create_dir_all(path).map_err(io)?;
        let has_meta = path.join("meta.json").is_file();
        let empty = std::fs::read_dir(path).map_err(io)?.next().is_none();
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
                Err(e @ (Error::SchemaVersion { .. } | Error::Index { .. })) if rebuild => {
                    clear_index_files(path).map_err(io)?;
                    let _ = e;
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
        })
    }

    /// A reader that sees the last commit.
    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| self.err(e))
    }

    /// Takes the writer lock: fails at once when another process holds it.
    pub fn writer(&self, memory_bytes: usize) -> Result<IndexWriter> {
        // tantivy wants at least 15 MB per indexing thread.
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(memory_bytes / 16_000_000)
            .clamp(1, 8);
        let memory = memory_bytes.max(threads * 16_000_000);
        self.index
            .writer_with_num_threads(threads, memory)
            .map_err(|e| match e {
                TantivyError::LockFailure(..) => Error::Locked {
                    path: self.display_path(),
                },
                e => self.err(e),
            })
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
        source => Error::Index {
            path: path.to_owned(),
            source,
        },
    }
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
        _ => "unknown (not written by dipnews)".to_owned(),
    };
    Err(Error::SchemaVersion {
        path: path.to_owned(),
        found,
        expected: SCHEMA_VERSION,
    })
}

/// Removes tantivy's files from an index folder, and nothing else.
fn clear_index_files(path: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy")
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
