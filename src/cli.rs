//! Command-line arguments (clap derive). Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dipnews::query::{Interval, Sort};

/// Full-text search over folders of dated diplomatic news: who said what,
/// about which country, on what topic, and when.
#[derive(Debug, Parser)]
#[command(name = "dipnews", version, about, propagate_version = true)]
#[command(
    after_help = "Examples:\n  dipnews index corpus\n  dipnews search --country Iran --topic nuclear\n  dipnews search \"talks\" --person trump --from 2026-01 --json"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Where the index lives.
#[derive(Debug, Args)]
pub struct IndexLocation {
    /// Index folder [default: $DIPNEWS_INDEX, else ./dipnews-index]
    #[arg(long = "index", value_name = "PATH", env = "DIPNEWS_INDEX")]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index (or update) the articles under one or more folders.
    ///
    /// Incremental: unchanged files cost nothing, changed files are replaced,
    /// deleted files are removed. Exit status: 0 all indexed, 3 some files
    /// skipped (listed with their reason), 1 fatal error, 2 usage error,
    /// 130 interrupted (complete work committed).
    #[command(
        after_help = "Examples:\n  dipnews index corpus\n  dipnews index ~/news ~/archive --index ~/.dipnews --json\n  dipnews index corpus --full --ext txt,md,text"
    )]
    Index(IndexArgs),
    /// Search the index: full text, people, countries, topics, authors, dates.
    ///
    /// Repeating a filter means all must hold; a comma inside one value means
    /// any of them (`--country Iran,Iraq`).
    #[command(
        after_help = "Examples:\n  dipnews search --country Iran\n  dipnews search \"nuclear talks\" --person trump --from 2026-01 --to 2026-02\n  dipnews search --country Iran --country \"United States\" --topic security --histogram week\n  dipnews search erdogan --json --limit 50"
    )]
    Search(SearchArgs),
    /// Parse and extract articles without indexing (files or folders).
    #[command(
        after_help = "Examples:\n  dipnews extract corpus/000_e01270f4380b6882.txt\n  dipnews extract corpus --json | jq .people"
    )]
    Extract(ExtractArgs),
    /// Show what the index holds: counts, dates, top people, countries, topics, authors.
    #[command(after_help = "Examples:\n  dipnews stats\n  dipnews stats --json --top 50")]
    Stats(StatsArgs),
    /// Show one indexed article with all its fields.
    #[command(
        after_help = "Examples:\n  dipnews show corpus/000_e01270f4380b6882.txt\n  dipnews show corpus/001_iran-talks-oman.txt --json"
    )]
    Show(ShowArgs),
    /// Measure extraction against an annotated folder (annotations.jsonl).
    ///
    /// Each line of GOLD_DIR/annotations.jsonl is
    /// {"path": "...", "people": [...], "countries": [...], "topics": [...]},
    /// with the path relative to GOLD_DIR.
    #[command(
        after_help = "Examples:\n  dipnews eval tests/gold\n  dipnews eval tests/gold --json"
    )]
    Eval(EvalArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  dipnews completions bash > /etc/bash_completion.d/dipnews\n  dipnews completions zsh > ~/.zfunc/_dipnews"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// Shells for completion scripts.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Shell {
    /// Bash.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders (or files) of articles.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Rebuild the index from nothing.
    #[arg(long)]
    pub full: bool,
    /// Print one JSON object (the report) on stdout.
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// Article file extensions, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "txt,md")]
    pub ext: Vec<String>,
    /// Follow symbolic links.
    #[arg(long)]
    pub follow_links: bool,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = dipnews::walk::DEFAULT_MAX_SIZE, value_name = "BYTES")]
    pub max_size: u64,
    /// Index writer memory budget in MB.
    #[arg(long, default_value_t = dipnews::ingest::DEFAULT_MEMORY_MB, value_name = "MB")]
    pub memory_mb: usize,
    /// Commit after every N changed files, so a crash loses at most N files of work.
    #[arg(long, default_value_t = dipnews::ingest::DEFAULT_COMMIT_EVERY as u64, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every: u64,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Text query (tantivy syntax: phrases in quotes, AND/OR, -word, title:word).
    pub query: Option<String>,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Person: any token of a name (`trump`, `erdogan`) or a full name.
    #[arg(long = "person", value_name = "P")]
    pub people: Vec<String>,
    /// Country: name, alias, demonym or ISO code (`Iran`, `iranian`, `IR`, `IRN`).
    #[arg(long = "country", value_name = "C")]
    pub countries: Vec<String>,
    /// Topic: a leaf (`nuclear`), a parent (`security`) or a path (`security/nuclear`).
    #[arg(long = "topic", value_name = "T")]
    pub topics: Vec<String>,
    /// Author, any case.
    #[arg(long = "author", value_name = "A")]
    pub authors: Vec<String>,
    /// First day, inclusive: YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long, value_name = "D")]
    pub from: Option<String>,
    /// Last day, inclusive: YYYY-MM-DD, YYYY-MM (to its last day) or YYYY.
    #[arg(long, value_name = "D")]
    pub to: Option<String>,
    /// Order of hits [default: relevance with a query, newest without].
    #[arg(long, value_enum)]
    pub sort: Option<Sort>,
    /// Hits to show (at most 10000).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Values per facet; 0 skips counting facets (faster when only hits matter).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub facets: usize,
    /// Histogram bucket width.
    #[arg(long, value_enum, default_value_t = Interval::Month)]
    pub histogram: Interval,
    /// Print the response as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Article files or folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// NDJSON: one object per article.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub location: IndexLocation,
    /// Values per facet.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article file, as indexed.
    pub path: PathBuf,
    #[command(flatten)]
    pub location: IndexLocation,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Folder holding annotations.jsonl.
    pub gold_dir: PathBuf,
    /// Print JSON (scores and every disagreement).
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
