//! Any text as the query and every filter of a search on a small index in
//! RAM: an answer, or an `Error::Request` of one line; never a panic.
//!
//! The input is split on NUL bytes into: query, people, countries, topics,
//! authors (alternatives within a field split on tabs), from, to. Its first
//! byte picks the sort, page and histogram.
#![no_main]

use std::sync::OnceLock;

use dipnews::query::{self, Interval, SearchRequest, Sort};
use dipnews::store::Store;
use dipnews::{ingest, Error};
use libfuzzer_sys::fuzz_target;

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let store = Store::in_ram();
        let mut writer = store.writer(50_000_000).expect("writer");
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
        let mut files: Vec<_> = std::fs::read_dir(corpus)
            .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
            .unwrap_or_default();
        files.sort();
        for path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .take(24)
        {
            if let Ok(text) = std::fs::read_to_string(path) {
                let _ = ingest::add_text(&store, &writer, &path.to_string_lossy(), &text);
            }
        }
        ingest::add_text(
            &store,
            &writer,
            "/fuzz/a.txt",
            "date 2026-02-04 Published by Ana Ruiz\n\nIran ready for talks\n\n\
             Iranian President Masoud Pezeshkian said Tehran was ready for nuclear talks.",
        )
        .expect("article");
        ingest::commit(&store, &mut writer).expect("commit");
        store
    })
}

fn one_line(msg: &str) -> bool {
    !msg.is_empty() && !msg.contains('\n')
}

fn bound(s: Option<&str>, end: bool) -> Option<chrono::NaiveDate> {
    let s = s?;
    match query::parse_date_bound(s, end) {
        Ok(d) => Some(d),
        Err(Error::Request(msg)) => {
            assert!(one_line(&msg), "{msg:?}");
            None
        }
        Err(e) => panic!("{s:?}: not a request error: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let knobs = data.first().copied().unwrap_or(0);
    let text = String::from_utf8_lossy(data.get(1..).unwrap_or_default());
    let fields: Vec<&str> = text.split('\0').collect();
    let field = |i: usize| fields.get(i).copied();
    let list = |i: usize| -> Vec<String> {
        field(i)
            .map(|f| f.split('\t').map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let req = SearchRequest {
        query: field(0).map(str::to_owned),
        people: list(1),
        countries: list(2),
        topics: list(3),
        authors: list(4),
        from: bound(field(5), false),
        to: bound(field(6), true),
        sort: [
            None,
            Some(Sort::Relevance),
            Some(Sort::Newest),
            Some(Sort::Oldest),
        ][usize::from(knobs & 3)],
        limit: usize::from(knobs >> 2 & 15) * 3,
        offset: usize::from(knobs >> 6),
        facet_size: usize::from(knobs & 15),
        histogram: [
            Interval::Day,
            Interval::Week,
            Interval::Month,
            Interval::Year,
        ][usize::from(knobs >> 4 & 3)],
    };
    match query::search(store(), &req) {
        Ok(r) => assert!(r.hits.len() <= req.limit && r.total >= r.hits.len() as u64),
        Err(Error::Request(msg)) => assert!(one_line(&msg), "{msg:?}"),
        Err(e) => panic!("{req:?}: not a request error: {e}"),
    }
});
