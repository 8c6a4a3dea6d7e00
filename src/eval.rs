//! Measures extraction against annotated articles: precision and recall of
//! people, countries and topics.
//!
//! A gold folder holds `annotations.jsonl`, one JSON object per line:
//! `{"path": "article.txt", "people": [...], "countries": [...], "topics": [...]}`,
//! with `path` relative to the folder (or absolute). Names compare without
//! case or accents.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::article;
use crate::error::{Error, Result};
use crate::extract::extract;

/// The annotation file inside a gold folder.
pub const ANNOTATIONS: &str = "annotations.jsonl";

#[derive(Debug, Deserialize)]
struct Gold {
    path: String,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
}

/// Scores of one entity type.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Score {
    /// `people`, `countries` or `topics`.
    pub kind: String,
    /// Correct values found.
    pub true_positives: u64,
    /// Values found that the annotation lacks.
    pub false_positives: u64,
    /// Annotated values not found.
    pub false_negatives: u64,
    /// TP / (TP + FP).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
}

/// Disagreements on one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Disagreement {
    /// The article.
    pub path: String,
    /// Entity type.
    pub kind: String,
    /// Annotated but not found.
    pub missing: Vec<String>,
    /// Found but not annotated.
    pub extra: Vec<String>,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalReport {
    /// Articles evaluated.
    pub articles: usize,
    /// People, countries and topics, in that order.
    pub scores: Vec<Score>,
    /// Every disagreement, article by article.
    pub disagreements: Vec<Disagreement>,
}

impl EvalReport {
    /// The score of one entity type.
    pub fn score(&self, kind: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.kind == kind)
    }

    /// The table `dipnews eval` prints.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<10} {:>9} {:>7} {:>5} {:>5} {:>5}\n",
            "entity", "precision", "recall", "tp", "fp", "fn"
        );
        for s in &self.scores {
            out.push_str(&format!(
                "{:<10} {:>9.3} {:>7.3} {:>5} {:>5} {:>5}\n",
                s.kind,
                s.precision,
                s.recall,
                s.true_positives,
                s.false_positives,
                s.false_negatives
            ));
        }
        out.push_str(&format!("({} articles)\n", self.articles));
        out
    }
}

fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// Evaluates extraction on a gold folder.
pub fn evaluate(gold_dir: &Path) -> Result<EvalReport> {
    let file = gold_dir.join(ANNOTATIONS);
    let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
        path: file.clone(),
        source,
    })?;
    let kinds = ["people", "countries", "topics"];
    let mut scores: Vec<Score> = kinds
        .iter()
        .map(|k| Score {
            kind: (*k).to_owned(),
            ..Score::default()
        })
        .collect();
    let mut disagreements = Vec::new();
    let mut articles = 0;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let gold: Gold = serde_json::from_str(line).map_err(|e| Error::Gold {
            path: file.clone(),
            line: i + 1,
            detail: e.to_string(),
        })?;
        let path = gold_dir.join(&gold.path);
        let bytes = std::fs::read(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let (article, _) = article::parse_bytes(&bytes).map_err(|source| Error::Parse {
            path: path.clone(),
            source,
        })?;
        let found = extract(&article);
        articles += 1;
        let pairs = [
            (gold.people, found.people_names()),
            (gold.countries, found.country_names()),
            (gold.topics, found.topic_names()),
        ];
        for (k, (want, got)) in pairs.into_iter().enumerate() {
            let want: BTreeSet<String> = want.iter().map(|s| fold(s)).collect();
            let got: BTreeSet<String> = got.iter().map(|s| fold(s)).collect();
            let s = &mut scores[k];
            s.true_positives += want.intersection(&got).count() as u64;
            let missing: Vec<String> = want.difference(&got).cloned().collect();
            let extra: Vec<String> = got.difference(&want).cloned().collect();
            s.false_negatives += missing.len() as u64;
            s.false_positives += extra.len() as u64;
            if !missing.is_empty() || !extra.is_empty() {
                disagreements.push(Disagreement {
                    path: gold.path.clone(),
                    kind: kinds[k].to_owned(),
                    missing,
                    extra,
                });
            }
        }
    }
    for s in &mut scores {
        let tp = s.true_positives as f64;
        s.precision = if s.true_positives + s.false_positives == 0 {
            1.0
        } else {
            tp / (tp + s.false_positives as f64)
        };
        s.recall = if s.true_positives + s.false_negatives == 0 {
            1.0
        } else {
            tp / (tp + s.false_negatives as f64)
        };
    }
    Ok(EvalReport {
        articles,
        scores,
        disagreements,
    })
}
