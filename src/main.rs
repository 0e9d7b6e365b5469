//! The `salve` command: parses arguments and hands them to the library.

mod cmd;

fn main() -> std::process::ExitCode {
    cmd::run()
}
