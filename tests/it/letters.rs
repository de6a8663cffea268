//! Letters for the people who chose the post, printed in Chromium (must-show 4 of #15): a
//! real journey writes them, « Courriers à imprimer » lays them out one an A4 page with the
//! address in the window of a DL envelope, and the coordinator marks them printed.

use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp, in_ci};
use crate::on_both_backends;
use binome::db;
use binome::domain::alert::AlertKind;
use binome::domain::profile::ContactChannel;
use std::path::Path;
use std::process::Command;

const DENISE_ADDRESS: &str = "12 rue des Tilleuls\n15210 Ydes";

/// Denise (who chose the post, no e-mail) agreed on the phone, then the team ended the
/// binôme: two letters. Returns (team, Denise, pairing).
async fn two_letters(app: &TestApp) -> (i32, i32, i32) {
    let (pairing, _) = crate::ending::accepted(app).await;
    let p = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap();
    let denise = p.beneficiary_id;
    let mut profile = db::people::by_id(&app.db, denise).await.unwrap().unwrap().profile;
    profile.contact_channel = ContactChannel::Postal;
    profile.email = None;
    profile.postal_address = Some(DENISE_ADDRESS.into());
    let now = app.state.clock.now_ms();
    db::people::update_profile(&app.db, denise, &profile, now)
        .await
        .unwrap();
    let contact = db::teams::Contact {
        phone: Some("0471401234".into()),
        email: Some("ccas@mauriac.fr".into()),
    };
    db::teams::set_contact(&app.db, p.team_id, &contact).await.unwrap();
    let team_address = "CCAS de Mauriac\n2 place de la Mairie\n15200 Mauriac";
    db::teams::set_postal_address(&app.db, p.team_id, Some(team_address))
        .await
        .unwrap();

    let page = format!("/binomes/{pairing}");
    crate::meeting::agree_at(app, pairing, "la médiathèque de Ydes").await;
    let end = [
        ("action", "end"),
        ("asked_by", "team"),
        ("end_reason", "other"),
        ("after", "waiting"),
    ];
    app.submit(&page, &format!("{page}/etat"), &end).await;
    (p.team_id, denise, pairing)
}

pub(crate) fn pdf_tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    if !found {
        assert!(
            !in_ci(),
            "CI=true: {name} is missing (poppler-utils; run scripts/install-test-tools.sh)"
        );
        eprintln!("skipped the PDF check: {name} not found; run scripts/install-test-tools.sh");
    }
    found
}

