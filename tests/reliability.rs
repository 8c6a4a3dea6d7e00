//! Reliability, end to end: the `dipnews` binary killed, interrupted, run
//! twice at once, fed bad files and bad index folders.
//!
//! No assertion depends on timing. Kills land wherever they land; what is
//! checked is what must hold wherever they land: the index opens, a search
//! answers from the last commit (a whole number of `--commit-every` batches),
//! and the next run finishes with exactly one document per article file.
//! Where a check needs a run to be still going (a second writer, Ctrl-C),
//! the test waits for a commit to appear on disk first, and retries with a
//! bigger folder when the run finished before the check could be made.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::Value;

/// Longest any one command may take before the test calls it a hang.
const HANG: Duration = Duration::from_secs(300);

// ---------------------------------------------------------------------------
// Running the binary

/// A finished command.
#[derive(Debug)]
struct Done {
    #[allow(dead_code)] // shown by Debug when an assertion fails
    args: Vec<String>,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Done {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {self:#?}"))
    }

    /// Exits with `code`; returns stdout parsed as JSON.
    fn expect(&self, code: i32) -> Value {
        assert_eq!(self.code, Some(code), "{self:#?}");
        self.json()
    }

    /// Fails (exit 1) with one line on stderr that contains `want`, no panic.
    fn fails_with(&self, want: &str) {
        assert_eq!(self.code, Some(1), "{self:#?}");
        assert!(!self.stderr.contains("panicked"), "{self:#?}");
        assert_eq!(self.stderr.trim_end().lines().count(), 1, "{self:#?}");
        assert!(
            self.stderr.contains(want),
            "stderr lacks {want:?}: {self:#?}"
        );
    }
}

/// A running command, its output going to files (no pipe to fill up).
struct Proc {
    child: Child,
    args: Vec<String>,
    dir: tempfile::TempDir,
}

fn spawn(index: &Path, args: &[&str]) -> Proc {
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_dipnews"))
        .args(args)
        .env("DIPNEWS_INDEX", index)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(File::create(dir.path().join("out")).unwrap())
        .stderr(File::create(dir.path().join("err")).unwrap())
        .spawn()
        .unwrap();
    Proc {
        child,
        args: args.iter().map(|a| a.to_string()).collect(),
        dir,
    }
}

fn run(index: &Path, args: &[&str]) -> Done {
    spawn(index, args).wait()
}

impl Proc {
    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    fn pid(&self) -> libc::pid_t {
        libc::pid_t::try_from(self.child.id()).unwrap()
    }

    fn signal(&mut self, signal: libc::c_int) {
        if self.running() {
            // SAFETY: kill(2) on our own child, which has not been reaped.
            unsafe { libc::kill(self.pid(), signal) };
        }
    }

    /// Waits for the exit; a command that runs longer than [`HANG`] fails the test.
    fn wait(mut self) -> Done {
        let deadline = Instant::now() + HANG;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("dipnews {:?} hangs", self.args);
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let read = |name: &str| {
            String::from_utf8_lossy(&std::fs::read(self.dir.path().join(name)).unwrap())
                .into_owned()
        };
        Done {
            code: status.code(),
            stdout: read("out"),
            stderr: read("err"),
            args: self.args.clone(),
        }
    }

