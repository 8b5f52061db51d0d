//! `vinhdanh new`.

use std::path::Path;
use std::process::ExitCode;

use vinhdanh::scaffold::profile::{self, NewProfile};

/// Writes a new profile with every field explained.
pub fn run(root: &Path, new: &NewProfile) -> ExitCode {
    match profile::create(root, new) {
        Ok(rel) => {
            println!(
                "Wrote {}: fill in the fields (remove `# ` in front of those you use), add a photo beside it, then run `vinhdanh serve` to see it.",
                root.join(rel).display()
            );
            ExitCode::SUCCESS
        }
        Err(errors) => super::fail(&errors, Some("Nothing was written.")),
    }
}
