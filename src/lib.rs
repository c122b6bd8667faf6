//! `inductive`: inductive-bias predictors behind one trait.
//!
//! A [`Predictor`] gives the probability that the next bit of a sequence is
//! 1, given every bit so far, and is updated online. Each predictor in this
//! crate embodies a different prior — a different answer to "which
//! regularities should a learner expect?" — so that researchers can measure
//! how the prior shapes what is learned, on the same data, in the same units
//! (bits).
//!
//! # Quick start
//!
//! ```
//! use inductive::prelude::*;
//!
//! // A sequence with period 3: 110 110 110 …
//! let bits: Vec<bool> = (0..300).map(|t| t % 3 != 2).collect();
//!
//! let kt = Kt::new().observe(&bits); // counts only: no structure
//! let ctw = Ctw::new(8)?.observe(&bits); // every context tree of depth ≤ 8
//!
//! println!("KT {kt:.1} bits, CTW {ctw:.1} bits for {} bits", bits.len());
//! assert!(ctw < kt / 10.0);
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! # Overview
//!
//! - **The contract.** [`Predictor`] is two methods with a written contract
//!   (pure `predict`, a probability, deterministic, a clone is a fork).
//!   [`PredictorExt`] adds consumers ([`observe`](PredictorExt::observe) a
//!   sequence and get its code length, [`sample_next`](PredictorExt::sample_next))
//!   and adapters ([`clamp`](PredictorExt::clamp),
//!   [`inspect`](PredictorExt::inspect), [`boxed`](PredictorExt::boxed)).
//!   [`Predictor::explain`] lets a mixture say which hypotheses carry its belief.
//! - **Adapters** ([`adapters`]): a Bayesian [`Mixture`](adapters::Mixture)
//!   of any predictors, [`FixedShare`](adapters::FixedShare) switching,
//!   [`Episodic`](adapters::Episodic) — a posterior learned across episodes
//!   over learners that restart in each: induction inside induction — and
//!   [`Factored`](adapters::Factored), one model per bit position of a byte.
//! - **Compression** ([`coding`]): an arithmetic coder driven by any
//!   predictor — prediction is compression, in real bytes.
//! - **Baselines** ([`baseline`]): the KT estimator (and Laplace) and
//!   Context Tree Weighting, the anchors of every comparison.
//! - **Solomonoff** ([`solomonoff`]): the bounded mixture over every short
//!   program of a reference machine (BrainPhoque, or your own), with length
//!   and speed priors, and the coding-theorem method over small Turing
//!   machines.
//! - **Circuits** ([`circuit`]): a Bayesian mixture over the Boolean
//!   functions of the last `k` bits, weighted by the description length of
//!   their circuits, with exhaustive enumeration and exact circuit
//!   complexity (Knuth's table of all 4-input functions in under 2 s).
//! - **Markets** ([`market`]): the logical inductor of Garrabrant et al.
//!   (2016) — traders buying and selling shares of sentences, a budgeter,
//!   a trading firm and a market maker, run day by day over any deductive
//!   process, and as a [`Predictor`] of the next bit — and Kelly markets of
//!   predictors. Any predictor can trade in either.
//! - **Sources** ([`sources`]): Bernoulli, Markov, tree and circuit sources
//!   that report their true next-bit probability, so regret is exact.
//! - **Evaluation** ([`eval`]): per-step code lengths, regret, and plain-text
//!   tables.
//! - **Laws** (`laws`, feature `laws`): the contract as property tests, so
//!   your own predictor is checked with `inductive::laws::check(MyPredictor::new)`.
//!
//! Every family against the truth on an order-2 Markov chain: cumulative
//! regret, the bits each pays beyond the true source's code length
//! (`cargo run --release --example compare`, which writes this picture
//! as `target/plots/compare_markov_order_2.svg`):
//!
#![doc = concat!("<div style=\"overflow-x:auto\">\n", include_str!("../docs/regret_markov.svg"), "\n</div>\n")]
//!
//! Code lengths are in **bits** (`-log2 p`) throughout, as in the Solomonoff
//! and compression literature; weights live in the log domain
//! ([`logspace`]).
//!
//! # Episodes
//!
//! [`Predictor::end_episode`] marks the end of one sequence and the start
//! of the next; what a predictor carries across is what it learns across
//! episodes (pre-training), and what restarts is what it learns within one
//! (in-context). The default, for a type not listed, treats the next
//! episode as the continuation of one stream.
//!
//! | type | keeps across episodes | restarts |
//! |---|---|---|
//! | [`Kt`] | the counts (one bias for all episodes), or under [`EpisodePrior::Pooled`] Newton's estimator of a Dirichlet-process mixture of biases, or under [`EpisodePrior::DirichletProcess`] its exact (or Gibbs-sampled) posterior | nothing, or the counts |
//! | [`Ctw`] | the counts and the tree | the context, from the zero past |
//! | [`CircuitMixture`](circuit::CircuitMixture) | the episode's posterior becomes the prior ([`EpisodePrior`]: Bayes over episodes, or pooled) | the leaves and the context |
//! | [`Ctm`](solomonoff::ctm::Ctm) | the posterior of `D(n)` against the uniform code | the history |
//! | [`Solomonoff`](solomonoff::Solomonoff) | the episode's posterior over programs becomes the prior ([`EpisodePrior`], as for circuits) | every machine, from its fresh state |
//! | [`LogicalInductor`](market::LogicalInductor), sources | everything: one stream (the default) | nothing |
//! | [`Mixture`](adapters::Mixture), [`FixedShare`](adapters::FixedShare) | the posterior; each component is told | what each component restarts |
//! | [`KellyMarket`](market::KellyMarket) | the wealth; each bettor is told | what each bettor restarts |
//! | [`Episodic`](adapters::Episodic) | the posterior | every component, from its initial state |
//! | [`Restart`](adapters::Restart) | nothing | everything |
//! | [`Clamp`](adapters::Clamp), [`Inspect`](adapters::Inspect), `Box`, `&mut` | what they wrap keeps | what they wrap restarts |
//!
//! # Errors
//!
//! Only constructors (and a market's day, whose market maker can find no
//! price for a discontinuous trader) fail, with the one [`Error`] enum;
//! once built, a predictor's `predict` and `update` cannot. Bad parameters (a zero
//! pseudo-count, a depth of 0, a probability of 1.5) are refused with a
//! message that says what to do, before anything is allocated for them.
//!
//! What can still go wrong while a predictor runs is reported, not hidden:
//! [`Predictor::status`] says whether a mixture excluded a component that
//! broke the contract, ruled out every hypothesis, or (a market) could not
//! clear; a NaN or out-of-range prediction from a component never reaches
//! an adapter's own prediction.
//!
//! # Performance
//!
//! [`Ctw`] stores its mixing odds and two counts per context node (32 bytes with
//! child slots and extension links),
//! allocates nodes only for contexts seen twice, and updates in time
//! proportional to the depth of the repeated context. At depth 48 it codes
//! the Calgary file `bib` at 2.2524 bits per byte in 0.370–0.376 s (5 runs
//! of `cargo run --release --example calgary -- FOLDER 48` on a folder
//! that holds `bib` alone); see `benches/baseline.rs`. Factored by byte
//! ([`adapters::Factored`]) and arithmetic-coded ([`coding`]), it
//! compresses `bib` to 2.1315 bits per byte in 0.95 s.
//!
//! # Crate features
//!
//! - `rayon` (default) — parallel enumerations (circuits, program prefixes,
//!   Turing machines).
//! - `laws` — exports the `laws` module (turns `proptest` into a normal
//!   dependency).
//! - `plot` (default) — SVG plots of results ([`fingerprint::Fingerprint::to_svg`]),
//!   through `plotters` with its SVG backend only (no system libraries).
//! - `serde` — checkpoints: `Serialize` and `Deserialize` for every
//!   predictor, adapter, source, environment and agent whose parts are
//!   concrete types, and for results (`Evaluation`, `Comparison`,
//!   `Fingerprint`) and enumerations (`Enumeration`, `OutputDistribution`).
//!   A restored predictor continues bit for bit (`tests/serde.rs`). What
//!   holds a trait object cannot be restored (a `Box<dyn Predictor>`
//!   has no type to come back as): the logical inductor and its `Market`
//!   (traders and deductive processes are `Box<dyn …>`), a `Mixture` of
//!   boxed predictors (use an enum of your predictor types), and `Inspect`
//!   (a closure). An error is saved as its message and comes back as
//!   [`Error::Restored`]. Every type round-trips through binary formats
//!   (`postcard`, `bincode`, CBOR) and through JSON: the floats JSON has
//!   no number for (log weights of `-∞`, NaN markers) are written there as
//!   the strings `"-inf"`, `"inf"`, `"NaN"`, and maps with non-string keys
//!   as lists of pairs (`tests/serde.rs` resumes every type from both).
//!   For a bit-identical resume from JSON, enable `serde_json`'s
//!   `float_roundtrip` feature (its default float parsing may change the
//!   last bit).
//!   A checkpoint is trusted data: the derived deserializers check its
//!   format, not the invariants that tie one field to another (a node
//!   index inside the tree it points into), so altered bytes can restore a
//!   predictor that panics later. [`checkpoint::save`] and
//!   [`checkpoint::load`] add a tag and a CRC-32, so damaged bytes are an
//!   error.
//! - `cluster` — [`cluster::enumerate`] runs the coding-theorem enumeration
//!   `D(n)` (up to 5 states) as a [timely](https://docs.rs/timely) dataflow
//!   over worker threads and processes (TCP, one machine or many), with a
//!   checkpoint file per process to resume after a crash. Turns on `serde`.
#![deny(missing_docs)]
#![deny(missing_debug_implementations)]
#![doc(test(attr(deny(warnings))))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod adapters;
pub mod agent;
pub mod baseline;
#[cfg(feature = "serde")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
pub mod checkpoint;
pub mod circuit;
#[cfg(feature = "cluster")]
#[cfg_attr(docsrs, doc(cfg(feature = "cluster")))]
pub mod cluster;
pub mod coding;
pub mod dirichlet;
pub mod error;
pub mod eval;
pub mod fingerprint;
mod hypothesis;
#[cfg(feature = "laws")]
#[cfg_attr(docsrs, doc(cfg(feature = "laws")))]
pub mod laws;
pub mod logspace;
pub mod market;
mod parallel;
mod predictor;
#[cfg(feature = "serde")]
mod serde_float;
pub mod solomonoff;
pub mod sources;
mod status;

// The README's examples run as doctests (they use the `laws` and `serde`
// features).
#[cfg(all(doctest, feature = "laws", feature = "serde"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use baseline::{Ctw, Kt};
pub use error::{Error, Result};
pub use hypothesis::Hypothesis;
pub use predictor::{
    CloneConditional, ClonePredictor, Conditional, DpInference, EpisodePrior, Predictor,
    PredictorExt,
};
/// The `rand` this crate is built with, so that a user's generators and
/// distributions match its version.
pub use rand;
pub use status::Status;

/// The traits and types most programs need, in one import.
///
/// ```
/// use inductive::prelude::*;
/// let mut ctw = Ctw::new(4)?;
/// ctw.update(true);
/// # Ok::<(), inductive::Error>(())
/// ```
pub mod prelude {
    pub use crate::adapters::{Clamp, Episodic, FixedShare, Inspect, Mixture};
    pub use crate::baseline::{Ctw, Kt};
    pub use crate::error::{Error, Result};
    pub use crate::hypothesis::Hypothesis;
    pub use crate::predictor::{
        CloneConditional, ClonePredictor, Conditional, EpisodePrior, Predictor, PredictorExt,
    };
    pub use crate::status::Status;
}
