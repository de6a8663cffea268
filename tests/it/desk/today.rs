//! What the coordinator does today comes first: the calls for a person's agreement beside the
//! check-in calls; and when each binôme's next check-in falls due, on the desk and its page.

use super::{DAY, alert, at, binome, checkin, desk, now, person, suggest};
use crate::helpers::{Page, TestApp};
use crate::on_both_backends;
use binome::db::{self, people::NewConsent};
use binome::domain::alert::AlertKind;
use binome::domain::checkin::due_at;
use binome::domain::consent::ConsentMethod;
use binome::domain::dates::french_date;
use binome::domain::pairing::State;
use binome::domain::person::Kind;

/// The binôme goes through its first meeting on its page, as the coordinator does: its first
/// check-in is then scheduled.
async fn first_meeting(app: &TestApp, pairing: i32) {
    let page = format!("/binomes/{pairing}");
    app.submit(&page, &format!("{page}/rencontre"), &[]).await;
}

/// The first `<h2>` of the page after its title.
fn first_heading(page: &Page) -> String {
    let start = page.body.find("<h2").expect("a heading");
    let end = page.body[start..].find("</h2>").unwrap() + start;
    page.body[start..end].to_string()
}

/// Days written as `2026-12-03` anywhere in the page.
pub fn iso_dates(page: &Page) -> Vec<String> {
    let b = page.body.as_bytes();
    let shape = |w: &[u8]| {
        w.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
    };
    b.windows(10)
        .filter(|w| shape(w))
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect()
}

async fn the_binome_page_and_the_desk_say_when_the_next_check_in_falls_due(app: TestApp) {
    let team = desk(&app).await;
    let lea = person(&app, team, Kind::Volunteer, "Lea", "15120", true, 30).await;
    let marcelle = person(&app, team, Kind::Beneficiary, "Marcelle", "15120", false, 40).await;
    let ada = person(&app, team, Kind::Beneficiary, "Ada", "15120", true, 40).await;
    let without = binome(&app, team, marcelle, lea, State::Agreed).await;
    let with = binome(&app, team, ada, lea, State::Agreed).await;
    let before = app.get(&format!("/binomes/{without}")).await;
    assert!(
        !before.contains("premier point"),
        "no check-in before the first meeting"
    );
    first_meeting(&app, without).await;
    first_meeting(&app, with).await;
    let first = french_date(due_at(now(), 1));

    let expected = format!("premier point le {first}, par téléphone (pas d'e-mail)");
    let page = app.get(&format!("/binomes/{without}")).await;
    assert!(
        page.contains(&expected),
        "« {expected} » on the binôme's page: {}",
        page.body
    );
    let page = app.get(&format!("/binomes/{with}")).await;
    assert!(
        page.contains(&format!("premier point le {first}, par e-mail")),
        "{}",
        page.body
    );

    let page = app.get("/tableau-de-bord").await;
    assert!(page.contains("Marcelle Test et Lea Test</a>"));
    let row = &page.body[at(&page, "Marcelle Test et Lea Test")..];
    let row = &row[..row.find("</li>").unwrap()];
    assert!(
        row.replace("&#39;", "'").contains(&expected),
        "« {expected} » on the desk row: {row}"
    );
    assert!(page.contains(&format!("premier point le {first}, par e-mail")));

    // The check-in falls due: the one opened is the next, then the following one.
    binome::jobs::run_due(&app.state.db, &app.state.links, due_at(now(), 1) + 1000)
        .await
        .unwrap();
    let page = app.get(&format!("/binomes/{without}")).await;
    assert!(
        page.contains(&expected),
        "the check-in opened is still the next one: {}",
        page.body
    );
}

