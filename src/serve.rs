//! `salve serve`: builds the site into memory (never touching `public/` or any other folder),
//! answers HTTP from there, watches the sources and rebuilds on every change, and tells open
//! tabs to reload through server-sent events. A broken save keeps the last good build online
//! and shows the error in the terminal and as an overlay in the browser.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::{broadcast, watch};
use tokio_stream::StreamExt as _;
use tokio_stream::wrappers::{BroadcastStream, WatchStream};

use crate::build::{load_config, render_pages, selection};
use crate::files::{Contents, FileSource};
use crate::memo::Memo;

/// The path of the server-sent events stream that tells tabs to reload.
pub const EVENTS_PATH: &str = "/__salve/events";

/// How long the watcher waits for a burst of saves to settle before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// What `salve serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port (0 picks a free one).
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Include posts dated in the future.
    pub future: bool,
}

/// What the server reports as it runs, for the binary to print.
#[derive(Debug, Clone)]
pub enum ServeEvent {
    /// Listening at this URL.
    Listening(String),
    /// A build succeeded.
    Built {
        /// Published posts.
        posts: usize,
        /// Files served.
        files: usize,
        /// How long it took.
        elapsed: Duration,
        /// What was redone and what was reused.
        work: crate::memo::Work,
    },
    /// A build failed.
    Failed {
        /// Every error, one per line.
        error: String,
        /// Whether an earlier build succeeded and is still served; else the pages show the
        /// error until a save fixes it.
        serving_earlier: bool,
    },
}

/// The file watcher; it stops when dropped. The rebuild thread shares it, to watch a source
/// folder made while `salve serve` runs (a first page in a new `pages/`).
type Watcher = Arc<
    Mutex<
        notify_debouncer_full::Debouncer<
            notify_debouncer_full::notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    >,
>;

/// The files of one build, by path inside the site.
type Files = HashMap<String, Contents>;

struct Shared {
    files: RwLock<Arc<Files>>,
    /// The search index, kept apart: rebuilt after each reload, in the background.
    search: RwLock<Arc<Files>>,
    /// The pages' search records, kept so that an index re-reads only the pages that changed.
    records: Mutex<Vec<crate::search::Records>>,
    /// Counts builds, so that an index finished after a newer build is thrown away.
    generation: std::sync::atomic::AtomicU64,
    error: RwLock<Option<String>>,
    reloads: broadcast::Sender<Notice>,
    shutdown: watch::Receiver<bool>,
}

/// A message to open tabs.
#[derive(Debug, Clone)]
enum Notice {
    Reload,
    Error(String),
}

/// Serves the site until Ctrl-C.
pub fn serve(
    options: &ServeOptions,
    report: impl Fn(ServeEvent) + Send + Sync + 'static,
) -> Result<()> {
    if !options.root.is_dir() {
        bail!(
            "the site folder `{}` does not exist; pass --root with the folder that holds salve.yaml and posts/",
            options.root.display()
        );
    }
    let report: Arc<dyn Fn(ServeEvent) + Send + Sync> = Arc::new(report);
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
                "port {} is already in use; choose another with --port",
                options.port
            ),
            _ => anyhow::Error::new(error).context(format!(
                "failed to listen on {}:{}",
                options.bind, options.port
            )),
        })?;
    listener
        .set_nonblocking(true)
        .context("failed to set up the server's socket")?;
    let address = listener
        .local_addr()
        .context("failed to read the server's address")?;
    let host = if address.ip().is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        address.ip()
    };
    let base_url = format!("http://{}/", SocketAddr::new(host, address.port()));

    // The first build happens before the server starts, outside its runtime (the search
    // indexer runs one of its own).
    let (shutdown_tx, shutdown) = watch::channel(false);
    let (reloads, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::new(Files::new())),
        search: RwLock::new(Arc::new(Files::new())),
        records: Mutex::default(),
        generation: std::sync::atomic::AtomicU64::new(0),
        error: RwLock::new(None),
        reloads,
        shutdown,
    });
    // Watched paths come back absolute and free of symlinks; the memo's must match them.
    let options = ServeOptions {
        root: crate::fs::absolute(&options.root)?,
        ..options.clone()
    };
    let mut builder = Builder {
        options: options.clone(),
        base_url: base_url.clone(),
        memo: Memo::new(),
    };
    if let Some(index) = rebuild(&mut builder, &[], &shared, report.as_ref()) {
        index();
    }
    let _watcher = watch_sources(&options, builder, shared.clone(), report.clone())?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("failed to start the server")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .context("failed to set up the server's socket")?;
        let app = axum::Router::new()
            .route(EVENTS_PATH, axum::routing::get(events))
            .fallback(serve_file)
            .with_state(shared);
        report(ServeEvent::Listening(base_url));
        let stop = async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = shutdown_tx.send(true);
        };
        accept_until(listener, app, stop).await;
        Ok(())
    })
}

