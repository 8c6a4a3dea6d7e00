//! Synthetic corpus generator for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --count 10000 --seed 1 --out /tmp/dipnews-10k
//! ```
//!
//! Writes `count` article files into `DIR/NNNN/NNNNNNN.txt`, 1000 files per
//! folder, and a hidden `DIR/.gen_corpus.json` that records what was
//! generated. Output is a pure function of `(count, seed)` and the tables in
//! `data/` (read at run time): article `i` depends on `seed` and `i` alone.
//!
//! Articles are news-like prose assembled from sentence templates: known
//! people of `data/people.tsv` in office in the article's year (full name with
//! title first, surname later), countries of `data/countries.tsv` (names,
//! demonyms, capitals, cities), quotes with speech verbs, and topic vocabulary.
//! People and countries are drawn Zipf-like, so a few dominate as in real news.
//! About 1% of files are broken on purpose: empty, no header, impossible date,
//! binary, Windows-1252 bytes (still indexable, with a warning), header only.
//!
//! This file is also compiled as a module of `examples/bench.rs` and
//! `tests/bench_smoke.rs`, hence the `allow(dead_code)`: each of the three
//! uses a different part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use chrono::{Datelike, NaiveDate};

/// Articles per sub-folder.
pub const PER_FOLDER: usize = 1000;
/// Name of the marker file written beside the articles.
pub const MARKER: &str = ".gen_corpus.json";
/// Broken files per thousand.
pub const BROKEN_PER_MILLE: u64 = 10;
/// First and last year of article dates.
pub const YEARS: (i32, i32) = (2016, 2025);

// ---------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast and good enough for text generation.
#[derive(Debug, Clone)]
pub struct Rng(u64);

/// The splitmix64 finaliser: a good 64-bit mix.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for stream `stream` of `seed`.
    pub fn new(seed: u64, stream: u64) -> Rng {
        Rng(mix64(
            seed ^ mix64(stream.wrapping_add(0x9e37_79b9_7f4a_7c15)),
        ))
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// A uniformly chosen word.
    pub fn word<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// A uniformly chosen element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Weighted sampling by binary search over cumulative weights.
#[derive(Debug, Clone)]
pub struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// From raw weights (not all zero).
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Weighted {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Weighted { cumulative }
    }
    /// Zipf weights `1 / (rank + 1)^s` over `n` ranks.
    pub fn zipf(n: usize, s: f64) -> Weighted {
        Weighted::new((0..n).map(|r| 1.0 / ((r + 1) as f64).powf(s)))
    }
    /// An index drawn by weight.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

/// A country as the generator writes it.
#[derive(Debug, Clone)]
pub struct CountryV {
    /// Canonical name.
    pub name: String,
    /// Adjective (`French`), when the table has one.
    pub demonym: Option<String>,
    /// Capital or seat (`Paris`).
    pub capital: Option<String>,
    /// Other cities.
    pub cities: Vec<String>,
}

/// A known person of `data/people.tsv`.
#[derive(Debug, Clone)]
pub struct PersonV {
    /// Canonical full name.
    pub name: String,
    /// Index into [`Vocab::countries`], when the country is known.
    pub country: Option<usize>,
    /// How the surname is written alone.
    pub surname: String,
}

/// A person's office in one year.
#[derive(Debug, Clone)]
pub struct Office {
    /// Index into [`Vocab::people`].
    pub person: usize,
    /// The office (`President`).
    pub role: String,
}

/// Everything the generator draws from.
#[derive(Debug, Clone)]
pub struct Vocab {
    /// Countries, most newsworthy first (Zipf rank order).
    pub countries: Vec<CountryV>,
    /// Zipf sampler over `countries`.
    pub country_weights: Weighted,
    /// Known people.
    pub people: Vec<PersonV>,
    /// Offices held in each year of [`YEARS`], with a sampler weighted by
    /// country rank and office.
    pub offices: Vec<(Vec<Office>, Weighted)>,
    /// Bylines.
    pub authors: Vec<String>,
    /// Zipf sampler over `authors`.
    pub author_weights: Weighted,
    /// Zipf sampler over [`TOPICS`].
    pub topic_weights: Weighted,
    /// Prose learnt from the sample articles of `corpus/`, when there are any.
    pub markov: Option<Markov>,
    /// Fingerprint of the tables and samples the vocabulary was built from.
    pub fingerprint: u64,
}

/// A word-level Markov chain (order 2, backing off to order 1) over the
/// sentences of the sample corpus: filler prose with a realistic vocabulary.
#[derive(Debug, Clone)]
pub struct Markov {
    words: Vec<String>,
    starts: Vec<(u32, u32)>,
    order2: HashMap<u64, (u32, u32)>,
    succ2: Vec<u32>,
    order1: Vec<(u32, u32)>,
    succ1: Vec<u32>,
}

const ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Rep.", "Gov.", "St.", "Jan.", "Feb.", "Aug.",
    "Sept.", "Oct.", "Nov.", "Dec.", "Lt.", "Col.", "Adm.", "Prof.", "No.", "Jr.", "Sr.",
];

fn ends_sentence(w: &str) -> bool {
    if w.ends_with(['?', '!']) {
        return true;
    }
    let Some(stem) = w.strip_suffix('.') else {
        return false;
    };
    !stem.contains('.') && !ABBREVIATIONS.contains(&w) && stem.len() > 1
}

impl Markov {
    /// Learns from article texts (header lines and titles are skipped).
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Markov> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut starts = Vec::new();
        let mut pairs2: Vec<(u64, u32)> = Vec::new();
        let mut pairs1: Vec<(u32, u32)> = Vec::new();
        for text in texts {
            let mut paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
            paragraphs.next(); // header
            paragraphs.next(); // title
            for para in paragraphs {
                // Drop a dateline (`MUSCAT (Reuters) - `).
                let para = match para.find(" - ").or_else(|| para.find(" \u{2014} ")) {
                    Some(at)
                        if at < 60
                            && para.split_whitespace().next().is_some_and(|w| {
                                w.len() > 2 && !w.chars().any(char::is_lowercase)
                            }) =>
                    {
                        &para[at + 3..]
                    }
                    _ => para,
                };
                let (mut p1, mut p2, mut pending) = (None::<u32>, None::<u32>, None::<u32>);
                let mut at_start = true;
                for raw in para.split_whitespace() {
                    let w: String = raw
                        .chars()
                        .filter(|c| !matches!(c, '"' | '\u{201c}' | '\u{201d}' | '(' | ')'))
                        .collect();
                    if w.is_empty() || w == "-" || w == "\u{2014}" {
                        continue;
                    }
                    let id = match ids.get(&w) {
                        Some(&id) => id,
                        None => {
                            words.push(w.clone());
                            let id = (words.len() - 1) as u32;
                            ids.insert(w.clone(), id);
                            id
                        }
                    };
                    if let Some(b) = p1 {
                        pairs1.push((b, id));
                        if let Some(a) = p2 {
                            pairs2.push(((u64::from(a) << 32) | u64::from(b), id));
                        }
                    }
                    if let Some(first) = pending.take() {
                        starts.push((first, id));
                    }
                    if at_start && w.starts_with(char::is_uppercase) {
                        pending = Some(id);
                    }
                    at_start = ends_sentence(&w);
                    p2 = p1;
                    p1 = Some(id);
                }
            }
        }
        if starts.len() < 10 {
            return None;
        }
        pairs2.sort_unstable();
        pairs1.sort_unstable();
        let mut order2 = HashMap::new();
        let mut succ2 = Vec::with_capacity(pairs2.len());
        let mut i = 0;
        while i < pairs2.len() {
            let key = pairs2[i].0;
            let from = succ2.len() as u32;
            while i < pairs2.len() && pairs2[i].0 == key {
                succ2.push(pairs2[i].1);
                i += 1;
            }
            order2.insert(key, (from, succ2.len() as u32));
        }
        let mut order1 = vec![(0u32, 0u32); words.len()];
        let mut succ1 = Vec::with_capacity(pairs1.len());
        let mut i = 0;
        while i < pairs1.len() {
            let key = pairs1[i].0;
            let from = succ1.len() as u32;
            while i < pairs1.len() && pairs1[i].0 == key {
                succ1.push(pairs1[i].1);
                i += 1;
            }
            order1[key as usize] = (from, succ1.len() as u32);
        }
        Some(Markov {
            words,
            starts,
            order2,
            succ2,
            order1,
            succ1,
        })
    }

    /// Writes one sentence of 6 to about 40 words.
    pub fn sentence(&self, out: &mut String, rng: &mut Rng) {
        let &(mut a, mut b) = rng.pick(&self.starts);
        out.push_str(&self.words[a as usize]);
        out.push(' ');
        out.push_str(&self.words[b as usize]);
        let mut n = 2;
        loop {
            let key = (u64::from(a) << 32) | u64::from(b);
            let two = self.order2.get(&key).copied().unwrap_or((0, 0));
            let one = self.order1[b as usize];
            let next = if two.1 > two.0 && (two.1 - two.0 > 1 || rng.chance(0.5) || one.1 == one.0)
            {
                self.succ2[two.0 as usize + rng.below((two.1 - two.0) as usize)]
            } else if one.1 > one.0 {
                self.succ1[one.0 as usize + rng.below((one.1 - one.0) as usize)]
            } else {
                break;
            };
            let w = &self.words[next as usize];
            out.push(' ');
            out.push_str(w);
            n += 1;
            if ends_sentence(w) && n >= 6 {
                return;
            }
            if n > 40 {
                break;
            }
            a = b;
            b = next;
        }
        while out.ends_with([',', ';', ':']) {
            out.pop();
        }
        if !out.ends_with(['.', '?', '!']) {
            out.push('.');
        }
    }
}

