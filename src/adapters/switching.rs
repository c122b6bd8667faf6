//! Fixed share: a mixture that tracks the best component when it changes.

use crate::adapters::Mixture;
use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::predictor::Predictor;
use crate::status::Status;

/// Fixed share, in the variant of Cesa-Bianchi & Lugosi (*Prediction,
/// Learning, and Games*, 2006, §5.2): after each Bayesian update a share
/// `α` of the posterior returns to the prior, `w ← (1 − α)·w + α·prior`
/// (with a uniform prior, `α/N` to every component, its own included), so
/// a component that was poor can take over quickly when it becomes the
/// best.
///
/// Herbster & Warmuth's original rule (1998) spreads `α` over the *other*
/// components only, `w_i ← (1 − α)·w_i + α/(N − 1)·Σ_{j≠i} w_j`; the two
/// differ by a reparametrisation of `α` (`α_HW = α·(N − 1)/N` with a
/// uniform prior) and their bounds by a constant per switch.
/// `tests/adapters.rs` checks this one against a direct implementation of
/// the rule above.
///
/// Against any sequence of components with `k` switches over `T` bits, its
/// code length is at most that sequence's plus
/// `-log2 prior(first) + Σ_switches -log2(α·prior(new)) + (T − 1 − k)·(-log2(1 − α))`.
///
/// ```
/// use inductive::adapters::{FixedShare, Mixture};
/// use inductive::prelude::*;
/// use inductive::sources::Bernoulli;
///
/// // Ones, then zeros: the best fixed coin changes halfway.
/// let bits: Vec<bool> = (0..400).map(|t| t < 200).collect();
/// let coins = || vec![Bernoulli::new(0.95).unwrap(), Bernoulli::new(0.05).unwrap()];
/// let bayes = Mixture::uniform(coins())?.observe(&bits);
/// let share = FixedShare::new(Mixture::uniform(coins())?, 0.01)?.observe(&bits);
/// assert!(share < bayes / 3.0);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "adapters do nothing unless fed bits"]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FixedShare<P> {
    mixture: Mixture<P>,
    alpha: f64,
}

impl<P: Predictor> FixedShare<P> {
    /// Switching over `mixture`'s components with rate `alpha`; fails unless
    /// `0 <= alpha < 1` (`0` is the plain Bayesian mixture).
    pub fn new(mixture: Mixture<P>, alpha: f64) -> Result<Self> {
        if !(0.0..1.0).contains(&alpha) {
            return Err(Error::InvalidParameter {
                what: "switching rate α",
                expected: "in [0, 1)",
                value: alpha,
            });
        }
        Ok(Self { mixture, alpha })
    }

    /// The switching rate.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The underlying mixture.
    pub fn mixture(&self) -> &Mixture<P> {
        &self.mixture
    }
}

impl<P: Predictor> Predictor for FixedShare<P> {
    #[inline]
    fn predict(&self) -> f64 {
        self.mixture.predict()
    }

    fn update(&mut self, bit: bool) {
        self.mixture.update(bit);
        self.mixture.share(self.alpha);
    }

    fn status(&self) -> Status {
        self.mixture.status()
    }

    /// The mixture's: its weights persist, its components are told.
    fn end_episode(&mut self) {
        self.mixture.end_episode();
    }

    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.mixture.explain(n)
    }
}
