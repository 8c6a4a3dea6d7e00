//! The index schema, built once, and the typed field handles every other
//! module uses. Bump [`SCHEMA_VERSION`] whenever a field or tokenizer changes.

use rustc_hash::FxHashMap;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::Index;

/// Version of the schema written into each index's commit payload.
///
/// 2: column dictionaries without zstd, and compact stored details
/// ([`crate::details`]); a version-1 index is refused and rebuilt by `index --full`.
pub const SCHEMA_VERSION: u32 = 2;

/// Tokenizer of titles and bodies: lower case, accents folded, English stems.
pub const TEXT_TOKENIZER: &str = "dipnews_text";
/// Tokenizer of people's names: lower case and accents folded, no stemming.
pub const NAME_TOKENIZER: &str = "dipnews_name";
/// Tokenizer of exact keys (authors): the whole value, lower case, accents folded.
pub const KEY_TOKENIZER: &str = "dipnews_key";

/// Field handles of the dipnews schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// The schema itself.
    pub schema: Schema,
    /// Absolute, canonical path of the article file: the unique key.
    pub path: Field,
    /// File size in bytes when indexed.
    pub size: Field,
    /// File modification time (nanoseconds since the Unix epoch) when indexed.
    pub mtime: Field,
    /// xxh3 hash of the file's bytes.
    pub hash: Field,
    /// The header's date (midnight UTC).
    pub date: Field,
    /// The header's date as days since 1970-01-01: filters, sorting and histograms.
    pub day: Field,
    /// The outlet's printed date, parsed, as `YYYY-MM-DD`.
    pub published: Field,
    /// The outlet's printed date as written.
    pub published_raw: Field,
    /// The byline, searchable as text.
    pub author: Field,
    /// The byline, lower case and folded: exact filter.
    pub author_key: Field,
    /// The byline as a facet, for counts.
    pub authors: Field,
    /// The title.
    pub title: Field,
    /// The body, subheadings included.
    pub body: Field,
    /// People as facets `/Full Name`.
    pub people: Field,
    /// People's names as folded tokens, one value per person (`--person erdogan`).
    pub person: Field,
    /// Countries as facets `/Name`.
    pub countries: Field,
    /// Topics as hierarchical facets `/security/nuclear`.
    pub topics: Field,
    /// JSON of the extraction details: people_detail, quotes, mentions with offsets.
    pub extraction: Field,
}

impl Fields {
    /// Builds the schema and its handles.
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        let text = |tokenizer: &str, stored: bool| {
            let opts = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            );
            if stored {
                opts.set_stored()
            } else {
                opts
            }
        };
        let path = b.add_text_field("path", STRING | STORED | FAST);
        let size = b.add_u64_field("size", NumericOptions::default().set_fast().set_stored());
        let mtime = b.add_i64_field("mtime", FAST);
        let hash = b.add_u64_field("hash", FAST);
        let date = b.add_date_field(
            "date",
            DateOptions::from(INDEXED)
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        let day = b.add_i64_field("day", INDEXED | FAST);
        let published = b.add_text_field("published", STRING | STORED);
        let published_raw = b.add_text_field("published_raw", STORED);
        let author = b.add_text_field("author", text(NAME_TOKENIZER, true));
        let author_key = b.add_text_field(
            "author_key",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(KEY_TOKENIZER)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        );
        let authors = b.add_facet_field("authors", FacetOptions::default());
        let title = b.add_text_field("title", text(TEXT_TOKENIZER, true));
        let body = b.add_text_field("body", text(TEXT_TOKENIZER, true));
        let people = b.add_facet_field("people", FacetOptions::default().set_stored());
        let person = b.add_text_field("person", text(NAME_TOKENIZER, false));
        let countries = b.add_facet_field("countries", FacetOptions::default().set_stored());
        let topics = b.add_facet_field("topics", FacetOptions::default().set_stored());
        let extraction = b.add_text_field("extraction", STORED);
        Fields {
            schema: b.build(),
            path,
            size,
            mtime,
            hash,
            date,
            day,
            published,
            published_raw,
            author,
            author_key,
            authors,
            title,
            body,
            people,
            person,
            countries,
            topics,
            extraction,
        }
    }
}

