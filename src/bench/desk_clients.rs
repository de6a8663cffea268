//! The clients of `bench-desk`: readers of the desk, each on its own connection, as fast as
//! the server answers; and writers at a fixed rate (open loop: a slow answer does not slow
//! the next write down), a volunteer signing up and a check-in answered at each tick.

use anyhow::{Context, bail};
use reqwest::{Client, StatusCode, redirect::Policy};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

/// What the clients do.
pub struct Plan {
    pub base: String,
    /// The page the readers read, e.g. `/tableau-de-bord`.
    pub path: String,
    /// The coordinator's session cookie (`binome_session=…`).
    pub session: String,
    pub connections: usize,
    pub writes_per_second: f64,
    pub duration: Duration,
    /// `/point/…` paths, one per check-in to answer.
    pub checkin_links: Vec<String>,
}

/// The times of the requests that succeeded, and how many failed.
#[derive(Debug, Clone, Default)]
pub struct Latencies {
    times: Vec<Duration>,
    pub failed: usize,
    /// Why the first failed request failed, to tell what to fix.
    pub first_error: Option<String>,
}

impl Latencies {
    pub fn record(&mut self, outcome: Result<Duration, String>) {
        match outcome {
            Ok(t) => self.times.push(t),
            Err(why) => {
                self.failed += 1;
                self.first_error.get_or_insert(why);
            }
        }
    }

    pub fn record_ok(&mut self, t: Duration) {
        self.times.push(t);
    }

    pub fn merge(&mut self, other: &Latencies) {
        self.times.extend_from_slice(&other.times);
        self.failed += other.failed;
        if self.first_error.is_none() {
            self.first_error.clone_from(&other.first_error);
        }
    }

    pub fn len(&self) -> usize {
        self.times.len()
    }

    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// The time under which `p` % of the successful requests answered (nearest rank).
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        let mut sorted = self.times.clone();
        sorted.sort();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted.get(rank.clamp(1, sorted.len().max(1)) - 1).copied()
    }
}

pub struct Outcome {
    pub reads: Latencies,
    pub signups: Latencies,
    pub checkins: Latencies,
}

fn client() -> reqwest::Result<Client> {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
}