/// Countries in the order of how often they are in diplomatic news (an
/// editorial guess); the rest of the table follows in a seeded shuffle.
const PROMINENT: &[&str] = &[
    "United States",
    "China",
    "Russia",
    "Ukraine",
    "Israel",
    "Iran",
    "United Kingdom",
    "France",
    "Germany",
    "India",
    "Turkey",
    "North Korea",
    "Japan",
    "Saudi Arabia",
    "Syria",
    "Pakistan",
    "South Korea",
    "Qatar",
    "Egypt",
    "Brazil",
    "Afghanistan",
    "Iraq",
    "Venezuela",
    "Taiwan",
    "Mexico",
    "Poland",
    "Lebanon",
    "Italy",
    "Canada",
    "Yemen",
    "Sudan",
    "South Africa",
    "Australia",
    "Hungary",
    "Nigeria",
    "Ethiopia",
    "Libya",
    "Myanmar",
    "Philippines",
    "Indonesia",
    "Vietnam",
    "Belarus",
    "Serbia",
    "Armenia",
    "Azerbaijan",
    "Georgia",
    "Cuba",
    "Colombia",
    "Argentina",
    "Spain",
];

use dipnews::extract::FAMILY_FIRST;

const FIRST_NAMES: &[&str] = &[
    "Ana", "Ahmed", "Amira", "Anders", "Anna", "Ayşe", "Ben", "Carlos", "Chen", "Claire", "Daniel",
    "David", "Elena", "Emeka", "Fatima", "Grace", "Hamid", "Hannah", "Ibrahim", "Ines", "James",
    "Jean", "Juan", "Julia", "Karim", "Kenji", "Laura", "Leila", "Lucas", "Maria", "Mark", "Marta",
    "Mehmet", "Michael", "Mohammed", "Nadia", "Nikolai", "Noura", "Olga", "Omar", "Paul", "Pedro",
    "Priya", "Rahul", "Rania", "Robert", "Sara", "Sergei", "Simon", "Sofia", "Tomás", "Thomas",
    "Yasmin", "Yuki", "Zainab", "Olivia", "Peter", "Rosa", "Samuel", "Tariq",
];

const SURNAMES: &[&str] = &[
    "Haddad",
    "Novak",
    "Okafor",
    "Schmidt",
    "García",
    "Kowalski",
    "Petrov",
    "Tanaka",
    "Nguyen",
    "Mendes",
    "Jensen",
    "Rossi",
    "Kaya",
    "Sharma",
    "Ibrahim",
    "Dubois",
    "Moreno",
    "Fischer",
    "Lindqvist",
    "Mensah",
    "Osei",
    "Farouk",
    "Sato",
    "Kim",
    "Park",
    "Horvath",
    "Yilmaz",
    "Costa",
    "Ferreira",
    "Andersen",
    "Brennan",
    "Whitaker",
    "Holm",
    "Vogt",
    "Reyes",
    "Quintana",
    "Alvarez",
    "Demir",
    "Nowak",
    "Mahmoud",
    "Aziz",
    "Banda",
    "Mutua",
    "Kariuki",
    "Larsen",
    "Ortiz",
    "Castillo",
    "Hughes",
    "Thornbury",
    "Albright",
    "Franzen",
    "Harrington",
    "Crowley",
    "Lenz",
];

/// Accented bylines, for the Windows-1252 files.
const ACCENTED_AUTHORS: &[&str] = &[
    "José Núñez",
    "Inés Peña-Lòpez",
    "François Lefèvre",
    "Zoë Brandstätter",
    "Åsa Sjöberg",
    "Raúl Muñoz García",
];

const INSTITUTES: &[&str] = &[
    "the International Crisis Group",
    "Chatham House",
    "the Carnegie Endowment",
    "the Brookings Institution",
    "the European Council on Foreign Relations",
    "the Stockholm International Peace Research Institute",
    "the Atlantic Council",
    "the Center for Strategic and International Studies",
    "the German Marshall Fund",
    "the Institute for Security Studies",
];

const FIELDS: &[&str] = &[
    "security",
    "regional",
    "energy",
    "trade",
    "political",
    "defence",
    "Middle East",
    "Africa",
    "Asia",
    "sanctions",
];

const ORGS: &[&str] = &[
    "the United Nations",
    "the European Union",
    "NATO",
    "the African Union",
    "ASEAN",
    "the Arab League",
    "the UN Security Council",
    "the G7",
    "the G20",
    "the World Bank",
    "the International Monetary Fund",
    "the Organization of American States",
];

const SPEECH_VERBS: &[&str] = &[
    "said",
    "said",
    "said",
    "said",
    "told reporters",
    "added",
    "warned",
    "insisted",
    "stressed",
    "noted",
    "argued",
    "declared",
    "acknowledged",
    "cautioned",
];

/// Speech verbs that can follow a quote and precede the speaker (`said X`).
const INVERTED_VERBS: &[&str] = &["said", "said", "added", "warned", "insisted", "noted"];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &dipnews::article::MONTHS_EN;

const MONTHS_ES: &[&str] = &[
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

const MONTHS_ABBR: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];

/// A topic: short noun phrases for titles and sentences, templates that
/// carry its vocabulary, and quotes.
pub struct Topic {
    /// Name (the dipnews taxonomy leaf it aims at).
    pub name: &'static str,
    /// Noun phrases.
    pub phrases: &'static [&'static str],
    /// Sentence templates.
    pub sentences: &'static [&'static str],
    /// Quotes (no final punctuation).
    pub quotes: &'static [&'static str],
}

