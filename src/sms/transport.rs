//! How SMS leave: one trait, two transports. `Folder` writes one file per SMS (the default
//! and the demo, like the `.eml` files); `smpp::Smpp` speaks SMPP 3.4 to the team's SMSC.

use std::path::PathBuf;

/// One SMS to hand over.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    /// National form, "0612345678".
    pub phone: String,
    pub text: String,
}

/// What a transport did with a batch: each SMS sent or the error (in order), and how many
/// received SMS it stored meanwhile.
#[derive(Debug, Default)]
pub struct Exchange {
    pub results: Vec<Result<(), String>>,
    pub received: usize,
}

impl Exchange {
    /// Every SMS of the batch failed with the same error (the SMSC could not be reached).
    pub fn all_failed(n: usize, error: &str) -> Self {
        Exchange {
            results: (0..n).map(|_| Err(error.to_string())).collect(),
            received: 0,
        }
    }
}

#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    /// Sends the batch and collects what people sent in the meantime.
    async fn exchange(&self, batch: &[Outgoing]) -> Exchange;
}

/// One file per SMS in a folder: `<id>.sms.txt`, with the number and the text.
pub struct Folder(pub PathBuf);

#[async_trait::async_trait]
impl Transport for Folder {
    async fn exchange(&self, batch: &[Outgoing]) -> Exchange {
        let mut results = Vec::with_capacity(batch.len());
        for sms in batch {
            let write = async {
                tokio::fs::create_dir_all(&self.0).await?;
                let path = self.0.join(format!("{:08}.sms.txt", sms.id));
                let content = format!("À : {}\n\n{}\n", sms.phone, sms.text);
                tokio::fs::write(path, content).await
            };
            results.push(write.await.map_err(|e| format!("écriture du SMS impossible : {e}")));
        }
        Exchange { results, received: 0 }
    }
}
