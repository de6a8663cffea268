//! A real SMSC process on loopback (`binome test-smsc`, SMPP 3.4 with smpp34's server): what
//! it receives is read from its standard output, what people send is written on its input.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Smsc {
    pub port: u16,
    child: Child,
    stdin: ChildStdin,
    lines: Arc<Mutex<Vec<serde_json::Value>>>,
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Smsc {
    /// Starts the SMSC on `port` and waits until it listens.
    pub fn start(port: u16) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_binome"))
            .args(["test-smsc", "--port", &port.to_string()])
            .env("RUST_LOG", "off")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("binome test-smsc starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) {
                    sink.lock().unwrap().push(v);
                }
            }
        });
        let smsc = Smsc {
            port,
            child,
            stdin,
            lines,
        };
        smsc.wait_for(|v| v.get("ready").is_some());
        smsc
    }

    /// Waits for a line `matches` (the process answers within seconds; a minute means broken).
    pub fn wait_for(&self, matches: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(v) = self.lines.lock().unwrap().iter().find(|v| matches(v)) {
                return v.clone();
            }
            assert!(
                Instant::now() < deadline,
                "the SMSC never said it: {:?}",
                self.lines.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The texts submitted to `number` (international form), in order.
    pub fn texts_to(&self, number: &str) -> Vec<String> {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .filter(|v| v["to"] == number)
            .map(|v| v["text"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// An SMS from `number` (international form) to the team, delivered at the next bind.
    pub fn send(&mut self, from: &str, text: &str) {
        let line = serde_json::json!({ "from": from, "text": text });
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// Whether the SMSC handed over every SMS written on its input.
    pub fn delivered(&self, text: &str) -> bool {
        self.lines.lock().unwrap().iter().any(|v| v["delivered"] == text)
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Smsc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
