//! Every table that holds personal data, what it holds and how long it is kept — the one list
//! the impact assessment (page and PIA file) shows. A table added to the schema must be added
//! here (or, if it holds no personal data, to `NO_PERSON_DATA` in tests/it/rgpd/schema.rs):
//! the test `the_assessment_names_every_table_that_holds_personal_data` fails until it is.

use crate::domain::account::SESSION_IDLE_HOURS;
use crate::domain::duration::{DAY_MS, HOUR_MS, MINUTE_MS};
use crate::domain::link::Kind;
use crate::domain::rgpd::AUDIT_KEEP_MONTHS;
use crate::domain::throttle::KEPT_MS;
use crate::domain::volunteer_time::MONTHS_BACK;

/// How long a table's rows are kept. Each period is read from the constant or setting that
/// enforces it, never written twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The person's record: while they take part, then purged after the register's months
    /// without activity; a sign-up never confirmed goes when its confirmation link expires.
    Record,
    /// Rows about a person or their binômes: erased with the person's record.
    WithRecord,
    /// Single-use links: until they expire, and with the record in any case.
    Link,
    /// Signed-in sessions.
    Session,
    /// The audit journal.
    Journal,
    /// The throttle's counters.
    Counter,
    /// The date of an erasure, kept to answer "was I erased?" (nothing else of the person).
    ErasureDate,
    /// A volunteer's months of time: a month may be logged up to `MONTHS_BACK` months later,
    /// so the volunteer's activity lasts as long, and the rows follow the record. The proof
    /// an association keeps for its accounts and for an *abandon de frais* receipt (six
    /// years, livre des procédures fiscales, art. L102 B) is the signed statement it printed
    /// or downloaded, kept in its own books: binome does not keep the rows longer than the
    /// person's record for that purpose.
    TimeLogged,
}

impl Keep {
    /// The period in plain French, with the retention the admin set in the register.
    pub fn describe(self, retention_months: u32) -> String {
        match self {
            Keep::Record => format!(
                "Pendant la participation ; effacées automatiquement après {retention_months} mois sans activité \
                 (réglage du registre). Une inscription dont l'adresse n'est jamais confirmée est oubliée \
                 après {} jours.",
                Kind::ConfirmEmail.lifetime_ms() / DAY_MS
            ),
            Keep::WithRecord => {
                "Effacées avec la fiche de la personne (sur demande ou par la purge automatique).".into()
            }
            Keep::Link => {
                let lifetimes = Kind::ALL.map(Kind::lifetime_ms);
                let shortest = lifetimes.iter().min().copied().unwrap_or_default();
                let longest = lifetimes.iter().max().copied().unwrap_or_default();
                format!(
                    "Chaque lien ne marche que de {} à {} selon son usage ; la trace est effacée avec la fiche.",
                    human(shortest),
                    human(longest)
                )
            }
            Keep::Session => format!("{SESSION_IDLE_HOURS} heures sans activité, puis supprimées chaque nuit."),
            Keep::Journal => format!("{AUDIT_KEEP_MONTHS} mois, puis supprimées par la purge de chaque nuit."),
            Keep::Counter => format!("{}, puis supprimés chaque nuit.", human(KEPT_MS)),
            Keep::ErasureDate => "Tant que la base existe : seulement la date et le motif de l'effacement.".into(),
            Keep::TimeLogged => format!(
                "Avec la fiche de la personne : un mois indiqué compte comme une activité, et peut l'être jusqu'à \
                 {MONTHS_BACK} mois après. À l'effacement de la fiche, il ne reste que des chiffres sans nom \
                 (mois, heures, kilomètres, équipe) pour les totaux anonymes. La preuve comptable d'un reçu \
                 d'abandon de frais (6 ans) est le relevé signé que l'association imprime ou télécharge et \
                 garde dans sa comptabilité, pas ces lignes."
            ),
        }
    }
}

/// A duration in minutes, hours or days, as a reader says it.
fn human(ms: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n > 1 { "s" } else { "" });
    if ms % DAY_MS == 0 {
        plural(ms / DAY_MS, "jour")
    } else if ms % HOUR_MS == 0 {
        plural(ms / HOUR_MS, "heure")
    } else {
        plural(ms / MINUTE_MS, "minute")
    }
}

/// One table of personal data.
#[derive(Debug, Clone, Copy)]
pub struct DataTable {
    /// Its name in the database.
    pub table: &'static str,
    /// What it holds, in plain French.
    pub holds: &'static str,
    pub keep: Keep,
}

const fn t(table: &'static str, holds: &'static str, keep: Keep) -> DataTable {
    DataTable { table, holds, keep }
}

