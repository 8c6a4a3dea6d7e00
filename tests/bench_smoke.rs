//! Keeps the corpus generator and the benchmark harness from rotting: both
//! run here at a tiny scale, in process (no child processes, no ripgrep).

#[allow(dead_code)]
#[path = "../examples/bench.rs"]
mod bench;

use bench::gen;

fn vocab(seed: u64) -> gen::Vocab {
    gen::load_vocab(&gen::default_data_dir(), seed).expect("data tables")
}

#[test]
fn generator_is_deterministic_realistic_and_about_one_percent_broken() {
    let v = vocab(7);
    assert!(v.countries.len() > 150, "{} countries", v.countries.len());
    assert!(v.people.len() > 100, "{} people", v.people.len());
    assert!(v.markov.is_some(), "prose is learnt from corpus/");

    let n = 3000;
    let mut broken = 0;
    let mut unparseable = 0;
    let mut parsed_broken = 0;
    let mut bytes = 0;
    let mut first: Vec<Vec<u8>> = Vec::new();
    let mut years = std::collections::BTreeSet::new();
    gen::generate_with(&v, n, 7, |i, b, meta| {
        bytes += b.len();
        if i < 20 {
            first.push(b.to_vec());
        }
        let parsed = dipnews::article::parse_bytes(b);
        match meta.broken {
            None => {
                let (a, warning) = parsed.unwrap_or_else(|e| panic!("article {i}: {e}"));
                assert!(warning.is_none(), "article {i}");
                assert_eq!(a.date, meta.date);
                assert!(!a.title_derived, "article {i} has a title line");
                assert!(
                    (1500..7000).contains(&b.len()),
                    "article {i}: {} bytes",
                    b.len()
                );
                years.insert(chrono::Datelike::year(&a.date));
            }
            Some(kind) => {
                broken += 1;
                if kind.unparseable() {
                    unparseable += 1;
                    assert!(parsed.is_err(), "article {i} ({kind:?}) should not parse");
                } else {
                    let (_, warning) = parsed.unwrap_or_else(|e| panic!("article {i}: {e}"));
                    assert!(
                        warning.is_some(),
                        "article {i}: Windows-1252 without a warning"
                    );
                    parsed_broken += 1;
                }
            }
        }
    });
    // 1% expected: 30 of 3000; allow the binomial spread.
    assert!((12..=50).contains(&broken), "{broken} broken of {n}");
    assert!(
        unparseable > 0 && parsed_broken > 0,
        "{unparseable} / {parsed_broken}"
    );
    assert_eq!(years.len(), 10, "dates over ten years: {years:?}");
    let mb_per_article = bytes as f64 / n as f64;
    assert!(
        (2000.0..6000.0).contains(&mb_per_article),
        "{mb_per_article} bytes per article"
    );

    // Same seed, same bytes; another seed, other bytes.
    let mut again = Vec::new();
    gen::generate_with(&v, 20, 7, |_, b, _| again.push(b.to_vec()));
    assert_eq!(first, again);
    let mut other = Vec::new();
    gen::generate_with(&vocab(8), 20, 8, |_, b, _| other.push(b.to_vec()));
    assert_ne!(first, other);
}

#[test]
fn generated_articles_name_people_and_countries() {
    let v = vocab(3);
    let mut people = 0;
    let mut countries = 0;
    let mut articles = 0;
    gen::generate_with(&v, 40, 3, |_, b, meta| {
        if meta.broken.is_some() {
            return;
        }
        let (a, _) = dipnews::article::parse_bytes(b).expect("parses");
        let e = dipnews::extract::extract(&a);
        articles += 1;
        people += usize::from(!e.people.is_empty());
        countries += usize::from(!e.countries.is_empty());
    });
    assert!(
        people * 10 >= articles * 8,
        "{people} of {articles} with people"
    );
    assert!(
        countries * 10 >= articles * 9,
        "{countries} of {articles} with countries"
    );
}

#[test]
fn generator_writes_folders_and_reuses_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    let v = vocab(5);
    let (s, generated) = gen::ensure(&v, &dir, 1500, 5, 2).unwrap();
    assert!(generated);
    assert_eq!(s.count, 1500);
    assert!(gen::article_path(&dir, 0).is_file());
    assert!(gen::article_path(&dir, 1499).is_file());
    assert!(dir.join("0001").is_dir() && !dir.join("0002").exists());
    assert!(s.line(&dir).starts_with("generated 1500 articles"));
    let (again, generated) = gen::ensure(&v, &dir, 1500, 5, 2).unwrap();
    assert!(!generated);
    assert_eq!(again.bytes, s.bytes);
    // Another count replaces what the generator wrote.
    let (smaller, generated) = gen::ensure(&v, &dir, 10, 5, 1).unwrap();
    assert!(generated && smaller.count == 10);
    assert!(!dir.join("0001").exists());
    // A folder with someone else's files is left alone.
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    assert!(gen::ensure(&v, &foreign, 10, 5, 1).is_err());
    assert!(foreign.join("notes.txt").is_file());
}

