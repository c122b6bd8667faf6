//! Expressible features, traders, and the standard trader library. The design is documented in [`crate::market`].

use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::history::PriceHistory;
use super::knowledge::Knowledge;
use super::language::{Language, Sentence};
use crate::error::{Error, Result};
use crate::predictor::Conditional;
use crate::predictor::Predictor;

/// A handle to a feature in a [`Features`] arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Feature(u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Node {
    /// A constant, by its bits (so nodes hash).
    Const(u64),
    /// Today's price of the sentence in this price slot.
    Price(u32),
    Add(Feature, Feature),
    Mul(Feature, Feature),
    Max(Feature, Feature),
    /// `1 / max(1, x)`.
    SafeRecip(Feature),
}

/// An arena of expressible features over today's prices, with sharing.
///
/// ```
/// use inductive::market::{Features, Language};
///
/// let mut lang = Language::new();
/// let phi = lang.atom("phi")?;
/// let mut f = Features::new();
/// // clip(10·(0.3 − P(φ)), −1, 1): buy toward a price of 0.3.
/// let p = f.price(phi);
/// let gap = f.sub_from(0.3, p);
/// let steep = f.scale(gap, 10.0);
/// let shares = f.clip(steep, -1.0, 1.0);
/// assert_eq!(f.bounds(shares), (-1.0, 1.0));
/// let values = f.evaluate_with(|_| 0.25);
/// assert!((values[shares.index()] - 0.5).abs() < 1e-12);
/// # Ok::<(), inductive::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Features {
    nodes: Vec<Node>,
    bounds: Vec<(f64, f64)>,
    index: FxHashMap<Node, Feature>,
    price_sentences: Vec<Sentence>,
    price_slots: FxHashMap<Sentence, u32>,
}

