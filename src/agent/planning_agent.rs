//! [`Agent`]: a world model that plans with ρUCT and learns from what it
//! sees: MC-AIXI's agent, with any conditional predictor as the model.

use rand::{Rng, RngExt};

use crate::agent::environment::{Environment, Percept, check_environment};
use crate::agent::learner::Learner;
use crate::agent::model::FactoredModel;
use crate::agent::schedule::Schedule;
use crate::agent::search::{ActionValue, Bounds, SearchConfig, search};
use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::predictor::Conditional;

/// A model-based agent: a [`FactoredModel`] of its environment, ρUCT
/// planning on it, and an optional exploration schedule (a random action
/// with probability `ε`, which decays by a factor each cycle, as in the
/// paper's §7 experiments).
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Agent<P> {
    model: FactoredModel<P>,
    config: SearchConfig,
    bounds: Bounds,
    max_observation: u64,
    reward_offset: f64,
    schedule: Schedule,
    cycles: u64,
    total_reward: f64,
    plan: Vec<ActionValue>,
}

impl<P: Conditional + Clone> Agent<P> {
    /// An agent for `environment` whose model has one predictor from `make`
    /// per percept bit; fails for a zero horizon, zero simulations or a
    /// bad exploration constant. It starts by learning the environment's
    /// initial percept.
    pub fn new<E: Environment + ?Sized>(
        environment: &E,
        make: impl Fn() -> P,
        config: SearchConfig,
    ) -> Result<Self> {
        Self::per_bit(environment, |_| make(), config)
    }

    /// As [`new`](Self::new), with `make(position)` for the predictor of
    /// each percept bit (see [`FactoredModel::per_bit`]).
    pub fn per_bit<E: Environment + ?Sized>(
        environment: &E,
        make: impl FnMut(usize) -> P,
        config: SearchConfig,
    ) -> Result<Self> {
        let config = config.checked()?;
        check_environment(environment)?;
        let mut model = FactoredModel::per_bit(environment, make);
        model.learn_percept(environment, environment.initial_percept());
        Ok(Self {
            model,
            config,
            bounds: Bounds {
                actions: environment.actions(),
                max_reward: environment.max_reward(),
            },
            max_observation: environment.max_observation(),
            reward_offset: environment.reward_offset(),
            schedule: Schedule::default(),
            cycles: 0,
            total_reward: 0.0,
            plan: Vec::new(),
        })
    }

    /// Explores: a uniformly random action with probability `rate`, which
    /// is multiplied by `decay` after every cycle. Fails unless both are
    /// in `[0, 1]`.
    pub fn with_exploration(mut self, rate: f64, decay: f64) -> Result<Self> {
        self.schedule.set_exploration(rate, decay)?;
        Ok(self)
    }

    /// After `cycles` cycles the agent stops exploring and its model stops
    /// learning (percepts only condition it), as in the paper's
    /// experiments and the reference code's `learning-period`: what it
    /// earns after that measures what it learned.
    pub fn with_learning_period(mut self, cycles: u64) -> Self {
        self.schedule.set_learning_period(cycles);
        self
    }

    /// Whether the learning period is over.
    pub fn is_evaluating(&self) -> bool {
        self.schedule.is_evaluating(self.cycles)
    }

    /// The last decision's plan: each root action's mean simulated encoded
    /// reward over the horizon and its visit count (empty after an
    /// exploring action).
    pub fn plan(&self) -> &[ActionValue] {
        &self.plan
    }

    /// The world model.
    pub fn model(&self) -> &FactoredModel<P> {
        &self.model
    }

    /// The model's top hypotheses behind the plan, per percept bit.
    pub fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.model.explain(n)
    }

    /// Between [`act`](Learner::act) and [`observe`](Learner::observe):
    /// the `n` percepts the model finds most probable after the chosen
    /// action, with their probabilities (see
    /// [`FactoredModel::likely_percepts`]).
    pub fn likely_percepts(&self, n: usize) -> Vec<(Percept, f64)> {
        self.model.likely_percepts(n)
    }
}

impl<P: Conditional + Clone> Learner for Agent<P> {
    /// Chooses the next action (exploring, or planning with ρUCT) and
    /// conditions the model on it.
    fn act(&mut self, rng: &mut dyn Rng) -> usize {
        let action = if self.schedule.explores(self.cycles, rng) {
            self.plan.clear();
            rng.random_range(0..self.bounds.actions)
        } else {
            self.plan = search(&mut self.model, self.bounds, self.config, rng);
            // The largest mean, ties to the lowest action; an action never
            // simulated is never preferred to one that was.
            self.plan
                .iter()
                .filter_map(|v| v.value.map(|value| (value, v.action)))
                .fold(
                    None,
                    |best: Option<(f64, usize)>, (value, action)| match best {
                        Some((b, _)) if b >= value => best,
                        _ => Some((value, action)),
                    },
                )
                .map_or(0, |(_, action)| action)
        };
        self.model.condition_action(action);
        action
    }

    /// Learns the percept (after the learning period, only conditions
    /// the model on it).
    fn observe(&mut self, environment: &dyn Environment, percept: Percept) -> Result<()> {
        if percept.reward > self.bounds.max_reward {
            return Err(Error::InvalidSize {
                what: "encoded reward",
                expected: "at most the environment's declared max_reward",
                value: percept.reward as usize,
            });
        }
        if percept.observation > self.max_observation {
            return Err(Error::InvalidSize {
                what: "observation",
                expected: "at most the environment's declared max_observation",
                value: percept.observation as usize,
            });
        }
        if self.is_evaluating() {
            self.model.condition_percept(environment, percept);
        } else {
            self.model.learn_percept(environment, percept);
        }
        self.cycles += 1;
        self.total_reward += percept.reward as f64 - self.reward_offset;
        Ok(())
    }

    fn cycles(&self) -> u64 {
        self.cycles
    }

    fn total_reward(&self) -> f64 {
        self.total_reward
    }
}