async fn two_weeks_on_the_desk_lists_the_check_in_call_and_it_opens_from_there(app: TestApp) {
    let team = desk(&app).await;
    let lea = person(&app, team, Kind::Volunteer, "Lea", "15120", true, 30).await;
    let marcelle = person(&app, team, Kind::Beneficiary, "Marcelle", "15120", false, 40).await;
    let pairing = binome(&app, team, marcelle, lea, State::Agreed).await;
    first_meeting(&app, pairing).await;
    assert!(
        !app.get("/tableau-de-bord").await.contains("Appeler Marcelle Test"),
        "nothing to call about yet"
    );

    // Fifteen days pass for the whole application, scheduler and pages alike: no row is
    // back-dated, the clock moves.
    app.state.clock.advance(15 * DAY);
    binome::jobs::run_due(&app.state.db, &app.state.links, app.state.clock.now_ms())
        .await
        .unwrap();
    let page = app.get("/tableau-de-bord").await;
    let link = page.body[..at(&page, "Appeler Marcelle Test")]
        .rsplit("href=\"")
        .next()
        .unwrap()
        .trim_end_matches("\">")
        .to_string();
    assert!(
        link.starts_with(&format!("/binomes/{pairing}/point/")),
        "the call opens the check-in: {link}"
    );
    let form = app.get(&link).await;
    assert_eq!(form.status, 200);
    assert!(
        form.contains("Comment ça se passe avec Lea"),
        "the questions asked to Marcelle: {}",
        form.body
    );
}

async fn an_accepted_proposal_without_email_is_a_call_to_make_today(app: TestApp) {
    let team = desk(&app).await;
    let lea = person(&app, team, Kind::Volunteer, "Lea", "15120", true, 30).await;
    let paul = person(&app, team, Kind::Volunteer, "Paul", "15120", true, 30).await;
    let marcelle = person(&app, team, Kind::Beneficiary, "Marcelle", "15120", false, 40).await;
    let ada = person(&app, team, Kind::Beneficiary, "Ada", "15120", true, 40).await;
    let berthe = person(&app, team, Kind::Beneficiary, "Berthe", "15120", true, 40).await;
    binome(&app, team, marcelle, lea, State::Accepted).await;
    binome(&app, team, ada, paul, State::Accepted).await;
    binome(&app, team, berthe, paul, State::Proposed).await;
    let mut waiting = Vec::new();
    for i in 0..21 {
        waiting.push(
            person(
                &app,
                team,
                Kind::Beneficiary,
                &format!("Attente{i:02}"),
                "15120",
                true,
                10,
            )
            .await,
        );
    }
    let pairs: Vec<(i32, i32, f64)> = waiting.iter().map(|b| (*b, lea, 50.0)).collect();
    suggest(&app, team, &pairs).await;

    let page = app.get("/tableau-de-bord").await;
    assert!(
        first_heading(&page).contains("À faire aujourd'hui"),
        "{}",
        first_heading(&page)
    );
    let call = "Lea a accepté : appeler Marcelle pour son accord";
    assert!(page.contains("Accords à recueillir par téléphone (1)"));
    assert!(at(&page, "Accords à recueillir") < at(&page, call));
    assert!(
        at(&page, call) < at(&page, "Propositions en attente"),
        "before the proposals waiting"
    );
    assert!(
        page.contains("Appeler Marcelle Test</a> au 04 71 00 00 08"),
        "with her number, in pairs"
    );
    assert!(page.contains("Envoyées, en attente de réponse (2)"));
    let sent = &page.body[at(&page, "Envoyées, en attente de réponse")..];
    assert!(
        !sent.contains("Marcelle"),
        "not among the proposals waiting for an answer"
    );
    assert!(page.contains("Paul a accepté : Ada a reçu un lien pour donner son accord"));
    assert!(page.contains("attend la réponse de Paul"));

    // The printed call sheet lists the agreement to ask for, with her number.
    let sheet = app.get(&format!("/tableau-de-bord/appels?equipe={team}")).await;
    assert!(sheet.contains("Accords à recueillir (1)"), "{}", sheet.body);
    assert!(sheet.contains("Marcelle Test : 04 71 00 00 08") && sheet.contains("proposé avec Lea Test, bénévole"));
    assert!(!sheet.contains("Ada Test :"), "Ada answers by her own link");
}

