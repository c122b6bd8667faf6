//! A market of Kelly bettors.

use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::hypothesis::top_hypotheses;
use crate::logspace::{log_weights_from, normalize_and_mix};
use crate::predictor::Predictor;
use crate::status::{Status, contract_violation, mixture_status, valid_probability};

/// A prediction market of Kelly bettors, each a predictor with a wealth.
///
/// A bettor with belief `p` and wealth `W` who bets the Kelly fraction
/// `λ ∈ (0, 1]` at price `q` buys as if it believed `λ·p + (1 − λ)·q`. The
/// market clears where the money on each side balances, at
/// `q = Σ W_i p_i / Σ W_i` (whatever `λ` is), and after bit `y` each
/// wealth becomes `W_i · (λ·p_i(y) + (1 − λ)·q(y)) / q(y)`. With full
/// Kelly (`λ = 1`) wealth is exactly Bayesian posterior weight and the
/// price is the Bayesian mixture's prediction; fractional Kelly bettors
/// learn more cautiously. Wealth is kept in the log domain.
///
/// ```
/// use inductive::adapters::Mixture;
/// use inductive::market::KellyMarket;
/// use inductive::prelude::*;
///
/// let bettors = || vec![Kt::new(), Kt::laplace()];
/// let mut market = KellyMarket::new(bettors(), vec![1.0, 1.0], 1.0)?;
/// let mut mixture = Mixture::uniform(bettors())?;
/// for bit in [true, true, false, true] {
///     assert!((market.predict() - mixture.predict()).abs() < 1e-12);
///     market.update(bit);
///     mixture.update(bit);
/// }
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "markets do nothing unless fed bits"]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct KellyMarket<P> {
    bettors: Vec<P>,
    /// Natural-log wealth shares, normalised.
    log_wealth: Vec<f64>,
    names: Vec<String>,
    kelly_fraction: f64,
    price: f64,
    /// Bits seen.
    bits: u64,
    /// The bit that bankrupted the last bettor, if one did.
    bankrupt_at: Option<u64>,
    /// The first bettor that broke the contract and was excluded.
    violation: Option<Error>,
}

impl<P: Predictor> KellyMarket<P> {
    /// A market of `bettors` with starting `wealth` (positive somewhere,
    /// finite, non-negative; normalised here), each betting the Kelly
    /// fraction `kelly_fraction` in `(0, 1]`.
    pub fn new(bettors: Vec<P>, wealth: Vec<f64>, kelly_fraction: f64) -> Result<Self> {
        let n = bettors.len();
        let log_wealth = log_weights_from(&wealth, n, "starting wealths")?;
        if !(kelly_fraction > 0.0 && kelly_fraction <= 1.0) {
            return Err(Error::InvalidParameter {
                what: "Kelly fraction",
                expected: "in (0, 1]",
                value: kelly_fraction,
            });
        }
        let mut market = Self {
            bettors,
            names: (0..n).map(|i| format!("bettor {i}")).collect(),
            log_wealth,
            kelly_fraction,
            price: 0.5,
            bits: 0,
            bankrupt_at: None,
            violation: None,
        };
        market.clear();
        Ok(market)
    }

    /// Names the bettors (for [`explain`](Predictor::explain)); fails unless there is one name
    /// per bettor.
    pub fn with_names<I, S>(mut self, names: I) -> Result<Self>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.names = crate::predictor::one_name_each(
            names,
            self.bettors.len(),
            "Kelly market names and bettors",
        )?;
        Ok(self)
    }

    /// Renormalises the wealth and sets the clearing price
    /// `Σ W_i p_i / Σ W_i` (1/2 once every bettor is bankrupt).
    fn clear(&mut self) {
        // A bettor whose belief is not a probability loses its wealth.
        for (i, b) in self.bettors.iter().enumerate() {
            let p = b.predict();
            if valid_probability(p).is_none() && self.log_wealth[i] != f64::NEG_INFINITY {
                self.log_wealth[i] = f64::NEG_INFINITY;
                self.violation
                    .get_or_insert_with(|| contract_violation(&self.names[i], p));
            }
        }
        let bettors = &self.bettors;
        self.price = normalize_and_mix(&mut self.log_wealth, |i| bettors[i].predict())
            .map_or(0.5, |p| p.clamp(0.0, 1.0));
    }
}

impl<P> KellyMarket<P> {
    /// Each bettor's share of the wealth.
    pub fn wealth(&self) -> ndarray::Array1<f64> {
        self.log_wealth.iter().map(|w| w.exp()).collect()
    }

    /// The bettors.
    pub fn bettors(&self) -> &[P] {
        &self.bettors
    }

    /// The Kelly fraction every bettor bets.
    pub fn kelly_fraction(&self) -> f64 {
        self.kelly_fraction
    }

    /// Whether every bettor has lost everything (the price is then 1/2).
    pub fn is_bankrupt(&self) -> bool {
        self.log_wealth.iter().all(|&w| w == f64::NEG_INFINITY)
    }
}

impl<P: Predictor> Predictor for KellyMarket<P> {
    #[inline]
    fn predict(&self) -> f64 {
        self.price
    }

    fn update(&mut self, bit: bool) {
        let price_of = |p: f64| if bit { p } else { 1.0 - p };
        let market = price_of(self.price);
        let lambda = self.kelly_fraction;
        for (b, w) in self.bettors.iter_mut().zip(&mut self.log_wealth) {
            if *w == f64::NEG_INFINITY {
                // Bankrupt or excluded: nothing to stake.
            } else if market == 0.0 {
                // Every bettor with wealth staked it all on the other bit.
                *w = f64::NEG_INFINITY;
            } else {
                let belief = lambda * price_of(b.predict()) + (1.0 - lambda) * market;
                *w += (belief / market).ln();
            }
            b.update(bit);
        }
        self.clear();
        self.bits += 1;
        if self.bankrupt_at.is_none() && self.is_bankrupt() {
            self.bankrupt_at = Some(self.bits - 1);
        }
    }

    /// Wealth persists across episodes; every bettor is told.
    fn end_episode(&mut self) {
        for b in &mut self.bettors {
            b.end_episode();
        }
        self.clear();
    }

    /// `Failed` once every bettor is bankrupt; `Degraded` if a bettor broke
    /// the contract and was excluded, or reports a status of its own.
    fn status(&self) -> Status {
        mixture_status(
            "Kelly market (every bettor bankrupt)",
            self.bankrupt_at,
            self.violation.as_ref(),
            self.bettors.iter().map(Predictor::status),
        )
    }

    /// Bettors by wealth share, each with its own hypotheses.
    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        top_hypotheses(
            &self.log_wealth,
            n,
            |i| self.names[i].clone(),
            |i| self.bettors[i].explain(n),
        )
    }
}
