//! The command line: one file per subcommand, each with its `Args` and `run()`. This is the
//! only place that prints; the library returns values and errors.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod check;
mod import;
mod init;
mod new;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// salve: a static site generator for clinic blogs.
#[derive(Debug, Parser)]
#[command(name = "salve", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default `public/`).
    Build(build::Args),
    /// Inspect the site (built in memory, nothing written): links, accessibility, privacy,
    /// readability, medical review, claims, metadata.
    Check(check::Args),
    /// Create a new site in a folder: salve.yaml, a sample post, and pages for About, Contact
    /// and the notices a clinic posts.
    Init(init::Args),
    /// Bring a Jekyll, Hugo, Wix or WordPress blog into a salve site: posts, pages, images, old
    /// addresses.
    Import(import::Args),
    /// Preview the site: build it in memory, serve it on 127.0.0.1, rebuild and reload on every save.
    Serve(serve::Args),
    /// Create a new draft post from its title.
    New(new::Args),
}

/// Exit code when the content or the environment is at fault (clap uses 2 for usage errors).
const FAILURE: u8 = 1;
/// Exit code of `salve check` when the site cannot be built or the options are wrong.
const CHECK_CANNOT_RUN: u8 = 2;

/// Parses the arguments, runs the subcommand and turns its outcome into an exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check(args) = cli.command {
        return match check::run(args) {
            Ok(code) => ExitCode::from(code),
            Err(error) => {
                report(&error);
                ExitCode::from(CHECK_CANNOT_RUN)
            }
        };
    }
    let result = match cli.command {
        Command::Check(_) => unreachable!("handled above"),
        Command::Build(args) => build::run(args),
        Command::Init(args) => init::run(args),
        Command::Import(args) => import::run(args),
        Command::New(args) => new::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::from(FAILURE)
        }
    }
}

/// Prints an error: content errors one per line, anything else with its chain of causes.
fn report(error: &salve::Error) {
    match error {
        salve::Error::Content(errors) => {
            for line in errors.to_string().lines() {
                eprintln!("error: {line}");
            }
        }
        salve::Error::Failure(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
