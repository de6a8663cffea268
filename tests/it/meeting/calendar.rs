//! The coordinator sets the first meeting at one of the team's places; each side's e-mail,
//! received by a real SMTP server, carries a calendar file that Python's `icalendar` reads
//! back: one UID for the binôme, its SEQUENCE raised by a change, METHOD:CANCEL on
//! cancellation. A place closed at the time chosen is refused until the coordinator confirms.

use super::{add_mediatheque, post_meeting, upcoming};
use crate::helpers::{TestApp, in_ci};
use crate::mail::{PYTHON, SmtpServer, aiosmtpd_available, received};
use crate::on_both_backends;
use binome::config::MailTarget;
use binome::db;
use binome::domain::pairing::State;
use binome::mail::{Mailer, outbox::deliver_due};
use chrono::Weekday;
use std::path::Path;
use std::process::Command;

/// Reads every calendar file attached to the e-mails of a maildir with Python's `email` and
/// `icalendar` packages: one JSON object per attachment.
const READ_BACK: &str = r#"
import email, json, os, sys
from email import policy
import icalendar
box = os.path.join(sys.argv[1], "new")
for name in sorted(os.listdir(box)):
    with open(os.path.join(box, name), "rb") as f:
        msg = email.message_from_binary_file(f, policy=policy.default)
    for part in msg.walk():
        if part.get_content_type() != "text/calendar":
            continue
        cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
        ev = next(iter(cal.walk("VEVENT")))
        print(json.dumps({
            "to": str(msg["To"]),
            "filename": part.get_filename(),
            "type_method": part.get_param("method"),
            "method": str(cal.get("METHOD")),
            "uid": str(ev.get("UID")),
            "sequence": int(ev.get("SEQUENCE")),
            "start": int(ev.decoded("DTSTART").timestamp()),
            "end": int(ev.decoded("DTEND").timestamp()),
            "location": str(ev.get("LOCATION")),
            "summary": str(ev.get("SUMMARY")),
            "status": str(ev.get("STATUS")),
        }))
"#;

