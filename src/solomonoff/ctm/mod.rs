//! Small Turing machines and the coding-theorem method.
//!
//! The coding-theorem method (Delahaye & Zenil 2012; Soler-Toscano, Zenil,
//! Delahaye & Gauvrit 2014) estimates the Kolmogorov complexity of short
//! strings from how often small Turing machines produce them:
//! `K(s) ≈ -log2 D(n)(s)`, where `D(n)(s)` is the fraction of halting
//! `n`-state, 2-symbol machines whose output is `s`.
//!
//! Machines follow the busy-beaver formalism used there: each of the `2n`
//! (state, symbol) transitions is one of `4n + 2` choices — write 0 or 1,
//! move left or right, go to one of `n` states (`4n`), or write 0 or 1 and
//! halt without moving (2) — so there are `(4n + 2)^(2n)` machines. The
//! tape starts blank (all 0) in state 0; when a machine halts its output is
//! the visited part of the tape, leftmost to rightmost visited cell. Every
//! transition applied, the halting one included, is a step.
//!
//! The enumeration branches lazily, as the Solomonoff prefix tree does: a
//! machine runs until it first uses an undefined transition, then branches
//! over that transition's `4n + 2` choices; transitions a run never uses
//! multiply its count instead of being enumerated (tree normal form, as in
//! busy-beaver searches). Mirror symmetry halves the rest: the first
//! transition either halts or moves, and every machine whose first move
//! goes left is the mirror image of one whose first move goes right, with
//! the reversed output.
//!
//! # Past one call: shards, checkpoints, clusters
//!
//! [`Shards`] cuts the branch tree at a fixed depth into numbered pieces
//! (`D(4)`: 3,240; `D(5)`: 127,776) whose ids are stable, so that any of
//! them can be computed anywhere, any time, and merged exactly into a
//! [`PartialDistribution`]. [`ShardCheckpoint`] keeps finished shards in
//! a file that survives a crash. With the feature `cluster`,
//! `cluster::enumerate` runs the shards on timely workers and processes.
//! This is how `D(5)` (at the literature's cutoff of 500 steps), which
//! [`OutputDistribution::enumerate`] refuses, is computed.

mod checkpoint;
mod distribution;
mod machine;
mod predictor;
mod shards;
mod table;

pub use checkpoint::ShardCheckpoint;
pub use distribution::OutputDistribution;
pub use machine::TuringMachine;
pub use predictor::Ctm;
pub use shards::{PartialDistribution, ShardTally, Shards};

/// Most states [`OutputDistribution::enumerate`] accepts:
/// `(4·4 + 2)^8 ≈ 1.1 × 10^10` machines.
pub const MAX_STATES: usize = 4;

/// Most states [`Shards`] accepts: `D(5)`, `22^10 ≈ 2.7 × 10^13`
/// machines, the largest distribution the literature has computed
/// (Soler-Toscano et al. 2014), too large for one call on one machine but
/// not for shards run over days or over a cluster.
pub const MAX_SHARDED_STATES: usize = 5;

/// Largest step budget [`OutputDistribution::enumerate`] and [`Shards`] accept. Every
/// run that does not halt costs the whole budget, and no machine of at
/// most 4 states that halts takes more than 107 steps (the 4-state busy
/// beaver), so a larger budget only burns time; the literature's `D(5)`
/// uses 500.
pub const MAX_ENUMERATION_STEPS: u64 = 100_000;

/// Largest step budget [`TuringMachine::run`] accepts: `2^28` steps, about
/// a second, with a tape of at most as many cells.
pub const MAX_RUN_STEPS: u64 = 1 << 28;