/// How long open connections may take to finish once the server is asked to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// How long a client may take to send a request's headers before its connection is closed.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves connections from `listener` until `stop` completes, then gives the open ones
/// [`SHUTDOWN_GRACE`] to finish (a second Ctrl-C ends them at once). A client that sends half
/// its headers and stalls is cut off after [`HEADER_READ_TIMEOUT`], so it can neither hold a
/// connection forever nor keep the server from stopping.
async fn accept_until(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    stop: impl Future<Output = ()>,
) {
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                // A failed accept (the client gave up, too many open files) affects that
                // connection only.
                let Ok((stream, _)) = accepted else { continue };
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                let connection = connections.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            () = &mut stop => break,
        }
    }
    tokio::select! {
        () = connections.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

/// What the search index of each language of a build is made from: the language, the
/// index's folder and the indexed pages; `None` with `search: false`.
type SearchInputs = Option<Vec<(String, String, Vec<crate::search::Source>)>>;

/// What rebuilds share: the options, the address pages are built for, and the work kept from
/// the last build.
struct Builder {
    options: ServeOptions,
    base_url: String,
    memo: Memo,
}

impl Builder {
    /// Builds the site's pages in memory, redoing only what the changed files affect, and takes
    /// what its search index needs.
    fn build(&mut self, changed: &[PathBuf]) -> Result<(Files, SearchInputs, ServeEvent), String> {
        let started = Instant::now();
        let options = &self.options;
        let memo = &mut self.memo;
        let result = load_config(&options.root, Some(&self.base_url)).and_then(|config| {
            memo.forget_files(
                changed,
                &options.root.join(&config.posts_dir),
                &options.root.join(&config.pages_dir),
            );
            render_pages(
                &options.root,
                config,
                selection(options.drafts, options.future),
                memo,
            )
        });
        match result {
            Ok(rendered) => {
                let posts = rendered
                    .languages
                    .iter()
                    .map(|language| language.site.posts.len())
                    .sum();
                let search = rendered.site().config.search.then(|| {
                    rendered
                        .languages
                        .iter()
                        .map(|language| {
                            let site = &language.site;
                            (
                                site.config.language.0.clone(),
                                crate::search::bundle_dir(site),
                                crate::search::sources(site, &language.pages),
                            )
                        })
                        .collect()
                });
                let files: Files = rendered
                    .outputs
                    .into_iter()
                    .map(|output| (output.path, output.contents))
                    .collect();
                let event = ServeEvent::Built {
                    posts,
                    files: files.len(),
                    elapsed: started.elapsed(),
                    work: memo.work(),
                };
                Ok((files, search, event))
            }
            Err(error) => Err(error.to_string()),
        }
    }
}

/// Watches the site's sources; each settled burst of changes rebuilds and notifies the tabs.
fn watch_sources(
    options: &ServeOptions,
    mut builder: Builder,
    shared: Arc<Shared>,
    report: Arc<dyn Fn(ServeEvent) + Send + Sync>,
) -> Result<Watcher> {
    use notify_debouncer_full::notify::RecursiveMode;
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, sender)
        .context("failed to watch the site's files")?;
    let config = load_config(&options.root, None).ok();
    let folders: Vec<PathBuf> = match &config {
        Some(config) => vec![
            config.posts_dir.clone(),
            config.pages_dir.clone(),
            config.static_dir.clone(),
            config.templates_dir.clone(),
            PathBuf::from("themes"),
            PathBuf::from(crate::i18n::I18N_DIR),
        ],
        None => vec![
            PathBuf::from("posts"),
            PathBuf::from("pages"),
            PathBuf::from("static"),
            PathBuf::from("templates"),
            PathBuf::from("themes"),
            PathBuf::from(crate::i18n::I18N_DIR),
        ],
    };
    for folder in folders
        .iter()
        .map(|f| options.root.join(f))
        .filter(|f| f.is_dir())
    {
        debouncer
            .watch(&folder, RecursiveMode::Recursive)
            .with_context(|| format!("failed to watch `{}`", folder.display()))?;
    }
    debouncer
        .watch(&options.root, RecursiveMode::NonRecursive)
        .with_context(|| format!("failed to watch `{}`", options.root.display()))?;
    let config_file = options.root.join(crate::config::CONFIG_FILE);
    let watched: Vec<PathBuf> = folders.iter().map(|f| options.root.join(f)).collect();
    let debouncer: Watcher = Arc::new(Mutex::new(debouncer));
    let shared_watcher = Arc::clone(&debouncer);
    let mut unwatched: Vec<PathBuf> = watched.iter().filter(|f| !f.is_dir()).cloned().collect();
    std::thread::spawn(move || {
        while let Ok(batch) = receiver.recv() {
            // Saves that arrived while the last build ran are handled together.
            let batches: Vec<_> = std::iter::once(batch).chain(receiver.try_iter()).collect();
            // The watcher lost events: what the posts folder holds must be looked at again.
            let lost_track = batches.iter().any(|batch| {
                batch.as_ref().map_or(true, |events| {
                    events.iter().any(|event| event.need_rescan())
                })
            });
            if lost_track {
                builder.memo.rescan();
            }
            let changed: Vec<PathBuf> = batches
                .into_iter()
                .filter_map(Result::ok)
                .flatten()
                // Reading the sources to rebuild shows up as access events: only changes count.
                .filter(|event| {
                    !matches!(
                        event.kind,
                        notify_debouncer_full::notify::EventKind::Access(_)
                    )
                })
                .flat_map(|event| event.event.paths)
                .filter(|path| {
                    *path == config_file || watched.iter().any(|folder| path.starts_with(folder))
                })
                .collect();
            watch_new_folders(&shared_watcher, &mut unwatched, &changed);
            if (lost_track || !changed.is_empty())
                && let Some(index) = rebuild(&mut builder, &changed, &shared, report.as_ref())
            {
                std::thread::spawn(move || {
                    yield_to_rebuilds();
                    index();
                });
            }
        }
    });
    Ok(debouncer)
}

