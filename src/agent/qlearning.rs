//! [`QLearning`]: the model-free baseline, tabular Q-learning over the last
//! `k` percepts, to measure what a world model buys.

use std::collections::{HashMap, VecDeque};

use rand::{Rng, RngExt};

use crate::agent::environment::{Environment, Percept, check_environment};
use crate::agent::learner::Learner;
use crate::agent::schedule::Schedule;
use crate::error::{Error, Result};

/// Tabular Q-learning (Watkins, 1989) whose state is the last `k`
/// percepts, with ε-greedy exploration on the same schedule as
/// [`Agent`](crate::agent::Agent): a rate that decays every cycle and a
/// learning period after which it neither explores nor learns. Rewards
/// are real (encoded minus the offset). Values start optimistic, at the
/// largest real reward over `1 − discount` (the most any policy could
/// earn), so that the greedy choice tries every action before settling
/// (Sutton & Barto, 2018, §2.6); [`with_initial_value`](Self::with_initial_value)
/// sets another start.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct QLearning {
    actions: usize,
    window: usize,
    rate: f64,
    discount: f64,
    schedule: Schedule,
    max_observation: u64,
    max_reward: u64,
    reward_offset: f64,
    recent: VecDeque<Percept>,
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::map_as_pairs"))]
    table: HashMap<Vec<Percept>, Vec<f64>>,
    /// The value of a state-action pair never updated.
    initial: f64,
    /// The state and action awaiting their percept.
    pending: Option<(Vec<Percept>, usize)>,
    cycles: u64,
    total_reward: f64,
}

impl QLearning {
    /// Longest percept window.
    pub const MAX_WINDOW: usize = 64;

    /// Q-learning for `environment` over the last `window` percepts, with
    /// learning rate `rate` in `(0, 1]` and discount in `[0, 1)`; fails
    /// otherwise, or for a window of 0 or above [`MAX_WINDOW`](Self::MAX_WINDOW).
    pub fn new<E: Environment + ?Sized>(
        environment: &E,
        window: usize,
        rate: f64,
        discount: f64,
    ) -> Result<Self> {
        if !(1..=Self::MAX_WINDOW).contains(&window) {
            return Err(Error::InvalidSize {
                what: "Q-learning percept window",
                expected: "from 1 to 64 percepts",
                value: window,
            });
        }
        if !(rate > 0.0 && rate <= 1.0) {
            return Err(Error::InvalidParameter {
                what: "Q-learning rate",
                expected: "in (0, 1]",
                value: rate,
            });
        }
        if !(0.0..1.0).contains(&discount) {
            return Err(Error::InvalidParameter {
                what: "Q-learning discount",
                expected: "in [0, 1)",
                value: discount,
            });
        }
        check_environment(environment)?;
        let initial =
            (environment.max_reward() as f64 - environment.reward_offset()) / (1.0 - discount);
        if !initial.is_finite() {
            return Err(Error::InvalidParameter {
                what: "Q-learning start value, (max reward - reward offset) / (1 - discount)",
                expected: "finite (a smaller reward offset or discount)",
                value: initial,
            });
        }
        let mut recent = VecDeque::with_capacity(window);
        recent.push_back(environment.initial_percept());
        Ok(Self {
            actions: environment.actions(),
            window,
            rate,
            discount,
            schedule: Schedule::default(),
            max_observation: environment.max_observation(),
            max_reward: environment.max_reward(),
            reward_offset: environment.reward_offset(),
            recent,
            table: HashMap::new(),
            initial,
            pending: None,
            cycles: 0,
            total_reward: 0.0,
        })
    }

    /// Explores with probability `rate`, multiplied by `decay` each cycle;
    /// fails unless both are in `[0, 1]`.
    pub fn with_exploration(mut self, rate: f64, decay: f64) -> Result<Self> {
        self.schedule.set_exploration(rate, decay)?;
        Ok(self)
    }

    /// Starts every action value at `value` instead (0 is the pessimistic
    /// start of many textbook examples); fails for a value that is not
    /// finite.
    pub fn with_initial_value(mut self, value: f64) -> Result<Self> {
        if !value.is_finite() {
            return Err(Error::InvalidParameter {
                what: "Q-learning initial value",
                expected: "finite",
                value,
            });
        }
        self.initial = value;
        Ok(self)
    }

    /// After `cycles` cycles, neither explores nor learns.
    pub fn with_learning_period(mut self, cycles: u64) -> Self {
        self.schedule.set_learning_period(cycles);
        self
    }

    fn is_evaluating(&self) -> bool {
        self.schedule.is_evaluating(self.cycles)
    }

    fn state(&self) -> Vec<Percept> {
        self.recent.iter().copied().collect()
    }

    /// The action values of the current state (the initial value where
    /// unseen).
    pub fn values(&self) -> ndarray::Array1<f64> {
        self.table.get(&self.state()).cloned().map_or_else(
            || ndarray::Array1::from_elem(self.actions, self.initial),
            ndarray::Array1::from,
        )
    }

    /// States in the table.
    pub fn states(&self) -> usize {
        self.table.len()
    }
}

impl Learner for QLearning {
    /// ε-greedy: a random action while exploring, else the best valued
    /// (ties to the lowest action).
    fn act(&mut self, rng: &mut dyn Rng) -> usize {
        let action = if self.schedule.explores(self.cycles, rng) {
            rng.random_range(0..self.actions)
        } else {
            let values = self.values();
            (0..self.actions).fold(0, |best, a| if values[a] > values[best] { a } else { best })
        };
        self.pending = Some((self.state(), action));
        action
    }

    /// Learns from the percept that followed the last action; fails,
    /// learning nothing, for a percept past the declared bounds.
    fn observe(&mut self, _environment: &dyn Environment, percept: Percept) -> Result<()> {
        if percept.reward > self.max_reward || percept.observation > self.max_observation {
            return Err(Error::InvalidSize {
                what: "percept (observation or encoded reward)",
                expected: "within the environment's declared bounds",
                value: percept.reward.max(percept.observation) as usize,
            });
        }
        let reward = percept.reward as f64 - self.reward_offset;
        if self.recent.len() == self.window {
            self.recent.pop_front();
        }
        self.recent.push_back(percept);
        if let (Some((state, action)), false) = (self.pending.take(), self.is_evaluating()) {
            let next = self.values().into_iter().fold(f64::NEG_INFINITY, f64::max);
            let (actions, initial) = (self.actions, self.initial);
            let q = &mut self
                .table
                .entry(state)
                .or_insert_with(|| vec![initial; actions])[action];
            *q += self.rate * (reward + self.discount * next - *q);
        }
        self.cycles += 1;
        self.total_reward += reward;
        Ok(())
    }

    fn cycles(&self) -> u64 {
        self.cycles
    }

    fn total_reward(&self) -> f64 {
        self.total_reward
    }
}
