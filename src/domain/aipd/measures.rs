//! The measures binome takes against the three risks of the CNIL's method (illegitimate access,
//! unwanted modification, disappearance of data), and the risks themselves. Every figure is
//! read from the rule that applies it.

use crate::domain::account::{MIN_PASSWORD_LEN, SESSION_IDLE_HOURS};
use crate::domain::duration::{DAY_MS, MINUTE_MS};
use crate::domain::indicators::MIN_CELL;
use crate::domain::link::Kind;
use crate::domain::rgpd::AUDIT_KEEP_MONTHS;
use crate::domain::throttle::{FREE_FAILURES_PER_ACCOUNT, FREE_FAILURES_PER_IP, LOGIN_WINDOW_MS, MAX_WAIT_MS};

/// One measure: its title (the PIA tool's name when it has one) and what binome does.
#[derive(Debug, Clone)]
pub struct Measure {
    pub title: &'static str,
    pub content: Vec<String>,
}

pub const ACCESS: &str = "Contrôle des accès logiques";
pub const THROTTLE: &str = "Limitation des tentatives";
pub const JOURNAL: &str = "Traçabilité";
pub const LINKS: &str = "Liens qui expirent";
pub const ERASURE: &str = "Effacement et purge";
pub const INDICATORS: &str = "Indicateurs anonymes (secret statistique)";
pub const WEB: &str = "Sécurité des sites web";
pub const BACKUPS: &str = "Sauvegardes";

/// What binome does, measure by measure. `retention_months` is the register's setting.
pub fn measures(retention_months: u32) -> Vec<Measure> {
    let minutes = |ms: i64| ms / MINUTE_MS;
    vec![
        Measure {
            title: ACCESS,
            content: vec![
                "Chaque membre de l'équipe a son compte et un rôle : l'administration, la coordination (seulement \
                 les personnes de ses équipes), les référent·es (seulement les personnes dont ils ou elles \
                 sont référent·es). Les bénévoles et les personnes accompagnées ne voient que leur propre espace."
                    .into(),
                format!(
                    "Mots de passe d'au moins {MIN_PASSWORD_LEN} caractères. Second facteur pour l'équipe : un code \
                     à six chiffres d'une application d'authentification, qui peut être rendu obligatoire pour \
                     l'administration. Une session se ferme après {SESSION_IDLE_HOURS} heures sans activité."
                ),
            ],
        },
        Measure {
            title: THROTTLE,
            content: vec![format!(
                "Après {FREE_FAILURES_PER_ACCOUNT} erreurs de mot de passe ou de code sur un compte (ou \
                 {FREE_FAILURES_PER_IP} depuis une même adresse) en {} minutes, il faut attendre, de plus en plus \
                 longtemps, jusqu'à {} minutes. Les inscriptions et les demandes de lien de connexion sont \
                 limitées par heure.",
                minutes(LOGIN_WINDOW_MS),
                minutes(MAX_WAIT_MS)
            )],
        },
        Measure {
            title: JOURNAL,
            content: vec![format!(
                "Un journal des accès note qui de l'équipe a consulté, modifié, exporté ou effacé une fiche, et \
                 chaque connexion, réussie ou refusée. L'administration le lit (page « Journal des accès ») ; \
                 la coordination voit sur chaque fiche qui l'a consultée. Il est gardé {AUDIT_KEEP_MONTHS} mois."
            )],
        },
        Measure {
            title: LINKS,
            content: vec![format!(
                "Les e-mails contiennent des liens à usage unique (confirmer une adresse, se connecter, répondre à \
                 une proposition ou à un point de suivi). binome n'en garde que l'empreinte ; un lien de connexion \
                 ne marche que {} minutes, les autres quelques jours. Les liens sont retirés des e-mails gardés \
                 après leur envoi.",
                minutes(Kind::SignIn.lifetime_ms())
            )],
        },
        Measure {
            title: ERASURE,
            content: vec![
                "Sur demande, l'équipe efface les données d'une personne depuis sa fiche : son nom, ses \
                 coordonnées et ses textes disparaissent, et son nom est remplacé par « [effacé] » dans les \
                 textes des autres. Les chiffres anonymes restent."
                    .into(),
                format!(
                    "Chaque nuit, binome efface les personnes sans activité depuis {retention_months} mois (sans \
                     binôme en cours), et oublie les inscriptions dont l'adresse n'a pas été confirmée en {} jours. \
                     Le fichier de la base écrase ce qui est effacé.",
                    Kind::ConfirmEmail.lifetime_ms() / DAY_MS
                ),
            ],
        },
        Measure {
            title: INDICATORS,
            content: vec![format!(
                "Les indicateurs publiés ne nomment personne. Un chiffre qui compte moins de {MIN_CELL} \
                 personnes n'est jamais publié (il s'affiche « < {MIN_CELL} »), ni aucun chiffre qui permettrait \
                 de le retrouver par soustraction."
            )],
        },
        Measure {
            title: WEB,
            content: vec![
                "Aucun script, police ou outil de mesure d'audience venant d'un autre site. Chaque formulaire est \
                 protégé contre les envois depuis un autre site ; le cookie de session n'est pas lisible par les \
                 scripts et, sur un site en HTTPS, n'est envoyé qu'en HTTPS. Les journaux techniques ne contiennent ni noms, ni \
                 adresses, ni numéros, ni liens."
                    .into(),
            ],
        },
        Measure {
            title: BACKUPS,
            content: vec![
                "La commande « binome sauvegarde » copie la base pendant que le service tourne, vérifie la copie \
                 et garde les dernières ; elle se lance chaque jour (par exemple par un minuteur systemd). « binome restaurer » \
                 remet une sauvegarde en service. Les sauvegardes contiennent des données personnelles : les \
                 garder chiffrées, hors du serveur, et les supprimer au-delà de la durée de conservation."
                    .into(),
            ],
        },
    ]
}

