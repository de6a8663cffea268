//! The commune search in memory: the 35,000 communes never change while the service runs, so
//! they are indexed once (sorted word beginnings, codes, postal codes) and a search is a binary
//! search instead of a `LIKE` scan of the whole table on every keystroke of the autocomplete.

use super::{CommuneQuery, search_key};
use std::collections::HashMap;

/// One commune as the search needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<C> {
    pub insee_code: String,
    pub search_key: String,
    pub postal_codes: Vec<String>,
    pub population: i64,
    /// What the caller shows of it.
    pub commune: C,
}

pub struct CommuneIndex<C> {
    /// Sorted by population (largest first), then INSEE code: the order results keep within a rank.
    entries: Vec<Entry<C>>,
    /// Every word beginning of every search key (`"saint flour"` → `"saint flour"`, `"flour"`),
    /// with its entry, sorted by text: the names matching a typed beginning are one range.
    words: Vec<(u32, u16)>,
    /// Postal codes, sorted, with their entry: one range for a typed beginning.
    postal: Vec<(String, u32)>,
    by_insee: HashMap<String, u32>,
}

impl<C: Clone> CommuneIndex<C> {
    pub fn new(mut entries: Vec<Entry<C>>) -> Self {
        entries.sort_by(|a, b| {
            b.population
                .cmp(&a.population)
                .then_with(|| a.insee_code.cmp(&b.insee_code))
        });
        let mut words = Vec::new();
        let mut postal = Vec::new();
        let mut by_insee = HashMap::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let i = i as u32;
            by_insee.insert(entry.insee_code.clone(), i);
            words.push((i, 0));
            for (at, _) in entry.search_key.match_indices(' ') {
                words.push((i, (at + 1) as u16));
            }
            postal.extend(entry.postal_codes.iter().map(|p| (p.clone(), i)));
        }
        let mut index = Self {
            entries,
            words: Vec::new(),
            postal,
            by_insee,
        };
        words.sort_by(|a, b| index.word(*a).cmp(index.word(*b)));
        index.words = words;
        index.postal.sort();
        index
    }

    fn word(&self, (entry, at): (u32, u16)) -> &str {
        &self.entries[entry as usize].search_key[at as usize..]
    }

    /// The communes matching what was typed, best first: the exact name or code, then names
    /// that begin with it, then names with a word that begins with it; by population inside.
    pub fn search(&self, query: &CommuneQuery, limit: usize) -> Vec<C> {
        let mut found: Vec<(u8, u32)> = match query {
            CommuneQuery::Code(code) => {
                let mut hits: Vec<(u8, u32)> = self.by_insee.get(code).map(|i| (0, *i)).into_iter().collect();
                hits.extend(self.postal_range(code, true).map(|i| (1, i)));
                hits
            }
            CommuneQuery::PostalPrefix(prefix) => self.postal_range(prefix, false).map(|i| (1, i)).collect(),
            // One letter matches half of France: only a commune of that exact name ("Y", Somme).
            CommuneQuery::Name(key) if key.len() < 2 => self
                .word_range(key)
                .filter(|(i, at)| *at == 0 && self.entries[*i as usize].search_key == *key)
                .map(|(i, _)| (0, i))
                .collect(),
            CommuneQuery::Name(key) => self
                .word_range(key)
                .map(|(i, at)| {
                    let rank = match (at, self.entries[i as usize].search_key == *key) {
                        (0, true) => 0,
                        (0, false) => 1,
                        _ => 2,
                    };
                    (rank, i)
                })
                .collect(),
        };
        // Entries are in population order: sorting by (rank, position) is rank then population;
        // a commune found twice (two words) keeps its best rank.
        found.sort_unstable();
        let mut seen = std::collections::HashSet::new();
        found
            .into_iter()
            .filter(|(_, i)| seen.insert(*i))
            .take(limit)
            .map(|(_, i)| self.entries[i as usize].commune.clone())
            .collect()
    }

    fn word_range<'a>(&'a self, key: &'a str) -> impl Iterator<Item = (u32, u16)> + 'a {
        let start = self.words.partition_point(|w| self.word(*w) < key);
        self.words[start..]
            .iter()
            .take_while(move |w| self.word(**w).starts_with(key))
            .copied()
    }

    fn postal_range<'a>(&'a self, typed: &'a str, whole: bool) -> impl Iterator<Item = u32> + 'a {
        let start = self.postal.partition_point(|(p, _)| p.as_str() < typed);
        self.postal[start..]
            .iter()
            .take_while(move |(p, _)| if whole { p == typed } else { p.starts_with(typed) })
            .map(|(_, i)| *i)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The reference the index must agree with: every commune looked at, one by one.
#[cfg(test)]
fn scan<C: Clone>(entries: &[Entry<C>], query: &CommuneQuery, limit: usize) -> Vec<C> {
    let mut hits: Vec<(u8, i64, &str, &C)> = entries
        .iter()
        .filter_map(|e| {
            let rank = match query {
                CommuneQuery::Code(code) if e.insee_code == *code => 0,
                CommuneQuery::Code(code) if e.postal_codes.contains(code) => 1,
                CommuneQuery::PostalPrefix(p) if e.postal_codes.iter().any(|c| c.starts_with(p.as_str())) => 1,
                CommuneQuery::Name(key) if key.len() < 2 => (e.search_key == *key).then_some(0)?,
                CommuneQuery::Name(key) if e.search_key == *key => 0,
                CommuneQuery::Name(key) if e.search_key.starts_with(key.as_str()) => 1,
                CommuneQuery::Name(key) if e.search_key.contains(&format!(" {key}")) => 2,
                _ => return None,
            };
            Some((rank, -e.population, e.insee_code.as_str(), &e.commune))
        })
        .collect();
    hits.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    hits.into_iter().take(limit).map(|h| h.3.clone()).collect()
}

/// An entry from a name, for tests and callers that have only names.
pub fn entry<C>(insee_code: &str, name: &str, postal_codes: &[&str], population: i64, commune: C) -> Entry<C> {
    Entry {
        insee_code: insee_code.to_string(),
        search_key: search_key(name),
        postal_codes: postal_codes.iter().map(|p| p.to_string()).collect(),
        population,
        commune,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shipped() -> Vec<Entry<String>> {
        use std::io::Read;
        let mut text = String::new();
        flate2::read::GzDecoder::new(crate::data::COMMUNES_CSV_GZ)
            .read_to_string(&mut text)
            .unwrap();
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| {
                let r = r.unwrap();
                let postal: Vec<&str> = r[2].split_whitespace().collect();
                entry(&r[0], &r[1], &postal, r[4].parse().unwrap_or(0), r[0].to_string())
            })
            .collect()
    }

    #[test]
    fn the_index_finds_what_a_scan_of_every_commune_finds() {
        let entries = shipped();
        let index = CommuneIndex::new(entries.clone());
        let typed = [
            "e",
            "y",
            "sa",
            "saint",
            "st fl",
            "saint-flour",
            "flour",
            "mauriac",
            "Riom-ès",
            "ès",
            "la",
            "le p",
            "paris",
            "lyon",
            "15",
            "152",
            "15200",
            "15120",
            "2A004",
            "75056",
            "75001",
            "sur",
            "sur m",
            "zz",
            "x",
            "cha",
            "ville",
        ];
        for raw in typed {
            let query = CommuneQuery::parse(raw).unwrap();
            for limit in [10, 30, 200] {
                assert_eq!(
                    index.search(&query, limit),
                    scan(&entries, &query, limit),
                    "{raw:?} limit {limit}"
                );
            }
        }
        assert_eq!(index.search(&CommuneQuery::parse("mauriac").unwrap(), 10)[0], "15120");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_typed_beginning_agrees_with_the_scan(raw in "[a-z ]{1,6}|[0-9]{2,5}") {
            static ENTRIES: std::sync::LazyLock<(Vec<Entry<String>>, CommuneIndex<String>)> =
                std::sync::LazyLock::new(|| {
                    let entries = shipped();
                    (entries.clone(), CommuneIndex::new(entries))
                });
            if let Some(query) = CommuneQuery::parse(&raw) {
                prop_assert_eq!(ENTRIES.1.search(&query, 30), scan(&ENTRIES.0, &query, 30));
            }
        }
    }
}