impl Feature {
    /// The feature's index in its arena (and in the values
    /// [`Features::evaluate`] returns).
    #[must_use]
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl Features {
    /// An empty arena.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the arena (keeping its memory) for a new day.
    pub fn clear(&mut self) {
        self.nodes.clear();
        self.bounds.clear();
        self.index.clear();
        self.price_sentences.clear();
        self.price_slots.clear();
    }

    /// Number of distinct features.
    #[must_use]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True if no feature has been built.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The sentences whose prices the features read, in slot order.
    #[must_use]
    pub fn priced_sentences(&self) -> &[Sentence] {
        &self.price_sentences
    }

    fn push(&mut self, node: Node, bound: (f64, f64)) -> Feature {
        if let Some(&f) = self.index.get(&node) {
            return f;
        }
        let f = Feature(u32::try_from(self.nodes.len()).expect("more than 2^32 features in a day"));
        self.nodes.push(node);
        self.bounds.push(bound);
        self.index.insert(node, f);
        f
    }

    fn constant_value(&self, f: Feature) -> Option<f64> {
        match self.nodes[f.index()] {
            Node::Const(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }

    /// The constant `c`. A constant that is not finite makes every feature
    /// built on it unbounded, which the market refuses with
    /// [`Error::NonFinite`].
    pub fn constant(&mut self, c: f64) -> Feature {
        // Normalise -0.0 so equal constants share a node.
        let c = if c == 0.0 { 0.0 } else { c };
        self.push(Node::Const(c.to_bits()), (c, c))
    }

    /// Today's price of `sentence` (`0` if nobody trades it today).
    pub fn price(&mut self, sentence: Sentence) -> Feature {
        let next = u32::try_from(self.price_sentences.len()).expect("more than 2^32 prices");
        let slot = *self.price_slots.entry(sentence).or_insert(next);
        if slot == next {
            self.price_sentences.push(sentence);
        }
        self.push(Node::Price(slot), (0.0, 1.0))
    }

    /// `a + b`.
    pub fn add(&mut self, a: Feature, b: Feature) -> Feature {
        if let (Some(x), Some(y)) = (self.constant_value(a), self.constant_value(b)) {
            return self.constant(x + y);
        }
        let (a, b) = (a.min(b), a.max(b));
        let (la, ha) = self.bounds[a.index()];
        let (lb, hb) = self.bounds[b.index()];
        self.push(Node::Add(a, b), (la + lb, ha + hb))
    }

    /// `a × b`.
    pub fn mul(&mut self, a: Feature, b: Feature) -> Feature {
        if let (Some(x), Some(y)) = (self.constant_value(a), self.constant_value(b)) {
            return self.constant(x * y);
        }
        let (a, b) = (a.min(b), a.max(b));
        let (la, ha) = self.bounds[a.index()];
        let (lb, hb) = self.bounds[b.index()];
        let products = [la * lb, la * hb, ha * lb, ha * hb];
        let lo = products.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = products.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        // 0 × ∞ is NaN: an unbounded operand makes the product unbounded.
        let bound = if products.iter().any(|p| p.is_nan()) {
            (f64::NEG_INFINITY, f64::INFINITY)
        } else {
            (lo, hi)
        };
        self.push(Node::Mul(a, b), bound)
    }

    /// `max(a, b)`.
    pub fn max(&mut self, a: Feature, b: Feature) -> Feature {
        if let (Some(x), Some(y)) = (self.constant_value(a), self.constant_value(b)) {
            return self.constant(x.max(y));
        }
        let (a, b) = (a.min(b), a.max(b));
        let (la, ha) = self.bounds[a.index()];
        let (lb, hb) = self.bounds[b.index()];
        self.push(Node::Max(a, b), (la.max(lb), ha.max(hb)))
    }

    /// The safe reciprocal `1 / max(1, a)`.
    pub fn safe_recip(&mut self, a: Feature) -> Feature {
        let f = |x: f64| 1.0 / x.max(1.0);
        if let Some(x) = self.constant_value(a) {
            return self.constant(f(x));
        }
        let (lo, hi) = self.bounds[a.index()];
        self.push(Node::SafeRecip(a), (f(hi), f(lo)))
    }

    /// `c × a`.
    pub fn scale(&mut self, a: Feature, c: f64) -> Feature {
        let c = self.constant(c);
        self.mul(c, a)
    }

    /// `a + c`.
    pub fn offset(&mut self, a: Feature, c: f64) -> Feature {
        let c = self.constant(c);
        self.add(a, c)
    }

    /// `−a`.
    pub fn neg(&mut self, a: Feature) -> Feature {
        self.scale(a, -1.0)
    }

    /// `a − b`.
    pub fn sub(&mut self, a: Feature, b: Feature) -> Feature {
        let minus_b = self.neg(b);
        self.add(a, minus_b)
    }

    /// `c − a`.
    pub fn sub_from(&mut self, c: f64, a: Feature) -> Feature {
        let minus_a = self.neg(a);
        self.offset(minus_a, c)
    }

    /// `min(a, b) = −max(−a, −b)`.
    pub fn min(&mut self, a: Feature, b: Feature) -> Feature {
        let (na, nb) = (self.neg(a), self.neg(b));
        let m = self.max(na, nb);
        self.neg(m)
    }

    /// `|a| = max(a, −a)`.
    pub fn abs(&mut self, a: Feature) -> Feature {
        let na = self.neg(a);
        self.max(a, na)
    }

    /// `min(hi, max(lo, a))`.
    pub fn clip(&mut self, a: Feature, lo: f64, hi: f64) -> Feature {
        let lo = self.constant(lo);
        let hi = self.constant(hi);
        let above = self.max(a, lo);
        self.min(above, hi)
    }

    /// `a / b` for a `b` known to be at least `floor > 0`, written
    /// `a · (1/floor) · 1/max(1, b/floor)` so it stays expressible (and
    /// continuous even where `b` dips below `floor`).
    pub fn div(&mut self, a: Feature, b: Feature, floor: f64) -> Result<Feature> {
        if !(floor > 0.0 && floor.is_finite()) {
            return Err(Error::InvalidParameter {
                what: "division floor",
                expected: "finite and greater than 0",
                value: floor,
            });
        }
        let scaled = self.scale(b, 1.0 / floor);
        let recip = self.safe_recip(scaled);
        let quotient = self.mul(a, recip);
        Ok(self.scale(quotient, 1.0 / floor))
    }

    /// The continuous indicator `Ind_δ(a > b) = min(1, max(0, (a − b)/δ))`.
    pub fn indicator(&mut self, a: Feature, b: Feature, delta: f64) -> Result<Feature> {
        if !(delta > 0.0 && delta.is_finite()) {
            return Err(Error::InvalidParameter {
                what: "indicator width δ",
                expected: "finite and greater than 0",
                value: delta,
            });
        }
        let gap = self.sub(a, b);
        let steep = self.scale(gap, 1.0 / delta);
        Ok(self.clip(steep, 0.0, 1.0))
    }

    /// `clip(s·(target − P(φ)), −1, 1)`: shares that push the price of `φ`
    /// toward `target` with slope `s`, at most one share either way.
    pub fn toward(&mut self, sentence: Sentence, target: f64, steepness: f64) -> Feature {
        let p = self.price(sentence);
        let gap = self.sub_from(target, p);
        let steep = self.scale(gap, steepness);
        self.clip(steep, -1.0, 1.0)
    }

    /// Sound bounds of a feature over every price vector in `[0, 1]^n`.
    #[must_use]
    pub fn bounds(&self, f: Feature) -> (f64, f64) {
        self.bounds[f.index()]
    }

    /// Values of every feature at the prices in `prices` (one per price
    /// slot, in [`priced_sentences`](Self::priced_sentences) order),
    /// written into `out`, indexed by [`Feature::index`].
    pub fn evaluate(&self, prices: &[f64], out: &mut Vec<f64>) {
        out.clear();
        out.reserve(self.nodes.len());
        for node in &self.nodes {
            let v = match *node {
                Node::Const(bits) => f64::from_bits(bits),
                Node::Price(slot) => prices[slot as usize],
                Node::Add(a, b) => out[a.index()] + out[b.index()],
                Node::Mul(a, b) => out[a.index()] * out[b.index()],
                Node::Max(a, b) => out[a.index()].max(out[b.index()]),
                Node::SafeRecip(a) => 1.0 / out[a.index()].max(1.0),
            };
            out.push(v);
        }
    }

    /// Values of every feature when each sentence's price is `price(φ)`.
    pub fn evaluate_with(&self, mut price: impl FnMut(Sentence) -> f64) -> Vec<f64> {
        let prices: Vec<f64> = self.price_sentences.iter().map(|&s| price(s)).collect();
        let mut out = Vec::new();
        self.evaluate(&prices, &mut out);
        out
    }

    /// The feature written out, with prices as `P(φ)`.
    #[must_use]
    pub fn display<'a>(&'a self, f: Feature, lang: &'a Language) -> impl fmt::Display + 'a {
        FeatureDisplay {
            features: self,
            lang,
            f,
        }
    }
}

struct FeatureDisplay<'a> {
    features: &'a Features,
    lang: &'a Language,
    f: Feature,
}

impl fmt::Display for FeatureDisplay<'_> {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sub = |f| FeatureDisplay {
            features: self.features,
            lang: self.lang,
            f,
        };
        match self.features.nodes[self.f.index()] {
            Node::Const(bits) => write!(out, "{}", f64::from_bits(bits)),
            Node::Price(slot) => {
                let s = self.features.price_sentences[slot as usize];
                write!(out, "P({})", self.lang.display(s))
            }
            Node::Add(a, b) => write!(out, "({} + {})", sub(a), sub(b)),
            Node::Mul(a, b) => write!(out, "{}·{}", sub(a), sub(b)),
            Node::Max(a, b) => write!(out, "max({}, {})", sub(a), sub(b)),
            Node::SafeRecip(a) => write!(out, "1/max(1, {})", sub(a)),
        }
    }
}

