//! Adapters: predictors that wrap predictors.
//!
//! Each adapter is one file and one type, created by a method of
//! [`PredictorExt`](crate::PredictorExt) (like `Iterator`'s adapters) or by
//! its own constructor. Adapters forward everything to what they wrap, so
//! they stack: `Ctw::new(16)?.clamp(1e-3)?.inspect(log)` is a predictor.

mod clamp;
mod inspect;

pub use clamp::Clamp;
pub use inspect::Inspect;
