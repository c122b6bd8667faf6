//! Induction inside induction: pre-training a circuit prior over circuits
//! that can learn in context, and measuring the inductive bias it acquired.
//!
//! **The task family.** Every episode draws a fresh deterministic order-2
//! rule, `next = f(x1, x2)` for one of the 16 Boolean functions of the last
//! two bits (uniformly), and runs it for 64 bits from the zero past, each
//! bit flipped with probability 0.05. No fixed rule fits the family; what
//! fits it is a learner that finds each episode's rule in context.
//!
//! **The learner.** A circuit mixture over every function of four taps on
//! the episode, `x1` (the last bit), `x2` (the one before), `ind2` (the bit
//! that followed the last earlier occurrence of the current two bits: an
//! induction head, Olsson et al. 2022) and `seen2` (whether there was one),
//! under the circuit-size prior, with a noisy leaf (ε = 0.05). Its prior is
//! pooled across 200 training episodes (`EpisodePrior::Pooled`: a
//! Dirichlet-process average of the episodes' posteriors).
//!
//! **What it prints.**
//! 1. The top circuits of the pre-trained prior: the induction circuits
//!    win over every fixed rule.
//! 2. In-context regret on 60 held-out episodes against KT, CTW(2), the
//!    order-2 Bayes predictor, the fresh circuit prior and the family's
//!    exact Bayes predictor (a uniform mixture of the 16 rules with the
//!    true noise), by position in the episode.
//! 3. The fingerprint of the pre-trained prior: its KL divergence, by
//!    position, from each reference of a panel (KT, CTW(2), order-2 Bayes,
//!    Solomonoff L = 6, the fresh circuit prior, exact Bayes) on 40 probe
//!    episodes, and the nearest reference.
//! 4. The same measurements over 8 seeds (each draws its own training,
//!    held-out and probe episodes), run in parallel: smallest, median and
//!    largest.
//!
//! It writes the regret curves and the fingerprint to
//! `target/plots/mesa_induction_*.svg`.
//!
//! ```text
//! cargo run --release --example mesa_induction
//! ```

use inductive::baseline::MarkovKt;
use inductive::circuit::{
    Basis, CircuitMixture, Enumeration, EpisodePrior, FunctionPrior, Leaf, Tap,
};
use inductive::eval::{Evaluation, Table};
use inductive::fingerprint::{Fingerprint, Panel, fingerprint};
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
const TRAIN: usize = 200;
const HELD_OUT: usize = 60;
const PROBES: usize = 40;
const NOISE: f64 = 0.05;
const TAPS: [Tap; 4] = [Tap::Lag(1), Tap::Lag(2), Tap::Induction(2), Tap::Seen(2)];
const BUCKETS: [(usize, usize); 4] = [(0, 8), (8, 16), (16, 32), (32, 64)];
/// The seed of the detailed run, and the seeds of the summary.
const SEED: u64 = 1;
const SEEDS: std::ops::RangeInclusive<u64> = 1..=8;

/// The enumerations every run shares.
struct Functions {
    /// The 16 functions of the last two bits: the family's rules.
    rules: Enumeration,
    /// The 65,536 functions of the four taps.
    taps: Enumeration,
}

/// One episode of the family: a uniformly drawn rule, 5% noise.
fn episode(functions: &Functions, rng: &mut ChaCha8Rng) -> Result<Sample, Error> {
    let table = rng.random_range(0..16u64);
    let rule = functions
        .rules
        .get(table)
        .expect("all 16 rules")
        .witness
        .clone();
    CircuitSource::new(rule, NOISE)?.sample(EPISODE, rng)
}

/// What one seed measured.
#[derive(Debug, Clone)]
struct Measured {
    /// Mean held-out regret per episode (bits), whole and after bit 16.
    regret: Vec<(String, f64, f64)>,
    print: Fingerprint,
    /// The fingerprint of the prior pre-trained as Bayes over episodes.
    shared_print: Fingerprint,
    /// The fresh prior's distance from exact Bayes, per bit.
    fresh_from_exact: f64,
    /// Prior mass of the 16 fixed rules (functions of `x1`, `x2` alone):
    /// fresh, pooled, shared.
    rule_mass: [f64; 3],
    /// Prior mass of the functions that read `ind2`: fresh, pooled,
    /// shared.
    induction_mass: [f64; 3],
    /// The shared prior's top circuit and its weight.
    shared_top: (String, f64),
}

/// Prior mass of the functions that read `ind2` (tap 2).
fn induction_mass(mixture: &CircuitMixture) -> f64 {
    let reads_ind2 = |table: u64| (0..16).any(|c| (table >> c) & 1 != (table >> (c ^ 4)) & 1);
    mixture
        .tables()
        .iter()
        .zip(mixture.log_prior())
        .filter(|&(&t, _)| reads_ind2(t))
        .map(|(_, lp)| lp.exp())
        .sum()
}