/// The "not found" page for a path: the nearest `404.html` up its folders (`es/404.html` for a
/// Spanish address, on a site in several languages), else the site's.
fn not_found_page<T>(path: &str, find: &dyn Fn(&str) -> Option<T>) -> String {
    let mut folder = path;
    while let Some((parent, _)) = folder.trim_end_matches('/').rsplit_once('/') {
        let page = format!("{parent}/404.html");
        if find(&page).is_some() {
            return page;
        }
        folder = parent;
    }
    "404.html".to_owned()
}

/// Starts watching each source folder that did not exist when `salve serve` started and now
/// appeared among the changes (the site's folder is watched alone, so a folder made there shows
/// as one change; what it holds already is read by the rebuild that change starts, as the posts
/// and pages caches walk a folder they did not know).
fn watch_new_folders(watcher: &Watcher, unwatched: &mut Vec<PathBuf>, changed: &[PathBuf]) {
    use notify_debouncer_full::notify::RecursiveMode;
    unwatched.retain(|folder| {
        if !changed.contains(folder) || !folder.is_dir() {
            return true;
        }
        let mut watcher = watcher
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        watcher.watch(folder, RecursiveMode::Recursive).is_err()
    });
}

/// Lowers the calling thread's scheduling priority (and that of the threads it starts), so
/// that indexing for search, seconds of work on a large site, gives the processor up to the
/// rebuild of the next save.
fn yield_to_rebuilds() {
    // On Linux a thread's id names that thread alone; elsewhere the index runs at the usual
    // priority.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

/// Rebuilds the pages, swaps them in and tells the tabs; returns the job that then rebuilds the
/// search index (the first build runs it at once, later ones in the background, so that a save
/// reloads without waiting for the index).
fn rebuild(
    builder: &mut Builder,
    changed: &[PathBuf],
    shared: &Arc<Shared>,
    report: &(dyn Fn(ServeEvent) + Send + Sync),
) -> Option<impl FnOnce() + Send + 'static> {
    use std::sync::atomic::Ordering;
    match builder.build(changed) {
        Ok((files, search, event)) => {
            let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
            *shared
                .files
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(files);
            *shared
                .error
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
            report(event);
            let _ = shared.reloads.send(Notice::Reload);
            let languages = search?;
            let shared = Arc::clone(shared);
            Some(move || {
                let stale = || shared.generation.load(Ordering::SeqCst) != generation;
                let mut files = Files::new();
                for (number, (language, dir, sources)) in languages.iter().enumerate() {
                    let records = {
                        let mut kept = shared
                            .records
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        kept.resize_with(languages.len(), Default::default);
                        kept[number].update(language, sources)
                    };
                    if stale() {
                        return;
                    }
                    let Ok(index) = crate::search::index(language, dir, &records) else {
                        return;
                    };
                    files.extend(
                        index
                            .into_iter()
                            .map(|output| (output.path, output.contents)),
                    );
                }
                if !stale() {
                    *shared
                        .search
                        .write()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(files);
                }
            })
        }
        Err(error) => {
            *shared
                .error
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(error.clone());
            report(ServeEvent::Failed {
                error: error.clone(),
                serving_earlier: shared.generation.load(Ordering::SeqCst) > 0,
            });
            let _ = shared.reloads.send(Notice::Error(error));
            None
        }
    }
}

