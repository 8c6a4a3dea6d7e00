//! Index statistics: document count, date span, the most frequent facet
//! values and the size on disk.

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::AllQuery;
use tantivy::{Order, TantivyDocument};

use crate::error::Result;
use crate::extract::TOPICS;
use crate::query::{stored_date, top_values, FacetCount, FacetValue};
use crate::store::Store;

/// What `dipnews stats` reports.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stats {
    /// Articles in the index.
    pub documents: u64,
    /// Earliest header date.
    pub first_date: Option<String>,
    /// Latest header date.
    pub last_date: Option<String>,
    /// Most frequent people.
    pub people: Vec<FacetValue>,
    /// Most frequent countries.
    pub countries: Vec<FacetValue>,
    /// Topic counts (every topic that occurs).
    pub topics: Vec<FacetValue>,
    /// Most frequent authors.
    pub authors: Vec<FacetValue>,
    /// Size of the index folder.
    pub bytes_on_disk: u64,
}

/// Computes the statistics, with up to `top` values per facet.
pub fn stats(store: &Store, top: usize) -> Result<Stats> {
    let reader = store.reader()?;
    let searcher = reader.searcher();
    let f = &store.fields;
    let err = |e| store.err(e);
    let (people, countries, authors, topics) = searcher
        .search(
            &AllQuery,
            &(
                FacetCount::new("people", false),
                FacetCount::new("countries", false),
                FacetCount::new("authors", false),
                FacetCount::new("topics", false),
            ),
        )
        .map_err(err)?;
    let edge = |order: Order| -> Result<Option<String>> {
        let top = searcher
            .search(
                &AllQuery,
                &TopDocs::with_limit(1).order_by_fast_field::<i64>("day", order),
            )
            .map_err(err)?;
        match top.first() {
            Some((_, address)) => {
                let doc: TantivyDocument = searcher.doc(*address).map_err(err)?;
                Ok(Some(stored_date(&doc, f)))
            }
            None => Ok(None),
        }
    };
    Ok(Stats {
        documents: searcher.num_docs(),
        first_date: edge(Order::Asc)?,
        last_date: edge(Order::Desc)?,
        people: top_values(people, top),
        countries: top_values(countries, top),
        topics: top_values(topics, TOPICS.len()),
        authors: top_values(authors, top),
        bytes_on_disk: store.bytes_on_disk(),
    })
}
