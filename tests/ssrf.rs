//! Article links come from third parties: the guarded client refuses private and reserved
//! addresses after DNS resolution, unless `allow_private_networks` is set. A test resolver stands
//! in for DNS so that names resolve to the addresses an attacker would pick.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use newswatch::fetch::{FetchError, FetchOutcome, FetchSettings, Fetcher, HostLookup, Validators};
use support::http::TestServer;

/// Resolves every name to one fixed address.
struct Fixed(SocketAddr);

impl HostLookup for Fixed {
    fn lookup(
        &self,
        _host: String,
    ) -> std::pin::Pin<Box<dyn Future<Output = std::io::Result<Vec<SocketAddr>>> + Send>> {
        let a = self.0;
        Box::pin(async move { Ok(vec![a]) })
    }
}

fn settings(allow: bool) -> FetchSettings {
    FetchSettings {
        user_agent: "newswatch-test".into(),
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        max_body: 1 << 20,
        allow_private_networks: allow,
    }
}

#[tokio::test]
async fn names_resolving_to_private_addresses_are_refused() {
    let server = TestServer::start();
    server.ok("/a.html", "text/html", "<p>hello</p>", None);
    for addr in [
        "127.0.0.1",
        "10.0.0.7",
        "169.254.169.254",
        "192.168.1.1",
        "[::1]",
        "[fd00::1]",
        "[fe80::1]",
        "224.0.0.1",
    ] {
        let ip: std::net::IpAddr = addr.trim_matches(['[', ']']).parse().unwrap();
        let f = Fetcher::guarded_with(
            settings(false),
            Arc::new(Fixed(SocketAddr::new(ip, server.port))),
        )
        .unwrap();
        let err = f
            .get(
                &format!("http://news.example:{}/a.html", server.port),
                &Validators::default(),
            )
            .await
            .expect_err(addr);
        assert!(
            err.to_string().contains("private or reserved"),
            "{addr}: {err}"
        );
    }
    assert!(
        server.requests().is_empty(),
        "no request may reach the private server"
    );
}

#[tokio::test]
async fn ip_literals_and_other_schemes_are_refused_before_connecting() {
    let f = Fetcher::guarded(settings(false)).unwrap();
    for url in [
        "http://127.0.0.1/",
        "http://[::1]/x",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ] {
        let err = f.get(url, &Validators::default()).await.expect_err(url);
        assert!(matches!(err, FetchError::Refused { .. }), "{url}: {err}");
    }
}

#[tokio::test]
async fn redirect_targets_follow_the_same_rule_as_first_hops() {
    let server = TestServer::start();
    server.route(
        "/r",
        support::http::Route::Redirect {
            code: 302,
            location: "http://10.1.2.3/admin".into(),
        },
    );
    // The first hop is allowed (as an intranet feed host would be), the second is checked again.
    let f = Fetcher::guarded_with(
        settings(true),
        Arc::new(Fixed(SocketAddr::from(([127, 0, 0, 1], server.port)))),
    )
    .unwrap();
    // With the switch on, the redirect target is allowed too (it fails to connect instead).
    let r = f
        .get(
            &format!("http://news.example:{}/r", server.port),
            &Validators::default(),
        )
        .await;
    assert!(!matches!(r, Err(FetchError::Refused { .. })), "{r:?}");
    let strict = Fetcher::guarded(settings(false)).unwrap();
    let err = strict
        .get("http://10.1.2.3/admin", &Validators::default())
        .await
        .expect_err("refused");
    assert!(matches!(err, FetchError::Refused { .. }), "{err}");
}

#[tokio::test]
async fn allow_private_networks_lets_intranet_articles_through() {
    let server = TestServer::start();
    server.ok("/a.html", "text/html", "<p>hello</p>", None);
    let f = Fetcher::guarded_with(
        settings(true),
        Arc::new(Fixed(SocketAddr::from(([127, 0, 0, 1], server.port)))),
    )
    .unwrap();
    let r = f
        .get(
            &format!("http://intranet.example:{}/a.html", server.port),
            &Validators::default(),
        )
        .await
        .unwrap();
    let FetchOutcome::Body(b) = r else {
        panic!("expected a body")
    };
    assert_eq!(b.body, b"<p>hello</p>");
}

#[tokio::test]
async fn a_gzip_bomb_is_stopped_at_the_size_cap() {
    let server = TestServer::start();
    // 64 MB of zeros compress to about 64 KB.
    server.route(
        "/bomb.xml",
        support::http::Route::Ok {
            content_type: "application/rss+xml".into(),
            body: vec![0u8; 64 << 20],
            etag: None,
            gzip: true,
        },
    );
    let f = Fetcher::trusted(settings(false)).unwrap();
    let err = f
        .get(&server.url("/bomb.xml"), &Validators::default())
        .await
        .expect_err("capped");
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err}");
}

#[tokio::test]
async fn a_redirect_chain_longer_than_the_limit_is_cut() {
    let server = TestServer::start();
    for i in 0..15 {
        server.route(
            &format!("/hop{i}"),
            support::http::Route::Redirect {
                code: 302,
                location: format!("/hop{}", i + 1),
            },
        );
    }
    let f = Fetcher::trusted(settings(false)).unwrap();
    let err = f
        .get(&server.url("/hop0"), &Validators::default())
        .await
        .expect_err("too many");
    assert!(matches!(err, FetchError::TooManyRedirects), "{err}");
    assert_eq!(server.requests().len(), newswatch::fetch::MAX_REDIRECTS + 1);
}