/// Every table that holds personal data.
pub const PERSONAL_DATA: &[DataTable] = &[
    t(
        "person",
        "La fiche de chaque bénévole et personne accompagnée : prénom, nom, e-mail, téléphone, adresse \
         postale, commune, moyen de contact choisi, disponibilités, langues, déplacements (voiture, besoin \
         d'être accompagné·e), souhait d'un·e bénévole d'une autre commune, genre et année \
         de naissance (facultatifs), souhaits pour le binôme, niveau d'isolement ressenti, étapes de \
         l'accueil (entretien, charte, formation).",
        Keep::Record,
    ),
    t(
        "person_interest",
        "Les centres d'intérêt choisis par la personne.",
        Keep::WithRecord,
    ),
    t(
        "consent",
        "Le consentement : version de la charte acceptée, date, manière (en ligne, sur papier, recueilli \
         par un tiers avec son nom).",
        Keep::WithRecord,
    ),
    t(
        "person_token",
        "L'empreinte des liens à usage unique envoyés (jamais le lien lui-même) et leur date d'expiration.",
        Keep::Link,
    ),
    t(
        "web_session",
        "Les sessions de connexion (équipe et espace personnel).",
        Keep::Session,
    ),
    t(
        "suggestion",
        "Les binômes proposés par le calcul, avec leur score et leur explication.",
        Keep::WithRecord,
    ),
    t(
        "pair_exclusion",
        "Les paires à ne plus proposer, et pourquoi (dont les bénévoles qu'une personne a demandé à ne pas \
         rencontrer : jamais montré au ou à la bénévole, ni dans ses propres données).",
        Keep::WithRecord,
    ),
    t(
        "pairing",
        "Les binômes : qui avec qui, état, dates, motif de fin.",
        Keep::WithRecord,
    ),
    t(
        "pairing_transition",
        "L'historique des étapes de chaque binôme.",
        Keep::WithRecord,
    ),
    t(
        "meeting",
        "Les rendez-vous de première rencontre : lieu public et date.",
        Keep::WithRecord,
    ),
    t(
        "checkin",
        "Les points de suivi : rencontres, humeur, isolement ressenti, souhait de continuer, commentaire libre.",
        Keep::WithRecord,
    ),
    t(
        "pairing_feedback",
        "L'avis de chacun à la fin d'un binôme.",
        Keep::WithRecord,
    ),
    t(
        "alert",
        "Les alertes à l'équipe de coordination (une personne ne va pas bien, une relance sans réponse).",
        Keep::WithRecord,
    ),
    t(
        "note",
        "Les notes de l'équipe sur une personne ou un binôme.",
        Keep::WithRecord,
    ),
    t(
        "letter",
        "Les courriers imprimés pour les personnes qui ont choisi la poste.",
        Keep::WithRecord,
    ),
    t(
        "outbox",
        "Les e-mails envoyés ou en attente (les liens en sont retirés une fois envoyés).",
        Keep::WithRecord,
    ),
    t(
        "sms_outbox",
        "Les SMS envoyés ou en attente, avec le numéro.",
        Keep::WithRecord,
    ),
    t(
        "sms_inbox",
        "Les SMS reçus en réponse, avec le numéro.",
        Keep::WithRecord,
    ),
    t(
        "sms_question",
        "Les questions posées par SMS qui attendent une réponse.",
        Keep::WithRecord,
    ),
    t(
        "volunteer_time",
        "Le temps de bénévolat : pour chaque mois indiqué par la personne bénévole, les heures données et les \
         kilomètres parcourus pour ses binômes, et son équipe (pour le relevé annuel et les totaux anonymes \
         de l'équipe).",
        Keep::TimeLogged,
    ),
    t(
        "job",
        "Les tâches programmées sur un binôme (relances, points de suivi, rappels).",
        Keep::WithRecord,
    ),
    t(
        "audit_log",
        "Le journal des accès : qui de l'équipe a consulté, modifié, exporté ou effacé quelle fiche, et les \
         connexions.",
        Keep::Journal,
    ),
    t(
        "person_erasure",
        "La date et le motif de chaque effacement (demande ou durée de conservation).",
        Keep::ErasureDate,
    ),
    t(
        "rate_event",
        "Les compteurs contre les abus : adresse e-mail ou adresse IP d'une demande récente.",
        Keep::Counter,
    ),
    t(
        "rate_bucket",
        "L'heure de la dernière demande comptée pour chaque adresse e-mail ou IP (le verrou des compteurs).",
        Keep::Counter,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_listed_once() {
        for (i, a) in PERSONAL_DATA.iter().enumerate() {
            assert!(
                PERSONAL_DATA[i + 1..].iter().all(|b| b.table != a.table),
                "{} twice",
                a.table
            );
        }
    }

    #[test]
    fn periods_come_from_the_rules_that_enforce_them() {
        assert!(Keep::Record.describe(36).contains("36 mois sans activité"));
        assert!(
            Keep::Journal
                .describe(36)
                .contains(&format!("{AUDIT_KEEP_MONTHS} mois"))
        );
        assert_eq!(
            Keep::Link.describe(24),
            "Chaque lien ne marche que de 10 minutes à 30 jours selon son usage ; la trace est effacée avec la fiche."
        );
        assert!(Keep::Counter.describe(24).starts_with("1 jour,"));
    }
}
