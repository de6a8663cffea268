//! The schema as the database itself describes it (sqlite_master and PRAGMA table_info on
//! SQLite, information_schema.columns on PostgreSQL): every table and text column, so that a
//! table or a column added later is filled and scanned without anyone remembering to list it.

use super::strings;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::collections::BTreeMap;

/// Tables that hold no personal data of a person, with why.
const NO_PERSON_DATA: &[&str] = &[
    "commune",           // the French communes, from INSEE
    "team",              // teams and
    "team_area",         // their territories
    "venue",             // a team's public places for first meetings
    "staff",             // staff accounts: the staff's own data, not the people's
    "staff_team",        // which staff member is in which team
    "staff_absence",     // a coordinator's absences and who stands in: staff data
    "login_attempt",     // the staff sign-in throttle (staff addresses, kept 15 minutes)
    "charter_version",   // the published charters
    "interest",          // the catalogue of interests
    "setting",           // the admin's settings and register of processing
    "purge_report",      // counts of the daily purge
    "team_revision",     // one counter per team
    "matching_revision", // one counter per team, for its matching instance
    "seaql_migrations",  // the migrations applied
];

/// Text columns that hold a code the program chose (a state, a kind, a key), which erasure
/// keeps for the anonymous indicators or the machinery; every other text column of a row
/// about the person is free text that erasure must clear.
const CODES: &[&str] = &[
    "person.kind",
    "person.status",
    "person.contact_channel",
    // An INSEE code, read as one (erasure blanks it).
    "person.commune",
    "person.formats",
    // Topic codes from a fixed list (erasure blanks them with the profile).
    "person.shares",
    "person.learns",
    "consent.method",
    "consent.content_sha256",
    "person_token.purpose",
    "suggestion.round_id",
    "suggestion.mode",
    "suggestion.status",
    "pair_exclusion.reason",
    "pairing.state",
    "pairing.mode",
    "pairing.end_reason",
    "pairing_transition.from_state",
    "pairing_transition.to_state",
    "job.kind",
    "job.status",
    "job.idempotency_key",
    "checkin.role",
    "checkin.met",
    "checkin.mood",
    "checkin.decision",
    "alert.kind",
    "pairing_feedback.rating",
    "audit_log.action",
    // Who did it: a staff member's name, not the person's data.
    "audit_log.staff_label",
    "person_erasure.reason",
    // The throttle's buckets; the subject is her address (below), which erasure deletes.
    "rate_event.bucket",
    "rate_event.subject",
    "rate_bucket.bucket",
    "rate_bucket.subject",
    "sms_outbox.kind",
    "sms_outbox.status",
    "sms_outbox.idempotency_key",
    "sms_question.kind",
];

/// The person's own name and contacts: they hold her values already, and erasure reads them to
/// find her in other people's text.
const IDENTITY: &[&str] = &[
    "person.first_name",
    "person.last_name",
    "person.email",
    "person.phone",
    "person.postal_address",
];

/// How a row refers to a person, directly or through one of their binômes.
const PERSON_COLUMNS: [&str; 3] = ["person_id", "beneficiary_id", "volunteer_id"];

/// A table's columns: name and whether it holds text.
pub struct Table {
    pub name: String,
    pub columns: Vec<(String, bool)>,
}

impl Table {
    fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|(c, _)| c == column)
    }

    pub fn holds_personal_data(&self) -> bool {
        !NO_PERSON_DATA.contains(&self.name.as_str())
    }

    /// The text columns of free text: every one that is not a listed code, nor her identity.
    fn free_text(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|(c, text)| {
                let place = format!("{}.{c}", self.name);
                *text && !CODES.contains(&place.as_str()) && !IDENTITY.contains(&place.as_str())
            })
            .map(|(c, _)| c.as_str())
            .collect()
    }

    /// The SQL condition of the rows about `person` (and the binômes `pairings`).
    fn about(&self, person: i32, pairings: &[String]) -> String {
        if self.name == "person" {
            return format!("id = {person}");
        }
        // The rate limits count requests by address: hers, while she has one.
        if self.name.starts_with("rate_") {
            return format!("subject IN (SELECT email FROM person WHERE id = {person})");
        }
        let mut any: Vec<String> = PERSON_COLUMNS
            .iter()
            .filter(|c| self.has(c))
            .map(|c| format!("{c} = {person}"))
            .collect();
        if self.has("pairing_id") && !pairings.is_empty() {
            any.push(format!("pairing_id IN ({})", pairings.join(", ")));
        }
        assert!(
            !any.is_empty(),
            "table {} names no person nor binôme: say in NO_PERSON_DATA why it holds no personal data, \
             or teach this test (and erasure) how it refers to a person",
            self.name
        );
        any.join(" OR ")
    }
}

