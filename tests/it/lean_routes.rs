//! The routes that render no form and read no session (the commune autocomplete, health,
//! metrics, static files) skip the session and the anti-forgery guard: they set no cookie, yet
//! keep the security headers and are counted in `/metrics` like every page. Pages keep both.

use crate::helpers::TestApp;
use crate::metrics::scrape_checked_by_promtool;
use crate::on_both_backends;

const LEAN: [&str; 6] = [
    "/api/communes?q=sa",
    "/sante",
    "/sante/pret",
    "/metrics",
    "/static/binome.css",
    "/favicon.ico",
];

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn the_search_health_and_static_files_set_no_cookie_but_keep_the_security_headers(app: TestApp) {
    for path in LEAN {
        let (headers, _) = app.download(path).await;
        assert!(headers.get("set-cookie").is_none(), "{path} sets a cookie: {headers:?}");
        assert!(
            header(&headers, "content-security-policy").is_some_and(|v| v.contains("default-src 'self'")),
            "{path}: {headers:?}"
        );
        assert_eq!(header(&headers, "x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"), "{path}");
    }
    let (search, page) = app.download("/api/communes?q=sa").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Saint-"), "{}", page.body);
    assert_eq!(header(&search, "cache-control"), Some("no-store"));
    let (css, _) = app.download("/static/binome.css").await;
    assert_eq!(header(&css, "cache-control"), Some("public, max-age=3600"));

    // A page with a form still gets its anti-forgery cookie, and its form the token.
    let (headers, page) = app.download("/connexion").await;
    assert!(
        headers
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().is_ok_and(|v| v.starts_with("binome_csrf="))),
        "{headers:?}"
    );
    assert!(!page.csrf_token().is_empty());
}

async fn the_search_and_health_are_counted_in_the_metrics(app: TestApp) {
    for _ in 0..3 {
        assert_eq!(app.get("/api/communes?q=mauriac").await.status, 200);
    }
    assert_eq!(app.get("/sante").await.status, 200);
    assert_eq!(app.get("/static/nulle-part.css").await.status, 404);
    let text = scrape_checked_by_promtool(&app).await;
    for line in [
        r#"binome_http_requests_total{route="/api/communes",method="GET",status="200"} 3"#,
        r#"binome_http_requests_total{route="/sante",method="GET",status="200"} 1"#,
        r#"binome_http_requests_total{route="/static/{file}",method="GET",status="404"} 1"#,
        r#"binome_http_request_duration_seconds_count{route="/api/communes",method="GET"} 3"#,
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(!text.contains("mauriac"), "the query is never a label");
}

async fn an_unknown_address_keeps_the_header_of_who_is_signed_in(app: TestApp) {
    app.signed_in_coordinator().await;
    let missing = app.get("/nulle-part").await;
    assert_eq!(missing.status, 404);
    assert!(missing.contains("Page introuvable"));
    assert!(missing.contains("Se déconnecter"), "{}", missing.body);
    assert!(!missing.csrf_token().is_empty(), "signing out from the 404 page works");
    let text = scrape_checked_by_promtool(&app).await;
    assert!(
        text.contains(r#"binome_http_requests_total{route="(aucune route)",method="GET",status="404"} 1"#),
        "{text}"
    );
}

on_both_backends!(
    the_search_health_and_static_files_set_no_cookie_but_keep_the_security_headers,
    the_search_and_health_are_counted_in_the_metrics,
    an_unknown_address_keeps_the_header_of_who_is_signed_in
);
