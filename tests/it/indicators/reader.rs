//! What a reader of the indicators learns: an auditor reads every CSV file a reader may
//! download (each period), rebuilds the sums a reader could use — a month's parts and total,
//! the months and the period, the reasons and the binômes ended, a rate and its counts, the
//! teams and « Toutes les équipes » — and solves for unknowns one relation at a time; the
//! pages and their charts publish the same cells as the files.

use binome::domain::indicators::suppression::derivable;
use std::collections::HashMap;

pub const WHOLE: &str = "Toutes les équipes";

/// The lines of a CSV file: territory, indicator, month or category, measure, value.
fn lines(file: &str) -> Vec<[String; 5]> {
    file.trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split(';').collect();
            assert_eq!(fields.len(), 5, "{line}");
            [0, 1, 2, 3, 4].map(|i| fields[i].to_string())
        })
        .collect()
}

fn is_month(category: &str) -> bool {
    category.len() == 7 && category.as_bytes()[4] == b'-'
}

/// What a reader knows: every figure by name, whether it is hidden, and the relations
/// between figures. A relation may name a figure never published (the check-ins due over a
/// period): it is unknown, and only a published hidden figure must stay unknown.
#[derive(Default)]
pub struct Reader {
    ids: HashMap<String, usize>,
    names: Vec<String>,
    values: Vec<Option<String>>,
    relations: Vec<Vec<usize>>,
}

impl Reader {
    fn cell(&mut self, name: &str) -> usize {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        self.ids.insert(name.to_string(), self.names.len());
        self.names.push(name.to_string());
        self.values.push(None);
        self.names.len() - 1
    }

    fn publish(&mut self, name: &str, value: &str) {
        let id = self.cell(name);
        if let Some(before) = &self.values[id] {
            assert_eq!(before, value, "{name} is published two ways");
        }
        self.values[id] = Some(value.to_string());
    }

    pub fn value(&self, name: &str) -> &str {
        let id = self.ids.get(name).unwrap_or_else(|| panic!("{name} is not published"));
        self.values[*id]
            .as_deref()
            .unwrap_or_else(|| panic!("{name} is not published"))
    }

    fn relate(&mut self, names: &[String]) {
        let cells = names.iter().map(|n| self.cell(n)).collect();
        self.relations.push(cells);
    }

    /// Reads one CSV file of `period` months: its figures, and the relations in each territory.
    pub fn read(&mut self, period: usize, file: &str) {
        let lines = lines(file);
        let mut territories: Vec<String> = Vec::new();
        let mut months: Vec<String> = Vec::new();
        let mut reasons: Vec<String> = Vec::new();
        for [territory, indicator, category, measure, value] in &lines {
            if !territories.contains(territory) {
                territories.push(territory.clone());
            }
            if is_month(category) {
                self.publish(&format!("{territory}|{category}|{indicator}|{measure}"), value);
                if !months.contains(category) {
                    months.push(category.clone());
                }
            } else {
                self.publish(
                    &format!("{territory}|P{period}|{indicator}|{category}|{measure}"),
                    value,
                );
                if indicator == "Pourquoi les binômes se sont arrêtés" && !reasons.contains(category) {
                    reasons.push(category.clone());
                }
            }
        }
        assert_eq!(months.len(), period);
        for t in &territories {
            let key = |label: &str| format!("{t}|P{period}|Chiffres clés||{label}");
            let virtual_cell = |what: &str| format!("{t}|P{period}|{what}");
            let monthly = |indicator: &str, measure: &str| -> Vec<String> {
                months
                    .iter()
                    .map(|m| format!("{t}|{m}|{indicator}|{measure}"))
                    .collect()
            };
            for m in &months {
                let cell = |indicator: &str, measure: &str| format!("{t}|{m}|{indicator}|{measure}");
                let created = "Binômes créés";
                self.relate(&[
                    cell(created, "En personne"),
                    cell(created, "Par téléphone"),
                    cell(created, "Total"),
                ]);
                let response = "Taux de réponse aux points de suivi";
                self.relate(&[
                    cell(response, "Points de suivi dus"),
                    cell(response, "Répondus"),
                    cell(response, "Taux de réponse (%)"),
                ]);
                let continuation = "Taux de poursuite";
                self.relate(&[
                    cell(continuation, "Réponses"),
                    cell(continuation, "Continuer"),
                    cell(continuation, "Taux de poursuite (%)"),
                ]);
            }
            let sums = [
                (monthly("Binômes créés", "Total"), key("Binômes créés sur la période")),
                (
                    monthly("Binômes terminés", "Binômes terminés"),
                    key("Binômes terminés sur la période"),
                ),
                (
                    reasons
                        .iter()
                        .map(|r| format!("{t}|P{period}|Pourquoi les binômes se sont arrêtés|{r}|Binômes terminés"))
                        .collect(),
                    key("Binômes terminés sur la période"),
                ),
                (
                    monthly("Taux de réponse aux points de suivi", "Points de suivi dus"),
                    virtual_cell("dus"),
                ),
                (
                    monthly("Taux de réponse aux points de suivi", "Répondus"),
                    virtual_cell("répondus"),
                ),
                (monthly("Taux de poursuite", "Réponses"), virtual_cell("réponses")),
                (monthly("Taux de poursuite", "Continuer"), virtual_cell("continuer")),
            ];
            for (parts, total) in sums {
                self.relate(&[parts, vec![total]].concat());
            }
            self.relate(&[
                virtual_cell("dus"),
                virtual_cell("répondus"),
                key("Taux de réponse aux points de suivi (%)"),
            ]);
            self.relate(&[
                virtual_cell("réponses"),
                virtual_cell("continuer"),
                key("Taux de poursuite (%)"),
            ]);
            let current = months
                .last()
                .map(|m| format!("{t}|{m}|Binômes en cours|Binômes en cours"));
            self.relate(&[current.unwrap_or_default(), key("Binômes en cours aujourd'hui")]);
        }
    }

