//! The demo territory: a rural arrondissement (Mauriac, Cantal) and a city (Lyon).

mod people;
mod venues;

use crate::db::{self, Db, staff::NewStaff};
use crate::domain::account::{Email, Role};
use crate::domain::commune::InseeCode;
use crate::domain::territory::Territory;
use crate::{epoch_ms, password};
use chrono::{DateTime, Utc};

/// The password of every demo account (the demo is not for real data).
pub const PASSWORD: &str = "demo-binome-2026";

pub const MAURIAC_TEAM: &str = "Antenne de Mauriac";
pub const LYON_TEAM: &str = "Centre social de Lyon";

/// Communes of the arrondissement of Mauriac (Cantal) covered by the rural team.
const MAURIAC_COMMUNES: &[&str] = &[
    "Mauriac",
    "Ydes",
    "Riom-ès-Montagnes",
    "Pleaux",
    "Saint-Martin-Valmeroux",
    "Vebret",
    "Menet",
    "Moussages",
    "Salers",
    "Saignes",
    "Trizac",
    "Ally",
    "Anglards-de-Salers",
    "Antignac",
    "Apchon",
    "Arches",
    "Auzers",
    "Bassignac",
    "Beaulieu",
    "Brageac",
    "Chalvignac",
    "Champagnac",
    "Champs-sur-Tarentaine-Marchal",
    "Chaussenac",
    "Cheylade",
    "Collandres",
    "Drignac",
    "Escorailles",
    "Le Falgoux",
    "Fontanges",
    "Jaleyrac",
    "Lanobre",
    "Lugarde",
    "Madic",
    "Marchastel",
    "Méallet",
    "Le Monteil",
    "Saint-Bonnet-de-Salers",
    "Saint-Chamant",
    "Saint-Étienne-de-Chomeil",
    "Saint-Hippolyte",
    "Saint-Martin-Cantalès",
    "Saint-Paul-de-Salers",
    "Saint-Pierre",
    "Saint-Vincent-de-Salers",
    "Sainte-Eulalie",
    "Salins",
    "Sauvat",
    "Sourniac",
    "Tourniac",
    "Valette",
    "Le Vigean",
    "Le Claux",
    "Le Vaulmier",
    "Barriac-les-Bosquets",
];

/// Lyon's nine municipal arrondissements.
const LYON_ARRONDISSEMENTS: &[&str] = &[
    "69381", "69382", "69383", "69384", "69385", "69386", "69387", "69388", "69389",
];

/// Role, e-mail, name, organisation, teams.
type DemoStaff = (Role, &'static str, &'static str, Option<&'static str>, Vec<i32>);

/// Setting holding the demo accounts, as JSON [(role, e-mail)]; only a demo database has it.
pub const DEMO_ACCOUNTS_KEY: &str = "demo_accounts";

pub struct DemoAccount {
    pub role: Role,
    pub email: &'static str,
}

/// Fills an empty database with teams and staff; returns the accounts to print.
pub async fn seed(db: &Db, now: DateTime<Utc>) -> anyhow::Result<Vec<DemoAccount>> {
    let now_ms = epoch_ms(now);
    let mauriac_codes: Vec<String> = db::communes::by_names(db, "15", MAURIAC_COMMUNES)
        .await?
        .into_iter()
        .map(|c| c.insee_code)
        .collect();
    let mauriac: Vec<InseeCode> = mauriac_codes.iter().filter_map(|c| InseeCode::parse(c)).collect();
    let lyon = LYON_ARRONDISSEMENTS
        .iter()
        .filter_map(|c| InseeCode::parse(c))
        .collect();
    let mauriac_id = db::teams::create(
        db,
        MAURIAC_TEAM,
        &Territory {
            departements: vec![],
            communes: mauriac,
        },
        now_ms,
    )
    .await?;
    let lyon_id = db::teams::create(
        db,
        LYON_TEAM,
        &Territory {
            departements: vec![],
            communes: lyon,
        },
        now_ms,
    )
    .await?;

    // Numbers set aside by the ARCEP for fiction (04 65 71 xx xx): nobody real is called.
    for (team, phone, email) in [
        (mauriac_id, "0465710015", "ccas.mauriac@demo.binome.fr"),
        (lyon_id, "0465710069", "lyon@demo.binome.fr"),
    ] {
        let contact = db::teams::Contact {
            phone: Some(phone.into()),
            email: Some(email.into()),
        };
        db::teams::set_contact(db, team, &contact).await?;
    }
    venues::add(db, mauriac_id, lyon_id, now_ms).await?;
    let hash = password::hash(PASSWORD.to_string()).await?;
    let people: [DemoStaff; 5] = [
        (Role::Admin, "admin@demo.binome.fr", "Camille Admin", None, vec![]),
        (
            Role::Coordinator,
            "coordination.mauriac@demo.binome.fr",
            "Sophie Delmas",
            None,
            vec![mauriac_id],
        ),
        (
            Role::Coordinator,
            "coordination.lyon@demo.binome.fr",
            "Karim Benali",
            None,
            vec![lyon_id],
        ),
        (
            Role::Referent,
            "ccas.ydes@demo.binome.fr",
            "Julie Vidal",
            Some("CCAS de Ydes"),
            vec![mauriac_id],
        ),
        (
            Role::Referent,
            "mdm.lyon3@demo.binome.fr",
            "Thomas Girard",
            Some("Maison de la Métropole Lyon 3e"),
            vec![lyon_id],
        ),
    ];
    let mut accounts = Vec::new();
    let mut ids = Vec::new();
    for (role, email, name, organisation, team_ids) in people {
        let parsed = Email::parse(email).map_err(anyhow::Error::msg)?;
        let new = NewStaff {
            email: &parsed,
            name,
            password_hash: &hash,
            role,
            organisation,
            team_ids: &team_ids,
        };
        ids.push(db::staff::create(db, new, now_ms).await?);
        accounts.push(DemoAccount { role, email });
    }
    // Staff in the order above: admin, coordinators of Mauriac and Lyon, référents of Ydes and Lyon.
    let charter = db::charters::current(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no published charter"))?;
    let lyon_codes: Vec<String> = LYON_ARRONDISSEMENTS.iter().map(|c| c.to_string()).collect();
    let rural = people::Territory {
        team_id: mauriac_id,
        communes: &mauriac_codes,
        referent_id: ids[3],
        coordinator_id: ids[1],
        volunteers: 22,
        beneficiaries: 36,
    };
    let urban = people::Territory {
        team_id: lyon_id,
        communes: &lyon_codes,
        referent_id: ids[4],
        coordinator_id: ids[2],
        volunteers: 18,
        beneficiaries: 24,
    };
    people::seed(db, &rural, &charter, 15, now_ms).await?;
    people::seed(db, &urban, &charter, 69, now_ms).await?;
    // The home page of a demo lists the accounts to try (never set outside a demo).
    let listed: Vec<(String, String)> = accounts
        .iter()
        .map(|a| (a.role.label().to_string(), a.email.to_string()))
        .collect();
    db::settings::put(db, DEMO_ACCOUNTS_KEY, &serde_json::to_string(&listed)?).await?;
    Ok(accounts)
}
