//! The `dipnews` binary: argument parsing and printing. All the work is in the library.

mod cli;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser};
use dipnews::ingest::{self, IndexOptions, IndexReport};
use dipnews::query::{self, SearchRequest, SearchResponse};
use dipnews::store::{Store, DEFAULT_INDEX};
use dipnews::walk::WalkOptions;
use dipnews::{article, eval, extract, stats, view};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cli::{Cli, Command, IndexLocation};

/// Exit status when some files were skipped but the rest was committed.
const EXIT_SKIPPED: u8 = 3;
/// Exit status of a usage error (bad flag value, bad query).
const EXIT_USAGE: u8 = 2;
/// Exit status after Ctrl-C.
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic (a dipnews bug, or tantivy meeting a damaged segment) becomes one
    // line and exit status 1, not a backtrace: the hook keeps the message.
    let panic_message = Arc::new(std::sync::Mutex::new(None::<String>));
    {
        let slot = Arc::clone(&panic_message);
        std::panic::set_hook(Box::new(move |info| {
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            if let Ok(mut s) = slot.lock() {
                *s = Some(format!("{msg}{at}"));
            }
        }));
    }
    let outcome = std::panic::catch_unwind(|| run(cli));
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(_) => {
            let msg = panic_message
                .lock()
                .ok()
                .and_then(|m| m.clone())
                .unwrap_or_default();
            eprintln!(
                "dipnews: internal error: {msg}; if the index is damaged, rebuild it with `dipnews index DIR --full`"
            );
            return ExitCode::from(1);
        }
    };
    match outcome {
        Ok(code) => code,
        Err(err) => {
            if err
                .chain()
                .filter_map(|e| e.downcast_ref::<io::Error>())
                .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("dipnews: {err:#}");
            let usage = err
                .chain()
                .filter_map(|e| e.downcast_ref::<dipnews::Error>())
                .any(|e| matches!(e, dipnews::Error::Request(_)));
            let interrupted = err
                .chain()
                .filter_map(|e| e.downcast_ref::<dipnews::Error>())
                .any(|e| matches!(e, dipnews::Error::Interrupted { .. }));
            ExitCode::from(if interrupted {
                EXIT_INTERRUPTED
            } else if usage {
                EXIT_USAGE
            } else {
                1
            })
        }
    }
}

fn index_path(location: &IndexLocation) -> PathBuf {
    location
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX))
}

