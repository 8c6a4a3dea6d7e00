//! Topics: a hierarchical taxonomy (`data/topics.tsv`) of weighted cue
//! phrases. An article gets a topic when its evidence passes a threshold,
//! with diminishing returns for a repeated cue, so a passing word is not enough.

use super::text::is_word;
use super::trie::Trie;
use super::{tsv_rows, TopicScore};

const TABLE: &str = include_str!("../../data/topics.tsv");

/// Evidence an article needs for a topic.
pub const THRESHOLD: f32 = 6.0;
/// Occurrences of one cue that still add evidence.
const MAX_REPEATS: f32 = 3.0;
/// A cue in the title counts this many times.
const TITLE_BOOST: f32 = 2.0;

/// Every topic of the taxonomy.
pub const TOPICS: &[&str] = &[
    "security/nuclear",
    "security/military",
    "security/terrorism",
    "security/cyber",
    "diplomacy/negotiations",
    "diplomacy/agreements",
    "diplomacy/ceasefire",
    "economy/sanctions",
    "economy/trade",
    "economy/energy",
    "politics/protests",
    "politics/elections",
    "politics/human-rights",
    "humanitarian/refugees",
    "humanitarian/aid",
    "environment/climate",
];

pub(super) struct Topics {
    cues: Vec<(usize, f32)>,
    matcher: Trie,
}

impl Topics {
    pub(super) fn load() -> Topics {
        let mut cues = Vec::new();
        let mut patterns = Vec::new();
        for row in tsv_rows(TABLE) {
            if row.len() < 3 {
                continue;
            }
            let (Some(topic), Ok(weight)) = (
                TOPICS.iter().position(|t| *t == row[0]),
                row[1].parse::<f32>(),
            ) else {
                continue;
            };
            if row[2].is_empty() {
                continue;
            }
            cues.push((topic, weight));
            patterns.push(row[2].to_lowercase());
        }
        let matcher = Trie::new(patterns.iter().map(String::as_str), true);
        Topics { cues, matcher }
    }

    /// Topics whose evidence in `text` passes [`THRESHOLD`], strongest first.
    pub(super) fn score(&self, text: &str, title_len: usize) -> Vec<TopicScore> {
        let mut counts = vec![0.0f32; self.cues.len()];
        // Every occurrence, overlapping: `crackdown on protesters` is also
        // evidence of `protesters`. Only whole words count, so the trie is
        // walked from word starts alone.
        let bytes = text.as_bytes();
        let mut after_word = false;
        let mut next = 0;
        while let Some(&b) = bytes.get(next) {
            let start = next;
            let alphanumeric = if b.is_ascii() {
                next += 1;
                b.is_ascii_alphanumeric()
            } else {
                let c = text[start..].chars().next().unwrap_or(' ');
                next += c.len_utf8();
                c.is_alphanumeric()
            };
            let word_start = !after_word;
            after_word = alphanumeric;
            if !word_start || !self.matcher.may_start_at(bytes, start) {
                continue;
            }
            let boost = if start < title_len { TITLE_BOOST } else { 1.0 };
            self.matcher.each_at(bytes, start, |pattern, end| {
                if is_word(text, start, end) {
                    if let Some(c) = counts.get_mut(pattern) {
                        *c += boost;
                    }
                }
            });
        }
        let mut scores = vec![0.0f32; TOPICS.len()];
        for (i, &count) in counts.iter().enumerate() {
            if count > 0.0 {
                let (topic, weight) = self.cues[i];
                // Repeats count up to MAX_REPEATS: a word used ten times is not ten times the evidence.
                scores[topic] += weight * count.min(MAX_REPEATS);
            }
        }
        let mut out: Vec<TopicScore> = scores
            .into_iter()
            .enumerate()
            .filter(|(_, s)| *s >= THRESHOLD)
            .map(|(i, score)| TopicScore {
                topic: TOPICS[i].to_owned(),
                score,
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_has_cues() {
        let t = Topics::load();
        for (i, topic) in TOPICS.iter().enumerate() {
            assert!(
                t.cues.iter().filter(|(c, _)| *c == i).count() >= 10,
                "{topic}"
            );
        }
    }

    #[test]
    fn passing_word_is_not_a_topic() {
        let t = Topics::load();
        assert!(
            t.score("The minister mentioned a ceasefire once at dinner.", 0)
                .len()
                <= 1
        );
        let strong = "The ceasefire held. A truce was agreed and the ceasefire was extended; the truce monitors reported no violations of the ceasefire.";
        assert!(t
            .score(strong, 0)
            .iter()
            .any(|s| s.topic == "diplomacy/ceasefire"));
        assert!(t.score("Nothing relevant at all here.", 0).is_empty());
    }
}
