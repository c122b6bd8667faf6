//! Bayesian mixtures over Boolean circuits with a circuit-size prior.
//!
//! The hypotheses are the functions of the last `k` bits that small
//! straight-line circuits compute; the prior favours functions with short
//! circuits. This module enumerates circuits exhaustively, computes exact
//! circuit complexity, defines the description-length prior and mixes the
//! functions as predictors.

#[allow(clippy::module_inception)]
mod circuit;
mod enumerate;

pub use circuit::{Basis, Circuit, Gate, MAX_INPUTS, Op, Signal, TruthTable};
pub use enumerate::{Enumeration, FunctionRecord, min_circuit_sizes};
