//! `salve check`: inspects the site built in memory and reports what a careful editor, an
//! accessibility auditor and a privacy officer would.

use std::io::IsTerminal as _;
use std::path::PathBuf;

use salve::check::{CheckOptions, Severity};

/// Options of `salve check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (holding salve.yaml and posts/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include posts marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Include posts dated in the future.
    #[arg(long)]
    future: bool,
    /// Also check links to other websites (over the network).
    #[arg(long)]
    external: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    rules: Vec<salve::config::RuleId>,
    /// Do not run this rule (repeatable).
    #[arg(long = "skip", value_name = "ID")]
    skip: Vec<salve::config::RuleId>,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// List the rules with their default severity, and stop.
    #[arg(long)]
    list_rules: bool,
    /// Judge review freshness as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    today: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Runs the check; the exit code is 0 when clean, 1 when it found errors (or warnings, with
/// `--strict`).
pub fn run(args: Args) -> Result<u8, salve::Error> {
    if args.list_rules {
        for rule in salve::check::RULES {
            let severity = match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            println!("{:<16} {severity:<8} {}", rule.id, rule.summary);
        }
        return Ok(0);
    }
    let options = CheckOptions {
        root: args.root,
        drafts: args.drafts,
        future: args.future,
        external: args.external,
        only: args.rules,
        skip: args.skip,
        today: args.today,
    };
    let report = salve::check::check(&options)?;
    match args.format {
        Format::Text => print!(
            "{}",
            salve::check::format_text(&report, std::io::stdout().is_terminal())
        ),
        Format::Json => println!("{}", salve::check::format_json(&report)),
    }
    let failing =
        report.count(Severity::Error) > 0 || (args.strict && report.count(Severity::Warning) > 0);
    Ok(u8::from(failing))
}

/// A day as `--today` takes it, with a message that says what to write.
fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a date; write YYYY-MM-DD, like 2025-03-04"))
}