pub(crate) fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().expect("poppler runs");
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of one page (`pdftotext -layout`), or of the crop `x, y, w, h` in millimetres
/// from the page's top left corner.
fn text_of(pdf: &Path, page: u32, crop_mm: Option<[f64; 4]>) -> String {
    let page = page.to_string();
    let file = pdf.to_str().unwrap();
    let mut args: Vec<String> = ["-f", &page, "-l", &page, "-layout"].map(String::from).to_vec();
    if let Some(crop) = crop_mm {
        // pdftotext counts in points at 72 dpi: 72 / 25.4 points a millimetre.
        for (flag, mm) in ["-x", "-y", "-W", "-H"].into_iter().zip(crop) {
            args.push(flag.into());
            args.push(((mm * 72.0 / 25.4).round() as i64).to_string());
        }
    }
    args.push(file.into());
    args.push("-".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run("pdftotext", &args).replace('\u{a0}', " ")
}

async fn letters_to_someone_who_chose_the_post_print_one_a_page_in_the_envelope_window(app: TestApp) {
    let (team, denise, pairing) = two_letters(&app).await;

    // Told by letter, not by a call task: nothing « À prévenir » for her on the desk.
    let alerts = db::checkins::open_alerts(&app.db, &[team]).await.unwrap();
    assert!(
        !alerts
            .iter()
            .any(|a| a.kind == AlertKind::ToTell && a.person_id == Some(denise)),
        "{alerts:?}"
    );
    let desk = app.get(&format!("/tableau-de-bord?equipe={team}")).await;
    assert!(desk.contains("Courriers à imprimer (2)"), "{}", desk.body);
    assert!(desk.contains(&format!("href=\"/courriers?equipe={team}\"")));

    let page = app.get(&format!("/courriers?equipe={team}")).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("<article class=\"letter\"").count(), 2);
    assert!(
        page.contains("Vous allez rencontrer")
            && page.contains("mardi")
            && page.contains("à 15 h")
            && page.contains("la médiathèque de Ydes"),
        "{}",
        page.body
    );
    assert!(page.contains("s&#39;arrête") || page.contains("s'arrête"));
    assert!(page.contains("12 rue des Tilleuls") && page.contains("2 place de la Mairie"));

    if let Some(browser) = Browser::start().await
        && pdf_tool("pdfinfo")
        && pdf_tool("pdftotext")
    {
        browser.client.goto(&app.url("/connexion")).await.unwrap();
        browser.fill("#email", "coordination@exemple.fr").await;
        browser.fill("#password", PASSWORD).await;
        browser
            .click_to("form.form button[type=submit]", "/tableau-de-bord")
            .await;
        browser
            .client
            .goto(&app.url(&format!("/courriers?equipe={team}")))
            .await
            .unwrap();
        browser.assert_accessible("courriers à imprimer").await;
        let zero = fantoccini::wd::PrintMargins {
            top: 0.0,
            bottom: 0.0,
            left: 0.0,
            right: 0.0,
        };
        let config = fantoccini::wd::PrintConfiguration::builder()
            .size(fantoccini::wd::PrintSize::A4)
            .margins(zero)
            .shrink_to_fit(false)
            .build()
            .unwrap();
        let pdf = browser.client.print(config).await.unwrap();
        browser.close().await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("courriers.pdf");
        std::fs::write(&file, pdf).unwrap();
        // To look at the sheets: BINOME_KEEP_PDF=/tmp/courriers.pdf cargo test --test it letters::
        if let Some(keep) = std::env::var_os("BINOME_KEEP_PDF") {
            std::fs::copy(&file, keep).unwrap();
        }

        let info = run("pdfinfo", &[file.to_str().unwrap()]);
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 2")),
            "one page per letter: {info}"
        );
        assert!(info.contains("(A4)"), "A4: {info}");
        // The window of a DL envelope: about 100 mm from the left, 45 mm from the top, 100 × 45 mm.
        let window = Some([100.0, 45.0, 110.0, 50.0]);
        for page in [1, 2] {
            let seen = text_of(&file, page, window);
            assert!(
                seen.contains("Denise Test") && seen.contains("12 rue des Tilleuls") && seen.contains("15210 Ydes"),
                "page {page}: the address shows in the window: {seen:?}"
            );
            assert!(!seen.contains("Mauriac"), "only the recipient in the window: {seen:?}");
            let above = text_of(&file, page, Some([0.0, 0.0, 210.0, 45.0]));
            assert!(!above.contains("Denise"), "nothing of her above the window: {above:?}");
        }
        let first = text_of(&file, 1, None);
        assert!(
            first.contains("Bonjour Denise,")
                && first.contains("Vous allez rencontrer")
                && first.contains("Appelez l'équipe au 04 71 40 12 34.")
                && first.contains("CCAS de Mauriac")
                && first.contains("Téléphone : 04 71 40 12 34"),
            "{first}"
        );
        let second = text_of(&file, 2, None);
        assert!(
            second.contains("s'arrête") && second.contains("Bonjour Denise,"),
            "{second}"
        );
    }

    // Printed: they leave the list and stay in her record.
    let ids: Vec<String> = db::letters::waiting(&app.db, team)
        .await
        .unwrap()
        .iter()
        .map(|l| l.id.to_string())
        .collect();
    let done = app
        .submit(
            "/courriers",
            "/courriers/imprimes",
            &[("equipe", &team.to_string()), ("courriers", &ids.join(","))],
        )
        .await;
    assert!(done.contains("2 courriers marqués imprimés"), "{}", done.body);
    assert!(done.contains("Aucun courrier à imprimer."));
    let kept = db::letters::of_person(&app.db, denise).await.unwrap();
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().all(|l| l.printed_at.is_some()));
    let desk = app.get(&format!("/tableau-de-bord?equipe={team}")).await;
    assert!(desk.contains("Courriers à imprimer (0)"));
    let record = app.get(&format!("/personnes/{denise}")).await;
    assert!(
        record.contains("<h2>Courriers</h2>") && record.body.matches(" — imprimé le ").count() == 2,
        "kept in her record: {}",
        record.body
    );
    let _ = pairing;
}

