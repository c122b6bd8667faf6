//! Games against fixed opponents: a biased coin, biased rock-paper-scissors,
//! Kuhn poker and tic-tac-toe.

use rand::{Rng, RngExt};

use crate::agent::environment::{Environment, Percept, check_action};
use crate::error::{Result, check_probability};

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