/// An estimate on the PIA tool's scale (1 négligeable … 4 maximale), with why.
#[derive(Debug, Clone)]
pub struct Gauge {
    pub level: u8,
    pub why: String,
}

impl Gauge {
    pub fn label(&self) -> &'static str {
        match self.level {
            1 => "Négligeable",
            2 => "Limitée",
            3 => "Importante",
            _ => "Maximale",
        }
    }
}

/// One of the three risks, as the PIA tool's items 3.2, 3.3 and 3.4 ask it.
#[derive(Debug, Clone)]
pub struct Risk {
    /// The PIA item: "3.2".
    pub item: &'static str,
    pub title: &'static str,
    pub impacts: Vec<&'static str>,
    pub threats: Vec<&'static str>,
    pub sources: Vec<&'static str>,
    /// Titles of [`measures`].
    pub measures: Vec<&'static str>,
    pub severity: Gauge,
    pub likelihood: Gauge,
}

const PROPOSAL: &str = "Proposition de binome, à confirmer par le responsable du traitement.";

fn gauge(level: u8, why: &str) -> Gauge {
    Gauge {
        level,
        why: format!("{why} {PROPOSAL}"),
    }
}

pub fn risks() -> Vec<Risk> {
    vec![
        Risk {
            item: "3.2",
            title: "Accès illégitime à des données",
            impacts: vec![
                "Démarchage ou abus de faiblesse d'une personne isolée",
                "Sa situation d'isolement révélée à son entourage",
                "Visite non désirée à son domicile",
                "Faux e-mails ou SMS au nom du CCAS",
            ],
            threats: vec![
                "Consultation d'une fiche sans en avoir besoin",
                "Mot de passe volé ou deviné",
                "Lien à usage unique transféré ou intercepté",
                "Sauvegarde ou courrier imprimé perdu ou volé",
            ],
            sources: vec!["Membre de l'équipe", "Bénévole", "Entourage", "Attaquant extérieur"],
            measures: vec![ACCESS, THROTTLE, JOURNAL, LINKS, WEB, ERASURE, INDICATORS],
            severity: gauge(
                3,
                "Les personnes accompagnées sont isolées et parfois fragiles ; leur adresse et leur situation \
                 pourraient être utilisées contre elles.",
            ),
            likelihood: gauge(
                2,
                "Les accès sont limités au rôle de chacun, les tentatives de connexion freinées et chaque \
                 consultation est notée au journal.",
            ),
        },
        Risk {
            item: "3.3",
            title: "Modification non désirée de données",
            impacts: vec![
                "Binôme proposé sur des informations fausses",
                "Message envoyé à une mauvaise adresse",
                "Alerte manquée : une personne qui ne va pas bien n'est pas rappelée",
            ],
            threats: vec![
                "Fiche modifiée par erreur ou par malveillance",
                "Réponse à un point de suivi à la place de la personne",
            ],
            sources: vec!["Membre de l'équipe", "Entourage", "Attaquant extérieur"],
            measures: vec![ACCESS, THROTTLE, JOURNAL, LINKS, WEB],
            severity: gauge(
                2,
                "Une erreur se voit et se corrige : la personne relit son profil, l'équipe voit l'historique.",
            ),
            likelihood: gauge(
                1,
                "Seule l'équipe de la personne peut modifier sa fiche, et chaque modification est notée.",
            ),
        },
        Risk {
            item: "3.4",
            title: "Disparition de données",
            impacts: vec![
                "Suivi d'une personne isolée interrompu",
                "Personne oubliée : plus personne ne l'appelle",
            ],
            threats: vec![
                "Panne ou perte du disque du serveur",
                "Effacement par erreur",
                "Logiciel de rançon",
            ],
            sources: vec!["Sinistre", "Erreur d'exploitation", "Attaquant extérieur"],
            measures: vec![BACKUPS, ACCESS, JOURNAL],
            severity: gauge(
                2,
                "L'équipe connaît les personnes qu'elle suit et peut reprendre contact ; le suivi serait retardé.",
            ),
            likelihood: gauge(
                1,
                "Avec une sauvegarde vérifiée chaque jour, gardée hors du serveur, et une restauration essayée \
                 régulièrement.",
            ),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_measure_a_risk_names_is_described() {
        let titles: Vec<&str> = measures(24).iter().map(|m| m.title).collect();
        for risk in risks() {
            for m in &risk.measures {
                assert!(titles.contains(m), "{m} (risk {}) has no description", risk.item);
            }
            assert!((1..=4).contains(&risk.severity.level) && (1..=4).contains(&risk.likelihood.level));
        }
    }

    #[test]
    fn figures_come_from_the_rules() {
        let all: String = measures(30).iter().flat_map(|m| m.content.clone()).collect();
        assert!(all.contains("depuis 30 mois"), "the register's retention");
        assert!(all.contains(&format!("moins de {MIN_CELL} ")));
        assert!(all.contains(&format!("au moins {MIN_PASSWORD_LEN} caractères")));
    }
}
