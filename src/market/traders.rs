//! The standard trader library: the paper's traders for pseudorandom
//! frequencies, arbitrage, convergence and non-dogmatism, and any
//! [`Predictor`] as a trader.

use std::fmt;

use super::language::{Language, Sentence};
use super::targets::Targets;
use super::trader::{Trader, TradingDay};
use crate::error::{Error, Result};
use crate::predictor::{Conditional, Predictor};

/// Checks an indicator's width `δ`: finite and positive (a width of 0 would
/// be a discontinuous step, which no market maker can price).
fn check_width(delta: f64) -> Result<f64> {
    if delta.is_finite() && delta > 0.0 && (1.0 / delta).is_finite() {
        Ok(delta)
    } else {
        Err(Error::InvalidParameter {
            what: "indicator width δ",
            expected: "finite and positive with a finite slope 1/δ (δ = 0 would be a discontinuous step)",
            value: delta,
        })
    }
}

fn check_steepness(steepness: f64) -> Result<f64> {
    if steepness > 0.0 && steepness.is_finite() {
        Ok(steepness)
    } else {
        Err(Error::InvalidParameter {
            what: "steepness",
            expected: "finite and greater than 0",
            value: steepness,
        })
    }
}

/// Pushes prices toward `p`: buys `clip(s·(p − P(φ)), −1, 1)` shares of
/// each target `φ` — the paper's traders for pseudorandom frequencies.
#[derive(Clone, Debug)]
pub struct TowardPrice {
    targets: Targets,
    target_price: f64,
    steepness: f64,
}

impl TowardPrice {
    /// A trader pushing the targets' prices toward `price` with slope
    /// `steepness` (shares per unit of price gap, capped at one share).
    pub fn new(targets: Targets, price: f64, steepness: f64) -> Result<Self> {
        Ok(Self {
            targets,
            target_price: crate::error::check_probability("target price", price)?,
            steepness: check_steepness(steepness)?,
        })
    }
}

impl Trader for TowardPrice {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
        for s in self.targets.on(day)? {
            let shares = day.features.toward(s, self.target_price, self.steepness);
            day.buy(s, shares);
        }
        Ok(())
    }

    fn describe(&self, language: &Language) -> String {
        format!(
            "toward {} on {}",
            self.target_price,
            self.targets.describe(language)
        )
    }
}

/// Arbitrage on a known linear constraint `Σ cᵢ·W(φᵢ) = total` (by default
/// "exactly one of the targets": all `cᵢ = 1`, total 1): buys
/// `cᵢ·clip(s·(total − Σ cᵢ P(φᵢ)), −1, 1)` of each `φᵢ`, which gains in
/// every consistent world whenever the prices disagree with the constraint.
#[derive(Clone, Debug)]
pub struct Arbitrageur {
    targets: Targets,
    coefficients: Option<Vec<f64>>,
    total: f64,
    steepness: f64,
}

impl Arbitrageur {
    /// Arbitrage on "exactly one of the day's targets is true".
    pub fn exactly_one(targets: Targets, steepness: f64) -> Result<Self> {
        Ok(Self {
            targets,
            coefficients: None,
            total: 1.0,
            steepness: check_steepness(steepness)?,
        })
    }

    /// Arbitrage on `Σ coefficients[i]·W(target i) = total` (the day's
    /// targets must be as many as the coefficients).
    pub fn linear(
        targets: Targets,
        coefficients: Vec<f64>,
        total: f64,
        steepness: f64,
    ) -> Result<Self> {
        if let Some(&bad) = coefficients.iter().chain([&total]).find(|c| !c.is_finite()) {
            return Err(Error::NonFinite {
                what: "arbitrage coefficient".into(),
                value: bad,
            });
        }
        Ok(Self {
            targets,
            coefficients: Some(coefficients),
            total,
            steepness: check_steepness(steepness)?,
        })
    }
}

