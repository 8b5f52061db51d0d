//! The `vinhdanh` command line.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use vinhdanh::build::{self, Options};
use vinhdanh::config::Kind;
use vinhdanh::diagnostics::Diagnostic;
use vinhdanh::scaffold;
use vinhdanh::serve::{self, ServeOptions};

// Rendering allocates many small strings on every core; glibc's allocator spent a quarter of
// a large build in malloc and free (perf), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vinhdanh",
    version,
    about = "Build a fast, searchable honour-roll website from Markdown and YAML profiles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build {
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url of site.yaml, e.g. https://example.vn/vinh-danh/
        #[arg(long)]
        base_url: Option<String>,
        /// Include profiles and pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Print where the time went (load, validate, photos, render, search, write) and peak memory
        #[arg(long)]
        timings: bool,
        /// Make a site that also works opened straight from a folder or USB stick (file://)
        #[arg(long)]
        portable: bool,
    },
    /// Check every file of the site and report all problems, writing nothing
    Check {
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include profiles and pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Build into a temporary folder, serve it, rebuild and reload the browser on every change
    Serve {
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; 0.0.0.0 shows the preview to other computers too
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Include profiles and pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new profile with every field explained, ready to fill in
    New {
        /// What to write: a person (citizen) or a collective
        kind: NewKind,
        /// The full name, with diacritics, in quotes: "Nguyễn Văn Đức"
        name: String,
        /// The year honoured (a person's folder; default: this year)
        #[arg(long)]
        year: Option<i64>,
        /// The section folder under content/ (default: the first one of that kind)
        #[arg(long)]
        section: Option<String>,
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new site in DIR, with sample profiles and the built-in theme
    Init {
        /// A new or empty folder
        dir: PathBuf,
    },
}

/// The kinds of profile `vinhdanh new` writes.
#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    /// An outstanding citizen
    Person,
    /// An exemplary collective
    Collective,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            portable,
        } => {
            let opts = Options {
                root,
                output,
                base_url,
                drafts,
                portable,
                previous: None,
            };
            let out = opts.output_dir();
            match build::build(&opts) {
                Ok(s) => {
                    println!(
                        "Built {} profiles ({} files, {} photos, {} processed) into {} in {:.2} s",
                        s.profiles,
                        s.files,
                        s.photos,
                        s.photos_processed,
                        out.display(),
                        s.seconds
                    );
                    if s.reused > 0 {
                        println!(
                            "  {} pages were unchanged and kept from the last build",
                            s.reused
                        );
                    }
                    if timings {
                        for step in &s.timings {
                            let mb = step
                                .memory
                                .map(|b| format!("{:>6} MB", b / 1_000_000))
                                .unwrap_or_default();
                            println!("  {:<32} {:>8.3} s {mb}", step.name, step.seconds);
                        }
                        if let Some(bytes) = s.peak_memory {
                            println!("  {:<32} {:>8} MB", "peak memory", bytes / 1_000_000);
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprint!("{}", build::report(&errors, &out, true));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, drafts } => {
            let opts = Options {
                root,
                drafts,
                ..Options::default()
            };
            match build::check(&opts) {
                Ok(s) => {
                    println!(
                        "No problems: {} profiles, {} files would be written.",
                        s.profiles, s.files
                    );
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprint!("{}", build::report(&errors, &opts.output_dir(), false));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => match serve::run(&ServeOptions {
            root,
            bind,
            port,
            drafts,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::New {
            kind,
            name,
            year,
            section,
            root,
        } => {
            let kind = match kind {
                NewKind::Person => Kind::Person,
                NewKind::Collective => Kind::Collective,
            };
            let new = scaffold::profile::NewProfile {
                kind,
                name,
                year,
                section,
            };
            match scaffold::profile::create(&root, &new) {
                Ok(rel) => {
                    println!(
                        "Wrote {}: fill in the fields (remove `# ` in front of those you use), add a photo beside it, then run `vinhdanh serve` to see it.",
                        root.join(rel).display()
                    );
                    ExitCode::SUCCESS
                }
                Err(errors) => fail(&errors),
            }
        }
        Command::Init { dir } => match scaffold::init::create(&dir) {
            Ok(files) => {
                println!(
                    "Created a new site in {} ({} files, with sample profiles and the default theme in themes/default/).\nNext: cd {} && vinhdanh serve",
                    dir.display(),
                    files.len(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(&[e]),
        },
    }
}

/// Prints problems that stopped a command which writes one thing.
fn fail(errors: &[Diagnostic]) -> ExitCode {
    for e in errors {
        eprintln!("error: {e}");
    }
    ExitCode::FAILURE
}