/// Topics, most frequent first (Zipf rank order).
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "negotiations",
        phrases: &["the talks", "a new round of negotiations", "the peace talks", "mediation efforts", "indirect talks"],
        sentences: &[
            "Negotiators from {C} and {E} held a second round of talks in {K} on {W}, officials said.",
            "The envoy shuttled between the two delegations for {N} hours without a breakthrough.",
            "{O} has offered to host the next round of negotiations, diplomats in {K} said.",
            "Mediators from {E} said both sides had agreed on an agenda but not on a timetable.",
        ],
        quotes: &[
            "The door to dialogue remains open, but it will not stay open forever",
            "We came here to negotiate, not to listen to ultimatums",
            "Nothing is agreed until everything is agreed",
        ],
    },
    Topic {
        name: "military",
        phrases: &["the military buildup", "the troop deployment", "the air strikes", "the joint military exercises", "the missile launches"],
        sentences: &[
            "{D} troops began joint military drills near the border with {E} on {W}.",
            "The defence ministry in {K} said its air defences had intercepted {N} drones and two missiles overnight.",
            "Satellite images showed warships and armoured units massing near {X}, analysts said.",
            "The army said it had carried out air strikes on positions held by armed groups near {X}.",
        ],
        quotes: &[
            "Any attack on our territory will be met with a decisive military response",
            "Our soldiers are ready, and our enemies know it",
            "This deployment is defensive and threatens no one",
        ],
    },
    Topic {
        name: "sanctions",
        phrases: &["sanctions", "the sanctions package", "export controls", "the asset freeze", "the oil embargo"],
        sentences: &[
            "{C} announced new sanctions on {D} banks and an asset freeze targeting officials in {K}.",
            "The sanctions package includes export controls on dual-use goods and a ban on new investment.",
            "{E} has asked for sanctions relief as a condition for any deal, a demand {C} rejected.",
            "Treasury officials said the embargo would be enforced against anyone helping {E} evade sanctions.",
        ],
        quotes: &[
            "Sanctions have never changed our policy and they never will",
            "These sanctions target those responsible, not ordinary people",
            "We will keep up the pressure until the behaviour changes",
        ],
    },
    Topic {
        name: "nuclear",
        phrases: &["the nuclear program", "uranium enrichment", "the nuclear deal", "nuclear inspections", "the ballistic missile program"],
        sentences: &[
            "Inspectors from the International Atomic Energy Agency have not had full access to {C}'s enrichment sites since {Y}.",
            "The stockpile of highly enriched uranium has grown {N}-fold, according to the IAEA.",
            "Talks on reviving the nuclear deal have stalled over sanctions relief and limits on centrifuges.",
            "Officials in {K} insisted the nuclear program was peaceful and denied seeking a nuclear weapon.",
        ],
        quotes: &[
            "We have no intention of building a nuclear weapon, and we have said so many times",
            "Without inspectors on the ground we are working in the dark",
            "Enrichment is our right under the treaty",
        ],
    },
    Topic {
        name: "ceasefire",
        phrases: &["the ceasefire", "the truce", "a cessation of hostilities", "the ceasefire deal", "the hostage exchange"],
        sentences: &[
            "The ceasefire between {C} and {E} largely held overnight despite reported violations near {X}.",
            "Under the truce, hostages would be exchanged for prisoners in three phases over {N} days.",
            "Both sides accused each other of breaking the ceasefire within hours of it taking effect.",
            "Monitors from {O} will oversee the cessation of hostilities along the front line.",
        ],
        quotes: &[
            "The ceasefire is fragile, and everyone must show restraint",
            "We will respect the truce as long as the other side does",
            "Guns have fallen silent for the first time in months",
        ],
    },
    Topic {
        name: "trade",
        phrases: &["tariffs", "the trade deal", "the trade dispute", "export restrictions", "the free trade agreement"],
        sentences: &[
            "{C} raised tariffs on {D} steel and aluminium to {N} percent, and {K} vowed to retaliate.",
            "Exports to {E} fell {N} percent last year as the trade dispute dragged on.",
            "The free trade agreement still needs approval by lawmakers in {K} and a review by the WTO.",
            "Business groups in {X} warned that the tariffs would raise prices for consumers.",
        ],
        quotes: &[
            "Nobody wins a trade war, and consumers always lose",
            "These tariffs protect our workers from unfair competition",
            "We want a fair trade deal, not a one-sided one",
        ],
    },
    Topic {
        name: "elections",
        phrases: &["the election", "the presidential vote", "the runoff", "the parliamentary elections", "the referendum"],
        sentences: &[
            "Voters in {C} go to the polls in {M} in a presidential election seen as a test for the government.",
            "Turnout in the first round was {N} percent, the electoral commission said, and a runoff is expected.",
            "Opposition parties accused the ruling coalition of ballot stuffing in several districts around {X}.",
            "International observers from {O} said the vote was largely orderly but not fully competitive.",
        ],
        quotes: &[
            "The people have spoken, and we will respect their choice",
            "This election was neither free nor fair",
            "Every vote must be counted before anyone claims victory",
        ],
    },
    Topic {
        name: "energy",
        phrases: &["oil prices", "the gas pipeline", "energy supplies", "LNG exports", "crude output"],
        sentences: &[
            "Oil prices rose after {C} said it would cut crude output by {N}0,000 barrels a day.",
            "The gas pipeline to {E} has been shut for maintenance since {M}, raising fears of shortages.",
            "{C} signed a long-term deal to buy liquefied natural gas from {E}, officials in {K} said.",
            "OPEC ministers will meet in Vienna next month to review production quotas.",
        ],
        quotes: &[
            "Energy must never be used as a weapon",
            "Our gas will keep flowing to reliable partners",
            "The market is well supplied, and prices will stabilise",
        ],
    },
    Topic {
        name: "refugees",
        phrases: &["the refugee crisis", "asylum seekers", "the displaced", "refugee camps", "migration"],
        sentences: &[
            "More than {N},000 refugees have crossed into {E} since {M}, according to the UN refugee agency.",
            "Camps near {X} are overcrowded, and asylum seekers wait months for a hearing.",
            "{E} has asked {O} for money to house the displaced families arriving at its border.",
            "Aid workers said many of the refugees were women and children fleeing the fighting.",
        ],
        quotes: &[
            "These families have lost everything and need protection now",
            "No country can carry the burden of this refugee crisis alone",
            "We will not close our borders to people fleeing war",
        ],
    },
    Topic {
        name: "protests",
        phrases: &["the protests", "the demonstrations", "the street rallies", "the unrest", "the crackdown on protesters"],
        sentences: &[
            "Protesters filled the streets of {X} for a {N}th night, and riot police fired tear gas.",
            "Thousands of demonstrators marched to the parliament in {K}, chanting against the government.",
            "Rights groups said at least {N} people had been arrested since the demonstrations began.",
            "Organisers called a general strike for {W} to keep up the pressure on the authorities.",
        ],
        quotes: &[
            "We will stay in the streets until our demands are met",
            "Peaceful protest is a right, not a crime",
            "The government is not listening to its own people",
        ],
    },
    Topic {
        name: "climate",
        phrases: &["climate change", "emissions targets", "climate finance", "the climate summit", "the drought"],
        sentences: &[
            "{C} pledged to cut greenhouse gas emissions by {N} percent by 2035 at the climate talks.",
            "Developing countries led by {E} demanded more climate finance to cope with droughts and floods.",
            "The heatwave and drought have devastated harvests around {X}, officials said.",
            "Delegates at the COP summit argued late into the night over phasing out coal.",
        ],
        quotes: &[
            "Climate change is not a distant threat, it is here now",
            "Rich countries must pay their fair share of climate finance",
            "We cannot negotiate with the rising sea",
        ],
    },
    Topic {
        name: "aid",
        phrases: &["humanitarian aid", "food aid", "the aid convoys", "humanitarian access", "the relief effort"],
        sentences: &[
            "Aid agencies warned that humanitarian convoys could not reach {X} because of the fighting.",
            "The World Food Programme said food aid for {N}0,000 people would run out by {M}.",
            "{C} pledged ${N} million in humanitarian assistance at a donors' conference in {K}.",
            "Trucks carrying medicine and food waited for days at the crossing into {E}.",
        ],
        quotes: &[
            "People are starving while the trucks wait at the border",
            "Humanitarian access must never be a bargaining chip",
            "We need safe corridors, and we need them now",
        ],
    },
    Topic {
        name: "agreements",
        phrases: &["the agreement", "the treaty", "the accord", "the memorandum of understanding", "the framework agreement"],
        sentences: &[
            "The agreement, signed in {K} on {W}, commits both sides to a timetable of {N} months.",
            "The treaty must still be ratified by the parliament of {C} before it can take effect.",
            "{C} and {E} signed a memorandum of understanding on security cooperation.",
            "Under the accord, {E} will reopen its embassy in {K} by the end of the year.",
        ],
        quotes: &[
            "This agreement opens a new chapter between our two nations",
            "A signature is only the beginning; implementation is what counts",
            "Today we chose cooperation over confrontation",
        ],
    },
    Topic {
        name: "terrorism",
        phrases: &["the attack", "the bombing", "the insurgency", "militant groups", "counterterrorism"],
        sentences: &[
            "Militants attacked a police post near {X}, killing {N} officers, officials said.",
            "No group has claimed responsibility for the bombing, but {D} authorities blamed an extremist network.",
            "Security forces in {C} said they had killed several insurgents in a raid before dawn.",
            "The attack was the deadliest in {C} since {Y}, and the government declared three days of mourning.",
        ],
        quotes: &[
            "Terrorists will not divide our nation",
            "Those responsible for this cowardly attack will be brought to justice",
            "We stand with the families of the victims",
        ],
    },
    Topic {
        name: "human-rights",
        phrases: &["human rights", "political prisoners", "press freedom", "the detained activists", "the rule of law"],
        sentences: &[
            "Human rights groups say more than {N} political prisoners remain in detention in {C}.",
            "Amnesty International accused the authorities in {K} of torture and arbitrary detention.",
            "The UN Human Rights Council will debate a resolution on {C} next month.",
            "Journalists covering the trial in {X} were barred from the courtroom.",
        ],
        quotes: &[
            "Human rights are not an internal affair",
            "Our only crime was to speak the truth",
            "We call for the immediate release of all political prisoners",
        ],
    },
    Topic {
        name: "cyber",
        phrases: &["the cyberattack", "the hacking campaign", "ransomware", "cyber espionage", "the data breach"],
        sentences: &[
            "Investigators in {K} blamed state-backed hackers from {E} for a cyberattack on government ministries.",
            "The ransomware attack paralysed hospitals and ports around {X} for {N} days.",
            "Officials said the hacking campaign had targeted telecoms networks and defence contractors.",
            "{C} expelled {N} diplomats over what it called a campaign of cyber espionage.",
        ],
        quotes: &[
            "This was a deliberate attack on our critical infrastructure",
            "We know who is behind these hackers",
            "Cyberspace cannot be a lawless zone",
        ],
    },
];

