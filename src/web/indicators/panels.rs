//! What the indicators page shows: each figure with its French title and definition, in a
//! table, and the chart drawn from that same table.

use super::chart::{self, Chart, Series};
use super::view::View;
use crate::domain::indicators::published::{Measure, When};
use crate::domain::indicators::report::{BANDS, MonthFigures, band_counts};
use crate::domain::indicators::{Figure, Month};

/// One line of a table: `key` names it in the CSV file, `label` on the page, `short` on the
/// chart's axis.
pub struct Row {
    pub key: String,
    pub label: String,
    pub short: String,
    pub cells: Vec<Figure>,
}

pub struct Table {
    /// The header of the first column (what the lines are).
    pub head: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

/// A chart and its table, under a title and a definition.
pub struct Panel {
    pub id: &'static str,
    pub title: &'static str,
    pub definition: &'static str,
    pub table: Table,
    pub chart: Chart,
}

fn monthly(v: View, columns: &[&str], cells: impl Fn(&MonthFigures, When) -> Vec<Figure>) -> Table {
    Table {
        head: "Mois",
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: v
            .report
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| Row {
                key: m.month.code(),
                label: m.month.label(),
                short: m.month.short_label(i == 0),
                cells: cells(m, When::Month(m.month)),
            })
            .collect(),
    }
}

/// The figures of `columns` over the first `rows` lines of `table`, as chart series.
fn series(table: &Table, columns: &[usize], rows: usize) -> (Vec<String>, Vec<Series>) {
    let categories = table.rows.iter().take(rows).map(|r| r.short.clone()).collect();
    let series = columns
        .iter()
        .map(|c| Series {
            name: table.columns[*c].clone(),
            values: table.rows.iter().take(rows).map(|r| r.cells[*c].value()).collect(),
        })
        .collect();
    (categories, series)
}

