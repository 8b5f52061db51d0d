//! Progress on a terminal for the steps that take more than a moment on a large site
//! (reading content, rendering pages, the search index, photos), so a 100,000-profile build
//! does not run in silence. Nothing is drawn when the output is not a terminal (CI, a pipe,
//! a log file), and small sites finish before a bar would mean anything.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this many items a step is over in a blink: no bar.
const WORTH_A_BAR: usize = 2_000;

/// One step's bar; a no-op when hidden.
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar for `total` items of the step `what` ("pages"), on standard error when it is a
    /// terminal.
    pub fn new(what: &str, total: usize) -> Progress {
        Progress::with_min(what, total, WORTH_A_BAR)
    }

    /// Like [`Progress::new`], for steps whose every item is slow (photos): shown from
    /// `min` items.
    pub fn with_min(what: &str, total: usize, min: usize) -> Progress {
        if total < min {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{{spinner}} {what} {{pos}}/{{len}} [{{bar:30}}] ETA {{eta}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Progress(bar)
    }

    /// A spinner for a step whose size is not known in advance.
    pub fn spinner(what: &str, worth_it: bool) -> Progress {
        if !worth_it {
            return Progress(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(&format!("{{spinner}} {what}… {{elapsed}}"))
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(bar)
    }

    /// One more item done (from any thread).
    pub fn inc(&self) {
        self.0.inc(1);
    }

    /// The step is over: the bar goes, leaving the terminal as it was.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
