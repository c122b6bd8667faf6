//! Grid mazes, with the cheese maze of McCallum (1996).

use rand::{Rng, RngExt};

use crate::agent::environment::{Environment, Percept, check_action};
use crate::error::{Error, Result};

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
    /// The largest encoded reward, found once at construction.
    max_reward: u64,
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
        let min = check_maze(layout, rewards)?;
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
            max_reward: 0,
        };
        maze.max_reward = maze.rewards.iter().flatten().copied().max().unwrap_or(0);
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
        self.max_reward
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

/// Checks a maze's layout and rewards (see [`Maze::new`]) and returns the
/// smallest reward.
fn check_maze(layout: &[&str], rewards: &[&[i64]]) -> Result<i64> {
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
    Ok(min)
}