/// Waits for the server to answer (10 s at most).
pub async fn wait_until_up(base: &str) -> anyhow::Result<()> {
    let c = client()?;
    for _ in 0..100 {
        if c.get(format!("{base}/")).send().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("le serveur ne répond pas sur {base}")
}

/// The anti-forgery token of the form on `page`, with its cookie kept by `c`.
async fn form_token(c: &Client, url: &str) -> anyhow::Result<String> {
    let body = c.get(url).send().await?.text().await?;
    let marker = "name=\"authenticity_token\" value=\"";
    let start = body.find(marker).context("pas de formulaire")? + marker.len();
    let end = body[start..].find('"').context("jeton mal formé")? + start;
    Ok(body[start..end].to_string())
}

/// Signs the coordinator in; returns the session cookie to send with each reading.
pub async fn sign_in(base: &str, email: &str, password: &str) -> anyhow::Result<String> {
    let c = client()?;
    let url = format!("{base}/connexion");
    let token = form_token(&c, &url).await?;
    let answer = c
        .post(&url)
        .form(&[
            ("authenticity_token", token.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await?;
    let session = answer
        .cookies()
        .find(|k| k.name() == "binome_session")
        .map(|k| format!("binome_session={}", k.value()))
        .context("la connexion a échoué")?;
    let desk = Client::new()
        .get(format!("{base}/tableau-de-bord"))
        .header("cookie", &session)
        .send()
        .await?
        .text()
        .await?;
    if !desk.contains("Binômes en cours") {
        bail!("/tableau-de-bord ne montre pas le tableau de bord");
    }
    Ok(session)
}

pub async fn run(plan: Plan) -> anyhow::Result<Outcome> {
    let deadline = Instant::now() + plan.duration;
    let readers = Client::builder()
        .pool_max_idle_per_host(plan.connections)
        .build()
        .map_err(|e| anyhow::anyhow!("impossible de préparer les clients HTTP : {e}"))?;
    let mut reading = JoinSet::new();
    for _ in 0..plan.connections {
        let (c, url, session) = (
            readers.clone(),
            format!("{}{}", plan.base, plan.path),
            plan.session.clone(),
        );
        reading.spawn(async move {
            let mut l = Latencies::default();
            while Instant::now() < deadline {
                let start = Instant::now();
                let ok = match c.get(&url).header("cookie", &session).send().await {
                    Ok(r) if r.status() == StatusCode::OK => r.bytes().await.is_ok(),
                    _ => false,
                };
                l.record(if ok {
                    Ok(start.elapsed())
                } else {
                    Err("lecture refusée".into())
                });
            }
            l
        });
    }
    let (signups, checkins) = if plan.writes_per_second > 0.0 {
        write(&plan, deadline).await
    } else {
        Default::default()
    };
    let mut reads = Latencies::default();
    while let Some(Ok(l)) = reading.join_next().await {
        reads.merge(&l);
    }
    Ok(Outcome {
        reads,
        signups,
        checkins,
    })
}

/// At each tick until `deadline`, one sign-up and one check-in answered, each on its own task.
async fn write(plan: &Plan, deadline: Instant) -> (Latencies, Latencies) {
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / plan.writes_per_second));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut links = plan.checkin_links.clone();
    let mut signups = JoinSet::new();
    let mut checkins = JoinSet::new();
    let mut n = 0;
    while Instant::now() < deadline {
        tick.tick().await;
        n += 1;
        signups.spawn(sign_up(plan.base.clone(), n));
        if let Some(link) = links.pop() {
            checkins.spawn(answer(format!("{}{link}", plan.base)));
        }
    }
    let mut s = Latencies::default();
    while let Some(Ok(outcome)) = signups.join_next().await {
        s.record(outcome);
    }
    let mut c = Latencies::default();
    while let Some(Ok(outcome)) = checkins.join_next().await {
        c.record(outcome);
    }
    (s, c)
}

/// Posts `fields` to the form at `url` (opened first, for its token); the time of the post,
/// when it was accepted (a redirection), else the page's first error.
async fn submit(url: &str, fields: &[(&str, String)], from: &str) -> Result<Duration, String> {
    let c = client().map_err(|e| e.to_string())?;
    let token = form_token(&c, url).await.map_err(|e| e.to_string())?;
    let mut all: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.push(("authenticity_token", &token));
    let start = Instant::now();
    let answer = c
        .post(url)
        .header("x-forwarded-for", from)
        .form(&all)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let took = start.elapsed();
    if answer.status().is_redirection() {
        return Ok(took);
    }
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    let error = body
        .split("class=\"field-error\"")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap_or("");
    Err(format!("{status} {error}"))
}

/// `n` in letters (a name has no digits): 0 → "a", 27 → "bb".
fn letters(mut n: usize) -> String {
    let mut out = String::new();
    loop {
        out.insert(0, char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return out;
        }
    }
}

/// A volunteer of the Cantal signs up through the public form.
pub async fn sign_up(base: String, n: usize) -> Result<Duration, String> {
    let fields: Vec<(&str, String)> = [
        ("first_name", "Lucie".to_string()),
        ("last_name", format!("Essai {}", letters(n))),
        ("email", format!("benevole{n}@ecriture.invalid")),
        ("phone", "06 12 34 56 78".into()),
        ("commune", "Mauriac (15)".into()),
        ("slots", "1-1".into()),
        ("slots", "3-0".into()),
        ("languages", "fr".into()),
        ("rank_public", "1".into()),
        ("rank_phone", "2".into()),
        ("radius_km", "15".into()),
        ("travel", "car".into()),
        ("capacity", "2".into()),
        ("charter_accepted", "oui".into()),
        ("submission_key", format!("essai-{n}-{}", std::process::id())),
    ]
    .into();
    // Each volunteer from her own address, as the server (behind one proxy) reads it: the
    // limit of 10 sign-ups an hour per address stays in force.
    let from = format!("10.{}.{}.{}", n / 65_536 % 256, n / 256 % 256, n % 256);
    submit(&format!("{base}/devenir-benevole"), &fields, &from).await
}

/// Someone answers a check-in by the link of its e-mail: they met, all is well.
async fn answer(url: String) -> Result<Duration, String> {
    let fields = [
        ("met", "oui".to_string()),
        ("mood", "bien".into()),
        ("decision", "continuer".into()),
    ];
    submit(&url, &fields, "10.255.0.1").await
}
