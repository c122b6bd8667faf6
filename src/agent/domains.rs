//! The domains of MC-AIXI (Veness et al., 2011), with the dynamics, the
//! encodings and the defaults of its reference code
//! (`moridinamael/mc-aixi`, `src/`).

use rand::{Rng, RngExt};

use crate::agent::environment::{Environment, Percept, check_action};
use crate::error::{Error, Result, check_probability};

/// Coin flip: a biased coin lands heads with probability `p` (default
/// 0.7). The agent predicts the side (action 0 tails, 1 heads), observes
/// it (0 tails, 1 heads), and gets reward 1 if it was right, 0 if not.
/// Optimal average reward: `max(p, 1 − p)`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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

/// Biased rock-paper-scissors: the opponent plays rock again after it won
/// with rock, and otherwise plays uniformly at random. Actions and
/// observations: 0 rock, 1 paper, 2 scissors (the observation is the
/// opponent's move); encoded rewards 0 lose, 1 draw, 2 win (offset 1).
/// The first round is random (the initial observation is paper).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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

/// Kuhn poker (Kuhn, 1950) against the reference code's fixed opponent,
/// the agent acting second. Each round the agent and the opponent get one
/// of jack, queen and king (0, 1, 2), distinct; the opponent bets first
/// with probability 0.7/3 on a jack and 0.7 on a king and passes on a
/// queen. The observation is the agent's card, plus 4 if the opponent
/// passed. Actions: 0 bet, 1 pass. If the agent bets after a pass, the
/// opponent calls on a king, on a queen with probability 1.7/3, and folds
/// otherwise. Encoded rewards: 0 lost a bet (−2), 1 lost (−1), 3 won a
/// pass (+1), 4 won a bet (+2); offset 2.
///
/// The showdown follows the reference code exactly, including a quirk: the
/// agent wins whenever the opponent holds the jack or the agent holds the
/// king against a queen.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct KuhnPoker {
    agent_card: u64,
    opponent_card: u64,
    opponent_bet: bool,
}

impl KuhnPoker {
    const JACK: u64 = 0;
    const QUEEN: u64 = 1;
    const KING: u64 = 2;
    const BET: usize = 0;
    const PASS: usize = 1;
    /// The opponent's first-bet probability on a king.
    const BET_KING: f64 = 0.7;

    /// A game with its first round dealt.
    pub fn new(rng: &mut dyn Rng) -> Self {
        let mut game = Self {
            agent_card: 0,
            opponent_card: 1,
            opponent_bet: false,
        };
        game.deal(rng);
        game
    }

    fn deal(&mut self, rng: &mut dyn Rng) {
        self.agent_card = rng.random_range(0..3);
        self.opponent_card = self.agent_card;
        while self.opponent_card == self.agent_card {
            self.opponent_card = rng.random_range(0..3);
        }
        self.opponent_bet = match self.opponent_card {
            Self::JACK => rng.random_bool(Self::BET_KING / 3.0),
            Self::QUEEN => false,
            _ => rng.random_bool(Self::BET_KING),
        };
    }

    fn observation(&self) -> u64 {
        self.agent_card + if self.opponent_bet { 0 } else { 4 }
    }
}

impl Environment for KuhnPoker {
    fn actions(&self) -> usize {
        2
    }
    fn max_observation(&self) -> u64 {
        6
    }
    fn max_reward(&self) -> u64 {
        4
    }
    fn reward_offset(&self) -> f64 {
        2.0
    }
    fn initial_percept(&self) -> Percept {
        Percept {
            observation: self.observation(),
            reward: 0,
        }
    }
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept> {
        check_action(action, self.actions())?;
        let reward = if action == Self::PASS && self.opponent_bet {
            1 // folded to a bet
        } else {
            let mut uncontested = false;
            if action == Self::BET && !self.opponent_bet {
                // The opponent may change its mind.
                if self.opponent_card == Self::QUEEN
                    && rng.random_bool((1.0 + Self::BET_KING) / 3.0)
                    || self.opponent_card == Self::KING
                {
                    self.opponent_bet = true;
                } else {
                    uncontested = true;
                }
            }
            if uncontested {
                3
            } else {
                let agent_wins = self.opponent_card == Self::JACK
                    || (self.opponent_card == Self::QUEEN && self.agent_card == Self::KING);
                match (agent_wins, self.opponent_bet, action == Self::BET) {
                    (true, true, _) => 4,
                    (true, false, _) => 3,
                    (false, _, true) => 0,
                    (false, _, false) => 1,
                }
            }
        };
        self.deal(rng);
        Ok(Percept {
            observation: self.observation(),
            reward,
        })
    }
}