/// Prior mass of the functions that read neither `ind2` nor `seen2` (taps
/// 2 and 3): the 16 fixed order-2 rules.
fn rule_mass(mixture: &CircuitMixture) -> f64 {
    let reads_only_lags = |table: u64| (0..16).all(|c| (table >> c) & 1 == (table >> (c & 3)) & 1);
    mixture
        .tables()
        .iter()
        .zip(mixture.log_prior())
        .filter(|&(&t, _)| reads_only_lags(t))
        .map(|(_, lp)| lp.exp())
        .sum()
}

fn main() -> Result<(), Error> {
    let functions = Functions {
        rules: Enumeration::smallest(2, &Basis::Full, 2)?,
        taps: Enumeration::smallest(4, &Basis::Full, 7)?,
    };
    let started = std::time::Instant::now();
    let detailed = run(&functions, SEED, true)?;
    // Seeds are independent: one per thread (every predictor is Send).
    let bar = progress::bar(SEEDS.end() - SEEDS.start(), "seeds");
    let mut runs: Vec<Measured> = SEEDS
        .into_par_iter()
        .filter(|&s| s != SEED)
        .map(|seed| {
            let measured = run(&functions, seed, false);
            bar.inc(1);
            measured
        })
        .collect::<Result<_, _>>()?;
    bar.finish_and_clear();
    runs.insert(0, detailed);
    summarise(&runs);
    println!("\n({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// Smallest, median and largest of some values, as text.
fn spread(mut values: Vec<f64>, digits: usize) -> String {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = (values[(n - 1) / 2] + values[n / 2]) / 2.0;
    format!(
        "{:.digits$}, {median:.digits$}, {:.digits$}",
        values[0],
        values[n - 1]
    )
}

fn summarise(runs: &[Measured]) {
    let mut table = Table::new(["measurement (per seed)", "min, median, max"]);
    let regret_of = |run: &Measured, name: &str| {
        run.regret
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|&(_, whole, late)| (whole, late))
            .expect("every contender is measured")
    };
    let fresh = "circuits over taps, fresh prior";
    let trained = "circuits over taps, pre-trained (pooled)";
    let exact = "exact Bayes (the family)";
    let share = |pick: fn((f64, f64)) -> f64, of: &str| -> Vec<f64> {
        runs.iter()
            .map(|r| pick(regret_of(r, of)) / pick(regret_of(r, fresh)))
            .collect()
    };
    table.push_row([
        "held-out regret, pre-trained / fresh prior".to_string(),
        spread(share(|r| r.0, trained), 2),
    ]);
    table.push_row([
        "regret after bit 16, pre-trained / fresh prior".to_string(),
        spread(share(|r| r.1, trained), 2),
    ]);
    table.push_row([
        "held-out regret, pre-trained (bits/episode)".to_string(),
        spread(runs.iter().map(|r| regret_of(r, trained).0).collect(), 2),
    ]);
    table.push_row([
        "held-out regret, exact Bayes (bits/episode)".to_string(),
        spread(runs.iter().map(|r| regret_of(r, exact).0).collect(), 2),
    ]);
    table.push_row([
        "held-out regret, fresh prior (bits/episode)".to_string(),
        spread(runs.iter().map(|r| regret_of(r, fresh).0).collect(), 2),
    ]);
    let kl = |run: &Measured, name: &str| {
        let r = run
            .print
            .names()
            .iter()
            .position(|n| n == name)
            .expect("in the panel");
        run.print.overall()[r]
    };
    table.push_row([
        "KL(pre-trained ‖ exact Bayes), bits/bit".to_string(),
        spread(runs.iter().map(|r| kl(r, "exact Bayes")).collect(), 4),
    ]);
    table.push_row([
        "KL(fresh prior ‖ exact Bayes), bits/bit".to_string(),
        spread(runs.iter().map(|r| r.fresh_from_exact).collect(), 4),
    ]);
    table.push_row([
        "KL(pre-trained ‖ fresh prior), bits/bit".to_string(),
        spread(
            runs.iter().map(|r| kl(r, "fresh circuit prior")).collect(),
            4,
        ),
    ]);
    let count = |pick: &dyn Fn(&Measured) -> bool| runs.iter().filter(|r| pick(r)).count();
    table.push_row([
        "pre-trained (pooled): nearest reference is exact Bayes".to_string(),
        format!(
            "{} of {} seeds",
            count(&|r| r.print.nearest().0 == "exact Bayes"),
            runs.len()
        ),
    ]);
    for (i, name) in ["fresh", "pooled", "shared"].iter().enumerate() {
        table.push_row([
            format!("prior mass of the 16 fixed rules ({name})"),
            spread(runs.iter().map(|r| r.rule_mass[i]).collect(), 3),
        ]);
    }
    for (i, name) in ["fresh", "pooled", "shared"].iter().enumerate() {
        table.push_row([
            format!("prior mass of the circuits that read ind2 ({name})"),
            spread(runs.iter().map(|r| r.induction_mass[i]).collect(), 3),
        ]);
    }
    let mut tops: Vec<String> = runs
        .iter()
        .map(|r| format!("{} ({:.2})", r.shared_top.0, r.shared_top.1))
        .collect();
    tops.sort();
    println!(
        "top circuit of the shared prior, per seed: {}",
        tops.join("; ")
    );
    table.push_row([
        "held-out regret, pre-trained shared (bits/episode)".to_string(),
        spread(
            runs.iter()
                .map(|r| regret_of(r, "circuits over taps, pre-trained (shared)").0)
                .collect(),
            2,
        ),
    ]);
    let nearest_shared: Vec<String> = runs
        .iter()
        .map(|r| r.shared_print.nearest().0.to_string())
        .collect();
    let mut names = nearest_shared.clone();
    names.sort();
    names.dedup();
    let tally: Vec<String> = names
        .iter()
        .map(|n| format!("{n} ×{}", nearest_shared.iter().filter(|m| *m == n).count()))
        .collect();
    table.push_row([
        "pre-trained (shared): nearest reference".to_string(),
        tally.join(", "),
    ]);
    println!(
        "\n=== over seeds {}–{} ({TRAIN} training, {HELD_OUT} held-out and {PROBES} probe episodes each) ===\n{table}",
        SEEDS.start(),
        SEEDS.end()
    );
}

/// Pre-trains with `seed`, then measures regret and the fingerprint;
/// `verbose` prints the tables and writes the plots.
fn run(functions: &Functions, seed: u64, verbose: bool) -> Result<Measured, Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let fresh = CircuitMixture::new(
        &functions.taps,
        FunctionPrior::SmallestCircuit,
        Leaf::Noisy(NOISE),
    )?
    .with_taps(&TAPS)?;
    let exact = CircuitMixture::new(&functions.rules, FunctionPrior::Uniform, Leaf::Noisy(NOISE))?;
    let mut pooled = fresh
        .clone()
        .with_episode_prior(EpisodePrior::Pooled { concentration: 1.0 })?;
    let mut shared = fresh.clone().with_episode_prior(EpisodePrior::Shared)?;
    let mut curve = Table::new(["training episode", "pooled: bits", "shared: bits"]);
    for e in 0..TRAIN {
        let sample = episode(functions, &mut rng)?;
        let bits_pooled = pooled.observe(sample.bits());
        let bits_shared = shared.observe(sample.bits());
        pooled.end_episode();
        shared.end_episode();
        if [0, 9, 49, 99, 199].contains(&e) {
            curve.push_row([
                (e + 1).to_string(),
                format!("{bits_pooled:.1}"),
                format!("{bits_shared:.1}"),
            ]);
        }
    }
    if verbose {
        println!(
            "=== task family: a fresh order-2 rule per episode, {EPISODE} bits, noise {NOISE} ===\n\n\
             pooled pre-training of the circuit prior over taps {} (one episode each)\n{curve}",
            TAPS.map(|t| t.to_string()).join(", ")
        );
        for (name, mixture) in [("pooled", &pooled), ("shared", &shared)] {
            println!(
                "\ntop circuits of the pre-trained prior ({name}), the prior in force for the next episode:"
            );
            for h in mixture.explain(6) {
                println!("  {h}");
            }
        }
    }

    // In-context regret on held-out episodes.
    type Make<'a> = Box<dyn Fn() -> Box<dyn Predictor> + 'a>;
    let contenders: Vec<(&str, Make)> = vec![
        ("KT", Box::new(|| Kt::new().boxed())),
        ("CTW(2)", Box::new(|| Ctw::new(2).expect("valid").boxed())),
        (
            "order-2 Bayes",
            Box::new(|| MarkovKt::new(2).expect("valid").boxed()),
        ),
        (
            "circuits over taps, fresh prior",
            Box::new(|| fresh.clone().boxed()),
        ),
        (
            "circuits over taps, pre-trained (pooled)",
            Box::new(|| pooled.clone().boxed()),
        ),
        (
            "circuits over taps, pre-trained (shared)",
            Box::new(|| shared.clone().boxed()),
        ),
        (
            "exact Bayes (the family)",
            Box::new(|| exact.clone().boxed()),
        ),
    ];
    let held_out: Vec<Sample> = (0..HELD_OUT)
        .map(|_| episode(functions, &mut rng))
        .collect::<Result<_, _>>()?;
    let mut header = vec![
        "predictor".to_string(),
        "bits/episode".to_string(),
        "regret/episode".to_string(),
    ];
    header.extend(
        BUCKETS
            .iter()
            .map(|(a, b)| format!("regret/bit {}–{}", a + 1, b)),
    );
    let mut table = Table::new(header);
    let mut regret = Vec::new();
    let mut curves = Vec::new();
    for (name, make) in &contenders {
        let (mut bits, mut whole, mut late) = (0.0, 0.0, 0.0);
        let mut buckets = [0.0; BUCKETS.len()];
        let mut mean_curve = vec![0.0; EPISODE];
        for sample in &held_out {
            let run = Evaluation::run(&mut *make(), sample.bits());
            let curve = run.regret_curve(&Evaluation::of_truth(sample))?;
            bits += run.code_length() / HELD_OUT as f64;
            whole += curve[EPISODE - 1] / HELD_OUT as f64;
            late += (curve[EPISODE - 1] - curve[15]) / HELD_OUT as f64;
            for (m, c) in mean_curve.iter_mut().zip(&curve) {
                *m += c / HELD_OUT as f64;
            }
            for (i, &(a, b)) in BUCKETS.iter().enumerate() {
                let before = if a == 0 { 0.0 } else { curve[a - 1] };
                buckets[i] += (curve[b - 1] - before) / ((b - a) * HELD_OUT) as f64;
            }
        }
        let mut row = vec![
            name.to_string(),
            format!("{bits:.1}"),
            format!("{whole:.2}"),
        ];
        row.extend(buckets.iter().map(|r| format!("{r:.3}")));
        table.push_row(row);
        regret.push((name.to_string(), whole, late));
        curves.push((name.to_string(), mean_curve));
    }

    // The fingerprint of the pre-trained prior, and of the fresh one.
    let machine = BrainPhoque::new(2, 8)?.start();
    let panel = Panel::new()
        .with("KT", Kt::new)
        .with("CTW(2)", || Ctw::new(2).expect("valid"))
        .with("order-2 Bayes", || MarkovKt::new(2).expect("valid"))
        .with("Solomonoff L=6 (clamped)", || {
            Solomonoff::new(machine.clone(), 6, 300, ProgramPrior::Length)
                .expect("valid")
                .clamp(1e-3)
                .expect("valid")
        })
        .with("fresh circuit prior", || fresh.clone())
        .with("exact Bayes", || exact.clone());
    let probes: Vec<Vec<bool>> = (0..PROBES)
        .map(|_| episode(functions, &mut rng).map(|s| s.bits().to_vec()))
        .collect::<Result<_, _>>()?;
    let print = fingerprint(|| pooled.clone(), &panel, &probes)?;
    let shared_print = fingerprint(|| shared.clone(), &panel, &probes)?;
    let exact_only = Panel::new().with("exact Bayes", || exact.clone());
    let fresh_print = fingerprint(|| fresh.clone(), &exact_only, &probes)?;

    if verbose {
        println!(
            "\n{HELD_OUT} held-out episodes: mean code length, mean regret against the true source, \
             and regret per bit by position\n{table}"
        );
        println!(
            "\nfingerprint of the pre-trained prior: KL(pre-trained ‖ reference) in bits per bit, \
             on {PROBES} probe episodes\n{print}"
        );
        println!(
            "\nfingerprint of the prior pre-trained as Bayes over episodes (shared)\n{shared_print}"
        );
        println!(
            "the fresh prior, for comparison: KL(fresh ‖ exact Bayes) = {:.4} ± {:.4} bits/bit",
            fresh_print.overall()[0],
            fresh_print.overall_std_error()[0]
        );
        let path = plot::path("mesa_induction_regret.svg");
        plot::write_regret_curves(
            &path,
            "In-context regret on held-out episodes (a fresh order-2 rule each)",
            "position in the episode (bits)",
            &curves,
        );
        let path = plot::path("mesa_induction_fingerprint.svg");
        match print.to_svg("Fingerprint of the pre-trained circuit prior") {
            Ok(svg) => match std::fs::write(&path, svg) {
                Ok(()) => println!("wrote {}", path.display()),
                Err(e) => println!("could not write {}: {e}", path.display()),
            },
            Err(e) => println!("could not draw the fingerprint: {e}"),
        }
    }
    Ok(Measured {
        regret,
        print,
        shared_print,
        fresh_from_exact: fresh_print.overall()[0],
        rule_mass: [rule_mass(&fresh), rule_mass(&pooled), rule_mass(&shared)],
        induction_mass: [
            induction_mass(&fresh),
            induction_mass(&pooled),
            induction_mass(&shared),
        ],
        shared_top: {
            let top = &shared.explain(1)[0];
            (top.description.clone(), top.weight)
        },
    })
}
