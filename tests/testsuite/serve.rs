//! `salve serve` end to end: a real server on a free port over a copy of a fixture site, talked
//! to over raw HTTP: pages, 404, HEAD, path traversal, reload events on saves, the error overlay
//! event on a broken save while the last good build stays online, many concurrent clients, a
//! busy port, and a prompt stop on Ctrl-C with tabs connected.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::TestSite;

/// A running `salve serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(site: &TestSite) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_salve"))
            .args(["serve", "--port", "0"])
            .current_dir(site.root())
            .env("XDG_CACHE_HOME", site.cache())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start salve serve");
        let stdout = child.stdout.take();
        // From here on the server is stopped by `Drop`, whatever happens.
        let mut server = Self { child, port: 0 };
        let stdout = stdout.expect("stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let line = receiver
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("the server says where it listens");
            if let Some(url) = line.strip_prefix("Serving at ") {
                let port = url
                    .trim_start_matches("http://127.0.0.1:")
                    .split('/')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .expect("a port");
                server.port = port;
                return server;
            }
        }
    }

    fn request(&self, method: &str, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
        )
        .expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let text = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_lowercase(), body.to_owned())
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", path);
        (status, body)
    }

    /// Opens the reload stream; returns a channel of its lines.
    fn events(&self) -> mpsc::Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__salve/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        receiver
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for a line of the event stream containing `needle`.
fn expect_event(events: &mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = events
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no event with `{needle}`"));
        if line.contains(needle) {
            return line;
        }
    }
}

fn site() -> TestSite {
    TestSite::new(&[
        ("salve.yaml", "title: Serve test\n"),
        (
            "posts/a.md",
            "---\ntitle: First post\ndate: 2025-01-01\ntags: [Sleep]\n---\nOriginal text.\n",
        ),
        ("static/notes.txt", "plain"),
    ])
}

#[test]
fn pages_are_served_from_memory_with_the_reload_script() {
    let site = site();
    let server = Server::start(&site);
    let (status, head, body) = server.request("GET", "/posts/a/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-store"));
    assert!(
        body.contains("Original text.") && body.contains("/__salve/events"),
        "the reload script is injected"
    );
    let (status, head, _) = server.request("GET", "/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"));
    assert_eq!(server.get("/notes.txt"), (200, "plain".to_owned()));
    let (status, head, _) = server.request("GET", "/pagefind/pagefind.js");
    assert_eq!(status, 200, "search is served too");
    assert!(head.contains("content-type: text/javascript"), "{head}");
    assert_eq!(server.get("/search/").0, 200);
    let (status, head, _) = server.request("GET", "/posts/a");
    assert_eq!(status, 301);
    assert!(head.contains("location: /posts/a/"));
    // Regression: `//posts/a` was sent to `//posts/a/`, which a browser reads as another host.
    let (status, head, _) = server.request("GET", "//posts/a");
    assert_eq!(status, 301);
    assert!(
        head.lines()
            .any(|line| line.trim() == "location: /posts/a/"),
        "{head}"
    );
    let (status, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    let (status, head, body) = server.request("HEAD", "/posts/a/");
    assert_eq!(status, 200);
    assert!(head.contains("content-length:") && body.is_empty());
    assert_eq!(server.request("POST", "/posts/a/").0, 405);
    assert!(!site.path("public").exists(), "serve writes nothing");
}

