//! `vinhdanh serve`.

use std::process::ExitCode;

use vinhdanh::serve::{self, ServeOptions};

/// Serves the site until Ctrl-C; the server prints its own progress.
pub fn run(opts: &ServeOptions) -> ExitCode {
    match serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