fn icalendar_available() -> bool {
    Command::new(PYTHON)
        .args(["-c", "import icalendar, aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success())
}

/// The calendar files received so far, read by Python.
fn calendars(maildir: &Path) -> Vec<serde_json::Value> {
    let out = Command::new(PYTHON)
        .args(["-c", READ_BACK])
        .arg(maildir)
        .output()
        .expect("python runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The calendar files of version `sequence` of the meeting, one per side.
fn version(maildir: &Path, sequence: i64) -> Vec<serde_json::Value> {
    calendars(maildir)
        .into_iter()
        .filter(|c| c["sequence"] == sequence)
        .collect()
}

async fn a_meeting_at_a_place_reaches_both_calendars_changed_then_cancelled(app: TestApp) {
    if !aiosmtpd_available() || !icalendar_available() {
        assert!(
            !in_ci(),
            "CI=true: python3-aiosmtpd and python3-icalendar are required (scripts/install-test-tools.sh)"
        );
        eprintln!("skipped: {PYTHON} lacks aiosmtpd or icalendar (scripts/install-test-tools.sh)");
        return;
    }
    let (pairing, volunteer) = crate::ending::accepted(&app).await;
    let team = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;

    // The team's places: hours that OpenStreetMap would not read are refused, in French.
    let places = format!("/equipes/{team}/lieux");
    let refused = app
        .submit(
            &places,
            &places,
            &[
                ("nom", "Café de la Poste"),
                ("adresse", "place de la Poste"),
                ("commune", "15120"),
                ("horaires", "du lundi au samedi de 8 h à 19 h"),
            ],
        )
        .await;
    assert!(
        refused.contains("Ces horaires ne sont pas lisibles") && refused.contains("value=\"Café de la Poste\""),
        "{}",
        refused.body
    );
    let venue = add_mediatheque(&app, team).await;
    let binome = app.get(&format!("/binomes/{pairing}")).await;
    assert!(binome.contains("Médiathèque de Mauriac — place Georges Pompidou"));

    // Monday: the médiathèque is closed. The coordinator is told, next to the place.
    let (monday, three, _) = upcoming(&app, 3, Weekday::Mon, 15);
    let mut fields = vec![
        ("day", monday),
        ("time", three.clone()),
        ("venue", venue.to_string()),
        ("place", String::new()),
    ];
    let closed = post_meeting(&app, pairing, "accord", &fields).await;
    assert!(
        closed.contains("Médiathèque de Mauriac est fermé à ce moment-là")
            && closed.contains("Confirmer ce lieu quand même"),
        "{}",
        closed.body
    );
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        State::Accepted,
        "nothing recorded"
    );
    // A day in the past is refused too.
    fields[0].1 = "2020-01-07".into();
    let past = post_meeting(&app, pairing, "accord", &fields).await;
    assert!(past.contains("Ce moment est déjà passé"));

    // Tuesday at 15 h: open. Both are told, each e-mail with its calendar file.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let maildir = tempfile::tempdir().unwrap().keep().join("box");
    let server = SmtpServer::start(port, &maildir);
    let mailer = Mailer::new(&MailTarget::Smtp(format!("smtp://127.0.0.1:{port}"))).unwrap();
    let deliver = || async {
        let now = app.state.clock.now_ms();
        deliver_due(&app.db, &mailer, "binome <test@binome.invalid>", now)
            .await
            .unwrap()
    };
    let (tuesday, _, tuesday_at) = upcoming(&app, 3, Weekday::Tue, 15);
    fields[0].1 = tuesday;
    post_meeting(&app, pairing, "accord", &fields).await;
    assert_eq!(
        db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().state,
        State::Agreed
    );
    assert_eq!(deliver().await.sent, 2);
    let first = version(&maildir, 0);
    assert_eq!(first.len(), 2, "one calendar file for each side: {first:?}");
    let uid = first[0]["uid"].as_str().unwrap().to_string();
    assert_eq!(uid, format!("rencontre-{pairing}@127.0.0.1"));
    for c in &first {
        assert_eq!(c["uid"], uid.as_str(), "the same UID on both sides");
        assert_eq!(c["method"], "PUBLISH");
        assert_eq!(
            c["type_method"], "PUBLISH",
            "the part's Content-Type carries the method"
        );
        assert_eq!(c["filename"], "rencontre.ics");
        assert_eq!(c["start"], tuesday_at / 1000, "DTSTART is the instant chosen, in UTC");
        assert_eq!(c["end"], tuesday_at / 1000 + 3600);
        assert_eq!(c["location"], "Médiathèque de Mauriac, place Georges Pompidou, Mauriac");
    }
    let to_volunteer = first.iter().find(|c| c["to"] == volunteer.as_str()).unwrap();
    assert_eq!(to_volunteer["summary"], "Première rencontre avec Denise");
    let mails = received(&maildir);
    assert!(
        mails
            .iter()
            .map(|m| crate::helpers::decode_quoted_printable(m))
            .any(|m| m.contains("To: denise@exemple.fr") && m.contains("Bonne nouvelle : vous êtes d'accord")),
        "Denise's e-mail is the agreement's, with its calendar file"
    );

    // The coordinator's own copy, from the binôme's page.
    let (headers, ics) = app.download(&format!("/binomes/{pairing}/rencontre.ics")).await;
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/calendar"));
    assert!(ics.contains(&format!("UID:{uid}")) && ics.contains("SEQUENCE:0"));

    // Moved to Wednesday at 10 h: the same UID, SEQUENCE 1, the new time.
    let page = app.get(&format!("/binomes/{pairing}")).await;
    assert!(page.contains("Changer la rencontre") && page.contains("Annuler la rencontre"));
    let (wednesday, ten, wednesday_at) = upcoming(&app, 3, Weekday::Wed, 10);
    let moved = vec![
        ("day", wednesday),
        ("time", ten),
        ("venue", venue.to_string()),
        ("place", String::new()),
        ("sequence", "0".to_string()),
    ];
    let after = post_meeting(&app, pairing, "rencontre-prevue", &moved).await;
    assert!(after.contains("Rencontre enregistrée"), "{}", after.body);
    assert_eq!(deliver().await.sent, 2);
    let second = version(&maildir, 1);
    assert_eq!(second.len(), 2);
    for c in &second {
        assert_eq!(c["uid"], uid.as_str(), "the UID holds across a change");
        assert_eq!(c["method"], "PUBLISH");
        assert_eq!(c["start"], wednesday_at / 1000);
    }
    // The same form posted again (a second tab) does not move it twice.
    post_meeting(&app, pairing, "rencontre-prevue", &moved).await;
    assert_eq!(deliver().await.sent, 0, "a stale form changes nothing");

    // Cancelled: METHOD:CANCEL, the same UID, SEQUENCE 2.
    let page = format!("/binomes/{pairing}");
    let cancelled = app
        .submit(&page, &format!("{page}/rencontre-prevue/annuler"), &[("sequence", "1")])
        .await;
    assert!(cancelled.contains("Rencontre annulée") && cancelled.contains("est annulée"));
    assert_eq!(deliver().await.sent, 2);
    let third = version(&maildir, 2);
    assert_eq!(third.len(), 2);
    for c in &third {
        assert_eq!(c["uid"], uid.as_str());
        assert_eq!(c["method"], "CANCEL");
        assert_eq!(c["type_method"], "CANCEL");
        assert_eq!(c["status"], "CANCELLED");
    }
    server.stop();
}

on_both_backends!(a_meeting_at_a_place_reaches_both_calendars_changed_then_cancelled);

async fn a_closed_place_may_be_confirmed_and_a_free_place_is_kept(app: TestApp) {
    let (pairing, _) = crate::ending::accepted(&app).await;
    let team = db::pairings::pairing(&app.db, pairing).await.unwrap().unwrap().team_id;
    let venue = add_mediatheque(&app, team).await;
    let (monday, three, monday_at) = upcoming(&app, 3, Weekday::Mon, 15);
    // Nothing chosen, nothing typed: each field says what is missing, the rest is kept.
    let empty = post_meeting(
        &app,
        pairing,
        "accord",
        &[
            ("day", String::new()),
            ("time", three.clone()),
            ("venue", "autre".into()),
            ("place", String::new()),
        ],
    )
    .await;
    assert!(
        empty.contains("Indiquez le jour de la rencontre.")
            && empty.contains("Choisissez un lieu de l'équipe, ou indiquez un lieu public")
            && empty.contains(&format!("value=\"{three}\"")),
        "{}",
        empty.body
    );
    // The coordinator knows the médiathèque opens for them on Mondays: confirmed anyway.
    post_meeting(
        &app,
        pairing,
        "accord",
        &[
            ("day", monday),
            ("time", three),
            ("venue", venue.to_string()),
            ("place", String::new()),
            ("confirm_closed", "oui".into()),
        ],
    )
    .await;
    let m = db::meetings::of_pairing(&app.db, pairing).await.unwrap().unwrap();
    assert_eq!((m.starts_at, m.venue_id, m.sequence), (monday_at, Some(venue), 0));
    let page = app.get(&format!("/binomes/{pairing}")).await;
    assert!(page.contains("Prévue le lundi") && page.contains("Médiathèque de Mauriac, place Georges Pompidou"));
}

on_both_backends!(a_closed_place_may_be_confirmed_and_a_free_place_is_kept);
