//! SMPP 3.4 with the team's SMSC (`smpp34`): each delivery pass binds as a transceiver, submits
//! what is due, stays a moment to take the `deliver_sm` the SMSC holds (people's answers),
//! then unbinds. A received SMS is stored before the SMSC is acknowledged, so a crash loses
//! none (the SMSC delivers it again).

use super::transport::{Exchange, Outgoing, Transport};
use crate::db::{self, Db, teams::Smpp as Settings};
use crate::domain::sms::{gsm7, international, national};
use smpp34::client::{BIND_TYPE, SMSC, SmppClient, SmppClientListener};
use smpp34::{SmppConnectionInformation, SmppError, deliver_sm, deliver_sm_resp};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, oneshot};

/// How long a bind may take before the SMSC is deemed unreachable.
const BIND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a session stays bound after its submissions, for the answers the SMSC holds.
const LINGER: Duration = Duration::from_millis(400);

/// The team's SMSC.
pub struct Smpp {
    pub db: Db,
    pub team_id: i32,
    pub settings: Settings,
    pub now_ms: i64,
}

struct Listener {
    bound: Mutex<Option<oneshot::Sender<Result<SMSC, String>>>>,
    db: Db,
    team_id: i32,
    now_ms: i64,
    received: AtomicUsize,
}

#[async_trait::async_trait]
impl SmppClientListener for Listener {
    async fn on_smsc_bound(&self, smsc: SMSC, _session_id: &String) {
        if let Some(tx) = self.bound.lock().await.take() {
            let _ = tx.send(Ok(smsc));
        }
    }

    async fn on_connection_failed(&self, error: &str) {
        if let Some(tx) = self.bound.lock().await.take() {
            let _ = tx.send(Err(error.to_string()));
        }
    }

    async fn on_deliver_sm(
        &self,
        req: deliver_sm,
        _c: &SmppConnectionInformation,
        _session_id: &String,
    ) -> deliver_sm_resp {
        // A delivery receipt (esm_class bits 2–5) is not a message from a person.
        if req.esm_class & 0x3C != 0 {
            return req.accept();
        }
        let text = decode(req.data_coding, &req.short_message);
        let phone = national(&req.source_addr);
        match db::sms::receive(&self.db, self.team_id, &phone, &text, self.now_ms).await {
            Ok(_) => {
                self.received.fetch_add(1, Ordering::SeqCst);
                req.accept()
            }
            Err(e) => {
                tracing::warn!(team_id = self.team_id, error = %e, "received SMS not stored");
                req.reject(SmppError::ESME_RSYSERR)
            }
        }
    }
}

/// The text of a received SMS: GSM-7 (0), Latin-1 (3) or UCS-2 (8).
fn decode(data_coding: u8, bytes: &[u8]) -> String {
    match data_coding {
        8 => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        3 => bytes.iter().map(|&b| b as char).collect(),
        _ => gsm7::decode(bytes),
    }
}

/// The sender as SMPP wants it: an alphanumeric name (TON 5) or an international number
/// (TON 1, NPI 1).
fn source(sender: &str) -> (String, u8, u8) {
    let digits = sender.trim_start_matches('+');
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        (international(digits), 1, 1)
    } else {
        (sender.to_string(), 5, 0)
    }
}

#[async_trait::async_trait]
impl Transport for Smpp {
    async fn exchange(&self, batch: &[Outgoing]) -> Exchange {
        let (tx, rx) = oneshot::channel();
        let listener = Arc::new(Listener {
            bound: Mutex::new(Some(tx)),
            db: self.db.clone(),
            team_id: self.team_id,
            now_ms: self.now_ms,
            received: AtomicUsize::new(0),
        });
        let s = &self.settings;
        let mut client = SmppClient::new(
            s.host.clone(),
            s.port,
            false,
            BIND_TYPE::TRX,
            s.system_id.clone(),
            s.password.clone(),
            String::new(),
            0,
            0,
            String::new(),
            listener.clone(),
            10,
        );
        client.start().await;
        let smsc = match tokio::time::timeout(BIND_TIMEOUT, rx).await {
            Ok(Ok(Ok(smsc))) => smsc,
            outcome => {
                let error = match outcome {
                    Ok(Ok(Err(error))) => format!("SMSC injoignable : {error}"),
                    _ => "SMSC : connexion refusée ou sans réponse".to_string(),
                };
                if client.is_alive() {
                    client.stop().await;
                }
                return Exchange::all_failed(batch.len(), &error);
            }
        };
        let (source_addr, ton, npi) = source(&s.sender);
        let mut results = Vec::with_capacity(batch.len());
        for sms in batch {
            let sent = smsc
                .submit_sm()
                .source_addr(source_addr.clone())
                .source_addr_ton(ton)
                .source_addr_npi(npi)
                .destination_addr(international(&sms.phone))
                .dest_addr_ton(1)
                .dest_addr_npi(1)
                .data_coding(0)
                .short_message(gsm7::encode(&sms.text))
                .send()
                .await;
            results.push(match sent {
                Ok(resp) if resp.is_success() => Ok(()),
                Ok(resp) => Err(format!("SMSC : refusé ({:?})", resp.get_error())),
                Err(e) => Err(format!("SMSC : {e:?}")),
            });
        }
        tokio::time::sleep(LINGER).await;
        let _ = smsc.send_unbind().await;
        client.stop().await;
        Exchange {
            results,
            received: listener.received.load(Ordering::SeqCst),
        }
    }
}
