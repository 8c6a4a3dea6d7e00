//! Extraction accuracy on the annotated gold set, against written thresholds.

use std::path::Path;

/// (entity, minimum precision, minimum recall), from the extraction issue.
const THRESHOLDS: &[(&str, f64, f64)] = &[
    ("people", 0.95, 0.92),
    ("countries", 0.97, 0.95),
    ("topics", 0.85, 0.80),
];

#[test]
fn gold_set_precision_and_recall() {
    let gold = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let report = dipnews::eval::evaluate(&gold).unwrap();
    println!("{}", report.table());
    assert!(
        report.articles >= 61,
        "gold set has {} articles",
        report.articles
    );
    let mut failures = Vec::new();
    for (kind, p, r) in THRESHOLDS {
        let s = report.score(kind).unwrap();
        if s.precision < *p || s.recall < *r {
            failures.push(format!(
                "{kind}: precision {:.3} (min {p}), recall {:.3} (min {r})",
                s.precision, s.recall
            ));
            for d in report.disagreements.iter().filter(|d| d.kind == *kind) {
                println!(
                    "{} {kind}: missing {:?}, extra {:?}",
                    d.path, d.missing, d.extra
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