#[test]
fn paths_that_try_to_leave_the_site_get_400_or_404() {
    let site = site();
    site.write("secret.txt", "do not serve");
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/posts/%2E%2E/%2E%2E/secret.txt",
        "/..%5csecret.txt",
        "/a\\..\\secret.txt",
        "/a%00b",
        "//etc/passwd",
        "/salve.yaml",
        "/posts/a.md",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !body.contains("do not serve") && !body.contains("title: Serve test"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn a_save_reloads_a_broken_save_shows_the_error_and_keeps_the_last_good_build() {
    let site = site();
    let server = Server::start(&site);
    let events = server.events();
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "posts/a.md",
        "---\ntitle: First post\ndate: 2025-01-01\ntags: [Sleep]\n---\nEdited text.\n",
    );
    expect_event(&events, "event: reload");
    assert!(server.get("/posts/a/").1.contains("Edited text."));

    site.write(
        "posts/a.md",
        "---\ntitle: [oops\ndate: 2025-01-01\n---\nBroken.\n",
    );
    expect_event(&events, "event: build-error");
    let detail = expect_event(&events, "data: posts/a.md:2:");
    assert!(detail.contains("posts/a.md:2:8"), "{detail}");
    let (status, body) = server.get("/posts/a/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Edited text."),
        "the last good build is still served"
    );

    let late = server.events();
    expect_event(&late, "event: build-error");

    site.write(
        "posts/a.md",
        "---\ntitle: First post\ndate: 2025-01-01\n---\nFixed text.\n",
    );
    expect_event(&events, "event: reload");
    assert!(server.get("/posts/a/").1.contains("Fixed text."));
}

