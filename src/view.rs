//! The full stored view of one indexed article, for `dipnews show`.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use crate::details::StoredDetails;
use crate::error::{Error, Result};
use crate::extract::{Person, Quote};
use crate::query::{stored_date, stored_facets};
use crate::store::Store;

/// Everything the index holds about one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleView {
    /// Absolute path.
    pub path: String,
    /// Header date.
    pub date: String,
    /// Outlet's date, parsed.
    pub published: Option<String>,
    /// Outlet's date as printed.
    pub published_raw: Option<String>,
    /// Byline.
    pub author: String,
    /// Title.
    pub title: String,
    /// People's names.
    pub people: Vec<String>,
    /// People with country, role and mention offsets.
    pub people_detail: Vec<Person>,
    /// Countries by salience.
    pub countries: Vec<String>,
    /// Topics.
    pub topics: Vec<String>,
    /// Direct quotations.
    pub quotes: Vec<Quote>,
    /// Subheadings.
    pub subheadings: Vec<String>,
    /// Dateline city.
    pub dateline: Option<String>,
    /// Body text.
    pub body: String,
}

/// Looks an article up by its path (made absolute and canonical first).
pub fn get(store: &Store, path: &Path) -> Result<ArticleView> {
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let key = canonical.to_string_lossy().into_owned();
    let f = &store.fields;
    let reader = store.reader()?;
    let searcher = reader.searcher();
    let query = TermQuery::new(
        Term::from_field_text(f.path, &key),
        IndexRecordOption::Basic,
    );
    let top = searcher
        .search(&query, &TopDocs::with_limit(1).order_by_score())
        .map_err(|e| store.err(e))?;
    let Some((_, address)) = top.first() else {
        return Err(Error::Request(format!("{key}: not in the index")));
    };
    let doc: TantivyDocument = searcher.doc(*address).map_err(|e| store.err(e))?;
    let text = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let title = text(f.title).unwrap_or_default();
    let body = text(f.body).unwrap_or_default();
    let details = text(f.extraction).and_then(|s| StoredDetails::from_stored(&s, &title, &body));
    let (people_detail, quotes, subheadings, dateline) = match details {
        Some(d) => (d.people, d.quotes, d.subheadings, d.dateline),
        None => Default::default(),
    };
    Ok(ArticleView {
        path: key,
        date: stored_date(&doc, f),
        published: text(f.published),
        published_raw: text(f.published_raw),
        author: text(f.author).unwrap_or_default(),
        title,
        people: stored_facets(&doc, f.people),
        people_detail,
        countries: stored_facets(&doc, f.countries),
        topics: stored_facets(&doc, f.topics),
        quotes,
        subheadings,
        dateline,
        body,
    })
}
