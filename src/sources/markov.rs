//! Order-k binary Markov sources.

use rand::Rng;
use rand_distr::{Beta, Distribution};

use crate::error::{Error, Result, check_probability, check_pseudo_count};
use crate::predictor::Predictor;
use crate::sources::Source;

/// Largest order: 2^24 parameters (128 MiB) is the most a source may hold.
const MAX_ORDER: usize = 24;

/// A binary Markov chain of order `k`: the probability of a one depends on
/// the last `k` bits. Before `k` bits have come, the missing past is zeros.
///
/// Parameters are indexed by context, with the most recent bit as the
/// lowest bit of the index: `probabilities[0b01]` is used after `…, 0, 1`
/// (the newest bit a one), for order 2.
///
/// ```
/// use inductive::prelude::*;
/// use inductive::sources::Markov;
///
/// // Order 1: after a 1 another 1 is likely; after a 0, a 1 is rare.
/// let mut chain = Markov::new(1, vec![0.1, 0.8])?;
/// assert_eq!(chain.predict(), 0.1);
/// chain.update(true);
/// assert_eq!(chain.predict(), 0.8);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Markov {
    order: usize,
    probabilities: Vec<f64>,
    context: usize,
}

impl Markov {
    /// A chain with the given `P(1 | context)` for each of the `2^order`
    /// contexts. Fails on an order above 24, a table of the wrong length, or
    /// an entry that is not a probability.
    pub fn new(order: usize, probabilities: Vec<f64>) -> Result<Self> {
        check_order(order)?;
        if probabilities.len() != 1 << order {
            return Err(Error::LengthMismatch {
                what: "Markov table (2^order entries expected)",
                left: probabilities.len(),
                right: 1 << order,
                hint: "give one probability per context, 2^order in all",
            });
        }
        for &p in &probabilities {
            check_probability("Markov transition probability", p)?;
        }
        Ok(Self {
            order,
            probabilities,
            context: 0,
        })
    }

    /// A chain whose `2^order` parameters are drawn independently from
    /// Beta(`alpha`, `beta`). Fails on an order above 24 or a non-positive
    /// concentration.
    pub fn sample_from_prior<R: Rng + ?Sized>(
        order: usize,
        alpha: f64,
        beta: f64,
        rng: &mut R,
    ) -> Result<Self> {
        check_order(order)?;
        let prior = Beta::new(check_pseudo_count(alpha)?, check_pseudo_count(beta)?)
            .expect("positive finite shapes form a Beta distribution");
        let probabilities = (0..1usize << order).map(|_| prior.sample(rng)).collect();
        Self::new(order, probabilities)
    }

    /// The order `k`.
    pub fn order(&self) -> usize {
        self.order
    }

    /// `P(1 | context)` for every context, indexed as described above.
    pub fn probabilities(&self) -> &[f64] {
        &self.probabilities
    }
}

fn check_order(order: usize) -> Result<usize> {
    crate::error::check_depth("Markov order", order, 0, MAX_ORDER)
}

impl Predictor for Markov {
    fn predict(&self) -> f64 {
        self.probabilities[self.context]
    }

    fn update(&mut self, bit: bool) {
        let mask = (1usize << self.order) - 1;
        self.context = ((self.context << 1) | usize::from(bit)) & mask;
    }
}

impl Source for Markov {}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn order_zero_is_bernoulli() {
        let mut chain = Markov::new(0, vec![0.3]).unwrap();
        chain.update(true);
        chain.update(false);
        assert_eq!(chain.predict(), 0.3);
    }

    #[test]
    fn context_uses_the_newest_bit_lowest() {
        let mut chain = Markov::new(2, vec![0.0, 0.25, 0.5, 0.75]).unwrap();
        chain.update(true); // context 01
        assert_eq!(chain.predict(), 0.25);
        chain.update(false); // context 10
        assert_eq!(chain.predict(), 0.5);
    }

    #[test]
    fn rejects_bad_tables_and_orders() {
        assert!(Markov::new(1, vec![0.5]).is_err());
        assert!(Markov::new(1, vec![0.5, 1.5]).is_err());
        assert!(Markov::new(25, vec![]).is_err());
        let mut rng = rand::rngs::StdRng::seed_from_u64(0);
        assert!(Markov::sample_from_prior(2, 0.0, 1.0, &mut rng).is_err());
        assert!(Markov::sample_from_prior(30, 1.0, 1.0, &mut rng).is_err());
    }
}
