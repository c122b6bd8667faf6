//! Markets of predictors.
//!
//! [`KellyMarket`]: predictors bet their wealth on each bit like Kelly
//! gamblers (Beygelzimer, Langford & Pennock, 2012); the market clears at
//! the wealth-weighted belief. With full Kelly betting the market *is* a
//! Bayesian mixture — wealth is posterior weight — which makes it the
//! reference point for market-style learners. The logical inductor of
//! Garrabrant et al. (2016), whose market is not a mixture, is planned in
//! this module next (see `LOGICAL_INDUCTION.md` in the design notes).

mod kelly;

pub use kelly::KellyMarket;
