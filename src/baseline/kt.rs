//! The Krichevsky–Trofimov estimator and its pseudo-count family.

use crate::error::{Error, Result};
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
        if !(Self::MIN_PSEUDO_COUNT..=Self::MAX_PSEUDO_COUNT).contains(&pseudo_count) {
            return Err(Error::InvalidPseudoCount {
                value: pseudo_count,
                min: Self::MIN_PSEUDO_COUNT,
                max: Self::MAX_PSEUDO_COUNT,
            });
        }
        Ok(Self {
            counts: [0, 0],
            pseudo_count,
        })
    }

    /// Smallest pseudo-count accepted, `2^-20`. After `n` equal bits the
    /// other bit has probability `α/(n + 2α)`, which `f64` can only tell
    /// apart from 0 next to a prediction near 1 while it is at least
    /// `2^-53`: from `2^-20` up, that holds for the first `2^33` (8.6 × 10^9)
    /// bits, so every code length stays finite. A smaller `α` would be
    /// certain after a handful of bits (`α = 10^-17` after one).
    pub const MIN_PSEUDO_COUNT: f64 = 1.0 / (1u64 << 20) as f64;

    /// Largest pseudo-count accepted, `2^40`: far past any prior strength
    /// a sequence of feasible length could move, and far from where
    /// `n + 2α` overflows (`f64::MAX` would predict 0 before any data).
    pub const MAX_PSEUDO_COUNT: f64 = (1u64 << 40) as f64;

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

    /// Shared across episodes: one bias for every episode, so the counts
    /// persist (wrap it in [`Restart`](crate::adapters::Restart) for an
    /// estimator that starts afresh in each).
    fn end_episode(&mut self) {}
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
        for bad in [
            0.0,
            -0.5,
            f64::NAN,
            f64::INFINITY,
            f64::MAX,
            1e-17,
            f64::MIN_POSITIVE,
            5e-324,
            Kt::MIN_PSEUDO_COUNT / 2.0,
            Kt::MAX_PSEUDO_COUNT * 2.0,
        ] {
            assert!(Kt::with_pseudo_count(bad).is_err(), "{bad}");
        }
        assert!(Kt::with_pseudo_count(Kt::MIN_PSEUDO_COUNT).is_ok());
        assert!(Kt::with_pseudo_count(Kt::MAX_PSEUDO_COUNT).is_ok());
    }

    /// The review's cases: `α = 10^-17` reached `p = 1` after one bit and
    /// `α = f64::MAX` predicted 0 before any data. At the range's ends a
    /// surprise after a long run still has a finite cost, computed here
    /// from the exact rational `α / (n + 2α)`.
    #[test]
    fn the_smallest_pseudo_count_is_never_certain() {
        let alpha = Kt::MIN_PSEUDO_COUNT;
        let mut kt = Kt::with_pseudo_count(alpha).unwrap();
        kt.observe([true; 100_000]);
        let exact = -(alpha / (100_000.0 + 2.0 * alpha)).log2();
        let cost = kt.code_length(false);
        assert!(cost.is_finite());
        assert!((cost - exact).abs() < 1e-6 * exact, "{cost} vs {exact}");
        let big = Kt::with_pseudo_count(Kt::MAX_PSEUDO_COUNT).unwrap();
        assert_eq!(big.predict(), 0.5);
    }
}