    /// Each count of the teams adds up to the same count of all of them.
    pub fn add_up_teams(&mut self, teams: &[&str]) {
        let prefix = format!("{WHOLE}|");
        let counts: Vec<String> = self
            .names
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix))
            .filter(|rest| {
                let fields: Vec<&str> = rest.split('|').collect();
                let category = if fields.len() == 4 { fields[2] } else { "" };
                let measure = fields[fields.len() - 1];
                ![category, measure]
                    .iter()
                    .any(|f| f.contains("Taux") || f.contains("médian"))
            })
            .map(str::to_string)
            .collect();
        for rest in counts {
            let names: Vec<String> = teams.iter().chain([&WHOLE]).map(|t| format!("{t}|{rest}")).collect();
            self.relate(&names);
        }
    }

    fn is_hidden(value: &Option<String>) -> bool {
        !matches!(value, Some(v) if v != "< 11" && v != "masqué")
    }

    /// The published hidden figures a reader can work out.
    pub fn derived(&self) -> Vec<String> {
        let unknown: Vec<bool> = self.values.iter().map(Self::is_hidden).collect();
        derivable(&self.relations, &unknown)
            .into_iter()
            .filter(|c| self.values[*c].is_some())
            .map(|c| self.names[c].clone())
            .collect()
    }
}

/// The figures in the cells of a page's tables, as the CSV file writes them ("92" for "92 %").
fn page_cells(body: &str) -> Vec<String> {
    body.split("<td>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</td>"))
        .map(|(cell, _)| {
            cell.replace("&#60;", "<")
                .split('\u{a0}')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// The page shows the figures of the file: the key figures of each territory side by side,
/// then the panels of the last one; and its chart of binômes created draws no hidden figure.
pub fn assert_page_publishes_the_file(page: &str, file: &str, territories: &[&str]) {
    let lines = lines(file);
    let figure = |t: &str, label: &str| {
        lines
            .iter()
            .find(|l| l[0] == t && l[1] == "Chiffres clés" && l[3] == label)
            .map(|l| l[4].clone())
            .unwrap_or_else(|| panic!("{t}: {label}"))
    };
    let labels: Vec<&String> = lines
        .iter()
        .filter(|l| l[0] == territories[0] && l[1] == "Chiffres clés")
        .map(|l| &l[3])
        .collect();
    let mut expected: Vec<String> = labels
        .iter()
        .flat_map(|label| territories.iter().map(|t| figure(t, label)))
        .collect();
    let last = territories[territories.len() - 1];
    expected.extend(
        lines
            .iter()
            .filter(|l| l[0] == last && l[1] != "Chiffres clés")
            .map(|l| l[4].clone()),
    );
    assert_eq!(page_cells(page), expected);

    let chart = page
        .split("id=\"crees-graphique\"")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .unwrap_or("");
    let drawn = chart.matches("<rect class=\"chart-series-").count();
    let shown = lines
        .iter()
        .filter(|l| l[0] == last && l[1] == "Binômes créés" && l[3] != "Total")
        .filter(|l| l[4] != "< 11" && l[4] != "masqué")
        .count();
    let swatches = if shown > 0 { 2 } else { 0 };
    assert_eq!(
        drawn,
        shown + swatches,
        "one column per figure shown, and the legend's two swatches"
    );
}
