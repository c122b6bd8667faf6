//! Baselines that anchor every comparison: the KT (and Laplace) estimator,
//! the order-`k` Markov KT estimator, and Context Tree Weighting.
//!
//! Both are Bayesian mixtures with closed forms: KT mixes every Bernoulli
//! source under a Beta prior; CTW mixes every tree source of bounded depth
//! under a prior that halves the weight at each split. Any new inductive
//! bias should beat KT where it claims structure and lose little to CTW
//! where the data is a tree source.
//!
//! ```
//! use inductive::prelude::*;
//!
//! // Period-2 data: KT sees half ones and learns nothing; CTW sees the context.
//! let bits: Vec<bool> = (0..400).map(|t| t % 2 == 0).collect();
//! let kt = Kt::new().observe(&bits);
//! let ctw = Ctw::new(4)?.observe(&bits);
//! assert!(kt > 390.0 && ctw < 25.0);
//! # Ok::<(), inductive::Error>(())
//! ```
//!
//! # Context Tree Weighting (Willems, Shtarkov & Tjalkens, 1995)
//!
//! CTW is the exact Bayes mixture over every binary tree source of depth at
//! most `D`, each leaf a KT estimator, under the prior that makes a node a
//! leaf with probability 1/2. It is the standard against which a learner of
//! "which past bits matter" is measured.
//!
//! ## How this implementation works
//!
//! A node `s` holds the counts of the bits that followed context `s` and one
//! number, the mixing odds `r_s = P_e(s) / (P_w(0s)·P_w(1s))`. Along the
//! current context path the weighted conditional probability is a chain of
//! convex combinations, `p_s = (r_s·kt_s + p_child) / (1 + r_s)`, computed
//! from the deepest node up, and an update is Bayes' rule on the odds,
//! `r_s ← r_s · kt_s(x) / p_child(x)`: no logarithm or exponential per node.
//! Odds beyond `2^±860` would leave `f64`'s range on long sequences, so such
//! a node keeps `ln r_s` instead (exactly, with `ln`/`exp` only on that rare
//! path) and returns to linear odds once `|ln r_s| < 500`. No block
//! probability is ever stored, so nothing underflows.
//!
//! A context seen exactly once has a subtree that is a single chain, every
//! node with `P_w = 1/2`; such a subtree is stored as one tag (the time it was
//! seen) and turned into nodes only when a second visit reaches it. Memory
//! and time therefore grow with the contexts that repeat, not with
//! `bits × depth`.
//!
//! [^ctw]: F. M. J. Willems, Y. M. Shtarkov, Tj. J. Tjalkens, "The
//!     Context-Tree Weighting Method: Basic Properties", IEEE Trans. Inf.
//!     Theory 41(3), 1995.

mod ctw;
mod kt;
mod markov;

pub use ctw::Ctw;
pub use kt::Kt;
pub(crate) use kt::kt_estimate;
pub use markov::MarkovKt;
