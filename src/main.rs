//! The `vinhdanh` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vinhdanh::build::{self, Options};

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let opts = Options {
                root,
                output,
                base_url,
                drafts,
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
    }
}