impl Default for Fields {
    fn default() -> Self {
        Fields::new()
    }
}

/// Registers the dipnews tokenizers on an index: required after every open.
pub fn register_tokenizers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(
        TEXT_TOKENIZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(MemoStemmer)
            .build(),
    );
    tokenizers.register(NAME_TOKENIZER, name_analyzer());
    tokenizers.register(
        KEY_TOKENIZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// The analyzer of people's names, shared by indexing and query building.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Folds a key the way [`KEY_TOKENIZER`] does: lower case, accents removed.
pub fn fold_key(s: &str) -> String {
    let mut analyzer = TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(s.trim());
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
}

/// The folded tokens of a name (`Recep Tayyip Erdoğan` gives `recep`, `tayyip`, `erdogan`).
pub fn name_tokens(s: &str) -> Vec<String> {
    let mut analyzer = name_analyzer();
    let mut stream = analyzer.token_stream(s);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

/// English Snowball stemming that remembers each word's stem.
///
/// News reuses a small vocabulary, and the Snowball algorithm was about a
/// sixth of all indexing CPU: looking a word up costs far less than stemming
/// it again. Stems are exactly those of tantivy's `Stemmer` for English (the
/// same `frostem` algorithm; a test compares them). Each tokenizer clone (one
/// per indexing thread and field) keeps its own memo, bounded in size.
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

/// Words remembered per tokenizer before the memo starts over.
const MEMO_WORDS: usize = 100_000;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerTokenizer<T> {
        MemoStemmerTokenizer {
            inner: tokenizer,
            memo: FxHashMap::default(),
        }
    }
}

/// A tokenizer followed by [`MemoStemmer`].
#[derive(Clone, Debug)]
pub struct MemoStemmerTokenizer<T> {
    inner: T,
    memo: FxHashMap<String, String>,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerTokenizer<T> {
    type TokenStream<'a> = MemoStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

/// The token stream of [`MemoStemmerTokenizer`].
pub struct MemoStemmerStream<'a, T> {
    tail: T,
    memo: &'a mut FxHashMap<String, String>,
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = frostem::Stemmer::new(frostem::Algorithm::English)
            .stem(&token.text)
            .into_owned();
        if self.memo.len() >= MEMO_WORDS {
            self.memo.clear();
        }
        self.memo
            .insert(std::mem::take(&mut token.text), stem.clone());
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            name_tokens("Recep Tayyip Erdoğan"),
            ["recep", "tayyip", "erdogan"]
        );
        assert_eq!(fold_key("  Luis Núñez "), "luis nunez");
    }

    /// The memo changes nothing: the same tokens as tantivy's own English
    /// stemmer, on a whole article read twice (the second time from the memo).
    #[test]
    fn memo_stemmer_is_the_english_stemmer() {
        let text = std::fs::read_to_string("corpus/000_e01270f4380b6882.txt").expect("sample");
        let tokens = |analyzer: &mut TextAnalyzer| {
            let mut out = Vec::new();
            let mut stream = analyzer.token_stream(&text);
            while stream.advance() {
                let t = stream.token();
                out.push((t.text.clone(), t.offset_from, t.position));
            }
            out
        };
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(tantivy::tokenizer::Stemmer::new(
                tantivy::tokenizer::Language::English,
            ))
            .build();
        let want = tokens(&mut plain);
        assert!(want.len() > 400 && want.iter().any(|(t, ..)| t == "negoti"));
        let index = Index::create_in_ram(Fields::new().schema);
        register_tokenizers(&index);
        let mut memo = index.tokenizers().get(TEXT_TOKENIZER).expect("registered");
        assert_eq!(tokens(&mut memo), want);
        assert_eq!(tokens(&mut memo), want);
    }
}
