//! Clamping predictions away from 0 and 1.

use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::predictor::Predictor;
use crate::status::{Status, contract_violation, valid_probability};

/// Clamps the wrapped predictor's probabilities into `[eps, 1 - eps]`.
///
/// A predictor that is ever certain pays an infinite code length when it is
/// wrong; clamped, no bit costs more than `-log2 eps`. The price is at most
/// `-log2(1 - eps)` bits per bit on data the predictor is sure of.
///
/// This `struct` is created by the [`clamp`](crate::PredictorExt::clamp)
/// method on [`PredictorExt`](crate::PredictorExt).
///
/// ```
/// use inductive::prelude::*;
///
/// let clamped = Kt::new().clamp(0.1)?;
/// assert_eq!(clamped.predict(), 0.5);
/// assert_eq!(clamped.eps(), 0.1);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "adapters do nothing unless fed bits"]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Clamp<P> {
    inner: P,
    eps: f64,
}

impl<P: Predictor> Clamp<P> {
    /// Wraps `inner`; fails unless `0 <= eps <= 1/2` (`eps = 0` clamps nothing).
    pub fn new(inner: P, eps: f64) -> Result<Self> {
        if !(0.0..=0.5).contains(&eps) {
            return Err(Error::InvalidParameter {
                what: "clamp eps",
                expected: "in [0, 1/2]",
                value: eps,
            });
        }
        Ok(Self { inner, eps })
    }
}

impl<P> Clamp<P> {
    /// The clamping margin.
    pub fn eps(&self) -> f64 {
        self.eps
    }

    /// The wrapped predictor.
    pub fn get_ref(&self) -> &P {
        &self.inner
    }

    /// Unwraps the predictor.
    pub fn into_inner(self) -> P {
        self.inner
    }
}

impl<P: Predictor> Predictor for Clamp<P> {
    #[inline]
    fn predict(&self) -> f64 {
        // A prediction that is not a probability is no information: 1/2,
        // and `status` says why.
        valid_probability(self.inner.predict()).map_or(0.5, |p| p.clamp(self.eps, 1.0 - self.eps))
    }

    #[inline]
    fn update(&mut self, bit: bool) {
        self.inner.update(bit);
    }

    /// The inner predictor's status; `Failed` while it predicts something
    /// that is not a probability.
    fn status(&self) -> Status {
        let p = self.inner.predict();
        match valid_probability(p) {
            Some(_) => self.inner.status(),
            None => Status::Failed(contract_violation("the clamped predictor", p)),
        }
    }

    fn end_episode(&mut self) {
        self.inner.end_episode();
    }

    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.inner.explain(n)
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn rejects_margins_outside_half_interval() {
        for bad in [-0.1, 0.51, f64::NAN] {
            assert!(Kt::new().clamp(bad).is_err(), "{bad}");
        }
        assert!(Kt::new().clamp(0.5).is_ok());
    }

    #[test]
    fn bounds_the_cost_of_a_surprise() {
        let mut sure = Kt::with_pseudo_count(1e-6).unwrap().clamp(0.01).unwrap();
        sure.observe([true; 20]);
        assert!(sure.code_length(false) <= -(0.01f64).log2() + 1e-12);
    }
}