fn colors() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Index(args) => run_index(args),
        Command::Search(args) => run_search(args),
        Command::Extract(args) => run_extract(args),
        Command::Stats(args) => {
            let store = Store::open(&index_path(&args.location))?;
            let s = stats::stats(&store, args.top)?;
            let mut out = io::stdout().lock();
            if args.json {
                writeln!(out, "{}", serde_json::to_string(&s)?)?;
            } else {
                writeln!(out, "documents      {}", s.documents)?;
                writeln!(
                    out,
                    "dates          {} .. {}",
                    s.first_date.as_deref().unwrap_or("-"),
                    s.last_date.as_deref().unwrap_or("-")
                )?;
                writeln!(out, "bytes on disk  {}", s.bytes_on_disk)?;
                for (name, values) in [
                    ("people", &s.people),
                    ("countries", &s.countries),
                    ("topics", &s.topics),
                    ("authors", &s.authors),
                ] {
                    writeln!(out, "\n{name}:")?;
                    for v in values {
                        writeln!(out, "  {:>6}  {}", v.count, v.value)?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show(args) => {
            let store = Store::open(&index_path(&args.location))?;
            let a = view::get(&store, &args.path)?;
            let mut out = io::stdout().lock();
            if args.json {
                writeln!(out, "{}", serde_json::to_string(&a)?)?;
            } else {
                writeln!(out, "{}\n", a.title)?;
                writeln!(out, "path       {}", a.path)?;
                writeln!(out, "date       {}", a.date)?;
                writeln!(
                    out,
                    "published  {}",
                    a.published_raw
                        .as_deref()
                        .or(a.published.as_deref())
                        .unwrap_or("-")
                )?;
                writeln!(out, "author     {}", a.author)?;
                if let Some(d) = &a.dateline {
                    writeln!(out, "dateline   {d}")?;
                }
                writeln!(out, "countries  {}", a.countries.join(", "))?;
                writeln!(out, "topics     {}", a.topics.join(", "))?;
                writeln!(out, "people:")?;
                for p in &a.people_detail {
                    let detail: Vec<&str> = [p.role.as_deref(), p.country.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                    writeln!(
                        out,
                        "  {} ({}), {} mention(s)",
                        p.name,
                        if detail.is_empty() {
                            "-".to_owned()
                        } else {
                            detail.join(", ")
                        },
                        p.mentions.len()
                    )?;
                }
                if !a.quotes.is_empty() {
                    writeln!(out, "quotes:")?;
                    for q in &a.quotes {
                        writeln!(
                            out,
                            "  {}: “{}”",
                            q.speaker.as_deref().unwrap_or("(unattributed)"),
                            q.text
                        )?;
                    }
                }
                writeln!(out, "\n{}", a.body)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(args) => {
            let report = eval::evaluate(&args.gold_dir)?;
            let mut out = io::stdout().lock();
            if args.json {
                writeln!(out, "{}", serde_json::to_string(&report)?)?;
            } else {
                write!(out, "{}", report.table())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let shell = match shell {
                cli::Shell::Bash => clap_complete::Shell::Bash,
                cli::Shell::Zsh => clap_complete::Shell::Zsh,
                cli::Shell::Fish => clap_complete::Shell::Fish,
            };
            clap_complete::generate(shell, &mut Cli::command(), "dipnews", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_index(args: cli::IndexArgs) -> Result<ExitCode> {
    let path = index_path(&args.location);
    let options = IndexOptions {
        walk: WalkOptions {
            extensions: args
                .ext
                .iter()
                .map(|e| e.trim_start_matches('.').to_owned())
                .collect(),
            follow_links: args.follow_links,
            max_size: args.max_size,
        },
        full: args.full,
        memory_bytes: args.memory_mb.saturating_mul(1024 * 1024),
        commit_every: usize::try_from(args.commit_every).unwrap_or(usize::MAX),
    };
    let store = Store::open_or_create(&path, args.full)?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second Ctrl-C quits at once: the last commit stays intact on disk.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(EXIT_INTERRUPTED));
            }
        });
    }
    let progress = if !args.quiet && io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} indexing [{bar:30}] {pos}/{len} files {per_sec} eta {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let report = ingest::index(&store, &args.dirs, &options, &progress, &stop)?;
    if args.json {
        writeln!(io::stdout().lock(), "{}", serde_json::to_string(&report)?)?;
    }
    if !args.quiet {
        print_index_summary(&report, &path, !args.json)?;
    }
    if report.interrupted {
        eprintln!("dipnews: interrupted; everything indexed so far is committed; run the same command again to finish");
        return Ok(ExitCode::from(EXIT_INTERRUPTED));
    }
    Ok(if report.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SKIPPED)
    })
}

fn print_index_summary(r: &IndexReport, path: &Path, to_stdout: bool) -> Result<()> {
    let mut text = format!(
        "{} new, {} updated, {} deleted, {} unchanged, {} skipped; {} documents in {}\n\
         {:.2} s, {:.0} articles/s, {:.1} MB/s\n",
        r.indexed,
        r.updated,
        r.deleted,
        r.unchanged,
        r.skipped.len(),
        r.documents,
        path.display(),
        r.seconds,
        r.articles_per_second,
        r.mb_per_second
    );
    for s in &r.skipped {
        text.push_str(&format!("skipped {}: {}\n", s.path, s.reason));
    }
    for w in &r.warnings {
        text.push_str(&format!("warning {}: {}\n", w.path, w.message));
    }
    if to_stdout {
        io::stdout().lock().write_all(text.as_bytes())?;
    } else {
        io::stderr().lock().write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Checks the search flags and turns them into a library request.
fn search_request(args: &cli::SearchArgs) -> Result<SearchRequest> {
    Ok(SearchRequest {
        query: args.query.clone(),
        people: args.people.clone(),
        countries: args.countries.clone(),
        topics: args.topics.clone(),
        authors: args.authors.clone(),
        from: args
            .from
            .as_deref()
            .map(|d| query::parse_date_bound(d, false))
            .transpose()?,
        to: args
            .to
            .as_deref()
            .map(|d| query::parse_date_bound(d, true))
            .transpose()?,
        sort: args.sort,
        limit: args.limit,
        offset: args.offset,
        facet_size: args.facets,
        histogram: args.histogram,
    })
}

fn run_search(args: cli::SearchArgs) -> Result<ExitCode> {
    let request = search_request(&args)?;
    let store = Store::open(&index_path(&args.location))?;
    let response = query::search(&store, &request)?;
    // Dropping the reader unmaps every segment file one by one (about 0.4 ms
    // of a 4 ms search at 100k articles); exit does it for free. Read-only: no
    // lock or pending write is lost.
    std::mem::forget(store);
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&response)?)?;
    } else {
        print_search(&mut out, &response, &request, colors())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_search(
    out: &mut impl Write,
    r: &SearchResponse,
    req: &SearchRequest,
    color: bool,
) -> io::Result<()> {
    let (bold, dim, reset) = if color {
        ("\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let shown = r.hits.len();
    writeln!(
        out,
        "{} matching article(s) in {:.1} ms{}",
        r.total,
        r.took_ms,
        if shown > 0 {
            format!(", showing {}-{}", req.offset + 1, req.offset + shown)
        } else {
            String::new()
        }
    )?;
    for (i, h) in r.hits.iter().enumerate() {
        writeln!(
            out,
            "\n{:>3}. {bold}{}{reset}  {}",
            req.offset + i + 1,
            h.title,
            h.date
        )?;
        writeln!(out, "     {dim}{} | {}{reset}", h.author, h.path)?;
        if !h.people.is_empty() {
            writeln!(out, "     people:    {}", h.people.join(", "))?;
        }
        if !h.countries.is_empty() {
            writeln!(out, "     countries: {}", h.countries.join(", "))?;
        }
        if !h.topics.is_empty() {
            writeln!(out, "     topics:    {}", h.topics.join(", "))?;
        }
        let mut snippet = String::new();
        let mut last = 0;
        for &(s, e) in &h.highlights {
            if s < last || e > h.snippet_text.len() {
                continue;
            }
            snippet.push_str(&h.snippet_text[last..s]);
            snippet.push_str(bold);
            snippet.push_str(&h.snippet_text[s..e]);
            snippet.push_str(reset);
            last = e;
        }
        snippet.push_str(&h.snippet_text[last.min(h.snippet_text.len())..]);
        writeln!(out, "     {}", snippet.replace('\n', " "))?;
    }
    for (name, values) in [
        ("people", &r.facets.people),
        ("countries", &r.facets.countries),
        ("topics", &r.facets.topics),
        ("authors", &r.facets.authors),
    ] {
        if values.is_empty() {
            continue;
        }
        let list: Vec<String> = values
            .iter()
            .map(|v| format!("{} ({})", v.value, v.count))
            .collect();
        writeln!(out, "\n{bold}{name}{reset}: {}", list.join(", "))?;
    }
    if !r.histogram.is_empty() {
        const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        const WIDTH: usize = 60;
        // Wide histograms are drawn with adjacent buckets merged into one column.
        let per_column = r.histogram.len().div_ceil(WIDTH);
        let columns: Vec<u64> = r
            .histogram
            .chunks(per_column)
            .map(|c| c.iter().map(|b| b.count).sum())
            .collect();
        let max = columns.iter().copied().max().unwrap_or(1).max(1);
        let bars: String = columns
            .iter()
            .map(|&count| {
                if count == 0 {
                    ' '
                } else {
                    BLOCKS[((count * 7) / max) as usize]
                }
            })
            .collect();
        let (first, last) = (&r.histogram[0].key, &r.histogram[r.histogram.len() - 1].key);
        writeln!(
            out,
            "\n{bold}timeline{reset} {first} {bars} {last} (max {max})"
        )?;
    }
    Ok(())
}

fn run_extract(args: cli::ExtractArgs) -> Result<ExitCode> {
    let mut files = Vec::new();
    let mut failed = 0usize;
    for p in &args.paths {
        if p.is_dir() {
            let root = dipnews::walk::canonical_root(p).with_context(|| p.display().to_string())?;
            let (found, passed) = dipnews::walk::walk(&[root], &WalkOptions::default());
            files.extend(found.into_iter().map(|f| f.path));
            for s in passed {
                eprintln!("skipped {}: {}", s.path.display(), s.reason);
                failed += 1;
            }
        } else {
            files.push(p.clone());
        }
    }
    let mut out = io::stdout().lock();
    for path in files {
        let parsed = std::fs::read(&path)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| article::parse_bytes(&bytes).map_err(|e| e.to_string()));
        let (a, _) = match parsed {
            Ok(x) => x,
            Err(reason) => {
                eprintln!("skipped {}: {reason}", path.display());
                failed += 1;
                continue;
            }
        };
        let e = extract::extract(&a);
        let path_str = std::fs::canonicalize(&path)
            .unwrap_or(path)
            .display()
            .to_string();
        if args.json {
            let quotes: Vec<serde_json::Value> = e
                .quotes
                .iter()
                .map(|q| serde_json::json!({"speaker": q.speaker, "text": q.text, "start": q.span.start, "end": q.span.end}))
                .collect();
            let obj = serde_json::json!({
                "path": path_str,
                "date": a.date.format("%Y-%m-%d").to_string(),
                "published": a.published.map(|d| d.format("%Y-%m-%d").to_string()),
                "published_raw": a.published_raw,
                "author": a.author,
                "title": a.title,
                "people": e.people_names(),
                "countries": e.country_names(),
                "topics": e.topic_names(),
                "quotes": quotes,
                "people_detail": e.people,
                "country_detail": e.countries,
                "topic_detail": e.topics,
                "subheadings": a.subheadings,
                "dateline": a.dateline,
            });
            writeln!(out, "{obj}")?;
        } else {
            writeln!(out, "{path_str}\n  {} | {} | {}", a.date, a.author, a.title)?;
            writeln!(out, "  people:    {}", e.people_names().join(", "))?;
            writeln!(out, "  countries: {}", e.country_names().join(", "))?;
            writeln!(out, "  topics:    {}", e.topic_names().join(", "))?;
            for q in &e.quotes {
                writeln!(
                    out,
                    "  quote:     {}: “{}”",
                    q.speaker.as_deref().unwrap_or("(unattributed)"),
                    q.text
                )?;
            }
        }
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SKIPPED)
    })
}
