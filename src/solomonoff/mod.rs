//! Bounded Solomonoff induction over a reference machine.
//!
//! [`Machine`] is a monotone machine that reads its program lazily;
//! [`BrainPhoque`] is the reference machine of Grau-Moya et al. (2024).

mod brainphoque;
mod machine;
mod mixture;

pub use brainphoque::{BrainPhoque, BrainPhoqueState, MAX_MEMORY, Run, Status};
pub use machine::{Event, Machine};
pub use mixture::{PREFIX_LIMIT, ProgramPrior, Solomonoff};
