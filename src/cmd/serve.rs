//! `salve serve`: live preview with reloads on every save.

use std::net::IpAddr;
use std::path::PathBuf;

use salve::diagnostics::count;
use salve::serve::{ServeEvent, ServeOptions};

/// Options of `salve serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (holding salve.yaml and posts/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; anything but 127.0.0.1 or ::1 shows the site to other machines.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Include posts marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include posts dated in the future.
    #[arg(long)]
    future: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

/// Serves until Ctrl-C, printing each rebuild.
pub fn run(args: Args) -> Result<(), salve::Error> {
    salve::serve::check_port(args.port)?;
    if salve::serve::is_exposed(args.bind) {
        eprintln!(
            "warning: serving on {}, which other machines can reach; drafts and unpublished posts would be visible to them",
            args.bind
        );
    }
    let options = ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        future: args.future,
    };
    let open = args.open;
    salve::serve::serve(&options, move |event| match event {
        ServeEvent::Listening(url) => {
            println!("Serving at {url} (Ctrl-C stops)");
            if open {
                open_browser(&url);
            }
        }
        ServeEvent::Built {
            posts,
            files,
            elapsed,
            work,
        } => println!(
            "Built {}, {} in {} ms ({} of {} and feeds rendered, {} read)",
            count(posts, "post", "posts"),
            count(files, "file", "files"),
            elapsed.as_millis(),
            work.pages_rendered,
            count(work.pages, "page", "pages"),
            count(work.posts_read, "post", "posts"),
        ),
        ServeEvent::Failed {
            error,
            serving_earlier,
        } => {
            for line in error.lines() {
                eprintln!("error: {line}");
            }
            if serving_earlier {
                eprintln!("Still serving the last good build; fix the error and save again.");
            } else {
                eprintln!(
                    "Nothing built yet: the pages show this error until you fix it and save."
                );
            }
        }
    })?;
    println!("Stopped.");
    Ok(())
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}
