//! `vinhdanh check`.

use std::process::ExitCode;

use vinhdanh::build::{self, Options};

/// Checks everything a build would and every internal link, writing nothing.
pub fn run(opts: &Options) -> ExitCode {
    match build::check(opts) {
        Ok(s) => {
            println!(
                "No problems: {} profiles, {} files would be written.",
                s.profiles, s.files
            );
            for note in &s.notes {
                println!("  note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => super::fail(&errors, None),
    }
}
