//! Turns a rendered digest into an RFC 5322 message and hands it to a mail server or a directory.
//!
//! Messages are composed once (with their Message-ID) and stored in the outbox as bytes; sending
//! is `send_raw` of those bytes, so a retry after a crash sends the very same message. Errors are
//! split into [`SendError::Transient`] (4xx, connection trouble: retried with backoff) and
//! [`SendError::Permanent`] (5xx: recorded with the server's reply, never retried).

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{EmailConfig, Security, SmtpConfig, Transport};
use crate::digest::RenderedDigest;

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("temporary failure (will retry): {0}")]
    Transient(String),
    #[error("permanent failure: {0}")]
    Permanent(String),
}

#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("cannot set up the SMTP client for {host}: {reason}")]
    Setup { host: String, reason: String },
    #[error(transparent)]
    Secret(#[from] crate::config::SecretError),
    #[error("invalid address {address:?}: {reason}")]
    Address { address: String, reason: String },
    #[error("cannot build the message: {0}")]
    Build(String),
}

/// Where messages go.
#[derive(Clone)]
pub enum Mailer {
    File(PathBuf),
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        host: String,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::File(d) => write!(f, "Mailer::File({})", d.display()),
            Mailer::Smtp { host, .. } => write!(f, "Mailer::Smtp({host})"),
        }
    }
}

impl Mailer {
    pub fn from_config(email: &EmailConfig) -> Result<Mailer, MailerError> {
        match &email.transport {
            Transport::File { dir } => Ok(Mailer::File(dir.clone())),
            Transport::Smtp(s) => Mailer::smtp(s),
        }
    }

    fn smtp(s: &SmtpConfig) -> Result<Mailer, MailerError> {
        let setup = |reason: String| MailerError::Setup {
            host: s.host.clone(),
            reason,
        };
        let tls_params = || -> Result<TlsParameters, MailerError> {
            let mut b = TlsParameters::builder(s.host.clone());
            if let Some(ca) = &s.ca_file {
                let pem = std::fs::read(ca)
                    .map_err(|e| setup(format!("cannot read ca_file {}: {e}", ca.display())))?;
                let cert = Certificate::from_pem(&pem).map_err(|e| {
                    setup(format!(
                        "ca_file {} is not a PEM certificate: {e}",
                        ca.display()
                    ))
                })?;
                b = b.add_root_certificate(cert);
            }
            b.build().map_err(|e| setup(e.to_string()))
        };
        let tls = match s.security {
            Security::None => Tls::None,
            Security::StartTls => Tls::Required(tls_params()?),
            Security::Tls => Tls::Wrapper(tls_params()?),
        };
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.clone())
            .port(s.port)
            .tls(tls)
            .timeout(Some(s.timeout));
        if let Some(user) = &s.username {
            let password = s.password()?.unwrap_or_default();
            b = b.credentials(Credentials::new(user.clone(), password));
        }
        Ok(Mailer::Smtp {
            transport: b.build(),
            host: s.host.clone(),
        })
    }

    /// Sends an already composed message.
    pub async fn send(
        &self,
        from: &str,
        to: &str,
        message_id: &str,
        raw: &[u8],
    ) -> Result<String, SendError> {
        match self {
            Mailer::File(dir) => {
                let dir = dir.clone();
                let name = format!(
                    "{}.eml",
                    message_id.trim_matches(['<', '>']).replace(
                        |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '.',
                        "_"
                    )
                );
                let raw = raw.to_vec();
                // Written to a temporary name and renamed, so a reader never sees half a message.
                tokio::task::spawn_blocking(move || -> std::io::Result<String> {
                    std::fs::create_dir_all(&dir)?;
                    let tmp = dir.join(format!(".{name}.tmp"));
                    let path = dir.join(&name);
                    std::fs::write(&tmp, &raw)?;
                    std::fs::rename(&tmp, &path)?;
                    Ok(format!("written to {}", path.display()))
                })
                .await
                .map_err(|e| SendError::Transient(e.to_string()))?
                .map_err(|e| SendError::Transient(format!("cannot write the message file: {e}")))
            }
            Mailer::Smtp { transport, .. } => {
                let envelope =
                    envelope(from, to).map_err(|e| SendError::Permanent(e.to_string()))?;
                match transport.send_raw(&envelope, raw).await {
                    Ok(resp) => Ok(format!(
                        "{} {}",
                        resp.code(),
                        resp.message().collect::<Vec<_>>().join(" ")
                    )),
                    Err(e) if e.is_permanent() => Err(SendError::Permanent(smtp_error_text(&e))),
                    Err(e) => Err(SendError::Transient(smtp_error_text(&e))),
                }
            }
        }
    }

    /// Checks the connection and credentials without sending anything.
    pub async fn test_connection(&self) -> Result<(), SendError> {
        match self {
            Mailer::File(dir) => std::fs::create_dir_all(dir)
                .map_err(|e| SendError::Permanent(format!("cannot create {}: {e}", dir.display()))),
            Mailer::Smtp { transport, .. } => match transport.test_connection().await {
                Ok(true) => Ok(()),
                Ok(false) => Err(SendError::Transient(
                    "the server did not accept the connection".into(),
                )),
                Err(e) => Err(SendError::Transient(smtp_error_text(&e))),
            },
        }
    }
}

