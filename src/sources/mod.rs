//! Data generators whose true next-bit probability is known.
//!
//! A [`Source`] is a [`Predictor`] that *is* the truth: its `predict` is the
//! probability with which it emits a one next. Sampling records those
//! probabilities beside the bits, so the regret of any predictor against
//! the truth is exact, not estimated.
//!
//! ```
//! use inductive::prelude::*;
//! use inductive::sources::{Markov, Source};
//! use rand::SeedableRng;
//!
//! let mut rng = rand::rngs::StdRng::seed_from_u64(3);
//! let mut source = Markov::sample_from_prior(2, 0.5, 0.5, &mut rng)?;
//! let sample = source.sample(2000, &mut rng);
//! let regret = Ctw::new(4)?.observe(&sample.bits) - sample.truth_code_length();
//! assert!(regret < 40.0); // a handful of parameters, each costing ~½·log2 n bits
//! # Ok::<(), inductive::Error>(())
//! ```

mod bernoulli;
mod circuit;
mod markov;
mod pi;
mod program;
mod tree;

pub use bernoulli::Bernoulli;
pub use circuit::CircuitSource;
pub use markov::Markov;
pub use pi::{MAX_DIGITS, PiBits, pi_decimal_digits, pi_hex_digits};
pub use program::ProgramSource;
pub use tree::TreeSource;

use rand::Rng;

use crate::logspace;
use crate::predictor::{Predictor, PredictorExt};

/// A bit generator that knows its own next-bit probability.
///
/// Its [`Predictor::predict`] is the true probability that the next bit it
/// emits is one, given the bits it has emitted (or been conditioned on) so
/// far; randomness enters only through the `rng` given to
/// [`sample`](Source::sample).
pub trait Source: Predictor {
    /// Emits `len` bits, recording beside each the true probability that it
    /// would be one.
    fn sample<R: Rng + ?Sized>(&mut self, len: usize, rng: &mut R) -> Sample
    where
        Self: Sized,
    {
        let mut sample = Sample {
            bits: Vec::with_capacity(len),
            truth: Vec::with_capacity(len),
        };
        for _ in 0..len {
            let p = self.predict();
            let bit = self.sample_next(rng);
            self.update(bit);
            sample.bits.push(bit);
            sample.truth.push(p);
        }
        sample
    }
}

/// Bits drawn from a [`Source`], with the true probability of a one at
/// every step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sample {
    /// The bits, oldest first.
    pub bits: Vec<bool>,
    /// `truth[t]`: the probability that `bits[t]` would be one, given the
    /// bits before it.
    pub truth: Vec<f64>,
}

impl Sample {
    /// Number of bits.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether the sample holds no bits.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Per-step code lengths, in bits, of the true probabilities.
    pub fn truth_code_lengths(&self) -> Vec<f64> {
        self.bits
            .iter()
            .zip(&self.truth)
            .map(|(&bit, &p)| logspace::code_length(p, bit))
            .collect()
    }

    /// Code length in bits that the truth gives the sample: the baseline of
    /// every regret.
    pub fn truth_code_length(&self) -> f64 {
        self.truth_code_lengths().iter().sum()
    }
}
