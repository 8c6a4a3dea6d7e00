//! dipnews: an embedded full-text search index for diplomatic news.
//!
//! It answers *who said what, about which country, on what topic, and when*
//! over a folder of dated articles, offline and in milliseconds. The
//! [`ingest`] module walks a folder, parses each [`article`], [`extract`]s
//! people, countries, topics and quotes, and writes a tantivy index
//! ([`store`], [`schema`]); the [`query`] module runs faceted searches.
//!
//! ```
//! use dipnews::query::{search, SearchRequest};
//! use dipnews::{ingest, store::Store};
//!
//! # fn main() -> Result<(), dipnews::Error> {
//! let store = Store::in_ram();
//! let mut writer = store.writer(50_000_000)?;
//! ingest::add_text(&store, &writer, "/news/a.txt",
//!     "date 2026-02-04 Published by Ana Ruiz\n\nIran ready for talks\n\n\
//!      Iranian President Masoud Pezeshkian said Tehran was ready for talks.")?;
//! ingest::add_text(&store, &writer, "/news/b.txt",
//!     "date 2026-02-05 Published by Ben Cole\n\nChile votes\n\n\
//!      Voters in Chile chose a new congress on Sunday.")?;
//! ingest::commit(&store, &mut writer)?;
//!
//! let request = SearchRequest { countries: vec!["iranian".into()], ..Default::default() };
//! let response = search(&store, &request)?;
//! assert_eq!(response.total, 1);
//! assert_eq!(response.hits[0].people, ["Masoud Pezeshkian"]);
//! assert_eq!(response.facets.countries[0].value, "Iran");
//! assert_eq!(response.facets.countries[0].count, 1);
//! # Ok(())
//! # }
//! ```

pub mod article;
pub mod details;
pub mod error;
pub mod eval;
pub mod extract;
pub mod ingest;
pub mod query;
pub mod schema;
pub mod stats;
pub mod store;
pub mod view;
pub mod walk;

pub use error::{Error, ParseError, Result};