fn smtp_error_text(e: &lettre::transport::smtp::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg = format!("{msg}: {s}");
        src = s.source();
    }
    msg
}

fn envelope(from: &str, to: &str) -> Result<lettre::address::Envelope, MailerError> {
    let from: Mailbox =
        from.parse()
            .map_err(|e: lettre::address::AddressError| MailerError::Address {
                address: from.to_string(),
                reason: e.to_string(),
            })?;
    let to: Address =
        to.parse()
            .map_err(|e: lettre::address::AddressError| MailerError::Address {
                address: to.to_string(),
                reason: e.to_string(),
            })?;
    lettre::address::Envelope::new(Some(from.email), vec![to])
        .map_err(|e| MailerError::Build(e.to_string()))
}

/// A subject line that cannot inject headers: control characters become spaces and length is
/// bounded. (lettre encodes non-ASCII as RFC 2047 words itself.)
pub fn clean_header_text(s: &str, max_chars: usize) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    cleaned.chars().take(max_chars).collect()
}

/// Composes the multipart/alternative message with its Message-ID, Date and List-Id.
pub fn compose(
    from: &str,
    to: &str,
    list_id: &str,
    message_id: &str,
    rendered: &RenderedDigest,
) -> Result<Vec<u8>, MailerError> {
    let from_mb: Mailbox =
        from.parse()
            .map_err(|e: lettre::address::AddressError| MailerError::Address {
                address: from.to_string(),
                reason: e.to_string(),
            })?;
    let to_mb: Mailbox =
        to.parse()
            .map_err(|e: lettre::address::AddressError| MailerError::Address {
                address: to.to_string(),
                reason: e.to_string(),
            })?;
    let list = clean_header_text(list_id, 200).replace(['<', '>'], "");
    let msg = Message::builder()
        .from(from_mb)
        .to(to_mb)
        .subject(clean_header_text(&rendered.subject, 200))
        .message_id(Some(message_id.to_string()))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Id"),
            format!("newswatch digest <{list}>"),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_string(),
        ))
        .multipart(MultiPart::alternative_plain_html(
            rendered.text.clone(),
            rendered.html.clone(),
        ))
        .map_err(|e| MailerError::Build(e.to_string()))?;
    Ok(msg.formatted())
}

/// Backoff between delivery attempts: 1, 2, 4 … minutes, at most an hour.
pub fn retry_delay(attempts: i64) -> Duration {
    let exp = attempts.clamp(0, 6) as u32;
    Duration::from_secs(60 * (1u64 << exp)).min(Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_cannot_inject() {
        let s = clean_header_text("Hello\r\nBcc: victim@example.org", 200);
        assert!(!s.contains('\n') && !s.contains('\r'));
        assert_eq!(s, "Hello Bcc: victim@example.org");
    }

    #[test]
    fn composed_message_has_the_headers() {
        let r = RenderedDigest {
            subject: "newswatch: 1 article\nBcc: x@y".into(),
            text: "plain".into(),
            html: "<p>html</p>".into(),
            article_count: 1,
            topic_count: 1,
        };
        let raw = compose(
            "newswatch <n@example.org>",
            "a@example.org",
            "digest.example.org",
            "<id1@example.org>",
            &r,
        )
        .unwrap();
        let s = String::from_utf8_lossy(&raw);
        assert!(s.contains("Message-ID: <id1@example.org>"), "{s}");
        assert!(
            s.contains("List-Id: newswatch digest <digest.example.org>"),
            "{s}"
        );
        assert!(s.contains("multipart/alternative"));
        assert!(!s.contains("\nBcc:"));
        assert!(s.contains("Date: "));
    }
}
