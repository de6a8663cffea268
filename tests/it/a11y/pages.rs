//! The pages to check: every HTML page of the access matrix, read by the role that sees the
//! most of it, and forms sent with mistakes so that they show their errors.

use crate::access::fixture::ROLES;
use crate::access::matrix::{GET, MATRIX};

pub const ANONYMOUS: usize = 0;
pub const VOLUNTEER: usize = 1;
pub const ISOLATED: usize = 2;
pub const REFERENT_1: usize = 3;
pub const COORDINATOR_A: usize = 5;
pub const ADMIN: usize = 7;

/// Who reads a page when several may: who sees the most of it first.
const PREFERRED: [usize; 6] = [ADMIN, COORDINATOR_A, REFERENT_1, VOLUNTEER, ISOLATED, ANONYMOUS];

/// A page to open as `role`; with `form`, that form is then sent as it is after `fills`.
pub struct Visit {
    pub role: usize,
    /// A path of the matrix, with its `{placeholders}`.
    pub template: String,
    pub form: Option<Mistake>,
}

/// A form sent with mistakes: its `action`, and what to type in which field first.
pub struct Mistake {
    pub action: String,
    pub fills: Vec<(&'static str, &'static str)>,
}

/// Pages, not files or data: the style sheet, the CSV, JSON and calendar downloads, the API
/// and the health and metrics answers for the monitoring are left out.
fn is_html_page(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    !path.starts_with("/static/")
        && path != "/favicon.ico"
        && !path.starts_with("/api/")
        && !path.ends_with(".csv")
        && !path.ends_with(".json")
        && !path.ends_with(".ics")
        && !path.starts_with("/sante")
        && path != "/metrics"
}

/// The roles the matrix lets read the row (`ok` or `ok-`).
fn readers(row: &str) -> Vec<usize> {
    let answers: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(answers.len(), ROLES.len(), "one answer per role in {row:?}");
    (0..ROLES.len())
        .filter(|&r| matches!(answers[r], "ok" | "ok-"))
        .collect()
}

/// Every HTML page of the matrix, as the role that sees the most; public pages also as an
/// anonymous visitor (other menu), the personal space also as the isolated person (easy-to-read).
pub fn matrix_visits() -> Vec<Visit> {
    let mut visits = Vec::new();
    for &(method, template, row) in MATRIX {
        // The new charter to sign shows only once there is one: see `links.rs`.
        if method != GET || !is_html_page(template) || template == "/espace/charte" {
            continue;
        }
        let readers = readers(row);
        let Some(&first) = PREFERRED.iter().find(|r| readers.contains(r)) else {
            continue;
        };
        let mut roles = vec![first];
        if first != ANONYMOUS && readers.contains(&ANONYMOUS) {
            roles.push(ANONYMOUS);
        }
        if first == VOLUNTEER && readers.contains(&ISOLATED) {
            roles.push(ISOLATED);
        }
        visits.extend(roles.into_iter().map(|role| Visit {
            role,
            template: template.to_string(),
            form: None,
        }));
    }
    visits
}

/// The error pages (a page that does not exist, a page refused to a référent), and forms sent
/// empty or wrong, each by someone allowed to send it.
pub fn error_visits() -> Vec<Visit> {
    let page = |role, template: &str| Visit {
        role,
        template: template.to_string(),
        form: None,
    };
    let mistake = |role, template: &str, action: &str, fills| Visit {
        role,
        template: template.to_string(),
        form: Some(Mistake {
            action: action.to_string(),
            fills,
        }),
    };
    vec![
        page(ANONYMOUS, "/page-qui-n-existe-pas"),
        page(REFERENT_1, "/admin/equipes"),
        mistake(ANONYMOUS, "/devenir-benevole", "/devenir-benevole", vec![]),
        mistake(
            ANONYMOUS,
            "/connexion",
            "/connexion",
            vec![("#email", "admin@exemple.fr"), ("#password", "mauvais-mot-de-passe")],
        ),
        mistake(
            ANONYMOUS,
            "/espace/connexion",
            "/espace/connexion",
            vec![("#email", "pas-une-adresse")],
        ),
        mistake(COORDINATOR_A, "/personnes/inscrire", "/personnes/inscrire", vec![]),
        mistake(VOLUNTEER, "/espace/profil", "/espace/profil", vec![("#first_name", "")]),
        // Donnant-donnant: the easy-to-read list with its note refused beside it.
        mistake(
            ISOLATED,
            "/espace/profil",
            "/espace/profil",
            vec![(
                "#share_note",
                "la cuisine de mon pays, les chansons de ma grand-mère, le jardin de mon père, \
                 les jeux de cartes du dimanche et bien d'autres choses",
            )],
        ),
        mistake(
            ADMIN,
            "/admin/ponderations",
            "/admin/ponderations",
            vec![("#reciprocity", "beaucoup")],
        ),
        mistake(
            VOLUNTEER,
            "/espace/benevolat",
            "/espace/benevolat",
            vec![("#heures", "deux"), ("#km", "6000")],
        ),
        mistake(ADMIN, "/compte/mot-de-passe", "/compte/mot-de-passe", vec![]),
        mistake(COORDINATOR_A, "/compte/semaine", "/compte/semaine/absence", vec![]),
        mistake(ADMIN, "/admin/equipes", "/admin/equipes", vec![]),
        mistake(ADMIN, "/admin/comptes", "/admin/comptes", vec![]),
        mistake(ADMIN, "/admin/interets", "/admin/interets", vec![]),
        mistake(ADMIN, "/admin/charte", "/admin/charte", vec![("#title", "")]),
        mistake(
            ADMIN,
            "/admin/registre",
            "/admin/registre",
            vec![("#retention_months", "deux ans")],
        ),
    ]
}
