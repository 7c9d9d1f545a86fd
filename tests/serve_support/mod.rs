//! A `xueshi serve` started for a test on a free loopback port (`--bind 127.0.0.1:0`), its
//! address read from the line it announces on stderr, stopped when dropped.

// Each test file uses part of this.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_xueshi");

/// A running server.
pub struct Server {
    pub child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Lines of stderr after the announcement.
    pub log: mpsc::Receiver<String>,
}

impl Server {
    /// Starts `xueshi serve ARGS --bind 127.0.0.1:0` and waits for its announcement.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("--lang")
            .arg("en")
            .arg("serve")
            .args(args)
            .args(["--bind", "127.0.0.1:0"])
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let addr = loop {
            let line = rx.recv().expect("the server announces its address");
            if let Some(rest) = line.split("http://").nth(1) {
                break rest
                    .split_whitespace()
                    .next()
                    .expect("an address")
                    .to_string();
            }
        };
        Server {
            child,
            addr,
            log: rx,
        }
    }

    /// `http://ADDR/PATH`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends `signal` (`-HUP`, `-TERM`) to the server.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(signal)
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits for a line of the log that contains `text`, and returns it.
    pub fn wait_log(&self, text: &str) -> String {
        loop {
            let line = self.log.recv().expect("the log goes on");
            if line.contains(text) {
                return line;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that reads error statuses as answers.
pub fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .http_status_as_error(false)
            .build(),
    )
}

/// An answer: status, content type, body.
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
        .collect();
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let body = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_vec()
        .expect("the body is read");
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

/// `GET url`.
pub fn get(url: &str) -> Answer {
    answer(agent().get(url).call())
}

/// `POST url` with `body` of `content_type`, and the extra headers.
pub fn post(url: &str, content_type: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut request = agent().post(url).header("Content-Type", content_type);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    answer(request.send(body))
}

/// Runs the CLI and returns its stdout.
pub fn cli(args: &[&str]) -> Vec<u8> {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the CLI runs")
        .stdout
}