/// Everything a trader may look at on a day, and where it puts its orders.
#[derive(Debug)]
pub struct TradingDay<'a> {
    pub(crate) day: u64,
    pub(crate) language: &'a mut Language,
    pub(crate) knowledge: &'a Knowledge,
    pub(crate) history: &'a PriceHistory,
    pub(crate) features: &'a mut Features,
    pub(crate) orders: Vec<(Sentence, Feature)>,
    pub(crate) next_bit: u64,
    pub(crate) held: &'a [(u64, bool)],
}

impl<'a> TradingDay<'a> {
    /// The market day, from 1.
    #[must_use]
    pub fn day(&self) -> u64 {
        self.day
    }

    /// The market's language, to name sentences.
    pub fn language(&mut self) -> &mut Language {
        self.language
    }

    /// The sentences known true today (`D_n`).
    #[must_use]
    pub fn knowledge(&self) -> &Knowledge {
        self.knowledge
    }

    /// Prices of earlier days.
    #[must_use]
    pub fn history(&self) -> &PriceHistory {
        self.history
    }

    /// Today's feature arena, to build strategies in.
    pub fn features(&mut self) -> &mut Features {
        self.features
    }

    /// Today's price of `sentence`, as a feature.
    pub fn price(&mut self, sentence: Sentence) -> Feature {
        self.features.price(sentence)
    }

    /// The index of the first sequence bit not yet revealed (bits `b0`,
    /// `b1`, … revealed as literals, in order): the bit a sequence
    /// predictor should trade today.
    #[must_use]
    pub fn next_bit(&self) -> u64 {
        self.next_bit
    }

    /// The bits the sequence holds without pricing them, in order: `(t,
    /// bit)` came just before sequence bit `t` (see [`Market::hold_bit`]).
    ///
    /// [`Market::hold_bit`]: super::Market::hold_bit
    #[must_use]
    pub fn held_bits(&self) -> &[(u64, bool)] {
        self.held
    }

    /// The value of sequence bit `t`, if it has been revealed.
    #[must_use]
    pub fn revealed_bit(&self, t: u64) -> Option<bool> {
        let atom = self.language.find_bit(t)?;
        self.knowledge.fixed(atom)
    }