/// Generic sentences. Slots: P person, R second person, C country, E other
/// country, D demonym of C, K capital of C, J capital of E, X a city of C,
/// O organisation, T topic phrase, U second topic phrase, V speech verb,
/// I inverted speech verb, Q quote, A invented analyst, W weekday, M month,
/// N number, Y year.
const GENERIC: &[&str] = &[
    "{P} {V} on {W} that {C} would not back down over {T}.",
    "\"{Q},\" {P} {V}.",
    "\"{Q},\" {I} {P}.",
    "{P} {V}: \"{Q}.\"",
    "\u{201c}{Q},\u{201d} {P} told reporters in {K}.",
    "\"{Q},\" {I} {A}.",
    "{P} is expected to travel to {J} next month for talks with {R}.",
    "{P} and {R} spoke by phone on {W} about {T} and {U}, according to a readout from {K}.",
    "Speaking in {X}, {P} {V} that {T} remained the main obstacle to a deal with {E}.",
    "Officials in {K} said discussions on {T} would resume next {W}.",
    "The {D} government has repeatedly rejected calls from {O} to act on {T}.",
    "{E} and {C} have been at odds over {T} since {Y}.",
    "According to {N} diplomats familiar with the matter, {C} has offered concessions on {T}.",
    "{O} has called for restraint, warning that {T} could spill over into {E}.",
    "Markets in {K} fell {N} percent after the announcement.",
    "The parliament of {C} is due to vote on the measure in {M}.",
    "Last year {C} and {E} signed a memorandum on {U}, which {P} described as historic.",
    "Thousands gathered in {X} on {W}, the latest sign of public anger over {T}.",
    "The {D} delegation arrived in {J} late on {W}.",
    "{A}, {V} that the outcome would depend on whether {E} was willing to compromise on {T}.",
    "Diplomats in {J} said privately that {R} had little room to manoeuvre.",
    "{P} later met {R} on the sidelines of a summit organised by {O}.",
    "The foreign ministry in {K} summoned the ambassador of {E} to protest.",
    "Critics at home accused {P} of giving too much ground on {T}.",
];

/// Quotations with their speaker.
const QUOTING: &[&str] = &[
    "\"{Q},\" {P} {V}.",
    "\"{Q},\" {I} {P}.",
    "{P} {V}: \"{Q}.\"",
    "\u{201c}{Q},\u{201d} {P} told reporters in {K}.",
    "\"{Q},\" {I} {A}.",
    "\"{Q},\" {P} {V} in a statement. \"{Q}.\"",
    "\"{Q},\" {P} {V} after meeting officials from {E}.",
    "Asked about {T}, {P} {V}: \"{Q}.\"",
];

const TITLES: &[&str] = &[
    "{C} and {E} agree to resume talks on {T}",
    "{S} warns {E} over {T}",
    "{D} officials see little progress on {T} in {K}",
    "{C} says {T} will top agenda at {O} meeting",
    "{S} and {Z} meet in {K} amid dispute over {T}",
    "Inside {C}'s gamble on {T}",
    "What {C}'s new stance on {T} means for {E}",
    "{C} rejects {D} criticism over {T}",
    "Pressure mounts on {S} over {T}",
    "{E} urges {C} to act on {T} as deadline nears",
];

/// Reads the TSV tables under `data_dir` and builds the vocabulary for `seed`.
///
/// Prose is also learnt from the sample articles `*.txt` of `data_dir/../corpus`
/// when that folder exists.
pub fn load_vocab(data_dir: &Path, seed: u64) -> io::Result<Vocab> {
    let countries_tsv = std::fs::read_to_string(data_dir.join("countries.tsv"))?;
    let people_tsv = std::fs::read_to_string(data_dir.join("people.tsv"))?;
    let mut samples = Vec::new();
    if let Ok(entries) = std::fs::read_dir(data_dir.join("../corpus")) {
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(text) = std::fs::read_to_string(&p) {
                samples.push(text.replace("\r\n", "\n"));
            }
        }
    }
    let mut v = build_vocab(&countries_tsv, &people_tsv, seed);
    v.markov = Markov::learn(samples.iter().map(String::as_str));
    let mut h = v.fingerprint;
    for s in &samples {
        h = fnv(h, s.as_bytes());
    }
    v.fingerprint = h;
    Ok(v)
}

