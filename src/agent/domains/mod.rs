//! The domains of MC-AIXI (Veness et al., 2011), with the dynamics, the
//! encodings and the defaults of its reference code
//! (`moridinamael/mc-aixi`, `src/`).

mod games;
mod maze;
mod tiger;

pub use games::{BiasedRockPaperScissors, CoinFlip, KuhnPoker, TicTacToe};
pub use maze::{Maze, MazeObservation};
pub use tiger::{ExtendedTiger, Tiger};