    /// SIGKILL, then wait.
    fn kill(mut self) -> Done {
        let _ = self.child.kill();
        self.wait()
    }
}

/// Polls `ready` until it holds or `proc` exits; true when it held while `proc` ran.
fn wait_until(proc: &mut Proc, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + HANG;
    while Instant::now() < deadline {
        if !proc.running() {
            return false;
        }
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("dipnews {:?}: condition not reached", proc.args);
}

// ---------------------------------------------------------------------------
// Looking at an index

/// Documents of the last commit, read from `meta.json` (what a reader opening
/// the index now would see); `None` before the index exists.
fn committed(index: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(index.join("meta.json")).ok()?;
    // meta.json is replaced atomically, but be lenient about a torn read anyway.
    let meta: Value = serde_json::from_str(&text).ok()?;
    let docs = meta["segments"]
        .as_array()?
        .iter()
        .map(|s| {
            s["max_doc"].as_u64().unwrap_or(0)
                - s["deletes"]["num_deleted_docs"].as_u64().unwrap_or(0)
        })
        .sum();
    Some(docs)
}

/// The paths a search for everything returns, checked to be each indexed once.
fn indexed_paths(index: &Path) -> Vec<String> {
    let r = run(
        index,
        &["search", "--json", "--limit", "10000", "--sort", "oldest"],
    )
    .expect(0);
    let paths: Vec<String> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(r["total"].as_u64(), Some(paths.len() as u64));
    let unique: BTreeSet<&String> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "a file is indexed twice");
    let mut paths = paths;
    paths.sort();
    paths
}

/// The index (if any) opens, `stats` and `search` agree, and it holds only
/// files of `corpus`, each once. Returns its document count.
fn check_readable(index: &Path, corpus: &Corpus) -> u64 {
    let stats = run(index, &["stats", "--json"]);
    if !index.join("meta.json").exists() {
        stats.fails_with("no dipnews index");
        return 0;
    }
    let docs = stats.expect(0)["documents"].as_u64().unwrap();
    let paths = indexed_paths(index);
    assert_eq!(paths.len() as u64, docs);
    let known: BTreeSet<&String> = corpus.files.iter().collect();
    assert!(paths.iter().all(|p| known.contains(p)), "unknown paths");
    docs
}

/// `index` report counts.
fn counts(report: &Value) -> [u64; 5] {
    ["indexed", "updated", "deleted", "unchanged", "documents"].map(|k| {
        report[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k}: {report}"))
    })
}

// ---------------------------------------------------------------------------
// Generated articles

/// Article templates: the bundled corpus, cut to its first paragraphs.
fn templates() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let Ok(article) = dipnews::article::parse(&text) else {
            continue;
        };
        let header = text.lines().find(|l| !l.trim().is_empty()).unwrap();
        let byline = header.split_whitespace().skip(2).collect::<Vec<_>>();
        let paragraphs: Vec<&str> = article.body.split("\n\n").take(3).collect();
        let title = if article.title_derived {
            String::new()
        } else {
            format!("{}\n\n", article.title)
        };
        out.push((
            byline.join(" "),
            format!("{title}{}", paragraphs.join("\n\n")),
        ));
    }
    assert!(out.len() > 20, "corpus/ has too few articles");
    out
}

/// A folder of `n` small, distinct, dated articles.
struct Corpus {
    dir: tempfile::TempDir,
    root: PathBuf,
    /// Canonical paths of the article files, sorted: what the index stores.
    files: Vec<String>,
}

impl Corpus {
    fn new(n: usize) -> Corpus {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("articles");
        std::fs::create_dir(&root).unwrap();
        let root = root.canonicalize().unwrap();
        let templates = templates();
        let first = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap();
        let mut files = Vec::with_capacity(n);
        for i in 0..n {
            let (byline, body) = &templates[i % templates.len()];
            let date = first + chrono::Duration::days(i as i64 % 9000);
            let folder = root.join(format!("{:02}", i / 500));
            if i % 500 == 0 {
                std::fs::create_dir(&folder).unwrap();
            }
            let path = folder.join(format!("{i:05}.txt"));
            std::fs::write(
                &path,
                format!("date {date} {byline}\n\n{body}\n\nDispatch number {i}.\n"),
            )
            .unwrap();
            files.push(path.to_str().unwrap().to_owned());
        }
        files.sort();
        Corpus { dir, root, files }
    }

    fn root(&self) -> &str {
        self.root.to_str().unwrap()
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }
}

// ---------------------------------------------------------------------------
// Crash, Ctrl-C, concurrency

#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// After this many milliseconds.
    Millis(u64),
    /// As soon as a new commit is on disk.
    NextCommit,
}

