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
