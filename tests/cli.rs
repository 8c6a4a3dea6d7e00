//! End-to-end tests: the `dipnews` binary on a temporary copy of `corpus/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Env {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    index: PathBuf,
}

impl Env {
    /// A temporary copy of the bundled corpus and an index path beside it.
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for entry in
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).unwrap()
        {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "txt") {
                std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
            }
        }
        let index = dir.path().join("index");
        Env {
            _dir: dir,
            corpus,
            index,
        }
    }

    fn articles(&self) -> usize {
        std::fs::read_dir(&self.corpus).unwrap().count()
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dipnews"))
            .args(args)
            .env("DIPNEWS_INDEX", &self.index)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }

    /// Runs and parses stdout as one JSON value; shows stderr on failure.
    fn json(&self, args: &[&str], code: i32) -> Value {
        let out = self.run(args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(code),
            "dipnews {args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
    }

    fn index(&self, code: i32) -> Value {
        let corpus = self.corpus.to_str().unwrap();
        self.json(&["index", corpus, "--json", "--quiet"], code)
    }

    /// Fails with one line on stderr naming `want`.
    fn fails(&self, args: &[&str], want: &str) {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "dipnews {args:?} succeeded");
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "dipnews {args:?}: {stderr}"
        );
        assert!(
            stderr.contains(want),
            "dipnews {args:?}: {stderr:?} lacks {want:?}"
        );
    }
}

fn counts(report: &Value) -> [u64; 4] {
    ["indexed", "updated", "deleted", "unchanged"].map(|k| report[k].as_u64().unwrap())
}

#[test]
fn incremental_index_lifecycle() {
    let env = Env::new();
    let n = env.articles() as u64;
    let first = env.index(0);
    assert_eq!(counts(&first), [n, 0, 0, 0], "{first:#}");
    assert_eq!(first["skipped"], Value::Array(vec![]));
    assert_eq!(first["documents"], n);

    let again = env.index(0);
    assert_eq!(counts(&again), [0, 0, 0, n]);

    let sample = env.corpus.join("000_e01270f4380b6882.txt");
    let mut text = std::fs::read_to_string(&sample).unwrap();
    text.push_str("\n\nA new closing paragraph about the sanctions talks.\n");
    std::fs::write(&sample, text).unwrap();
    let gone = std::fs::read_dir(&env.corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p != &sample)
        .unwrap();
    std::fs::remove_file(&gone).unwrap();
    let changed = env.index(0);
    assert_eq!(counts(&changed), [0, 1, 1, n - 2], "{changed:#}");
    assert_eq!(changed["documents"], n - 1);

    // Broken files are skipped with their reason; the rest stays indexed.
    let broken: &[(&str, &[u8], &str)] = &[
        ("empty.txt", b"", "empty file"),
        (
            "noheader.txt",
            b"Just some text.\n\nMore.",
            "expected header",
        ),
        (
            "baddate.txt",
            b"date 2026-02-30 Published by X\n\nText.",
            "February 2026 has 28 days",
        ),
        ("binary.txt", b"date\x00\x01\x02", "binary file"),
        (
            "headeronly.txt",
            b"date 2026-02-04 Published by X\n",
            "no article text",
        ),
    ];
    for (name, bytes, _) in broken {
        std::fs::write(env.corpus.join(name), bytes).unwrap();
    }
    std::fs::write(env.corpus.join("cp1252.txt"), b"date 2026-02-04 Published by Jos\xe9 Ruiz\n\nThe minister said \x93yes\x94 in Caf\xe9 talks.").unwrap();
    let report = env.index(3);
    assert_eq!(counts(&report), [1, 0, 0, n - 1], "{report:#}");
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), broken.len(), "{report:#}");
    for (name, _, reason) in broken {
        let s = skipped
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .unwrap();
        assert!(
            s["reason"].as_str().unwrap().contains(reason),
            "{name}: {s}"
        );
    }
    assert!(report["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Windows-1252"));

    let stats = env.json(&["stats", "--json"], 0);
    assert_eq!(stats["documents"], n);
    for key in [
        "first_date",
        "last_date",
        "people",
        "countries",
        "topics",
        "authors",
        "bytes_on_disk",
    ] {
        assert!(!stats[key].is_null(), "stats lacks {key}");
    }
}

