//! Extraction accuracy on the annotated gold set, against written thresholds,
//! and on the held-out set, against floors that catch a regression.

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

/// Floors for the held-out set (`tests/heldout`, written blind after tuning):
/// its first measurement (people P 0.976 R 0.783, countries 0.987 / 0.987,
/// topics 1.000 / 0.900) less a margin. People recall there is below the
/// issue's 0.92: names without a title or speech cue, sport above all.
const HELDOUT_FLOORS: &[(&str, f64, f64)] = &[
    ("people", 0.93, 0.75),
    ("countries", 0.95, 0.95),
    ("topics", 0.90, 0.85),
];

#[test]
fn heldout_set_does_not_regress() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/heldout");
    let report = dipnews::eval::evaluate(&dir).unwrap();
    println!("held-out set\n{}", report.table());
    assert_eq!(report.articles, 14);
    for (kind, p, r) in HELDOUT_FLOORS {
        let s = report.score(kind).unwrap();
        assert!(
            s.precision >= *p && s.recall >= *r,
            "held-out {kind}: precision {:.3} (floor {p}), recall {:.3} (floor {r})",
            s.precision,
            s.recall
        );
    }
}
