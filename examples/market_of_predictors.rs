//! Predictors as market participants: the same three predictors as Kelly
//! bettors, as traders in a logical inductor, and as components of a
//! Bayesian mixture.
//!
//! The data switch halfway from a Bernoulli(0.3) coin to an order-2 Markov
//! chain. Full-Kelly bettors are exactly the Bayesian mixture (wealth is
//! posterior weight); the logical inductor is not a mixture: its traders
//! buy toward their beliefs, and its budgeter cuts the ones that lose,
//! whatever they gained before only up to their budget.
//!
//! ```text
//! cargo run --release --example market_of_predictors
//! ```

use inductive::adapters::Mixture;
use inductive::eval::{Evaluation, Table};
use inductive::market::{KellyMarket, LogicalInductor, PredictorTrader, Trader};
use inductive::prelude::*;
use inductive::sources::{Bernoulli, Markov, Sample, Source};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const HALF: usize = 1000;

fn main() -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let first = Bernoulli::new(0.3)?.sample(HALF, &mut rng)?;
    let second = Markov::sample_from_prior(2, 0.5, 0.5, &mut rng)?.sample(HALF, &mut rng)?;
    let sample = Sample::new(
        [first.bits(), second.bits()].concat(),
        [first.truth(), second.truth()].concat(),
    )?;
    let bits = sample.bits();
    let truth = Evaluation::of_truth(&sample);

    let names = ["KT", "CTW(2)", "CTW(12)"];
    let ctw = |d| Ctw::new(d).expect("valid depth");
    let boxed =
        || -> Vec<Box<dyn Predictor>> { vec![Kt::new().boxed(), ctw(2).boxed(), ctw(12).boxed()] };
    let traders = || -> Result<Vec<Box<dyn Trader>>> {
        Ok(vec![
            Box::new(PredictorTrader::new(Kt::new(), 10.0)?.named("KT")),
            Box::new(PredictorTrader::new(ctw(2), 10.0)?.named("CTW(2)")),
            Box::new(PredictorTrader::new(ctw(12), 10.0)?.named("CTW(12)")),
        ])
    };

    let mut kelly = KellyMarket::new(boxed(), vec![1.0; 3], 1.0)?.with_names(names)?;
    let mut half_kelly = KellyMarket::new(boxed(), vec![1.0; 3], 0.5)?.with_names(names)?;
    let mut mixture = Mixture::uniform(boxed())?.with_names(names.map(String::from).to_vec())?;
    let mut inductor = LogicalInductor::new(traders()?)?.clamp(1e-4)?;

    let mut table = Table::new([
        "predictor",
        "bits, first half",
        "bits, second half",
        "regret (bits)",
    ]);
    let mut row = |name: &str, run: Evaluation| {
        let steps = run.code_lengths();
        let (a, b) = steps.view().split_at(ndarray::Axis(0), HALF);
        let regret = run.regret_against(&truth).expect("same bits");
        table.push_row([
            name.to_string(),
            format!("{:.1}", a.iter().sum::<f64>()),
            format!("{:.1}", b.iter().sum::<f64>()),
            format!("{regret:.1}"),
        ]);
    };
    row("truth", truth.clone());
    for (name, mut p) in names.iter().zip(boxed()) {
        row(name, Evaluation::run(&mut *p, bits));
    }
    row("Bayesian mixture", Evaluation::run(&mut mixture, bits));
    row("Kelly market (full)", Evaluation::run(&mut kelly, bits));
    row(
        "Kelly market (half)",
        Evaluation::run(&mut half_kelly, bits),
    );
    row("logical inductor", Evaluation::run(&mut inductor, bits));
    println!("{HALF} bits of Bernoulli(0.3), then {HALF} of an order-2 Markov chain\n");
    print!("{table}");

    println!("\nKelly wealth shares (= Bayesian posterior):");
    for h in kelly.explain(3) {
        println!("  {h}");
    }
    println!("\nLogical inductor, traders by share of the firm's weight:");
    for h in inductor.get_ref().explain(3) {
        println!("  {h}");
    }
    Ok(())
}
