//! The logical inductor as a sequence predictor.

use super::config::MarketConfig;
use super::engine::Market;
use super::trader::Trader;
use super::traders::PredictorTrader;
use crate::error::{Error, Result};
use crate::hypothesis::Hypothesis;
use crate::predictor::{Conditional, Predictor};
use crate::status::Status;

/// A logical inductor as a sequence [`Predictor`]: its prediction is the
/// market price of "the next bit is 1".
///
/// Bits are atoms `b0, b1, …`. Day `t + 1` prices `b_t` (the inductor
/// prices it even if no trader does: then at ½); `update(bit)` reveals the
/// literal and runs the next day. Traders may trade any other sentences
/// too. If the market maker ever fails (a discontinuous trader), the
/// inductor stops, predicts ½ and reports the error through
/// [`failure`](Self::failure) and [`status`](Predictor::status), like an
/// exhausted mixture.
///
/// **Memory grows with every day.** The market keeps each day's sentences
/// (the bit atoms and the revealed literals), their prices and the
/// traders' books: about 310 bytes of resident memory a day with two
/// predictor traders, at 8.8 µs a day (`cargo run --release --example
/// costs`, 200,000 days), so 10^6 bits hold about 310 MB and 10^7 about
/// 3 GB. Nothing is forgotten yet: for a longer stream, cut it into
/// episodes and wrap the inductor in [`Restart`](crate::adapters::Restart),
/// which starts a fresh market each episode (and forgets what it learned).
///
/// **A code length can be infinite.** A price may be exactly 0 or 1 (a
/// trader that buys at any price drives it to 1), and then the other bit
/// costs infinitely many bits. Wrap the inductor in
/// [`Clamp`](crate::adapters::Clamp) where finite code lengths matter.
#[derive(Clone, Debug)]
pub struct LogicalInductor {
    market: Market,
    prediction: f64,
    failure: Option<Error>,
}

impl LogicalInductor {
    /// An inductor over `traders` (at least one), in enumeration order.
    pub fn new(traders: Vec<Box<dyn Trader>>) -> Result<Self> {
        Self::with_market(traders, Market::new())
    }

    /// An inductor over `traders` with the market settings `config`.
    pub fn with_config(traders: Vec<Box<dyn Trader>>, config: MarketConfig) -> Result<Self> {
        Self::with_market(traders, Market::with_config(config)?)
    }

    /// Every predictor as a [`PredictorTrader`] with slope `steepness`, in
    /// order.
    pub fn from_predictors<P>(predictors: Vec<P>, steepness: f64) -> Result<Self>
    where
        P: Predictor + Clone + std::fmt::Debug + Send + 'static,
    {
        Self::trading(predictors, |p| PredictorTrader::new(p, steepness))
    }

    /// Every [`Conditional`] predictor as a [`PredictorTrader::conditional`]
    /// with slope `steepness`, in order: an inductor that can be an agent's
    /// world model, whose traders read the agent's actions.
    pub fn from_conditional_predictors<P>(predictors: Vec<P>, steepness: f64) -> Result<Self>
    where
        P: Conditional + Clone + std::fmt::Debug + Send + 'static,
    {
        Self::trading(predictors, |p| PredictorTrader::conditional(p, steepness))
    }

    /// An inductor over `trader(p)` for each predictor, in order.
    fn trading<P>(
        predictors: Vec<P>,
        trader: impl Fn(P) -> Result<PredictorTrader<P>>,
    ) -> Result<Self>
    where
        P: Predictor + Clone + std::fmt::Debug + Send + 'static,
    {
        let traders = predictors
            .into_iter()
            .map(|p| Ok(Box::new(trader(p)?) as Box<dyn Trader>))
            .collect::<Result<Vec<_>>>()?;
        Self::new(traders)
    }

    fn with_market(traders: Vec<Box<dyn Trader>>, mut market: Market) -> Result<Self> {
        if traders.is_empty() {
            return Err(Error::NoTraders);
        }
        for t in traders {
            market.add_boxed_trader(t);
        }
        let b0 = market.language_mut().bit(0);
        market.always_price(b0)?;
        market.step()?;
        let prediction = market.price(b0).unwrap_or(0.5);
        Ok(Self {
            market,
            prediction,
            failure: None,
        })
    }

    /// The market behind the predictions.
    #[must_use]
    pub fn market(&self) -> &Market {
        &self.market
    }

    /// The market maker's error, if the inductor stopped.
    #[must_use]
    pub fn failure(&self) -> Option<&Error> {
        self.failure.as_ref()
    }

    fn advance(&mut self, bit: bool) -> Result<f64> {
        let t = self.market.next_bit();
        let current = self.market.language_mut().bit(t);
        let literal = self.market.language_mut().bit_is(t, bit);
        self.market.reveal(literal)?;
        self.market.stop_pricing(current);
        let next = self.market.language_mut().bit(t + 1);
        self.market.always_price(next)?;
        self.market.step()?;
        Ok(self.market.price(next).unwrap_or(0.5))
    }
}

/// A held bit: the market keeps it in the sequence without pricing it,
/// and runs a day so that the price of the next bit reflects it (traders
/// made with [`PredictorTrader::conditional`] read it; others do not).
/// Planning restores an inductor from a clone, whose cost grows with the
/// market's history.
impl Conditional for LogicalInductor {
    fn condition(&mut self, bit: bool) {
        if self.failure.is_some() {
            return;
        }
        self.market.hold_bit(bit);
        let next = self.market.next_bit();
        let next = self.market.language_mut().bit(next);
        match self.market.step() {
            Ok(()) => self.prediction = self.market.price(next).unwrap_or(0.5),
            Err(e) => {
                self.failure = Some(e);
                self.prediction = 0.5;
            }
        }
    }
}

impl Predictor for LogicalInductor {
    fn predict(&self) -> f64 {
        self.prediction
    }

    fn update(&mut self, bit: bool) {
        if self.failure.is_some() {
            return;
        }
        match self.advance(bit) {
            Ok(p) => self.prediction = p,
            Err(e) => {
                self.failure = Some(e);
                self.prediction = 0.5;
            }
        }
    }

    /// `Failed` with the market's error once a day could not be priced.
    fn status(&self) -> Status {
        self.failure.clone().map_or(Status::Healthy, Status::Failed)
    }

    fn explain(&self, n: usize) -> Vec<Hypothesis> {
        self.market.explain(n)
    }
}
