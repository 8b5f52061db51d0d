//! `vinhdanh build`.

use std::process::ExitCode;

use vinhdanh::build::{self, Options};

/// Builds the site and says what it made; `timings` adds where the time went.
pub fn run(opts: &Options, timings: bool) -> ExitCode {
    let out = opts.output_dir();
    let s = match build::build(opts) {
        Ok(s) => s,
        Err(errors) => {
            let outcome = format!(
                "Nothing was written: the site in {} is unchanged.",
                out.display()
            );
            return super::fail(&errors, Some(&outcome));
        }
    };
    println!(
        "Built {} profiles ({} files, {} photos, {} processed) into {} in {:.2} s",
        s.profiles,
        s.files,
        s.photos,
        s.photos_processed,
        out.display(),
        s.seconds
    );
    for note in &s.notes {
        println!("  note: {note}");
    }
    if s.reused > 0 {
        println!(
            "  {} pages were unchanged and kept from the last build; {} files written",
            s.reused, s.written
        );
    }
    if timings {
        super::print_timings(&s.timings, s.peak_memory);
    }
    ExitCode::SUCCESS
}
