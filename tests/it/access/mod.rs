//! Security: every route called as every role (see `matrix.rs`, the spec), on both
//! backends, with zero cross-team or cross-référent reads; and no route without a row.

pub(crate) mod fixture;
mod loaders;
pub(crate) mod matrix;

use crate::helpers::{Page, TestApp};
use crate::on_both_backends;
use fixture::{Fixture, ROLES, TEAM_A_NAMES};
use matrix::{GET, MATRIX, POST};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Ok,
    OkBlind,
    Done,
    Login,
    Space,
    Status(u16),
}

impl Answer {
    fn parse(code: &str) -> Self {
        match code {
            "ok" => Self::Ok,
            "ok-" => Self::OkBlind,
            "done" => Self::Done,
            "login" => Self::Login,
            "space" => Self::Space,
            n => Self::Status(
                n.parse()
                    .unwrap_or_else(|_| panic!("unknown answer {n:?} in the matrix")),
            ),
        }
    }

    fn allowed(self) -> bool {
        matches!(self, Self::Ok | Self::OkBlind | Self::Done)
    }
}

/// The answers of a matrix row, one per role.
fn answers(row: &str) -> Vec<Answer> {
    let answers: Vec<Answer> = row.split_whitespace().map(Answer::parse).collect();
    assert_eq!(answers.len(), ROLES.len(), "one answer per role in {row:?}");
    answers
}

/// What the caller got, in the matrix's words.
fn got(asked: &str, page: &Page) -> Answer {
    let asked = asked.split('?').next().unwrap_or_default();
    let sent_to = |sign_in: &str| page.path == sign_in && asked != sign_in;
    match page.status {
        _ if sent_to("/connexion") => Answer::Login,
        _ if sent_to("/espace/connexion") => Answer::Space,
        200 => Answer::Ok,
        status => Answer::Status(status),
    }
}

/// Whether `page` is the answer the matrix expects.
fn matches(expected: Answer, got: Answer, page: &Page) -> bool {
    let shows_team_a = TEAM_A_NAMES.iter().any(|name| page.contains(name));
    if !expected.allowed() && shows_team_a {
        return false;
    }
    match expected {
        Answer::Ok => got == Answer::Ok,
        Answer::OkBlind => got == Answer::Ok && !shows_team_a,
        Answer::Done => matches!(got, Answer::Ok | Answer::Status(201..=399 | 400..=402 | 405..=499)),
        other => got == other,
    }
}

/// A GET, or a POST of the caller's token and of the path's query as the form.
async fn call(fixture: &Fixture, role: usize, method: &str, path: &str) -> Page {
    let client = &fixture.clients[role];
    if method == GET {
        return client.get(path).await;
    }
    let (action, query) = path.split_once('?').unwrap_or((path, ""));
    let mut form: Vec<(&str, &str)> = query.split('&').filter_map(|pair| pair.split_once('=')).collect();
    form.push(("authenticity_token", &fixture.tokens[role]));
    client.post_raw(action, &form).await
}

/// Plays one row: refused roles first, then the others. A refused POST may change nothing.
async fn play(
    app: &TestApp,
    fixture: &mut Fixture,
    (method, template, row): (&str, &str, &str),
    failures: &mut Vec<String>,
) {
    let expected = answers(row);
    let (refused, allowed): (Vec<usize>, Vec<usize>) = (0..ROLES.len()).partition(|&r| !expected[r].allowed());
    for role in refused.into_iter().chain(allowed) {
        fixture.renew(app, template).await;
        let path = fixture.path(template);
        let before = fixture.snapshot(app).await;
        let page = call(fixture, role, method, &path).await;
        let got = got(&path, &page);
        if !matches(expected[role], got, &page) {
            failures.push(format!(
                "{method} {template} as {}: expected {:?}, got {got:?} (status {} at {})",
                ROLES[role], expected[role], page.status, page.path
            ));
        }
        if !expected[role].allowed() && fixture.snapshot(app).await != before {
            failures.push(format!(
                "{method} {template} as {}: refused, yet data changed",
                ROLES[role]
            ));
        }
    }
}

async fn every_route_answers_every_role_as_the_matrix_says(app: TestApp) {
    let mut fixture = fixture::build(&app).await;
    let mut failures = Vec::new();
    for &row in MATRIX {
        play(&app, &mut fixture, row, &mut failures).await;
    }
    assert!(
        failures.is_empty(),
        "{} answers differ from the matrix:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

on_both_backends!(every_route_answers_every_role_as_the_matrix_says);

/// `/personnes/{id}/notes` and `/personnes/{pa}/notes?x` both read `/personnes/{}/notes`.
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let mut out = String::new();
    let mut in_brace = false;
    for c in path.chars() {
        match c {
            '{' => in_brace = true,
            '}' => {
                in_brace = false;
                out.push_str("{}");
            }
            _ if !in_brace => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every (method, path) the router declares.
fn declared_routes() -> Vec<(&'static str, String)> {
    let source = include_str!("../../../src/web/mod.rs");
    let mut routes = Vec::new();
    for declaration in source.split(".route(").skip(1) {
        let path = declaration.split('"').nth(1).expect("a route starts with its path");
        for (method, handler) in [(GET, "get("), (POST, "post(")] {
            if declaration.contains(handler) {
                routes.push((method, shape(path)));
            }
        }
    }
    routes
}

#[test]
fn every_route_of_the_router_has_a_row_in_the_matrix() {
    let declared = declared_routes();
    assert!(declared.len() > 80, "the router was read: {} routes", declared.len());
    let rows: Vec<(&str, String)> = MATRIX.iter().map(|(m, p, _)| (*m, shape(p))).collect();
    let missing: Vec<_> = declared.iter().filter(|r| !rows.contains(r)).collect();
    assert!(missing.is_empty(), "routes without an access decision: {missing:?}");
    let stale: Vec<_> = rows.iter().filter(|r| !declared.contains(r)).collect();
    assert!(stale.is_empty(), "rows for routes that do not exist: {stale:?}");
}