/// FNV-1a, to fingerprint the inputs.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The default data folder: `data/` of the crate.
pub fn default_data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn tsv(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn values(cell: Option<&&str>) -> Vec<String> {
    cell.map(|c| {
        c.split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

/// Builds the vocabulary from the text of `countries.tsv` and `people.tsv`.
pub fn build_vocab(countries_tsv: &str, people_tsv: &str, seed: u64) -> Vocab {
    let mut rng = Rng::new(seed, u64::MAX);
    let mut rows: Vec<(CountryV, bool)> = Vec::new();
    for row in tsv(countries_tsv) {
        if row.len() < 10 || row[0].is_empty() || row[9] == "historical" {
            continue;
        }
        let demonym = values(row.get(5)).into_iter().next();
        let capital = values(row.get(6))
            .into_iter()
            .find(|c| !c.starts_with("the "));
        let country = CountryV {
            name: row[0].to_owned(),
            demonym,
            capital,
            cities: values(row.get(7)),
        };
        rows.push((country, row[9] == "country"));
    }
    // Prominent countries first, then the other countries shuffled, then territories.
    let mut ordered: Vec<CountryV> = Vec::with_capacity(rows.len());
    for name in PROMINENT {
        if let Some(i) = rows.iter().position(|(c, _)| c.name == *name) {
            ordered.push(rows.remove(i).0);
        }
    }
    let (mut rest, territories): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, c)| *c);
    for i in (1..rest.len()).rev() {
        let j = rng.below(i + 1);
        rest.swap(i, j);
    }
    ordered.extend(rest.into_iter().map(|(c, _)| c));
    ordered.extend(territories.into_iter().map(|(c, _)| c));
    let country_index: HashMap<String, usize> = ordered
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.clone(), i))
        .collect();
    let country_weights = Weighted::zipf(ordered.len(), 1.0);

    let mut people: Vec<PersonV> = Vec::new();
    let mut person_index: HashMap<String, usize> = HashMap::new();
    let mut offices: Vec<(Vec<Office>, Vec<f64>)> = (YEARS.0..=YEARS.1)
        .map(|_| (Vec::new(), Vec::new()))
        .collect();
    for row in tsv(people_tsv) {
        if row.len() < 4 || row[0].is_empty() || row[2].is_empty() {
            continue;
        }
        let from: i32 = row[3].parse().unwrap_or(0);
        let to: i32 = row.get(4).and_then(|t| t.parse().ok()).unwrap_or(9999);
        if to < YEARS.0 || from > YEARS.1 {
            continue;
        }
        let country = country_index.get(row[1]).copied();
        let id = *person_index.entry(row[0].to_owned()).or_insert_with(|| {
            let words: Vec<&str> = row[0].split_whitespace().collect();
            let family_first = FAMILY_FIRST.contains(&row[1]);
            let surname = if family_first {
                words.first()
            } else {
                words.last()
            }
            .copied()
            .unwrap_or(row[0])
            .to_owned();
            people.push(PersonV {
                name: row[0].to_owned(),
                country,
                surname,
            });
            people.len() - 1
        });
        let rank = country.unwrap_or(40) as f64;
        let role_weight = role_weight(row[2]);
        let weight = role_weight / (rank + 1.0);
        for (y, slot) in offices.iter_mut().enumerate() {
            let year = YEARS.0 + y as i32;
            if from <= year && year <= to {
                slot.0.push(Office {
                    person: id,
                    role: row[2].to_owned(),
                });
                slot.1.push(weight);
            }
        }
    }
    let offices = offices
        .into_iter()
        .map(|(o, w)| {
            let w = if w.is_empty() { vec![1.0] } else { w };
            (o, Weighted::new(w))
        })
        .collect();

    let authors: Vec<String> = (0..600)
        .map(|_| {
            let mut a = String::from(*rng.pick(FIRST_NAMES));
            if rng.chance(0.1) {
                a.push(' ');
                a.push((b'A' + rng.below(26) as u8) as char);
                a.push('.');
            }
            a.push(' ');
            a.push_str(rng.word(SURNAMES));
            if rng.chance(0.3) {
                a.push('-');
                a.push_str(rng.word(SURNAMES));
            }
            a
        })
        .collect();
    Vocab {
        country_weights,
        countries: ordered,
        people,
        offices,
        author_weights: Weighted::zipf(authors.len(), 0.8),
        authors,
        topic_weights: Weighted::zipf(TOPICS.len(), 0.7),
        markov: None,
        fingerprint: fnv(
            fnv(0xcbf2_9ce4_8422_2325, countries_tsv.as_bytes()),
            people_tsv.as_bytes(),
        ),
    }
}

fn role_weight(role: &str) -> f64 {
    match role {
        "President"
        | "Prime Minister"
        | "Chancellor"
        | "King"
        | "Emir"
        | "Crown Prince"
        | "Supreme Leader"
        | "Taoiseach"
        | "Head of State"
        | "General Secretary of the Communist Party" => 1.0,
        "Foreign Minister"
        | "Secretary of State"
        | "Foreign Secretary"
        | "Secretary General of NATO"
        | "Secretary-General of the United Nations" => 0.5,
        _ => 0.15,
    }
}

// ---------------------------------------------------------------------------
// Articles

/// Why a file is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Broken {
    /// Zero bytes.
    Empty,
    /// The article without its header line.
    NoHeader,
    /// A header date that does not exist (`2026-02-30`).
    BadDate,
    /// Binary bytes with NULs.
    Binary,
    /// Windows-1252 bytes: still an article, indexed with a warning.
    Windows1252,
    /// The header line and nothing else.
    HeaderOnly,
}

impl Broken {
    /// Every kind, in order.
    pub const ALL: [Broken; 6] = [
        Broken::Empty,
        Broken::NoHeader,
        Broken::BadDate,
        Broken::Binary,
        Broken::Windows1252,
        Broken::HeaderOnly,
    ];
    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Broken::Empty => "empty",
            Broken::NoHeader => "no-header",
            Broken::BadDate => "bad-date",
            Broken::Binary => "binary",
            Broken::Windows1252 => "windows-1252",
            Broken::HeaderOnly => "header-only",
        }
    }
    /// False for the kinds a reader still accepts (Windows-1252).
    pub fn unparseable(self) -> bool {
        self != Broken::Windows1252
    }
}

/// What was written for one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    /// Header date.
    pub date: NaiveDate,
    /// Set when the file is broken on purpose.
    pub broken: Option<Broken>,
}

/// Per-article state while writing.
struct Ctx<'v> {
    v: &'v Vocab,
    rng: Rng,
    /// (person, role, mentioned yet)
    people: Vec<(usize, &'v str, bool)>,
    countries: Vec<usize>,
    topics: Vec<usize>,
    year: i32,
    curly: bool,
    /// Templates already used in this article (by address), to limit repeats.
    used: Vec<usize>,
}

