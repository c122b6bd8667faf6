//! [`Schedule`]: when an agent explores and when it learns, shared by the
//! model-based [`Agent`](super::Agent) and [`QLearning`](super::QLearning)
//! so that both get the same experience.

use rand::{Rng, RngExt};

use crate::error::{Result, check_probability};

/// ε-greedy exploration whose rate decays every cycle, and a learning
/// period after which the agent neither explores nor learns (the paper's
/// §7 experiments; `exploration`, `explore-decay` and `learning-period` in
/// the reference code).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Schedule {
    rate: f64,
    decay: f64,
    learning_period: Option<u64>,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            rate: 0.0,
            decay: 1.0,
            learning_period: None,
        }
    }
}

impl Schedule {
    /// Explore with probability `rate`, multiplied by `decay` each cycle;
    /// fails unless both are in `[0, 1]`.
    pub(crate) fn set_exploration(&mut self, rate: f64, decay: f64) -> Result<()> {
        let rate = check_probability("exploration rate", rate)?;
        let decay = check_probability("exploration decay", decay)?;
        (self.rate, self.decay) = (rate, decay);
        Ok(())
    }

    pub(crate) fn set_learning_period(&mut self, cycles: u64) {
        self.learning_period = Some(cycles);
    }

    /// Whether the learning period is over after `cycles` cycles.
    pub(crate) fn is_evaluating(&self, cycles: u64) -> bool {
        self.learning_period.is_some_and(|period| cycles >= period)
    }

    /// Whether this cycle explores; decays the rate either way. Draws from
    /// `rng` only while exploring is possible.
    pub(crate) fn explores(&mut self, cycles: u64, rng: &mut dyn Rng) -> bool {
        let explores = self.rate > 0.0 && !self.is_evaluating(cycles) && rng.random_bool(self.rate);
        self.rate *= self.decay;
        explores
    }
}
