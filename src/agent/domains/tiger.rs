//! Tiger and extended tiger: partially observable doors, where listening
//! costs a little and opening the wrong door a lot.

use rand::{Rng, RngExt};

use crate::agent::environment::{Environment, Percept, check_action};
use crate::error::{Result, check_probability};

/// Tiger (Kaelbling et al., 1998): a tiger and a pot of gold hide behind
/// two doors. Actions: 0 listen, 1 open left, 2 open right. Listening costs
/// 1 and reports the tiger's door correctly with probability 0.85
/// (observation 1 left, 2 right); opening a door gives +10 for the gold or
/// −100 for the tiger, observation 0, and hides them again at random.
/// Encoded rewards 0, 99 and 110 (offset 100), 7 bits.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
        Percept::ZERO
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

/// Extended tiger: tiger with a stool. Actions: 0 listen, 1 open left,
/// 2 open right, 3 stand. Seated, the agent may listen (encoded reward 100,
/// real 0, hearing the tiger's door with probability 0.85) or stand (99,
/// real −1); standing, it may open a door: gold 130 (+30) or tiger 0
/// (−100), then it is re-seated and the tiger re-placed. Any other action
/// is invalid: 0 (−100). Observations 0 null, 1 left, 2 right; offset 100.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ExtendedTiger {
    accuracy: f64,
    tiger: u64,
    sitting: bool,
}

impl ExtendedTiger {
    /// Extended tiger with the given listening accuracy; fails unless it
    /// is in `[0, 1]`.
    pub fn new(accuracy: f64, rng: &mut dyn Rng) -> Result<Self> {
        check_probability("tiger listening accuracy", accuracy)?;
        Ok(Self {
            accuracy,
            tiger: Tiger::place(rng),
            sitting: true,
        })
    }
}

impl Environment for ExtendedTiger {
    fn actions(&self) -> usize {
        4
    }
    fn max_observation(&self) -> u64 {
        2
    }
    fn max_reward(&self) -> u64 {
        130
    }
    fn reward_offset(&self) -> f64 {
        100.0
    }
    fn initial_percept(&self) -> Percept {
        Percept::ZERO
    }
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept> {
        check_action(action, self.actions())?;
        let gold = Tiger::LEFT + Tiger::RIGHT - self.tiger;
        let mut percept = Percept::ZERO; // an invalid action's
        match (action, self.sitting) {
            (0, true) => {
                percept.observation = if rng.random_bool(self.accuracy) {
                    self.tiger
                } else {
                    gold
                };
                percept.reward = 100;
            }
            (1 | 2, false) => {
                percept.reward = if action as u64 == self.tiger { 0 } else { 130 };
                self.tiger = Tiger::place(rng);
                self.sitting = true;
            }
            (3, true) => {
                percept.reward = 99;
                self.sitting = false;
            }
            _ => {}
        }
        Ok(percept)
    }
}