impl Trader for Arbitrageur {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
        let targets = self.targets.on(day)?;
        let coefficients = match &self.coefficients {
            Some(c) if c.len() != targets.len() => {
                return Err(Error::LengthMismatch {
                    what: "arbitrage coefficients and the day's targets",
                    left: c.len(),
                    right: targets.len(),
                    hint: "give one coefficient per target sentence of the day",
                });
            }
            Some(c) => c.clone(),
            None => vec![1.0; targets.len()],
        };
        let f = &mut *day.features;
        let mut sum = f.constant(0.0);
        for (&s, &c) in targets.iter().zip(&coefficients) {
            let p = f.price(s);
            let term = f.scale(p, c);
            sum = f.add(sum, term);
        }
        let gap = f.sub_from(self.total, sum);
        let steep = f.scale(gap, self.steepness);
        let unit = f.clip(steep, -1.0, 1.0);
        let orders: Vec<_> = targets
            .iter()
            .zip(&coefficients)
            .map(|(&s, &c)| (s, f.scale(unit, c)))
            .collect();
        for (s, shares) in orders {
            day.buy(s, shares);
        }
        Ok(())
    }

    fn describe(&self, language: &Language) -> String {
        format!(
            "arbitrage on {} summing to {}",
            self.targets.describe(language),
            self.total
        )
    }
}

/// The convergence trader of the paper's §6.1: holds between 0 and 1
/// share of `φ`, buying up to a full share while `P(φ) < low` and selling
/// it while `P(φ) > high` (through `Ind_δ`). Each round trip gains at least
/// `high − low − 2δ`, so prices that keep crossing both thresholds would
/// make it rich: against it, prices must settle.
#[derive(Clone, Debug)]
pub struct ConvergenceTrader {
    sentence: Sentence,
    low: f64,
    high: f64,
    delta: f64,
    holding: f64,
}

impl ConvergenceTrader {
    /// Buys below `low`, sells above `high` (`0 ≤ low < high ≤ 1`), with
    /// indicator width `delta > 0`.
    pub fn new(sentence: Sentence, low: f64, high: f64, delta: f64) -> Result<Self> {
        crate::error::check_probability("low threshold", low)?;
        crate::error::check_probability("high threshold", high)?;
        if low >= high {
            return Err(Error::InvalidParameter {
                what: "high threshold",
                expected: "greater than the low threshold",
                value: high,
            });
        }
        check_width(delta)?;
        Ok(Self {
            sentence,
            low,
            high,
            delta,
            holding: 0.0,
        })
    }

    /// Shares of `φ` held now.
    #[must_use]
    pub fn holding(&self) -> f64 {
        self.holding
    }
}

impl Trader for ConvergenceTrader {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
        let f = &mut *day.features;
        let p = f.price(self.sentence);
        let low = f.constant(self.low);
        let high = f.constant(self.high);
        let cheap = f.indicator(low, p, self.delta)?;
        let dear = f.indicator(p, high, self.delta)?;
        let buy = f.scale(cheap, 1.0 - self.holding);
        let sell = f.scale(dear, self.holding);
        let shares = f.sub(buy, sell);
        day.buy(self.sentence, shares);
        Ok(())
    }

    fn executed(&mut self, _day: u64, trades: &[(Sentence, f64)]) {
        for &(s, shares) in trades {
            if s == self.sentence {
                self.holding = (self.holding + shares).clamp(0.0, 1.0);
            }
        }
    }

    fn describe(&self, language: &Language) -> String {
        format!(
            "convergence on {}: buy below {}, sell above {} (holds {:.3})",
            language.display(self.sentence),
            self.low,
            self.high,
            self.holding
        )
    }
}

/// Keeps undecided sentences away from 0 and 1: buys up to a share of each
/// target priced below `floor` and sells up to a share of each priced above
/// `1 − floor` (through `Ind_δ`), until the sentence is decided. Against
/// it a market cannot stay dogmatic about a sentence that might be true
/// (Theorem 4.6.2).
#[derive(Clone, Debug)]
pub struct NonDogmatist {
    targets: Targets,
    floor: f64,
    delta: f64,
}

impl NonDogmatist {
    /// Trades the targets when their price is within `floor` of 0 or 1
    /// (`0 < floor < 1/2`), with indicator width `delta > 0`.
    pub fn new(targets: Targets, floor: f64, delta: f64) -> Result<Self> {
        if !(floor > 0.0 && floor < 0.5) {
            return Err(Error::InvalidParameter {
                what: "non-dogmatism floor",
                expected: "in (0, 1/2)",
                value: floor,
            });
        }
        check_width(delta)?;
        Ok(Self {
            targets,
            floor,
            delta,
        })
    }
}