/// SIGKILL at several points of successive runs on one index: after each,
/// the index opens and answers from a whole commit; the run that finally
/// completes indexes exactly what was missing, and each file is in the index once.
#[test]
fn sigkill_loses_no_commit_and_duplicates_nothing() {
    const N: u64 = 3000;
    const EVERY: u64 = 300;
    let corpus = Corpus::new(N as usize);
    let index = corpus.index();
    let every = EVERY.to_string();
    let args = ["index", corpus.root(), "--commit-every", &every, "--quiet"];
    let mut before = 0;
    let mut between_commits = 0;
    for at in [
        KillAt::Millis(50),
        KillAt::Millis(300),
        KillAt::NextCommit,
        KillAt::Millis(1000),
        KillAt::NextCommit,
    ] {
        let mut proc = spawn(&index, &args);
        match at {
            KillAt::Millis(ms) => {
                let end = Instant::now() + Duration::from_millis(ms);
                wait_until(&mut proc, || Instant::now() >= end);
            }
            KillAt::NextCommit => {
                wait_until(&mut proc, || committed(&index).unwrap_or(0) > before);
            }
        }
        let was_running = proc.running();
        let done = proc.kill();
        assert!(!done.stderr.contains("panicked"), "{done:#?}");
        let docs = check_readable(&index, &corpus);
        assert!(
            docs >= before,
            "{at:?}: {docs} documents, {before} before the run"
        );
        assert!(
            docs.is_multiple_of(EVERY) || docs == N,
            "{at:?}: {docs} documents is not a whole number of commits"
        );
        if was_running && docs > before && docs < N {
            between_commits += 1;
        }
        before = docs;
    }
    assert!(
        between_commits >= 1,
        "no kill landed between two commits of a run"
    );

    // The stored stamps say exactly which files are done.
    let report = run(&index, &[&args[..], &["--json"]].concat()).expect(0);
    assert_eq!(counts(&report), [N - before, 0, 0, before, N], "{report:#}");
    assert_eq!(report["skipped"], Value::Array(vec![]));
    assert_eq!(indexed_paths(&index), corpus.files);
}

/// Ctrl-C commits what is complete and exits 130 saying so; a second Ctrl-C
/// quits at once; either way the index is whole and the next run finishes.
#[test]
fn ctrl_c_commits_what_is_complete() {
    const N: u64 = 1500;
    let corpus = Corpus::new(N as usize);
    let index = corpus.index();
    let args = [
        "index",
        corpus.root(),
        "--commit-every",
        "100",
        "--quiet",
        "--json",
    ];
    let mut docs = 0;
    for presses in [1, 2] {
        let mut proc = spawn(&index, &args);
        // After a commit the Ctrl-C handler is surely installed.
        let before = docs;
        if !wait_until(&mut proc, || committed(&index).unwrap_or(0) > before) {
            eprintln!("note: indexing finished before Ctrl-C could be sent");
            break;
        }
        for _ in 0..presses {
            proc.signal(libc::SIGINT);
        }
        let done = proc.wait();
        assert!(!done.stderr.contains("panicked"), "{done:#?}");
        match done.code {
            Some(0) => {
                eprintln!("note: indexing finished before Ctrl-C arrived");
                assert_eq!(done.json()["documents"], N);
            }
            Some(130) => {
                // A second Ctrl-C quits at once, without a word.
                if presses == 1 {
                    assert!(done.stderr.contains("interrupted"), "{done:#?}");
                    let report = done.json();
                    assert_eq!(report["interrupted"], true, "{report:#}");
                    let [indexed, _, _, unchanged, documents] = counts(&report);
                    assert_eq!(unchanged, before, "{report:#}");
                    assert_eq!(documents, before + indexed, "{report:#}");
                    assert_eq!(committed(&index), Some(documents));
                }
            }
            _ => panic!("{done:#?}"),
        }
        docs = check_readable(&index, &corpus);
        assert!(docs >= before);
    }
    let report = run(&index, &args).expect(0);
    assert_eq!(counts(&report), [N - docs, 0, 0, docs, N], "{report:#}");
    assert_eq!(indexed_paths(&index), corpus.files);
}

