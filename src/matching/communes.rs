//! The communes the engine needs — centroid, département, population — read from the data
//! set embedded in the binary, so that `binome match` needs no database.

use super::Centroid;
use std::collections::HashMap;
use std::io::Read;

#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    pub code: String,
    pub departement: String,
    pub population: u64,
    pub centroid: Option<Centroid>,
}

#[derive(Debug, Clone, Default)]
pub struct Table {
    communes: Vec<Commune>,
    by_code: HashMap<String, usize>,
}

impl Table {
    /// The shipped data set; parse it once per process and pass the table around.
    pub fn shipped() -> Result<Self, String> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(crate::data::COMMUNES_CSV_GZ)
            .read_to_string(&mut text)
            .map_err(|e| format!("data/communes.csv.gz : {e}"))?;
        Self::from_csv(&text)
    }

    /// `code_insee,nom,codes_postaux,departement,population,lat,lon,…` with a header line.
    pub fn from_csv(text: &str) -> Result<Self, String> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut table = Table::default();
        for record in reader.records() {
            let r = record.map_err(|e| format!("communes : {e}"))?;
            let field = |i: usize| r.get(i).unwrap_or("").trim();
            let centroid = match (field(5).parse::<f64>(), field(6).parse::<f64>()) {
                (Ok(lat), Ok(lon)) => Some(Centroid { lat, lon }),
                _ => None,
            };
            table.push(Commune {
                code: field(0).to_string(),
                departement: field(3).to_string(),
                population: field(4).parse().unwrap_or(0),
                centroid,
            });
        }
        Ok(table)
    }

    pub fn push(&mut self, commune: Commune) {
        self.by_code.insert(commune.code.clone(), self.communes.len());
        self.communes.push(commune);
    }

    pub fn get(&self, code: &str) -> Option<&Commune> {
        self.by_code.get(code).map(|&i| &self.communes[i])
    }

    pub fn all(&self) -> &[Commune] {
        &self.communes
    }

    pub fn len(&self) -> usize {
        self.communes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.communes.is_empty()
    }
}
