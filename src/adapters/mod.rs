//! Adapters: predictors that wrap predictors.
//!
//! Each adapter is one file and one type, created by a method of
//! [`PredictorExt`](crate::PredictorExt) (like `Iterator`'s adapters) or by
//! its own constructor. Adapters forward everything to what they wrap, so
//! they stack: `Ctw::new(16)?.clamp(1e-3)?.inspect(log)` is a predictor.
//!
//! - [`Mixture`]: a Bayesian mixture of any predictors — the outer induction.
//! - [`FixedShare`]: switching, to track the best component when it changes.
//! - [`Episodic`]: a posterior kept across episodes over components that
//!   restart in each — pre-training over in-context learners.
//! - [`Factored`]: one model per bit position of a byte (or any
//!   fixed-width symbol), so any `Conditional` family knows where a byte
//!   begins — the factoring of byte-oriented CTW compressors.
//! - [`Restart`]: back to the initial state at every episode end — the
//!   baseline that learns nothing across episodes.
//! - [`Clamp`], [`Inspect`], and `Box<dyn Predictor>` via
//!   [`boxed`](crate::PredictorExt::boxed).

mod clamp;
mod episodic;
mod factored;
mod inspect;
mod mixture;
mod restart;
mod switching;

pub use clamp::Clamp;
pub use episodic::Episodic;
pub use factored::Factored;
pub use inspect::Inspect;
pub use mixture::Mixture;
pub use restart::Restart;
pub use switching::FixedShare;
