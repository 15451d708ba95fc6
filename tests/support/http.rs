//! A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for the integration tests.
//!
//! Hand-rolled on std sockets so that it can misbehave exactly as the web does: hang after the
//! headers, send more than promised, loop redirects, answer 304 to a matching ETag. Each
//! connection is served on its own thread; the server lives as long as the test holds it.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Route {
    /// A body with a content type; answers 304 when the request's If-None-Match equals `etag`.
    Ok {
        content_type: String,
        body: Vec<u8>,
        etag: Option<String>,
        gzip: bool,
    },
    Status {
        code: u16,
        headers: Vec<(String, String)>,
    },
    Redirect {
        code: u16,
        location: String,
    },
    /// Reads the request and never answers.
    Hang,
    /// Streams `bytes` bytes of filler with no Content-Length.
    Huge {
        bytes: usize,
    },
    /// Writes these bytes verbatim (status line, headers and a body that may lie about its
    /// length or encoding), then resets the connection, or stalls when `stall` is set.
    Raw {
        bytes: Vec<u8>,
        stall: bool,
    },
}

#[derive(Clone, Debug, Default)]
pub struct Seen {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub status: u16,
}

pub struct TestServer {
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl TestServer {
    pub fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let port = listener.local_addr().expect("local addr").port();
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (r, l) = (r.clone(), l.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &r, &l);
                });
            }
        });
        TestServer { port, routes, log }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base(), path)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes.lock().unwrap().insert(path.to_string(), route);
    }

    pub fn ok(&self, path: &str, content_type: &str, body: impl Into<Vec<u8>>, etag: Option<&str>) {
        self.route(
            path,
            Route::Ok {
                content_type: content_type.into(),
                body: body.into(),
                etag: etag.map(str::to_string),
                gzip: false,
            },
        );
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    pub fn requests_to(&self, path: &str) -> Vec<Seen> {
        self.requests()
            .into_iter()
            .filter(|s| s.path == path)
            .collect()
    }
}

fn serve(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Route>>,
    log: &Mutex<Vec<Seen>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut headers = HashMap::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 {
                return Ok(());
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
            }
        }
        // Routes ignore the query string, as a real site ignores tracking parameters.
        let route_key = path.split('?').next().unwrap_or("/").to_string();
        let route = routes.lock().unwrap().get(&route_key).cloned();
        let seen = Seen {
            path: path.clone(),
            headers: headers.clone(),
            status: 0,
        };
        // A request is logged before its response is written: a client that has its answer
        // must find the request in the log (a test asserts right after the client returns).
        let record = |status: u16| {
            let mut s = seen.clone();
            s.status = status;
            log.lock().unwrap().push(s);
        };
        match route {
            None => {
                record(404);
                write_response(&mut stream, 404, &[], b"not found")?;
            }
            Some(Route::Ok {
                content_type,
                body,
                etag,
                gzip,
            }) => {
                if etag.is_some() && headers.get("if-none-match") == etag.as_ref() {
                    let mut hs = vec![];
                    if let Some(e) = &etag {
                        hs.push(("ETag".to_string(), e.clone()));
                    }
                    record(304);
                    write_response(&mut stream, 304, &hs, b"")?;
                } else {
                    let mut hs = vec![("Content-Type".to_string(), content_type)];
                    if let Some(e) = etag {
                        hs.push(("ETag".to_string(), e));
                    }
                    let body = if gzip {
                        hs.push(("Content-Encoding".to_string(), "gzip".to_string()));
                        let mut enc =
                            flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                        enc.write_all(&body)?;
                        enc.finish()?
                    } else {
                        body
                    };
                    record(200);
                    write_response(&mut stream, 200, &hs, &body)?;
                }
            }
            Some(Route::Status { code, headers }) => {
                record(code);
                write_response(&mut stream, code, &headers, b"error")?;
            }
            Some(Route::Redirect { code, location }) => {
                record(code);
                write_response(
                    &mut stream,
                    code,
                    &[("Location".to_string(), location)],
                    b"",
                )?;
            }
            Some(Route::Hang) => {
                record(0);
                std::thread::sleep(Duration::from_secs(60));
                return Ok(());
            }
            Some(Route::Raw { bytes, stall }) => {
                record(0);
                let _ = stream.write_all(&bytes);
                let _ = stream.flush();
                if stall {
                    std::thread::sleep(Duration::from_secs(60));
                }
                // Dropping the socket with unread request bytes makes the kernel send a reset.
                let _ = stream.set_linger_zero();
                return Ok(());
            }
            Some(Route::Huge { bytes }) => {
                record(200);
                stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n")?;
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < bytes {
                    if stream.write_all(&chunk).is_err() {
                        break;
                    }
                    sent += chunk.len();
                }
                return Ok(());
            }
        }
    }
}

trait LingerZero {
    fn set_linger_zero(&self) -> std::io::Result<()>;
}

impl LingerZero for TcpStream {
    /// SO_LINGER 0: close() sends RST instead of FIN, as a crashed peer or middlebox would.
    fn set_linger_zero(&self) -> std::io::Result<()> {
        use std::os::fd::AsRawFd;
        #[repr(C)]
        struct Linger {
            l_onoff: i32,
            l_linger: i32,
        }
        let l = Linger {
            l_onoff: 1,
            l_linger: 0,
        };
        // SAFETY: setsockopt with a valid fd and a correctly sized SO_LINGER struct.
        let rc = unsafe {
            setsockopt(
                self.as_raw_fd(),
                1,  /* SOL_SOCKET */
                13, /* SO_LINGER */
                &l as *const Linger as *const std::ffi::c_void,
                std::mem::size_of::<Linger>() as u32,
            )
        };
        if rc == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}

unsafe extern "C" {
    fn setsockopt(fd: i32, level: i32, name: i32, value: *const std::ffi::c_void, len: u32) -> i32;
}

fn write_response(
    stream: &mut TcpStream,
    code: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!("HTTP/1.1 {code} {reason}\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}
