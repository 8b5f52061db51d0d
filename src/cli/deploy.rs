//! `vinhdanh deploy`.

use std::process::ExitCode;

use vinhdanh::deploy::{self, Options, Report};

/// Builds the site and publishes it to the target; prints what was sent, and with `timings`
/// where the time went.
pub fn run(mut opts: Options, timings: bool) -> ExitCode {
    let target = match deploy::target(&opts.build.root, opts.target.as_deref()) {
        Ok(t) => t,
        Err(errors) => return super::fail(&errors, Some("Nothing was sent.")),
    };
    if opts.password.is_none() {
        opts.password = std::env::var("VINHDANH_DEPLOY_PASSWORD").ok();
    }
    // A dry run logs in too: it reads what the server holds.
    if opts.password.is_none() && target.needs_password() {
        opts.password = ask_password(&target);
    }
    let bar = indicatif::ProgressBar::hidden();
    let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if on_terminal {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "  sending {bar:30} {pos}/{len} files, {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    }
    let progress = |p: deploy::Progress| {
        bar.set_length(p.total as u64);
        bar.set_position(p.done as u64);
        bar.set_message(megabytes(p.bytes));
    };
    let result = deploy::deploy(&opts, &target, None, &progress);
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            print_report(&report, opts.dry_run);
            if timings {
                super::print_timings(&report.timings, vinhdanh::timings::peak_memory());
            }
            ExitCode::SUCCESS
        }
        Err(errors) => super::fail(
            &errors,
            Some("The site on the server is whole: what was sent is in place, nothing it needs was removed. Deploy again to finish."),
        ),
    }
}

fn ask_password(target: &vinhdanh::targets::Target) -> Option<String> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return None;
    }
    rpassword::prompt_password(format!(
        "Password for {}: ",
        deploy::describe(&target.place)
    ))
    .ok()
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn print_report(r: &Report, dry_run: bool) {
    let p = &r.plan;
    let sends = p.sends().count();
    if dry_run {
        println!("Dry run for {}: nothing was sent or deleted.", r.target);
        for (phase, files) in deploy::plan::PHASES.iter().zip(&p.send) {
            for f in files {
                println!("  send ({phase}) /{f}");
            }
        }
        for f in &p.delete {
            println!("  delete /{f}");
        }
        println!(
            "{sends} files would be sent, {} deleted; {} are unchanged.",
            p.delete.len(),
            p.unchanged
        );
        return;
    }
    if p.is_empty() {
        println!(
            "{} is up to date: nothing to send ({} files checked).",
            r.target, p.unchanged
        );
    } else {
        println!(
            "Published to {}: {sends} files sent ({}), {} deleted, {} unchanged, in {:.2} s (build {:.2} s).",
            r.target,
            megabytes(r.bytes),
            p.delete.len(),
            p.unchanged,
            r.seconds,
            r.build_seconds
        );
    }
    if r.listed {
        println!("  note: the server had no record of an earlier deploy, so every file was sent; the next deploy sends only what changed");
    }
    for w in &r.warnings {
        println!("  warning: {w}");
    }
}
