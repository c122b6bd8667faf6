//! Bounded Solomonoff induction over a reference machine, and the
//! coding-theorem method over small Turing machines.
//!
//! - [`Machine`]: a monotone machine that reads its program lazily, one
//!   instruction at a time; public, so you can plug in your own.
//! - [`BrainPhoque`]: the reference machine of "Learning Universal
//!   Predictors" (Grau-Moya et al., ICML 2024), matching its reference
//!   implementation record for record.
//! - [`Solomonoff`]: the mixture over every program prefix of at most `L`
//!   instructions, weighted `A^-n` (or `A^-n / t`, a speed prior), run under
//!   a step budget; it reports the mass it loses to its bounds.
//! - [`ctm`]: the output distribution `D(n)` of all `n`-state Turing
//!   machines, complexity estimates `-log2 D(n)(s)`, and a predictor.
//!
//! ```
//! use inductive::prelude::*;
//! use inductive::solomonoff::{BrainPhoque, ProgramPrior, Solomonoff};
//!
//! let machine = BrainPhoque::new(2, 8)?.start(); // binary tape of 8 cells
//! let mut mixture = Solomonoff::new(machine, 6, 200, ProgramPrior::Length)?;
//! mixture.observe([false, true, true, false, true, true, false, true, true]);
//! for h in mixture.explain(3) {
//!     println!("{h}"); // programs, with their share of the belief
//! }
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! # BrainPhoque: the reference machine of "Learning Universal Predictors"
//!
//! A Brainfuck variant (Grau-Moya et al., ICML 2024) whose program is read
//! lazily, so that every program prefix is meaningful and the mixture over
//! programs can branch only where the machine asks for its next
//! instruction. Tokens `+ - > < [ ] .`; a circular tape of `memory_size`
//! cells holding values mod `alphabet_size`; `.` outputs the current cell.
//!
//! When the program counter reaches the end of the code read so far, the
//! next token is read. A `[` read while the cell is 0 is stored as `{` (and
//! a `{` read while it is not 0 as `[`): the code that follows a `[` is its
//! body, the code that follows a `{` is its continuation, and the other part
//! is read later, when it is first needed. `]` jumps back unconditionally
//! to its opening bracket, which is evaluated again. Every evaluated
//! instruction costs one step.
//!
//! # The prior over programs in force in an episode: a measure on infinite
//!
//! instruction sequences, held as a trie of atoms, that ended episodes
//! update ([`EpisodePrior`](crate::EpisodePrior)).
//!
//! An *atom* of mass `a` at a program prefix `q` spreads `a` over the
//! sequences that begin with `q`, as Solomonoff's prior does (each further
//! instruction divides by `A`). The fresh prior is one atom of mass 1 at the
//! empty program, so the mass of a prefix of `n` instructions is `A^-n`. An
//! episode's posterior is the prior restricted to the cylinders of the
//! programs that survived it, each scaled to its posterior share: the atoms
//! above a survivor flow into one atom at the survivor, the atoms below it
//! keep their shape, the rest drop. Extensions of a minimal program behave
//! alike on the episode, so this is the exact posterior over sequences.

mod brainphoque;
pub mod ctm;
mod machine;
mod measure;
mod mixture;

pub use brainphoque::{BrainPhoque, BrainPhoqueState, MAX_MEMORY, Run, Status};
pub use machine::{Event, Machine, Shareable};
pub use mixture::{MEMORY_LIMIT, PREFIX_LIMIT, ProgramPrior, Solomonoff};