impl Trader for NonDogmatist {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
        for s in self.targets.on(day)? {
            if day.decided(s)?.is_some() {
                continue;
            }
            let f = &mut *day.features;
            let p = f.price(s);
            let floor = f.constant(self.floor);
            let ceiling = f.constant(1.0 - self.floor);
            let cheap = f.indicator(floor, p, self.delta)?;
            let dear = f.indicator(p, ceiling, self.delta)?;
            let shares = f.sub(cheap, dear);
            day.buy(s, shares);
        }
        Ok(())
    }

    fn describe(&self, language: &Language) -> String {
        format!(
            "non-dogmatism at {} on {}",
            self.floor,
            self.targets.describe(language)
        )
    }
}

/// Any [`Predictor`] as a trader on a sequence: it is fed the bits as they
/// are revealed and buys `clip(s·(p − P(b_t)), −1, 1)` shares of the next
/// bit `b_t`, where `p` is its prediction.
///
/// ```
/// use inductive::market::{LogicalInductor, PredictorTrader};
/// use inductive::prelude::*;
///
/// let mut li = LogicalInductor::new(vec![
///     Box::new(PredictorTrader::new(Kt::new(), 10.0)?),
///     Box::new(PredictorTrader::new(Ctw::new(4)?, 10.0)?),
/// ])?;
/// let bits = [true, false].repeat(20);
/// let code_length = li.observe(&bits);
/// assert!(code_length < 40.0);
/// # Ok::<(), inductive::Error>(())
/// ```
///
/// A [`Conditional`] predictor can also read the bits the market holds
/// without pricing them ([`PredictorTrader::conditional`]): a logical
/// inductor whose traders are world models of an agent.
#[derive(Clone, Debug)]
pub struct PredictorTrader<P> {
    predictor: P,
    fed: u64,
    /// Held bits read so far, and how to read one (`None`: this trader
    /// sees only the priced bits).
    held_fed: usize,
    condition: Option<fn(&mut P, bool)>,
    steepness: f64,
    name: String,
}

impl<P: Predictor + fmt::Debug> PredictorTrader<P> {
    /// Trades the next bit toward `predictor`'s probability with slope
    /// `steepness`.
    pub fn new(predictor: P, steepness: f64) -> Result<Self> {
        let name = format!("{predictor:?}");
        let name = name
            .split(['{', '(', ' '])
            .next()
            .unwrap_or("predictor")
            .to_string();
        Ok(Self {
            predictor,
            fed: 0,
            held_fed: 0,
            condition: None,
            steepness: check_steepness(steepness)?,
            name,
        })
    }

    /// As [`new`](Self::new), and the predictor is also conditioned on the
    /// bits the market holds without pricing them, each in its place in
    /// the sequence ([`Market::hold_bit`](super::Market::hold_bit)).
    pub fn conditional(predictor: P, steepness: f64) -> Result<Self>
    where
        P: Conditional,
    {
        let mut trader = Self::new(predictor, steepness)?;
        trader.condition = Some(|p: &mut P, bit| p.condition(bit));
        Ok(trader)
    }

    /// Names the trader in [`Trader::describe`].
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The predictor, fed every revealed bit so far.
    pub fn predictor(&self) -> &P {
        &self.predictor
    }
}

impl<P: Predictor + Clone + fmt::Debug + Send> Trader for PredictorTrader<P> {
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
        loop {
            if let Some(condition) = self.condition {
                // Held bits come just before the sequence bit they name.
                while let Some(&(t, bit)) = day.held_bits().get(self.held_fed) {
                    if t > self.fed {
                        break;
                    }
                    condition(&mut self.predictor, bit);
                    self.held_fed += 1;
                }
            }
            if self.fed >= day.next_bit() {
                break;
            }
            let Some(bit) = day.revealed_bit(self.fed) else {
                break;
            };
            self.predictor.update(bit);
            self.fed += 1;
        }
        let belief = self.predictor.predict();
        if crate::status::valid_probability(belief).is_none() {
            return Err(crate::status::contract_violation(
                format!("the predictor of trader {}", self.name),
                belief,
            ));
        }
        let s = day.language.bit(self.fed);
        let shares = day.features.toward(s, belief, self.steepness);
        day.buy(s, shares);
        Ok(())
    }

    fn describe(&self, _language: &Language) -> String {
        format!("{} (predicts {:.4})", self.name, self.predictor.predict())
    }
}
