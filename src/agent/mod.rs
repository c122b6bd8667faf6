//! Model-based reinforcement learning: any predictor as the world model of
//! a planning agent.
//!
//! The agent setting of AIXI, as MC-AIXI (Veness et al., 2011, JAIR 40)
//! approximates it: at each cycle the agent sends an action to an
//! [`Environment`] and receives a [`Percept`] (an observation and a
//! reward). The agent's world model predicts percept bits given the whole
//! history of actions and percepts; it plans with ρUCT, Monte-Carlo tree
//! search over the futures its model predicts.
//!
//! - [`Environment`], [`Percept`]: the setting, with the bit encoding of
//!   the reference code (`moridinamael/mc-aixi`).
//! - [`CoinFlip`], [`Tiger`], [`ExtendedTiger`], [`BiasedRockPaperScissors`],
//!   [`KuhnPoker`], [`TicTacToe`], [`Maze`] (the 1d-maze, the cheese maze
//!   and the 4×4 grid): domains of the paper, with the reference code's dynamics and
//!   defaults.
//! - [`Conditional`]: a predictor that can hold bits it does not predict
//!   (the agent's own actions): `Kt`, `MarkovKt`, `Ctw`, `CircuitMixture`,
//!   a `Mixture` of them (of one type, or of `Box<dyn CloneConditional>`
//!   to mix families), and a `LogicalInductor` whose traders are such
//!   predictors (`PredictorTrader::conditional`).
//! - [`FactoredModel`]: one predictor per percept bit (FAC-CTW's
//!   factoring), whatever the family.
//! - [`SearchConfig`], [`Agent`]: ρUCT and the agent loop, with the plan
//!   (each action's value and visits), the percepts the model expects
//!   after an action ([`Agent::likely_percepts`]) and the model's
//!   hypotheses per percept bit open to inspection.
//! - [`Learner`]: act, then learn from the percept; `step` runs one cycle.
//! - [`QLearning`]: the model-free baseline, tabular Q-learning over the
//!   last `k` percepts, on the same exploration schedule.
//!
//! ```
//! use inductive::agent::{Agent, CoinFlip, Learner, SearchConfig};
//! use inductive::prelude::*;
//! use rand::SeedableRng;
//!
//! let mut rng = rand::rngs::StdRng::seed_from_u64(1);
//! let mut coin = CoinFlip::new(0.9, &mut rng)?;
//! let config = SearchConfig { horizon: 1, simulations: 20, exploration: 2.0 };
//! // CTW of depth 4 per percept bit: the reward bit's context holds the action.
//! let mut agent = Agent::new(&coin, || Ctw::new(4).unwrap(), config)?;
//! for _ in 0..300 {
//!     agent.step(&mut coin, &mut rng)?;
//! }
//! assert!(agent.average_reward() > 0.75); // it calls heads (optimum 0.9)
//! # Ok::<(), inductive::Error>(())
//! ```

mod domains;
mod environment;
mod learner;
mod model;
mod planning_agent;
mod qlearning;
mod schedule;
mod search;

pub use crate::predictor::{CloneConditional, Conditional};
pub use domains::{
    BiasedRockPaperScissors, CoinFlip, ExtendedTiger, KuhnPoker, Maze, MazeObservation, TicTacToe,
    Tiger,
};
pub use environment::{
    Environment, MAX_ACTIONS, Percept, bits_required, decode, decode_percept, encode,
    encode_percept,
};
pub use learner::Learner;
pub use model::FactoredModel;
pub use planning_agent::Agent;
pub use qlearning::QLearning;
pub use search::{ActionValue, SearchConfig};
