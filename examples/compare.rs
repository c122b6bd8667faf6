//! Every predictor family on a panel of sources: which inductive bias wins
//! where.
//!
//! Predictors: KT, CTW, the bounded Solomonoff mixture (clamped: alone it
//! can be certain and wrong), circuit-prior mixtures with noisy and with
//! learning leaves, and a Bayesian mixture of them all. Sources: Bernoulli,
//! an order-2 Markov chain, a tree source, a program drawn from the
//! Solomonoff prior, a circuit drawn from the circuit prior, and the binary
//! digits of π. The program and the circuit are drawn again until their
//! output is not nearly constant (KT's regret against the truth reaches
//! 100 bits: a draw KT predicts as well as the truth would tie every
//! family), and printed. The table gives bits per bit and regret against
//! the true source; the cumulative regret curves on each source go to
//! `target/plots/compare_*.svg` (under `$CARGO_TARGET_DIR` when set). The logical inductor is a market in which
//! CTW, the learning-leaf circuit mixture, the Solomonoff mixture and KT
//! trade the next bit (in that order of the enumeration), clamped like
//! Solomonoff: a market price can reach 0 or 1.
//!
//! ```text
//! cargo run --release --example compare
//! ```

use inductive::adapters::Mixture;
use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
use inductive::eval::{Evaluation, Table};
use inductive::market::{LogicalInductor, PredictorTrader, Trader};
use inductive::prelude::*;
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::{
    Bernoulli, CircuitSource, Markov, PiBits, ProgramSource, Sample, Source, TreeSource,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[path = "common/plot.rs"]
mod plot;

const LEN: usize = 2000;

/// KT must pay at least this much more than the truth on a drawn source.
const NONTRIVIAL_REGRET: f64 = 100.0;

/// Draws `draw()` until KT's regret on its sample reaches
/// [`NONTRIVIAL_REGRET`] bits; returns the source, its sample and the
/// number of draws.
fn nontrivial<S: Source>(
    what: &'static str,
    mut draw: impl FnMut() -> Result<(S, Sample), Error>,
) -> Result<(S, Sample, usize), Error> {
    const TRIES: usize = 1000;
    for tries in 1..=TRIES {
        let (source, sample) = draw()?;
        let truth = Evaluation::of_truth(&sample);
        let kt = Evaluation::run(&mut Kt::new(), sample.bits());
        if kt.regret_against(&truth)? >= NONTRIVIAL_REGRET {
            return Ok((source, sample, tries));
        }
    }
    Err(Error::GaveUp {
        what,
        tries: TRIES,
        hint: "lower NONTRIVIAL_REGRET or draw from a larger prior",
    })
}

fn main() -> Result<(), Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let circuits = Enumeration::smallest(3, &Basis::Full, 4)?;
    let machine = BrainPhoque::new(2, 8)?.start();

    let (program, program_sample, program_draws) =
        nontrivial("a program whose output KT cannot predict", || {
            let source = ProgramSource::sample(&machine, 7, 20_000, LEN, 1_000_000, &mut rng)?;
            let sample = source.clone().sample(LEN, &mut rng)?;
            Ok((source, sample))
        })?;
    println!(
        "program source: {:?} (BrainPhoque), the first with non-trivial output in {program_draws} draws",
        program.program()
    );
    let (circuit_source, circuit_sample, circuit_draws) =
        nontrivial("a circuit whose output KT cannot predict", || {
            let source = CircuitSource::sample_from_prior(
                &circuits,
                FunctionPrior::SmallestCircuit,
                0.05,
                &mut rng,
            )?;
            let sample = source.clone().sample(LEN, &mut rng)?;
            Ok((source, sample))
        })?;
    println!(
        "circuit source: {} over the last 3 bits (x1 the newest), flipped with probability 0.05; the first non-trivial in {circuit_draws} draws",
        circuit_source.circuit()
    );

    let sources: Vec<(&str, Sample)> = vec![
        (
            "Bernoulli(0.2)",
            Bernoulli::new(0.2)?.sample(LEN, &mut rng)?,
        ),
        (
            "Markov, order 2",
            Markov::sample_from_prior(2, 0.5, 0.5, &mut rng)?.sample(LEN, &mut rng)?,
        ),
        (
            "tree source, depth ≤ 5",
            TreeSource::sample_from_prior(5, &mut rng)?.sample(LEN, &mut rng)?,
        ),
        ("program (Solomonoff prior)", program_sample),
        ("circuit (circuit prior), ε = 0.05", circuit_sample),
        (
            "binary digits of π",
            PiBits::new(LEN)?.sample(LEN, &mut rng)?,
        ),
    ];

    let solomonoff = || -> Box<dyn Predictor + Send> {
        Solomonoff::new(machine.clone(), 7, 20_000, ProgramPrior::Length)
            .expect("valid")
            .clamp(1e-3)
            .expect("valid")
            .boxed()
    };
    let circuit = |leaf| -> Box<dyn Predictor + Send> {
        CircuitMixture::new(&circuits, FunctionPrior::SmallestCircuit, leaf)
            .expect("valid")
            .boxed()
    };
    let inductor = || -> Box<dyn Predictor + Send> {
        let trader = |p: Box<dyn Trader>| p;
        LogicalInductor::new(vec![
            trader(Box::new(
                PredictorTrader::new(Ctw::new(16).expect("valid"), 10.0).expect("valid"),
            )),
            trader(Box::new(
                PredictorTrader::new(
                    CircuitMixture::new(&circuits, FunctionPrior::SmallestCircuit, Leaf::Learning)
                        .expect("valid"),
                    10.0,
                )
                .expect("valid")
                .named("circuits"),
            )),
            trader(Box::new(
                PredictorTrader::new(
                    Solomonoff::new(machine.clone(), 7, 20_000, ProgramPrior::Length)
                        .expect("valid"),
                    10.0,
                )
                .expect("valid")
                .named("Solomonoff"),
            )),
            trader(Box::new(
                PredictorTrader::new(Kt::new(), 10.0).expect("valid"),
            )),
        ])
        .expect("valid")
        .clamp(1e-3)
        .expect("valid")
        .boxed()
    };
    let families = || -> Vec<(&'static str, Box<dyn Predictor + Send>)> {
        vec![
            ("KT", Kt::new().boxed()),
            ("CTW(16)", Ctw::new(16).expect("valid").boxed()),
            ("Solomonoff L=7", solomonoff()),
            ("circuits, noisy leaf", circuit(Leaf::Noisy(0.05))),
            ("circuits, learning leaf", circuit(Leaf::Learning)),
            ("logical inductor", inductor()),
        ]
    };
    let everything = || -> Box<dyn Predictor + Send> {
        let (names, members): (Vec<_>, Vec<_>) = families().into_iter().unzip();
        Mixture::uniform(members)
            .expect("valid")
            .with_names(names)
            .expect("valid")
            .boxed()
    };

    let mut table = Table::new(["source", "predictor", "bits/bit", "regret (bits)"]);
    for (source, sample) in &sources {
        let truth = Evaluation::of_truth(sample);
        table.push_row([
            source.to_string(),
            "truth".into(),
            format!("{:.4}", truth.bits_per_bit()),
            "0.0".into(),
        ]);
        let mut curves = Vec::new();
        let mut contenders = families();
        contenders.push(("mixture of all", everything()));
        for (name, mut predictor) in contenders {
            let run = Evaluation::run(&mut *predictor, sample.bits());
            let curve = run.regret_curve(&truth).expect("same bits").to_vec();
            table.push_row([
                source.to_string(),
                name.to_string(),
                format!("{:.4}", run.bits_per_bit()),
                format!("{:.1}", curve.last().copied().unwrap_or(0.0)),
            ]);
            curves.push((name.to_string(), curve));
        }
        let lower: String = source
            .replace('π', " pi ")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        let file = lower.split_whitespace().collect::<Vec<_>>().join("_");
        plot::write_regret_curves(
            &plot::path(&format!("compare_{file}.svg")),
            &format!("Cumulative regret against the truth: {source}"),
            "bits seen",
            &curves,
        );
    }
    println!("\n{LEN} bits per source; regret is against the source's true probabilities\n");
    print!("{table}");
    Ok(())
}
