//! Where a build's time and memory go, step by step, for `--timings`.

use std::time::Instant;

/// One step of a build, for `--timings`.
#[derive(Debug, Clone)]
pub struct Step {
    /// What it did.
    pub name: &'static str,
    /// How long it took.
    pub seconds: f64,
    /// Resident memory in bytes when it ended, where the system tells it: which step holds
    /// the memory, next to the peak.
    pub memory: Option<u64>,
}

/// Where a build's time went, step by step, for `--timings`.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Steps in order.
    pub steps: Vec<Step>,
    last: Option<Instant>,
}

impl Timings {
    /// Ends the current step, naming it.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let since = self.last.unwrap_or(now);
        self.steps.push(Step {
            name,
            seconds: (now - since).as_secs_f64(),
            memory: memory("VmRSS:"),
        });
        self.last = Some(now);
    }

    /// Starts the clock of the first step.
    pub fn start(&mut self) {
        self.last = Some(Instant::now());
    }
}

/// The process's peak resident memory in bytes, where the system tells it (Linux).
pub fn peak_memory() -> Option<u64> {
    memory("VmHWM:")
}

/// A memory figure of this process from `/proc/self/status`, in bytes.
fn memory(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