    /// Whether `sentence` is decided by what is known today.
    pub fn decided(&self, sentence: Sentence) -> Result<Option<bool>> {
        self.knowledge.decided(self.language, sentence)
    }

    /// Buys `shares` shares of `sentence` (sells if negative). Orders on the
    /// same sentence add up.
    pub fn buy(&mut self, sentence: Sentence, shares: Feature) {
        self.orders.push((sentence, shares));
    }
}

/// A trader: each day, a strategy over today's prices.
///
/// Implement [`trade`](Trader::trade) to place orders through the
/// [`TradingDay`]; the market calls [`executed`](Trader::executed) with
/// the shares actually bought once prices are set (the trader's own,
/// unbudgeted trade), so traders that track a position need not recompute
/// it. Traders are cloned with the market (clone is fork).
///
/// ```
/// use inductive::market::{Market, Trader, TradingDay, Language};
/// use inductive::Result;
///
/// /// Buys one share of `A` whatever it costs.
/// #[derive(Clone, Debug)]
/// struct Bull;
///
/// impl Trader for Bull {
///     fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()> {
///         let a = day.language().atom("A")?;
///         let one = day.features().constant(1.0);
///         day.buy(a, one);
///         Ok(())
///     }
///     fn describe(&self, _: &Language) -> String {
///         "buys A at any price".into()
///     }
/// }
///
/// let mut market = Market::new();
/// market.add_trader(Bull);
/// market.step()?;
/// let a = market.language_mut().atom("A")?;
/// assert_eq!(market.price(a), Some(1.0)); // a constant buyer drives the price to 1
/// # Ok::<(), inductive::Error>(())
/// ```
pub trait Trader: dyn_clone::DynClone + fmt::Debug + Send {
    /// Places today's orders.
    fn trade(&mut self, day: &mut TradingDay<'_>) -> Result<()>;

    /// The shares of each sentence this trader bought on `day` at the
    /// day's prices (before budgeting).
    fn executed(&mut self, day: u64, trades: &[(Sentence, f64)]) {
        let _ = (day, trades);
    }

    /// One line on what the trader does.
    fn describe(&self, language: &Language) -> String;
}

dyn_clone::clone_trait_object!(Trader);

type DailyFn = dyn Fn(u64, &mut Language) -> Result<Vec<Sentence>> + Send + Sync;

/// Which sentences a trader (or a deductive process) deals with each day.
#[derive(Clone)]
pub struct Targets(TargetsKind);

#[derive(Clone)]
enum TargetsKind {
    Fixed(Vec<Sentence>),
    NextBit,
    Daily(Arc<DailyFn>),
}

impl fmt::Debug for Targets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            TargetsKind::Fixed(s) => f.debug_tuple("Targets::fixed").field(s).finish(),
            TargetsKind::NextBit => f.write_str("Targets::next_bit"),
            TargetsKind::Daily(_) => f.write_str("Targets::daily(..)"),
        }
    }
}

impl Targets {
    /// The same sentences every day.
    #[must_use]
    pub fn fixed(sentences: Vec<Sentence>) -> Self {
        Self(TargetsKind::Fixed(sentences))
    }

    /// The next unrevealed bit of the sequence ([`TradingDay::next_bit`]).
    #[must_use]
    pub fn next_bit() -> Self {
        Self(TargetsKind::NextBit)
    }

    /// Sentences named afresh each day by `f(day, language)`, such as "the
    /// `day`-th digit of π is 7".
    pub fn daily(
        f: impl Fn(u64, &mut Language) -> Result<Vec<Sentence>> + Send + Sync + 'static,
    ) -> Self {
        Self(TargetsKind::Daily(Arc::new(f)))
    }

    /// The sentences for `day`.
    pub fn resolve(
        &self,
        day: u64,
        language: &mut Language,
        next_bit: u64,
    ) -> Result<Vec<Sentence>> {
        match &self.0 {
            TargetsKind::Fixed(s) => Ok(s.clone()),
            TargetsKind::NextBit => Ok(vec![language.bit(next_bit)]),
            TargetsKind::Daily(f) => f(day, language),
        }
    }

    fn describe(&self, language: &Language) -> String {
        match &self.0 {
            TargetsKind::Fixed(s) => {
                let names: Vec<String> =
                    s.iter().map(|&x| language.display(x).to_string()).collect();
                names.join(", ")
            }
            TargetsKind::NextBit => "the next bit".into(),
            TargetsKind::Daily(_) => "each day's sentences".into(),
        }
    }

    fn on(&self, day: &mut TradingDay<'_>) -> Result<Vec<Sentence>> {
        let (d, next) = (day.day, day.next_bit);
        self.resolve(d, day.language, next)
    }
}

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
        if crate::predictor::valid_probability(belief).is_none() {
            return Err(crate::predictor::contract_violation(
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