/// While one `index` runs, a second fails at once with one line, and
/// searches answer from the last commit.
#[test]
fn second_writer_fails_at_once_and_readers_see_the_last_commit() {
    for n in [3000, 6000, 12000] {
        let corpus = Corpus::new(n);
        let index = corpus.index();
        let every = 100;
        let mut first = spawn(
            &index,
            &["index", corpus.root(), "--commit-every", "100", "--quiet"],
        );
        let holding = wait_until(&mut first, || {
            index.join(".tantivy-writer.lock").exists() && committed(&index).unwrap_or(0) > 0
        });
        if !holding {
            eprintln!("note: {n} articles were indexed before a second writer could start");
            continue;
        }
        let second = run(&index, &["index", corpus.root(), "--quiet"]);
        let search = run(&index, &["search", "--json", "--limit", "10000"]);
        let stats = run(&index, &["stats", "--json"]);
        let first_still_running = first.running();
        if second.code == Some(0) && !first_still_running {
            eprintln!("note: the first writer finished before the second started; retrying");
            first.wait();
            continue;
        }
        second.fails_with("another dipnews process is writing this index");

        let search = search.expect(0);
        let total = search["total"].as_u64().unwrap();
        assert!(
            total.is_multiple_of(every) || total == n as u64,
            "a search saw {total} documents: not a commit"
        );
        let paths: BTreeSet<&str> = search["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths.len() as u64, total);
        let docs = stats.expect(0)["documents"].as_u64().unwrap();
        assert!(docs.is_multiple_of(every) || docs == n as u64);

        // The writer dies; the second attempt left nothing behind.
        let done = first.kill();
        assert!(!done.stderr.contains("panicked"), "{done:#?}");
        let docs = check_readable(&index, &corpus);
        assert!(docs.is_multiple_of(every) || docs == n as u64);
        return;
    }
    panic!("every run finished before a second writer could be tried");
}

/// Files deleted while a run reads them: each is indexed (read in time) or
/// skipped as unreadable, never an error of the run; the next run removes
/// the ones that were indexed.
#[test]
fn files_deleted_during_a_run() {
    const N: usize = 400;
    let corpus = Corpus::new(N);
    let index = corpus.index();
    let args = [
        "index",
        corpus.root(),
        "--commit-every",
        "25",
        "--quiet",
        "--json",
    ];
    let mut proc = spawn(&index, &args);
    if !wait_until(&mut proc, || committed(&index).unwrap_or(0) > 0) {
        eprintln!("note: indexing finished before files could be deleted");
    }
    let gone: Vec<&String> = corpus.files.iter().skip(1).step_by(2).collect();
    let kept: Vec<&String> = corpus.files.iter().step_by(2).collect();
    for p in &gone {
        std::fs::remove_file(p).unwrap();
    }
    let done = proc.wait();
    let report = match done.code {
        Some(0 | 3) => done.json(),
        _ => panic!("{done:#?}"),
    };
    let skipped = report["skipped"].as_array().unwrap();
    for s in skipped {
        let path = s["path"].as_str().unwrap().to_owned();
        assert!(gone.contains(&&path), "{s}");
        assert!(s["reason"].as_str().unwrap().contains("cannot read"), "{s}");
    }
    let [indexed, ..] = counts(&report);
    assert_eq!(indexed + skipped.len() as u64, N as u64, "{report:#}");
    if skipped.is_empty() {
        eprintln!("note: every deleted file had been read before it was deleted");
    }

    let again = run(&index, &args).expect(0);
    let left = kept.len() as u64;
    assert_eq!(
        counts(&again),
        [0, 0, indexed - left, left, left],
        "{again:#}"
    );
    let want: Vec<String> = kept.into_iter().cloned().collect();
    assert_eq!(indexed_paths(&index), want);
}

// ---------------------------------------------------------------------------
// Bad files

/// How one file of the bad-files folder must come out.
enum Want {
    Indexed,
    Skipped(&'static str),
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Every file of `tests/fixtures/bad/`, plus large and special files made
/// here, is indexed or skipped with its precise reason, and the good
/// articles among them come out right.
#[test]
fn bad_files_are_indexed_or_skipped_with_a_precise_reason() {
    use Want::*;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("bad");
    std::fs::create_dir(&root).unwrap();
    let root = root.canonicalize().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for e in std::fs::read_dir(&fixtures).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), root.join(e.file_name())).unwrap();
    }
    let mut want: BTreeMap<&str, Want> = BTreeMap::from([
        ("empty.txt", Skipped("empty file")),
        ("whitespace_only.txt", Skipped("empty file")),
        (
            "header_only.txt",
            Skipped("line 1: header found but no article text"),
        ),
        (
            "no_header.txt",
            Skipped("line 1: expected header `date YYYY-MM-DD"),
        ),
        (
            "date_feb30.txt",
            Skipped("impossible date 2026-02-30: February 2026 has 28 days"),
        ),
        (
            "date_month13.txt",
            Skipped("impossible date 2026-13-01: month 13 is not 1-12"),
        ),
        (
            "date_year99999.txt",
            Skipped("expected date YYYY-MM-DD, found \"99999-01-01\""),
        ),
        (
            "date_1799.txt",
            Skipped("date 1799-12-31 is outside the supported years 1800-2200"),
        ),
        (
            "date_2201.txt",
            Skipped("date 2201-01-01 is outside the supported years 1800-2200"),
        ),
        ("date_1800.txt", Indexed),
        ("date_2200.txt", Indexed),
        ("binary.txt", Skipped("binary file (NUL byte at offset 32)")),
        ("windows1252.txt", Indexed),
        ("utf16le_bom.txt", Indexed),
        ("crlf.txt", Indexed),
        ("good.txt", Indexed),
    ]);
    let fixture_names: BTreeSet<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(
        fixture_names,
        want.keys().map(|k| k.to_string()).collect(),
        "tests/fixtures/bad/ and this table disagree"
    );

    // 50 MB: over the default --max-size of 10 MiB, skipped unread.
    let big = File::create(root.join("big_50mb.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    want.insert(
        "big_50mb.txt",
        Skipped("file too large: 52428800 bytes, limit 10485760 (use --max-size)"),
    );
    // 1 MB on one line: indexed, its title cut from the first sentence.
    let sentence = "The delegates said the talks in the capital were useful and would go on. ";
    let line = sentence.repeat(1_000_000 / sentence.len() + 1);
    std::fs::write(
        root.join("one_line_1mb.txt"),
        format!("date 2026-03-01 Published by Long Liner\n\n{line}"),
    )
    .unwrap();
    want.insert("one_line_1mb.txt", Indexed);
    // A folder named like an article holds an article; the folder is no error.
    std::fs::create_dir(root.join("folder.txt")).unwrap();
    std::fs::copy(root.join("good.txt"), root.join("folder.txt/inner.txt")).unwrap();
    want.insert("folder.txt/inner.txt", Indexed);
    // A loop: with --follow-links a link back to the root is reported, once.
    std::os::unix::fs::symlink("..", root.join("folder.txt/back")).unwrap();
    want.insert("folder.txt/back", Skipped("symbolic link loop"));
    // A link to a file that is gone, as if deleted between listing and reading.
    std::os::unix::fs::symlink("deleted.txt", root.join("dangling.txt")).unwrap();
    want.insert("dangling.txt", Skipped("No such file or directory"));
    // A link to an article: followed, it is the same file, indexed once.
    std::os::unix::fs::symlink("good.txt", root.join("alias.txt")).unwrap();
    // Unreadable: root reads anything, so only for other users.
    if is_root() {
        eprintln!("note: running as root; the unreadable-file case is skipped");
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::copy(root.join("good.txt"), root.join("unreadable.txt")).unwrap();
        std::fs::set_permissions(
            root.join("unreadable.txt"),
            std::fs::Permissions::from_mode(0o000),
        )
        .unwrap();
        want.insert("unreadable.txt", Skipped("cannot read: Permission denied"));
    }

    let index = dir.path().join("index");
    let root_str = root.to_str().unwrap();
    let report = run(
        &index,
        &["index", root_str, "--follow-links", "--json", "--quiet"],
    )
    .expect(3);
    let rel = |p: &str| {
        p.strip_prefix(root_str)
            .unwrap()
            .trim_start_matches('/')
            .to_owned()
    };
    let skipped: BTreeMap<String, String> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                rel(s["path"].as_str().unwrap()),
                s["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let indexed: BTreeSet<String> = indexed_paths(&index).iter().map(|p| rel(p)).collect();
    for (name, want) in &want {
        match want {
            Indexed => assert!(
                indexed.contains(*name) && !skipped.contains_key(*name),
                "{name} should be indexed: {report:#}"
            ),
            Skipped(phrase) => {
                let reason = skipped
                    .get(*name)
                    .unwrap_or_else(|| panic!("{name} should be skipped: {report:#}"));
                assert!(
                    reason.contains(phrase),
                    "{name}: {reason:?} lacks {phrase:?}"
                );
                assert!(!indexed.contains(*name), "{name} is indexed");
            }
        }
    }
    let wanted_indexed: BTreeSet<String> = want
        .iter()
        .filter(|(_, w)| matches!(w, Indexed))
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(indexed, wanted_indexed, "{report:#}");
    assert_eq!(
        skipped.len(),
        want.len() - wanted_indexed.len(),
        "{report:#}"
    );
    assert_eq!(counts(&report)[4], wanted_indexed.len() as u64);
    let warnings: Vec<(String, &str)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                rel(w["path"].as_str().unwrap()),
                w["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(warnings.len(), 1, "{report:#}");
    assert_eq!(warnings[0].0, "windows1252.txt");
    assert!(warnings[0].1.contains("Windows-1252"));

    // The good articles come out right, whatever their encoding or line ends.
    let show = |name: &str| {
        run(
            &index,
            &["show", &root.join(name).to_string_lossy(), "--json"],
        )
        .expect(0)
    };
    for (name, date, author, title) in [
        (
            "good.txt",
            "2026-02-08",
            "Ben Cole",
            "Oman hosts new round of talks",
        ),
        (
            "folder.txt/inner.txt",
            "2026-02-08",
            "Ben Cole",
            "Oman hosts new round of talks",
        ),
        (
            "crlf.txt",
            "2026-02-07",
            "Carla Ortiz",
            "Oman hosts new round of talks",
        ),
        (
            "utf16le_bom.txt",
            "2026-02-06",
            "Zoë Çelik",
            "Oman hosts new round of talks",
        ),
        (
            "windows1252.txt",
            "2026-02-05",
            "José Núñez",
            "Café diplomacy in Lisbon",
        ),
        (
            "date_1800.txt",
            "1800-01-01",
            "Old Chronicler",
            "Oman hosts new round of talks",
        ),
        (
            "date_2200.txt",
            "2200-12-31",
            "Future Writer",
            "Oman hosts new round of talks",
        ),
    ] {
        let a = show(name);
        assert_eq!(
            (
                a["date"].as_str(),
                a["author"].as_str(),
                a["title"].as_str()
            ),
            (Some(date), Some(author), Some(title)),
            "{name}: {a:#}"
        );
        assert!(!a["body"].as_str().unwrap().contains('\r'), "{name}");
    }
    let a = show("good.txt");
    for country in ["Iran", "Oman", "United States"] {
        assert!(
            a["countries"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == country),
            "good.txt lacks {country}: {a:#}"
        );
    }
    let a = show("one_line_1mb.txt");
    assert_eq!(
        a["title"],
        "The delegates said the talks in the capital were useful and would go on"
    );
    assert!(a["body"].as_str().unwrap().len() > 1_000_000);
    // Dates far apart still filter and sort.
    let old = run(&index, &["search", "--to", "1900", "--json"]).expect(0);
    assert_eq!(old["total"], 1);
    let newest = run(&index, &["search", "--json", "--limit", "1"]).expect(0);
    assert_eq!(newest["hits"][0]["date"], "2200-12-31");

    // Without --follow-links no link is followed, and nothing else changes.
    let again = run(&index, &["index", root_str, "--json", "--quiet"]).expect(3);
    let docs = wanted_indexed.len() as u64;
    assert_eq!(counts(&again), [0, 0, 0, docs, docs], "{again:#}");
    for name in ["alias.txt", "dangling.txt"] {
        assert!(
            again["skipped"].as_array().unwrap().iter().any(|s| {
                s["path"].as_str().unwrap().ends_with(name)
                    && s["reason"].as_str().unwrap().contains("not followed")
            }),
            "{name}: {again:#}"
        );
    }
}

/// A file that makes the parser or an extractor panic costs that file, not
/// the run. A no-break space before the word that ends a first sentence did
/// (`article::first_sentence` sliced inside the character); once that is
/// fixed the file is simply indexed, and this test still holds.
#[test]
fn a_file_that_trips_a_bug_costs_only_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    std::fs::create_dir(&root).unwrap();
    let root = root.canonicalize().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for name in ["good.txt", "crlf.txt"] {
        std::fs::copy(fixtures.join(name), root.join(name)).unwrap();
    }
    std::fs::write(
        root.join("nbsp.txt"),
        "date 2026-02-04 Published by Ana Ruiz\n\nTalks resumed on\u{a0}Monday. Then they stopped.\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    let done = run(
        &index,
        &["index", root.to_str().unwrap(), "--json", "--quiet"],
    );
    let report = match done.code {
        Some(0 | 3) => done.json(),
        _ => panic!("{done:#?}"),
    };
    let nbsp = root.join("nbsp.txt").to_str().unwrap().to_owned();
    match report["skipped"].as_array().unwrap().as_slice() {
        [] => assert_eq!(report["indexed"], 3, "{report:#}"),
        [s] => {
            assert_eq!(s["path"], nbsp.as_str());
            assert!(
                s["reason"].as_str().unwrap().starts_with("internal error"),
                "{s}"
            );
            assert_eq!(report["indexed"], 2, "{report:#}");
        }
        _ => panic!("{report:#}"),
    }
    let paths = indexed_paths(&index);
    for name in ["good.txt", "crlf.txt"] {
        assert!(paths.contains(&root.join(name).to_str().unwrap().to_owned()));
    }
}

// ---------------------------------------------------------------------------
// Bad index folders

/// A copy of the bundled corpus and a real index of it.
struct Indexed {
    dir: tempfile::TempDir,
    corpus: PathBuf,
    index: PathBuf,
    documents: u64,
}

impl Indexed {
    fn new() -> Indexed {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
        files.sort();
        // A few are enough, and keep each rebuild quick.
        for f in files.iter().take(12) {
            std::fs::copy(f, corpus.join(f.file_name().unwrap())).unwrap();
        }
        let index = dir.path().join("index");
        let report = run(
            &index,
            &["index", corpus.to_str().unwrap(), "--json", "--quiet"],
        )
        .expect(0);
        let documents = report["documents"].as_u64().unwrap();
        assert!(documents >= 10, "{report:#}");
        Indexed {
            dir,
            corpus,
            index,
            documents,
        }
    }

    /// A fresh copy of the index folder.
    fn copy(&self, name: &str) -> PathBuf {
        let to = self.dir.path().join(name);
        std::fs::create_dir(&to).unwrap();
        for e in std::fs::read_dir(&self.index).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
        to
    }

    fn files(index: &Path, ext: &str) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == ext))
            .collect();
        v.sort();
        v
    }

    /// Every reading command fails with one line naming `want`; so does an
    /// incremental `index`.
    fn all_fail(&self, index: &Path, want: &str) {
        let corpus = self.corpus.to_str().unwrap();
        for args in [
            &["search", "talks", "--json"][..],
            &[
                "search",
                "--country",
                "Iran",
                "--topic",
                "security",
                "--json",
            ],
            &["stats", "--json"],
            &["index", corpus, "--quiet"],
        ] {
            run(index, args).fails_with(want);
        }
    }

    /// `index --full` rebuilds it: every article once, searches answer.
    fn full_recovers(&self, index: &Path) {
        let corpus = self.corpus.to_str().unwrap();
        let report = run(index, &["index", corpus, "--full", "--json", "--quiet"]).expect(0);
        assert_eq!(report["documents"], self.documents, "{report:#}");
        assert_eq!(indexed_paths(index).len() as u64, self.documents);
        let r = run(index, &["search", "talks", "--json"]).expect(0);
        assert!(r["total"].as_u64().unwrap() > 0);
    }
}

