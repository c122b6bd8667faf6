//! [`Learner`]: what every agent does each cycle, whatever it learns with.

use rand::Rng;

use crate::agent::environment::{Environment, Percept, check_action};
use crate::error::Result;

/// An agent in the setting: it chooses an action, then learns from the
/// percept that follows. [`Agent`](super::Agent) plans with a world model;
/// [`QLearning`](super::QLearning) learns values without one.
pub trait Learner {
    /// Chooses the next action.
    fn act(&mut self, rng: &mut dyn Rng) -> usize;

    /// Learns from the percept the environment returned after the last
    /// action; fails, learning nothing, for a percept past the
    /// environment's declared bounds.
    fn observe(&mut self, environment: &dyn Environment, percept: Percept) -> Result<()>;

    /// Cycles completed.
    fn cycles(&self) -> u64;

    /// Real reward (encoded reward minus the offset) summed over the
    /// cycles.
    fn total_reward(&self) -> f64;

    /// Mean real reward per cycle (0 before the first).
    fn average_reward(&self) -> f64 {
        if self.cycles() == 0 {
            0.0
        } else {
            self.total_reward() / self.cycles() as f64
        }
    }

    /// One cycle: act, let the environment answer, learn the answer.
    /// Returns the action and the percept.
    fn step(
        &mut self,
        environment: &mut dyn Environment,
        rng: &mut dyn Rng,
    ) -> Result<(usize, Percept)> {
        let action = self.act(rng);
        check_action(action, environment.actions())?;
        let percept = environment.perform(action, rng)?;
        self.observe(environment, percept)?;
        Ok((action, percept))
    }
}