fn is_text(backend: DbBackend, declared: &str) -> bool {
    let t = declared.to_uppercase();
    match backend {
        DbBackend::Postgres => matches!(t.as_str(), "TEXT" | "CHARACTER VARYING" | "CHARACTER"),
        _ => t.contains("CHAR") || t.contains("TEXT") || t.contains("CLOB") || t.is_empty(),
    }
}

/// Every table with its columns, from the database's own catalogue.
pub async fn tables(sql: &DatabaseConnection) -> Vec<Table> {
    let backend = sql.get_database_backend();
    let query = if backend == DbBackend::Postgres {
        "SELECT table_name, column_name, data_type FROM information_schema.columns \
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    } else {
        "SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
    };
    let rows = sql.query_all_raw(Statement::from_string(backend, query)).await.unwrap();
    let mut tables: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    let mut places = Vec::new();
    for row in rows {
        let table: String = row.try_get_by_index(0).unwrap();
        let column: String = row.try_get_by_index(1).unwrap();
        let declared: String = row.try_get_by_index(2).unwrap();
        if is_text(backend, &declared) {
            places.push(format!("{table}.{column}"));
        }
        tables
            .entry(table)
            .or_default()
            .push((column, is_text(backend, &declared)));
    }
    assert!(tables.len() > 20, "the scan sees the schema: {:?}", tables.keys());
    for listed in CODES.iter().chain(IDENTITY) {
        assert!(
            places.iter().any(|p| p == listed),
            "{listed} is listed here but is no text column any more"
        );
    }
    tables
        .into_iter()
        .map(|(name, columns)| Table { name, columns })
        .collect()
}

/// Appends `words` to every free-text column of every row about `person`, in every table that
/// may hold personal data; panics when such a table has free text but no row about them (the
/// journey must then give it one, so that its erasure is tested).
pub async fn fill_free_text(sql: &DatabaseConnection, person: i32, words: &str) {
    let pairings = strings(
        sql,
        &format!("SELECT CAST(id AS TEXT) FROM pairing WHERE beneficiary_id = {person} OR volunteer_id = {person}"),
    )
    .await;
    for table in tables(sql).await.iter().filter(|t| t.holds_personal_data()) {
        let about = table.about(person, &pairings);
        let free = table.free_text();
        if free.is_empty() {
            continue;
        }
        let count = strings(
            sql,
            &format!("SELECT CAST(COUNT(*) AS TEXT) FROM \"{}\" WHERE {about}", table.name),
        )
        .await;
        assert_ne!(
            count,
            ["0"],
            "no row of {} is about the person: the journey must write one, so that its free text \
             ({free:?}) is erased too",
            table.name
        );
        for column in free {
            let update = format!(
                "UPDATE \"{t}\" SET \"{column}\" = COALESCE(\"{column}\", '') || ' {words}' WHERE {about}",
                t = table.name
            );
            sql.execute_unprepared(&update).await.unwrap();
        }
    }
}

/// Every text stored in every text column of every table that may hold personal data,
/// lower-cased, each with where it was found.
pub async fn every_text(sql: &DatabaseConnection) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for table in tables(sql).await.iter().filter(|t| t.holds_personal_data()) {
        for (column, _) in table.columns.iter().filter(|(_, text)| *text) {
            let query = format!(
                "SELECT \"{column}\" FROM \"{t}\" WHERE \"{column}\" IS NOT NULL",
                t = table.name
            );
            let place = format!("{}.{column}", table.name);
            texts.extend(
                strings(sql, &query)
                    .await
                    .into_iter()
                    .map(|t| (place.clone(), t.to_lowercase())),
            );
        }
    }
    texts
}
