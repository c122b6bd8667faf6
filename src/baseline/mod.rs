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

mod ctw;
mod kt;
mod markov;

pub use ctw::Ctw;
pub use kt::Kt;
pub use markov::MarkovKt;