impl<'v> Ctx<'v> {
    fn country(&self, i: usize) -> &'v CountryV {
        &self.v.countries[i]
    }

    /// A country of the article, the first most likely.
    fn article_country(&mut self) -> usize {
        let n = self.countries.len();
        let k = if self.rng.chance(0.5) {
            0
        } else {
            self.rng.below(n)
        };
        self.countries[k]
    }

    fn other_country(&mut self, not: usize) -> usize {
        for _ in 0..4 {
            let c = if self.rng.chance(0.9) {
                *self.rng.pick(&self.countries)
            } else {
                self.v.country_weights.sample(&mut self.rng)
            };
            if c != not {
                return c;
            }
        }
        (not + 1) % self.v.countries.len()
    }

    fn topic(&mut self) -> &'static Topic {
        let k = if self.rng.chance(0.6) {
            0
        } else {
            self.rng.below(self.topics.len())
        };
        &TOPICS[self.topics[k]]
    }

    /// Writes a person: full name with a title at the first mention, the surname after.
    fn mention(&mut self, out: &mut String, k: usize) {
        let Some(&(p, role, mentioned)) = self.people.get(k) else {
            out.push_str("a senior official");
            return;
        };
        let person = &self.v.people[p];
        if mentioned {
            out.push_str(&person.surname);
            return;
        }
        self.people[k].2 = true;
        let short_role = role.split_whitespace().count() <= 3;
        let roll = self.rng.below(10);
        if short_role && roll < 4 {
            if let Some(d) = person
                .country
                .and_then(|c| self.v.countries[c].demonym.as_deref())
            {
                out.push_str(d);
                out.push(' ');
            }
            out.push_str(role);
            out.push(' ');
        } else if short_role && roll < 8 {
            out.push_str(role);
            out.push(' ');
        }
        out.push_str(&person.name);
    }
}

/// Writes one sentence from a template.
fn expand(out: &mut String, tpl: &str, cx: &mut Ctx) {
    let c = cx.article_country();
    let mut e: Option<usize> = None;
    let topic = cx.topic();
    let np = cx.people.len();
    let p = if np > 0 { cx.rng.below(np) } else { 0 };
    let r = if np > 1 {
        (p + 1 + cx.rng.below(np - 1)) % np
    } else {
        p
    };
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let slot = rest.as_bytes()[open + 1];
        rest = &rest[open + 3..];
        match slot {
            b'P' => cx.mention(out, p),
            b'R' => {
                if r == p {
                    // A single person: name an invented colleague instead.
                    out.push_str("officials from ");
                    let e = *e.get_or_insert_with(|| cx.other_country(c));
                    country_name(out, &cx.country(e).name);
                } else {
                    cx.mention(out, r);
                }
            }
            b'S' | b'Z' => {
                let k = if slot == b'S' { p } else { r };
                match cx.people.get(k) {
                    Some(&(person, _, _)) => out.push_str(&cx.v.people[person].surname),
                    None => out.push_str("Officials"),
                }
            }
            b'C' => country_name(out, &cx.country(c).name),
            b'E' => {
                let e = *e.get_or_insert_with(|| cx.other_country(c));
                country_name(out, &cx.country(e).name);
            }
            b'D' => {
                let country = cx.country(c);
                match &country.demonym {
                    Some(d) => out.push_str(d),
                    None => out.push_str(&country.name),
                }
            }
            b'K' => {
                let country = cx.country(c);
                out.push_str(country.capital.as_deref().unwrap_or(&country.name));
            }
            b'J' => {
                let e = *e.get_or_insert_with(|| cx.other_country(c));
                let country = cx.country(e);
                out.push_str(country.capital.as_deref().unwrap_or(&country.name));
            }
            b'X' => {
                let country = cx.country(c);
                if !country.cities.is_empty() && cx.rng.chance(0.6) {
                    out.push_str(cx.rng.pick(&country.cities).as_str());
                } else {
                    out.push_str(country.capital.as_deref().unwrap_or(&country.name));
                }
            }
            b'O' => out.push_str(cx.rng.word(ORGS)),
            b'T' => out.push_str(cx.rng.word(topic.phrases)),
            b'U' => {
                let t = cx.topic();
                out.push_str(cx.rng.word(t.phrases));
            }
            b'V' => out.push_str(cx.rng.word(SPEECH_VERBS)),
            b'I' => out.push_str(cx.rng.word(INVERTED_VERBS)),
            b'Q' => {
                let q = if cx.rng.chance(0.6) {
                    cx.rng.pick(topic.quotes)
                } else {
                    let t = cx.topic();
                    cx.rng.pick(t.quotes)
                };
                out.push_str(q);
            }
            b'A' => {
                out.push_str(cx.rng.word(FIRST_NAMES));
                out.push(' ');
                out.push_str(cx.rng.word(SURNAMES));
                let field = cx.rng.word(FIELDS);
                out.push_str(
                    if field.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
                        ", an "
                    } else {
                        ", a "
                    },
                );
                out.push_str(field);
                out.push_str(" analyst at ");
                out.push_str(cx.rng.word(INSTITUTES));
            }
            b'W' => out.push_str(cx.rng.word(WEEKDAYS)),
            b'M' => out.push_str(cx.rng.word(MONTHS)),
            b'N' => {
                let n = cx.rng.range(2, 40);
                let _ = write!(out, "{n}");
            }
            b'Y' => {
                let y = cx.year - cx.rng.range(1, 6) as i32;
                let _ = write!(out, "{y}");
            }
            _ => {}
        }
    }
    out.push_str(rest);
    if let Some(first) = out.chars().next().filter(|c| c.is_lowercase()) {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(..first.len_utf8(), &upper);
    }
    if cx.curly {
        // Some outlets print curly quotes.
        if out.contains('"') {
            let mut open = true;
            let s: String = out
                .chars()
                .map(|ch| {
                    if ch == '"' {
                        open = !open;
                        if open {
                            '\u{201d}'
                        } else {
                            '\u{201c}'
                        }
                    } else {
                        ch
                    }
                })
                .collect();
            *out = s;
        }
    }
}

/// Writes a country name, with `the` where English wants one.
fn country_name(out: &mut String, name: &str) {
    let the = name.starts_with("United ")
        || name.contains("Republic")
        || name.ends_with("Islands")
        || matches!(
            name,
            "Netherlands"
                | "Philippines"
                | "Bahamas"
                | "Maldives"
                | "Comoros"
                | "Seychelles"
                | "Gambia"
                | "Vatican City"
        );
    if the {
        out.push_str("the ");
    }
    out.push_str(name);
}

fn outlet_date(out: &mut String, date: NaiveDate, rng: &mut Rng) {
    let (d, m, y) = (date.day(), date.month0() as usize, date.year());
    let _ = match rng.below(20) {
        0..=6 => write!(out, " {} {d}, {y}", MONTHS[m]),
        7..=10 => write!(out, " {d} {} {y}", MONTHS[m]),
        11..=13 => write!(out, " {} {d}, {y}", MONTHS_ABBR[m]),
        14..=17 => write!(out, " {d} de {}, {y}", MONTHS_ES[m]),
        18 => write!(
            out,
            " {}, {} {d}, {y}",
            WEEKDAYS[date.weekday().num_days_from_monday() as usize],
            MONTHS[m]
        ),
        _ => write!(out, " {}", date.format("%Y-%m-%d")),
    };
}

/// The header date of article `i` (also for broken files).
fn article_date(rng: &mut Rng) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(YEARS.0, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(YEARS.1, 12, 31).unwrap_or_default();
    let span = (last - first).num_days() as usize;
    first + chrono::Days::new(rng.below(span + 1) as u64)
}

