//! The data-protection impact assessment (AIPD) a CCAS must write for binome — mandatory for
//! social accompaniment (CNIL list of 2018) — pre-filled with what binome processes: the
//! context, the data and their retention, the principles, the risks and the measures. It follows
//! the sections and question numbers of the CNIL's PIA tool, so that the page to print and the
//! file the tool imports (`web::rgpd::pia`) say the same. No I/O: the register of processing
//! and its retention setting come in as arguments.

mod answers;
pub mod data;
pub mod measures;

pub use data::{DataTable, Keep, PERSONAL_DATA};
pub use measures::{Gauge, Measure, Risk};

use super::rgpd::Register;

/// One question of the PIA tool, answered: its reference (`111`), its title, paragraphs and
/// a list.
#[derive(Debug, Clone)]
pub struct Question {
    pub reference: u32,
    pub title: &'static str,
    pub paragraphs: Vec<String>,
    pub items: Vec<String>,
}

/// A group of questions: the PIA tool's item `1.1`, `2.2`…
#[derive(Debug, Clone)]
pub struct Part {
    /// The PIA item: "1.1".
    pub item: &'static str,
    pub title: &'static str,
    pub questions: Vec<Question>,
}

/// The assessment, filled from the register and binome's own rules.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// What the study is about, as the PIA tool names it.
    pub name: String,
    pub controller: String,
    pub dpo: String,
    /// Context (1.1, 1.2) then fundamental principles (2.1, 2.2).
    pub parts: Vec<Part>,
    pub measures: Vec<Measure>,
    pub risks: Vec<Risk>,
}

impl Assessment {
    /// The assessment for the register of processing and its retention setting (months).
    pub fn new(register: &Register, retention_months: u32) -> Self {
        Assessment {
            name: "binome : binômes de convivialité entre bénévoles et personnes isolées".into(),
            controller: register.controller.clone(),
            dpo: register.dpo.clone(),
            parts: answers::parts(register, retention_months),
            measures: measures::measures(retention_months),
            risks: measures::risks(),
        }
    }
}

/// One line per table of personal data: its name, what it holds, how long it is kept.
pub fn data_lines(retention_months: u32) -> Vec<String> {
    PERSONAL_DATA
        .iter()
        .map(|t| {
            format!(
                "Table « {} » : {} Conservation : {}",
                t.table,
                t.holds,
                t.keep.describe(retention_months)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_assessment_follows_the_pia_questions_once_each() {
        let a = Assessment::new(&Register::default(), 24);
        let refs: Vec<u32> = a
            .parts
            .iter()
            .flat_map(|p| p.questions.iter().map(|q| q.reference))
            .collect();
        assert_eq!(
            refs,
            [
                111, 112, 113, 121, 122, 123, 211, 212, 213, 214, 215, 221, 222, 223, 224, 225, 226, 227
            ]
        );
        assert!(
            a.parts
                .iter()
                .flat_map(|p| &p.questions)
                .all(|q| !q.paragraphs.is_empty() || !q.items.is_empty()),
            "every question is answered"
        );
    }

    #[test]
    fn the_register_fills_the_context() {
        let register = Register {
            controller: "CCAS de Ydes".into(),
            purpose: "Rompre l'isolement.\n\nSecond paragraphe.".into(),
            ..Register::default()
        };
        let a = Assessment::new(&register, 36);
        let all: Vec<&String> = a
            .parts
            .iter()
            .flat_map(|p| &p.questions)
            .flat_map(|q| q.paragraphs.iter().chain(&q.items))
            .collect();
        assert!(all.iter().any(|t| t.contains("CCAS de Ydes")));
        assert!(all.iter().any(|t| *t == "Second paragraphe."));
        assert!(all.iter().any(|t| t.contains("36 mois sans activité")));
    }
}
