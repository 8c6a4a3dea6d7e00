//! Typed errors of the library. Every error that concerns a file or an
//! index folder carries its path, so a caller can print one precise line.

use std::path::PathBuf;

/// Why one article file could not be indexed. The run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The file is empty or holds only white space.
    #[error("empty file")]
    Empty,
    /// The file holds NUL bytes and is not UTF-16: not a text article.
    #[error("binary file (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The first non-blank line is not a `date YYYY-MM-DD Published by AUTHOR` header.
    #[error("line {line}: expected header `date YYYY-MM-DD Published by AUTHOR`, found {found:?}")]
    NoHeader {
        /// 1-based line number.
        line: usize,
        /// The start of the offending line.
        found: String,
    },
    /// The header's date is not a real calendar date.
    #[error("line {line}: {detail}")]
    BadDate {
        /// 1-based line number.
        line: usize,
        /// What is wrong with the date.
        detail: String,
    },
    /// The header names no author.
    #[error("line {line}: expected an author after `Published by`")]
    NoAuthor {
        /// 1-based line number.
        line: usize,
    },
    /// A header and nothing else.
    #[error("line {line}: header found but no article text after it")]
    NoBody {
        /// 1-based line number of the header.
        line: usize,
    },
}

/// Errors of the library. File errors carry the path they concern.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An article that could not be parsed. Display shows the path; the
    /// reason is the error's source, as in walkdir and ripgrep.
    #[error("{}", path.display())]
    Parse {
        /// The article file.
        path: PathBuf,
        /// What was wrong.
        source: ParseError,
    },
    /// Reading or writing a file failed.
    #[error("{}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The index folder does not hold a dipnews index.
    #[error("{}: no dipnews index here (run `dipnews index DIR --index {}` first)", path.display(), path.display())]
    NoIndex {
        /// The index folder.
        path: PathBuf,
    },
    /// The index was written by another schema version.
    #[error("{}: index has schema version {found}, this dipnews writes version {expected}; rebuild it with `dipnews index DIR --full`", path.display())]
    SchemaVersion {
        /// The index folder.
        path: PathBuf,
        /// Version found in the index.
        found: String,
        /// Version this build writes.
        expected: u32,
    },
    /// Another process holds the index writer lock.
    #[error("{}: another dipnews process is writing this index; try again when it has finished", path.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// The index could not be opened, read or written.
    #[error("{}", path.display())]
    Index {
        /// The index folder.
        path: PathBuf,
        /// The underlying tantivy error.
        source: tantivy::TantivyError,
    },
    /// A search request is invalid (bad date, unknown country, bad syntax...).
    #[error("{0}")]
    Request(String),
    /// Indexing was interrupted (Ctrl-C); what was complete has been committed.
    #[error("interrupted: {committed} article(s) committed before stopping; run the same command again to finish")]
    Interrupted {
        /// Documents committed before the interruption.
        committed: u64,
    },
    /// A gold annotation file is malformed.
    #[error("{}: line {line}: {detail}", path.display())]
    Gold {
        /// The annotation file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        detail: String,
    },
}

/// Result alias of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