#[test]
fn a_hundred_clients_times_a_hundred_requests_all_succeed() {
    let site = site();
    let server = Server::start(&site);
    let port = server.port;
    let clients: Vec<_> = (0..100)
        .map(|client| {
            std::thread::spawn(move || {
                let mut ok = 0;
                for request in 0..100 {
                    let path = if (client + request) % 2 == 0 {
                        "/posts/a/"
                    } else {
                        "/style.css"
                    };
                    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
                    write!(stream, "GET {path} HTTP/1.0\r\n\r\n").expect("send");
                    let mut response = Vec::new();
                    stream.read_to_end(&mut response).expect("read");
                    if response.starts_with(b"HTTP/1.0 200")
                        || response.starts_with(b"HTTP/1.1 200")
                    {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let total: usize = clients.into_iter().map(|c| c.join().expect("client")).sum();
    assert_eq!(total, 10_000);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let run = site.salve(&["serve", "--port", &port]).failure(1);
    assert!(
        run.stderr().contains(&format!(
            "port {port} is already in use; choose another with --port"
        )),
        "{}",
        run.stderr()
    );
}

/// Sends Ctrl-C (SIGINT) to the server and waits for it to exit with success within `limit`.
#[track_caller]
fn interrupt_and_expect_exit_within(server: &mut Server, limit: Duration) {
    let pid = server.child.id().to_string();
    Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("send SIGINT");
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            assert!(status.success(), "{status}");
            return;
        }
        assert!(
            started.elapsed() < limit,
            "still running {limit:?} after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_stops_promptly_with_tabs_connected() {
    let site = site();
    let mut server = Server::start(&site);
    let events = server.events();
    let _ = server.get("/");
    std::thread::sleep(Duration::from_millis(200));
    interrupt_and_expect_exit_within(&mut server, Duration::from_secs(5));
    drop(events);
}

/// Regression: a client that sent half its headers and stalled kept `serve` running after
/// Ctrl-C (still up after 90 s).
#[test]
fn ctrl_c_stops_promptly_with_a_stalled_client() {
    let site = site();
    let mut server = Server::start(&site);
    let mut stalled = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stalled
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half:")
        .expect("half a request");
    std::thread::sleep(Duration::from_millis(200));
    interrupt_and_expect_exit_within(&mut server, Duration::from_secs(8));
    drop(stalled);
}

/// Regression: a client that sends half its headers and stalls held its connection open for
/// as long as it liked; it is closed after a few seconds.
#[test]
fn a_stalled_request_is_cut_off() {
    let site = site();
    let server = Server::start(&site);
    let mut stalled = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stalled
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    stalled
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half:")
        .expect("half a request");
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = stalled.read_to_end(&mut answer);
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(15),
        "the connection stayed open {waited:?}"
    );
    assert_eq!(server.get("/").0, 200, "other clients are still served");
}

/// Regression: a missing --root printed "Still serving the last good build" when there was
/// none, then a raw watcher error.
#[test]
fn a_missing_root_is_a_clear_error() {
    let site = site();
    let run = site.salve(&["serve", "--port", "0", "--root", "no/such/folder"]);
    let run = run.failure(1);
    assert!(
        run.stderr()
            .contains("the site folder `no/such/folder` does not exist"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("Still serving"), "{}", run.stderr());
}

#[test]
fn the_search_index_follows_a_save() {
    let site = site();
    let server = Server::start(&site);
    let (status, before) = server.get("/pagefind/pagefind-entry.json");
    assert_eq!(status, 200);
    let events = server.events();
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "posts/a.md",
        "---\ntitle: First post\ndate: 2025-01-01\n---\nA quite different text about zebras.\n",
    );
    expect_event(&events, "event: reload");
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/pagefind/pagefind-entry.json").1 == before {
        assert!(
            Instant::now() < deadline,
            "the search index was not rebuilt after the save"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Guards a pages folder made while `salve serve` runs: its first page is served, and a later
/// save of a page in it reloads, although the folder did not exist when serve started.
#[test]
fn a_pages_folder_made_while_serving_is_watched() {
    let site = site();
    let server = Server::start(&site);
    let events = server.events();
    std::thread::sleep(Duration::from_millis(300));
    site.write("pages/about.md", "---\ntitle: About us\n---\nFirst text.\n");
    expect_event(&events, "event: reload");
    assert!(server.get("/about/").1.contains("First text."));
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "pages/about.md",
        "---\ntitle: About us\n---\nSecond text.\n",
    );
    expect_event(&events, "event: reload");
    assert!(server.get("/about/").1.contains("Second text."));
}

/// Guards images in `salve serve`: the resized variants a page names are served, as WebP.
#[test]
fn serve_serves_the_image_variants() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: Serve test\n"),
        (
            "posts/knee/index.md",
            "---\ntitle: Knee\ndate: 2025-01-01\n---\n![A brace](brace.jpg)\n",
        ),
    ]);
    site.write(
        "posts/knee/brace.jpg",
        crate::common::images::jpeg(900, 600, None),
    );
    let server = Server::start(&site);
    let (status, page) = server.get("/posts/knee/");
    assert_eq!(status, 200);
    assert!(page.contains("brace-800w.webp 800w"), "{page}");
    let (status, head, body) = server.request("GET", "/posts/knee/brace-800w.webp");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/webp"), "{head}");
    assert!(body.starts_with("RIFF"));
    let (status, head, _) = server.request("GET", "/posts/knee/brace-900w.jpg");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/jpeg"), "{head}");
}

/// Guards `salve serve` on a site in two languages: each language's pages and search index
/// are served, and a missing Spanish address answers with the Spanish "not found" page.
#[test]
fn each_language_is_served_with_its_own_search_and_not_found_page() {
    let site = TestSite::new(&[
        ("salve.yaml", "title: Serve test\nlanguages: [en, es]\n"),
        (
            "posts/a.md",
            "---\ntitle: Knees\ndate: 2025-01-01\n---\nKnee exercises.\n",
        ),
        (
            "posts/a.es.md",
            "---\ntitle: Rodillas\nslug: rodillas\ndate: 2025-01-01\n---\nEjercicios para la rodilla.\n",
        ),
    ]);
    let server = Server::start(&site);
    let (status, body) = server.get("/es/posts/rodillas/");
    assert_eq!(status, 200);
    assert!(body.contains("hreflang=\"en\"") && body.contains("Rodillas"));
    let (status, body) = server.get("/es/no/existe/");
    assert_eq!(status, 404);
    assert!(
        body.contains("No encontramos esta página"),
        "the Spanish 404 page"
    );
    let (status, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the English 404 page");
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/es/pagefind/pagefind-entry.json").0 != 200 {
        assert!(Instant::now() < deadline, "the Spanish index is served");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, entry) = server.get("/es/pagefind/pagefind-entry.json");
    assert!(entry.contains("\"es\""), "{entry}");
    assert_eq!(server.get("/pagefind/pagefind-entry.json").0, 200);
}
