//! Bayesian mixtures over Boolean circuits with a circuit-size prior.
//!
//! The hypotheses are the functions of the last `k` bits that small
//! straight-line circuits compute, over a chosen gate [`Basis`]; the prior
//! gives each function `2^-bits` of its circuits' descriptions, so simple
//! rules ("the next bit is `x1 ^ x3`") are expected before complicated ones.
//! A [`Leaf`] turns a function's output into a probability: a fixed noise
//! rate, or a KT estimator per output value that learns within the
//! sequence — circuits that do their own induction inside the outer one.
//!
//! - [`Circuit`], [`Gate`], [`Op`], [`Basis`]: straight-line circuits,
//!   evaluated to bit-parallel truth tables and printed as expressions.
//! - [`Enumeration`], [`min_circuit_sizes`]: exhaustive enumeration up to a
//!   gate count, deduplicated by truth table, with exact circuit complexity
//!   (all 65,536 functions of 4 inputs reproduce Knuth's table in seconds).
//! - [`FunctionPrior`], [`circuit_bits`]: the description-length prior.
//! - [`CircuitMixture`]: the mixture, a [`Predictor`](crate::Predictor) with
//!   [`explain`](crate::Predictor::explain).
//! - [`Tap`]: what the inputs read, the last bits by default, or features
//!   of the episode so far ([`CircuitMixture::with_taps`]): an induction
//!   head (the bit that followed the last occurrence of the current
//!   suffix), whether there was one, the majority. Over taps the mixture
//!   weighs fixed rules against circuits that learn in context.
//!
//! ```
//! use inductive::circuit::{Basis, CircuitMixture, Enumeration, FunctionPrior, Leaf};
//! use inductive::prelude::*;
//!
//! let all = Enumeration::smallest(2, &Basis::Full, 1)?; // all 16 functions of 2 bits
//! let mut mixture = CircuitMixture::new(&all, FunctionPrior::SmallestCircuit, Leaf::Learning)?;
//! mixture.observe([true, true, false, true, true, false, true, true, false]);
//! println!("{}", mixture.explain(1)[0]);
//! # Ok::<(), inductive::Error>(())
//! ```

#[allow(clippy::module_inception)]
mod circuit;
mod enumerate;
mod leaf;
mod mixture;
mod prior;
mod tap;

pub use crate::predictor::EpisodePrior;
pub(crate) use circuit::variable_word;
pub use circuit::{Basis, Circuit, Gate, MAX_INPUTS, Op, Signal, TruthTable};
pub use enumerate::{Enumeration, FunctionRecord, min_circuit_sizes};
pub use leaf::Leaf;
pub use mixture::CircuitMixture;
pub use prior::{FunctionPrior, circuit_bits, log_prior};
pub use tap::{MAX_LAG, MAX_SUFFIX, Tap};
