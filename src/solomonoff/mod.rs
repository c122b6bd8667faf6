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

mod brainphoque;
pub mod ctm;
mod machine;
mod measure;
mod mixture;

pub use brainphoque::{BrainPhoque, BrainPhoqueState, MAX_MEMORY, Run, Status};
pub use machine::{Event, Machine, Shareable};
pub use mixture::{MEMORY_LIMIT, PREFIX_LIMIT, ProgramPrior, Solomonoff};
