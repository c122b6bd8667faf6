//! Every constructor that takes a size or a real parameter, fed hostile
//! values (0, 1, max, 2^32, NaN, ±∞, subnormals and whatever the fuzzer
//! finds): each returns a value that predicts probabilities, or an error.
//! Never a panic, an abort or an allocation before validation.
#![no_main]

use inductive::adapters::{FixedShare, Mixture};
use inductive::circuit::{Basis, Enumeration, Leaf};
use inductive::solomonoff::ctm::{Ctm, OutputDistribution, TuringMachine};
use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
use inductive::sources::{Bernoulli, Markov, PiBits, Sample};
use inductive::{Ctw, Kt, Predictor, PredictorExt};
use libfuzzer_sys::fuzz_target;

/// A size: small values often, hostile extremes sometimes.
fn size(raw: u64) -> usize {
    match raw % 8 {
        0 => 0,
        1 => usize::MAX,
        2 => 1 << 32,
        3 => (1 << 32) + 5,
        4 => (raw >> 8) as usize,
        _ => ((raw >> 8) % 8) as usize,
    }
}

/// A real: hostile values often.
fn real(raw: u64) -> f64 {
    match raw % 10 {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => 5e-324,
        4 => f64::MAX,
        5 => -0.0,
        6 => 1e-17,
        _ => f64::from_bits(raw >> 4),
    }
}

fn exercise(mut p: impl Predictor) {
    for t in 0..32 {
        let q = p.predict();
        assert!((0.0..=1.0).contains(&q), "prediction {q}");
        p.observe_bit(t % 3 == 0);
    }
}

fuzz_target!(|input: (u8, u64, u64, u64)| {
    let (which, a, b, c) = input;
    match which % 12 {
        0 => {
            if let Ok(kt) = Kt::with_pseudo_count(real(a)) {
                exercise(kt);
            }
        }
        1 => {
            if let Ok(ctw) = Ctw::new(size(a)) {
                exercise(ctw);
            }
        }
        2 => {
            // Valid enumerations of 3 or 4 states take seconds: keep them small.
            let states = size(a);
            let steps = match b % 4 {
                0 => u64::MAX,
                1 => 1 << 40,
                _ => b >> 48,
            };
            if states <= 2 || steps == 0 || steps > 100_000 {
                if let Ok(d) = OutputDistribution::enumerate(states, steps) {
                    exercise(Ctm::new(d.clone()));
                    if let Ok(ctm) = Ctm::with_escape(d, real(c)) {
                        exercise(ctm);
                    }
                }
            }
        }
        3 => {
            let table: Vec<u8> = c.to_le_bytes().iter().take(size(a).min(8)).map(|&x| x % 20).collect();
            if let Ok(machine) = TuringMachine::new(size(a), table) {
                let _ = machine.run(match b % 3 {
                    0 => u64::MAX,
                    1 => 0,
                    _ => b % 100_000,
                });
            }
        }
        4 => {
            let machine = BrainPhoque::new(size(a).min(300), size(b).min(70_000));
            if let Ok(machine) = machine {
                let length = size(c);
                if length <= 5 || Solomonoff::new(machine.start(), length, 50, ProgramPrior::Length).is_err() {
                    if let Ok(m) = Solomonoff::new(machine.start(), length.min(5), 50, ProgramPrior::Speed) {
                        exercise(m);
                    }
                }
            }
        }
        5 => {
            if let Ok(coin) = Bernoulli::new(real(a)) {
                exercise(coin);
            }
        }
        6 => {
            let order = size(a);
            if order <= 20 {
                let probabilities = vec![real(b); 1usize << order.min(20)];
                let _ = Markov::new(order, probabilities);
            } else {
                let _ = Markov::new(order, Vec::new());
            }
        }
        7 => {
            let len = size(a).min(64);
            let _ = Sample::new(vec![true; len], vec![real(b); size(c).min(64)]);
        }
        8 => {
            let inputs = size(a);
            let gates = size(b);
            // Valid enumerations past 3 inputs and 4 gates take long: skip them.
            if inputs > 8 || gates > 12 || (inputs <= 3 && gates <= 4) {
                let _ = Enumeration::smallest(inputs, &Basis::Full, gates);
            }
            let _ = Leaf::Noisy(real(c));
        }
        9 => {
            let count = size(a);
            if count > 4 * inductive::sources::MAX_HEX_DIGITS || count < 2_000 {
                let _ = PiBits::new(count);
            }
        }
        10 => {
            let weights = vec![real(a), real(b)];
            if let Ok(mixture) = Mixture::new(vec![Kt::new(), Kt::laplace()], weights) {
                if let Ok(share) = FixedShare::new(mixture, real(c)) {
                    exercise(share);
                }
            }
        }
        _ => {
            if let Ok(clamped) = Kt::new().clamp(real(a)) {
                exercise(clamped);
            }
        }
    }
});
