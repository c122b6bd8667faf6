//! ρUCT (Veness et al., 2011, §4): Monte-Carlo tree search over a world
//! model's predicted futures, with UCB at decision nodes and the model's
//! samples at chance nodes.

use std::collections::HashMap;

use rand::{Rng, RngExt};

use crate::agent::environment::Percept;
use crate::agent::model::FactoredModel;
use crate::error::{Error, Result};
use crate::predictor::Conditional;

/// ρUCT's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SearchConfig {
    /// Cycles looked ahead (the paper's `m`).
    pub horizon: usize,
    /// Simulations per decision.
    pub simulations: usize,
    /// `C` in the UCB bonus `m·(β−α)·sqrt(C·ln N / n)` (the reference code's 2).
    pub exploration: f64,
}

impl SearchConfig {
    /// Longest horizon: the search recurses once per cycle looked ahead, so
    /// the horizon bounds its stack (the paper's longest is 12).
    pub const MAX_HORIZON: usize = 1000;

    /// Checks the parameters: a horizon from 1 to
    /// [`MAX_HORIZON`](Self::MAX_HORIZON), a positive simulation count and
    /// a finite, non-negative exploration constant.
    pub fn checked(self) -> Result<Self> {
        if !(1..=Self::MAX_HORIZON).contains(&self.horizon) {
            return Err(Error::InvalidSize {
                what: "search horizon",
                expected: "from 1 to 1,000 cycles (SearchConfig::MAX_HORIZON)",
                value: self.horizon,
            });
        }
        if self.simulations == 0 {
            return Err(Error::InvalidSize {
                what: "simulations per decision",
                expected: "at least 1",
                value: 0,
            });
        }
        if !(self.exploration.is_finite() && self.exploration >= 0.0) {
            return Err(Error::InvalidParameter {
                what: "UCB exploration constant",
                expected: "finite and non-negative",
                value: self.exploration,
            });
        }
        Ok(self)
    }
}

/// A node of the search tree: a decision node's children are indexed by
/// action, a chance node's by percept (the paper's definition; the
/// reference code keys them by observation alone).
#[derive(Debug, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
struct Node {
    visits: u64,
    mean: f64,
    actions: Vec<Option<Node>>,
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::map_as_pairs"))]
    percepts: HashMap<Percept, Node>,
}

impl Node {
    fn record(&mut self, reward: f64) {
        self.visits += 1;
        self.mean += (reward - self.mean) / self.visits as f64;
    }
}

/// What the search concluded for one action at the root.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActionValue {
    /// The action.
    pub action: usize,
    /// Mean encoded reward over the horizon from the simulations that
    /// took it (`None` if none did).
    pub value: Option<f64>,
    /// Simulations that took it.
    pub visits: u64,
}

/// The bounds the search needs of the environment.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub(crate) struct Bounds {
    pub actions: usize,
    pub max_reward: u64,
}

/// One ρUCT search from the model's current state; returns every root
/// action's value and visit count (they sum to the simulations less one:
/// the first is a playout from the unvisited root, as in the paper). The
/// model is marked, and reverted after each simulation, so it ends as it
/// began. The tree is dropped at the end.
pub(crate) fn search<P: Conditional + Clone>(
    model: &mut FactoredModel<P>,
    bounds: Bounds,
    config: SearchConfig,
    rng: &mut dyn Rng,
) -> Vec<ActionValue> {
    let mut root = Node::default();
    let mut simulator = Simulator {
        bounds,
        config,
        rng,
    };
    model.mark();
    for _ in 0..config.simulations {
        simulator.decision(&mut root, model, config.horizon);
        model.revert();
    }
    model.unmark();
    (0..bounds.actions)
        .map(|action| {
            let child = root.actions.get(action).and_then(Option::as_ref);
            ActionValue {
                action,
                value: child.filter(|c| c.visits > 0).map(|c| c.mean),
                visits: child.map_or(0, |c| c.visits),
            }
        })
        .collect()
}

/// What every step of a simulation needs.
struct Simulator<'r> {
    bounds: Bounds,
    config: SearchConfig,
    rng: &'r mut dyn Rng,
}

impl Simulator<'_> {
    /// UCB at a decision node: an untried action first (at random among
    /// them), then the largest `mean + m·β·sqrt(C·ln N / n)`, ties broken at
    /// random.
    fn select_action(&mut self, node: &Node) -> usize {
        let actions = self.bounds.actions;
        let untried: Vec<usize> = (0..actions)
            .filter(|&a| {
                node.actions
                    .get(a)
                    .and_then(Option::as_ref)
                    .is_none_or(|c| c.visits == 0)
            })
            .collect();
        if !untried.is_empty() {
            return untried[self.rng.random_range(0..untried.len())];
        }
        let bias = self.config.horizon as f64 * self.bounds.max_reward as f64;
        // `bias·sqrt(C)·sqrt(ln N / n)`, in an order that stays finite for
        // every finite `C` (sqrt(f64::MAX) times the largest bias is ~1e177).
        let scale = bias * self.config.exploration.sqrt();
        let ln_visits = (node.visits as f64).ln();
        let mut best = (f64::NEG_INFINITY, 0usize);
        for (a, child) in node.actions.iter().enumerate() {
            let child = child.as_ref().expect("every action tried");
            let priority = child.mean + scale * (ln_visits / child.visits as f64).sqrt();
            // Random tie-breaking, as the reference code's tiny jitter does.
            let priority = priority + self.rng.random::<f64>() * 1e-9 * bias.max(1.0);
            if priority > best.0 {
                best = (priority, a);
            }
        }
        best.1
    }

    /// A decision node: a playout if it was never visited, else the UCB
    /// action and its chance node.
    fn decision<P: Conditional>(
        &mut self,
        node: &mut Node,
        model: &mut FactoredModel<P>,
        horizon: usize,
    ) -> f64 {
        if horizon == 0 {
            return 0.0;
        }
        let reward = if node.visits == 0 {
            self.playout(model, horizon)
        } else {
            let action = self.select_action(node);
            if node.actions.len() < self.bounds.actions {
                node.actions.resize_with(self.bounds.actions, || None);
            }
            model.condition_action(action);
            let child = node.actions[action].get_or_insert_with(Node::default);
            self.chance(child, model, horizon)
        };
        node.record(reward);
        reward
    }

    /// A chance node: a percept from the model, then the decision after it.
    fn chance<P: Conditional>(
        &mut self,
        node: &mut Node,
        model: &mut FactoredModel<P>,
        horizon: usize,
    ) -> f64 {
        let percept = model.sample_percept(self.rng);
        let child = node.percepts.entry(percept).or_default();
        let reward = percept.reward as f64 + self.decision(child, model, horizon - 1);
        node.record(reward);
        reward
    }

    /// The playout policy: uniformly random actions, percepts from the model.
    fn playout<P: Conditional>(&mut self, model: &mut FactoredModel<P>, horizon: usize) -> f64 {
        let mut total = 0.0;
        for _ in 0..horizon {
            model.condition_action(self.rng.random_range(0..self.bounds.actions));
            total += model.sample_percept(self.rng).reward as f64;
        }
        total
    }
}
