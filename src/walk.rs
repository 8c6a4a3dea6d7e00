//! Finding article files: which files under the given folders are articles,
//! and why the others were passed over.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

/// Default largest article file (`--max-size`).
pub const DEFAULT_MAX_SIZE: u64 = 10 * 1024 * 1024;

/// Which files count as articles.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// File extensions, without the dot, compared without case.
    pub extensions: Vec<String>,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// Files larger than this are skipped.
    pub max_size: u64,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            extensions: vec!["txt".to_owned(), "md".to_owned()],
            follow_links: false,
            max_size: DEFAULT_MAX_SIZE,
        }
    }
}

/// An article file found by the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// Absolute, canonical path.
    pub path: PathBuf,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub mtime: i64,
}

/// A file (or folder) the walk could not take, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passed {
    /// The path.
    pub path: PathBuf,
    /// Why it was not taken.
    pub reason: String,
}

/// README, LICENSE and CHANGELOG files document a folder; they are not articles.
fn is_project_file(path: &Path) -> bool {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_uppercase())
        .is_some_and(|s| matches!(s.as_str(), "README" | "LICENSE" | "CHANGELOG" | "NOTICE"))
}

/// Canonical absolute form of a root given by the user.
pub fn canonical_root(root: &Path) -> std::io::Result<PathBuf> {
    std::fs::canonicalize(root)
}

/// Walks the roots in sorted order. Hidden files and folders are left out
/// silently (they are not articles by convention); everything else that is
/// not taken is returned with its reason.
pub fn walk(roots: &[PathBuf], options: &WalkOptions) -> (Vec<FoundFile>, Vec<Passed>) {
    let mut files = Vec::new();
    let mut passed = Vec::new();
    for root in roots {
        let walker = WalkDir::new(root)
            .follow_links(options.follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop".to_owned()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| format!("cannot read: {io}"))
                    };
                    passed.push(Passed { path, reason });
                    continue;
                }
            };
            let path = entry.path();
            let wanted = path
                .extension()
                .map(|x| x.to_string_lossy().to_lowercase())
                .is_some_and(|x| {
                    options
                        .extensions
                        .iter()
                        .any(|e| e.eq_ignore_ascii_case(&x))
                });
            if entry.file_type().is_dir() {
                continue;
            }
            if entry.path_is_symlink() && !options.follow_links {
                if wanted {
                    passed.push(Passed {
                        path: path.to_owned(),
                        reason: "symbolic link not followed (use --follow-links)".to_owned(),
                    });
                }
                continue;
            }
            if !wanted || is_project_file(path) {
                continue;
            }
            let meta = match entry.metadata() {
                Ok(m) => m,
                Err(e) => {
                    passed.push(Passed {
                        path: path.to_owned(),
                        reason: format!("cannot read metadata: {e}"),
                    });
                    continue;
                }
            };
            if !meta.is_file() {
                passed.push(Passed {
                    path: path.to_owned(),
                    reason: "not a regular file".to_owned(),
                });
                continue;
            }
            if meta.len() > options.max_size {
                passed.push(Passed {
                    path: path.to_owned(),
                    reason: format!(
                        "file too large: {} bytes, limit {} (use --max-size)",
                        meta.len(),
                        options.max_size
                    ),
                });
                continue;
            }
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
            let path = if options.follow_links {
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
            } else {
                path.to_owned()
            };
            files.push(FoundFile {
                path,
                size: meta.len(),
                mtime,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    (files, passed)
}
