use super::calendar::{Invite, Method, ics, uid};
use super::*;
use chrono::NaiveDate;

/// An instant given on a French clock.
fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    Paris.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().timestamp_millis()
}

#[test]
fn a_time_is_read_as_french_people_write_it() {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    assert_eq!(parse_time("15:30"), Ok(t(15, 30)));
    assert_eq!(parse_time("15h30"), Ok(t(15, 30)));
    assert_eq!(parse_time(" 9 h 05 "), Ok(t(9, 5)));
    assert_eq!(parse_time("15h"), Ok(t(15, 0)));
    assert!(parse_time("25:00").is_err());
    assert!(parse_time("midi").is_err());
    assert!(parse_time("").is_err());
}

#[test]
fn a_start_is_a_real_moment_to_come_in_french_time() {
    let now = paris(2026, 12, 6, 14, 0);
    assert_eq!(parse_start("2026-12-08", "15:00", now), Ok(paris(2026, 12, 8, 15, 0)));
    assert_eq!(parse_start("08/12/2026", "15h", now), Ok(paris(2026, 12, 8, 15, 0)));
    // 15:00 in Paris in winter is 14:00 UTC.
    let utc = NaiveDate::from_ymd_opt(2026, 12, 8)
        .unwrap()
        .and_hms_opt(14, 0, 0)
        .unwrap();
    assert_eq!(
        parse_start("2026-12-08", "15:00", now),
        Ok(utc.and_utc().timestamp_millis())
    );
    assert_eq!(
        parse_start("2026-12-06", "13:59", now),
        Err(vec![(
            "day",
            "Ce moment est déjà passé : choisissez un jour et une heure à venir."
        )])
    );
    assert_eq!(
        parse_start("2026-02-30", "", now).unwrap_err(),
        vec![
            ("day", "Indiquez une date valide, par exemple 31/12/2026."),
            ("time", "Indiquez l'heure de la rencontre.")
        ]
    );
    assert!(
        parse_start("2027-03-28", "02:30", now).is_err(),
        "this hour does not exist: clocks go from 2 h to 3 h"
    );
    assert_eq!(
        fields_of(paris(2026, 12, 8, 15, 0)),
        ("2026-12-08".into(), "15:00".into())
    );
}

#[test]
fn the_reminder_goes_at_ten_the_day_before_unless_too_late() {
    let start = paris(2026, 12, 8, 15, 0);
    assert_eq!(
        reminder_at(start, paris(2026, 12, 6, 14, 0)),
        Some(paris(2026, 12, 7, 10, 0))
    );
    assert_eq!(
        reminder_at(start, paris(2026, 12, 7, 11, 0)),
        None,
        "set the day before at 11 h"
    );
    // Summer time: 10 h in Paris is 8 h UTC.
    let summer = paris(2027, 7, 2, 9, 0);
    assert_eq!(reminder_at(summer, 0), Some(paris(2027, 7, 1, 10, 0)));
}

#[test]
fn a_meeting_reads_in_french() {
    assert_eq!(
        when_words(paris(2026, 12, 8, 15, 0)),
        "le mardi 8 décembre 2026 à 15 h 00"
    );
    assert_eq!(
        place_words("Médiathèque", " 2 place Georges Pompidou ", "Mauriac"),
        "Médiathèque, 2 place Georges Pompidou, Mauriac"
    );
    assert_eq!(place_words("Sur la place du marché", "", ""), "Sur la place du marché");
}

#[test]
fn opening_hours_tell_whether_the_whole_meeting_fits() {
    let hours = Hours::parse("Tu-Sa 10:00-12:00,14:00-18:00").unwrap();
    let at = |ms| local(ms).unwrap();
    let open = |start| hours.openness(at(start), at(ends_at(start)));
    assert_eq!(open(paris(2026, 12, 8, 15, 0)), Openness::Open, "a Tuesday afternoon");
    assert_eq!(open(paris(2026, 12, 7, 15, 0)), Openness::Closed, "a Monday");
    assert_eq!(open(paris(2026, 12, 8, 11, 30)), Openness::Closed, "closes at noon");
    assert_eq!(open(paris(2026, 12, 8, 9, 0)), Openness::Closed, "not yet open");
    let holidays = Hours::parse("Mo-Sa 09:00-18:00; PH off").unwrap();
    let christmas = paris(2026, 12, 25, 15, 0);
    assert_eq!(
        holidays.openness(at(christmas), at(ends_at(christmas))),
        Openness::Closed,
        "France's public holidays are known"
    );
    assert!(
        Hours::parse("du lundi au vendredi")
            .unwrap_err()
            .contains("OpenStreetMap")
    );
    assert!(Hours::parse("").is_err());
    assert!(Hours::parse("Mo-Fr 09:00-12:00; PH off").is_ok());
}

fn invite(sequence: i32) -> Invite<'static> {
    Invite {
        pairing_id: 42,
        host: "binome.example.org",
        sequence,
        starts_at: paris(2026, 12, 8, 15, 0),
        ends_at: paris(2026, 12, 8, 16, 0),
        summary: "Première rencontre avec Denise",
        location: "Médiathèque, 2 place Georges Pompidou, Mauriac",
        description: "Organisée par l'équipe ; pour changer, appelez-la.",
        now_ms: paris(2026, 12, 6, 14, 0),
    }
}

#[test]
fn the_calendar_file_has_a_stable_uid_a_sequence_and_utc_times() {
    let text = ics(&invite(0), Method::Publish);
    let unfolded = text.replace("\r\n ", "");
    for line in [
        "BEGIN:VCALENDAR",
        "METHOD:PUBLISH",
        "UID:rencontre-42@binome.example.org",
        "SEQUENCE:0",
        "DTSTART:20261208T140000Z",
        "DTEND:20261208T150000Z",
        "SUMMARY:Première rencontre avec Denise",
        "LOCATION:Médiathèque\\, 2 place Georges Pompidou\\, Mauriac",
        "STATUS:CONFIRMED",
    ] {
        assert!(unfolded.lines().any(|l| l == line), "{line} in\n{text}");
    }
    assert!(text.contains("\r\n"), "CRLF lines");
    assert_eq!(Method::of(&text), Some(Method::Publish));
    let cancel = ics(&invite(2), Method::Cancel);
    assert!(cancel.contains("METHOD:CANCEL") && cancel.contains("SEQUENCE:2") && cancel.contains("STATUS:CANCELLED"));
    assert!(cancel.contains(&uid(42, "binome.example.org")));
    assert_eq!(Method::of(&cancel), Some(Method::Cancel));
    assert_eq!(Method::of("BEGIN:VCALENDAR"), None);
}
