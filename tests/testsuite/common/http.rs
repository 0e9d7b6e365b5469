//! A plain static file server and a crawler, both on 127.0.0.1, for testing a built site the
//! way a browser on a static host would reach it. The server stops when dropped.

use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use scraper::{Html, Selector};

/// Serves `root` under the URL path `prefix` (such as `/blog/`), like any static host.
pub struct StaticServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path, prefix: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(AtomicBool::new(false));
        let (root, prefix, flag) = (root.to_path_buf(), prefix.to_owned(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &root, &prefix),
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Self {
            port,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(mut stream: TcpStream, root: &Path, prefix: &str) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok();
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_owned();
    let (status, body) = match resolve(root, prefix, &path) {
        Some(file) => ("200 OK", std::fs::read(file).unwrap_or_default()),
        None => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
        ),
    };
    let head = format!(
        "HTTP/1.0 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn resolve(root: &Path, prefix: &str, path: &str) -> Option<PathBuf> {
    let inside = path
        .strip_prefix(prefix)
        .or_else(|| (path == prefix.trim_end_matches('/')).then_some(""))?;
    let decoded =
        url::form_urlencoded::parse(format!("x={}", inside.replace('+', "%2B")).as_bytes())
            .next()?
            .1
            .into_owned();
    if decoded.split('/').any(|part| part == "..") {
        return None;
    }
    let file = root.join(&decoded);
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    file.is_file().then_some(file)
}

/// GETs a URL on 127.0.0.1: status code and body.
pub fn get(url: &url::Url) -> (u16, Vec<u8>) {
    let port = url.port().expect("port");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let request = format!("GET {} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", url.path());
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let status = String::from_utf8_lossy(&response[..split])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response[split + 4..].to_vec())
}

/// Crawls every page reachable from `start` on the same origin, checking that each link and
/// asset answers 200 and each `#fragment` exists. Returns the problems and the pages seen.
pub fn crawl(start: &url::Url) -> (Vec<String>, BTreeSet<String>) {
    let selector = Selector::parse("a[href], link[href], img[src], script[src]").expect("selector");
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([start.clone()]);
    let mut checked = BTreeSet::new();
    while let Some(page) = queue.pop_front() {
        if !seen.insert(page.path().to_owned()) {
            continue;
        }
        let (status, body) = get(&page);
        if status != 200 {
            problems.push(format!("{} answered {status}", page.path()));
            continue;
        }
        let html = Html::parse_document(&String::from_utf8_lossy(&body));
        for element in html.select(&selector) {
            let target = element
                .value()
                .attr("href")
                .or_else(|| element.value().attr("src"))
                .unwrap_or_default();
            let Ok(url) = page.join(target) else {
                problems.push(format!("{}: bad URL {target}", page.path()));
                continue;
            };
            if url.origin() != start.origin() {
                if element.value().name() != "a" {
                    problems.push(format!(
                        "{}: loads {target} from another origin",
                        page.path()
                    ));
                }
                continue;
            }
            if let Some(fragment) = url.fragment().filter(|f| !f.is_empty()) {
                let mut without = url.clone();
                without.set_fragment(None);
                let (_, target_body) = get(&without);
                let target_html = Html::parse_document(&String::from_utf8_lossy(&target_body));
                let id = Selector::parse(&format!("[id=\"{fragment}\"]")).expect("id selector");
                if target_html.select(&id).next().is_none() {
                    problems.push(format!("{}: {target} names a missing id", page.path()));
                }
            }
            let mut resource = url.clone();
            resource.set_fragment(None);
            if element.value().name() == "a"
                && (resource.path().ends_with('/')
                    || Path::new(resource.path())
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("html")))
            {
                queue.push_back(resource);
            } else if checked.insert(resource.path().to_owned()) {
                let (status, _) = get(&resource);
                if status != 200 {
                    problems.push(format!("{}: {target} answered {status}", page.path()));
                }
            }
        }
    }
    (problems, seen)
}
