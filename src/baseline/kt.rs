//! The Krichevsky–Trofimov estimator and its pseudo-count family.

use crate::error::{Result, check_pseudo_count};
use crate::predictor::Predictor;

/// The additive (Dirichlet) estimator: after `n0` zeros and `n1` ones,
/// `P(1) = (n1 + α) / (n0 + n1 + 2α)`.
///
/// With `α = 1/2` this is the Krichevsky–Trofimov estimator, the Bayes
/// mixture of all Bernoulli sources under the Jeffreys prior Beta(1/2, 1/2),
/// whose regret against the best Bernoulli source is at most
/// `1/2 · log2 n + 1` bits. With `α = 1` it is Laplace's rule of succession.
///
/// ```
/// use inductive::prelude::*;
///
/// let mut kt = Kt::new();
/// kt.observe([true, true, true]);
/// assert_eq!(kt.predict(), 3.5 / 4.0);
///
/// let mut laplace = Kt::laplace();
/// laplace.observe([true, true, true]);
/// assert_eq!(laplace.predict(), 4.0 / 5.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Kt {
    counts: [u64; 2],
    pseudo_count: f64,
}

impl Kt {
    /// The Krichevsky–Trofimov estimator (`α = 1/2`).
    pub fn new() -> Self {
        Self {
            counts: [0, 0],
            pseudo_count: 0.5,
        }
    }

    /// Laplace's rule of succession (`α = 1`).
    pub fn laplace() -> Self {
        Self {
            counts: [0, 0],
            pseudo_count: 1.0,
        }
    }

    /// An additive estimator with pseudo-count `α`; fails unless `α` is
    /// finite and positive.
    pub fn with_pseudo_count(pseudo_count: f64) -> Result<Self> {
        Ok(Self {
            counts: [0, 0],
            pseudo_count: check_pseudo_count(pseudo_count)?,
        })
    }

    /// The pseudo-count `α`.
    pub fn pseudo_count(&self) -> f64 {
        self.pseudo_count
    }

    /// Zeros and ones seen so far, as `[n0, n1]`.
    pub fn counts(&self) -> [u64; 2] {
        self.counts
    }
}

impl Default for Kt {
    fn default() -> Self {
        Self::new()
    }
}

impl Predictor for Kt {
    #[inline]
    fn predict(&self) -> f64 {
        let [n0, n1] = self.counts;
        (n1 as f64 + self.pseudo_count) / ((n0 + n1) as f64 + 2.0 * self.pseudo_count)
    }

    #[inline]
    fn update(&mut self, bit: bool) {
        self.counts[usize::from(bit)] += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PredictorExt;

    /// The KT block probability in closed form:
    /// Γ(n0+½)Γ(n1+½) / (π Γ(n+1)), computed here as a product of rationals.
    fn kt_block_probability(n0: u64, n1: u64) -> f64 {
        let half_rising = |n: u64| (0..n).map(|i| i as f64 + 0.5).product::<f64>();
        let factorial = (1..=n0 + n1).map(|i| i as f64).product::<f64>();
        half_rising(n0) * half_rising(n1) / factorial
    }

    #[test]
    fn block_probability_depends_only_on_counts() {
        let seqs: [&[bool]; 3] = [
            &[true, true, false, false, true],
            &[false, true, true, true, false],
            &[true, false, true, false, true],
        ];
        for bits in seqs {
            let n1 = bits.iter().filter(|b| **b).count() as u64;
            let n0 = bits.len() as u64 - n1;
            let expected = -kt_block_probability(n0, n1).log2();
            assert!((Kt::new().observe(bits) - expected).abs() < 1e-12);
        }
    }

    #[test]
    fn rejects_bad_pseudo_counts() {
        for bad in [0.0, -0.5, f64::NAN, f64::INFINITY] {
            assert!(Kt::with_pseudo_count(bad).is_err());
        }
    }

    #[test]
    fn tiny_pseudo_counts_stay_probabilities() {
        let mut kt = Kt::with_pseudo_count(f64::MIN_POSITIVE).unwrap();
        kt.observe([true; 1000]);
        let p = kt.predict();
        assert!((0.0..=1.0).contains(&p) && p.is_finite());
        assert!(kt.code_length(true).is_finite());
    }
}
