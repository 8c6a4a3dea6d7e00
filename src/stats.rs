//! Index statistics: document count, date span, the most frequent facet
//! values and the size on disk.

use serde::{Deserialize, Serialize};
use tantivy::collector::{FacetCollector, TopDocs};
use tantivy::query::AllQuery;
use tantivy::schema::Facet;
use tantivy::{Order, TantivyDocument};

use crate::error::Result;
use crate::extract::TOPICS;
use crate::query::{stored_date, FacetValue};
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
    let collector = |field: &str| {
        let mut c = FacetCollector::for_field(field);
        c.add_facet(Facet::root());
        c
    };
    let mut topics = FacetCollector::for_field("topics");
    for t in TOPICS {
        if let Some(root) = t.split('/').next() {
            topics.add_facet(Facet::from_path([root]));
        }
    }
    let err = |e| store.err(e);
    let (people, countries, authors, topic_counts) = searcher
        .search(
            &AllQuery,
            &(
                collector("people"),
                collector("countries"),
                collector("authors"),
                topics,
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
    let values = |counts: &tantivy::collector::FacetCounts| -> Vec<FacetValue> {
        counts
            .top_k("/", top)
            .into_iter()
            .map(|(facet, count)| FacetValue {
                value: facet.to_path().join("/"),
                count,
            })
            .collect()
    };
    let mut topic_values: Vec<FacetValue> = Vec::new();
    for t in TOPICS {
        let Some(root) = t.split('/').next() else {
            continue;
        };
        for (facet, count) in topic_counts.get(format!("/{root}").as_str()) {
            let value = facet.to_path().join("/");
            if !topic_values.iter().any(|v| v.value == value) {
                topic_values.push(FacetValue { value, count });
            }
        }
    }
    topic_values.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
    Ok(Stats {
        documents: searcher.num_docs(),
        first_date: edge(Order::Asc)?,
        last_date: edge(Order::Desc)?,
        people: values(&people),
        countries: values(&countries),
        topics: topic_values,
        authors: values(&authors),
        bytes_on_disk: store.bytes_on_disk(),
    })
}
