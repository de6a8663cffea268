//! A small SMSC for the tests (SMPP 3.4, with `smpp34`'s server): it accepts any
//! transceiver bind, acknowledges every `submit_sm` and writes it as one JSON line on stdout
//! (`{"to":…,"from":…,"text":…}`); each JSON line written on its stdin
//! (`{"from":"33612345678","text":"OUI"}`) becomes a `deliver_sm` to the bound client — at
//! once, or as soon as a client binds. It prints `{"ready":PORT}` once listening.
//!
//! Run: `binome test-smsc --port PORT` (a hidden command, for `tests/it/sms/`).

use crate::domain::sms::gsm7;
use async_trait::async_trait;
use smpp34::server::ESME;
use smpp34::{
    SmppConnectionInformation, SmppServer, SmppServerListener, bind_transceiver, bind_transceiver_resp, submit_sm,
    submit_sm_resp,
};
use std::collections::VecDeque;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::AsyncBufReadExt;
use tokio::sync::Mutex;

/// What the SMSC holds, shared with the tasks that hand messages over.
#[derive(Default)]
struct Shared {
    bound: Mutex<Option<(String, Arc<ESME>)>>,
    waiting: Mutex<VecDeque<(String, String)>>,
    ids: AtomicU64,
}

fn say(line: serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// The server's listener.
#[derive(Default)]
struct Smsc(Arc<Shared>);

impl Shared {
    /// Hands every waiting message to the bound client; one that fails waits again.
    async fn flush(&self) {
        let Some((_, esme)) = self.bound.lock().await.clone() else {
            return;
        };
        loop {
            let Some((from, text)) = self.waiting.lock().await.pop_front() else {
                return;
            };
            let sent = esme
                .deliver_sm()
                .source_addr(from.clone())
                .source_addr_ton(1)
                .source_addr_npi(1)
                .destination_addr("binome")
                .data_coding(0)
                .short_message(gsm7::encode(&text))
                .send()
                .await;
            match sent {
                Ok(_) => say(serde_json::json!({ "delivered": text, "from": from })),
                Err(e) => {
                    say(serde_json::json!({ "deliver_failed": format!("{e:?}") }));
                    self.waiting.lock().await.push_front((from, text));
                    return;
                }
            }
        }
    }
}

#[async_trait]
impl SmppServerListener for Smsc {
    async fn on_bind_transceiver(
        &self,
        req: bind_transceiver,
        _c: &SmppConnectionInformation,
        _s: &String,
    ) -> bind_transceiver_resp {
        say(serde_json::json!({ "bind": req.system_id }));
        req.accept("TestSMSC".to_string(), Some(0x34))
    }

    async fn on_esme_bound(&self, esme: ESME, session_id: &String) {
        *self.0.bound.lock().await = Some((session_id.clone(), Arc::new(esme)));
        // Not here: the session reads the client's answer only once this returns.
        let shared = self.0.clone();
        tokio::spawn(async move { shared.flush().await });
    }

    async fn on_esme_unbound(&self, session_id: &String) {
        let mut bound = self.0.bound.lock().await;
        if bound.as_ref().is_some_and(|(id, _)| id == session_id) {
            *bound = None;
        }
    }

    async fn on_submit_sm(&self, req: submit_sm, _c: &SmppConnectionInformation, _s: &String) -> submit_sm_resp {
        say(serde_json::json!({
            "to": req.destination_addr,
            "from": req.source_addr,
            "text": gsm7::decode(&req.short_message),
        }));
        let id = self.0.ids.fetch_add(1, Ordering::SeqCst);
        req.accept(format!("m{id}"))
    }
}

/// Serves on `127.0.0.1:port` until its standard input closes.
pub async fn run(port: u16) -> anyhow::Result<()> {
    let shared = Arc::new(Shared::default());
    let mut server = SmppServer::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port, Arc::new(Smsc(shared.clone())));
    server.start().await;
    say(serde_json::json!({ "ready": port }));
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let from = v["from"].as_str().unwrap_or_default().to_string();
        let text = v["text"].as_str().unwrap_or_default().to_string();
        shared.waiting.lock().await.push_back((from, text));
        let flushing = shared.clone();
        tokio::spawn(async move { flushing.flush().await });
    }
    server.stop().await;
    Ok(())
}
