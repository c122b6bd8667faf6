//! Returning to the initial state at every episode end: the baseline that
//! learns nothing across episodes.

use crate::hypothesis::Hypothesis;
use crate::predictor::Predictor;
use crate::status::Status;

/// A predictor that returns to its initial state at every
/// [`end_episode`](Predictor::end_episode): each episode is predicted as
/// if it were the first. Compared with the same predictor unwrapped, it
/// measures what learning across episodes buys.
///
/// This `struct` is created by the
/// [`restarting`](crate::PredictorExt::restarting) method on
/// [`PredictorExt`](crate::PredictorExt). It keeps a clone of the
/// predictor as it was when wrapped.
///
/// ```
/// use inductive::prelude::*;
///
/// let episode = [true, true, false, true, true, false];
/// let mut shared = Ctw::new(3)?; // counts persist across episodes
/// let mut fresh = Ctw::new(3)?.restarting();
/// let (mut a, mut b) = (0.0, 0.0);
/// for _ in 0..5 {
///     a = shared.observe(episode);
///     b = fresh.observe(episode);
///     shared.end_episode();
///     fresh.end_episode();
/// }
/// assert!(a < b); // the fifth episode is cheaper for the learner that kept its counts
/// assert_eq!(b, Ctw::new(3)?.observe(episode)); // and as dear as the first without them
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "adapters do nothing unless fed bits"]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Restart<P> {
    initial: P,
    current: P,
}

impl<P: Predictor + Clone> Restart<P> {
    /// Wraps `inner`, keeping a clone of it to restart from.
    pub fn new(inner: P) -> Self {
        Self {
            initial: inner.clone(),
            current: inner,
        }
    }
}

impl<P> Restart<P> {
    /// The predictor in its current state.
    pub fn get_ref(&self) -> &P {
        &self.current
    }

    /// The predictor in its current state, unwrapped.
    pub fn into_inner(self) -> P {
        self.current
    }
}

impl<P: Predictor + Clone> Predictor for Restart<P> {
    #[inline]
    fn predict(&self) -> f64 {
        self.current.predict()
    }

    #[inline]
    fn update(&mut self, bit: bool) {
        self.current.update(bit);
    }

    fn status(&self) -> Status {
        self.current.status()
    }

    /// Back to the state it was wrapped in.
    fn end_episode(&mut self) {
        self.current = self.initial.clone();
    }

    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.current.explain(n)
    }
}