/// How a [`Maze`] shows the agent where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum MazeObservation {
    /// The same observation (0) every cycle.
    Uninformative,
    /// Walls around the agent: 1 left, 2 up, 4 right, 8 down, summed.
    Walls,
    /// The agent's cell, `row · columns + column`.
    Coordinates,
}

/// A grid maze as the reference code's `Maze`. Cells: `@` wall, `*` a
/// cell the agent can be teleported to, `&` an empty cell, `!` a cell that
/// teleports the agent to a random `*` cell after it enters. Actions: 0
/// left, 1 up, 2 right, 3 down; a maze of one row has only 0 left and 1
/// right. A move off the grid stays put, a move into a wall stays put. The reward is the one of the cell the agent *tried*
/// to enter, shifted so that the smallest is 0.
///
/// One departure: the reference code declares 6 as the largest walls
/// observation (3 bits), though the walls sum to 15; here it is 15 (4
/// bits, as its documentation and the paper say).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Maze {
    layout: Vec<Vec<u8>>,
    rewards: Vec<Vec<u64>>,
    offset: f64,
    encoding: MazeObservation,
    row: usize,
    column: usize,
    initial: Percept,
}

impl Maze {
    /// A maze from its rows of cells and of real rewards (equal
    /// dimensions); the agent starts on a random `*` cell. Fails for an
    /// empty maze, ragged rows, an unknown cell, no `*` cell, or rewards
    /// spanning more than 2^20.
    pub fn new(
        layout: &[&str],
        rewards: &[&[i64]],
        encoding: MazeObservation,
        rng: &mut dyn Rng,
    ) -> Result<Self> {
        let rows = layout.len();
        let columns = layout.first().map_or(0, |r| r.len());
        if rows == 0 || columns == 0 {
            return Err(Error::InvalidSize {
                what: "maze rows and columns",
                expected: "at least one of each",
                value: 0,
            });
        }
        if rewards.len() != rows {
            return Err(Error::LengthMismatch {
                what: "maze rows (layout and rewards)",
                left: rows,
                right: rewards.len(),
                hint: "give one reward row per layout row",
            });
        }
        let widths = layout
            .iter()
            .map(|r| r.len())
            .chain(rewards.iter().map(|r| r.len()));
        if let Some(width) = widths.into_iter().find(|&w| w != columns) {
            return Err(Error::LengthMismatch {
                what: "maze columns (every layout and reward row)",
                left: columns,
                right: width,
                hint: "give every layout and reward row the same number of cells",
            });
        }
        if let Some(bad) = layout
            .iter()
            .flat_map(|r| r.bytes())
            .find(|b| !b"@*&!".contains(b))
        {
            return Err(Error::InvalidSize {
                what: "maze cell (one of @ * & !)",
                expected: "@, *, & or !",
                value: usize::from(bad),
            });
        }
        if !layout.iter().any(|r| r.contains('*')) {
            return Err(Error::InvalidSize {
                what: "cells the agent can be teleported to (*)",
                expected: "at least one",
                value: 0,
            });
        }
        let min = rewards
            .iter()
            .flat_map(|r| r.iter())
            .copied()
            .min()
            .unwrap_or(0);
        let max = rewards
            .iter()
            .flat_map(|r| r.iter())
            .copied()
            .max()
            .unwrap_or(0);
        if max.saturating_sub(min) > 1 << 20 {
            return Err(Error::InvalidSize {
                what: "maze reward range",
                expected: "at most 2^20",
                value: max.saturating_sub(min) as usize,
            });
        }
        let mut maze = Self {
            layout: layout.iter().map(|r| r.bytes().collect()).collect(),
            rewards: rewards
                .iter()
                .map(|r| r.iter().map(|&x| (x - min) as u64).collect())
                .collect(),
            offset: -(min as f64),
            encoding,
            row: 0,
            column: 0,
            initial: Percept {
                observation: 0,
                reward: 0,
            },
        };
        maze.teleport(rng);
        maze.initial.observation = maze.observation();
        Ok(maze)
    }

