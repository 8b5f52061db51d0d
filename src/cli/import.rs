//! `vinhdanh import`.

use std::path::Path;
use std::process::ExitCode;

use vinhdanh::scaffold::import::{self, Import};

/// Writes one Markdown profile per row of a spreadsheet, and says what it wrote.
pub fn run(root: &Path, what: &Import) -> ExitCode {
    match import::run(root, what) {
        Ok(files) => {
            let profiles = files
                .iter()
                .filter(|f| f.extension().is_some_and(|e| e == "md"));
            for f in profiles.clone() {
                println!("Wrote {}", root.join(f).display());
            }
            let photos = files.len() - profiles.clone().count();
            let n = profiles.count();
            println!(
                "{n} profile{} written{}. Write each story below its fields, then run `vinhdanh serve` to see them.",
                if n == 1 { "" } else { "s" },
                if photos > 0 { format!(", {photos} photos copied beside them") } else { String::new() }
            );
            let content = std::path::absolute(root.join("content")).unwrap_or_default();
            let file = std::path::absolute(&what.file).unwrap_or_default();
            if file.starts_with(&content) {
                println!(
                    "{} is still in content/: move it out of the site, or every profile will be there twice.",
                    what.file.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => super::fail(&errors, Some("Nothing was written.")),
    }
}
