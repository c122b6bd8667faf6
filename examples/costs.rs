//! Costs that grow with use, measured: the logical inductor's memory per
//! day, `Factored` at its widest period, and a pooled `Kt`'s time per bit
//! as its distinct past episodes grow. The figures in the docs of
//! `LogicalInductor`, `Factored` and `EpisodePrior::Pooled` come from here.
//!
//! ```text
//! cargo run --release --example costs
//! ```
//!
//! Memory is read from `/proc/self/statm` (Linux): the growth of the
//! resident set over a run, so allocator slack is included.

use std::time::Instant;

use inductive::adapters::Factored;
use inductive::market::{LogicalInductor, PredictorTrader};
use inductive::prelude::*;
use rand::{RngExt, SeedableRng};

/// Resident memory in KiB, where the platform says (Linux).
fn resident_kib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

fn main() {
    // The logical inductor: two predictor traders, one day per bit.
    let mut inductor = LogicalInductor::new(vec![
        Box::new(PredictorTrader::new(Kt::new(), 10.0).expect("valid trader")),
        Box::new(
            PredictorTrader::new(Ctw::new(2).expect("valid depth"), 10.0).expect("valid trader"),
        ),
    ])
    .expect("valid inductor");
    let before = resident_kib();
    let start = Instant::now();
    let days = 200_000u64;
    for t in 0..days {
        inductor.update(t % 3 == 0);
    }
    match (before, resident_kib()) {
        (Some(a), Some(b)) => println!(
            "LogicalInductor: {days} days, {:.0} bytes a day of resident memory, {:.1} µs a day",
            (b.saturating_sub(a) * 1024) as f64 / days as f64,
            start.elapsed().as_secs_f64() * 1e6 / days as f64
        ),
        _ => println!("LogicalInductor: resident memory unreadable on this platform"),
    }

    // Factored at its widest period: every bit costs O(1) bookkeeping.
    let period = 1 << 16;
    let mut factored = Factored::new(period, |_| Kt::new()).expect("valid period");
    let bits = 4 * period;
    let start = Instant::now();
    for t in 0..bits {
        factored.update(t % 7 < 3);
    }
    println!(
        "Factored, period {period}: {:.0} bits/s over {bits} bits",
        bits as f64 / start.elapsed().as_secs_f64()
    );

    // A pooled Kt (Newton's estimator): one component per distinct past
    // count, so the time per bit grows with them.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut pooled = Kt::new()
        .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })
        .expect("valid concentration");
    let mut episodes = 0;
    for target in [10, 100, 1_000, 10_000] {
        while episodes < target {
            let bias: f64 = rng.random();
            for _ in 0..64 {
                pooled.update(rng.random::<f64>() < bias);
            }
            pooled.end_episode();
            episodes += 1;
        }
        let probe = pooled.clone();
        let start = Instant::now();
        let mut p = probe;
        for t in 0..64 {
            p.update(t % 2 == 0);
        }
        println!(
            "Kt pooled after {episodes} episodes of 64 random-bias bits: {:.2} µs a bit",
            start.elapsed().as_secs_f64() * 1e6 / 64.0
        );
    }
}
