//! The i.i.d. source.

use crate::error::{Result, check_probability};
use crate::predictor::Predictor;
use crate::sources::Source;

/// Independent bits, each one with probability `θ`.
///
/// ```
/// use inductive::sources::{Bernoulli, Source};
/// use rand::SeedableRng;
///
/// let mut coin = Bernoulli::new(0.9)?;
/// let sample = coin.sample(1000, &mut rand::rngs::StdRng::seed_from_u64(0))?;
/// let ones = sample.bits().iter().filter(|b| **b).count();
/// assert!((850..950).contains(&ones));
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Bernoulli {
    theta: f64,
}

impl Bernoulli {
    /// Fails unless `θ` is a probability.
    pub fn new(theta: f64) -> Result<Self> {
        Ok(Self {
            theta: check_probability("Bernoulli θ", theta)?,
        })
    }

    /// The probability of a one.
    pub fn theta(&self) -> f64 {
        self.theta
    }
}

impl Predictor for Bernoulli {
    fn predict(&self) -> f64 {
        self.theta
    }

    fn update(&mut self, _bit: bool) {}
}

impl Source for Bernoulli {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_probabilities() {
        for bad in [-0.01, 1.01, f64::NAN] {
            assert!(Bernoulli::new(bad).is_err());
        }
    }
}