/// Writes the text of a well-formed article into `out`; returns its date.
fn write_article(v: &Vocab, rng: Rng, out: &mut String, accented_author: bool) -> NaiveDate {
    let mut rng = rng;
    let date = article_date(&mut rng);
    let year = date.year();
    let y = (year - YEARS.0).clamp(0, YEARS.1 - YEARS.0) as usize;

    // Cast: 1-3 people, their countries, 1-3 more countries, 1-3 topics.
    let mut people: Vec<(usize, &str, bool)> = Vec::new();
    let (offices, weights) = &v.offices[y];
    if !offices.is_empty() {
        for _ in 0..rng.range(1, 3) {
            let o = &offices[weights.sample(&mut rng)];
            if !people.iter().any(|(p, _, _)| *p == o.person) {
                people.push((o.person, o.role.as_str(), false));
            }
        }
    }
    let mut countries: Vec<usize> = Vec::new();
    for (p, _, _) in &people {
        if let Some(c) = v.people[*p].country {
            if !countries.contains(&c) {
                countries.push(c);
            }
        }
    }
    for _ in 0..rng.range(1, 2) {
        let c = v.country_weights.sample(&mut rng);
        if !countries.contains(&c) {
            countries.push(c);
        }
    }
    if rng.chance(0.5) {
        let k = 1.min(countries.len().saturating_sub(1));
        countries.rotate_left(k);
    }
    let mut topics = Vec::new();
    for _ in 0..rng.range(1, 2) {
        let t = v.topic_weights.sample(&mut rng);
        if !topics.contains(&t) {
            topics.push(t);
        }
    }
    let curly = rng.chance(0.25);
    let mut cx = Ctx {
        v,
        rng,
        people,
        countries,
        topics,
        year,
        curly,
        used: Vec::new(),
    };

    // Header.
    let ws = cx.rng.chance(0.05);
    if ws {
        out.push(' ');
    }
    let _ = write!(out, "date {}", date.format("%Y-%m-%d"));
    out.push_str(if ws {
        "  Published by "
    } else {
        " Published by "
    });
    if accented_author {
        out.push_str(cx.rng.word(ACCENTED_AUTHORS));
    } else {
        out.push_str(&v.authors[v.author_weights.sample(&mut cx.rng)]);
    }
    if cx.rng.chance(0.8) {
        let published = if cx.rng.chance(0.6) {
            date.pred_opt().unwrap_or(date)
        } else {
            date
        };
        outlet_date(out, published, &mut cx.rng);
    }
    out.push_str("\n\n");

    // Title: a short line without a final period.
    let start = out.len();
    let mut title = String::with_capacity(96);
    let mut tpl = cx.rng.word(TITLES);
    if cx.people.is_empty() || (cx.people.len() < 2 && tpl.contains("{Z}")) {
        tpl = TITLES[0];
    }
    let mut title_cx_curly = false;
    std::mem::swap(&mut title_cx_curly, &mut cx.curly);
    expand(&mut title, tpl, &mut cx);
    std::mem::swap(&mut title_cx_curly, &mut cx.curly);
    let mut chars = title.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    if cx.rng.chance(0.1) {
        let upper = out[start..].to_uppercase();
        out.truncate(start);
        out.push_str(&upper);
    }
    out.push_str("\n\n");

    // Body.
    let target = start + 1800 + cx.rng.below(4000);
    let mut sentence = String::with_capacity(256);
    let mut paragraph = 0;
    while out.len() < target {
        if paragraph == 0 && cx.rng.chance(0.4) {
            let c = cx.countries[0];
            let country = &v.countries[c];
            let city = country.capital.as_deref().unwrap_or(&country.name);
            out.push_str(&city.to_uppercase());
            out.push_str(if cx.rng.chance(0.5) {
                " (Reuters) - "
            } else {
                " \u{2014} "
            });
        }
        let sentences = cx.rng.range(1, 4);
        for s in 0..sentences {
            sentence.clear();
            let roll = cx.rng.unit();
            if paragraph == 0 && s == 0 && !cx.people.is_empty() {
                // The lead names the main person in full.
                expand(&mut sentence, GENERIC[0], &mut cx);
            } else if let (Some(m), true) = (&v.markov, roll < 0.2) {
                m.sentence(&mut sentence, &mut cx.rng);
            } else if (0.5..0.72).contains(&roll) {
                let t = cx.rng.word(QUOTING);
                expand(&mut sentence, t, &mut cx);
            } else {
                let mut tpl = None;
                for _ in 0..4 {
                    let t = if roll < 0.5 {
                        let t = cx.topic();
                        cx.rng.word(t.sentences)
                    } else {
                        cx.rng.word(GENERIC)
                    };
                    if !cx.used.contains(&(t.as_ptr() as usize)) {
                        tpl = Some(t);
                        break;
                    }
                }
                match (tpl, &v.markov) {
                    (Some(t), _) => {
                        cx.used.push(t.as_ptr() as usize);
                        expand(&mut sentence, t, &mut cx);
                    }
                    // Every template of the kind was used: learnt prose instead.
                    (None, Some(m)) => m.sentence(&mut sentence, &mut cx.rng),
                    (None, None) => {
                        let t = cx.rng.word(GENERIC);
                        expand(&mut sentence, t, &mut cx);
                    }
                }
            }
            if s > 0 {
                out.push(' ');
            }
            out.push_str(&sentence);
        }
        out.push_str("\n\n");
        paragraph += 1;
        if paragraph > 3 && cx.rng.chance(0.04) {
            // A subheading.
            out.push_str(
                cx.rng
                    .word(&["What comes next", "Background", "Reaction", "The stakes"]),
            );
            out.push_str("\n\n");
        }
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
    date
}

fn to_windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{0}'..='\u{7f}' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{2014}' => 0x97,
            '\u{2013}' => 0x96,
            '\u{2026}' => 0x85,
            _ => b'?',
        })
        .collect()
}

/// Writes the bytes of article `i` of the corpus `seed` into `out` (cleared first).
pub fn article(v: &Vocab, seed: u64, i: u64, text: &mut String, out: &mut Vec<u8>) -> Meta {
    let mut rng = Rng::new(seed, i);
    text.clear();
    out.clear();
    let broken = if (rng.next_u64() % 1000) < BROKEN_PER_MILLE {
        Some(Broken::ALL[rng.below(Broken::ALL.len())])
    } else {
        None
    };
    let body_rng = Rng::new(rng.next_u64(), i);
    let date = match broken {
        None => {
            let d = write_article(v, body_rng, text, false);
            out.extend_from_slice(text.as_bytes());
            d
        }
        Some(Broken::Empty) => article_date(&mut rng),
        Some(Broken::NoHeader) => {
            let d = write_article(v, body_rng, text, false);
            let body = text.split_once("\n\n").map_or("", |(_, b)| b);
            out.extend_from_slice(body.as_bytes());
            d
        }
        Some(Broken::BadDate) => {
            let d = write_article(v, body_rng, text, false);
            let bad = rng.pick(&["2026-02-30", "2023-02-29", "2021-04-31", "2019-13-01"]);
            let at = text.find("date ").map_or(0, |p| p + 5);
            out.extend_from_slice(&text.as_bytes()[..at]);
            out.extend_from_slice(bad.as_bytes());
            out.extend_from_slice(&text.as_bytes()[at + 10..]);
            d
        }
        Some(Broken::Binary) => {
            let n = rng.range(2000, 6000);
            out.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
            while out.len() < n {
                out.extend_from_slice(&rng.next_u64().to_le_bytes());
            }
            out.extend_from_slice(&[0, 0, 0, 0]);
            article_date(&mut rng)
        }
        Some(Broken::Windows1252) => {
            let d = write_article(v, body_rng, text, true);
            out.extend_from_slice(&to_windows_1252(text));
            d
        }
        Some(Broken::HeaderOnly) => {
            let d = write_article(v, body_rng, text, false);
            let header = text.lines().next().unwrap_or("");
            out.extend_from_slice(header.as_bytes());
            out.push(b'\n');
            d
        }
    };
    Meta { date, broken }
}

