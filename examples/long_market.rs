//! A logical inductor on a long stream: the trader doc example's market
//! (KT and CTW(4) as traders, slope 10) on 10^6 pseudo-random bits,
//! reporting every 10^5 bits whether the market maker is still healthy,
//! the code length so far and the speed.
//!
//! Without the tolerance floor (see `inductive::market`'s module docs) the
//! market maker found no price on day 117,030 of seed 1 (best gain
//! 6.96326e-17 against a tolerance of 6.96309e-17) and the inductor
//! predicted ½ for ever after; with it, seeds 1–5 run 10^6 bits healthy.
//!
//! ```text
//! cargo run --release --example long_market              # 10^6 bits, seed 1
//! cargo run --release --example long_market -- 200000 7  # fewer bits, seed 7
//! ```

use std::time::Instant;

use inductive::eval::Table;
use inductive::market::{LogicalInductor, PredictorTrader};
use inductive::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "common/progress.rs"]
mod progress;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bits: usize = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |a| a.parse())?;
    let seed: u64 = std::env::args().nth(2).map_or(Ok(1), |a| a.parse())?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut inductor = LogicalInductor::new(vec![
        Box::new(PredictorTrader::new(Kt::new(), 10.0)?),
        Box::new(PredictorTrader::new(Ctw::new(4)?, 10.0)?),
    ])?;
    let mut table = Table::new(["bits", "status", "bits/bit so far", "seconds"]);
    let start = Instant::now();
    let mut code = 0.0;
    let every = (bits / 10).max(1);
    let bar = progress::bar(bits as u64, "bits");
    for t in 1..=bits {
        if t % 1024 == 0 {
            bar.inc(1024);
        }
        code += inductor.observe_bit(rng.random::<bool>());
        if t % every == 0 || t == bits {
            let status = match inductor.status() {
                Status::Healthy => "healthy".to_string(),
                other => format!("{other:?}"),
            };
            table.push_row([
                t.to_string(),
                status,
                format!("{:.6}", code / t as f64),
                format!("{:.1}", start.elapsed().as_secs_f64()),
            ]);
            eprintln!("{t} bits, {:.1} s", start.elapsed().as_secs_f64());
        }
    }
    println!(
        "A logical inductor (KT and CTW(4) as traders) on {bits} pseudo-random bits (seed {seed})\n{table}"
    );
    println!(
        "firm's total best-case gain {:.3e} (bound {:.3e}); {} strategy evaluations",
        inductor.market().firm_gain(),
        inductor.market().gain_bound(inductor.market().day()),
        inductor.market().evaluations()
    );
    Ok(())
}
