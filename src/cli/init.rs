//! `vinhdanh init`.

use std::path::Path;
use std::process::ExitCode;

use vinhdanh::scaffold::init;

/// Starts a new site in `dir`.
pub fn run(dir: &Path) -> ExitCode {
    match init::create(dir) {
        Ok(files) => {
            println!(
                "Created a new site in {} ({} files, with sample profiles and the default theme in themes/default/).\nNext: cd {} && vinhdanh serve",
                dir.display(),
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&[e], Some("Nothing was written.")),
    }
}