/// Path of article `i` under `dir`.
pub fn article_path(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("{:04}", i / PER_FOLDER))
        .join(format!("{i:07}.txt"))
}

/// What a generation run wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Articles written.
    pub count: usize,
    /// Seed.
    pub seed: u64,
    /// Bytes written.
    pub bytes: u64,
    /// Broken files per kind (same order as [`Broken::ALL`]).
    pub broken: [usize; 6],
    /// Wall time.
    pub seconds: f64,
}

impl Summary {
    /// All broken files (Windows-1252 included).
    pub fn broken_total(&self) -> usize {
        self.broken.iter().sum()
    }

    /// Files that no reader can index.
    pub fn unparseable(&self) -> usize {
        Broken::ALL
            .iter()
            .zip(self.broken)
            .filter(|(b, _)| b.unparseable())
            .map(|(_, n)| n)
            .sum()
    }

    /// One line for humans.
    pub fn line(&self, dir: &Path) -> String {
        let kinds: Vec<String> = Broken::ALL
            .iter()
            .zip(self.broken)
            .map(|(b, n)| format!("{} {n}", b.name()))
            .collect();
        format!(
            "generated {} articles (seed {}), {:.1} MB in {:.2} s ({:.1} MB/s) into {}; broken {} ({:.2}%: {})",
            self.count,
            self.seed,
            self.bytes as f64 / 1e6,
            self.seconds,
            self.bytes as f64 / 1e6 / self.seconds.max(1e-9),
            dir.display(),
            self.broken_total(),
            100.0 * self.broken_total() as f64 / self.count.max(1) as f64,
            kinds.join(", ")
        )
    }

    fn to_json(&self) -> String {
        format!(
            "{{\"count\": {}, \"seed\": {}, \"bytes\": {}, \"broken\": {:?}}}\n",
            self.count, self.seed, self.bytes, self.broken
        )
    }

    fn from_json(s: &str) -> Option<Summary> {
        let num = |key: &str| -> Option<u64> {
            let at = s.find(&format!("\"{key}\": "))? + key.len() + 4;
            let end = s[at..].find(|c: char| !c.is_ascii_digit())? + at;
            s[at..end].parse().ok()
        };
        let at = s.find("\"broken\": [")? + 11;
        let end = s[at..].find(']')? + at;
        let list: Vec<usize> = s[at..end]
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect();
        Some(Summary {
            count: num("count")? as usize,
            seed: num("seed")?,
            bytes: num("bytes")?,
            broken: list.try_into().ok()?,
            seconds: 0.0,
        })
    }
}

/// Generates articles `0..count` in memory only (tests): their bytes are
/// handed to `each`.
pub fn generate_with(v: &Vocab, count: usize, seed: u64, mut each: impl FnMut(usize, &[u8], Meta)) {
    let mut text = String::with_capacity(8192);
    let mut bytes = Vec::with_capacity(8192);
    for i in 0..count {
        let meta = article(v, seed, i as u64, &mut text, &mut bytes);
        each(i, &bytes, meta);
    }
}

/// Writes the corpus into `dir` with `threads` threads.
pub fn generate(
    v: &Vocab,
    dir: &Path,
    count: usize,
    seed: u64,
    threads: usize,
) -> io::Result<Summary> {
    let started = Instant::now();
    std::fs::create_dir_all(dir)?;
    let folders = count.div_ceil(PER_FOLDER);
    let next = AtomicUsize::new(0);
    let results: Vec<io::Result<Summary>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| -> io::Result<Summary> {
                    let mut sum = Summary::default();
                    let mut text = String::with_capacity(8192);
                    let mut bytes = Vec::with_capacity(8192);
                    loop {
                        let f = next.fetch_add(1, Ordering::Relaxed);
                        if f >= folders {
                            return Ok(sum);
                        }
                        let first = f * PER_FOLDER;
                        let folder = article_path(dir, first);
                        if let Some(parent) = folder.parent() {
                            std::fs::create_dir_all(parent)?;
                        }
                        for i in first..(first + PER_FOLDER).min(count) {
                            let meta = article(v, seed, i as u64, &mut text, &mut bytes);
                            std::fs::write(article_path(dir, i), &bytes)?;
                            sum.count += 1;
                            sum.bytes += bytes.len() as u64;
                            if let Some(b) = meta.broken {
                                sum.broken[b as usize] += 1;
                            }
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(io::Error::other("generator thread panicked")))
            })
            .collect()
    });
    let mut total = Summary {
        seed,
        ..Summary::default()
    };
    for r in results {
        let r = r?;
        total.count += r.count;
        total.bytes += r.bytes;
        for (t, b) in total.broken.iter_mut().zip(r.broken) {
            *t += b;
        }
    }
    total.seconds = started.elapsed().as_secs_f64();
    std::fs::write(dir.join(MARKER), total.to_json())?;
    Ok(total)
}

/// The summary recorded in `dir`, if it holds a generated corpus.
pub fn existing(dir: &Path) -> Option<Summary> {
    let s = std::fs::read_to_string(dir.join(MARKER)).ok()?;
    Summary::from_json(&s)
}

/// Makes sure `dir` holds corpus `(count, seed)`: reuses it when the marker
/// says so, else clears what an earlier generation wrote and generates.
/// Returns the summary and whether it generated.
pub fn ensure(
    v: &Vocab,
    dir: &Path,
    count: usize,
    seed: u64,
    threads: usize,
) -> io::Result<(Summary, bool)> {
    if let Some(s) = existing(dir) {
        if s.count == count
            && s.seed == seed
            && article_path(dir, count.saturating_sub(1)).is_file()
        {
            return Ok((s, false));
        }
    }
    if dir.exists() {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let ours = name == MARKER
                || (name.len() == 4
                    && name.bytes().all(|b| b.is_ascii_digit())
                    && entry.file_type()?.is_dir());
            if !ours {
                return Err(io::Error::other(format!(
                    "{} holds {name:?}, which the generator did not write; use an empty or new folder",
                    dir.display()
                )));
            }
        }
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(entry.path())?;
            } else {
                std::fs::remove_file(entry.path())?;
            }
        }
    }
    Ok((generate(v, dir, count, seed, threads)?, true))
}

fn usage() -> ! {
    eprintln!("usage: gen_corpus --count N [--seed S] --out DIR [--threads T] [--data DIR]");
    std::process::exit(2)
}

pub fn main() {
    let mut count = None;
    let mut seed = 1u64;
    let mut out = None;
    let mut threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut data = default_data_dir();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--count" => count = val().parse().ok(),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage()),
            "--out" => out = Some(PathBuf::from(val())),
            "--threads" => threads = val().parse().unwrap_or_else(|_| usage()),
            "--data" => data = PathBuf::from(val()),
            _ => usage(),
        }
    }
    let (Some(count), Some(out)) = (count, out) else {
        usage()
    };
    let vocab = match load_vocab(&data, seed) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("gen_corpus: cannot read tables in {}: {e}", data.display());
            std::process::exit(1);
        }
    };
    match ensure(&vocab, &out, count, seed, threads) {
        Ok((summary, generated)) => {
            if generated {
                println!("{}", summary.line(&out));
            } else {
                println!(
                    "{} already holds {} articles of seed {} ({:.1} MB); nothing to do",
                    out.display(),
                    summary.count,
                    summary.seed,
                    summary.bytes as f64 / 1e6
                );
            }
        }
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(1);
        }
    }
}