#[test]
fn full_rebuild_gives_same_documents() {
    let env = Env::new();
    env.index(0);
    let before = env.json(
        &["search", "--json", "--limit", "1000", "--sort", "oldest"],
        0,
    );
    let corpus = env.corpus.to_str().unwrap();
    let rebuilt = env.json(&["index", corpus, "--full", "--json", "--quiet"], 0);
    assert_eq!(rebuilt["indexed"], env.articles() as u64);
    let after = env.json(
        &["search", "--json", "--limit", "1000", "--sort", "oldest"],
        0,
    );
    let strip = |v: &Value| -> Vec<Value> {
        let mut hits = v["hits"].as_array().unwrap().clone();
        hits.sort_by_key(|h| h["path"].as_str().unwrap().to_owned());
        hits
    };
    assert_eq!(strip(&before), strip(&after));
}

/// Facet counts equal a brute-force count over what `extract` finds.
#[test]
fn search_filters_and_facets_match_brute_force() {
    let env = Env::new();
    env.index(0);
    let out = env.run(&["extract", env.corpus.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let docs: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), env.articles());
    let has = |d: &Value, key: &str, v: &str| d[key].as_array().unwrap().iter().any(|x| x == v);

    let iran: Vec<&Value> = docs
        .iter()
        .filter(|d| has(d, "countries", "Iran"))
        .collect();
    assert!(!iran.is_empty());
    for spelling in ["Iran", "iranian", "IR", "IRN", "Islamic Republic of Iran"] {
        let r = env.json(
            &["search", "--country", spelling, "--json", "--limit", "1000"],
            0,
        );
        assert_eq!(r["total"], iran.len(), "--country {spelling}");
    }
    let r = env.json(
        &["search", "--country", "Iran", "--json", "--facets", "1000"],
        0,
    );
    let mut brute: BTreeMap<String, u64> = BTreeMap::new();
    for d in &iran {
        for c in d["countries"].as_array().unwrap() {
            *brute.entry(c.as_str().unwrap().to_owned()).or_default() += 1;
        }
    }
    let facets: BTreeMap<String, u64> = r["facets"]["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap().to_owned(),
                f["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(facets, brute);

    // Repeated flags: all must hold; comma: any.
    let both = docs
        .iter()
        .filter(|d| has(d, "countries", "Iran") && has(d, "countries", "United States"))
        .count();
    let r = env.json(
        &["search", "--country", "Iran", "--country", "US", "--json"],
        0,
    );
    assert_eq!(r["total"], both);
    let either = docs
        .iter()
        .filter(|d| has(d, "countries", "Iran") || has(d, "countries", "Iraq"))
        .count();
    let r = env.json(&["search", "--country", "Iran,Iraq", "--json"], 0);
    assert_eq!(r["total"], either);

    // Person by one token, any case, no accents.
    let trump = docs
        .iter()
        .filter(|d| has(d, "people", "Donald Trump"))
        .count();
    assert!(trump > 0);
    assert_eq!(
        env.json(&["search", "--person", "TRUMP", "--json"], 0)["total"],
        trump
    );
    assert_eq!(
        env.json(&["search", "--person", "Donald Trump", "--json"], 0)["total"],
        trump
    );
    let erdogan = docs
        .iter()
        .filter(|d| has(d, "people", "Recep Tayyip Erdoğan"))
        .count();
    assert_eq!(
        env.json(&["search", "--person", "erdogan", "--json"], 0)["total"],
        erdogan
    );

    // Topics: leaf and subtree.
    let nuclear = docs
        .iter()
        .filter(|d| has(d, "topics", "security/nuclear"))
        .count();
    assert_eq!(
        env.json(&["search", "--topic", "nuclear", "--json"], 0)["total"],
        nuclear
    );
    let security = docs
        .iter()
        .filter(|d| {
            d["topics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t.as_str().unwrap().starts_with("security/"))
        })
        .count();
    assert_eq!(
        env.json(&["search", "--topic", "security", "--json"], 0)["total"],
        security
    );

    // Author ignores case.
    let author = docs[0]["author"].as_str().unwrap();
    let by_author = docs.iter().filter(|d| d["author"] == author).count();
    assert_eq!(
        env.json(&["search", "--author", &author.to_uppercase(), "--json"], 0)["total"],
        by_author
    );
}

#[test]
fn dates_sorting_paging_histogram_snippets() {
    let env = Env::new();
    env.index(0);
    let all = env.json(
        &["search", "--json", "--limit", "1000", "--sort", "oldest"],
        0,
    );
    let dates: Vec<String> = all["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    let newest = env.json(&["search", "--json", "--limit", "3"], 0);
    assert_eq!(
        newest["hits"][0]["date"].as_str().unwrap(),
        dates.last().unwrap()
    );
    let page = env.json(
        &[
            "search", "--json", "--limit", "2", "--offset", "1", "--sort", "oldest",
        ],
        0,
    );
    assert_eq!(page["hits"][0]["date"].as_str().unwrap(), dates[1]);

    // An article dated exactly on --to is in; the day after is out.
    let edge = &dates[dates.len() / 2];
    let on = dates.iter().filter(|d| *d <= edge).count();
    assert_eq!(
        env.json(&["search", "--to", edge, "--json"], 0)["total"],
        on
    );
    let from = dates.iter().filter(|d| *d >= edge).count();
    assert_eq!(
        env.json(&["search", "--from", edge, "--json"], 0)["total"],
        from
    );
    let month = &edge[..7];
    let in_month = dates.iter().filter(|d| d.starts_with(month)).count();
    let r = env.json(
        &[
            "search",
            "--from",
            month,
            "--to",
            month,
            "--json",
            "--histogram",
            "day",
        ],
        0,
    );
    assert_eq!(r["total"], in_month);
    let hist_total: u64 = r["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(hist_total as usize, in_month);

    let years = env.json(&["search", "--json", "--histogram", "year"], 0);
    let first_year = &dates[0][..4];
    assert_eq!(years["histogram"][0]["key"], first_year);

    // Snippets highlight the query term.
    let r = env.json(&["search", "negotiating", "--json"], 0);
    assert!(r["total"].as_u64().unwrap() >= 1);
    let hit = &r["hits"][0];
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<b>negotiating</b>"),
        "{hit:#}"
    );
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    for key in [
        "path",
        "date",
        "author",
        "title",
        "score",
        "snippet",
        "people",
        "countries",
        "topics",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}");
    }
}

#[test]
fn bad_input_fails_with_one_line() {
    let env = Env::new();
    env.fails(&["search", "--country", "Iran"], "no dipnews index");
    env.index(0);
    env.fails(&["search", "--from", "2026-02-30"], "invalid date");
    env.fails(
        &["search", "--from", "2026-03", "--to", "2026-02"],
        "is after",
    );
    env.fails(
        &["search", "--country", "Narnia"],
        "unknown country \"Narnia\"; did you mean",
    );
    env.fails(&["search", "title:(unclosed"], "invalid query");
    env.fails(&["search", "--limit", "10001"], "too large");
    env.fails(&["search", "--topic", "sport"], "unknown topic");
    env.fails(
        &["search", "--index", "/nonexistent/dipnews"],
        "no dipnews index",
    );
    let out = env.run(&["search", "--sort", "sideways"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn schema_version_mismatch_names_full() {
    let env = Env::new();
    env.index(0);
    let meta = env.index.join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["payload"] = Value::String(r#"{"dipnews_schema":999,"dipnews_version":"9"}"#.into());
    std::fs::write(&meta, v.to_string()).unwrap();
    env.fails(&["search", "--country", "Iran"], "--full");
    let corpus = env.corpus.to_str().unwrap();
    let r = env.json(&["index", corpus, "--full", "--json", "--quiet"], 0);
    assert_eq!(r["indexed"], env.articles() as u64);
}

#[test]
fn show_extract_and_completions() {
    let env = Env::new();
    env.index(0);
    let sample = env.corpus.join("000_e01270f4380b6882.txt");
    let show = env.json(&["show", sample.to_str().unwrap(), "--json"], 0);
    assert_eq!(show["date"], "2026-02-04");
    assert_eq!(show["published"], "2026-02-03");
    assert_eq!(show["author"], "Luis Francisco Orozco");
    assert!(show["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["speaker"] == "Donald Trump"));
    let out = env.run(&["extract", sample.to_str().unwrap(), "--json"]);
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "path",
        "date",
        "published",
        "author",
        "title",
        "people",
        "countries",
        "topics",
        "quotes",
        "people_detail",
    ] {
        assert!(line.get(key).is_some(), "extract lacks {key}");
    }
    let human = env.run(&["search", "--country", "Iran"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("matching article(s)")
            && text.contains("countries:")
            && text.contains("timeline"),
        "{text}"
    );
    for shell in ["bash", "zsh", "fish"] {
        let out = env.run(&["completions", shell]);
        assert!(out.status.success() && out.stdout.len() > 500, "{shell}");
    }
}
