//! Induction inside induction: a prior learned across episodes over
//! learners that adapt within one.

use crate::adapters::{Mixture, Restart};
use crate::error::{Error, Result, check_equal_episodes};
use crate::hypothesis::Hypothesis;
use crate::predictor::{Predictor, PredictorExt};
use crate::status::Status;

/// An outer Bayesian mixture whose posterior persists across episodes
/// while every component restarts from its initial state at each episode
/// boundary ([`end_episode`](Predictor::end_episode)): the same as a
/// [`Mixture`] of [`Restart`](super::Restart)ed components, with
/// [`pretrain`](Self::pretrain) and
/// [`in_context_curve`](Self::in_context_curve) on top.
///
/// This is pre-training over in-context learning: across many sequences
/// the outer posterior learns *which learner* suits the task family;
/// within one sequence each learner adapts on its own.
///
/// ```
/// use inductive::adapters::{Episodic, Mixture};
/// use inductive::prelude::*;
///
/// // Two learners: one that sees only the last bit, one that sees four.
/// let learners = vec![Ctw::new(1)?, Ctw::new(4)?];
/// let mut episodic = Episodic::new(Mixture::uniform(learners)?.with_names(["CTW(1)", "CTW(4)"])?);
/// // Every episode repeats 110: a rule of the last two bits. After a few
/// // episodes the outer posterior has moved to the deeper learner.
/// let episode: Vec<bool> = (0..48).map(|t| t % 3 != 2).collect();
/// let costs = episodic.pretrain([&episode, &episode, &episode, &episode]);
/// assert!(costs[3] < costs[0]);
/// assert_eq!(episodic.explain(1)[0].description, "CTW(4)");
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "adapters do nothing unless fed bits"]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Episodic<P> {
    /// The mixture over restarting components: the episode boundary is the
    /// mixture's own, passed on to each `Restart`.
    mixture: Mixture<Restart<P>>,
}

impl<P: Predictor + Clone> Episodic<P> {
    /// Keeps a copy of every component as it is now, to restart from.
    pub fn new(mixture: Mixture<P>) -> Self {
        Self {
            mixture: mixture.map_components(Restart::new),
        }
    }

    /// Runs one episode per sequence, ending each, and returns each
    /// episode's code length in bits: the pre-training curve.
    pub fn pretrain<I, E>(&mut self, episodes: I) -> ndarray::Array1<f64>
    where
        I: IntoIterator<Item = E>,
        E: AsRef<[bool]>,
    {
        episodes
            .into_iter()
            .map(|episode| {
                let bits = self.observe(episode.as_ref());
                self.end_episode();
                bits
            })
            .collect()
    }

    /// Mean code length by position over held-out episodes, each run from
    /// the current (pre-trained) state without changing it: the in-context
    /// learning curve. Fails for no episodes or an empty one.
    pub fn in_context_curve<E: AsRef<[bool]>>(
        &self,
        episodes: &[E],
    ) -> Result<ndarray::Array1<f64>> {
        let longest = episodes.iter().map(|e| e.as_ref().len()).max().unwrap_or(0);
        if episodes.iter().any(|e| e.as_ref().is_empty()) || longest == 0 {
            return Err(Error::InvalidSize {
                what: "episode length",
                expected: "at least 1 bit in every episode",
                value: 0,
            });
        }
        let mut sums = vec![0.0; longest];
        let mut counts = vec![0usize; longest];
        for episode in episodes {
            let mut run = self.clone();
            for (t, &bit) in episode.as_ref().iter().enumerate() {
                sums[t] += run.observe_bit(bit);
                counts[t] += 1;
            }
        }
        Ok(sums
            .iter()
            .zip(&counts)
            .map(|(s, &c)| s / c as f64)
            .collect())
    }

    /// Code length in bits of every bit of every held-out episode,
    /// episodes × positions, each episode run from the current
    /// (pre-trained) state without changing it: the data behind
    /// [`in_context_curve`](Self::in_context_curve), for spreads and
    /// per-episode analysis. Fails for no episodes, an empty one, or
    /// episodes of different lengths.
    ///
    /// ```
    /// use inductive::adapters::{Episodic, Mixture};
    /// use inductive::prelude::*;
    ///
    /// let learner = Episodic::new(Mixture::uniform(vec![Kt::new(), Kt::laplace()])?);
    /// let held_out = [vec![true; 16], vec![false; 16], vec![true; 16]];
    /// let costs = learner.in_context_code_lengths(&held_out)?;
    /// assert_eq!(costs.shape(), [3, 16]);
    /// let curve = learner.in_context_curve(&held_out)?;
    /// assert!((costs.column(5).mean().unwrap() - curve[5]).abs() < 1e-12);
    /// # Ok::<(), inductive::Error>(())
    /// ```
    pub fn in_context_code_lengths<E: AsRef<[bool]>>(
        &self,
        episodes: &[E],
    ) -> Result<ndarray::Array2<f64>> {
        let len = check_equal_episodes(
            "held-out episodes",
            episodes,
            (1, "at least one"),
            "give episodes of one length, or use in_context_curve",
        )?;
        let mut costs = ndarray::Array2::zeros((episodes.len(), len));
        for (mut row, episode) in costs.rows_mut().into_iter().zip(episodes) {
            let mut run = self.clone();
            for (cost, &bit) in row.iter_mut().zip(episode.as_ref()) {
                *cost = run.observe_bit(bit);
            }
        }
        Ok(costs)
    }

    /// The outer mixture, over the restarting components.
    pub fn mixture(&self) -> &Mixture<Restart<P>> {
        &self.mixture
    }
}

impl<P: Predictor + Clone> Predictor for Episodic<P> {
    #[inline]
    fn predict(&self) -> f64 {
        self.mixture.predict()
    }

    fn update(&mut self, bit: bool) {
        self.mixture.update(bit);
    }

    fn status(&self) -> Status {
        self.mixture.status()
    }

    /// Every component restarts from its initial state; the posterior
    /// stays.
    fn end_episode(&mut self) {
        self.mixture.end_episode();
    }

    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.mixture.explain(n)
    }
}
