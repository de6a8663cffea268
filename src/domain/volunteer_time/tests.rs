use super::*;

fn ms(y: i32, m: u32, d: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis()
}

#[test]
fn hours_are_read_the_french_way() {
    assert_eq!(Hours::parse("2,5"), Ok(Hours(250)));
    assert_eq!(Hours::parse(" 2.5 "), Ok(Hours(250)));
    assert_eq!(Hours::parse("1,25"), Ok(Hours(125)));
    assert_eq!(Hours::parse("12"), Ok(Hours(1200)));
    assert_eq!(Hours::parse("0"), Ok(Hours(0)));
    assert_eq!(Hours::parse(",5"), Ok(Hours(50)));
    assert_eq!(Hours::parse("300"), Ok(Hours(30_000)));
    assert_eq!(
        Hours::parse("300,01"),
        Err("Indiquez au plus 300 heures par mois.".into())
    );
    assert_eq!(
        Hours::parse("-2"),
        Err("Le nombre d'heures ne peut pas être négatif.".into())
    );
    assert!(Hours::parse("deux").unwrap_err().contains("par exemple 2,5"));
    assert!(
        Hours::parse("1,255")
            .unwrap_err()
            .contains("2 chiffres après la virgule")
    );
    assert!(Hours::parse("").unwrap_err().contains("0 s'il n'y en a pas"));
    assert!(Hours::parse(&"9".repeat(40)).unwrap_err().contains("trop long"));
    assert!(Hours::parse("2,5,5").is_err());
    assert!(Hours::parse(",").is_err());
}

#[test]
fn kilometres_take_one_decimal_and_at_most_five_thousand() {
    assert_eq!(Km::parse("12,5"), Ok(Km(125)));
    assert_eq!(Km::parse("5000"), Ok(Km(50_000)));
    assert_eq!(Km::parse("5 000"), Ok(Km(50_000)), "a spaced thousand");
    assert!(
        Km::parse("5001")
            .unwrap_err()
            .contains("au plus 5\u{202f}000 kilomètres par mois")
    );
    assert!(Km::parse("1,25").unwrap_err().contains("un chiffre après la virgule"));
}

#[test]
fn figures_are_written_with_a_comma_and_no_trailing_zero() {
    assert_eq!(Hours(250).text(), "2,5");
    assert_eq!(Hours(1200).text(), "12");
    assert_eq!(Hours(125).text(), "1,25");
    assert_eq!(Km(123_455).text(), "12\u{202f}345,5");
    assert_eq!(Km(0).text(), "0");
}

#[test]
fn a_month_is_neither_in_the_future_nor_older_than_two_years() {
    let now = ms(2027, 3, 15);
    assert_eq!(LogMonth::parse("2027-03", now), Ok(LogMonth { year: 2027, month: 3 }));
    assert_eq!(LogMonth::parse("2025-03", now), Ok(LogMonth { year: 2025, month: 3 }));
    assert!(
        LogMonth::parse("2027-04", now)
            .unwrap_err()
            .contains("pas encore passé")
    );
    assert!(LogMonth::parse("2025-02", now).unwrap_err().contains("trop ancien"));
    assert!(LogMonth::parse("2027-13", now).unwrap_err().contains("n'existe pas"));
    assert!(LogMonth::parse("mars", now).unwrap_err().contains("n'existe pas"));
    assert!(LogMonth::parse("", now).unwrap_err().contains("Choisissez"));
    let open = LogMonth::open(now);
    assert_eq!(open.len(), 25);
    assert_eq!(open[0].code(), "2027-03");
    assert_eq!(open[2].label(), "janvier 2027");
    assert_eq!(open[3].code(), "2026-12");
    assert_eq!(open[24].code(), "2025-03");
}

#[test]
fn a_statement_holds_its_year_only() {
    let entry = |year, month, hours, km| Entry {
        month: LogMonth { year, month },
        hours: Hours(hours),
        km: Km(km),
    };
    let entries = [
        entry(2027, 2, 400, 300),
        entry(2026, 12, 1000, 0),
        entry(2027, 1, 250, 125),
    ];
    let statement = Statement::of_year(2027, &entries);
    assert_eq!(
        statement.months.iter().map(|e| e.month.month).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(
        (statement.hours.text(), statement.km.text()),
        ("6,5".into(), "42,5".into())
    );
    assert_eq!(statement_years(&entries, ms(2027, 3, 1)), vec![2027, 2026]);
    assert_eq!(statement_years(&[], ms(2027, 3, 1)), vec![2027]);
}
