//! `D(n)` on a timely cluster: every process runs this example with the
//! same options, followed by timely's own (`-w` workers per process, `-n`
//! processes, `-p` this process, `-h` hostfile).
//!
//! ```text
//! # one process, 2 workers: D(4) into d4.tsv
//! cargo run --release --features cluster --example ctm_cluster -- --states 4 --cutoff 107 --out d4.tsv -w 2
//! # two processes on this machine (ports 2101 and 2102), resumable
//! cargo run --release --features cluster --example ctm_cluster -- --states 4 --cutoff 107 --out d4.tsv --checkpoint d4 -n 2 -p 0 &
//! cargo run --release --features cluster --example ctm_cluster -- --states 4 --cutoff 107 --out d4.tsv --checkpoint d4 -n 2 -p 1
//! # the D(5) plan: a random 0.1% of its shards at the literature's cutoff
//! cargo run --release --features cluster --example ctm_cluster -- --states 5 --cutoff 500 --sample 0.001 --seed 1 --out d5-sample.tsv -w 2
//! ```
//!
//! Process 0 writes the merged distribution to `--out` as TSV (a header,
//! then `output` and `runs`, runs counted over both blank tapes) and prints
//! a line each time another 5% of the shards is merged. With `--sample F`
//! it runs a random fraction `F` of the shards (the same on every process:
//! they draw them from `--seed`), writes their counts, and extrapolates
//! what the whole distribution costs. `--checkpoint PREFIX` keeps each
//! process's finished shards in `PREFIX.{p}-of-{n}`; after a crash, start
//! every process again with the same options and each resumes.

use std::io::Write;
use std::time::Duration;

use inductive::cluster::{self, Job, Progress};
use rand::SeedableRng;

struct Options {
    states: usize,
    cutoff: u64,
    out: String,
    checkpoint: Option<String>,
    sample: Option<f64>,
    seed: u64,
    connect_timeout: u64,
    timely: Vec<String>,
}

const USAGE: &str = "usage: ctm_cluster --states N --cutoff S --out FILE [--checkpoint PREFIX] [--sample FRACTION --seed N] [--connect-timeout SECONDS] [timely options: -w N -n N -p I -h HOSTFILE]";

fn parse() -> Result<Options, String> {
    let mut args = std::env::args();
    let mut timely = vec![args.next().unwrap_or_default()];
    let (mut states, mut cutoff, mut out) = (None, None, None);
    let mut options = Options {
        states: 0,
        cutoff: 0,
        out: String::new(),
        checkpoint: None,
        sample: None,
        seed: 0,
        connect_timeout: 60,
        timely: Vec::new(),
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{arg} {v}: {e}"));
        match arg.as_str() {
            "--states" => states = Some(number(value()?)? as usize),
            "--cutoff" => cutoff = Some(number(value()?)?),
            "--out" => out = Some(value()?),
            "--checkpoint" => options.checkpoint = Some(value()?),
            "--sample" => {
                let v = value()?;
                options.sample = Some(v.parse().map_err(|e| format!("--sample {v}: {e}"))?);
            }
            "--seed" => options.seed = number(value()?)?,
            "--connect-timeout" => options.connect_timeout = number(value()?)?,
            "--help" => return Err(USAGE.into()),
            _ => timely.push(arg),
        }
    }
    options.states = states.ok_or(format!("--states is missing\n{USAGE}"))?;
    options.cutoff = cutoff.ok_or(format!("--cutoff is missing\n{USAGE}"))?;
    options.out = out.ok_or(format!("--out is missing\n{USAGE}"))?;
    options.timely = timely;
    Ok(options)
}

/// Creates the output file, refusing a path that is not a regular file
/// (a FIFO would block until a reader came) and naming the path.
fn open_out(path: &str) -> Result<std::fs::File, String> {
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(format!("--out {path} is not a regular file"));
    }
    std::fs::File::create(path).map_err(|e| format!("cannot write --out {path}: {e}"))
}

fn main() {
    if let Err(error) = run() {
        eprintln!("ctm_cluster: {error}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let options = parse()?;
    let config = cluster::config_from_args(options.timely.clone())?;
    // Process 0 writes the result: open its file now, so that a path it
    // cannot write is found before the run, not after it.
    let writes_out = match &config.communication {
        timely::CommunicationConfig::Cluster { process, .. } => *process == 0,
        _ => true,
    };
    let out = if writes_out {
        Some(open_out(&options.out)?)
    } else {
        None
    };
    let mut job = Job::new(options.states, options.cutoff)?
        .connect_timeout(Duration::from_secs(options.connect_timeout))
        .progress(20, |p: &Progress| {
            println!(
                "shards {}/{} ({:.0}%) · {:.3e} machines · {:.1} s",
                p.finished,
                p.total,
                100.0 * p.finished as f64 / p.total as f64,
                p.machines as f64,
                p.elapsed.as_secs_f64()
            );
        });
    if let Some(fraction) = options.sample {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(options.seed);
        let ids = job.shards().sample(fraction, &mut rng)?;
        job = job.sample(ids)?;
    }
    if let Some(prefix) = &options.checkpoint {
        job = job.checkpoint(prefix);
    }
    let outcome = cluster::enumerate(config, &job)?;
    println!(
        "this process: {} shards computed, {} resumed from its checkpoint, {:.2} s computing, {:.2} s wall",
        outcome.computed,
        outcome.resumed,
        outcome.busy.as_secs_f64(),
        outcome.elapsed.as_secs_f64()
    );
    let (Some(merged), Some(file)) = (outcome.distribution, out) else {
        return Ok(());
    };
    let counts = merged.counts();
    let mut file = std::io::BufWriter::new(file);
    let written = writeln!(file, "output\truns")
        .and_then(|()| {
            counts
                .iter()
                .try_for_each(|(output, runs)| writeln!(file, "{output}\t{runs}"))
        })
        .and_then(|()| file.flush());
    written.map_err(|e| format!("cannot write --out {}: {e}", options.out))?;
    let plan = merged.plan().clone();
    println!(
        "D({}) with cutoff {}: {} of {} shards, {} machines, {} halting runs of {} (both blank tapes), {} outputs, most steps {}; written to {}",
        plan.states(),
        plan.max_steps(),
        merged.finished(),
        plan.count(),
        merged.machines(),
        merged.halting(),
        2 * merged.machines(),
        counts.len(),
        merged.most_steps(),
        options.out
    );
    if !merged.is_complete() {
        // Shards are drawn uniformly, so sums over the sample times
        // count / sampled estimate the whole distribution's sums.
        let busy = outcome.busy.as_secs_f64();
        let scale = plan.count() as f64 / merged.finished() as f64;
        let core_hours = busy * scale / 3600.0;
        let halting = merged.halting() as f64 * scale;
        println!(
            "sample: {:.3e} machines per second per core; all {} shards would take {core_hours:.2} core-hours on this machine's cores ({:.0} cores finish them in an hour); estimated halting runs {halting:.4e} of {:.4e} ({:.4})",
            merged.machines() as f64 / busy,
            plan.count(),
            core_hours.ceil(),
            2.0 * plan.machines() as f64,
            halting / (2.0 * plan.machines() as f64)
        );
    }
    Ok(())
}
