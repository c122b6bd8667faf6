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
//! let sample = source.sample(2000, &mut rng)?;
//! let regret = Ctw::new(4)?.observe(sample.bits()) - sample.truth_code_length();
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
pub use pi::{MAX_DIGITS, MAX_HEX_DIGITS, PiBits, pi_decimal_digits, pi_hex_digits};
pub use program::ProgramSource;
pub use tree::TreeSource;

use rand::Rng;

use crate::error::{Error, Result, check_probability};
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
    /// would be one. Fails for more than [`MAX_SAMPLE_BITS`] bits (a sample
    /// holds 9 bytes a bit).
    fn sample<R: Rng + ?Sized>(&mut self, len: usize, rng: &mut R) -> Result<Sample>
    where
        Self: Sized,
    {
        if len > MAX_SAMPLE_BITS {
            return Err(Error::TooLarge {
                what: "sample bits (9 bytes each)",
                count: len as u128,
                limit: MAX_SAMPLE_BITS as u128,
                hint: "draw fewer bits, or feed a predictor bit by bit with sample_next",
            });
        }
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
        Ok(sample)
    }
}

/// Most bits [`Source::sample`] draws at once: `2^30`, 9.7 GB of sample.
pub const MAX_SAMPLE_BITS: usize = 1 << 30;

/// Bits drawn from a [`Source`], with the true probability of a one at
/// every step.
///
/// ```
/// use inductive::sources::Sample;
///
/// let sample = Sample::new(vec![true, false], vec![0.9, 0.5])?;
/// assert!((sample.truth_code_length() - (1.0 - 0.9f64.log2())).abs() < 1e-12);
/// assert!(Sample::new(vec![true], vec![1.5]).is_err());
/// assert!(Sample::new(vec![true, false], vec![0.5]).is_err());
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Sample {
    bits: Vec<bool>,
    truth: Vec<f64>,
}

impl Sample {
    /// A sample from its bits and the true probability of a one before
    /// each; fails unless there is one probability per bit, each in `[0, 1]`.
    pub fn new(bits: Vec<bool>, truth: Vec<f64>) -> Result<Self> {
        if bits.len() != truth.len() {
            return Err(Error::LengthMismatch {
                what: "sample bits and their true probabilities",
                left: bits.len(),
                right: truth.len(),
                hint: "give one probability per bit",
            });
        }
        for &p in &truth {
            check_probability("a sample's true probability", p)?;
        }
        Ok(Self { bits, truth })
    }

    /// The bits, oldest first.
    pub fn bits(&self) -> &[bool] {
        &self.bits
    }

    /// `truth()[t]`: the probability that `bits()[t]` would be one, given
    /// the bits before it.
    pub fn truth(&self) -> &[f64] {
        &self.truth
    }

    /// Number of bits.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether the sample holds no bits.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Per-step code lengths, in bits, of the true probabilities.
    pub fn truth_code_lengths(&self) -> ndarray::Array1<f64> {
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