    /// The cheese maze of McCallum (1996) as the reference code configures
    /// it: a three-pronged maze, walls observed; a wall costs 10, a step 1,
    /// the cheese (middle prong) pays 10 and teleports the agent.
    pub fn cheese(rng: &mut dyn Rng) -> Self {
        Self::new(
            &["@@@@@@@", "@*****@", "@*@*@*@", "@*@!@*@", "@@@@@@@"],
            &[
                &[-10, -10, -10, -10, -10, -10, -10],
                &[-10, -1, -1, -1, -1, -1, -10],
                &[-10, -1, -10, -1, -10, -1, -10],
                &[-10, -1, -10, 10, -10, -1, -10],
                &[-10, -10, -10, -10, -10, -10, -10],
            ],
            MazeObservation::Walls,
            rng,
        )
        .expect("a valid maze")
    }

    /// The 1d-maze of the paper (Veness et al., 2011, §7.2, after Cassandra
    /// et al., 1994): four cells in a row, two actions, uninformative
    /// observations; entering the third cell pays 1 and teleports the agent
    /// to one of the other three. The reference code has no configuration
    /// for it; this follows the paper's description.
    pub fn one_dimensional(rng: &mut dyn Rng) -> Self {
        Self::new(
            &["**!*"],
            &[&[0, 0, 1, 0]],
            MazeObservation::Uninformative,
            rng,
        )
        .expect("a valid maze")
    }

    /// The 4×4 grid of the reference code: no walls, uninformative
    /// observations, reward 1 for reaching the bottom-right cell, which
    /// teleports the agent.
    pub fn grid_4x4(rng: &mut dyn Rng) -> Self {
        Self::new(
            &["****", "****", "****", "***!"],
            &[&[0, 0, 0, 0], &[0, 0, 0, 0], &[0, 0, 0, 0], &[0, 0, 0, 1]],
            MazeObservation::Uninformative,
            rng,
        )
        .expect("a valid maze")
    }

    fn rows(&self) -> usize {
        self.layout.len()
    }

    fn columns(&self) -> usize {
        self.layout[0].len()
    }

    /// Uniform over the `*` cells (the reference code's rejection sampling).
    fn teleport(&mut self, rng: &mut dyn Rng) {
        loop {
            self.row = rng.random_range(0..self.rows());
            self.column = rng.random_range(0..self.columns());
            if self.layout[self.row][self.column] == b'*' {
                return;
            }
        }
    }

    fn observation(&self) -> u64 {
        let wall = |r: usize, c: usize| self.layout[r][c] == b'@';
        match self.encoding {
            MazeObservation::Uninformative => 0,
            MazeObservation::Walls => {
                let (r, c) = (self.row, self.column);
                u64::from(c == 0 || wall(r, c - 1))
                    + 2 * u64::from(r == 0 || wall(r - 1, c))
                    + 4 * u64::from(c + 1 == self.columns() || wall(r, c + 1))
                    + 8 * u64::from(r + 1 == self.rows() || wall(r + 1, c))
            }
            MazeObservation::Coordinates => (self.row * self.columns() + self.column) as u64,
        }
    }
}