/// The stream that tells a tab to reload, or to show the last build's error. It ends when the
/// server shuts down, so that Ctrl-C does not wait for open tabs.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let current = shared
        .error
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
        .map(Notice::Error);
    // `None` marks the shutdown: the stream stops there.
    let stop = WatchStream::new(shared.shutdown.clone())
        .filter(|stopped| *stopped)
        .map(|_| None);
    let updates = BroadcastStream::new(shared.reloads.subscribe()).filter_map(Result::ok);
    let notices = tokio_stream::iter(current).chain(updates).map(Some);
    let stream = notices
        .merge(stop)
        .take_while(Option::is_some)
        .filter_map(|notice| notice)
        .map(|notice| {
            Ok::<_, std::convert::Infallible>(match notice {
                Notice::Reload => Event::default().event("reload").data("reload"),
                Notice::Error(text) => Event::default().event("build-error").data(text),
            })
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Answers a request from the files of the last good build.
async fn serve_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
    }
    let Some(path) = safe_path(uri.path()) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    let files = shared
        .files
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let search = shared
        .search
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    let find = |name: &str| files.get(name).or_else(|| search.get(name));
    let (status, name) = if path.is_empty() || path.ends_with('/') {
        (StatusCode::OK, format!("{path}index.html"))
    } else if find(&path).is_some() {
        (StatusCode::OK, path.clone())
    } else if find(&format!("{path}/index.html")).is_some() {
        let mut response = plain(StatusCode::MOVED_PERMANENTLY, "moved");
        // One leading slash: `//host/x/` would send the browser to another site.
        let location = format!("/{}/", uri.path().trim_start_matches('/'));
        if let Ok(location) = HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    } else {
        (StatusCode::NOT_FOUND, not_found_page(&path, &find))
    };
    let (status, name) = if find(&name).is_some() {
        (status, name)
    } else {
        (StatusCode::NOT_FOUND, not_found_page(&path, &find))
    };
    let Some(contents) = find(&name) else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    let bytes = match contents {
        Contents::Bytes(bytes) => bytes.clone(),
        Contents::File(FileSource::Embedded(bytes)) => Bytes::from_static(bytes),
        Contents::File(FileSource::Disk(file)) => match tokio::fs::read(file).await {
            Ok(bytes) => Bytes::from(bytes),
            Err(_) => return plain(StatusCode::NOT_FOUND, "not found"),
        },
    };
    let content_type = content_type(&name);
    let bytes = if content_type.starts_with("text/html") {
        inject_reload(&bytes)
    } else {
        bytes
    };
    let length = bytes.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

/// The path inside the site, decoded, or `None` when it tries to leave it: `..` or `.`
/// segments (also percent-encoded), backslashes, NUL, or text that is not UTF-8.
fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains(['\\', '\0'])
        || decoded
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    Some(decoded.trim_start_matches('/').to_owned())
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The content type of a file, by its extension.
pub fn content_type(name: &str) -> &'static str {
    match Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        Some("woff2") => "font/woff2",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mp3") => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The script added to every HTML page in serve mode only: reload on a new build, show a
/// failed build's error over the page.
const RELOAD_SCRIPT: &str = r#"<script>(() => {
  const events = new EventSource("/__salve/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("build-error", (event) => {
    let overlay = document.getElementById("salve-build-error");
    if (!overlay) {
      overlay = document.createElement("pre");
      overlay.id = "salve-build-error";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#7a1010;color:#fff;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap;z-index:2147483647";
      document.body.append(overlay);
    }
    overlay.textContent = "salve: the last save did not build; this page shows the last good build.\n\n" + event.data;
  });
})();</script>"#;

fn inject_reload(html: &[u8]) -> Bytes {
    let text = String::from_utf8_lossy(html);
    let at = text.rfind("</body>").unwrap_or(text.len());
    Bytes::from(format!("{}{RELOAD_SCRIPT}{}", &text[..at], &text[at..]))
}

/// Whether serving on this address exposes the site to other machines.
pub fn is_exposed(address: IpAddr) -> bool {
    !address.is_loopback()
}

/// Refuses ports below 1024 unless asked for explicitly, since they need root on most systems.
pub fn check_port(port: u16) -> Result<()> {
    if port != 0 && port < 1024 {
        bail!("port {port} is reserved for system services; choose one above 1023 with --port");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/a/%2E%2E/b",
            "/a\\b",
            "/a%5cb",
            "/a%00b",
            "/./x",
            "/%ff",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path("/posts/a%20b/").as_deref(), Some("posts/a b/"));
        assert_eq!(
            safe_path("//etc/passwd").as_deref(),
            Some("etc/passwd"),
            "an absolute path stays inside the site"
        );
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_the_body() {
        let page = inject_reload(b"<html><body><p>x</p></body></html>");
        let text = String::from_utf8_lossy(&page);
        assert!(text.contains("<p>x</p><script>"));
        assert!(text.ends_with("</script></body></html>"));
    }
}