#[test]
fn harness_measures_everything_at_tiny_scale() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cfg = bench::Config::new(120);
    cfg.seed = 11;
    cfg.dir = Some(tmp.path().join("corpus"));
    cfg.work = Some(tmp.path().join("work"));
    cfg.runs = 1;
    cfg.queries = 15;
    cfg.cli_runs = 0;
    cfg.extract_mb = 1;
    cfg.in_process = true;
    let report = bench::run(&cfg).unwrap();

    assert_eq!(report.corpus.count, 120);
    let engines: Vec<&str> = report.ingest.iter().map(|i| i.engine.as_str()).collect();
    assert_eq!(engines, ["dipnews", "tantivy", "fts5", "fts5x"]);
    let good = 120 - report.corpus.unparseable as u64;
    for i in &report.ingest {
        assert_eq!(i.articles, good, "{}", i.engine);
        assert!(
            i.seconds > 0.0 && i.articles_per_second > 0.0 && i.mb_per_second > 0.0,
            "{i:?}"
        );
        assert!(
            i.index_mb > 0.0
                && i.index_ratio > 0.0
                && i.peak_rss_mib > 0.0
                && i.peak_anon_mib > 0.0,
            "{i:?}"
        );
    }

    let x = report.reindex.as_ref().expect("re-index measured");
    assert!(
        x.unchanged_seconds > 0.0 && x.changed_seconds > 0.0,
        "{x:?}"
    );
    assert_eq!(x.unchanged_articles, good);
    assert_eq!(x.changed_files, 1);

    let kinds: Vec<&str> = report.queries.iter().map(|q| q.kind.as_str()).collect();
    assert_eq!(kinds, bench::KINDS);
    for q in &report.queries {
        for (engine, l) in [("dipnews", &q.dipnews), ("fts5", &q.fts5)] {
            let l = l.as_ref().unwrap_or_else(|| panic!("{} {engine}", q.kind));
            assert_eq!(l.queries, 15);
            assert!(
                l.p50_ms > 0.0 && l.p99_ms >= l.p50_ms,
                "{} {engine}: {l:?}",
                q.kind
            );
        }
    }
    // Entity queries are drawn from what is there, so they match something;
    // the engines agree on countries, and nearly on people (dipnews matches a
    // name as a phrase of its words, FTS5 the exact name).
    for q in &report.queries[1..] {
        let (d, f) = (q.dipnews.as_ref().unwrap(), q.fts5.as_ref().unwrap());
        assert!(d.mean_total >= 1.0, "{}: {d:?}", q.kind);
        assert!(
            d.mean_total >= f.mean_total && d.mean_total <= f.mean_total * 1.2 + 1.0,
            "{}",
            q.kind
        );
    }
    let country = &report.queries[2];
    assert_eq!(
        country.dipnews.as_ref().unwrap().mean_total,
        country.fts5.as_ref().unwrap().mean_total
    );

    let e = report.extract.as_ref().expect("extraction measured");
    assert!(
        e.mb_per_second > 0.0 && e.articles > 0 && e.mean_countries > 0.0,
        "{e:?}"
    );

    let md = bench::markdown(&report);
    for needle in [
        "| dipnews |",
        "| tantivy |",
        "| fts5x |",
        "re-index",
        "person+country+dates",
        "Extraction",
    ] {
        assert!(md.contains(needle), "{needle} missing from\n{md}");
    }
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"p99_ms\""));
    // The corpus is as generated after the changed re-index runs.
    let s = gen::existing(&tmp.path().join("corpus")).unwrap();
    let total: u64 = (0..120)
        .map(|i| {
            std::fs::metadata(gen::article_path(&tmp.path().join("corpus"), i))
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(total, s.bytes);
}

#[test]
fn percentiles_and_changed_files() {
    let v: Vec<f64> = (1..=100).map(f64::from).collect();
    assert_eq!(bench::percentile(&v, 0.5), 50.0);
    assert_eq!(bench::percentile(&v, 0.99), 99.0);
    assert_eq!(bench::median(&[3.0, 1.0, 2.0]), 2.0);
    assert_eq!(bench::median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    assert_eq!(bench::median(&[]), 0.0);
    assert_eq!(bench::changed_files(10_000).len(), 100);
    assert_eq!(bench::changed_files(120), [50]);
    assert_eq!(bench::changed_files(7), [6]);
}