impl Environment for Maze {
    fn actions(&self) -> usize {
        if self.rows() == 1 { 2 } else { 4 }
    }
    fn max_observation(&self) -> u64 {
        match self.encoding {
            MazeObservation::Uninformative => 0,
            MazeObservation::Walls => 15,
            MazeObservation::Coordinates => (self.rows() * self.columns() - 1) as u64,
        }
    }
    fn max_reward(&self) -> u64 {
        self.rewards
            .iter()
            .flat_map(|r| r.iter())
            .copied()
            .max()
            .unwrap_or(0)
    }
    fn reward_offset(&self) -> f64 {
        self.offset
    }
    fn initial_percept(&self) -> Percept {
        self.initial
    }
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept> {
        check_action(action, self.actions())?;
        // In one row the actions are 0 left and 1 right.
        let action = if self.rows() == 1 { 2 * action } else { action };
        let row = match action {
            1 => self.row.saturating_sub(1),
            3 => (self.row + 1).min(self.rows() - 1),
            _ => self.row,
        };
        let column = match action {
            0 => self.column.saturating_sub(1),
            2 => (self.column + 1).min(self.columns() - 1),
            _ => self.column,
        };
        if self.layout[row][column] != b'@' {
            (self.row, self.column) = (row, column);
        }
        if self.layout[self.row][self.column] == b'!' {
            self.teleport(rng);
        }
        Ok(Percept {
            observation: self.observation(),
            reward: self.rewards[row][column],
        })
    }
}

/// Tic-tac-toe against an opponent that plays uniformly at random. Action
/// `a` marks row `a / 3`, column `a % 3`. The observation is the board,
/// two bits a cell (0 empty, 1 agent, 2 opponent), the first cell most
/// significant (18 bits). Encoded rewards: 0 an occupied cell (−3, and the
/// board is cleared), 1 lost (−2), 3 the game goes on (0), 4 draw (+1),
/// 5 won (+2); offset 3. A game is a draw after the agent's fifth move.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TicTacToe {
    board: [[u8; 3]; 3],
    moves: u32,
}

impl TicTacToe {
    /// An empty board.
    pub fn new() -> Self {
        Self::default()
    }

    fn won(&self) -> bool {
        let b = &self.board;
        (0..3).any(|r| b[r][0] != 0 && b[r][0] == b[r][1] && b[r][1] == b[r][2])
            || (0..3).any(|c| b[0][c] != 0 && b[0][c] == b[1][c] && b[1][c] == b[2][c])
            || (b[1][1] != 0 && b[0][0] == b[1][1] && b[1][1] == b[2][2])
            || (b[1][1] != 0 && b[0][2] == b[1][1] && b[1][1] == b[2][0])
    }

    fn observation(&self) -> u64 {
        self.board
            .iter()
            .flatten()
            .fold(0, |o, &cell| 4 * o + u64::from(cell))
    }

    fn finish(&mut self, reward: u64) -> Percept {
        *self = Self::new();
        Percept {
            observation: 0,
            reward,
        }
    }
}

impl Environment for TicTacToe {
    fn actions(&self) -> usize {
        9
    }
    fn max_observation(&self) -> u64 {
        174_762 // 0b10_1010_1010_1010_1010
    }
    fn max_reward(&self) -> u64 {
        5
    }
    fn reward_offset(&self) -> f64 {
        3.0
    }
    fn initial_percept(&self) -> Percept {
        Percept::ZERO
    }
    fn perform(&mut self, action: usize, rng: &mut dyn Rng) -> Result<Percept> {
        check_action(action, self.actions())?;
        self.moves += 1;
        let (r, c) = (action / 3, action % 3);
        if self.board[r][c] != 0 {
            return Ok(self.finish(0));
        }
        self.board[r][c] = 1;
        if self.won() {
            return Ok(self.finish(5));
        }
        if self.moves == 5 {
            return Ok(self.finish(4));
        }
        let (mut r, mut c) = (r, c);
        while self.board[r][c] != 0 {
            r = rng.random_range(0..3);
            c = rng.random_range(0..3);
        }
        self.board[r][c] = 2;
        if self.won() {
            return Ok(self.finish(1));
        }
        Ok(Percept {
            observation: self.observation(),
            reward: 3,
        })
    }
}
