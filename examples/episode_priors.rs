//! Episode priors compared: Bayes over episodes (`Shared`) against a pooled
//! prior (`Pooled`), pre-training a circuit prior across episodes over
//! circuits whose leaves learn within each episode. (The flagship of
//! nested induction, with circuits over taps and a fingerprint, is
//! `mesa_induction`.)
//!
//! Each episode draws a hidden rule — the next bit is a fixed Boolean
//! function of the last 3 bits — and an episode-specific noise rate. The
//! outer learner (a circuit-prior mixture) sees 300 training episodes and
//! keeps its posterior across them (`CircuitMixture::end_episode`: Bayes
//! over episodes), while every circuit's learning leaves (a KT estimator
//! per output value) restart in each episode and learn that episode's
//! noise in context. On held-out episodes it is compared with KT, CTW, the
//! same mixture without pre-training, and a bounded Solomonoff mixture
//! (clamped to [0.001, 0.999]: alone it is sometimes certain and wrong), by
//! position in the episode.
//!
//! Two task families and two ways to pre-train show what the outer prior
//! can learn: with one rule shared by all episodes, Bayes over episodes
//! (`EpisodePrior::Shared`) finds it and the inner leaves only learn the
//! noise; with a rule that changes from episode to episode, Bayes over
//! episodes assumes one rule for all and collapses onto the single function
//! that fits them jointly, while the pooled prior (`EpisodePrior::Pooled`,
//! a Dirichlet-process average of the episodes' posteriors) learns the
//! family of rules.
//!
//! It writes the in-context regret curves (mean cumulative regret against
//! the true source, by position) to `target/plots/episode_priors_*.svg`,
//! and ends each family with the same comparison over 8 seeds (each seed
//! draws its own training and held-out episodes): the total held-out
//! regret of each pre-trained prior as a share of the fresh prior's, and
//! the same share of the regret after bit 16, with the smallest, median
//! and largest over the seeds.
//!
//! ```text
//! cargo run --release --example episode_priors
//! ```

use inductive::circuit::{Basis, CircuitMixture, Enumeration, EpisodePrior, FunctionPrior, Leaf};
use inductive::eval::{Evaluation, Table};
use inductive::prelude::*;
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::{CircuitSource, Sample, Source};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

#[path = "common/progress.rs"]
mod progress;

#[path = "common/plot.rs"]
mod plot;

const EPISODE: usize = 64;
const TRAIN: usize = 300;
const HELD_OUT: usize = 60;
/// Rules as truth tables over (x1, x2, x3), x1 the newest bit.
const SHARED: [(&str, u64); 1] = [("x1 ^ x3", 0b0101_1010)];
const CHANGING: [(&str, u64); 4] = [
    ("x1 ^ x3", 0b0101_1010),
    ("majority(x1, x2, x3)", 0b1110_1000),
    ("x2 & !x3", 0b0000_1100),
    ("!x1", 0b0101_0101),
];
const BUCKETS: [(usize, usize); 4] = [(0, 8), (8, 16), (16, 32), (32, 64)];
/// The seed of the detailed run, and the seeds of the summary.
const SEED: u64 = 11;
const SEEDS: std::ops::RangeInclusive<u64> = 1..=8;

/// Mean held-out regret of one contender: over the whole episode, and
/// after its first 16 bits.
#[derive(Clone, Copy, Debug)]
struct Regret {
    total: f64,
    after_16: f64,
}

fn episode(
    all: &Enumeration,
    rules: &[(&str, u64)],
    rng: &mut ChaCha8Rng,
) -> Result<Sample, Error> {
    let (_, table) = rules[rng.random_range(0..rules.len())];
    let eps = rng.random_range(0.02..0.2);
    let circuit = all
        .get(table)
        .expect("every 3-input function")
        .witness
        .clone();
    CircuitSource::new(circuit, eps)?.sample(EPISODE, rng)
}

fn main() -> Result<(), Error> {
    let all = Enumeration::smallest(3, &Basis::Full, 4)?;
    for (family, rules) in [
        ("one shared rule", &SHARED[..]),
        ("a rule per episode", &CHANGING[..]),
    ] {
        println!(
            "=== task family: {family} ({}), noise 0.02–0.2 per episode ===\n",
            rules.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        );
        let file = if rules.len() == 1 {
            "shared"
        } else {
            "changing"
        };
        run(&all, rules, file, SEED, true)?;
        summarise_seeds(&all, rules)?;
        println!();
    }
    Ok(())
}

