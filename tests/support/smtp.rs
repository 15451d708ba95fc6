//! A real SMTP server (aiosmtpd, see `smtp_sink.py`) started by a test on an ephemeral port.
//! Dropping the handle stops it. Received messages are read back from its maildir and parsed.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct SmtpServer {
    pub port: u16,
    pub maildir: PathBuf,
    child: Child,
}

pub fn python() -> String {
    std::env::var("NEWSWATCH_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

impl SmtpServer {
    /// Starts the sink with extra arguments (`--mode starttls --cert … --auth user:pw …`).
    pub fn start(maildir: &Path, args: &[&str]) -> SmtpServer {
        SmtpServer::start_on(maildir, 0, args)
    }

    pub fn start_on(maildir: &Path, port: u16, args: &[&str]) -> SmtpServer {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py");
        let mut child = Command::new(python())
            .arg(&script)
            .arg("--maildir")
            .arg(maildir)
            .arg("--port")
            .arg(port.to_string())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink (python3 with aiosmtpd: python3 -m pip install aiosmtpd)");
        let stdout = child.stdout.take().expect("sink stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read READY line");
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("SMTP sink did not start (got {line:?}); is aiosmtpd installed? python3 -m pip install aiosmtpd"));
        SmtpServer {
            port,
            maildir: maildir.to_path_buf(),
            child,
        }
    }

    /// Raw messages received so far.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        read_maildir(&self.maildir)
    }
}

pub fn read_maildir(maildir: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(maildir.join("new")) {
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if let Ok(b) = std::fs::read(&p) {
                out.push(b);
            }
        }
    }
    out
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The text/plain and text/html parts and chosen headers of a message.
pub struct Parsed {
    pub subject: String,
    pub message_id: String,
    pub to: String,
    pub envelope_to: String,
    pub list_id: String,
    pub content_type: String,
    pub text: String,
    pub html: String,
}

pub fn parse(raw: &[u8]) -> Parsed {
    let m = mailparse::parse_mail(raw).expect("parse MIME");
    let h = |name: &str| {
        m.headers
            .iter()
            .find(|x| x.get_key().eq_ignore_ascii_case(name))
            .map(|x| x.get_value())
            .unwrap_or_default()
    };
    let mut text = String::new();
    let mut html = String::new();
    for part in m.subparts.iter() {
        let ct = part.ctype.mimetype.clone();
        let body = part.get_body().unwrap_or_default();
        if ct == "text/plain" {
            text = body;
        } else if ct == "text/html" {
            html = body;
        }
    }
    Parsed {
        subject: h("Subject"),
        message_id: h("Message-ID"),
        to: h("To"),
        envelope_to: h("X-Envelope-To"),
        list_id: h("List-Id"),
        content_type: m.ctype.mimetype.clone(),
        text,
        html,
    }
}
