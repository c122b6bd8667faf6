//! The domains of MC-AIXI (Veness et al., 2011), with the dynamics, the
//! encodings and the defaults of its reference code
//! (`moridinamael/mc-aixi`, `src/`).

use rand::{Rng, RngExt};

use crate::agent::environment::{Environment, Percept, check_action};
use crate::error::{Result, check_probability};

/// Coin flip: a biased coin lands heads with probability `p` (default
/// 0.7). The agent predicts the side (action 0 tails, 1 heads), observes
/// it (0 tails, 1 heads), and gets reward 1 if it was right, 0 if not.
/// Optimal average reward: `max(p, 1 − p)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CoinFlip {
    probability: f64,
    initial: Percept,
}

impl CoinFlip {
    /// The reference code's default bias.
    pub const DEFAULT_PROBABILITY: f64 = 0.7;

    /// A coin landing heads with probability `p`; fails unless `p` is in
    /// `[0, 1]`. The first observation is a flip too.
    pub fn new(p: f64, rng: &mut dyn Rng) -> Result<Self> {
        check_probability("coin flip probability of heads", p)?;
        let heads = rng.random_bool(p);
        Ok(Self {
            probability: p,
            initial: Percept {
                observation: u64::from(heads),
                reward: 0,
            },
        })
    }
}

impl Environment for CoinFlip {
    fn actions(&self) -> usize {
        2
    }
    fn max_observation(&self) -> u64 {
        1
    }
    fn max_reward(&self) -> u64 {
        1
    }
    fn initial_percept(&self) -> Percept {
        self.initial
    }
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept> {
        check_action(action, self.actions())?;
        let side = u64::from(rng.random_bool(self.probability));
        Ok(Percept {
            observation: side,
            reward: u64::from(action as u64 == side),
        })
    }
}

/// Tiger (Kaelbling et al., 1998): a tiger and a pot of gold hide behind
/// two doors. Actions: 0 listen, 1 open left, 2 open right. Listening costs
/// 1 and reports the tiger's door correctly with probability 0.85
/// (observation 1 left, 2 right); opening a door gives +10 for the gold or
/// −100 for the tiger, observation 0, and hides them again at random.
/// Encoded rewards 0, 99 and 110 (offset 100), 7 bits.
#[derive(Debug, Clone, PartialEq)]
pub struct Tiger {
    accuracy: f64,
    /// The tiger's door: 1 left, 2 right.
    tiger: u64,
}

impl Tiger {
    /// The reference code's listening accuracy.
    pub const DEFAULT_ACCURACY: f64 = 0.85;
    const LEFT: u64 = 1;
    const RIGHT: u64 = 2;

    /// Tiger with the given listening accuracy; fails unless it is in
    /// `[0, 1]`.
    pub fn new(accuracy: f64, rng: &mut dyn Rng) -> Result<Self> {
        check_probability("tiger listening accuracy", accuracy)?;
        Ok(Self {
            accuracy,
            tiger: Self::place(rng),
        })
    }

    fn place(rng: &mut dyn Rng) -> u64 {
        if rng.random_bool(0.5) {
            Self::LEFT
        } else {
            Self::RIGHT
        }
    }
}

impl Environment for Tiger {
    fn actions(&self) -> usize {
        3
    }
    fn max_observation(&self) -> u64 {
        2
    }
    fn max_reward(&self) -> u64 {
        110
    }
    fn reward_offset(&self) -> f64 {
        100.0
    }
    fn initial_percept(&self) -> Percept {
        Percept {
            observation: 0,
            reward: 0,
        }
    }
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept> {
        check_action(action, self.actions())?;
        let gold = Self::LEFT + Self::RIGHT - self.tiger;
        if action == 0 {
            let heard = if rng.random_bool(self.accuracy) {
                self.tiger
            } else {
                gold
            };
            return Ok(Percept {
                observation: heard,
                reward: 99,
            });
        }
        let reward = if action as u64 == self.tiger { 0 } else { 110 };
        self.tiger = Self::place(rng);
        Ok(Percept {
            observation: 0,
            reward,
        })
    }
}

/// Biased rock-paper-scissors: the opponent plays rock again after it won
/// with rock, and otherwise plays uniformly at random. Actions and
/// observations: 0 rock, 1 paper, 2 scissors (the observation is the
/// opponent's move); encoded rewards 0 lose, 1 draw, 2 win (offset 1).
/// The first round is random (the initial observation is paper).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BiasedRockPaperScissors {
    last: Percept,
}

impl BiasedRockPaperScissors {
    const ROCK: u64 = 0;
    const PAPER: u64 = 1;
    const SCISSORS: u64 = 2;
    const LOSE: u64 = 0;
    const DRAW: u64 = 1;
    const WIN: u64 = 2;

    /// The game before its first round.
    pub fn new() -> Self {
        Self {
            last: Percept {
                observation: Self::PAPER,
                reward: 0,
            },
        }
    }
}

impl Default for BiasedRockPaperScissors {
    fn default() -> Self {
        Self::new()
    }
}

impl Environment for BiasedRockPaperScissors {
    fn actions(&self) -> usize {
        3
    }
    fn max_observation(&self) -> u64 {
        2
    }
    fn max_reward(&self) -> u64 {
        2
    }
    fn reward_offset(&self) -> f64 {
        1.0
    }
    fn initial_percept(&self) -> Percept {
        Self::new().last
    }
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept> {
        check_action(action, self.actions())?;
        // The opponent won with rock last round: rock again.
        let opponent = if self.last.observation == Self::ROCK && self.last.reward == Self::LOSE {
            Self::ROCK
        } else {
            rng.random_range(0..3)
        };
        let action = action as u64;
        let reward = if action == opponent {
            Self::DRAW
        } else if (action + 2) % 3 == opponent {
            // rock beats scissors, paper beats rock, scissors beat paper
            Self::WIN
        } else {
            Self::LOSE
        };
        debug_assert!(matches!(
            (action, opponent, reward),
            (Self::ROCK, Self::SCISSORS, Self::WIN)
                | (Self::PAPER, Self::ROCK, Self::WIN)
                | (Self::SCISSORS, Self::PAPER, Self::WIN)
                | (_, _, Self::DRAW | Self::LOSE)
        ));
        self.last = Percept {
            observation: opponent,
            reward,
        };
        Ok(self.last)
    }
}