enum Draw {
    Columns(&'static [usize]),
    Line(usize, Option<f64>),
}

fn panel(id: &'static str, title: &'static str, definition: &'static str, table: Table, draw: Draw) -> Panel {
    let chart = match draw {
        Draw::Columns(columns) => {
            let (categories, series) = series(&table, columns, table.rows.len());
            chart::columns(&categories, &series)
        }
        Draw::Line(column, top) => {
            let (categories, series) = series(&table, &[column], table.rows.len());
            chart::lines(&categories, &series, top)
        }
    };
    Panel {
        id,
        title,
        definition,
        table,
        chart,
    }
}

/// The panels of one territory's report, in reading order.
pub fn panels(v: View) -> Vec<Panel> {
    use Measure::*;
    vec![
        panel(
            "crees",
            "Binômes créés",
            "Propositions approuvées par l'équipe, par mois, selon que le binôme se rencontre en personne ou se parle par téléphone.",
            monthly(v, &["En personne", "Par téléphone", "Total"], |m, at| {
                let total = m.created_in_person + m.created_phone;
                vec![
                    v.count(CreatedInPerson, at, m.created_in_person),
                    v.count(CreatedPhone, at, m.created_phone),
                    v.count(Created, at, total),
                ]
            }),
            Draw::Columns(&[0, 1]),
        ),
        panel(
            "en-cours",
            "Binômes en cours",
            "Binômes actifs ou en pause à la fin de chaque mois (aujourd'hui pour le mois en cours).",
            monthly(v, &["Binômes en cours"], |m, at| vec![v.count(Running, at, m.running)]),
            Draw::Columns(&[0]),
        ),
        panel(
            "termines",
            "Binômes terminés",
            "Binômes arrêtés dans le mois, quelle qu'en soit la raison.",
            monthly(v, &["Binômes terminés"], |m, at| vec![v.count(Ended, at, m.ended)]),
            Draw::Columns(&[0]),
        ),
        reasons(v),
        panel(
            "duree",
            "Durée médiane des binômes terminés",
            "Pour les binômes terminés dans le mois, du jour où ils ont commencé (premier passage « en cours ») à leur fin : la moitié a duré moins, la moitié plus.",
            monthly(
                v,
                &["Binômes terminés qui avaient commencé", "Durée médiane (jours)"],
                |m, at| {
                    vec![
                        v.count(Started, at, m.durations_ms.len()),
                        Figure::median_days(&m.durations_ms),
                    ]
                },
            ),
            Draw::Line(1, None),
        ),
        panel(
            "reponse",
            "Taux de réponse aux points de suivi",
            "Points de suivi répondus, divisés par les points de suivi arrivés à échéance dans le mois.",
            monthly(
                v,
                &["Points de suivi dus", "Répondus", "Taux de réponse (%)"],
                |m, at| {
                    vec![
                        v.count(Due, at, m.due),
                        v.count(Answered, at, m.answered),
                        v.rate(ResponseRate, at, m.answered, m.due),
                    ]
                },
            ),
            Draw::Line(2, Some(100.0)),
        ),
        panel(
            "poursuite",
            "Taux de poursuite",
            "Réponses « je veux continuer », divisées par toutes les réponses aux points de suivi qui choisissent la suite (continuer, faire une pause ou arrêter), par mois de réponse.",
            monthly(v, &["Réponses", "Continuer", "Taux de poursuite (%)"], |m, at| {
                vec![
                    v.count(Decided, at, m.decided),
                    v.count(Continued, at, m.continued),
                    v.rate(ContinuationRate, at, m.continued, m.decided),
                ]
            }),
            Draw::Line(2, Some(100.0)),
        ),
        isolation(v),
    ]
}

fn reasons(v: View) -> Panel {
    let rows: Vec<Row> = v
        .report
        .ended_by_reason
        .iter()
        .enumerate()
        .map(|(i, (reason, n))| Row {
            key: reason.label().to_string(),
            label: reason.label().to_string(),
            short: reason.label().to_string(),
            cells: vec![v.count(Measure::Reason(i), v.period(), *n)],
        })
        .collect();
    let categories: Vec<String> = rows.iter().map(|r| r.short.clone()).collect();
    let values: Vec<Option<f64>> = rows.iter().map(|r| r.cells[0].value()).collect();
    let labels: Vec<String> = rows.iter().map(|r| r.cells[0].text()).collect();
    Panel {
        id: "motifs",
        title: "Pourquoi les binômes se sont arrêtés",
        definition: "Binômes terminés sur la période, selon le motif noté par l'équipe.",
        chart: chart::bars(&categories, &values, &labels),
        table: Table {
            head: "Motif",
            columns: vec!["Binômes terminés".into()],
            rows,
        },
    }
}

fn isolation(v: View) -> Panel {
    let r = v.report;
    let (signup, checkins) = (
        band_counts(&r.isolation_at_signup),
        band_counts(&r.isolation_at_checkins),
    );
    let mut rows: Vec<Row> = BANDS
        .iter()
        .enumerate()
        .map(|(i, (lo, hi))| Row {
            key: format!("{lo} à {hi}"),
            label: format!("Note de {lo} à {hi}"),
            short: format!("{lo} à {hi}"),
            cells: vec![
                v.count(Measure::SignupBand(i), v.period(), signup[i]),
                v.count(Measure::CheckinBand(i), v.period(), checkins[i]),
            ],
        })
        .collect();
    rows.push(Row {
        key: "note médiane".into(),
        label: "Note médiane (sur 10)".into(),
        short: String::new(),
        cells: vec![
            Figure::median_score(&r.isolation_at_signup),
            Figure::median_score(&r.isolation_at_checkins),
        ],
    });
    let table = Table {
        head: "Isolement ressenti",
        columns: vec!["À l'inscription".into(), "Aux points de suivi".into()],
        rows,
    };
    let (categories, series) = series(&table, &[0, 1], BANDS.len());
    Panel {
        id: "isolement",
        title: "Isolement ressenti",
        definition: "Note de 0 (pas du tout seul·e) à 10 (très seul·e) que se donnent les personnes accompagnées : à leur inscription (inscrites sur la période), puis aux points de suivi (réponses de la période). C'est une répartition des réponses, pas un suivi personne par personne.",
        chart: chart::columns(&categories, &series),
        table,
    }
}

/// The few figures that sum up a territory, for the table of key figures.
pub fn key_figures(v: View) -> Vec<(&'static str, Figure)> {
    use Measure::*;
    let (r, period) = (v.report, v.period());
    vec![
        (
            "Personnes en attente d'un binôme aujourd'hui",
            v.count(Waiting, When::Now, r.waits_ms.len()),
        ),
        (
            "Attente médiane de ces personnes (jours)",
            Figure::median_days(&r.waits_ms),
        ),
        (
            "Binômes en cours aujourd'hui",
            v.count(RunningNow, When::Now, r.running_now),
        ),
        ("Binômes créés sur la période", v.count(Created, period, r.created())),
        ("Binômes terminés sur la période", v.count(Ended, period, r.ended())),
        (
            "Taux de réponse aux points de suivi (%)",
            v.rate(ResponseRate, period, r.answered(), r.due()),
        ),
        (
            "Taux de poursuite (%)",
            v.rate(ContinuationRate, period, r.continued(), r.decided()),
        ),
        (
            "Durée médiane des binômes terminés (jours)",
            Figure::median_days(&r.durations_ms()),
        ),
    ]
}

/// Key figures side by side: one column per territory (each team, then all of them).
pub fn key_table(territories: &[(String, View)]) -> Table {
    let figures: Vec<Vec<(&'static str, Figure)>> = territories.iter().map(|(_, v)| key_figures(*v)).collect();
    let labels: Vec<&str> = figures
        .first()
        .map(|f| f.iter().map(|(l, _)| *l).collect())
        .unwrap_or_default();
    Table {
        head: "Indicateur",
        columns: territories.iter().map(|(name, _)| name.clone()).collect(),
        rows: labels
            .iter()
            .enumerate()
            .map(|(i, label)| Row {
                key: label.to_string(),
                label: label.to_string(),
                short: String::new(),
                cells: figures.iter().map(|f| f[i].1).collect(),
            })
            .collect(),
    }
}

/// The months a period covers, for the page's title.
pub fn period_label(months: &[Month]) -> String {
    match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!("de {} à {}", first.label(), last.label()),
        _ => String::new(),
    }
}
