//! The `vinhdanh` command line: the arguments are parsed here, and each command is run by
//! its module in `cli/`.

mod cli;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use vinhdanh::build::Options;
use vinhdanh::config::Kind;
use vinhdanh::scaffold::import::Import;
use vinhdanh::scaffold::profile::NewProfile;
use vinhdanh::serve::ServeOptions;

// Rendering allocates many small strings on every core; glibc's allocator spent a quarter of
// a large build in malloc and free (perf), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Has the allocator give freed memory back to the system after 1 ms instead of a second (ten
/// for its arenas: mimalloc 3's defaults). A build frees about as much as it keeps (the parse trees of 10,000 files,
/// rendered pages once written), and what was freed was still counted for a long while: a
/// 10,000-profile build peaked at 134–140 MB instead of 191–199 MB, in the same time within
/// the noise (3 alternating runs each, docs/benchmarks.md).
fn release_memory_sooner() {
    // `mi_option_purge_delay` in mimalloc.h (2.x and 3.x); the bindings name no constant
    // for it. Changed only when it holds a documented default (1000 ms in 3.x, 10 in 2.x),
    // so that another library version cannot have some other option set by mistake.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: reading and setting an allocator option is safe at any time (mimalloc's
    // options are plain integers read on use).
    unsafe {
        if matches!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 10 | 1000) {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 1);
        }
    }
}

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
        /// Turn on the editor (/_edit/) although --bind is not a loopback address; it
        /// then prints a secret link to open it with
        #[arg(long)]
        edit: bool,
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
    /// Turn a spreadsheet's rows into Markdown profiles, one file per row, to write long stories
    Import {
        /// The spreadsheet (.xlsx, .xls, .ods or .csv), anywhere
        file: PathBuf,
        /// The section folder under content/ (default: the one the file is in, or the first of people)
        #[arg(long)]
        section: Option<String>,
        /// The year of rows that give none (default: the year in the file's name)
        #[arg(long)]
        year: Option<i64>,
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site, then publish it to a server or folder named in site.yaml, sending only what changed
    Deploy {
        /// The site folder (the one with site.yaml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The target's name in site.yaml (default: the first)
        #[arg(long)]
        target: Option<String>,
        /// Where to build the site before sending it
        #[arg(long)]
        output: Option<PathBuf>,
        /// List what would be sent and deleted; change nothing on the server
        #[arg(long)]
        dry_run: bool,
        /// Refuse to delete more files than this from the server
        #[arg(long, default_value_t = vinhdanh::deploy::MAX_DELETES)]
        max_deletes: usize,
        /// Also print how long each step of the build and of the sending took
        #[arg(long)]
        timings: bool,
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
    release_memory_sooner();
    match Cli::parse().command {
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
            };
            cli::build::run(&opts, timings)
        }
        Command::Check { root, drafts } => cli::check::run(&Options {
            root,
            drafts,
            ..Options::default()
        }),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            edit,
        } => cli::serve::run(&ServeOptions {
            root,
            bind,
            port,
            drafts,
            edit,
        }),
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
            let new = NewProfile {
                kind,
                name,
                year,
                section,
            };
            cli::new::run(&root, &new)
        }
        Command::Import {
            file,
            section,
            year,
            root,
        } => cli::import::run(
            &root,
            &Import {
                file,
                section,
                year,
            },
        ),
        Command::Init { dir } => cli::init::run(&dir),
        Command::Deploy {
            root,
            target,
            output,
            dry_run,
            max_deletes,
            timings,
        } => cli::deploy::run(
            vinhdanh::deploy::Options {
                build: Options {
                    root,
                    output,
                    ..Options::default()
                },
                target,
                dry_run,
                max_deletes,
                password: None,
            },
            timings,
        ),
    }
}
