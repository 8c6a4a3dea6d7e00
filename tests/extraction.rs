//! Extraction accuracy on the annotated gold set, against written thresholds,
//! and on the held-out set, against floors that catch a regression.

use std::path::Path;

/// Entity, minimum precision, minimum recall.
type Threshold = (&'static str, f64, f64);

/// From the extraction issue.
const THRESHOLDS: &[Threshold] = &[
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

/// Floors for the held-out sets, written blind after tuning: their first
/// measurements less a margin, so a regression fails. `tests/heldout` first
/// gave people P 0.976 R 0.783 (0.811 after the sport cues it prompted, so it
/// is no longer blind); `tests/heldout2`, never looked at before its first run,
/// people 0.946 / 0.869, countries 0.966 / 0.983, topics 0.857 / 0.462.
/// People and topic recall there are below the thresholds.
const HELDOUT_FLOORS: &[(&str, usize, &[Threshold])] = &[
    (
        "tests/heldout",
        14,
        &[
            ("people", 0.93, 0.78),
            ("countries", 0.95, 0.95),
            ("topics", 0.90, 0.85),
        ],
    ),
    (
        "tests/heldout2",
        12,
        &[
            ("people", 0.90, 0.84),
            ("countries", 0.93, 0.95),
            ("topics", 0.80, 0.45),
        ],
    ),
];

#[test]
fn heldout_sets_do_not_regress() {
    for (dir, articles, floors) in HELDOUT_FLOORS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let report = dipnews::eval::evaluate(&path).unwrap();
        println!("{dir}\n{}", report.table());
        assert_eq!(report.articles, *articles, "{dir}");
        for (kind, p, r) in *floors {
            let s = report.score(kind).unwrap();
            assert!(
                s.precision >= *p && s.recall >= *r,
                "{dir} {kind}: precision {:.3} (floor {p}), recall {:.3} (floor {r})",
                s.precision,
                s.recall
            );
        }
    }
}
