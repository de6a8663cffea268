//! What the indicators page shows: each figure with its French title and definition, in a
//! table, and the chart drawn from that same table.

use crate::domain::indicators::chart::{self, Chart, Series};
use crate::domain::indicators::report::{BANDS, MonthFigures, Report, band_counts};
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

fn monthly(report: &Report, columns: &[&str], cells: impl Fn(&MonthFigures) -> Vec<Figure>) -> Table {
    Table {
        head: "Mois",
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows: report
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| Row {
                key: m.month.code(),
                label: m.month.label(),
                short: m.month.short_label(i == 0),
                cells: cells(m),
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
pub fn panels(r: &Report) -> Vec<Panel> {
    vec![
        panel(
            "crees",
            "Binômes créés",
            "Propositions approuvées par l'équipe, par mois, selon que le binôme se rencontre en personne ou se parle par téléphone.",
            monthly(r, &["En personne", "Par téléphone", "Total"], |m| {
                let total = m.created_in_person + m.created_phone;
                vec![
                    Figure::count(m.created_in_person),
                    Figure::count(m.created_phone),
                    Figure::count(total),
                ]
            }),
            Draw::Columns(&[0, 1]),
        ),
        panel(
            "en-cours",
            "Binômes en cours",
            "Binômes actifs ou en pause à la fin de chaque mois (aujourd'hui pour le mois en cours).",
            monthly(r, &["Binômes en cours"], |m| vec![Figure::count(m.running)]),
            Draw::Columns(&[0]),
        ),
        panel(
            "termines",
            "Binômes terminés",
            "Binômes arrêtés dans le mois, quelle qu'en soit la raison.",
            monthly(r, &["Binômes terminés"], |m| vec![Figure::count(m.ended)]),
            Draw::Columns(&[0]),
        ),
        reasons(r),
        panel(
            "duree",
            "Durée médiane des binômes terminés",
            "Pour les binômes terminés dans le mois, du jour où ils ont commencé (premier passage « en cours ») à leur fin : la moitié a duré moins, la moitié plus.",
            monthly(
                r,
                &["Binômes terminés qui avaient commencé", "Durée médiane (jours)"],
                |m| {
                    vec![
                        Figure::count(m.durations_ms.len()),
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
            monthly(r, &["Points de suivi dus", "Répondus", "Taux de réponse (%)"], |m| {
                vec![
                    Figure::count(m.due),
                    Figure::count(m.answered),
                    Figure::rate(m.answered, m.due),
                ]
            }),
            Draw::Line(2, Some(100.0)),
        ),
        panel(
            "poursuite",
            "Taux de poursuite",
            "Réponses « je veux continuer », divisées par toutes les réponses aux points de suivi qui choisissent la suite (continuer, faire une pause ou arrêter), par mois de réponse.",
            monthly(r, &["Réponses", "Continuer", "Taux de poursuite (%)"], |m| {
                vec![
                    Figure::count(m.decided),
                    Figure::count(m.continued),
                    Figure::rate(m.continued, m.decided),
                ]
            }),
            Draw::Line(2, Some(100.0)),
        ),
        isolation(r),
    ]
}

fn reasons(r: &Report) -> Panel {
    let rows: Vec<Row> = r
        .ended_by_reason
        .iter()
        .map(|(reason, n)| Row {
            key: reason.label().to_string(),
            label: reason.label().to_string(),
            short: reason.label().to_string(),
            cells: vec![Figure::count(*n)],
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

fn isolation(r: &Report) -> Panel {
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
            cells: vec![Figure::count(signup[i]), Figure::count(checkins[i])],
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
pub fn key_figures(r: &Report) -> Vec<(&'static str, Figure)> {
    vec![
        (
            "Personnes en attente d'un binôme aujourd'hui",
            Figure::count(r.waits_ms.len()),
        ),
        (
            "Attente médiane de ces personnes (jours)",
            Figure::median_days(&r.waits_ms),
        ),
        ("Binômes en cours aujourd'hui", Figure::count(r.running_now)),
        ("Binômes créés sur la période", Figure::count(r.created())),
        ("Binômes terminés sur la période", Figure::count(r.ended())),
        (
            "Taux de réponse aux points de suivi (%)",
            Figure::rate(r.answered(), r.due()),
        ),
        ("Taux de poursuite (%)", Figure::rate(r.continued(), r.decided())),
        (
            "Durée médiane des binômes terminés (jours)",
            Figure::median_days(&r.durations_ms()),
        ),
    ]
}

/// Key figures side by side: one column per territory (each team, then all of them).
pub fn key_table(territories: &[(String, &Report)]) -> Table {
    let figures: Vec<Vec<(&'static str, Figure)>> = territories.iter().map(|(_, r)| key_figures(r)).collect();
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