/// Held-out regret of the pre-trained priors as a share of the fresh
/// prior's, over every seed of `SEEDS`: smallest, median, largest.
fn summarise_seeds(all: &Enumeration, rules: &[(&str, u64)]) -> Result<(), Error> {
    // Seeds are independent: one per thread (every predictor is Send).
    let bar = progress::bar(SEEDS.clone().count() as u64, "seeds");
    let runs: Vec<Vec<(String, Regret)>> = SEEDS
        .into_par_iter()
        .map(|seed| {
            let regrets = run(all, rules, "", seed, false);
            bar.inc(1);
            regrets
        })
        .collect::<Result<_, _>>()?;
    bar.finish_and_clear();
    let mut table = Table::new([
        "pre-trained prior",
        "total regret / fresh prior's (min, median, max)",
        "regret after bit 16 / fresh prior's",
    ]);
    let share = |name: &str, pick: fn(&Regret) -> f64| -> String {
        let mut ratios: Vec<f64> = runs
            .iter()
            .map(|run| {
                let of = |n: &str| run.iter().find(|(m, _)| m == n).map(|(_, r)| pick(r));
                of(name).unwrap_or(f64::NAN) / of("circuits, no pre-training").unwrap_or(f64::NAN)
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        let median = (ratios[(ratios.len() - 1) / 2] + ratios[ratios.len() / 2]) / 2.0;
        format!(
            "{:.2}, {median:.2}, {:.2}",
            ratios[0],
            ratios[ratios.len() - 1]
        )
    };
    for name in [
        "circuits, pre-trained (shared)",
        "circuits, pre-trained (pooled)",
    ] {
        table.push_row([
            name.to_string(),
            share(name, |r| r.total),
            share(name, |r| r.after_16),
        ]);
    }
    println!(
        "\nover seeds {}–{} ({HELD_OUT} held-out episodes each), regret as a share of the fresh prior's\n{table}",
        SEEDS.start(),
        SEEDS.end()
    );
    Ok(())
}

/// Pre-trains on `TRAIN` episodes drawn with `seed`, then evaluates every
/// contender on `HELD_OUT` fresh episodes; `verbose` prints the tables and
/// writes the plot.
fn run(
    all: &Enumeration,
    rules: &[(&str, u64)],
    file: &str,
    seed: u64,
    verbose: bool,
) -> Result<Vec<(String, Regret)>, Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let fresh = CircuitMixture::new(all, FunctionPrior::SmallestCircuit, Leaf::Learning)?;

    let mut shared = fresh.clone();
    let mut pooled = fresh
        .clone()
        .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })?;
    let mut curve = Table::new(["training episode", "shared: bits", "pooled: bits"]);
    for e in 0..TRAIN {
        let sample = episode(all, rules, &mut rng)?;
        let bits_shared = shared.observe(sample.bits());
        let bits_pooled = pooled.observe(sample.bits());
        shared.end_episode();
        pooled.end_episode();
        if [0, 9, 29, 99, 299].contains(&e) {
            curve.push_row([
                (e + 1).to_string(),
                format!("{bits_shared:.1}"),
                format!("{bits_pooled:.1}"),
            ]);
        }
    }
    if verbose {
        println!(
            "pre-training: code length of single training episodes ({EPISODE} bits each)\n{curve}"
        );
    }

    let machine = BrainPhoque::new(2, 8)?.start();
    type Make<'a> = Box<dyn Fn() -> Box<dyn Predictor> + 'a>;
    let contenders: Vec<(&str, Make)> = vec![
        ("KT", Box::new(|| Kt::new().boxed())),
        ("CTW(3)", Box::new(|| Ctw::new(3).expect("valid").boxed())),
        (
            "Solomonoff L=6 (clamped)",
            Box::new(|| {
                Solomonoff::new(machine.clone(), 6, 300, ProgramPrior::Length)
                    .expect("valid")
                    .clamp(1e-3)
                    .expect("valid")
                    .boxed()
            }),
        ),
        (
            "circuits, no pre-training",
            Box::new(|| fresh.clone().boxed()),
        ),
        (
            "circuits, pre-trained (shared)",
            Box::new(|| shared.clone().boxed()),
        ),
        (
            "circuits, pre-trained (pooled)",
            Box::new(|| pooled.clone().boxed()),
        ),
    ];
    let held_out: Vec<Sample> = (0..HELD_OUT)
        .map(|_| episode(all, rules, &mut rng))
        .collect::<Result<_, _>>()?;

    let mut curves: Vec<(String, Vec<f64>)> = Vec::new();
    let mut header = vec!["predictor".to_string(), "total bits".to_string()];
    header.extend(
        BUCKETS
            .iter()
            .map(|(a, b)| format!("regret {}-{}", a + 1, b)),
    );
    let mut table = Table::new(header);
    let mut regrets = Vec::with_capacity(contenders.len());
    for (name, make) in &contenders {
        let (mut total, mut regret) = (0.0, [0.0; BUCKETS.len()]);
        let (mut whole, mut late) = (0.0, 0.0);
        let mut mean_curve = vec![0.0; EPISODE];
        for sample in &held_out {
            let run = Evaluation::run(&mut *make(), sample.bits());
            let curve = run
                .regret_curve(&Evaluation::of_truth(sample))
                .expect("same bits");
            for (m, c) in mean_curve.iter_mut().zip(&curve) {
                *m += c / HELD_OUT as f64;
            }
            total += run.code_length();
            whole += curve[EPISODE - 1] / HELD_OUT as f64;
            late += (curve[EPISODE - 1] - curve[15]) / HELD_OUT as f64;
            for (i, &(a, b)) in BUCKETS.iter().enumerate() {
                let before = if a == 0 { 0.0 } else { curve[a - 1] };
                regret[i] += (curve[b - 1] - before) / (b - a) as f64;
            }
        }
        curves.push((name.to_string(), mean_curve));
        regrets.push((
            name.to_string(),
            Regret {
                total: whole,
                after_16: late,
            },
        ));
        let mut row = vec![name.to_string(), format!("{:.1}", total / HELD_OUT as f64)];
        row.extend(regret.iter().map(|r| format!("{:.3}", r / HELD_OUT as f64)));
        table.push_row(row);
    }
    if !verbose {
        return Ok(regrets);
    }
    println!(
        "\n{HELD_OUT} held-out episodes of {EPISODE} bits: mean code length, and mean regret per bit \
         against the true source by position in the episode\n{table}"
    );

    let path = plot::path(&format!("episode_priors_{file}.svg"));
    let title = format!("In-context regret on held-out episodes ({file} rule)");
    plot::write_regret_curves(&path, &title, "position in the episode (bits)", &curves);
    for (name, mixture) in [("shared", &shared), ("pooled", &pooled)] {
        // Under learning leaves f and !f are one predictor, so they come in
        // pairs of equal weight.
        println!("pre-trained prior ({name}), top circuits (f and !f pair up):");
        for h in mixture.explain(10) {
            println!("  {h}");
        }
    }
    Ok(regrets)
}
