//! Any bytes as an article file: decoding, parsing and extraction never
//! panic, errors and warnings are one line, and every offset the
//! extractors return is a char range of the text they read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match dipnews::article::parse_bytes(data) {
        Ok((article, warning)) => {
            if let Some(w) = warning {
                assert!(!w.contains('\n'), "warning {w:?}");
            }
            let text = article.text();
            let e = dipnews::extract::extract(&article);
            for s in e.spans() {
                assert!(
                    s.start <= s.end && text.get(s.start..s.end).is_some(),
                    "span {}..{} in a {}-byte text",
                    s.start,
                    s.end,
                    text.len()
                );
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.is_empty() && !msg.contains('\n'), "error {msg:?}");
        }
    }
});
