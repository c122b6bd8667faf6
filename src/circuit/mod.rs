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
//!
//! # The circuit-size prior: a written description-length code for circuits
//!
//! A circuit of `s` gates over `k` inputs in a basis of `m` operations is
//! written as
//!
//! 1. its gate count, as the Elias gamma code of `s + 1`
//!    (`2⌊log2(s + 1)⌋ + 1` bits);
//! 2. for each gate `i = 0, 1, …`: its operation (`log2 m` bits) and two
//!    input references among the `k + 2 + i` signals before it (inputs,
//!    the two constants and earlier gates; `log2(k + 2 + i)` bits each; a
//!    one-input gate's second reference is written and ignored);
//! 3. for a gate-free circuit, the signal it outputs (`log2(k + 2)` bits);
//!    otherwise the output is the last gate;
//! 4. under [`Basis::Full`], one bit for whether the
//!    output is complemented.
//!
//! Every choice is uniform among its options, so the code satisfies
//! Kraft's inequality over all circuits, and a circuit of description
//! length `ℓ` has prior `2^-ℓ`. Every circuit of `s` gates has the same
//! length, so the prior depends on size alone.
//!
//! A function's prior is then either the **sum** over the enumerated
//! circuits computing it (Solomonoff-style: many short programs make a
//! function likely) or `2^-ℓ` of its **smallest** circuit (the minimum
//! description length). Both are normalised over the functions of the
//! enumeration.
//!
//! # Exhaustive circuit enumeration and exact circuit complexity
//!
//! One depth-first search serves every basis. It places gates one at a
//! time and skips three kinds of redundancy, none of which can hide a
//! smallest circuit:
//!
//! - **order**: when a gate does not read the gate just before it, the two
//!   could be swapped, so only the order whose codes increase is tried
//!   (every circuit can be reordered to satisfy this, by swapping adjacent
//!   violations until none remain: each swap makes the sequence of codes
//!   lexicographically smaller);
//! - **repeats**: a gate that computes a constant or a function already
//!   present is never part of a smallest circuit;
//! - **dead gates**: every gate of a smallest circuit but the last is read
//!   later, so a prefix with more unread gates than the remaining gates can
//!   read is abandoned.
//!
//! Under [`Basis::Full`] complements are free (Knuth's convention), so every
//! signal is kept normal (`f(0…0) = 0`) and five operations suffice
//! (`a&b`, `a&!b`, `!a&b`, `a|b`, `a^b`). [`Enumeration::smallest`] also
//! uses symmetry: any circuit's first gate becomes `x1 & x2` or `x1 ^ x2`
//! under some permutation and negation of the inputs, so the search fixes
//! the first gate to one of those two and closes its results under the
//! `k!·2^k` input transformations.
//!
//! # [`Tap`]: what a circuit input reads from the episode so far
//!
//! By default the inputs of a [`CircuitMixture`] are
//! the last `k` bits. Taps let them read more of the episode: the bit that
//! followed the last occurrence of the current suffix (an *induction head*,
//! Olsson et al., 2022), whether there was one, or the episode's majority.
//! A circuit over taps can then be a rule (`x1 ^ x2`) or an in-context
//! learner (`out = ind2` copies what followed the same two bits last time,
//! so it learns every deterministic order-2 rule inside an episode), and
//! the outer mixture weighs the two kinds of hypothesis against each other.

mod enumerate;
mod gates;
mod leaf;
mod mixture;
mod prior;
mod tap;

pub use crate::predictor::EpisodePrior;
pub use enumerate::{Enumeration, FunctionRecord, min_circuit_sizes};
pub(crate) use gates::variable_word;
pub use gates::{Basis, Circuit, Gate, MAX_INPUTS, Op, Signal, TruthTable};
pub use leaf::Leaf;
pub use mixture::CircuitMixture;
pub use prior::{FunctionPrior, circuit_bits, log_prior};
pub use tap::{MAX_LAG, MAX_SUFFIX, Tap};
