//! Times the search index of a site on its own (the site build includes it), for
//! `bench/search.sh`:
//!
//! ```sh
//! cargo run --release --example search_index -- /tmp/site10k
//! ```

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use vinhdanh::build::{self, Options};
use vinhdanh::search;

fn main() {
    let root = std::env::args()
        .nth(1)
        .expect("usage: search_index SITE_DIR");
    let opts = Options {
        root: root.into(),
        ..Options::default()
    };
    let (site, _, _, _) = build::prepare(&opts).unwrap_or_else(|e| {
        eprint!("{}", vinhdanh::diagnostics::report(&e, None));
        std::process::exit(1)
    });
    let start = Instant::now();
    let index = search::index(&site, &site.config.urls(), None);
    // Made as a build makes them, counted instead of written.
    let (files, bytes) = (AtomicUsize::new(0), AtomicUsize::new(0));
    index
        .write(vinhdanh::paths::SEARCH_INDEX, &|f| {
            files.fetch_add(1, Relaxed);
            bytes.fetch_add(f.bytes.len(), Relaxed);
            Ok(())
        })
        .expect("counting does not fail");
    let (files, bytes) = (files.into_inner(), bytes.into_inner());
    println!(
        "search index of {} profiles: {:.2} s, {} files, {} bytes ({} words, {} pairs)",
        site.profiles.len(),
        start.elapsed().as_secs_f64(),
        files,
        bytes,
        index.words.len(),
        index.pairs.len()
    );
}