/// Not an index, empty, a file, damaged files, another schema version: one
/// clear line and exit 1, never a panic; `index --full` rebuilds what is an
/// index and never touches what is not.
#[test]
fn bad_index_folders_fail_clearly_and_full_recovers() {
    let base = Indexed::new();
    let corpus = base.corpus.to_str().unwrap();

    // A folder of something else: refused, and left as it was.
    let other = base.dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "my notes").unwrap();
    for args in [&["search", "talks"][..], &["stats"]] {
        run(&other, args).fails_with("no dipnews index here");
    }
    for args in [
        &["index", corpus, "--quiet"][..],
        &["index", corpus, "--full"],
    ] {
        run(&other, args).fails_with("folder is not empty and holds no index");
    }
    let names: Vec<_> = std::fs::read_dir(&other).unwrap().collect();
    assert_eq!(names.len(), 1);
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "my notes"
    );

    // An empty folder: no index yet; `index` makes one there.
    let empty = base.dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    run(&empty, &["search", "talks"]).fails_with("no dipnews index here");
    run(&empty, &["show", "x.txt"]).fails_with("no dipnews index here");
    let r = run(&empty, &["index", corpus, "--json", "--quiet"]).expect(0);
    assert_eq!(r["documents"], base.documents);

    // A file where the folder should be: refused, and left as it was.
    let file = base.dir.path().join("file");
    std::fs::write(&file, "not a folder").unwrap();
    base.all_fail(&file, "index path is a file, not a folder");
    run(&file, &["index", corpus, "--full"]).fails_with("index path is a file, not a folder");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");

    // Truncated, emptied or missing segment files: each kind of file once.
    for (ext, how) in [
        ("idx", "half"),
        ("term", "empty"),
        ("store", "half"),
        ("pos", "missing"),
        ("fast", "empty"),
        ("fieldnorm", "missing"),
    ] {
        let index = base.copy(&format!("{ext}-{how}"));
        let files = Indexed::files(&index, ext);
        assert!(!files.is_empty(), "no .{ext} file in {}", index.display());
        let f = &files[0];
        match how {
            "half" => {
                let len = std::fs::metadata(f).unwrap().len();
                File::options()
                    .write(true)
                    .open(f)
                    .unwrap()
                    .set_len(len / 2)
                    .unwrap();
            }
            "empty" => File::create(f).map(drop).unwrap(),
            _ => std::fs::remove_file(f).unwrap(),
        }
        base.all_fail(&index, "index is damaged");
        run(&index, &["search", "talks"]).fails_with("--full");
        base.full_recovers(&index);
    }

    // meta.json: garbage, cut short, from another program, from a newer dipnews.
    type Edit = fn(&str) -> String;
    let edits: [(&str, Edit, &str); 4] = [
        ("garbage", |_| "not json {{{".to_owned(), "index is damaged"),
        ("cut", |m| m[..m.len() / 2].to_owned(), "index is damaged"),
        (
            "foreign",
            |m| {
                let mut v: Value = serde_json::from_str(m).unwrap();
                v.as_object_mut().unwrap().remove("payload");
                v.to_string()
            },
            "not written by dipnews",
        ),
        (
            "newer",
            |m| {
                let mut v: Value = serde_json::from_str(m).unwrap();
                v["payload"] = r#"{"dipnews_schema":999,"dipnews_version":"9.0.0"}"#.into();
                v.to_string()
            },
            "index has schema version 999",
        ),
    ];
    for (name, edit, want) in edits {
        let index = base.copy(&format!("meta-{name}"));
        let meta = index.join("meta.json");
        let text = std::fs::read_to_string(&meta).unwrap();
        std::fs::write(&meta, edit(&text)).unwrap();
        base.all_fail(&index, want);
        run(&index, &["search", "talks"]).fails_with("--full");
        base.full_recovers(&index);
    }

    // An index created and killed before its first commit: simply empty.
    let fresh = base.dir.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    let meta = std::fs::read_to_string(base.index.join("meta.json")).unwrap();
    let mut v: Value = serde_json::from_str(&meta).unwrap();
    v["segments"] = Value::Array(vec![]);
    v.as_object_mut().unwrap().remove("payload");
    std::fs::write(fresh.join("meta.json"), v.to_string()).unwrap();
    std::fs::write(fresh.join(".tantivy-writer.lock"), "").unwrap();
    let r = run(&fresh, &["search", "--json"]).expect(0);
    assert_eq!(r["total"], 0);
    let r = run(&fresh, &["index", corpus, "--json", "--quiet"]).expect(0);
    assert_eq!(r["documents"], base.documents);
    // ... or killed before meta.json was written: tantivy's leftovers only.
    let leftovers = base.dir.path().join("leftovers");
    std::fs::create_dir(&leftovers).unwrap();
    for name in [".tantivy-writer.lock", ".tantivy-meta.lock", ".tmpAbC123"] {
        std::fs::write(leftovers.join(name), "").unwrap();
    }
    run(&leftovers, &["search"]).fails_with("no dipnews index here");
    let r = run(&leftovers, &["index", corpus, "--json", "--quiet"]).expect(0);
    assert_eq!(r["documents"], base.documents);
}

