//! Watching a predictor's predictions as bits arrive.

use std::fmt;

use crate::hypothesis::Hypothesis;
use crate::predictor::Predictor;
use crate::status::Status;

/// Calls a closure with each prediction and the bit that came, then passes
/// the bit to the wrapped predictor. Predictions are unchanged.
///
/// This `struct` is created by the [`inspect`](crate::PredictorExt::inspect)
/// method on [`PredictorExt`](crate::PredictorExt).
///
/// ```
/// use inductive::prelude::*;
///
/// let mut surprises = 0;
/// let mut watched = Kt::new().inspect(|p, bit| {
///     if (p > 0.5) != bit {
///         surprises += 1;
///     }
/// });
/// watched.observe([true, true, false]);
/// drop(watched);
/// assert_eq!(surprises, 2); // 0.5 counts as a guess of 0; then 0.75 before the 0
/// ```
#[derive(Clone)]
#[must_use = "adapters do nothing unless fed bits"]
pub struct Inspect<P, F> {
    inner: P,
    f: F,
}

impl<P: Predictor, F: FnMut(f64, bool)> Inspect<P, F> {
    /// Wraps `inner`, calling `f(prediction, bit)` on every update.
    pub fn new(inner: P, f: F) -> Self {
        Self { inner, f }
    }
}

impl<P, F> Inspect<P, F> {
    /// The wrapped predictor.
    pub fn get_ref(&self) -> &P {
        &self.inner
    }

    /// Unwraps the predictor.
    pub fn into_inner(self) -> P {
        self.inner
    }
}

impl<P: fmt::Debug, F> fmt::Debug for Inspect<P, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inspect")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<P: Predictor, F: FnMut(f64, bool)> Predictor for Inspect<P, F> {
    #[inline]
    fn predict(&self) -> f64 {
        self.inner.predict()
    }

    #[inline]
    fn update(&mut self, bit: bool) {
        (self.f)(self.inner.predict(), bit);
        self.inner.update(bit);
    }

    fn status(&self) -> Status {
        self.inner.status()
    }

    fn end_episode(&mut self) {
        self.inner.end_episode();
    }

    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.inner.explain(n)
    }
}