async fn a_letter_is_marked_printed_one_by_one_and_only_in_ones_own_team(app: TestApp) {
    let (team, denise, _) = two_letters(&app).await;
    let waiting = db::letters::waiting(&app.db, team).await.unwrap();
    assert_eq!(waiting.len(), 2);
    // Another team's coordinator cannot mark them.
    let other = app.create_team("Lyon", &["69123"]).await;
    app.create_staff(
        binome::domain::account::Role::Coordinator,
        "lyon@exemple.fr",
        &[other],
        None,
    )
    .await;
    let lyon = app.new_visitor();
    lyon.login("lyon@exemple.fr", PASSWORD).await;
    let refused = lyon
        .submit(
            "/tableau-de-bord",
            "/courriers/imprimes",
            &[("equipe", &team.to_string()), ("courriers", &waiting[0].id.to_string())],
        )
        .await;
    assert_eq!(refused.status, 403);
    let own = lyon
        .submit(
            "/tableau-de-bord",
            "/courriers/imprimes",
            &[
                ("equipe", &other.to_string()),
                ("courriers", &waiting[0].id.to_string()),
            ],
        )
        .await;
    assert!(own.contains("Aucun courrier n'a changé"), "{}", own.body);
    assert!(!lyon.get("/courriers").await.contains("Denise"));

    let one = app
        .submit(
            "/courriers",
            "/courriers/imprimes",
            &[("equipe", &team.to_string()), ("courriers", &waiting[0].id.to_string())],
        )
        .await;
    assert!(one.contains("Un courrier marqué imprimé"), "{}", one.body);
    assert_eq!(one.body.matches("<article class=\"letter\"").count(), 1);
    let kept = db::letters::of_person(&app.db, denise).await.unwrap();
    assert_eq!(kept.iter().filter(|l| l.printed_at.is_some()).count(), 1);
}

async fn a_checkin_falling_due_asks_by_letter_to_call_the_team(app: TestApp) {
    let (pairing, _) = crate::lifecycle::active_binome(&app).await;
    let p = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap();
    let denise = p.beneficiary_id;
    let mut profile = db::people::by_id(&app.db, denise).await.unwrap().unwrap().profile;
    profile.contact_channel = ContactChannel::Postal;
    profile.email = None;
    profile.postal_address = Some(DENISE_ADDRESS.into());
    let now = app.state.clock.now_ms();
    db::people::update_profile(&app.db, denise, &profile, now)
        .await
        .unwrap();
    let contact = db::teams::Contact {
        phone: Some("0471401234".into()),
        email: None,
    };
    db::teams::set_contact(&app.db, p.team_id, &contact).await.unwrap();
    assert!(db::letters::of_person(&app.db, denise).await.unwrap().is_empty());

    // Two weeks later the first check-in falls due: a letter, since a letter cannot carry a link.
    let due = now + 15 * crate::lifecycle::DAY;
    crate::lifecycle::tick(&app, due).await;
    crate::lifecycle::tick(&app, due).await;
    let letters = db::letters::of_person(&app.db, denise).await.unwrap();
    assert_eq!(
        letters.len(),
        1,
        "one letter, even when the job is replayed: {letters:?}"
    );
    let letter = &letters[0];
    assert_eq!(letter.title, "point de suivi n° 1 : comment ça va ?");
    assert!(
        letter.body.contains("Comment ça va ?")
            && letter
                .body
                .contains("Appelez l'équipe au 04\u{a0}71\u{a0}40\u{a0}12\u{a0}34."),
        "{}",
        letter.body
    );
    let page = app.get(&format!("/courriers?equipe={}", p.team_id)).await;
    assert!(
        page.contains("Comment ça va ?") && page.contains("Point de suivi n° 1"),
        "{}",
        page.body
    );
}

on_both_backends!(
    letters_to_someone_who_chose_the_post_print_one_a_page_in_the_envelope_window,
    a_letter_is_marked_printed_one_by_one_and_only_in_ones_own_team,
    a_checkin_falling_due_asks_by_letter_to_call_the_team,
);