/// Bytes flipped inside segment files (damage no footer check sees): a
/// search or `stats` answers or fails with one line, never a panic, and
/// `index --full` rebuilds. Today tantivy panics on some of these
/// (`facet_collector.rs: index out of bounds`, `postings/compression/vint.rs`),
/// and only `src/main.rs` can catch that: it needs a panic boundary.
#[test]

fn flipped_bytes_never_panic() {
    let base = Indexed::new();
    for ext in ["idx", "term", "store", "pos", "fast", "fieldnorm"] {
        for k in [2u64, 4, 6] {
            let index = base.copy(&format!("{ext}-flip-{k}"));
            let f = &Indexed::files(&index, ext)[0];
            let mut bytes = std::fs::read(f).unwrap();
            let at = (bytes.len() as u64 * k / 8) as usize;
            let end = (at + 16).min(bytes.len());
            for b in &mut bytes[at..end] {
                *b ^= 0xA5;
            }
            std::fs::write(f, bytes).unwrap();
            for args in [
                &["search", "talks", "--json"][..],
                &["search", "--country", "Iran", "--json", "--limit", "100"],
                &["stats", "--json"],
            ] {
                let done = run(&index, args);
                assert!(matches!(done.code, Some(0 | 1)), "{ext} at {at}: {done:#?}");
                assert!(
                    !done.stderr.contains("panicked"),
                    "{ext} at {at}: {done:#?}"
                );
                if done.code == Some(1) {
                    assert_eq!(done.stderr.trim_end().lines().count(), 1, "{done:#?}");
                }
            }
            base.full_recovers(&index);
        }
    }
}