async fn the_desk_the_binome_and_the_proposals_write_dates_in_french(app: TestApp) {
    let team = desk(&app).await;
    let lea = person(&app, team, Kind::Volunteer, "Lea", "15120", true, 30).await;
    let marcelle = person(&app, team, Kind::Beneficiary, "Marcelle", "15120", false, 40).await;
    person(&app, team, Kind::Beneficiary, "Ada", "15265", true, 400).await;
    let pairing = binome(&app, team, marcelle, lea, State::Agreed).await;
    first_meeting(&app, pairing).await;
    alert(
        &app,
        team,
        Some(pairing),
        marcelle,
        AlertKind::CallBack,
        "Marcelle Test voudrait être rappelée.",
    )
    .await;
    checkin(&app, pairing, marcelle, "beneficiary", 1, None).await;
    let page = format!("/binomes/{pairing}");
    app.submit(&page, &format!("{page}/notes"), &[("note_text", "Appelée ce matin.")])
        .await;
    app.submit("/propositions", "/propositions/tour", &[("equipe", &team.to_string())])
        .await;
    // Her consent, given orally and attested by a référent on a given day.
    let charter = db::charters::current(&app.db).await.unwrap().unwrap();
    let oral = NewConsent {
        method: ConsentMethod::Assisted,
        attester_name: Some("Référente du CCAS".into()),
        attested_on: Some("2026-12-01".into()),
        ..NewConsent::online(&charter)
    };
    db::people::add_consent(&app.db, marcelle, &oral, now()).await.unwrap();
    let her = format!("/personnes/{marcelle}");
    let paths = [
        "/tableau-de-bord".to_string(),
        page,
        "/propositions".into(),
        format!("/tableau-de-bord/appels?equipe={team}"),
        her.clone(),
    ];
    for path in paths {
        let seen = app.get(&path).await;
        assert_eq!(seen.status, 200, "{path}");
        assert_eq!(iso_dates(&seen), Vec::<String>::new(), "{path}: {}", seen.body);
    }
    let desk = app.get("/tableau-de-bord").await;
    assert!(
        desk.contains(&format!("(le {})", french_date(now()))),
        "the alert's day"
    );
    assert!(desk.contains(&french_date(now() - DAY)), "the call's day");
    let her = app.get(&her).await;
    assert!(her.contains("Référente du CCAS, le 1er décembre 2026"), "{}", her.body);
    assert!(
        her.contains(&format!("{} à ", french_date(now()))),
        "a moment with its hour: {}",
        her.body
    );
}

/// Sets how a person wants to be reached (and what that channel needs).
async fn chooses(app: &TestApp, id: i32, channel: binome::domain::profile::ContactChannel, phone: &str) {
    let mut profile = db::people::by_id(&app.db, id).await.unwrap().unwrap().profile;
    profile.contact_channel = channel;
    profile.phone = Some(phone.into());
    profile.postal_address = Some("3 place de la Mairie\n15200 MAURIAC".into());
    db::people::update_profile(&app.db, id, &profile, now()).await.unwrap();
}

/// The desk's « by phone » is `Reach`'s: someone who chose the post is called for her
/// agreement even with an e-mail address (a letter cannot be answered); someone asked by SMS
/// is not on the call list.
async fn the_agreements_to_ask_by_phone_follow_the_chosen_channel(app: TestApp) {
    use binome::domain::profile::ContactChannel;
    let team = desk(&app).await;
    let lea = person(&app, team, Kind::Volunteer, "Lea", "15120", true, 30).await;
    let paul = person(&app, team, Kind::Volunteer, "Paul", "15120", true, 30).await;
    let odette = person(&app, team, Kind::Beneficiary, "Odette", "15120", true, 40).await;
    chooses(&app, odette, ContactChannel::Postal, "04 71 00 00 06").await;
    let simone = person(&app, team, Kind::Beneficiary, "Simone", "15120", false, 40).await;
    chooses(&app, simone, ContactChannel::Sms, "06 12 34 56 78").await;
    binome(&app, team, odette, lea, State::Accepted).await;
    binome(&app, team, simone, paul, State::Accepted).await;

    let page = app.get("/tableau-de-bord").await;
    assert!(page.contains("Accords à recueillir par téléphone (1)"), "{}", page.body);
    assert!(page.contains("Lea a accepté : appeler Odette pour son accord"));
    assert!(
        !page.contains("appeler Simone pour son accord"),
        "Simone answers OUI or NON by SMS"
    );
}

on_both_backends!(
    the_agreements_to_ask_by_phone_follow_the_chosen_channel,
    the_binome_page_and_the_desk_say_when_the_next_check_in_falls_due,
    two_weeks_on_the_desk_lists_the_check_in_call_and_it_opens_from_there,
    an_accepted_proposal_without_email_is_a_call_to_make_today,
    the_desk_the_binome_and_the_proposals_write_dates_in_french
);
