//! The settings of a market.

use super::budget::Budgeting;

/// Settings of a [`Market`](super::Market).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MarketConfig {
    /// The firm's total best-case gain over all days stays below
    /// `2^{−precision}` (day `n` accepts `2^{−precision}/(n(n+1))`, down to
    /// a floor; see [`Market::tolerance`](super::Market::tolerance)).
    /// From 1 to 40; default 20.
    pub precision: u32,
    /// The budgeter (default: the paper's).
    pub budgeting: Budgeting,
    /// Budgets handled explicitly beyond those that can bind (they scale
    /// by exactly 1, so raising this changes nothing: invariant I6).
    pub extra_budgets: u32,
}

impl Default for MarketConfig {
    fn default() -> Self {
        Self {
            precision: 20,
            budgeting: Budgeting::Plausible,
            extra_budgets: 0,
        }
    }
}
