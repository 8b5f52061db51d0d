//! One module per command: each turns parsed arguments into a call of the library and
//! prints the outcome for the person at the terminal. Problems are always printed by
//! [`vinhdanh::diagnostics::report`].

pub mod build;
pub mod check;
pub mod deploy;
pub mod import;
pub mod init;
pub mod new;
pub mod serve;

use std::process::ExitCode;

use vinhdanh::diagnostics::{report, Diagnostic};

/// Prints `errors` with what they meant for the command, and fails.
fn fail(errors: &[Diagnostic], outcome: Option<&str>) -> ExitCode {
    eprint!("{}", report(errors, outcome));
    ExitCode::FAILURE
}

/// Where the time went, a step a line, with the memory held after each (`--timings`).
pub fn print_timings(steps: &[vinhdanh::timings::Step], peak: Option<u64>) {
    for step in steps {
        let mb = step
            .memory
            .map(|b| format!("{:>6} MB", b / 1_000_000))
            .unwrap_or_default();
        println!("  {:<32} {:>8.3} s {mb}", step.name, step.seconds);
    }
    if let Some(bytes) = peak {
        println!("  {:<32} {:>8} MB", "peak memory", bytes / 1_000_000);
    }
}
